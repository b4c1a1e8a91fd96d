"""Finding a sentence's events: each trigger's source and target in its verb or noun arguments."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from spacy.tokens import Span, Token

from pipeline.coding.arguments import Participant, SentenceActors, unique
from pipeline.coding.coded_event import CodedEvent
from pipeline.coding.confidence import confidence
from pipeline.coding.discourse import actor_identity
from pipeline.coding.implied_actors import (
    SUMMONING_VERBS,
    answering_clause,
    authority_of_place,
    summoning_state,
)
from pipeline.coding.modality import classify_modality, condition_subjects
from pipeline.coding.parties import helped_by_others, party_events
from pipeline.coding.triggers import (
    absorbed,
    complements,
    match_trigger,
    matching_triggers,
    refined_code,
)
from pipeline.reference.triggers import Trigger, TriggerLexicon

#: Prepositions that introduce the party an act is aimed at.
TARGET_PREPOSITIONS = ("on", "against", "to", "with", "toward", "towards", "between")
#: Nouns that only count or group the event noun after "of": "a round of sanctions".
GROUPING_NOUNS = frozenset(
    {
        "round",
        "package",
        "list",
        "series",
        "wave",
        "set",
        "raft",
        "batch",
        "number",
        "slew",
        "string",
        "host",
        "new",
        "fresh",
        "range",
        "tranche",
        "kind",
        "type",
        "form",
        # spans of time: "ten days of war games", "two weeks of talks"
        "hour",
        "day",
        "week",
        "month",
    }
)
#: Verbs that hold forces in a posture: "troops remained on alert", "put the army on alert".
POSTURE_VERBS = frozenset({"be", "remain", "stay", "go", "put", "place", "keep"})
#: Prepositions of the place where forces are held or sent ("on alert in the border region").
POSTURE_PLACE_PREPOSITIONS = ("in", "into", "near", "along", "inside")


#: Roots of requests and demands, made of whoever must act.
REQUEST_ROOTS = frozenset({"02", "10"})
#: Roots of violence, whose target may be named by a place ("shelled Juba").
VIOLENT_ROOTS = frozenset({"18", "19", "20"})
#: Roots of acts that only a state's authorities do where they happen: investigations,
#: charges, arrests ("was arrested in Iran" is Iran's act).
AUTHORITY_ROOTS = frozenset({"09", "11", "17"})
#: Verbs by which an event noun unfolds: "talks are taking place", "the summit opened".
UNFOLDING_VERBS = frozenset(
    {"take", "begin", "start", "open", "resume", "continue", "conclude", "end", "proceed"}
)
#: Roots of force posture (alerts, mobilisation, deployments).
MOBILIZE_ROOTS = frozenset({"15"})
#: Verbs whose subject, a journey, carries its object somewhere ("the trip takes him to X").
CARRYING_VERBS = frozenset({"take", "bring", "lead"})
#: Verbs by which a third party arranges others' meeting ("host talks between X and Y").
HOSTING_VERBS = frozenset({"host", "organize", "organise", "arrange", "convene", "broker"})
#: Modalities of an act only offered or imagined, not yet agreed by its parties.
OFFERED = frozenset({"intent", "hypothetical"})


def sentence_events(
    sentence: Span, actors: SentenceActors, lexicon: TriggerLexicon
) -> Iterator[CodedEvent]:
    """Every event the sentence's triggers code, with the parties their arguments name."""
    yield from _reported_demands(sentence, actors, lexicon)
    for token in sentence:
        # Most tokens are no trigger at all; asking that first spares them the absorption test.
        triggers = list(matching_triggers(token, lexicon))
        if not triggers or absorbed(token, lexicon):
            continue
        # The first entry that codes something wins: "welcomed Modi" is a hosting (its
        # objects must be actors), "welcomed the decision" falls through to praise.
        for trigger in triggers:
            coder = _verb_events if trigger.pos == "VERB" else _noun_events
            events = list(coder(token, trigger, actors, lexicon))
            if events:
                yield from events
                break


def _reported_demands(
    sentence: Span, actors: SentenceActors, lexicon: TriggerLexicon
) -> Iterator[CodedEvent]:
    """Reported demands: in "Russia said Sudan must return it", Russia demands of Sudan."""
    for clause in sentence:
        if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in lexicon.speech_verbs:
            continue
        modal = next(
            (
                c.lower_
                for c in clause.children
                if c.dep_ == "aux" and c.lower_ in lexicon.modal_demands
            ),
            None,
        )
        if modal is None or any(c.dep_ == "neg" for c in clause.children):
            continue
        addressees = [
            p
            for c in clause.children
            if c.dep_ in ("nsubj", "nsubjpass")
            for p in actors.participants(c)
        ]
        speaker = clause.head
        if not addressees:
            # "All efforts should be undertaken ..., X told Y": said to Y, of no one named
            addressees = [
                p
                for c in speaker.children
                if c.dep_ in ("dobj", "dative")
                for p in actors.participants(c)
            ]
        entry = Trigger(lemma=speaker.lemma_.lower(), pos="VERB", code=lexicon.modal_demands[modal])
        for source in actors.verb_source(speaker):
            for target in addressees:
                if actor_identity(source.actor) != actor_identity(target.actor):
                    yield CodedEvent(
                        trigger=speaker,
                        trigger_entry=entry,
                        code=entry.code,
                        source=source,
                        target=target,
                        modality="occurred",
                        confidence=confidence(source, target, speaker, code=entry.code),
                    )


def _verb_events(
    verb: Token, trigger: Trigger, actors: SentenceActors, lexicon: TriggerLexicon
) -> Iterator[CodedEvent]:
    sources = actors.verb_source(verb)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    targets = actors.passive_subject(verb) if passive else []
    if passive and not targets:
        # "a camp for Congolese refugees was attacked": the party inside the passive subject
        for child in verb.children:
            if child.dep_ == "nsubjpass":
                targets = actors.nested(child, exclude=sources)
    targets = unique([*targets, *actors.targets(verb, trigger)])
    if not targets and verb.dep_ == "acl" and verb.lemma_.lower() in HOSTING_VERBS:
        # "held talks in Putrajaya hosted by Anwar": the host receives the talks' parties
        targets = _meeting_parties(verb.head, actors)
    if not targets and "oprd" in trigger.targets:
        # "called Scholz", "branded the Chinese move illegal": the parser takes the object for
        # an object predicate, or for the subject of a small clause.
        targets = unique(_small_clause_parties(verb, actors))
    stative = trigger.prep is not None and not any(c.dep_ == "agent" for c in verb.children)
    if passive and stative and not sources:
        # "Chile is opposed to Peru's proposal": a state, not a passive; the grammatical
        # subject holds the attitude toward the prepositional object.
        sources = actors.passive_subject(verb)
        targets = unique(
            [
                *actors.prep_targets(verb, [trigger.prep or ""]),
                *(
                    p
                    for c in verb.children
                    if c.dep_ == "prep" and c.lower_ == trigger.prep
                    for p in actors.nested(c, exclude=sources)
                ),
            ]
        )
    if passive and not sources and trigger.lemma in SUMMONING_VERBS:
        # "the envoy in Delhi was summoned to the foreign ministry": by the host state
        sources = summoning_state(verb, targets, actors)
    if passive and not sources and refined_code(verb, trigger)[:2] in AUTHORITY_ROOTS:
        # "a Danish sailor was arrested in Iran": arrested by Iran's authorities
        sources = authority_of_place([verb], targets, actors)
    own_phrase = actors.has_target_phrase(verb, trigger)
    if trigger.absorbs and not targets and not own_phrase:
        targets = _addressees(verb, sources, actors, lexicon)
    if not targets and actors.has_target_phrase(verb, trigger):
        # "hit out at the crackdown on protests in Iran": the party inside the object phrase.
        for child in verb.children:
            if child.dep_ in ("dobj", "prep") and (
                child.dep_ in trigger.targets or child.lower_ in trigger.targets
            ):
                targets = actors.nested(child, exclude=sources)
                if targets:
                    break
    if not targets and trigger.code[:2] in VIOLENT_ROOTS:
        for child in verb.children:
            if child.dep_ in ("dobj", "prep") and (
                child.dep_ in trigger.targets or child.lower_ in trigger.targets
            ):
                targets = actors.place_target(child)
                if targets:
                    break
    if refined_code(verb, trigger)[:2] in VIOLENT_ROOTS:
        targets = _violence_targets(verb, sources, targets, actors)
    if trigger.objects_are_actors and not targets:
        return
    open_phrase = actors.has_target_phrase(verb, trigger) and not targets
    yield from party_events(verb, trigger, sources, targets, actors, open_phrase=open_phrase)


def _small_clause_parties(verb: Token, actors: SentenceActors) -> Iterator[Participant]:
    for child in verb.children:
        if child.dep_ == "oprd":
            yield from actors.participants(child)
        elif child.dep_ == "ccomp":
            for subject in (c for c in child.children if c.dep_ == "nsubj"):
                yield from actors.participants(subject)


def _violence_targets(
    verb: Token, sources: list[Participant], targets: list[Participant], actors: SentenceActors
) -> list[Participant]:
    """Whom an attack hits when its object names no state.

    The purpose of the act names them ("opened fire to disperse the demonstrators"); else the
    place it happened stands for its state ("recaptured a town in western Laos"), and unnamed
    victims ("killed 23 people") are people of that place, not of the attackers' country.
    """
    if not targets:
        for clause in complements(verb):
            inner = Trigger(clause.lemma_, "VERB", "190", targets=("dobj", "dative"))
            targets = actors.targets(clause, inner)
            if targets:
                return targets
    places = [
        place
        for clause in (verb, *(c for c in verb.children if c.dep_ == "advcl"))
        for prep in clause.children
        if prep.dep_ == "prep" and prep.lower_ in ("in", "inside", "at")
        for place in (
            actors.nested(prep, exclude=sources)
            if clause is verb
            else actors.nested(prep, exclude=[*sources, *targets])
        )
        or actors.place_target(prep)
    ]
    if not targets:
        return places[:1]
    located = all(p.via == "located" for p in targets)
    if located and places and places[0].actor.country not in {p.actor.country for p in targets}:
        country = places[0].actor.country
        return [
            Participant(
                replace(p.actor, country=country, name=f"{p.text} ({country})"), p.text, "located"
            )
            for p in targets
        ]
    return targets


def _addressees(
    verb: Token, sources: list[Participant], actors: SentenceActors, lexicon: TriggerLexicon
) -> list[Participant]:
    """Whom an offer, threat, refusal or demand that names no object is aimed at.

    Tried in order: the objects of the act it contains ("offered to host Putin and
    Zelensky"), the party its condition names ("threatened an offensive unless Baghdad
    accepted"), a party inside the act ("declined to send troops to Haiti"), the subject
    of what it demands ("demanded that the US cancel the sale").
    """
    inner = complements(verb)
    strategies: tuple[Callable[[], Iterable[Participant]], ...] = (
        lambda: (p for c in inner for p in _complement_targets(c, actors, lexicon)),
        lambda: (p for c in inner for t in condition_subjects(c) for p in actors.participants(t)),
        lambda: next((found for c in inner if (found := actors.nested(c, exclude=sources))), []),
        lambda: (
            p
            for clause in verb.children
            if clause.dep_ == "ccomp"
            # the parser may hang the subject on the auxiliary: "that X was "operating" it"
            for word in (clause, *(c for c in clause.children if c.dep_ == "aux"))
            for s in word.children
            if s.dep_ in ("nsubj", "nsubjpass")
            for p in actors.participants(s)
        ),
    )
    for strategy in strategies:
        found = unique(strategy())
        if found:
            return found
    return []


def _complement_targets(
    complement: Token, actors: SentenceActors, lexicon: TriggerLexicon
) -> list[Participant]:
    """Who the act inside an offer, threat or appeal is aimed at ("to impose tariffs on Mexico")."""
    inner = match_trigger(complement, lexicon)
    found = list(actors.targets(complement, inner)) if inner else []
    found.extend(actors.prep_targets(complement, TARGET_PREPOSITIONS))
    for child in complement.children:
        if child.dep_ in ("dobj", "dative"):
            found.extend(actors.participants(child))
            found.extend(actors.prep_targets(child, TARGET_PREPOSITIONS))
    return unique(found)


def _phrase_head(noun: Token) -> Token:
    """The noun that stands in the clause for an event noun ("a round of sanctions" -> round)."""
    head = noun
    while True:
        if (
            head.dep_ == "pobj"
            and head.head.lower_ == "of"
            and head.head.head.lemma_.lower() in GROUPING_NOUNS
        ):
            head = head.head.head
        elif head.dep_ == "conj" and head.head.pos_ in ("NOUN", "PROPN") and head.head.i < head.i:
            head = head.head  # "launched artillery, mortar and rocket fire": the list's head
        else:
            return head


def _noun_events(
    noun: Token, trigger: Trigger, actors: SentenceActors, lexicon: TriggerLexicon
) -> Iterator[CodedEvent]:
    head = _phrase_head(noun)
    governor = head.head
    if trigger.symmetric and helped_by_others(head):
        return  # "offered to assist in negotiations": the helpers are no party to the talks
    light = (
        head.dep_ in ("dobj", "attr", "nsubjpass")
        and governor.pos_ in ("VERB", "AUX")
        and governor.lemma_.lower() in lexicon.light_verbs
    )
    if not light and head.dep_ == "dobj" and match_trigger(governor, lexicon) is not None:
        return  # the verb codes the event ("signed an agreement")
    posture = _posture_verb(head, trigger)
    if posture is not None:
        # "troops remained on alert": the state the forces are held in is their act
        governor, light = posture, True
    if (
        head.dep_ == "pobj"
        and head.head.lower_ == "under"
        and head.head.head.lemma_.lower() in ("put", "place")
    ):
        # "was put under investigation", "placed under arrest"
        governor, light = head.head.head, True
    named = [p for p in actors.modifier_actors(noun) if p.via != "compound"]
    if trigger.symmetric and any(c.dep_ == "poss" and c.lower_ == "their" for c in noun.children):
        # "after their summit": a joint act's plural owner is the last two parties named
        pair = actors.discourse.last_two_actors() or actors.discourse.last_two_parties()
        named = [Participant(a, t, "plural") for a, t in pair] or named
    if not named and noun.dep_ == "pobj" and noun.head.lower_ == "of":
        # "Berlin's go-ahead for a tank sale to Kyiv": the one who approves sells.
        named = [p for p in actors.modifier_actors(noun.head.head) if p.via != "compound"]
    sources = unique([*named, *actors.prep_targets(noun, ("by",))])
    requested_by: list[Participant] = []
    if not sources and trigger.code[:2] in REQUEST_ROOTS and answering_clause(head) is not None:
        # "released him at the request of the US", "following a request from Washington":
        # the one who asked, made of whoever acted on it (below)
        sources = requested_by = actors.prep_targets(noun, ("from", "of"))
    for child in noun.children:
        if child.dep_ == "acl" and any(c.dep_ == "agent" for c in child.children):
            if trigger.symmetric and child.lemma_.lower() in HOSTING_VERBS:
                continue  # "talks hosted by Malaysia": the host is no party to them
            # "the invitation extended by Modi"
            sources = unique([*sources, *actors.prep_targets(child, ("by",))])
    compound = [p for p in actors.modifier_actors(noun) if p not in sources]
    # "US-China talks resumed", "Russian sanctions took effect": names before the noun are
    # its parties when the event is the clause's subject; "will supersede the
    # U.S.-Mexico-Canada agreement" names a document, not an act.
    subject = head.dep_ in ("nsubj", "nsubjpass", "ROOT")
    owned = bool(sources) or (subject and bool(compound))
    if light and not sources:
        sources = [Participant(p.actor, p.text, "light_verb") for p in actors.verb_source(governor)]
    situated = _situating_verb(head, lexicon)
    if not sources and situated is not None:
        # "offered in a phone call with Putin": the call is the subject's.
        sources = [Participant(p.actor, p.text, "light_verb") for p in actors.verb_source(situated)]
    if trigger.requires_light_verb and not light and not owned:
        return
    if not sources and subject:
        sources = compound
    targets = actors.targets(noun, trigger)
    if not targets and head.dep_ == "nsubj" and governor.lemma_.lower() in CARRYING_VERBS:
        # "his trip will take him to Panama, El Salvador and Guatemala": where the trip
        # takes its traveller is where the visit goes
        targets = actors.prep_targets(governor, trigger.targets)
        if not sources:
            traveller = [c for c in governor.children if c.dep_ == "dobj"]
            sources = [p for c in traveller for p in actors.participants(c)]
    if light and not targets:
        targets = actors.targets(governor, trigger)
    passive = light and any(c.dep_ == "nsubjpass" for c in governor.children)
    if passive and not targets:
        targets = [p for p in actors.passive_subject(governor) if p not in sources]
    if passive and not sources and trigger.code[:2] in AUTHORITY_ROOTS:
        sources = authority_of_place([noun, governor], targets, actors)
    if not targets and trigger.code[:2] in REQUEST_ROOTS:
        # "its demand that Israel ease restrictions": the demand is made of Israel, also when
        # the clause hangs off the light verb ("renewed its demand that Israel ease ...")
        holders = [noun, governor] if light else [noun]
        targets = [
            p
            for holder in holders
            for clause in holder.children
            if clause.dep_ in ("acl", "ccomp")
            for c in clause.children
            if c.dep_ in ("nsubj", "nsubjpass")
            for p in actors.participants(c)
        ]
    if not targets and trigger.code[:2] in MOBILIZE_ROOTS:
        # "troops on alert in the West Bank": forces held ready in a place face its state
        verb = governor if light else _situating_verb(head, lexicon)
        if verb is not None:
            targets = _posture_place(verb, sources, actors)
    if not targets:
        # "a halt of flights to Moldova", "the pullout of troops from Mali"
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "in"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        targets = [
                            p
                            for p in actors.targets(pobj, trigger)
                            + actors.prep_targets(pobj, TARGET_PREPOSITIONS)
                            if p not in sources
                        ]
    if not targets:
        # "a hearing into the treatment of Palestinian detainees": the party inside the phrase
        holders = [noun, governor] if light else [noun]
        for phrase in (
            c
            for holder in holders
            for c in holder.children
            if c.dep_ == "prep" and c.lower_ in trigger.targets and c.lower_ != "between"
        ):
            targets = actors.nested(phrase, exclude=sources)
            if targets:
                break
    # "a meeting was held between X and Y": the phrase may hang off the light verb
    between_holders = [noun, governor] if light else [noun]
    between = unique(p for h in between_holders for p in actors.prep_targets(h, ("between",)))
    parties_between = trigger.symmetric and any(
        actors.prep_targets_phrase(h, "between") for h in between_holders
    )
    if (
        parties_between
        and light
        and governor.lemma_.lower() in HOSTING_VERBS
        and classify_modality(noun, trigger) in OFFERED
    ):
        # "ready to host a meeting between X and Y": the host's offer is the event (coded by
        # the verb); X and Y have agreed to nothing.
        return
    if parties_between:
        # "talks between X and Y" are X's and Y's, whoever hosted or announced them; with
        # only one side known there is no pair to code.
        # "between the presidents of X and Y, A and B, respectively": names that restate a
        # listed state are no further party.
        between = _one_per_party(between)
        sources, targets = (between, []) if len(between) >= 2 else ([], [])
    elif between:
        targets = unique([*targets, *between])
    if trigger.symmetric and len(sources) >= 2 and targets:
        targets = [t for t in targets if t not in sources]
    if not sources and targets and trigger.symmetric and not parties_between:
        # "Bilateral meetings with X and Y took place as well": an agentless meeting is held
        # by whoever the story is about (other than X and Y).
        host = actors.discourse.protagonist(exclude=[actor_identity(t.actor) for t in targets])
        if host is not None:
            sources = [Participant(host[0], host[1], "discourse")]
    if (
        not sources
        and not targets
        and trigger.symmetric
        and not parties_between
        and head.dep_ in ("nsubj", "nsubjpass")
        and governor.lemma_.lower() in UNFOLDING_VERBS
    ):
        # "where talks are taking place", "the summit opened on Monday": talks with no party
        # named are those of the two parties the story has been about
        pair = actors.discourse.last_two_actors()
        sources = [Participant(a, t, "discourse") for a, t in pair]
    if requested_by:
        answered = answering_clause(head)
        targets = [
            p for p in (actors.verb_source(answered) if answered else []) if p not in sources
        ]
    # The "between" phrase named the parties themselves: it leaves no addressee open.
    open_phrase = actors.has_target_phrase(noun, trigger) and not targets and not parties_between
    yield from party_events(noun, trigger, sources, targets, actors, open_phrase=open_phrase)


def _one_per_party(participants: list[Participant]) -> list[Participant]:
    """The first participant of each state or organisation, in order."""
    seen: set[tuple[str | None, str | None]] = set()
    kept: list[Participant] = []
    for participant in participants:
        party = (participant.actor.country, participant.actor.org)
        if party not in seen:
            seen.add(party)
            kept.append(participant)
    return kept


def _posture_verb(head: Token, trigger: Trigger) -> Token | None:
    """The verb of "remained on alert", "put the army on standby" for a force-posture noun."""
    if trigger.code[:2] not in MOBILIZE_ROOTS or head.dep_ != "pobj":
        return None
    preposition = head.head
    if preposition.lower_ != "on" or preposition.dep_ != "prep":
        return None
    verb = preposition.head
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in POSTURE_VERBS:
        return None
    return verb


def _posture_place(
    verb: Token, sources: list[Participant], actors: SentenceActors
) -> list[Participant]:
    """The state whose ground forces are held or massed on: "on alert in Crimea"."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in POSTURE_PLACE_PREPOSITIONS:
            found = actors.nested(child, exclude=sources) or actors.place_target(child)
            if found:
                return found
    return []


def _situating_verb(noun: Token, lexicon: TriggerLexicon) -> Token | None:
    """The verb of "X offered in a call with Y", "X said during talks with Y".

    Not when the phrase is the verb's own argument: in "hit out at the crackdown" the
    crackdown is what is criticised, not something the critic did.
    """
    if noun.dep_ != "pobj" or noun.head.dep_ != "prep":
        return None
    preposition = noun.head.lower_
    if preposition not in ("in", "during", "at", "after", "on"):
        return None
    verb = noun.head.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    trigger = match_trigger(verb, lexicon)
    if trigger is not None and preposition in trigger.targets:
        return None
    return verb


def _meeting_parties(meeting: Token, actors: SentenceActors) -> list[Participant]:
    """Who holds a meeting: the subject of the verb that holds it, or its own modifiers."""
    if meeting.dep_ in ("dobj", "nsubjpass") and meeting.head.pos_ in ("VERB", "AUX"):
        holders = actors.verb_source(meeting.head)
        if holders:
            return holders
    return actors.modifier_actors(meeting)
