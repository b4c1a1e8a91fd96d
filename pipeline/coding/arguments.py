"""The source and target actors of an event trigger over a dependency parse."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from pipeline.coding.noun_phrases import NounPhrases
from pipeline.coding.participant import Participant, unique
from pipeline.coding.pronouns import RELATIVE_PRONOUNS, SUBJECT_DEPS
from pipeline.reference.triggers import Trigger

__all__ = ["Participant", "SentenceActors", "unique"]

REFLEXIVE_PRONOUNS = frozenset({"itself", "themselves", "himself", "herself", "ourselves"})
#: Verbs whose passive subject is really the subject of their infinitive ("is expected to visit").
RAISING_VERBS = frozenset({"expect", "schedule", "set", "due", "slate", "likely", "plan", "poise"})
#: Verbs whose object acts alongside their subject in the act they govern ("joined X in ...").
CO_AGENT_VERBS = frozenset({"join"})
#: Links along which a clause shares its subject with its head ("met and praised", "to visit").
SUBJECT_SHARING = frozenset({"xcomp", "conj", "advcl", "pcomp", "acl", "ccomp"})


class SentenceActors(NounPhrases):
    """The actors of one sentence as the arguments of its triggers: doers, objects, targets."""

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
