"""Matching trigger words to lexicon entries, and telling which triggers belong to another act."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from pipeline.reference.triggers import Trigger, TriggerLexicon


def lemma_keys(token: Token) -> list[str]:
    """The token's lemma, plus both spellings of a hyphenated word ("counter-measures").

    spaCy splits "counter-measures" into three tokens; the lexicon may list either spelling.
    """
    lemma = token.lemma_.lower()
    doc = token.doc
    if token.i >= 2 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_:
        prefix = doc[token.i - 2].lower_
        return [f"{prefix}-{lemma}", f"{prefix}{lemma}", lemma]
    return [lemma]


def match_trigger(token: Token, lexicon: TriggerLexicon) -> Trigger | None:
    """The first lexicon entry whose conditions the token meets."""
    return next(matching_triggers(token, lexicon), None)


def matching_triggers(token: Token, lexicon: TriggerLexicon) -> Iterator[Trigger]:
    """Every lexicon entry whose conditions the token meets, in file order."""
    pos = token.pos_ if token.pos_ != "AUX" else "VERB"
    candidates = [t for key in lemma_keys(token) for t in lexicon.candidates(key, pos)]
    if not candidates:  # most words: spare building the children list below
        return
    attached = list(token.children)
    if pos in ("NOUN", "PROPN") and token.dep_ == "dobj":
        # "opened a hearing on Monday into ...": the parser often hangs the event noun's
        # preposition on the verb whose object the noun is.
        attached.extend(c for c in token.head.children if c.dep_ == "prep" and c.i > token.i)
    for trigger in candidates:
        if trigger.prep and not any(
            c.lower_ == trigger.prep and not _temporal(c)
            for c in attached
            if c.dep_ in PARTICLE_DEPS
        ):
            continue
        if trigger.modifiers and not any(
            c.lemma_.lower() in trigger.modifiers for c in token.children
        ):
            continue
        if trigger.objects and not phrase_lemmas(token) & trigger.objects:
            continue
        if trigger.intransitive and any(c.dep_ in ("dobj", "dative") for c in token.children):
            continue
        if trigger.predicates and not predicate_lemmas(token) & trigger.predicates:
            continue
        if trigger.negated and not is_negated(token):
            continue
        if trigger.unpredicated and has_predicate(token):
            continue
        if trigger.subjects and not subject_lemmas(token) & trigger.subjects:
            continue
        yield trigger


#: Dependencies of a verb's particle: spaCy tags "called back", "brought home" as adverbs.
PARTICLE_DEPS = frozenset({"prt", "prep", "advmod"})
#: Dependencies of what a characterising verb says its object is: "called the plan a ploy"
#: (oprd), "branded the move illegal" (ccomp, acomp), "described the drills as a threat".
PREDICATE_DEPS = frozenset({"oprd", "ccomp", "acomp", "attr"})


def is_negated(token: Token) -> bool:
    """Whether the word itself is negated ("cannot be trusted", "will not go unanswered")."""
    return any(c.dep_ == "neg" for c in token.children)


def predicate_lemmas(token: Token) -> set[str]:
    """Lemmas of what a verb predicates of its object, without its purpose clauses.

    "called the Belarusian plan a provocation" (the parser may hang the predicate under the
    object), "described the drills as a threat", "branded the move illegal"; not "called
    Scholz to discuss the threat".
    """
    return {
        t.lemma_.lower()
        for phrase in _predicate_phrases(token)
        for t in _without_relative_clauses(phrase)
    }


def has_predicate(token: Token) -> bool:
    """Whether a verb says something of its object ("called the claims baseless").

    A lone object predicate with no object is the object itself: the parser reads "called
    Scholz" as naming someone "Scholz".
    """
    phrases = _predicate_phrases(token)
    if not any(c.dep_ == "dobj" for c in token.children):
        phrases = [p for p in phrases if p.dep_ != "oprd" or _trailing_adjectives(p)]
    return bool(phrases)


def _predicate_phrases(token: Token) -> list[Token]:
    phrases: list[Token] = []
    for child in token.children:
        if child.dep_ in PREDICATE_DEPS:
            phrases.append(child)
            if child.dep_ == "oprd":
                phrases.extend(_trailing_adjectives(child))
        elif child.dep_ == "prep" and child.lower_ == "as":
            phrases.extend(c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ == "dobj":
            phrases.extend(
                c for c in child.children if c.dep_ in PREDICATE_DEPS | {"dobj", "appos"}
            )
            # "described the arrival of the ship as a threat": the parser may hang the "as"
            # phrase under the object.
            phrases.extend(
                c
                for prep in child.children
                if prep.dep_ == "prep" and prep.lower_ == "as"
                for c in prep.children
                if c.dep_ == "pobj"
            )
    return phrases


def _trailing_adjectives(noun: Token) -> list[Token]:
    """Adjectives the parser hung after a noun: "called comments by X absurd".

    English puts attributive adjectives before their noun, so an adjective modifying a long
    object from behind is the verb's predicate of that object, misattached.
    """
    return [c for c in noun.children if c.dep_ == "amod" and c.i > noun.i]


def _temporal(preposition: Token) -> bool:
    """Whether a preposition only dates the act ("called off the strike on Monday")."""
    objects = [c for c in preposition.children if c.dep_ == "pobj"]
    return bool(objects) and all(o.ent_type_ in ("DATE", "TIME") for o in objects)


def phrase_lemmas(token: Token) -> set[str]:
    """Lemmas of the trigger's own phrase: its objects and modifiers, not its subject."""
    lemmas: set[str] = {token.lemma_.lower()}
    infinitives = complements(token)
    for child in token.children:
        outside = ("nsubj", "csubj", "agent", "punct", "cc", "conj", "advcl", "relcl")
        if child.dep_ in outside and child not in infinitives:
            continue
        lemmas.update(t.lemma_.lower() for t in _without_relative_clauses(child))
    return lemmas


def subject_lemmas(token: Token) -> set[str]:
    """Lemmas of the trigger's subject phrase ("the first peacekeepers arrived").

    A verb coordinated without a subject of its own shares its head's ("landed and set up"), and
    an infinitive its governing verb's ("students gathered to protest the law").
    """
    subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and (token.dep_ == "conj" or token in complements(token.head)):
        subjects = [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return {t.lemma_.lower() for s in subjects for t in _without_relative_clauses(s)}


def _without_relative_clauses(token: Token) -> Iterator[Token]:
    """A subtree minus its relative clauses ("the PLO, which wants talks": not the talks)."""
    yield token
    for child in token.children:
        if child.dep_ not in ("relcl", "parataxis"):
            yield from _without_relative_clauses(child)


def refined_code(token: Token, trigger: Trigger) -> str:
    """The most specific code the trigger's own phrase justifies ("threatened tariffs")."""
    if not trigger.refine:
        return trigger.code
    lemmas = phrase_lemmas(token)
    for word, code in trigger.refine.items():
        if word in lemmas:
            return code
    return trigger.code


#: Prepositions that introduce what an offer, threat or appeal is about ("threatened with
#: sanctions", "called for talks"), unlike those of time and place ("offered in a phone call").
CONTENT_PREPOSITIONS = frozenset({"with", "for", "to", "of", "about", "over", "against", "from"})
#: Verbs that keep someone "from" doing an act: the act does not happen.
PREVENTING_VERBS = frozenset(
    {"ban", "bar", "prevent", "prohibit", "forbid", "stop", "block", "deter", "dissuade", "keep"}
)


def absorbed(token: Token, lexicon: TriggerLexicon) -> bool:
    """An event verb inside an offer or invitation is part of that event ("invited X to visit")."""
    if is_reported_demand(token, lexicon):
        # "Germany said Russia must withdraw": the withdrawal is the demand's content.
        return True
    current = token
    while (
        current.dep_ in ("xcomp", "ccomp", "pcomp", "pobj", "acl", "dobj")
        or (current.dep_ == "conj" and current.head.dep_ in ("xcomp", "ccomp"))
        or (current.dep_ == "prep" and current.lower_ in CONTENT_PREPOSITIONS)
        or (current.dep_ == "prep" and _is_own_particle(current, lexicon))
        or (current.dep_ == "advcl" and current in complements(current.head))
    ) and current.head.i != current.i:
        below, current = current, current.head
        if below.lower_ == "from" and current.lemma_.lower() in PREVENTING_VERBS:
            return True  # "banned its citizens from travelling to Lebanon": no trip is made
        trigger = match_trigger(current, lexicon)
        if trigger is not None and trigger.absorbs:
            return True
        if current.lemma_.lower() in lexicon.light_verbs and any(
            (inner := match_trigger(c, lexicon)) is not None and inner.absorbs
            for c in current.children
            if c.dep_ == "dobj" and c.i != below.i
        ):
            return True  # "staged rallies to demand reforms": the demand is the rally's
        if is_reported_demand(current, lexicon):
            # "Germany said Russia must withdraw": the withdrawal is demanded, not done.
            return True
    return False


def _is_own_particle(preposition: Token, lexicon: TriggerLexicon) -> bool:
    """Whether a preposition is the particle of its verb's entry ("reneged on a pledge")."""
    trigger = match_trigger(preposition.head, lexicon)
    return trigger is not None and trigger.prep == preposition.lower_


def is_reported_demand(clause: Token, lexicon: TriggerLexicon) -> bool:
    """Whether a clause is what a speaker says another must do ("said Y must leave")."""
    return (
        clause.dep_ == "ccomp"
        and clause.head.lemma_.lower() in lexicon.speech_verbs
        and any(c.dep_ == "aux" and c.lower_ in lexicon.modal_demands for c in clause.children)
    )


def complements(verb: Token) -> list[Token]:
    """Infinitive complements of a verb: "offered to host", "threatened to impose"."""
    return [
        child
        for child in verb.children
        if child.dep_ == "xcomp"
        or (
            child.dep_ == "advcl"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
        )
    ]
