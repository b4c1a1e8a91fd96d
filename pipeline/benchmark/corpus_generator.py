"""Writing a synthetic corpus of scraped-looking news articles for the throughput benchmark.

The benchmark of issue 5 needs thousands of realistic articles of about 500 words that anyone
may use and regenerate, so they are written here from the authored sentence templates in
`data/benchmark/sentence_templates.yaml`, with country names, capitals, leaders (in office on
the article's date) and organisations taken from the project's own reference tables. The mix
follows a general news feed, not only diplomacy, because the share of sentences that can hold
an event is what a fast path exploits: measuring it on a corpus of pure diplomacy would flatter
nothing and measure the wrong thing.

Each file has the layout `pipeline.ingest.article_parser` accepts: a `date YYYY-MM-DD` line,
usually a site dateline, a headline, then paragraphs, with some of the one-line leftovers a
scraper keeps (captions, "Read more" links, copyright lines). Articles are generated one at a
time from their own seeded random generator and written at once, so a corpus of any size is
never held in memory and any single article can be regenerated alone.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import re
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from pipeline.reference.actors import Country, Leader, load_actor_reference
from pipeline.reference.errors import ReferenceDataError
from pipeline.reference.paths import reference_dir

#: The template bank shipped with the repository.
TEMPLATES_FILE = reference_dir().parent / "benchmark" / "sentence_templates.yaml"

#: Seed of `generate_corpus` when none is given.
DEFAULT_SEED = 20261125

#: Publication dates are spread over these two calendar years (crawl dates too: a page is
#: crawled the day it appears or the day after, and the last possible day is kept free for that).
FIRST_PUBLICATION_DAY = dt.date(2024, 1, 1)
LAST_PUBLICATION_DAY = dt.date(2025, 12, 30)

Genre = Literal["diplomacy", "conflict", "economy", "domestic", "sports", "science"]
GENRES: tuple[Genre, ...] = ("diplomacy", "conflict", "economy", "domestic", "sports", "science")

JunkKind = Literal["caption", "link", "copyright", "other"]
_JUNK_KINDS: tuple[JunkKind, ...] = ("caption", "link", "copyright", "other")

# Body length in words (as the parser counts them: everything below the headline). Sentences are
# drawn until the target is reached; the clamp leaves room for the last sentence, an agency
# opening and junk lines so that no article leaves 350-700.
_TARGET_WORDS_MEAN = 500
_TARGET_WORDS_SD = 65
_TARGET_WORDS_RANGE = (370, 615)
_PARAGRAPHS_RANGE = (6, 9)
# How often a scraped page keeps each kind of junk, and how often the site prints a breadcrumb
# section on the date line or opens with a wire-agency dateline; rough impressions of real feeds.
_JUNK_PROBABILITY: Mapping[JunkKind, float] = {
    "caption": 0.2,
    "link": 0.2,
    "copyright": 0.15,
    "other": 0.12,
}
_SECTION_PROBABILITY = 0.6
_AGENCY_LEAD_PROBABILITY = 0.15
# Papers print the date they publish; a crawler often fetches the page a day later.
_CRAWLED_NEXT_DAY_PROBABILITY = 0.3
# News leads with the news: an event-bearing genre opens with an event this often.
_EVENT_LEAD_PROBABILITY = 0.8
_EVENT_LEAD_MIN_SHARE = 0.25

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_MONTH_ABBREVIATIONS = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SMALL_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
# Only words that take "a", not "an": templates write "a {duration} visit", "a {ordinal} day".
_DURATIONS = ("two-day", "three-day", "four-day", "five-day", "six-day", "ten-day")
_ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "ninth", "tenth")
_ROMAN_NUMERAL = re.compile(r"^[IVX]+$")
_NAME_SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr"})
_NAME_PARTICLES = frozenset({"bin", "bint", "ibn", "al", "Al", "el", "da", "de", "van", "von"})
# Headline words this short stay lower case ("of", "and", "to"), as in most sites' title case.
_HEADLINE_MINOR_WORD_LENGTH = 3


def _spelled(value: int) -> str:
    # Wire style: numbers below ten are written out.
    return _SMALL_NUMBERS[value] if value < 10 else str(value)


def _ordinal_suffix(value: int) -> str:
    if 10 <= value % 100 <= 20:
        return f"{value}th"
    return f"{value}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(value % 10, 'th') }"


def _weekday(rng: random.Random, day: dt.date) -> str:
    # The act being reported happened on the day of publication or in the few days before.
    return _WEEKDAYS[(day.weekday() - rng.randint(0, 5)) % 7]


def _past_month(rng: random.Random, day: dt.date) -> str:
    return _MONTHS[(day.month - 1 - rng.randint(1, 4)) % 12]


# Sentence slots drawn from the random generator; they take the publication date so that
# weekdays, months and years are relative to it.
_SENTENCE_DRAWS: Mapping[str, Callable[[random.Random, dt.date], str]] = {
    "weekday": _weekday,
    "month": _past_month,
    "year_past": lambda rng, day: str(day.year - rng.randint(2, 9)),
    "year_old": lambda rng, day: str(day.year - rng.randint(15, 50)),
    "n": lambda rng, day: _spelled(rng.randint(2, 12)),
    "casualties": lambda rng, day: str(rng.randint(3, 60)),
    "num": lambda rng, day: str(rng.randint(15, 950)),
    "dozens": lambda rng, day: str(rng.randint(12, 60)),
    "thousands": lambda rng, day: f"{rng.randint(12, 980) * 100:,}",
    "pct": lambda rng, day: f"{rng.uniform(0.3, 9.9):.1f}",
    "pct2": lambda rng, day: str(rng.randint(10, 75)),
    "bn": lambda rng, day: f"{rng.uniform(0.4, 48.0):.1f}",
    "mn": lambda rng, day: str(rng.randint(5, 900)),
    "duration": lambda rng, day: rng.choice(_DURATIONS),
    "ordinal": lambda rng, day: rng.choice(_ORDINALS),
    "score": lambda rng, day: _score(rng),
    "minute": lambda rng, day: _ordinal_suffix(rng.randint(3, 88)),
    "speed": lambda rng, day: str(rng.randint(80, 190)),
    "temperature": lambda rng, day: str(rng.randint(33, 46)),
}
# Sentence slots whose values come from a word list of the template file: slot -> list.
_SENTENCE_WORD_SLOTS: Mapping[str, str] = {
    "coop_area": "coop_areas",
    "dispute_topic": "dispute_topics",
}
#: Slots drawn anew for every sentence (numbers, weekdays, short phrases).
SENTENCE_SLOTS: frozenset[str] = frozenset(_SENTENCE_DRAWS) | frozenset(_SENTENCE_WORD_SLOTS)


def _score(rng: random.Random) -> str:
    winner = rng.randint(1, 4)
    return f"{winner}-{rng.randint(0, winner - 1)}"


_COUNTRY_SLOT_SUFFIXES = ("", "_poss", "_adj", "_capital")
_OFFICE_SLOT_SUFFIXES = ("_leader", "_leader_short", "_leader_role", "_fm", "_fm_short")
#: Slots fixed for a whole article, so that it tells one story about the same parties.
ARTICLE_SLOTS: frozenset[str] = frozenset(
    [f"{party}{suffix}" for party in "ABC" for suffix in _COUNTRY_SLOT_SUFFIXES]
    + [f"{party}{suffix}" for party in "AB" for suffix in _OFFICE_SLOT_SUFFIXES]
    + [
        "igo", "igo2", "lender", "agency", "person", "person2", "expert", "official", "byline",
        "think_tank", "university", "company", "company2", "product", "sector", "commodity",
        "party", "party2", "team", "team2", "tournament", "venue", "coach", "player",
        "player2", "sport", "storm", "species", "festival", "outlet",
        # The frame of the page: dateline formats, the agency opening, junk lines.
        "pub_weekday", "pub_year", "date_long", "date_day_first", "date_abbr", "date_iso",
        "time24", "time12", "tz", "agency_date", "CAPITAL", "headline", "story_url",
    ]
)  # fmt: skip
# Article slots filled straight from a word list of the template file: slot -> list.
_ARTICLE_WORD_SLOTS: Mapping[str, str] = {
    "think_tank": "think_tanks",
    "university": "universities",
    "product": "products",
    "sector": "sectors",
    "commodity": "commodities",
    "tournament": "tournaments",
    "venue": "venues",
    "sport": "sports",
    "storm": "storms",
    "species": "species",
    "festival": "festivals",
    "outlet": "outlets",
    "tz": "time_zones",
}
_REQUIRED_WORD_LISTS = frozenset(
    {"first_names", "surnames", "companies", "parties", "teams"}
    | set(_ARTICLE_WORD_SLOTS.values())
    | set(_SENTENCE_WORD_SLOTS.values())
)


@dataclass(frozen=True)
class Template:
    """One sentence, headline or frame line with `{slot}` fields.

    Attributes:
        text: The template as written in the YAML file.
        sentence_slots: The slots of `text` drawn anew for each use, in order of appearance.
    """

    text: str
    sentence_slots: tuple[str, ...]


@dataclass(frozen=True)
class GenreTemplates:
    """The templates and settings of one genre of news.

    Attributes:
        name: The genre.
        weight: Its share of the feed, relative to the other genres' weights.
        sections: Breadcrumb words a site prints on the date line for it.
        event_share: Probability that a body sentence after the lead reports an event.
        headlines: Headline templates.
        events: Sentences that report an act between actors.
        background: Context, quotes, figures and description.
    """

    name: Genre
    weight: float
    sections: tuple[str, ...]
    event_share: float
    headlines: tuple[Template, ...]
    events: tuple[Template, ...]
    background: tuple[Template, ...]


@dataclass(frozen=True)
class Office:
    """One term of the person written for a country's leader or foreign minister.

    Attributes:
        start: First day in office.
        end: First day out of office, or None.
        full: Title and name ("President Emmanuel Macron").
        short: The name a later mention uses ("Macron").
        title: The title in lower case ("president").
    """

    start: dt.date
    end: dt.date | None
    full: str
    short: str
    title: str


@dataclass(frozen=True)
class CountryForms:
    """How sentences write one country, and who speaks for it when.

    Attributes:
        alpha3: ISO 3166 alpha-3 code.
        name: The name as a sentence writes it, with "the" where English needs one.
        possessive: "Russia's", "the Philippines'".
        adjective: The first demonym of countries.csv.
        capital: The first capital of countries.csv.
        leader_title: Title of the office that leads the country in the news, used in the
            generic form ("the French president") when nobody holds it on the article's date.
        leaders: Terms of the leading office first, then of the other head.
        foreign_ministers: Terms of the foreign ministers.
    """

    alpha3: str
    name: str
    possessive: str
    adjective: str
    capital: str
    leader_title: str
    leaders: tuple[Office, ...]
    foreign_ministers: tuple[Office, ...]


@dataclass(frozen=True)
class TemplateBank:
    """The loaded template file, cross-checked against the reference tables.

    Attributes:
        path: The file it was loaded from.
        genres: One entry per genre, in `GENRES` order.
        datelines: Dateline line templates; an empty text means no dateline.
        agency_leads: Wire-agency openings of a first paragraph.
        junk: One-line scraping leftovers by kind.
        igos: Organisations as sentences write them.
        lenders: Lending institutions as sentences write them.
        agencies: News agency names.
        words: The authored word lists.
        countries: The countries sentences may name, in countries.csv order.
        country_cum_weights: Cumulative news-prominence weights of `countries`.
        conflict_pairs: Positions in `countries` of pairs the conflict genre favours.
        genre_cum_weights: Cumulative weights of `genres`.
    """

    path: Path
    genres: tuple[GenreTemplates, ...]
    datelines: tuple[Template, ...]
    agency_leads: tuple[Template, ...]
    junk: Mapping[JunkKind, tuple[Template, ...]]
    igos: tuple[str, ...]
    lenders: tuple[str, ...]
    agencies: tuple[str, ...]
    words: Mapping[str, tuple[str, ...]]
    countries: tuple[CountryForms, ...]
    country_cum_weights: tuple[float, ...]
    conflict_pairs: tuple[tuple[int, int], ...]
    genre_cum_weights: tuple[float, ...]


@dataclass(frozen=True)
class ComposedArticle:
    """One generated article: the file's text and what went into it.

    Attributes:
        index: Position of the article in its corpus.
        genre: The genre it was drawn from.
        headline: The headline line.
        text: The whole file.
        num_words: Words below the headline, as `ArticleRecord.num_words` counts them.
        num_paragraphs: Paragraphs below the headline, junk lines included.
        num_sentences: Template sentences in the body (junk lines and the agency opening aside).
        num_event_sentences: Of these, the sentences drawn from the genre's event templates.
        num_junk_lines: One-line paragraphs of scraping leftovers.
    """

    index: int
    genre: Genre
    headline: str
    text: str
    num_words: int
    num_paragraphs: int
    num_sentences: int
    num_event_sentences: int
    num_junk_lines: int


@dataclass(frozen=True)
class GeneratedCorpus:
    """What `generate_corpus` wrote.

    Attributes:
        directory: The corpus directory (the `--input` of `attache run`).
        num_articles: Files written.
        num_words: Words below the headlines, summed as the parser counts them.
        num_paragraphs: Paragraphs below the headlines, junk lines included.
    """

    directory: Path
    num_articles: int
    num_words: int
    num_paragraphs: int


def generate_corpus(
    directory: Path,
    num_articles: int,
    *,
    seed: int = DEFAULT_SEED,
    articles_per_folder: int = 1000,
) -> GeneratedCorpus:
    """Write a synthetic corpus, one `*.txt` file per article, streaming.

    Article `i` goes to `batch_<i // articles_per_folder>/article_<i>.txt` (zero-padded) and
    depends only on `seed` and `i`, so the same arguments give byte-identical files and a
    larger corpus starts with the files of a smaller one. Existing files of the same names are
    overwritten, which lets an interrupted run be repeated.

    Args:
        directory: Where to write; created if missing.
        num_articles: How many articles to write.
        seed: Seed of the whole corpus.
        articles_per_folder: Files per sub-folder (folders keep directory listings short and
            give the pipeline natural ingest batches).

    Returns:
        The directory and the totals of what was written.

    Raises:
        ValueError: If `num_articles` is negative or `articles_per_folder` is not positive.
        FileExistsError: If the directory holds `*.txt` files this call would not write, which
            would silently mix into the corpus.
    """
    if num_articles < 0:
        raise ValueError(f"num_articles must be >= 0, not {num_articles}")
    if articles_per_folder < 1:
        raise ValueError(f"articles_per_folder must be >= 1, not {articles_per_folder}")
    bank = load_template_bank()
    directory.mkdir(parents=True, exist_ok=True)
    _check_no_strangers(directory, num_articles, articles_per_folder)
    num_words = num_paragraphs = 0
    for index in range(num_articles):
        path = directory / article_path(index, articles_per_folder)
        if index % articles_per_folder == 0:
            path.parent.mkdir(exist_ok=True)
        article = compose_article(article_rng(seed, index), index, bank)
        # Bytes, not text mode: the files must be identical on every platform.
        path.write_bytes(article.text.encode("utf-8"))
        num_words += article.num_words
        num_paragraphs += article.num_paragraphs
    return GeneratedCorpus(directory, num_articles, num_words, num_paragraphs)


def generate_article(rng: random.Random, index: int) -> str:
    """Write the text of one article file.

    Args:
        rng: The article's random generator (`article_rng(seed, index)` in a corpus).
        index: Position of the article in its corpus; it numbers the story in the links a
            scraper leaves.

    Returns:
        The file's text: date line, dateline, headline and paragraphs, ending with a newline.
    """
    return compose_article(rng, index).text


def article_rng(seed: int, index: int) -> random.Random:
    """The random generator of one article of a corpus.

    Seeded from a string, which Python hashes with SHA-512 whatever `PYTHONHASHSEED` is, so
    article `index` of corpus `seed` is the same in every process and on every machine.

    Args:
        seed: Seed of the corpus.
        index: Position of the article.

    Returns:
        A generator for that article alone.
    """
    return random.Random(f"attache-benchmark:{seed}:{index}")


def article_path(index: int, articles_per_folder: int = 1000) -> Path:
    """Relative path of article `index` in a corpus directory.

    Args:
        index: Position of the article.
        articles_per_folder: Files per sub-folder.

    Returns:
        `batch_0003/article_003141.txt` and the like.
    """
    return Path(f"batch_{index // articles_per_folder:04d}") / f"article_{index:06d}.txt"


def compose_article(
    rng: random.Random, index: int, bank: TemplateBank | None = None
) -> ComposedArticle:
    """Draw one article: genre, parties, dates, sentences, paragraphs and junk lines.

    Args:
        rng: The article's random generator; everything drawn comes from it, in a fixed order.
        index: Position of the article in its corpus.
        bank: The templates; the shipped file by default.

    Returns:
        The article's text and counts.
    """
    bank = bank if bank is not None else load_template_bank()
    genre = rng.choices(bank.genres, cum_weights=bank.genre_cum_weights)[0]
    span = (LAST_PUBLICATION_DAY - FIRST_PUBLICATION_DAY).days
    published = FIRST_PUBLICATION_DAY + dt.timedelta(days=rng.randint(0, span))
    crawled = published + dt.timedelta(days=int(rng.random() < _CRAWLED_NEXT_DAY_PROBABILITY))
    slots = _article_slots(rng, bank, genre, published, index)

    headline = _headline(_fill(rng.choice(genre.headlines), slots, rng, published, bank))
    # Another story of the same site, for "Read more" lines.
    slots["headline"] = _headline(_fill(rng.choice(genre.headlines), slots, rng, published, bank))

    sentences, num_events = _body_sentences(rng, genre, slots, published, bank)
    paragraphs = [" ".join(group) for group in _group(rng, sentences)]
    if rng.random() < _AGENCY_LEAD_PROBABILITY:
        paragraphs[0] = (
            _fill(rng.choice(bank.agency_leads), slots, rng, published, bank) + (paragraphs[0])
        )
    num_junk = _insert_junk(rng, paragraphs, bank, slots, published)

    date_line = f"date {crawled.isoformat()}"
    if rng.random() < _SECTION_PROBABILITY:
        date_line += " " + rng.choice(genre.sections)
    dateline = _fill(rng.choice(bank.datelines), slots, rng, published, bank)
    header = [date_line, dateline, headline] if dateline else [date_line, headline]
    text = "\n".join(header) + "\n\n" + "\n\n".join(paragraphs) + "\n"
    return ComposedArticle(
        index=index,
        genre=genre.name,
        headline=headline,
        text=text,
        num_words=sum(len(paragraph.split()) for paragraph in paragraphs),
        num_paragraphs=len(paragraphs),
        num_sentences=len(sentences),
        num_event_sentences=num_events,
        num_junk_lines=num_junk,
    )


@functools.cache
def load_template_bank(path: Path = TEMPLATES_FILE) -> TemplateBank:
    """Load and check the template file against the reference tables, once per path.

    Args:
        path: A template file; the shipped `data/benchmark/sentence_templates.yaml` by default.

    Returns:
        The templates with the country, leader and organisation forms they are filled from.

    Raises:
        ReferenceDataError: If the file is missing or not valid YAML, lacks a section or a
            genre, a template names an unknown slot or writes "{A}'s", or a country,
            organisation or agency code is not in the reference tables.
    """
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReferenceDataError(path, None, f"cannot be read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise ReferenceDataError(path, None, f"is not valid YAML: {exc}") from exc
    loader = _BankLoader(path, _mapping(path, document, "the file"))
    return loader.bank()


class _BankLoader:
    """Turns the parsed YAML document into a `TemplateBank`, failing loudly on any gap."""

    def __init__(self, path: Path, document: Mapping[str, Any]) -> None:
        self.path = path
        self.document = document
        self.reference = load_actor_reference()

    def bank(self) -> TemplateBank:
        genres_node = _mapping(self.path, self.document.get("genres"), "genres")
        unknown = sorted(set(genres_node) - set(GENRES))
        missing = [name for name in GENRES if name not in genres_node]
        if unknown or missing:
            raise self.error(
                f"genres must be exactly {list(GENRES)}: extra {unknown}, missing {missing}"
            )
        genres = tuple(self.genre(name, genres_node[name]) for name in GENRES)
        junk_node = _mapping(self.path, self.document.get("junk"), "junk")
        words = {
            key: self.strings(values, f"words.{key}")
            for key, values in _mapping(self.path, self.document.get("words"), "words").items()
        }
        absent = sorted(_REQUIRED_WORD_LISTS - set(words))
        if absent:
            raise self.error(f"words lacks the lists {absent}")
        countries, weights = self.countries()
        by_code = {country.alpha3: position for position, country in enumerate(countries)}
        return TemplateBank(
            path=self.path,
            genres=genres,
            datelines=self.templates(self.document.get("datelines"), "datelines", allow_empty=True),
            agency_leads=self.templates(self.document.get("agency_leads"), "agency_leads"),
            junk={
                kind: self.templates(junk_node.get(kind), f"junk.{kind}") for kind in _JUNK_KINDS
            },
            igos=self.organisations("igos"),
            lenders=self.organisations("lenders"),
            agencies=self.agencies(),
            words=words,
            countries=countries,
            country_cum_weights=tuple(_cumulative(weights)),
            conflict_pairs=self.conflict_pairs(by_code),
            genre_cum_weights=tuple(_cumulative(genre.weight for genre in genres)),
        )

    def error(self, problem: str) -> ReferenceDataError:
        return ReferenceDataError(self.path, None, problem)

    def genre(self, name: Genre, node: Any) -> GenreTemplates:
        entry = _mapping(self.path, node, f"genre {name}")
        weight, share = entry.get("weight"), entry.get("event_share")
        if not isinstance(weight, int | float) or weight <= 0:
            raise self.error(f"genre {name}: weight must be a positive number, not {weight!r}")
        if not isinstance(share, int | float) or not 0 <= share <= 1:
            raise self.error(f"genre {name}: event_share must be in [0, 1], not {share!r}")
        events = self.templates(entry.get("events"), f"{name}.events", allow_none=True)
        if share > 0 and not events:
            raise self.error(f"genre {name}: event_share {share} needs event templates")
        return GenreTemplates(
            name=name,
            weight=float(weight),
            sections=self.strings(entry.get("sections"), f"{name}.sections"),
            event_share=float(share),
            headlines=self.templates(entry.get("headlines"), f"{name}.headlines"),
            events=events,
            background=self.templates(entry.get("background"), f"{name}.background"),
        )

    def strings(self, node: Any, where: str) -> tuple[str, ...]:
        if not isinstance(node, list) or not node:
            raise self.error(f"{where} must be a non-empty list")
        if not all(isinstance(item, str) for item in node):
            raise self.error(f"{where} must hold only strings")
        return tuple(node)

    def templates(
        self, node: Any, where: str, *, allow_empty: bool = False, allow_none: bool = False
    ) -> tuple[Template, ...]:
        if allow_none and node == []:
            return ()
        texts = self.strings(node, where)
        known = ARTICLE_SLOTS | SENTENCE_SLOTS
        templates: list[Template] = []
        for text in texts:
            if not text and not allow_empty:
                raise self.error(f"{where} has an empty template")
            fields = _fields(self.path, text)
            unknown = [field for field in fields if field not in known]
            if unknown:
                raise self.error(f"{where}: unknown slot(s) {unknown} in {text!r}")
            if re.search(r"\{[ABC]\}'s", text):
                raise self.error(f"{where}: write {{A_poss}}, not {{A}}'s, in {text!r}")
            templates.append(
                Template(text, tuple(dict.fromkeys(f for f in fields if f in SENTENCE_SLOTS)))
            )
        return tuple(templates)

    def organisations(self, key: str) -> tuple[str, ...]:
        node = _mapping(self.path, self.document.get(key), key)
        igos = {igo.org: igo for igo in self.reference.igos}
        written: list[str] = []
        for code, text in node.items():
            igo = igos.get(code)
            if igo is None or not isinstance(text, str):
                raise self.error(f"{key}: {code!r} is not an igos.csv code with a name")
            # The coder must find the organisation in the sentence: the written form less
            # its article is the organisation's code, name or one of its aliases.
            bare = text.removeprefix("the ")
            if bare not in {igo.org, igo.name, *igo.aliases}:
                raise self.error(f"{key}: {text!r} is not a surface form of {code} in igos.csv")
            written.append(text)
        return tuple(written)

    def agencies(self) -> tuple[str, ...]:
        agencies = self.strings(self.document.get("agencies"), "agencies")
        forms = {form for a in self.reference.news_agencies for form in (a.name, *a.aliases)}
        unknown = [agency for agency in agencies if agency not in forms]
        if unknown:
            raise self.error(f"agencies {unknown} are not in news_agencies.csv")
        return agencies

    def countries(self) -> tuple[tuple[CountryForms, ...], list[float]]:
        node = _mapping(self.path, self.document.get("countries"), "countries")
        weights_node = _mapping(self.path, node.get("weights"), "countries.weights")
        with_article = set(self.strings(node.get("with_article"), "countries.with_article"))
        leaders_node = _mapping(self.path, self.document.get("leaders"), "leaders")
        codes = {country.alpha3 for country in self.reference.countries}
        listed = set(weights_node) | with_article
        unknown = sorted(listed - codes)
        if unknown:
            raise self.error(f"countries: unknown alpha-3 codes {unknown}")
        leaders_by_country: dict[str, list[Leader]] = {}
        for leader in self.reference.leaders:
            leaders_by_country.setdefault(leader.country, []).append(leader)
        offices = _OfficeRules(
            government_led=frozenset(
                self.strings(leaders_node.get("government_led"), "leaders.government_led")
            ),
            state_titles=self.titles(leaders_node, "state_titles"),
            government_titles=self.titles(leaders_node, "government_titles"),
            foreign_minister_titles=self.titles(leaders_node, "foreign_minister_titles"),
        )
        forms: list[CountryForms] = []
        weights: list[float] = []
        for country in self.reference.countries:
            # A country a sentence cannot write naturally ("the ___ foreign ministry", "in ___")
            # is left out rather than written badly.
            if not country.demonyms or not country.capitals:
                if country.alpha3 in weights_node:
                    raise self.error(
                        f"countries.weights: {country.alpha3} has no demonym or capital"
                    )
                continue
            forms.append(
                _country_forms(
                    country,
                    country.alpha3 in with_article,
                    leaders_by_country.get(country.alpha3, []),
                    offices,
                )
            )
            weight = weights_node.get(country.alpha3, 1)
            if not isinstance(weight, int | float) or weight <= 0:
                raise self.error(f"countries.weights: {country.alpha3} weight must be positive")
            weights.append(float(weight))
        return tuple(forms), weights

    def titles(self, node: Mapping[str, Any], key: str) -> Mapping[str, str]:
        titles = _mapping(self.path, node.get(key), f"leaders.{key}")
        if not all(isinstance(value, str) for value in titles.values()):
            raise self.error(f"leaders.{key} must map alpha-3 codes to titles")
        return {str(code): str(title) for code, title in titles.items()}

    def conflict_pairs(self, by_code: Mapping[str, int]) -> tuple[tuple[int, int], ...]:
        node = _mapping(self.path, self.document.get("countries"), "countries")
        pairs = node.get("conflict_pairs")
        if not isinstance(pairs, list):
            raise self.error("countries.conflict_pairs must be a list of pairs")
        checked: list[tuple[int, int]] = []
        for pair in pairs:
            if not (isinstance(pair, list) and len(pair) == 2 and all(p in by_code for p in pair)):
                raise self.error(
                    f"countries.conflict_pairs: {pair!r} is not a pair of usable codes"
                )
            checked.append((by_code[pair[0]], by_code[pair[1]]))
        return tuple(checked)


@dataclass(frozen=True)
class _OfficeRules:
    """Which office leads each country in the news, and the titles offices are written with."""

    government_led: frozenset[str]
    state_titles: Mapping[str, str]
    government_titles: Mapping[str, str]
    foreign_minister_titles: Mapping[str, str]


def _country_forms(
    country: Country, with_article: bool, leaders: Sequence[Leader], rules: _OfficeRules
) -> CountryForms:
    name = f"the {country.name}" if with_article else country.name
    state_title = rules.state_titles.get(country.alpha3, "President")
    government_title = rules.government_titles.get(country.alpha3, "Prime Minister")
    heads = [("head_of_state", state_title), ("head_of_government", government_title)]
    if country.alpha3 in rules.government_led:
        heads.reverse()
    # National offices only: an IGO official's row carries an org and the country IGO.
    national = [leader for leader in leaders if leader.org is None]
    ordered = [
        _office(leader, title)
        for role, title in heads
        for leader in national
        if leader.role == role
    ]
    fm_title = rules.foreign_minister_titles.get(country.alpha3, "Foreign Minister")
    ministers = [
        _office(leader, fm_title) for leader in national if leader.role == "foreign_minister"
    ]
    return CountryForms(
        alpha3=country.alpha3,
        name=name,
        possessive=f"{name}'" if name.endswith("s") else f"{name}'s",
        adjective=country.demonyms[0],
        capital=country.capitals[0],
        leader_title=heads[0][1],
        leaders=tuple(ordered),
        foreign_ministers=tuple(ministers),
    )


def _office(leader: Leader, title: str) -> Office:
    return Office(
        start=leader.term_start,
        end=leader.term_end,
        full=f"{title} {leader.name}",
        short=_short_name(leader, title),
        title=title.lower(),
    )


def _short_name(leader: Leader, title: str) -> str:
    """The name a second mention uses: "Putin", "Lula", "King Charles", "Mohammed bin Salman"."""
    single = [alias for alias in leader.aliases if " " not in alias and alias != alias.upper()]
    if single:
        return min(single, key=len)
    tokens = leader.name.split()
    if any(token in _NAME_PARTICLES for token in tokens):
        return min(leader.aliases, key=len) if leader.aliases else leader.name
    kept = [token for token in tokens if token not in _NAME_SUFFIXES]
    if len(kept) > 1 and _ROMAN_NUMERAL.match(kept[-1]):
        # Monarchs are called by title and given name ("King Charles"), never "III".
        return f"{title} {' '.join(kept[:-1])}"
    return kept[-1]


def _in_office(offices: Iterable[Office], day: dt.date) -> Office | None:
    return next(
        (o for o in offices if o.start <= day and (o.end is None or day < o.end)),
        None,
    )


def _article_slots(
    rng: random.Random, bank: TemplateBank, genre: GenreTemplates, day: dt.date, index: int
) -> dict[str, str]:
    countries = bank.countries
    if genre.name == "conflict" and bank.conflict_pairs and rng.random() < 0.6:
        first, second = rng.choice(bank.conflict_pairs)
        parties = (
            [countries[first], countries[second]]
            if rng.random() < 0.5
            else [countries[second], countries[first]]
        )
    else:
        parties = []
    while len(parties) < 3:
        candidate = rng.choices(countries, cum_weights=bank.country_cum_weights)[0]
        if candidate not in parties:
            parties.append(candidate)

    words = bank.words
    # Distinct first and last names, so two people of one article are never confused.
    people = [
        f"{first} {last}"
        for first, last in zip(
            rng.sample(words["first_names"], 8), rng.sample(words["surnames"], 8), strict=True
        )
    ]
    slots: dict[str, str] = {}
    for label, country in zip("ABC", parties, strict=True):
        slots[label] = country.name
        slots[f"{label}_poss"] = country.possessive
        slots[f"{label}_adj"] = country.adjective
        slots[f"{label}_capital"] = country.capital
        if label == "C":
            continue
        leader = _in_office(country.leaders, day)
        if leader is None:
            title = country.leader_title.lower()
            slots[f"{label}_leader"] = f"the {country.adjective} {title}"
            slots[f"{label}_leader_short"] = f"the {title}"
            slots[f"{label}_leader_role"] = title
        else:
            slots[f"{label}_leader"] = leader.full
            slots[f"{label}_leader_short"] = leader.short
            slots[f"{label}_leader_role"] = leader.title
        minister = _in_office(country.foreign_ministers, day)
        slots[f"{label}_fm"] = (
            minister.full if minister else f"the {country.adjective} foreign minister"
        )
        slots[f"{label}_fm_short"] = minister.short if minister else "the foreign minister"
    igo, igo2 = rng.sample(bank.igos, 2)
    company, company2 = rng.sample(words["companies"], 2)
    party, party2 = rng.sample(words["parties"], 2)
    team, team2 = rng.sample(words["teams"], 2)
    slots.update(
        igo=igo,
        igo2=igo2,
        lender=rng.choice(bank.lenders),
        agency=rng.choice(bank.agencies),
        person=people[0],
        person2=people[1],
        expert=people[2],
        official=people[3],
        byline=people[4],
        coach=people[5],
        player=people[6],
        player2=people[7],
        company=company,
        company2=company2,
        party=party,
        party2=party2,
        team=team,
        team2=team2,
    )
    for slot, list_name in _ARTICLE_WORD_SLOTS.items():
        slots[slot] = rng.choice(words[list_name])
    hour, minute = rng.randint(5, 23), rng.randint(0, 59)
    month = _MONTH_ABBREVIATIONS[day.month - 1]
    slots.update(
        pub_weekday=_WEEKDAYS[day.weekday()],
        pub_year=str(day.year),
        date_long=f"{_MONTHS[day.month - 1]} {day.day}, {day.year}",
        date_day_first=f"{day.day} {_MONTHS[day.month - 1]} {day.year}",
        date_abbr=f"{month} {day.day}, {day.year}",
        date_iso=day.isoformat(),
        time24=f"{hour:02d}:{minute:02d}",
        time12=f"{(hour - 1) % 12 + 1}:{minute:02d} {'AM' if hour < 12 else 'PM'}",
        agency_date=f"{month}{'.' if rng.random() < 0.5 and month != 'May' else ''} {day.day}",
        CAPITAL=slots["A_capital"].upper(),
        headline="",
        # Sites number their stories; the corpus index stands in for the site's story id.
        story_url=(
            f"https://www.{slots['outlet'].lower().replace(' ', '')}.com/news/"
            f"{day:%Y/%m/%d}/{index}"
        ),
    )
    return slots


def _fill(
    template: Template,
    slots: dict[str, str],
    rng: random.Random,
    day: dt.date,
    bank: TemplateBank,
) -> str:
    # Sentence slots are disjoint from article slots, so they are written into the article's
    # dict in place: no copy per sentence, which matters at millions of sentences.
    for name in template.sentence_slots:
        word_list = _SENTENCE_WORD_SLOTS.get(name)
        slots[name] = (
            rng.choice(bank.words[word_list]) if word_list else _SENTENCE_DRAWS[name](rng, day)
        )
    text = template.text.format_map(slots)
    # A sentence may open with a slot written in lower case ("the United States").
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def _headline(text: str) -> str:
    words = text.split()
    return " ".join(
        word[:1].upper() + word[1:]
        if position == 0 or len(word) > _HEADLINE_MINOR_WORD_LENGTH
        else word
        for position, word in enumerate(words)
    )


def _body_sentences(
    rng: random.Random,
    genre: GenreTemplates,
    slots: dict[str, str],
    day: dt.date,
    bank: TemplateBank,
) -> tuple[list[str], int]:
    low, high = _TARGET_WORDS_RANGE
    target = min(high, max(low, round(rng.gauss(_TARGET_WORDS_MEAN, _TARGET_WORDS_SD))))
    events = _Deck(genre.events, rng)
    background = _Deck(genre.background, rng)
    sentences: list[str] = []
    num_events = words = 0
    lead_is_event = (
        genre.event_share >= _EVENT_LEAD_MIN_SHARE and rng.random() < _EVENT_LEAD_PROBABILITY
    )
    while words < target:
        if sentences:
            is_event = bool(genre.events) and rng.random() < genre.event_share
        else:
            is_event = lead_is_event
        sentence = _fill((events if is_event else background).draw(), slots, rng, day, bank)
        sentences.append(sentence)
        num_events += is_event
        words += len(sentence.split())
    return sentences, num_events


class _Deck:
    """Templates dealt in a shuffled order, so an article repeats none before using them all."""

    def __init__(self, templates: Sequence[Template], rng: random.Random) -> None:
        self._templates = templates
        self._rng = rng
        self._order: list[Template] = []

    def draw(self) -> Template:
        if not self._order:
            self._order = self._rng.sample(list(self._templates), len(self._templates))
        return self._order.pop()


def _group(rng: random.Random, sentences: Sequence[str]) -> list[Sequence[str]]:
    """Split sentences into 6-9 paragraphs: a one- or two-sentence lead, then even-ish blocks."""
    lead = 1 if rng.random() < 0.6 else 2
    rest = len(sentences) - lead
    count = min(rng.randint(*_PARAGRAPHS_RANGE) - 1, rest)
    sizes = [rest // count + (1 if i < rest % count else 0) for i in range(count)]
    # Real paragraphs are uneven: move a sentence between two random blocks a couple of times.
    for _ in range(2):
        giver, taker = rng.randrange(count), rng.randrange(count)
        if sizes[giver] > 1:
            sizes[giver] -= 1
            sizes[taker] += 1
    groups: list[Sequence[str]] = [sentences[:lead]]
    start = lead
    for size in sizes:
        groups.append(sentences[start : start + size])
        start += size
    return groups


def _insert_junk(
    rng: random.Random,
    paragraphs: list[str],
    bank: TemplateBank,
    slots: dict[str, str],
    day: dt.date,
) -> int:
    inserted = 0
    for kind in _JUNK_KINDS:
        if rng.random() >= _JUNK_PROBABILITY[kind]:
            continue
        line = _fill(rng.choice(bank.junk[kind]), slots, rng, day, bank)
        if kind == "copyright":
            paragraphs.append(line)
        elif kind == "caption":
            # Captions sit under the picture near the top of the page.
            paragraphs.insert(rng.randint(1, 2), line)
        else:
            paragraphs.insert(rng.randint(2, len(paragraphs) - 1), line)
        inserted += 1
    return inserted


def _check_no_strangers(directory: Path, num_articles: int, articles_per_folder: int) -> None:
    for path in directory.rglob("*.txt"):
        relative = path.relative_to(directory)
        match = re.fullmatch(r"article_(\d+)\.txt", relative.name)
        index = int(match.group(1)) if match else -1
        if not 0 <= index < num_articles or relative != article_path(index, articles_per_folder):
            raise FileExistsError(
                f"{path} is not a file of this corpus; generate into an empty directory"
            )


def _fields(path: Path, text: str) -> list[str]:
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise ReferenceDataError(path, None, f"malformed template {text!r}: {exc}") from exc
    fields: list[str] = []
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        if spec or conversion or not field.isidentifier():
            raise ReferenceDataError(path, None, f"write slots as plain {{name}} in {text!r}")
        fields.append(field)
    return fields


def _mapping(path: Path, node: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(node, dict):
        raise ReferenceDataError(path, None, f"{where} must be a mapping")
    return node


def _cumulative(weights: Iterable[float]) -> list[float]:
    total = 0.0
    cumulative: list[float] = []
    for weight in weights:
        total += weight
        cumulative.append(total)
    return cumulative
