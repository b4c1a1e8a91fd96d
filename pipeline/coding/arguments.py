"""Finding the source and target actors of an event trigger over a dependency parse."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from pipeline.coding.discourse import ArticleDiscourse, actor_identity, is_individual
from pipeline.normalize.actors import Actor, ActorSpan
from pipeline.normalize.places import Place, PlaceResolver
from pipeline.reference.triggers import Trigger, TriggerLexicon

PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
COLLECTIVE_PRONOUNS = frozenset({"it", "its", "they", "them", "their", "itself", "themselves"})
SPEAKER_PRONOUNS = frozenset({"we", "us", "our", "i", "me", "my"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
REFLEXIVE_PRONOUNS = frozenset({"itself", "themselves", "himself", "herself", "ourselves"})
#: Verbs whose passive subject is really the subject of their infinitive ("is expected to visit").
RAISING_VERBS = frozenset({"expect", "schedule", "set", "due", "slate", "likely", "plan", "poise"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
#: Nouns of a relation between two parties: "the neighbours" are the last two named.
PAIR_NOUNS = frozenset({"neighbour", "neighbor", "side"})
#: Verbs whose object acts alongside their subject in the act they govern ("joined X in ...").
CO_AGENT_VERBS = frozenset({"join"})
#: Participles, gerunds and infinitives: verbs without a subject of their own.
NON_FINITE_TAGS = frozenset({"VBG", "VBN", "VB"})
#: Links along which a clause shares its subject with its head ("met and praised", "to visit").
#: Head nouns of a newswriter's epithet for a state named before ("the island nation").
STATE_EPITHET_NOUNS = frozenset({"nation", "country", "state", "kingdom", "republic", "emirate"})
SUBJECT_SHARING = frozenset({"xcomp", "conj", "advcl", "pcomp", "acl", "ccomp"})


@dataclass(frozen=True)
class Participant:
    """An actor taking part in an event, with the words that name it and how it was found."""

    actor: Actor
    text: str
    via: str
    """direct, coordination, pronoun, plural, controller, light_verb, speaker or modifier."""


class SentenceActors:
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
            return self._resolve_pronoun(token)
        finally:
            self._resolving.discard(token.i)

    def _resolve_pronoun(self, token: Token) -> list[Participant]:
        lower = token.lower_
        wants_person = lower in PERSON_PRONOUNS
        if lower in RELATIVE_PRONOUNS and token.head.dep_ in ("relcl",):
            return self.participants(token.head.head, "pronoun")
        # Only a subject pronoun is the speaker ("X said it had summoned"), not "its neighbour".
        is_subject = token.dep_ in ("nsubj", "nsubjpass") or lower in SPEAKER_PRONOUNS
        speaker = self._reporting_speaker(token) if is_subject else []
        if speaker and (
            lower in SPEAKER_PRONOUNS or not wants_person or is_individual(speaker[0].actor)
        ):
            return [Participant(p.actor, p.text, "speaker") for p in speaker]
        if lower in SPEAKER_PRONOUNS:
            return []
        bound = self._binding_subject(token, wants_person)
        if bound:
            return bound
        earlier = [s for s in self.spans if s.char_end + self.sentence.start_char <= token.idx]
        for actor_span in reversed(earlier):
            if is_individual(actor_span.actor) or not wants_person:
                return [Participant(actor_span.actor, actor_span.text, "pronoun")]
        previous = None
        if wants_person and token.dep_ in ("nsubj", "nsubjpass"):
            # "He also met X": a subject pronoun continues the story's last protagonist, not
            # the last person merely named ("congratulated the Argentine president")
            previous = self.discourse.last_leading_person()
        if previous is None and wants_person:
            previous = self.discourse.last_person()
        if previous is None and not wants_person:
            previous = self.discourse.last_collective()
        return [Participant(previous[0], previous[1], "pronoun")] if previous else []

    def _binding_subject(self, token: Token, wants_person: bool) -> list[Participant]:
        """The subject a possessive is bound to: the subject of the clause it sits in.

        "Trump, with Khan by his side, renewed his offer": his offer is Trump's, not the
        nearer Khan's; "before his talks with Khan, Trump said": the fronted phrase belongs
        to the clause whose subject follows it.
        """
        if token.dep_ != "poss":
            return []
        clause = token.head
        while clause.head.i != clause.i and (
            clause.pos_ not in ("VERB", "AUX")
            # a participle or infinitive has no subject of its own ("Addressing a briefing
            # before his talks, Trump said"): the clause it modifies lends it
            or (clause.tag_ in NON_FINITE_TAGS and not _subjects(clause))
        ):
            clause = clause.head
        if clause.pos_ not in ("VERB", "AUX"):
            return []
        for subject in _subjects(clause):
            if subject.left_edge.i <= token.i <= subject.right_edge.i:
                return []  # "his government said": the possessive is inside the subject
            found = self.participants(subject, "pronoun")
            if found and (not wants_person or is_individual(found[0].actor)):
                return [Participant(p.actor, p.text, "pronoun") for p in found[:1]]
        return []

    def _reporting_speaker(self, token: Token) -> list[Participant]:
        """The subject of the speech verb that reports the clause holding `token`."""
        clause = token.head
        while clause.dep_ not in ("ROOT",) and clause.head.i != clause.i:
            if clause.dep_ in ("ccomp", "parataxis") and (
                clause.head.lemma_.lower() in self.lexicon.speech_verbs
            ):
                speech = clause.head
                for child in speech.children:
                    if child.dep_ in SUBJECT_DEPS and child.lower_ not in PERSON_PRONOUNS:
                        return self.participants(child, "speaker")
                return []
            clause = clause.head
        # "... we will retaliate, said the spokesperson": the clause is the root, speaker after it.
        root = token.sent.root
        for child in root.children:
            if child.dep_ in ("parataxis", "ccomp") and child.lemma_.lower() in (
                self.lexicon.speech_verbs
            ):
                for grandchild in child.children:
                    if grandchild.dep_ in SUBJECT_DEPS:
                        return self.participants(grandchild, "speaker")
        return []

    # -- arguments of triggers -----------------------------------------------------------------

    def verb_source(self, verb: Token) -> list[Participant]:
        """The doer of a verb: its agent if passive, its subject, or its controller's."""
        agents = [c for c in verb.children if c.dep_ == "agent"]
        if agents and not any(c.dep_ == "nsubj" for c in verb.children):
            # Only a passive has an agent: in "X shortened by one hour the curfew" the "by"
            # phrase measures, and X is still the doer.
            return self._prep_objects(agents)
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS:
                if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                    return self.participants(verb.head, "pronoun")
                if child.pos_ == "VERB":
                    # "Visiting President X and President Y signed": a participle the parser
                    # took for a clausal subject; the people are its objects.
                    return [
                        p for c in child.children if c.dep_ == "dobj" for p in self.participants(c)
                    ]
                return self.participants(child)
        if (
            verb.dep_ == "acl"
            and verb.head.pos_ == "NOUN"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        ):
            # "Baku's attempts to accuse", "China's decision to impose": the noun's owner acts
            owner = [c for c in verb.head.children if c.dep_ == "poss"]
            if owner:
                return self.participants(owner[0], "controller")
        if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
            # "the ministers who met" has a subject; "the meeting, held ..." does not.
            return []
        stranded = _stranded_subject(verb)
        if stranded is not None:
            return self.participants(stranded)
        head = verb.head
        if head.i == verb.i or verb.dep_ not in SUBJECT_SHARING:
            return []
        if verb.dep_ == "xcomp":
            controller = [c for c in head.children if c.dep_ in ("dobj", "dative")]
            if controller:
                # Object control: "invited Putin to visit", "urged Iran to release".
                return self.participants(controller[0], "controller")
            passive = [c for c in head.children if c.dep_ == "nsubjpass"]
            if passive and head.lemma_.lower() in RAISING_VERBS | {"expect", "set"}:
                return self.participants(passive[0], "controller")
        if verb.dep_ == "pcomp":
            head = head.head
            if verb.head.lower_ in ("for", "of"):
                # "praised Germany for agreeing to send", "accused Kyiv of planning": the one
                # praised or accused is the doer; "accused each other of" leaves the subjects.
                controller = [
                    c
                    for c in head.children
                    if c.dep_ == "dobj" and c.lower_ not in ("other", "another")
                ]
                if controller:
                    return self.participants(controller[0], "controller")
        if head.pos_ == "ADJ" and head.dep_ == "acomp":
            head = head.head  # "Syria is willing to withdraw": the subject of "is"
        if head.pos_ not in ("VERB", "AUX"):
            return []
        sources = [Participant(p.actor, p.text, "controller") for p in self.verb_source(head)]
        if head.lemma_.lower() in CO_AGENT_VERBS:
            # "Canada joined Britain and France in imposing sanctions": those joined act too.
            sources += [
                Participant(p.actor, p.text, "coordination")
                for c in head.children
                if c.dep_ == "dobj"
                for p in self.participants(c)
            ]
        return unique(sources)

    def passive_subject(self, verb: Token) -> list[Participant]:
        """The patient of a passive verb ("Modi was welcomed by Putin": Modi)."""
        for child in verb.children:
            if child.dep_ == "nsubjpass":
                return self.participants(child)
        return []

    def _prep_objects(self, preps: Iterable[Token]) -> list[Participant]:
        found: list[Participant] = []
        for prep in preps:
            for child in prep.children:
                if child.dep_ in ("pobj", "pcomp"):
                    found.extend(self.participants(child))
        return found

    def prep_targets(self, token: Token, preps: Iterable[str]) -> list[Participant]:
        """Objects of the named prepositions attached to `token`."""
        wanted = set(preps)
        # spaCy tags the "to" of "sent aid to Pakistan" as `dative`; it is still a preposition.
        return self._prep_objects(
            c
            for c in token.children
            if (c.dep_ in ("prep", "agent") or (c.dep_ == "dative" and c.pos_ == "ADP"))
            and c.lower_ in wanted
        )

    @staticmethod
    def prep_targets_phrase(token: Token, preposition: str) -> bool:
        """Whether `token` has a prepositional phrase with this preposition, resolved or not."""
        return any(c.dep_ in ("prep", "agent") and c.lower_ == preposition for c in token.children)

    def targets(self, token: Token, trigger: Trigger) -> list[Participant]:
        """Target actors by the trigger's rules: objects or prepositional objects."""
        found: list[Participant] = []
        preps = [t for t in trigger.targets if t not in ("dobj", "dative", "nsubjpass")]
        for dep in ("dobj", "dative"):
            if dep in trigger.targets:
                for child in token.children:
                    if child.lower_ in REFLEXIVE_PRONOUNS:
                        continue  # "blew themselves up": no second party
                    if child.dep_ == dep and child.pos_ != "ADP":
                        found.extend(self.participants(child))
                    elif child.dep_ == dep:  # "gave aid to Sudan" tagged dative
                        found.extend(self._prep_objects([child]))
        if "dobj" in trigger.targets and not any(c.dep_ == "dobj" for c in token.children):
            # "denounced as a crime Serbia's crackdown": the object shifted after an "as"
            # phrase is parsed as an apposition inside it.
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "as":
                    named = [c for c in child.children if c.dep_ == "pobj"]
                    shifted = named[1:] + [
                        a for c in named for a in c.children if a.dep_ == "appos"
                    ]
                    for phrase in shifted:
                        found.extend(self.participants(phrase))
        if preps:
            found.extend(self.prep_targets(token, preps))
            # "breaks relations with Colombia", "closed the border with Colombia", and through
            # a participle: "recalled its ambassador based in Addis Ababa"
            for child in token.children:
                if child.dep_ == "dobj" and not found:
                    found.extend(self.prep_targets(child, preps))
                    for modifier in child.children:
                        if modifier.dep_ == "acl" and modifier.tag_ == "VBN" and not found:
                            found.extend(self.prep_targets(modifier, preps))
        return unique(found)

    def has_target_phrase(self, token: Token, trigger: Trigger) -> bool:
        """Whether the trigger has an object or target phrase at all, resolved or not."""
        for child in token.children:
            if child.dep_ in ("dobj", "dative") and child.dep_ in trigger.targets:
                return True
            if child.dep_ == "prep" and child.lower_ in trigger.targets:
                return True
        return False

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


#: Conjunctions the parser may take for prepositions before a clause ("a day after X met Y").
CLAUSE_CONJUNCTIONS = frozenset({"after", "before", "since", "until", "as", "when", "while"})


def _stranded_subject(verb: Token) -> Token | None:
    """The subject the parser hung as a prepositional object before a subjectless clause.

    In "came a day after a delegation led by X met Y" the parser reads "after a delegation"
    as a phrase and "met Y" as a clause without subject; the phrase's object, ending right
    before the finite verb, is its subject.
    """
    if verb.dep_ != "advcl" or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    for prep in verb.head.children:
        if prep.dep_ == "prep" and prep.lower_ in CLAUSE_CONJUNCTIONS and prep.i < verb.i:
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.right_edge.i == verb.i - 1:
                    return pobj
    return None


def _describes(agent: Token, phrase: Token) -> bool:
    """Whether an agent phrase sits in an apposition or relative clause inside `phrase`."""
    for ancestor in agent.ancestors:
        if ancestor.i == phrase.i:
            return False
        if ancestor.dep_ in ("appos", "relcl"):
            return True
    return False


def _subjects(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in SUBJECT_DEPS]


def unique(participants: Iterable[Participant]) -> list[Participant]:
    """Participants with each actor once, first mention kept."""
    seen: set[tuple[str | None, str | None, str | None]] = set()
    found: list[Participant] = []
    for participant in participants:
        identity = actor_identity(participant.actor)
        if identity not in seen:
            seen.add(identity)
            found.append(participant)
    return found
