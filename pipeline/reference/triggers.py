"""Typed loader of the event-trigger lexicon and of the intent re-coding table."""

from __future__ import annotations

import csv
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

import yaml

from pipeline.reference.cameo import CameoTable, load_cameo_table
from pipeline.reference.errors import ReferenceDataError
from pipeline.reference.paths import reference_dir
from schemas.types import Sector

TriggerPos = Literal["VERB", "NOUN", "ADJ"]
Modality = Literal["occurred", "planned", "intent", "denied", "hypothetical"]

_DEFAULT_TARGETS: dict[str, tuple[str, ...]] = {
    "VERB": ("dobj", "dative"),
    "NOUN": ("to", "with", "on", "against", "toward", "towards"),
    "ADJ": ("to", "with"),
}
_KNOWN_KEYS = frozenset(
    {
        "lemma",
        "pos",
        "code",
        "prep",
        "targets",
        "objects",
        "refine",
        "symmetric",
        "inverse",
        "modality",
        "no_target",
        "absorbs",
        "objects_are_actors",
        "modifiers",
        "requires_light_verb",
        "location_from_target",
        "intransitive",
        "predicates",
        "negated",
        "unpredicated",
        "subjects",
    }
)
_MODALITIES = frozenset({"occurred", "planned", "intent", "denied", "hypothetical"})


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: a word, its part of speech, and how to code the event it signals."""

    lemma: str
    pos: TriggerPos
    code: str
    prep: str | None = None
    targets: tuple[str, ...] = ()
    objects: frozenset[str] = frozenset()
    refine: Mapping[str, str] = field(default_factory=dict)
    symmetric: bool = False
    inverse: str | None = None
    modality: Modality | None = None
    no_target: bool = False
    absorbs: bool = False
    objects_are_actors: bool = False
    modifiers: frozenset[str] = frozenset()
    requires_light_verb: bool = False
    location_from_target: bool = False
    intransitive: bool = False
    predicates: frozenset[str] = frozenset()
    """Words one of which must stand in what the verb predicates of its object ("called the
    plan a provocation", "described the drills as a threat"), not in a purpose clause."""
    negated: bool = False
    """The entry applies only to the negated word, whose negation is its meaning ("cannot be
    trusted", "will not go unanswered"): the event is not denied."""
    unpredicated: bool = False
    """The entry applies only when the verb says nothing of its object ("called Scholz", not
    "called the claims baseless")."""
    subjects: frozenset[str] = frozenset()
    """Words one of which must stand in the trigger's subject phrase ("peacekeepers arrived"
    is a deployment, where "the minister arrived" is a visit)."""

    def signature(self) -> tuple[object, ...]:
        """What tells two entries for one word apart; the loader refuses identical ones."""
        return (
            self.lemma,
            self.pos,
            self.prep,
            self.objects,
            self.objects_are_actors,
            self.modifiers,
            self.intransitive,
            self.predicates,
            self.subjects,
            self.negated,
            self.unpredicated,
        )


@dataclass(frozen=True)
class TriggerLexicon:
    """All triggers by (lemma, pos), plus the word lists the argument finder relies on."""

    triggers: Mapping[tuple[str, str], tuple[Trigger, ...]]
    light_verbs: frozenset[str]
    speech_verbs: frozenset[str]
    plural_determiners: frozenset[str]
    plural_nouns: frozenset[str]
    intent_codes: Mapping[str, str]
    modal_demands: Mapping[str, str] = field(default_factory=dict)
    """Modal verb -> code for reported demands: "X said Y must leave" is X demanding of Y."""
    located_groups: Mapping[str, str] = field(default_factory=dict)
    """Lemma -> sector of unnamed groups of people that act for the country they are in."""
    conditional_threats: Mapping[str, str] = field(default_factory=dict)
    """CAMEO code prefix -> threat code for punitive acts promised on a condition."""

    def threat_code(self, code: str) -> str | None:
        """The threat a conditional punitive act amounts to, by the longest matching prefix."""
        for length in range(len(code), 1, -1):
            threat = self.conditional_threats.get(code[:length])
            if threat is not None:
                return threat
        return None

    def candidates(self, lemma: str, pos: str) -> tuple[Trigger, ...]:
        """Entries for a token's lemma and coarse part of speech (PROPN counts as NOUN)."""
        key_pos = "NOUN" if pos == "PROPN" else pos
        return self.triggers.get((lemma, key_pos), ())

    def intent_code(self, code: str) -> str:
        """The 'express intent' code that stands for a planned or offered `code`."""
        return self.intent_codes.get(code, code)


def _plural(noun: str) -> str:
    """The regular English plural of a noun ("rebel" -> "rebels", "militia" -> "militias")."""
    if noun.endswith("man"):
        return noun[:-3] + "men"
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "o", "u"):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def _words(value: Any, path: Path, where: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ReferenceDataError(path, None, f"{where} must be a list of words")
    return frozenset(v.lower() for v in value)


def _code(cameo: CameoTable, path: Path, code: Any, where: str) -> str:
    if not isinstance(code, str) or code not in cameo:
        raise ReferenceDataError(path, None, f"{where}: {code!r} is not a CAMEO code")
    return code


def _trigger(raw: Any, index: int, path: Path, cameo: CameoTable) -> Trigger:
    where = f"trigger #{index + 1}"
    if not isinstance(raw, dict):
        raise ReferenceDataError(path, None, f"{where} is not a mapping")
    unknown = set(raw) - _KNOWN_KEYS
    if unknown:
        raise ReferenceDataError(path, None, f"{where} has unknown keys {sorted(unknown)}")
    lemma, pos = raw.get("lemma"), raw.get("pos")
    where = f"{where} ({lemma}/{pos})"
    if not isinstance(lemma, str) or not lemma or pos not in _DEFAULT_TARGETS:
        raise ReferenceDataError(path, None, f"{where}: needs a lemma and pos VERB/NOUN/ADJ")
    modality = raw.get("modality")
    if modality is not None and modality not in _MODALITIES:
        raise ReferenceDataError(path, None, f"{where}: unknown modality {modality!r}")
    refine_raw = raw.get("refine") or {}
    if not isinstance(refine_raw, dict):
        raise ReferenceDataError(path, None, f"{where}: refine must map words to codes")
    refine = {str(k).lower(): _code(cameo, path, v, where) for k, v in refine_raw.items()}
    targets = raw.get("targets")
    # YAML 1.1 reads a bare `on` or `no` as a boolean: insist on strings so that never slips by.
    if targets is not None and not (
        isinstance(targets, list) and all(isinstance(t, str) for t in targets)
    ):
        raise ReferenceDataError(path, None, f"{where}: targets must be words (quote 'on')")
    prep = raw.get("prep")
    if prep is not None and not isinstance(prep, str):
        raise ReferenceDataError(path, None, f"{where}: prep must be a word (quote 'on')")
    return Trigger(
        lemma=lemma.lower(),
        pos=pos,
        code=_code(cameo, path, raw.get("code"), where),
        prep=prep,
        targets=tuple(targets) if targets else _DEFAULT_TARGETS[pos],
        objects=_words(raw.get("objects"), path, where),
        refine=refine,
        symmetric=bool(raw.get("symmetric", False)),
        inverse=_code(cameo, path, raw["inverse"], where) if raw.get("inverse") else None,
        modality=modality,
        no_target=bool(raw.get("no_target", False)),
        absorbs=bool(raw.get("absorbs", False)),
        objects_are_actors=bool(raw.get("objects_are_actors", False)),
        modifiers=_words(raw.get("modifiers"), path, where),
        requires_light_verb=bool(raw.get("requires_light_verb", False)),
        location_from_target=bool(raw.get("location_from_target", False)),
        intransitive=bool(raw.get("intransitive", False)),
        predicates=_words(raw.get("predicates"), path, where),
        negated=bool(raw.get("negated", False)),
        unpredicated=bool(raw.get("unpredicated", False)),
        subjects=_words(raw.get("subjects"), path, where),
    )


def _intent_codes(path: Path, cameo: CameoTable) -> dict[str, str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ReferenceDataError(path, None, f"cannot read: {error}") from error
    codes: dict[str, str] = {}
    for line, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        code, intent = row.get("code") or "", row.get("intent_code") or ""
        for value in (code, intent):
            if value not in cameo:
                raise ReferenceDataError(path, line, f"{value!r} is not a CAMEO code")
        if code in codes:
            raise ReferenceDataError(path, line, f"duplicate code {code}")
        codes[code] = intent
    return codes


def load_trigger_lexicon(directory: Path | None = None) -> TriggerLexicon:
    """Load and validate `event_triggers.yaml` and `intent_codes.csv`.

    Raises:
        ReferenceDataError: on unknown keys or codes, malformed entries or duplicates.
    """
    if directory is None:
        return _default_lexicon()
    return _load(directory)


@functools.cache
def _default_lexicon() -> TriggerLexicon:
    return _load(reference_dir())


def _load(directory: Path) -> TriggerLexicon:
    cameo = load_cameo_table()
    path = directory / "event_triggers.yaml"
    try:
        # libyaml's loader when PyYAML was built with it: the same documents, five times faster.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ReferenceDataError(path, None, f"cannot read: {error}") from error
    if not isinstance(document, dict) or not isinstance(document.get("triggers"), list):
        raise ReferenceDataError(path, None, "expected a mapping with a 'triggers' list")
    grouped: dict[tuple[str, str], list[Trigger]] = {}
    seen: set[tuple[object, ...]] = set()
    for index, raw in enumerate(document["triggers"]):
        trigger = _trigger(raw, index, path, cameo)
        # Several entries may share a word when their conditions differ ("protested the
        # visit" 111, intransitive "thousands protested" 141); they are tried in file order.
        identity = trigger.signature()
        if identity in seen:
            raise ReferenceDataError(path, None, f"duplicate trigger {identity[:3]}")
        seen.add(identity)
        grouped.setdefault((trigger.lemma, trigger.pos), []).append(trigger)
    plural = document.get("plural_references") or {}
    modal_raw = document.get("modal_demands") or {}
    if not isinstance(modal_raw, dict):
        raise ReferenceDataError(path, None, "modal_demands must map modal verbs to codes")
    modal_demands = {
        str(word).lower(): _code(cameo, path, code, f"modal_demands.{word}")
        for word, code in modal_raw.items()
    }
    groups_raw = document.get("located_groups") or {}
    sectors = set(get_args(Sector))
    if not isinstance(groups_raw, dict) or not set(map(str, groups_raw.values())) <= sectors:
        raise ReferenceDataError(path, None, "located_groups must map words to sector codes")
    located_groups = {str(k).lower(): str(v) for k, v in groups_raw.items()}
    for word, sector in list(located_groups.items()):
        # A capitalised plural opening a sentence ("Rebels in Mali ...") is tagged a proper
        # noun and keeps its plural as its lemma.
        located_groups.setdefault(_plural(word), sector)
    threats_raw = document.get("conditional_threats") or {}
    if not isinstance(threats_raw, dict):
        raise ReferenceDataError(path, None, "conditional_threats must map code prefixes to codes")
    conditional_threats = {
        str(prefix): _code(cameo, path, code, f"conditional_threats.{prefix}")
        for prefix, code in threats_raw.items()
    }
    return TriggerLexicon(
        triggers={key: tuple(value) for key, value in grouped.items()},
        light_verbs=_words(document.get("light_verbs"), path, "light_verbs"),
        speech_verbs=_words(document.get("speech_verbs"), path, "speech_verbs"),
        plural_determiners=_words(plural.get("determiners"), path, "plural determiners"),
        plural_nouns=_words(plural.get("nouns"), path, "plural nouns"),
        intent_codes=_intent_codes(directory / "intent_codes.csv", cameo),
        modal_demands=modal_demands,
        conditional_threats=conditional_threats,
        located_groups=located_groups,
    )
