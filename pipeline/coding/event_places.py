"""Where an event happened: a place its clause names, else its target's country."""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.coding.coded_event import CodedEvent
from pipeline.coding.modality import governing_chain
from pipeline.normalize.places import Place, PlaceResolver

#: Words after which a place name says where something happened.
LOCATIVE_PREPOSITIONS = frozenset({"in", "at"})
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})


def event_place(event: CodedEvent, places: PlaceResolver) -> Place | None:
    """Where the event happened, if its sentence says."""
    countries = [
        c
        for c in (event.source.actor.country, event.target.actor.country if event.target else None)
        if c and c != "IGO"
    ]
    for token in governing_chain(event.trigger):
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in LOCATIVE_PREPOSITIONS:
                for pobj in prep.children:
                    place = _place_of(pobj, places, countries)
                    if place is not None:
                        return place
        if token.dep_ == "relcl" and token.head.ent_type_ in PLACE_ENTITIES:
            place = _place_of(token.head, places, countries)
            if place is not None:
                return place
    for token in event.trigger.subtree:
        if token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPOSITIONS:
            place = _place_of(token, places, countries)
            if place is not None:
                return place
    if event.trigger_entry.location_from_target and event.target:
        country = event.target.actor.country
        if country and country != "IGO":
            return places.country(country)
    return None


def _place_of(token: Token, places: PlaceResolver, countries: list[str]) -> Place | None:
    if token.ent_type_ not in PLACE_ENTITIES:
        return None
    entity = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    name = entity.text if entity is not None else token.text
    return places.resolve(name, countries)
