"""Place resolution: cities by context and population, countries by common name, never a guess."""

from __future__ import annotations

import pytest

from pipeline.normalize.places import (
    NOT_PLACES,
    Place,
    PlaceResolver,
    default_place_resolver,
    fold,
)


@pytest.fixture(scope="module")
def resolver() -> PlaceResolver:
    return default_place_resolver()


def test_default_resolver_is_built_once() -> None:
    assert default_place_resolver() is default_place_resolver()


@pytest.mark.parametrize(
    ("name", "context", "country", "geonames_id"),
    [
        # Russia's Kazan when the actors are Russia and India (a BRICS summit).
        ("Kazan", ("RUS", "IND"), "RUS", 551487),
        # Turkey's Kazan (24,000 people, near Ankara) when the story is about Turkey.
        ("Kazan", ("TUR",), "TUR", 743615),
        # With no context the most populous Kazan.
        ("Kazan", (), "RUS", 551487),
        # Context codes are accepted in any case.
        ("Kazan", ("tur",), "TUR", 743615),
        # An explicit country overrides the context.
        ("Kazan, Russia", ("TUR",), "RUS", 551487),
        ("Kazan, Turkey", (), "TUR", 743615),
        # An unknown middle part (a province) is ignored.
        ("Kazan, Tatarstan, Russia", (), "RUS", 551487),
        ("Paris", (), "FRA", 2988507),
        # A capital outweighs a small namesake in the only actor's country.
        ("Paris", ("USA",), "FRA", 2988507),
        # A US state picks the namesake.
        ("Paris, Texas", (), "USA", 4717560),
        ("Addis Ababa", ("ETH", "SOM"), "ETH", 344979),
        # Washington, D.C., not Washington in England or the smaller US towns.
        ("Washington", ("USA",), "USA", 4140963),
        ("Washington", (), "USA", 4140963),
        # Accents are optional.
        ("Sao Paulo", (), "BRA", 3448439),
        # Former names are alternate names of the city.
        ("Kiev", (), "UKR", 703448),
        ("Bombay", (), "IND", 1275339),
        # The article is part of the city's name.
        ("The Hague", (), "NLD", 2747373),
        # Georgia the US state first, then Georgia the country.
        ("Atlanta, Georgia", (), "USA", 4180439),
        ("Tbilisi, Georgia", (), "GEO", 611717),
        # Kosovo's capital, with the user-assigned code the schema accepts.
        ("Pristina", (), "XKX", 786714),
    ],
)
def test_city_names(
    resolver: PlaceResolver,
    name: str,
    context: tuple[str, ...],
    country: str,
    geonames_id: int,
) -> None:
    place = resolver.resolve(name, context)
    assert place is not None
    assert place.kind == "city"
    assert place.location_country == country
    assert place.geonames_id == geonames_id
    assert place.latitude is not None
    assert place.longitude is not None


def test_kazan_is_returned_whole(resolver: PlaceResolver) -> None:
    assert resolver.resolve("Kazan", ("RUS", "IND")) == Place(
        location_name="Kazan",
        location_country="RUS",
        # Coordinates are GeoNames' own decimals, passed through unrounded.
        latitude=55.78874,
        longitude=49.12214,
        geonames_id=551487,
        kind="city",
    )


def test_turkish_kazan_coordinates(resolver: PlaceResolver) -> None:
    place = resolver.resolve("Kazan", ("TUR",))
    assert place is not None
    assert (place.latitude, place.longitude) == pytest.approx((40.23167, 32.68389))


def test_canonical_name_is_the_geonames_name(resolver: PlaceResolver) -> None:
    place = resolver.resolve("Peking")
    assert place is not None
    assert (place.location_name, place.location_country) == ("Beijing", "CHN")


@pytest.mark.parametrize(
    ("name", "country", "location_name", "geonames_id"),
    [
        # GeoNames' own short name.
        ("Russia", "RUS", "Russia", 2017370),
        # pycountry's name, with the article dropped.
        ("the United States", "USA", "United States", 6252001),
        # The ISO short name since 2022, and the older English name.
        ("Türkiye", "TUR", "Turkey", 298795),
        ("Turkey", "TUR", "Turkey", 298795),
        # Common names the standards do not carry.
        ("Britain", "GBR", "United Kingdom", 2635167),
        ("Great Britain", "GBR", "United Kingdom", 2635167),
        ("South Korea", "KOR", "South Korea", 1835841),
        ("Iran", "IRN", "Iran", 130758),
        # ISO's inverted form, comma and all.
        ("Korea, Republic of", "KOR", "South Korea", 1835841),
        ("Ivory Coast", "CIV", "Ivory Coast", 2287781),
        # Abbreviations, written as news writes them.
        ("US", "USA", "United States", 6252001),
        ("U.S.", "USA", "United States", 6252001),
        ("the UK", "GBR", "United Kingdom", 2635167),
        # A country that shares its name with its capital is the country.
        ("Mexico", "MEX", "Mexico", 3996063),
    ],
)
def test_country_names(
    resolver: PlaceResolver, name: str, country: str, location_name: str, geonames_id: int
) -> None:
    place = resolver.resolve(name)
    assert place is not None
    assert place.kind == "country"
    assert place.location_country == country
    assert place.location_name == location_name
    assert place.geonames_id == geonames_id


def test_country_coordinates_come_from_countryinfo(resolver: PlaceResolver) -> None:
    place = resolver.resolve("Russia")
    assert place is not None
    assert (place.latitude, place.longitude) == (60.0, 100.0)


def test_country_without_a_known_centre_has_no_coordinates(resolver: PlaceResolver) -> None:
    # countryinfo has no entry for Kosovo: no coordinates rather than invented ones.
    place = resolver.resolve("Kosovo")
    assert place == Place("Kosovo", "XKX", None, None, 831053, "country")


def test_unknown_city_in_a_known_country_gives_the_country(resolver: PlaceResolver) -> None:
    place = resolver.resolve("Smallville, Russia")
    assert place is not None
    assert (place.kind, place.location_country) == ("country", "RUS")


def test_country_lookup_by_code(resolver: PlaceResolver) -> None:
    place = resolver.country("rus")
    assert place is not None
    assert place.location_name == "Russia"
    assert resolver.country("XYZ") is None


@pytest.mark.parametrize(
    "name",
    [
        "Africa",  # a continent (GeoNames lists it as an alternate name of Mahdia, Tunisia)
        "Asia",  # a continent, and a town in the Philippines
        "Europe",  # a continent
        "the Middle East",  # a region
        "the capital",  # a common noun
        "the region",  # a common noun
        "",  # nothing
        "   ",  # only spaces
        "paris",  # lowercase: a word, not a name
        "Us",  # the pronoun, not the abbreviation
        "Police",  # a Polish town of 34,000, but in news the word
        "Most",  # a Czech city, but in news the word
        "White House",  # an institution (an alternate name of Casablanca)
        "Texas",  # a US state is neither a city nor a country
        "Crimea",  # a region with no city of that name
        "Xyzzyville",  # nowhere
        "the capital, Russia",  # a qualified common noun
    ],
)
def test_non_places_resolve_to_none(resolver: PlaceResolver, name: str) -> None:
    assert resolver.resolve(name) is None


def test_whitespace_is_normalised(resolver: PlaceResolver) -> None:
    assert resolver.resolve("  Addis   Ababa ") == resolver.resolve("Addis Ababa")


def test_small_non_capital_towns_are_not_indexed() -> None:
    # A threshold above Turkey's Kazan (23,889) leaves only Russia's, whatever the context.
    strict = PlaceResolver(min_city_population=30_000)
    place = strict.resolve("Kazan", ("TUR",))
    assert place is not None
    assert place.location_country == "RUS"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("São  Paulo", "sao paulo"),  # accents and doubled spaces
        ("Timor-Leste", "timor leste"),  # hyphens
        ("Côte d’Ivoire", "cote d'ivoire"),  # curly apostrophe
        ("KAZAN", "kazan"),  # case
    ],
)
def test_fold(text: str, key: str) -> None:
    assert fold(text) == key


def test_not_places_are_stored_folded() -> None:
    assert all(fold(entry) == entry for entry in NOT_PLACES)


@pytest.mark.parametrize(
    "name",
    [
        "Kazan",  # a city's own name
        "Tel Aviv",
        "the United States",  # a country, with its article
        "US",  # an acronym
        "Hague",  # indexed with its article ("The Hague")
        "Bombay",  # an alternate name of a city of millions
        "Bosnia and Herzegovina",
    ],
)
def test_names_place_accepts_countries_cities_and_well_known_alternates(
    resolver: PlaceResolver, name: str
) -> None:
    assert resolver.names_place(name)
    assert resolver.resolve(name) is not None


@pytest.mark.parametrize(
    "name",
    [
        "Hamas",  # resolve() would take it for Hamm, an alternate spelling
        "Laurent",  # a given name, alternate name of a small town
        "Human",  # "Human Rights Watch", alternate name of Uman
        "Africa",  # a continent
        "Kremlin",  # a seat of government
        "the capital",  # not a name
        "",
    ],
)
def test_names_place_rejects_small_towns_alternate_names_and_regions(
    resolver: PlaceResolver, name: str
) -> None:
    assert not resolver.names_place(name)
