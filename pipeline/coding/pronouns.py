"""Resolving the pronouns of a sentence: the reporting speaker, a bound subject, the discourse."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from pipeline.coding.discourse import is_individual
from pipeline.coding.participant import Participant

if TYPE_CHECKING:
    from pipeline.coding.noun_phrases import NounPhrases

PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
COLLECTIVE_PRONOUNS = frozenset({"it", "its", "they", "them", "their", "itself", "themselves"})
SPEAKER_PRONOUNS = frozenset({"we", "us", "our", "i", "me", "my"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
#: Participles, gerunds and infinitives: verbs without a subject of their own.
NON_FINITE_TAGS = frozenset({"VBG", "VBN", "VB"})


def subjects(verb: Token) -> list[Token]:
    """The subjects of a verb (not its passive ones)."""
    return [c for c in verb.children if c.dep_ in SUBJECT_DEPS]


def resolve(phrases: NounPhrases, token: Token) -> list[Participant]:
    """Resolve a pronoun: a reported clause's speaker, a bound subject, an earlier actor.

    Else the discourse's. Call `NounPhrases.resolve_pronoun`, which guards against cycles.
    """
    lower = token.lower_
    wants_person = lower in PERSON_PRONOUNS
    if lower in RELATIVE_PRONOUNS and token.head.dep_ in ("relcl",):
        return phrases.participants(token.head.head, "pronoun")
    # Only a subject pronoun is the speaker ("X said it had summoned"), not "its neighbour".
    is_subject = token.dep_ in ("nsubj", "nsubjpass") or lower in SPEAKER_PRONOUNS
    speaker = _reporting_speaker(phrases, token) if is_subject else []
    if speaker and (
        lower in SPEAKER_PRONOUNS or not wants_person or is_individual(speaker[0].actor)
    ):
        return [Participant(p.actor, p.text, "speaker") for p in speaker]
    if lower in SPEAKER_PRONOUNS:
        return []
    bound = _binding_subject(phrases, token, wants_person)
    if bound:
        return bound
    earlier = [s for s in phrases.spans if s.char_end + phrases.sentence.start_char <= token.idx]
    for actor_span in reversed(earlier):
        if is_individual(actor_span.actor) or not wants_person:
            return [Participant(actor_span.actor, actor_span.text, "pronoun")]
    previous = None
    if wants_person and token.dep_ in ("nsubj", "nsubjpass"):
        # "He also met X": a subject pronoun continues the story's last protagonist, not
        # the last person merely named ("congratulated the Argentine president")
        previous = phrases.discourse.last_leading_person()
    if previous is None and wants_person:
        previous = phrases.discourse.last_person()
    if previous is None and not wants_person:
        previous = phrases.discourse.last_collective()
    return [Participant(previous[0], previous[1], "pronoun")] if previous else []


def _binding_subject(phrases: NounPhrases, token: Token, wants_person: bool) -> list[Participant]:
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
        or (clause.tag_ in NON_FINITE_TAGS and not subjects(clause))
    ):
        clause = clause.head
    if clause.pos_ not in ("VERB", "AUX"):
        return []
    for subject in subjects(clause):
        if subject.left_edge.i <= token.i <= subject.right_edge.i:
            return []  # "his government said": the possessive is inside the subject
        found = phrases.participants(subject, "pronoun")
        if found and (not wants_person or is_individual(found[0].actor)):
            return [Participant(p.actor, p.text, "pronoun") for p in found[:1]]
    return []


def _reporting_speaker(phrases: NounPhrases, token: Token) -> list[Participant]:
    """The subject of the speech verb that reports the clause holding `token`."""
    clause = token.head
    while clause.dep_ not in ("ROOT",) and clause.head.i != clause.i:
        if clause.dep_ in ("ccomp", "parataxis") and (
            clause.head.lemma_.lower() in phrases.lexicon.speech_verbs
        ):
            speech = clause.head
            for child in speech.children:
                if child.dep_ in SUBJECT_DEPS and child.lower_ not in PERSON_PRONOUNS:
                    return phrases.participants(child, "speaker")
            return []
        clause = clause.head
    # "... we will retaliate, said the spokesperson": the clause is the root, speaker after it.
    root = token.sent.root
    for child in root.children:
        if child.dep_ in ("parataxis", "ccomp") and child.lemma_.lower() in (
            phrases.lexicon.speech_verbs
        ):
            for grandchild in child.children:
                if grandchild.dep_ in SUBJECT_DEPS:
                    return phrases.participants(grandchild, "speaker")
    return []
