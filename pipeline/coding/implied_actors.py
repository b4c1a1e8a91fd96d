"""Actors a sentence implies but does not name: who summoned, who arrested, who was asked.

An agentless summons is by the state that hosts the diplomat; an arrest or a charge with no
agent is by the authorities of the place it happened; a request acted on ("at the request of
X") was made of whoever acted on it.
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.coding.arguments import Participant, SentenceActors

#: Verbs of calling in a foreign diplomat, done by the state that hosts the diplomat.
SUMMONING_VERBS = frozenset({"summon", "call"})


#: Prepositions by which a clause says it answers a request: "at the request of", "following
#: a request from", "in response to", "upon".
ANSWERING_PREPOSITIONS = frozenset({"at", "following", "after", "upon", "on", "to"})


def answering_clause(head: Token) -> Token | None:
    """The verb of the clause a request noun is answered by ("released X at the request of Y")."""
    if head.dep_ != "pobj" or head.head.lower_ not in ANSWERING_PREPOSITIONS:
        return None
    governor = head.head.head
    if head.head.lower_ == "to" and governor.lemma_.lower() in ("response", "answer", "reply"):
        if governor.dep_ == "pobj" and governor.head.lower_ == "in":
            governor = governor.head.head  # "in response to a request"
        else:
            return None
    return governor if governor.pos_ in ("VERB", "AUX") else None


def summoning_state(
    verb: Token, targets: list[Participant], actors: SentenceActors
) -> list[Participant]:
    """Who summoned a diplomat when the text names only where: the ministry or the posting.

    "was summoned to the Indian foreign ministry", "Sri Lanka's envoy in India was summoned".
    """
    holders = [verb, *(c for c in verb.children if c.dep_ == "nsubjpass")]
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ in ("to", "in"):
                found = actors.nested(prep, exclude=targets) or actors.place_target(prep)
                found = [p for p in found if p.actor.country not in (None, "IGO")]
                if found:
                    return found
    return []


def authority_of_place(
    holders: list[Token], targets: list[Participant], actors: SentenceActors
) -> list[Participant]:
    """Who investigates, charges or arrests when the text names only where ("in Italy")."""
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "by"):
                found = actors.nested(prep, exclude=targets) or actors.place_target(prep)
                if found:
                    return found
    return []
