"""The shipped actor tables load and hold together; malformed copies fail loudly."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pycountry
import pytest

from pipeline.reference.actors import (
    ActorReference,
    load_actor_reference,
    surface_tokens,
)
from pipeline.reference.errors import ReferenceDataError
from pipeline.reference.paths import reference_dir

ACTOR_FILES = (
    "countries.csv",
    "igos.csv",
    "institutions.csv",
    "roles.csv",
    "leaders.csv",
    "news_agencies.csv",
    "stop_phrases.csv",
)

# The 193 UN member states, by ISO alpha-3 (one string keeps the table readable).
_UN_MEMBER_CODES = """
    AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA
    BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK
    COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD
    GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ
    LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO MNG
    MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL
    PRT QAT KOR ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF
    SSD ESP LKA SDN SUR SWE CHE SYR TJK TZA THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR
    USA URY UZB VUT VEN VNM YEM ZMB ZWE
"""
UN_MEMBERS = frozenset(_UN_MEMBER_CODES.split())


@pytest.fixture(scope="module")
def reference() -> ActorReference:
    return load_actor_reference()


def test_every_un_member_and_the_four_others(reference: ActorReference) -> None:
    codes = {country.alpha3 for country in reference.countries}
    assert len(UN_MEMBERS) == 193
    assert codes == UN_MEMBERS | {"TWN", "PSE", "VAT", "XKX"}


def test_country_codes_are_iso_or_kosovo(reference: ActorReference) -> None:
    iso = {country.alpha_3 for country in pycountry.countries}
    assert {c.alpha3 for c in reference.countries} - iso == {"XKX"}


@pytest.mark.parametrize(
    ("form", "alpha3", "column"),
    [
        ("U.S.", "USA", "aliases"),  # abbreviation with full stops
        ("Britain", "GBR", "aliases"),  # everyday name
        ("Türkiye", "TUR", "aliases"),  # official new spelling
        ("Congo", "COD", "aliases"),  # ambiguous form given to the DRC
        ("Filipino", "PHL", "demonyms"),  # demonym unlike the name
        ("Emirati", "ARE", "demonyms"),
        ("Kiev", "UKR", "capitals"),  # older transliteration kept
        ("Kremlin", "RUS", "metonyms"),  # seat of government
        ("Zhongnanhai", "CHN", "metonyms"),
        ("Soviet Union", "RUS", "aliases"),  # the continuing state of the USSR
        ("Zaire", "COD", "aliases"),  # historical names in news archives
        ("Kampuchean", "KHM", "demonyms"),
        ("West German", "DEU", "demonyms"),
        ("Yugoslav", "SRB", "demonyms"),  # the Federal Republic of Yugoslavia's successor
        ("Bosnian Serbs", "BIH", "demonyms"),  # a community coded to the state it lives in
        ("Greek Cypriots", "CYP", "demonyms"),
        ("Ghanians", "GHA", "demonyms"),  # a misspelling frequent in news
        ("Gaza Strip", "PSE", "capitals"),  # Palestinian territory, a place
    ],
)
def test_known_forms(reference: ActorReference, form: str, alpha3: str, column: str) -> None:
    assert form in getattr(reference.country(alpha3), column)


def test_brussels_is_the_eu_not_belgium(reference: ActorReference) -> None:
    assert "Brussels" not in reference.country("BEL").capitals
    assert "Brussels" in reference.igo("EU").aliases


def test_organs_roll_up_to_their_organisation(reference: ActorReference) -> None:
    assert reference.igo_root("UNSC") == "UN"
    assert reference.igo_root("ICTY") == "UN"  # a UN tribunal
    assert reference.igo_root("KFOR") == "NATO"  # a NATO-led force
    assert reference.igo_root("ECOMOG") == "ECOWAS"
    assert reference.igo_root("UNHCR") == "UN"
    assert reference.igo_root("EU_COMMISSION") == "EU"
    assert reference.igo_root("ICC") == "ICC"  # not a UN body


def test_leaders_cover_the_g20_and_dev_corpus_states(reference: ActorReference) -> None:
    covered = {leader.country for leader in reference.leaders}
    g20 = {"ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR"}
    g20 |= {"MEX", "RUS", "SAU", "ZAF", "TUR", "GBR", "USA"}
    dev = {"VEN", "COL", "SOM", "ERI", "IRN", "SDN", "KEN", "MOZ", "UKR"}
    assert g20 | dev <= covered
    assert len(reference.leaders) >= 200


def test_every_state_has_a_head_in_office_in_2024(reference: ActorReference) -> None:
    # The P5 and major regional powers must never resolve to nobody.
    day = dt.date(2024, 6, 1)
    for code in ("USA", "RUS", "CHN", "GBR", "FRA", "IND", "TUR", "IRN", "SAU", "EGY", "NGA"):
        holders = [
            leader
            for leader in reference.leaders
            if leader.country == code
            and leader.role in {"head_of_state", "head_of_government"}
            and leader.in_office_on(day)
        ]
        assert holders, code


# States whose head of state or government is in the table for every year since 1980.
_ARCHIVE_CODES = """
    USA GBR FRA RUS CHN JPN DEU IND ISR ITA CAN ESP PAK TUR IRN SAU NGA ZAF BRA ARG MEX KOR
    AUS IDN PHL JOR AFG KEN ETH PSE
"""
_ARCHIVE_STATES = _ARCHIVE_CODES.split()


@pytest.mark.parametrize("code", _ARCHIVE_STATES)
def test_heads_in_office_every_year_since_1980(reference: ActorReference, code: str) -> None:
    # News archives reach back to 1980: every 1 July must have a leader of these states.
    missing = [
        year
        for year in range(1980, 2026)
        if not any(
            leader.country == code
            and leader.role in {"head_of_state", "head_of_government", "leader"}
            and leader.in_office_on(dt.date(year, 7, 1))
            for leader in reference.leaders
        )
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("alias", "day", "person"),
    [
        ("Bush", dt.date(1990, 7, 1), "George H. W. Bush"),  # two presidents, years apart
        ("Bush", dt.date(2005, 7, 1), "George W. Bush"),
        ("Kabila", dt.date(1998, 7, 1), "Laurent-Désiré Kabila"),  # father, then son
        ("Kabila", dt.date(2005, 7, 1), "Joseph Kabila"),
        ("Assad", dt.date(1990, 7, 1), "Hafez al-Assad"),
        ("Assad", dt.date(2010, 7, 1), "Bashar al-Assad"),
    ],
)
def test_shared_alias_has_one_holder_at_a_time(
    reference: ActorReference, alias: str, day: dt.date, person: str
) -> None:
    holders = {
        leader.name
        for leader in reference.leaders
        if alias in leader.aliases and leader.in_office_on(day)
    }
    assert holders == {person}


def test_igo_officeholders_name_their_org(reference: ActorReference) -> None:
    # Portuguese prime minister, then UN refugee chief, then UN Secretary-General
    guterres = {(g.country, g.org) for g in reference.leaders if g.name == "António Guterres"}
    assert guterres == {("PRT", None), ("IGO", "UNHCR"), ("IGO", "UN")}


def test_tokens_fold_apostrophes_and_dashes() -> None:
    assert surface_tokens("Côte d’Ivoire") == surface_tokens("Côte d'Ivoire")
    assert surface_tokens("U.S.") == ("U", ".", "S", ".")


def test_loader_is_cached() -> None:
    assert load_actor_reference() is load_actor_reference()
    assert load_actor_reference(reference_dir()) is load_actor_reference(reference_dir())


# --------------------------------------------------------------------------- failure cases
def _copy(tmp_path: Path) -> Path:
    for name in ACTOR_FILES:
        shutil.copy(reference_dir() / name, tmp_path / name)
    return tmp_path


def _append(path: Path, line: str) -> int:
    """Append a row and return its 1-based line number."""
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + line + "\n", encoding="utf-8")
    return len((text + line).splitlines())


@pytest.mark.parametrize(
    ("file", "row", "problem"),
    [
        # an alias already used by another country
        ("countries.csv", "ATA,Atlantis,Russia,,,", "duplicate surface form 'Russia'"),
        # a code that is neither ISO alpha-3 nor XKX
        ("countries.csv", "ZZZ,Zedland,,,,", "unknown country code 'ZZZ'"),
        # a duplicated code
        ("countries.csv", "FRA,Gaul,,,,", "duplicate alpha3 'FRA'"),
        # a determiner in a surface form
        ("countries.csv", "ATA,Antarctica,the Ice,,,", "starts with 'the'"),
        # an IGO form that a country already owns
        ("igos.csv", "XYZ,Xyz Group,Kremlin,", "duplicate surface form 'Kremlin'"),
        # an organ whose parent does not exist
        ("igos.csv", "XYZ,Xyz Group,,NOPE", "unknown parent org 'NOPE'"),
        # a sector outside the PLOVER list
        ("institutions.csv", "space agency,SPC,,space_agency", "unknown sector code 'SPC'"),
        # an unknown fixed country
        ("institutions.csv", "Storting,LEG,NRW,legislature", "unknown country code 'NRW'"),
        # the same pattern twice, once case is folded
        ("institutions.csv", "Foreign Ministry,GOV,,foreign_ministry", "duplicate pattern"),
        # an unknown sector on a title
        ("roles.csv", "grand vizier,vizier,WAR,4", "unknown sector code 'WAR'"),
        # a rank outside 1-9
        ("roles.csv", "overlord,overlord,GOV,12", "rank '12' is not an integer 1-9"),
        # a date in the wrong format
        (
            "leaders.csv",
            "Jane Roe,,USA,head_of_state,GOV,01/02/2020,,",
            "malformed term_start '01/02/2020'",
        ),
        # an impossible date
        (
            "leaders.csv",
            "Jane Roe,,USA,head_of_state,GOV,2020-02-30,,",
            "malformed term_start '2020-02-30'",
        ),
        # a term that ends before it starts
        (
            "leaders.csv",
            "Jane Roe,,USA,head_of_state,GOV,2020-02-01,2019-01-01,",
            "is not after term_start",
        ),
        # an unknown country code on a leader
        ("leaders.csv", "Jane Roe,,USX,head_of_state,GOV,2020-02-01,,", "unknown country code"),
        # an IGO officeholder without an organisation
        ("leaders.csv", "Jane Roe,,IGO,secretary_general,IGO,2020-02-01,,", "needs an org"),
        # an organisation that igos.csv does not have
        ("leaders.csv", "Jane Roe,,IGO,chair,IGO,2020-02-01,,XYZ", "unknown org 'XYZ'"),
        # one alias for two people in office at the same time
        (
            "leaders.csv",
            "Vladimir Putinov,Putin,RUS,head_of_government,GOV,2020-02-01,,",
            "in overlapping terms",
        ),
        # a leader's name that a country already owns
        ("leaders.csv", "Chad,,TCD,head_of_state,GOV,2020-02-01,,", "duplicate surface form"),
        # a news agency form that an IGO already owns
        ("news_agencies.csv", "NATO News,NATO", "duplicate surface form 'NATO'"),
        # an unknown stop-phrase kind
        ("stop_phrases.csv", "Swiss chard,veg,food", "unknown kind 'veg'"),
        # a next_word entry of two words
        ("stop_phrases.csv", "New Year,next_word,festival", "must be one word"),
        # a row with a missing field
        ("roles.csv", "viceroy,viceroy,GOV", "expected 4 fields, found 3"),
    ],
)
def test_malformed_rows_fail_loudly(tmp_path: Path, file: str, row: str, problem: str) -> None:
    folder = _copy(tmp_path)
    line = _append(folder / file, row)
    with pytest.raises(ReferenceDataError) as raised:
        load_actor_reference(folder)
    error = raised.value
    assert error.path == folder / file
    assert error.line == line
    assert problem in error.problem


def test_wrong_header_fails(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "news_agencies.csv"
    text = path.read_text(encoding="utf-8").replace("name,aliases", "agency,aliases", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="header must be name,aliases"):
        load_actor_reference(folder)


def test_missing_file_fails(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "roles.csv").unlink()
    with pytest.raises(ReferenceDataError, match="cannot read") as raised:
        load_actor_reference(folder)
    assert raised.value.path == folder / "roles.csv"


def test_comments_and_blank_lines_are_skipped(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _append(folder / "news_agencies.csv", "")
    _append(folder / "news_agencies.csv", "# a comment an analyst left")
    _append(folder / "news_agencies.csv", "Daily Example,Example Daily")
    reference = load_actor_reference(folder)
    assert reference.news_agencies[-1].aliases == ("Example Daily",)
