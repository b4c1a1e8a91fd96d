"""Who a noun phrase of a sentence names: its actor spans, lists, groups, places and pronouns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Span, Token

from pipeline.coding import pronouns
from pipeline.coding.discourse import ArticleDiscourse, actor_identity
from pipeline.coding.participant import Participant, unique
from pipeline.coding.pronouns import (
    COLLECTIVE_PRONOUNS,
    PERSON_PRONOUNS,
    RELATIVE_PRONOUNS,
)
from pipeline.normalize.actors import Actor, ActorSpan
from pipeline.normalize.places import Place, PlaceResolver
from pipeline.reference.triggers import TriggerLexicon

#: Nouns of a relation between two parties: "the neighbours" are the last two named.
PAIR_NOUNS = frozenset({"neighbour", "neighbor", "side"})
#: Head nouns of a newswriter's epithet for a state named before ("the island nation").
STATE_EPITHET_NOUNS = frozenset({"nation", "country", "state", "kingdom", "republic", "emirate"})


class NounPhrases:
    """The actor spans of one sentence, addressable by token, plus the article's discourse.

    Answers who a noun phrase names; `pipeline.coding.arguments.SentenceActors` builds the
    arguments of triggers on it, and `pipeline.coding.pronouns` resolves its pronouns.
    """

    """The actor spans of one sentence, addressable by token, plus the article's discourse."""

    def __init__(
        self,
        sentence: Span,
        spans: Sequence[ActorSpan],
        discourse: ArticleDiscourse,
        lexicon: TriggerLexicon,
        places: PlaceResolver | None = None,
    ) -> None:
        self.sentence = sentence
        self.discourse = discourse
        self.lexicon = lexicon
        self.places = places
        # Only actors with a state or an organisation can be coded; "the embassy" alone cannot,
        # unless the article named the same role with its country before ("the ambassador").
        self.spans = [
            resolved
            for s in spans
            if not s.actor.is_news_source
            and (resolved := self._with_country(s, discourse)) is not None
        ]
        self._by_token: dict[int, ActorSpan] = {}
        # Pronouns being resolved: "they will retaliate, they said" makes each "they" the
        # other's speaker, and without this the look-up would never end.
        self._resolving: set[int] = set()
        base = sentence.start_char
        for actor_span in self.spans:
            char_span = sentence.doc.char_span(
                base + actor_span.char_start, base + actor_span.char_end, alignment_mode="expand"
            )
            if char_span is None:
                continue
            for token in char_span:
                self._by_token.setdefault(token.i, actor_span)

    @staticmethod
    def _with_country(actor_span: ActorSpan, discourse: ArticleDiscourse) -> ActorSpan | None:
        actor = actor_span.actor
        if actor.country is not None or actor.org is not None:
            return actor_span
        earlier = discourse.last_with_role(actor.role) if actor.role else None
        if earlier is None:
            return None
        return ActorSpan(
            char_start=actor_span.char_start,
            char_end=actor_span.char_end,
            text=actor_span.text,
            actor=replace(earlier, resolution="coreference"),
        )

    def at(self, token: Token) -> ActorSpan | None:
        """The actor span covering a token, if any."""
        return self._by_token.get(token.i)

    def within(self, start: int, end: int) -> list[ActorSpan]:
        """Distinct actor spans that cover tokens `start` to `end` (inclusive), in order."""
        found: list[ActorSpan] = []
        for i in range(start, end + 1):
            actor_span = self._by_token.get(i)
            if actor_span is not None and actor_span not in found:
                found.append(actor_span)
        return found

    # -- participants of a noun phrase ---------------------------------------------------------

    def participants(self, token: Token, via: str = "direct") -> list[Participant]:
        """Actors a noun phrase headed by `token` refers to, its conjuncts included."""
        found = self._head_participants(token, via)
        for conjunct in token.conjuncts:
            # "a provider sanctioned by the US and which ...": a relative pronoun the parser
            # coordinated with the noun is the noun itself, no further party
            if conjunct.i > token.i and conjunct.lower_ not in RELATIVE_PRONOUNS:
                found.extend(self._head_participants(conjunct, "coordination"))
        for child in token.children:
            if child.dep_ == "appos":
                # "Kenya's president, X, and Uganda's president, Y": the parser hangs the
                # second party under the first one's apposition.
                for conjunct in child.conjuncts:
                    if conjunct.i > child.i and conjunct.pos_ in ("NOUN", "PROPN"):
                        found.extend(self._head_participants(conjunct, "coordination"))
        return unique(found)

    def _head_participants(self, token: Token, via: str) -> list[Participant]:
        lower = token.lower_
        if token.pos_ == "PRON" or lower in PERSON_PRONOUNS | COLLECTIVE_PRONOUNS:
            return self.resolve_pronoun(token)
        if self._is_plural_reference(token):
            return [Participant(a, t, "plural") for a, t in self.discourse.last_two_parties()]
        if self._is_state_epithet(token):
            named_here = {s.actor.country for s in self._by_token.values()}
            earlier = self.discourse.last_country(exclude=named_here)
            return [Participant(earlier[0], earlier[1], "pronoun")] if earlier else []
        covering = self.at(token)
        if covering is not None and covering.actor.resolution == "demonym" and token.tag_ == "NNPS":
            # "the Albanians of southern Serbia", "Somalis in Kenya": a people named by where
            # they live belongs to that state, as two-word communities do ("Bosnian Serbs")
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ in ("of", "in"):
                    for place in self.within(prep.i, prep.right_edge.i):
                        if place.actor.country not in (None, "IGO", covering.actor.country):
                            return [self._group(token, place.actor.country, "CVL")]
        if covering is not None:
            # "French and Egyptian warships", "US and British forces": every coordinated
            # modifier names a party of its own.
            shared = [
                Participant(span.actor, span.text, "coordination")
                for child in token.children
                if child.dep_ in ("amod", "compound", "nmod")
                and child.i < token.i
                and child.conjuncts
                for conjunct in (child, *child.conjuncts)
                if (span := self.at(conjunct)) is not None and span is not covering
            ]
            # "the presidents of Kenya and Uganda", "representatives of A, B and C": the
            # actor took the first country into its name; the others are listed after it.
            listed = [
                Participant(span.actor, span.text, "coordination")
                for prep in token.children
                if prep.dep_ == "prep" and prep.lower_ == "of"
                for pobj in prep.children
                if pobj.dep_ == "pobj"
                for conjunct in pobj.conjuncts
                if (span := self.at(conjunct)) is not None and span is not covering
            ]
            return unique([Participant(covering.actor, covering.text, via), *shared, *listed])
        for child in token.children:
            if child.dep_ == "appos":  # "its neighbour Colombia"
                # with the apposition's own list: "presidents X (Zambia) and Y (Malawi)"
                named = self.participants(child, via)
                if named:
                    return named
        # Modifiers before the head: "the Chinese ambassador" when only "Chinese" resolved,
        # "its European Community partners" (the partners are the EC, not "its" owner).
        before = self.within(token.left_edge.i, token.i)
        if before:
            return [Participant(s.actor, s.text, via) for s in before]
        for child in token.children:
            # "its embassy", "their diplomats": the possessor is the party.
            if child.dep_ == "poss" and child.pos_ == "PRON":
                return self.resolve_pronoun(child)
        for child in token.children:
            if child.dep_ == "appos":
                return self._head_participants(child, via)
            # "the arrival of a British ship", "comments by President X": the phrase's
            # owner or author is the party; "leaders such as X and Y", "officials, including
            # X": the examples are.
            if child.dep_ == "prep" and (
                child.lower_ in ("of", "from", "by", "including")
                or (child.lower_ == "as" and any(c.lower_ == "such" for c in child.children))
            ):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found = self.participants(pobj, via)
                        if found:
                            return found
        return self._located_group(token)

    def _located_group(self, token: Token) -> list[Participant]:
        """An unnamed group acts for the country it is in ("students across Indonesia")."""
        sector = self.lexicon.located_groups.get(token.lemma_.lower())
        if sector is None and any(c.lower_ == "ethnic" for c in token.children):
            sector = "CVL"  # "ethnic Albanians in Serbia" are a minority of Serbia
        if sector is None or token.pos_ not in ("NOUN", "PROPN"):
            return []
        # "security forces in Guinea": the place the phrase itself names comes first
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "inside", "across", "throughout"):
                for pobj in prep.children:
                    span = self.at(pobj)
                    if span is not None and span.actor.country not in (None, "IGO"):
                        return [self._group(token, span.actor.country, sector)]
        # The one state the sentence names, by a place or an actor of it ("the Sudanese
        # government accused rebels": Sudan's rebels).
        countries = {s.actor.country for s in self.spans if s.actor.country not in (None, "IGO")}
        if not countries:
            countries = {p.location_country for p in self._entity_places()}
        if len(countries) != 1:
            return []  # no place, or several: which one the group belongs to is unclear
        return [self._group(token, countries.pop(), sector)]

    @staticmethod
    def _group(token: Token, country: str | None, sector: str) -> Participant:
        group = Actor.of_state(
            f"{token.text} ({country})",
            country,
            "institution",
            sector=sector,  # type: ignore[arg-type]
        )
        return Participant(group, token.text, "located")

    def _entity_places(self, within: Token | None = None) -> list[Place]:
        """Places named in the sentence (or in one phrase of it), resolved with GeoNames."""
        if self.places is None:
            return []
        entities = [e for e in self.sentence.ents if e.label_ in ("GPE", "LOC")]
        if within is not None:
            entities = [
                e
                for e in entities
                if within.left_edge.i <= e.start and e.end <= within.right_edge.i + 1
            ]
        resolved = (self.places.resolve(e.text) for e in entities)
        return [p for p in resolved if p is not None]

    def place_target(self, phrase: Token) -> list[Participant]:
        """A place attacked stands for its state ("shelled Juba", "fired at targets in Jericho")."""
        for place in self._entity_places(within=phrase):
            state = Actor.of_state(place.location_name, place.location_country, "capital")
            return [Participant(state, place.location_name, "place")]
        return []

    def _is_state_epithet(self, token: Token) -> bool:
        """Whether a phrase is a definite epithet for a state: "the island nation".

        Newswriting names a state once and then varies it ("the Gulf kingdom", "the Central
        American nation"); a modifier is required, since "the country" alone often means the
        speaker's own.
        """
        return (
            token.lemma_.lower() in STATE_EPITHET_NOUNS
            and token.tag_ == "NN"
            and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
            and any(c.dep_ in ("amod", "compound") for c in token.children)
            and not any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)
            and not self.within(token.left_edge.i, token.i)
        )

    def _is_plural_reference(self, token: Token) -> bool:
        lemma = token.lemma_.lower()
        if lemma not in self.lexicon.plural_nouns:
            return False
        if (
            lemma in PAIR_NOUNS
            and token.tag_ == "NNS"
            and not self.within(token.left_edge.i, token.i)
        ):
            # "the neighbours" (not "the Turkish and Greek sides", which name their own): a
            # relation that takes two, in the plural, is the last two parties
            return any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
        return any(
            child.lower_ in self.lexicon.plural_determiners
            for child in token.children
            if child.dep_ in ("det", "nummod", "predet", "amod")
        )

    def resolve_pronoun(self, token: Token) -> list[Participant]:
        """Resolve a pronoun: a reported clause's speaker, an earlier actor, or the article's."""
        if token.i in self._resolving:
            return []  # its own antecedent: nothing found along this path
        self._resolving.add(token.i)
        try:
            return pronouns.resolve(self, token)
        finally:
            self._resolving.discard(token.i)

    def nested(self, token: Token, exclude: Sequence[Participant] = ()) -> list[Participant]:
        """The first actor anywhere inside a phrase ("the crackdown on protests in Iran")."""
        excluded = {actor_identity(p.actor) for p in exclude}
        # "sanctioned Zeta Cloud, a firm already sanctioned by the US": the agent of a clause
        # inside an apposition or relative clause describes the phrase's entity and is a third
        # party; "rejected the sanctions imposed by France" names the act's author.
        agents = {
            t.i
            for a in token.subtree
            if a.dep_ == "agent" and _describes(a, token)
            for t in a.subtree
        }
        for i in range(token.left_edge.i, token.right_edge.i + 1):
            actor_span = self._by_token.get(i)
            if actor_span is None or i in agents:
                continue
            if actor_identity(actor_span.actor) not in excluded:
                return [Participant(actor_span.actor, actor_span.text, "nested")]
        return []

    def modifier_actors(self, noun: Token) -> list[Participant]:
        """Actors named inside a noun's own phrase before it.

        A possessor ("the UK's sanctions") comes back with `via="modifier"`; names used as
        adjectives or compounds ("Russian sanctions", "US-China talks") with `via="compound"`.
        """
        found: list[Participant] = []
        for child in noun.children:
            if child.dep_ == "poss":
                found.extend(self.participants(child, "modifier"))
            elif child.dep_ in ("amod", "compound", "nmod") and child.i < noun.i:
                found.extend(
                    Participant(s.actor, s.text, "compound")
                    for s in self.within(child.left_edge.i, child.i)
                )
        return unique(found)


def _describes(agent: Token, phrase: Token) -> bool:
    """Whether an agent phrase sits in an apposition or relative clause inside `phrase`."""
    for ancestor in agent.ancestors:
        if ancestor.i == phrase.i:
            return False
        if ancestor.dep_ in ("appos", "relcl"):
            return True
    return False
