"""Telling whether an article body is written in a language the coder reads (English only)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from itertools import islice
from typing import Any

import pycountry
from py3langid.langid import MODEL_FILE, LanguageIdentifier

#: ISO 639-1 codes of the languages the spaCy model and the reference lexicons are written for.
SUPPORTED_LANGUAGES = frozenset({"en"})

#: Only the start of a body is classified: a few paragraphs settle its language, and the bound
#: keeps a 10,000-sentence article as cheap to screen as a short one.
SAMPLE_CHARS = 5000

#: A body is first judged on this many characters; only when they do not settle it as English
#: is the whole sample read. Classifying costs time in proportion to the text, and it was the
#: largest share of reading a file.
FIRST_SAMPLE_CHARS = 1000

#: The supported languages' probability at which the first sample settles a body as English.
#: English news gets 0.999 or more on its first 1,000 characters (shared corpora and the
#: benchmark's real-news articles), text in another language far less than this.
SETTLED_PROBABILITY = 0.99

#: Below this many letters there is too little text to judge (a body that is a list of names,
#: a one-line note); such bodies are passed on rather than rejected on a guess.
MIN_LETTERS = 40

#: A body is in another language when the classifier gives the supported languages together
#: less than this probability. Measured on the repository's samples, the shared dev corpus and
#: the 322 one-sentence PLOVER records: English bodies, even short ones full of foreign names
#: or in an English-based creole's register, get at least 0.3; bodies written in French,
#: German, Spanish, Swahili, Indonesian, Russian, Chinese or Arabic get less than 0.002.
MAX_SUPPORTED_PROBABILITY = 0.01


@dataclass(frozen=True)
class LanguageGuess:
    """What the language identifier made of a text.

    Attributes:
        language: ISO 639 code of the most probable language ("fr", "ru", "pcm").
        probability: Its probability, 0-1.
        supported_probability: The probability of the supported languages together.
    """

    language: str
    probability: float
    supported_probability: float

    @property
    def language_name(self) -> str:
        """The language's English name from ISO 639 ("French"), or its code if unknown."""
        entry = pycountry.languages.get(alpha_2=self.language) or pycountry.languages.get(
            alpha_3=self.language
        )
        return str(entry.name) if entry is not None else self.language


def guess_language(text: str) -> LanguageGuess | None:
    """Identify the language of a text from its first `SAMPLE_CHARS` characters.

    The first `FIRST_SAMPLE_CHARS` are read first; when they give the supported languages at
    least `SETTLED_PROBABILITY`, that guess stands (a body whose opening is English is taken
    for English even if a translation follows it).

    Args:
        text: Body text of an article.

    Returns:
        The guess, or None when the sample has fewer than `MIN_LETTERS` letters.
    """
    sample = text[:SAMPLE_CHARS]
    # Counting stops at the bound: only "are there enough letters" matters.
    if sum(1 for _ in islice(filter(str.isalpha, sample), MIN_LETTERS)) < MIN_LETTERS:
        return None
    if len(sample) > FIRST_SAMPLE_CHARS:
        first = _ranked_guess(sample[:FIRST_SAMPLE_CHARS])
        if first.supported_probability >= SETTLED_PROBABILITY:
            return first
    return _ranked_guess(sample)


def _ranked_guess(sample: str) -> LanguageGuess:
    ranked: list[tuple[str, Any]] = _identifier().rank(sample)
    language, probability = ranked[0]
    supported = sum(float(p) for code, p in ranked if code in SUPPORTED_LANGUAGES)
    return LanguageGuess(str(language), float(probability), supported)


def unsupported_language(text: str) -> LanguageGuess | None:
    """The guess for a text that is confidently not in a supported language, else None.

    Args:
        text: Body text of an article.

    Returns:
        The guess when the supported languages get less than `MAX_SUPPORTED_PROBABILITY`;
        None for supported text and for text too short to judge.
    """
    guess = guess_language(text)
    if guess is None or guess.supported_probability >= MAX_SUPPORTED_PROBABILITY:
        return None
    return guess


@functools.cache
def _identifier() -> LanguageIdentifier:
    # The model ships inside the py3langid wheel: loading it reads a local file, never the
    # network. Normalised probabilities make the threshold above meaningful across lengths.
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
