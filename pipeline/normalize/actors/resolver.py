"""The actor resolver: the facade that finds a sentence's actor mentions.

It composes the gazetteer, the phrase parser, resolution and the article's memory, each in its
own module.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

from pipeline.normalize.actors.entries import AgencyForm, Atom
from pipeline.normalize.actors.gazetteer import Gazetteer
from pipeline.normalize.actors.leaders import LeaderTable
from pipeline.normalize.actors.memory import ArticleActors
from pipeline.normalize.actors.model import Actor, ActorSpan
from pipeline.normalize.actors.names import after_given_name, person_starts
from pipeline.normalize.actors.phrases import FORMER_WORDS, Phrase, PhraseParser
from pipeline.normalize.actors.resolution import PhraseResolver
from pipeline.normalize.actors.tokens import Tokens, tokenise
from pipeline.reference.actors import ActorReference, NewsAgency, load_actor_reference


class ActorResolver:
    """Finds actor mentions in sentences with a longest-match gazetteer built once.

    Args:
        reference: The validated actor tables.
    """

    def __init__(self, reference: ActorReference) -> None:
        leaders = LeaderTable(reference)
        self._gazetteer = Gazetteer(reference, leaders.forms)
        self._parser = PhraseParser(leaders)
        self._resolution = PhraseResolver(reference, leaders)

    def find(
        self,
        text: str,
        *,
        when: dt.date,
        memory: ArticleActors,
        person_spans: Sequence[tuple[int, int]] = (),
    ) -> list[ActorSpan]:
        """Find every actor mention in a sentence, non-overlapping, longest match first.

        A mention is a whole phrase: optional country word or possessive, optional institution
        or titles, optional person name ("Russian President Vladimir Putin" is one span).
        Coordinated country words each get a span sharing the head ("Hungarian and Romanian
        officials"). Persons are remembered in `memory` for later sentences.

        Args:
            text: One sentence (or headline).
            when: Publication date, to pick officeholders from the leaders table.
            memory: The article's memory, updated in place.
            person_spans: Character spans of PERSON entities from an NER model, if any; they
                delimit names after titles and keep country words inside names from counting.

        Returns:
            Spans in text order, offsets relative to `text`.
        """
        tokens = tokenise(text)
        if not tokens.text:
            return []
        atoms = self._gazetteer.atoms(tokens, person_spans)
        name_starts = person_starts(tokens, person_spans)
        spans: list[ActorSpan] = []
        index = 0
        count = len(tokens)
        while index < count:
            atom = atoms.get(index)
            if atom is None:
                matched = _remembered_name(tokens, index, atoms, memory)
                if matched is None:
                    index += 1
                    continue
                end, actor = matched
                spans.append(_span(text, tokens, index, end, actor))
                memory.remember(actor)
                index = end
                continue
            if isinstance(atom.entry, AgencyForm):
                spans.append(_agency_span(text, tokens, atom, atom.entry.agency))
                index = atom.last
                continue
            phrase = self._parser.parse(
                tokens,
                atoms,
                index,
                person_spans=person_spans,
                name_starts=name_starts,
                memory=memory,
            )
            spans.extend(self._emit(text, tokens, phrase, when, memory))
            index = max(phrase.last, index + 1)
        return spans

    def _emit(
        self,
        text: str,
        tokens: Tokens,
        phrase: Phrase,
        when: dt.date,
        memory: ArticleActors,
    ) -> list[ActorSpan]:
        head_mod = phrase.mods[-1] if phrase.mods else None
        actor, names = self._resolution.resolve(phrase, head_mod, when, memory)
        spans: list[ActorSpan] = []
        for mod in _split_coordination(phrase.mods):
            shared = self._resolution.resolve(phrase, mod, when, memory, name_allowed=False)[0]
            if shared is not None:
                spans.append(_span(text, tokens, mod.first, mod.last, shared))
                memory.remember(shared)
        if actor is None:
            return spans
        first = head_mod.first if head_mod is not None and len(phrase.mods) > 1 else phrase.first
        if phrase.former and first > 0 and tokens.lower[first - 1] in FORMER_WORDS:
            first -= 1
        spans.append(_span(text, tokens, first, phrase.last, actor))
        memory.remember(actor, names)
        return spans


def _remembered_name(
    tokens: Tokens,
    index: int,
    atoms: dict[int, Atom],
    memory: ArticleActors,
) -> tuple[int, Actor] | None:
    """A name remembered from an earlier sentence, standing alone ("Mohamud said")."""
    if not tokens.is_capitalised(index):
        return None
    if not tokens.title_case and after_given_name(tokens, atoms, index):
        return None
    matched = memory.match_at(tokens.text, index)
    if matched is None:
        return None
    end, actor = matched
    if any(index < start < end for start in atoms):
        return None
    return end, actor


def _split_coordination(mods: Sequence[Atom]) -> list[Atom]:
    """The coordinated country words that get a span of their own before the phrase's head.

    In "Hungarian and Romanian officials" the head "officials" follows the last word; the
    earlier ones ("Hungarian") share its sector and role but are spanned alone.

    Args:
        mods: The country or IGO words of one phrase, in text order.

    Returns:
        All but the last.
    """
    return list(mods[:-1])


def _span(text: str, tokens: Tokens, first: int, last: int, actor: Actor) -> ActorSpan:
    start, end = tokens.start[first], tokens.end[last - 1]
    return ActorSpan(char_start=start, char_end=end, text=text[start:end], actor=actor)


def _agency_span(text: str, tokens: Tokens, atom: Atom, agency: NewsAgency) -> ActorSpan:
    actor = Actor(
        name=agency.name,
        country=None,
        org=None,
        sector="MED",
        role="news_agency",
        person=None,
        resolution="institution",
        is_news_source=True,
    )
    return _span(text, tokens, atom.first, atom.last, actor)


@functools.cache
def default_actor_resolver() -> ActorResolver:
    """The resolver over the shipped reference data, built once per process.

    Returns:
        A shared `ActorResolver`.
    """
    return ActorResolver(load_actor_reference())
