"""Coding events between a trigger's parties: pairs, symmetry, mediation, threats, one per pair."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Token

from pipeline.coding.arguments import Participant, SentenceActors, unique
from pipeline.coding.coded_event import CodedEvent
from pipeline.coding.confidence import confidence
from pipeline.coding.discourse import actor_identity
from pipeline.coding.modality import SPOKEN_FUTURE_ROOTS, classify_modality, condition_subjects
from pipeline.coding.open_targets import PROTEST_ROOTS, answered_proposal
from pipeline.coding.triggers import complements, refined_code
from pipeline.reference.triggers import Trigger

#: CAMEO "refuse to yield": what a denied concession or retreat amounts to.
REFUSAL_TO_YIELD = "124"
#: Roots of punitive acts: announcing one is threatening it.
PUNITIVE_ROOTS = frozenset({"16", "17", "18", "19", "20"})
#: Hosting codes: when only planned or offered, the visit is coded, not the hosting.
HOSTING_CODES = frozenset({"043"})
#: Offers and appeals to mediate: toward each of the parties mediated between.
MEDIATION_CODES = frozenset({"039", "028"})


#: Words of a grievance, and what one taken to an international body is: an appeal to it.
GRIEVANCE_WORDS = frozenset({"complain", "complaint", "petition"})
IGO_APPEAL = "020"
#: Appeals to others to negotiate or to cease fire: toward each party, like mediation.
APPEALS_TO_PARTIES = frozenset({"026", "0256"})
#: Words of proposing, and what a third party's proposed meeting or truce is instead: an
#: appeal to the parties to negotiate or to cease fire.
PROPOSING_WORDS = frozenset({"propose", "proposal", "suggest"})
PROPOSED_MEETINGS = {"036": "026", "0356": "0256"}

#: Code of an offer to mediate, and the words that make an offer one: help with talks.
MEDIATION_OFFER = "039"
HELPING_WORDS = frozenset({"help", "assist", "facilitate", "support", "aid"})
TALK_WORDS = frozenset({"talk", "negotiation", "dialogue", "peace", "ceasefire", "truce"})


#: Words that make an object reciprocal ("each other", "one another").
RECIPROCAL_WORDS = frozenset({("each", "other"), ("one", "another")})


def party_events(
    token: Token,
    trigger: Trigger,
    sources: list[Participant],
    targets: list[Participant],
    actors: SentenceActors,
    *,
    open_phrase: bool = False,
) -> Iterator[CodedEvent]:
    """The events between a trigger's sources and targets, with its code made final."""
    if not sources:
        return
    lexicon = actors.lexicon
    modality = classify_modality(token, trigger)
    code = refined_code(token, trigger)
    if code[:2] == "03" and _helps_with_talks(token):
        # "offered to assist in negotiations", "ready to help the peace talks": mediation
        code = MEDIATION_OFFER
    if modality == "planned" and code[:2] in SPOKEN_FUTURE_ROOTS:
        modality = "occurred"
    # Announced punishment (roots 16-20) is a threat; a retreat or withdrawal is one only when
    # made conditional ("will withdraw unless ..."): "is willing to withdraw" is an offer.
    punitive = code[:2] in PUNITIVE_ROOTS and modality in ("hypothetical", "planned")
    threatening = punitive or modality == "hypothetical"
    threat = lexicon.threat_code(code) if threatening and trigger.modality is None else None
    if threat is not None:
        # "will impose sanctions if Y does not ...", "plans to impose a curfew": announcing a
        # punitive act is threatening it, now (CAMEO practice), toward Y where a condition
        # names one.
        code, modality = threat, "occurred"
        targets = targets or [p for t in condition_subjects(token) for p in actors.participants(t)]
    if modality == "denied" and code[:2] == "08":
        # "would not meet the hostage-takers' demands": refusing to yield is itself an act.
        code, modality = REFUSAL_TO_YIELD, "occurred"
    if not targets and code[:2] in PROTEST_ROOTS:
        # "began a hunger strike to protest Sweden's decision", "in defiance of Chinese
        # authorities": the protest's purpose names whom it is against.
        clause = token if token.pos_ in ("VERB", "AUX") else token.head
        for child in clause.children:
            if child in complements(clause) or (
                child.dep_ == "prep" and child.lower_ in ("in", "against")
            ):
                targets = actors.nested(child, exclude=sources)
                if targets:
                    break
    future = modality in ("planned", "intent") and trigger.modality is None
    final_code = lexicon.intent_code(code) if future else code
    if not targets and trigger.lemma in PROPOSING_WORDS and final_code in PROPOSED_MEETINGS:
        # "Malaysia proposed ceasefire talks" in a story of a war between two others: an
        # appeal to them to negotiate (CAMEO 026), not Malaysia's own plan to meet.
        parties = _parties_between(token, sources, actors) or _story_parties(sources, actors)
        if len(parties) >= 2:
            final_code, modality, targets = PROPOSED_MEETINGS[final_code], "occurred", parties
    if trigger.lemma in GRIEVANCE_WORDS:
        holders = [token, token.head] if token.dep_ == "dobj" else [token]
        bodies = [
            p
            for holder in holders
            for p in actors.prep_targets(holder, ("to", "with"))
            if p.actor.country == "IGO"
        ]
        if bodies:
            # "complained to the United Nations over X", "lodged a complaint with the WTO":
            # taking a grievance to an international body is an appeal to it (CAMEO 020)
            final_code, targets = IGO_APPEAL, bodies
    if final_code in MEDIATION_CODES | APPEALS_TO_PARTIES:
        # "offered to help resolve differences between India and Pakistan": an offer to
        # mediate is made toward each party it would mediate between; with none named, to the
        # two parties the story is about ("also offered to assist in negotiations"). So are
        # third parties' calls for talks or a ceasefire.
        targets = unique([*targets, *_parties_between(token, sources, actors)])
        if not targets:
            targets = _story_parties(sources, actors)
    pairs: list[tuple[Participant, Participant | None, str]] = []
    target: Participant | None
    reciprocal = _reciprocal_object(token)
    if reciprocal:
        # "Kenya and Uganda accused each other": each party is the other's target.
        targets, open_phrase = [], False
    if not targets and (trigger.symmetric or reciprocal) and len(sources) >= 2 and not open_phrase:
        pairs.extend((a, b, final_code) for a in sources for b in sources if a is not b)
    for source in sources:
        for target in targets:
            hosting_only_planned = future and code in HOSTING_CODES
            if not hosting_only_planned:
                pairs.append((source, target, final_code))
            if trigger.symmetric:
                pairs.append((target, source, final_code))
            elif trigger.inverse and code == trigger.code:
                # "welcomed the decision" (refined to praise) is no visit the other way
                inverse = lexicon.intent_code(trigger.inverse) if future else trigger.inverse
                pairs.append((target, source, inverse))
    kept = [
        (source, target, pair_code)
        for source, target, pair_code in pairs
        if target is None or actor_identity(source.actor) != actor_identity(target.actor)
    ]
    # "completed their withdrawal from a Bosnian town", said of Bosnian forces: a place of
    # the source's own state named by a preposition is no addressee, and an act that needs
    # none still happened. Objects and passive subjects are the act's own patients.
    from_phrase = all(
        t not in ("dobj", "dative", "nsubjpass") for t in trigger.targets
    ) and not any(c.dep_ == "nsubjpass" for c in token.children)
    if trigger.no_target and not kept and (not pairs or from_phrase):
        kept.extend((source, None, final_code) for source in sources)
    elif not pairs and answered_proposal(token):
        # "accepted the invitation": addressed to whoever made it, found across the article
        # (`pipeline.coding.open_targets`).
        kept.extend((source, None, final_code) for source in sources)
    pairs = kept
    for source, target, pair_code in pairs:
        yield CodedEvent(
            trigger=token,
            trigger_entry=trigger,
            code=pair_code,
            source=source,
            target=target,
            modality=modality,
            confidence=confidence(source, target, token, modality, pair_code),
        )


def _reciprocal_object(trigger: Token) -> bool:
    """Whether the trigger's object is "each other" or "one another".

    Directly or by a preposition: "accused each other", "talked to one another".
    """
    phrases = [c for c in trigger.children if c.dep_ in ("dobj", "dative", "prep")]
    phrases += [g for c in phrases if c.dep_ in ("prep", "dative") for g in c.children]
    for phrase in phrases:
        words = tuple(t.lower_ for t in phrase.subtree)
        if any(words[i : i + 2] in RECIPROCAL_WORDS for i in range(len(words) - 1)):
            return True
    return False


def _helps_with_talks(trigger: Token) -> bool:
    """Whether the trigger's phrase offers help with talks ("offered to assist in negotiations")."""
    lemmas = {t.lemma_.lower() for t in trigger.subtree}
    return bool(lemmas & HELPING_WORDS) and bool(lemmas & TALK_WORDS)


def helped_by_others(head: Token) -> bool:
    """Whether a noun phrase is what a helping verb helps ("assist in the talks")."""
    governor = head.head.head if head.dep_ == "pobj" else head.head
    return head.dep_ in ("pobj", "dobj") and governor.lemma_.lower() in HELPING_WORDS


def _story_parties(sources: list[Participant], actors: SentenceActors) -> list[Participant]:
    """The two parties the article last named, other than the sources ("the two sides")."""
    own = {actor_identity(p.actor)[:2] for p in sources}
    parties = [
        Participant(actor, text, "discourse")
        for actor, text in actors.discourse.last_two_parties()
        if actor_identity(actor)[:2] not in own
    ]
    return parties if len(parties) == 2 else []


def _parties_between(
    trigger: Token, sources: list[Participant], actors: SentenceActors
) -> list[Participant]:
    """The parties of a "between A and B" phrase inside the trigger's own phrase."""
    for token in trigger.subtree:
        if token.dep_ == "prep" and token.lower_ == "between":
            found = [p for p in actors.prep_targets(token.head, ("between",)) if p not in sources]
            if found:
                return found
    return []


def dedupe_events(events: Iterable[CodedEvent]) -> list[CodedEvent]:
    """One event per source, target and root in a sentence ("signed a memorandum" is one)."""
    seen: set[tuple[object, ...]] = set()
    kept: list[CodedEvent] = []
    for event in events:
        key = (
            event.code[:2],
            actor_identity(event.source.actor),
            actor_identity(event.target.actor) if event.target else None,
        )
        if key not in seen:
            seen.add(key)
            kept.append(event)
    return kept
