"""Whether an event occurred, is planned, offered, denied or only hypothetical, from its clause."""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.reference.triggers import Modality, Trigger

FUTURE_AUXILIARIES = frozenset({"will", "shall", "'ll", "wo", "would"})
NEGATIONS = frozenset({"not", "n't", "never", "no"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
#: Governing words that make the event they govern a scheduled future act.
PLANNING_WORDS = frozenset(
    {
        "expect",
        "schedule",
        "plan",
        "set",
        "due",
        "slate",
        "prepare",
        "prepared",
        "go",
        "poise",
        "upcoming",
        "approve",
        "approval",
        "order",
        "authorize",
        "authorise",
    }
)
#: Governing words that make it an offer, wish or promise rather than a fact.
INTENT_WORDS = frozenset(
    {
        "offer",
        "want",
        "hope",
        "seek",
        "propose",
        "promise",
        "pledge",
        "vow",
        "intend",
        "wish",
        "ready",
        "willing",
        "readiness",
        "willingness",
        "eager",
        "keen",
        "aim",
        "agree",
        "invite",
    }
)
#: Governing words that say the event is not happening.
DENIAL_WORDS = frozenset(
    {"deny", "rule", "refuse", "reject", "decline", "cancel", "postpone", "fail"}
)
#: Prepositions that link an event noun to the act that governs it ("calls for talks", "the sale
#: of arms", "opposition to the approval"), unlike those of time and place.
CONTENT_PREPOSITIONS = frozenset({"with", "for", "to", "of", "about", "over", "on", "against"})
#: Verbs whose subject is an event and which say whether and when it happens.
EVENT_PREDICATES = frozenset(
    {"take", "bring", "lead", "begin", "start", "resume", "open", "happen", "occur", "go"}
)
#: Roots whose acts are verbal and happen when spoken: a threat of future action is a threat now.
SPOKEN_FUTURE_ROOTS = frozenset({"13"})
#: Verbs of saying that can report a headline-style infinitive ("saying Putin to visit India").
REPORTING_VERBS = frozenset({"say", "tell", "confirm", "announce", "state", "add", "report"})
#: Modifiers of an event noun that place it in the future ("the upcoming visit").
FUTURE_MODIFIERS = frozenset(
    {
        "upcoming",
        "planned",
        "forthcoming",
        "scheduled",
        "expected",
        "proposed",
        "future",
        "next",
        "possible",
        "potential",
        "prospective",
    }
)


def governing_chain(token: Token) -> list[Token]:
    """The trigger and the words that govern it within its clause.

    Walks up through infinitive complements, event nouns' light verbs and similar links, and
    stops at the clause's finite verb, so "X said Y will visit" gives [visit] and not [say].
    """
    chain = [token]
    current = token
    while current.head.i != current.i:
        dep = current.dep_
        if dep == "prep" and current.lower_ not in CONTENT_PREPOSITIONS:
            break  # "offered in a phone call": the call is not what was offered
        if dep in ("xcomp", "dobj", "pobj", "prep", "acomp", "attr", "pcomp", "nsubjpass"):
            current = current.head
            chain.append(current)
            continue
        if dep == "acl" and current.head.pos_ in ("NOUN", "ADJ"):
            current = current.head
            chain.append(current)
            continue
        if (
            dep == "nsubj"
            and current.pos_ == "NOUN"
            and current.head.lemma_.lower() in EVENT_PREDICATES
        ):
            # "the talks will take place next week", "his trip will take him to Panama": the
            # verb says when and whether the event happens
            current = current.head
            chain.append(current)
            continue
        break
    return chain


def _yet_to(chain: list[Token]) -> bool:
    """Whether the act is one that has yet to happen ("has yet to recognize", "is yet to sign")."""
    return any(
        governor.lemma_.lower() in ("have", "be")
        and any(c.dep_ == "advmod" and c.lower_ == "yet" for c in governor.children)
        for governor in chain[1:]
    )


def classify_modality(token: Token, trigger: Trigger) -> Modality:
    """The modality of the event signalled by `token`."""
    chain = governing_chain(token)
    lemmas = [t.lemma_.lower() for t in chain]
    children = [c for t in chain for c in t.children]
    if trigger.negated:
        # "cannot be trusted", "will not go unanswered": the negation is the entry's meaning.
        children = [c for c in children if not (c.dep_ == "neg" and c.head.i == token.i)]
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in children):
        return "denied"
    if any(lemma in DENIAL_WORDS for lemma in lemmas[1:]):
        return "denied"
    if _yet_to(chain):
        return "denied"
    if _is_conditional(chain):
        return "hypothetical"
    if trigger.modality is not None:
        return trigger.modality
    if any(lemma in INTENT_WORDS for lemma in lemmas[1:]):
        return "intent"
    if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUXILIARIES for c in children):
        return "planned"
    if any(c.dep_ == "aux" and c.lower_ == "going" for c in children):
        return "planned"
    if any(lemma in PLANNING_WORDS for lemma in lemmas[1:]):
        return "planned"
    if token.pos_ in ("NOUN", "PROPN") and any(
        c.lower_ in FUTURE_MODIFIERS for c in token.children if c.dep_ in ("amod", "compound")
    ):
        return "planned"
    if _bare_infinitive(chain[-1]):
        # Headline style: "Putin to visit India".
        return "planned"
    if _has_to(token) and chain[-1].lemma_.lower() in REPORTING_VERBS and len(chain) > 1:
        # Quoted headline style: saying "Putin to visit India soon".
        return "planned"
    return "occurred"


def condition_subjects(token: Token) -> list[Token]:
    """Subjects of the if/unless clause the event depends on ("... unless Chad holds elections")."""
    subjects: list[Token] = []
    for element in governing_chain(token):
        for clause in element.children:
            if clause.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKS for m in clause.children
            ):
                subjects.extend(c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass"))
    return subjects


def _is_conditional(chain: list[Token]) -> bool:
    for token in chain:
        # "X would impose sanctions if ...": the condition hangs off the event's own clause.
        if any(
            child.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKS for m in child.children)
            for child in token.children
        ):
            return True
        clause = token
        while clause.head.i != clause.i:
            if clause.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in clause.children
            ):
                return True
            if clause.dep_ in ("ROOT", "ccomp"):
                break
            clause = clause.head
    return False


def _has_to(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _bare_infinitive(top: Token) -> bool:
    return _has_to(top) and top.dep_ in ("ROOT", "ccomp", "appos", "parataxis")
