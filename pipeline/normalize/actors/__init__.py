"""Find political actor mentions in a sentence and resolve them to country, org, sector and role.

The package splits the work by concern; callers import from here:

- `model`: `Actor`, `ActorSpan` and the `Resolution` labels.
- `tokens`: a sentence's tokens with character offsets.
- `entries`, `gazetteer`: what a run of tokens names, and the longest-match tries over the
  reference tables.
- `countries`: when a country name, demonym, capital or metonym names an actor.
- `names`, `leaders`: personal names, and the leaders table by name and date.
- `phrases`: the parts of one actor phrase ("Russia's former president Dmitry Medvedev").
- `resolution`: a parsed phrase to an actor.
- `memory`: `ArticleActors`, the article's coreference memory.
- `resolver`: `ActorResolver`, which composes them, and `default_actor_resolver`.
"""

from pipeline.normalize.actors.memory import ArticleActors
from pipeline.normalize.actors.model import Actor, ActorSpan, CountryVia, Resolution
from pipeline.normalize.actors.resolver import ActorResolver, default_actor_resolver

__all__ = [
    "Actor",
    "ActorResolver",
    "ActorSpan",
    "ArticleActors",
    "CountryVia",
    "Resolution",
    "default_actor_resolver",
]
