"""The CAMEO reference table: the shipped file's content, and loud failure on malformed files."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.reference.cameo import (
    COLUMNS,
    PLOVER_TYPES,
    CameoEvent,
    CameoTable,
    UnknownCameoCode,
    load_cameo_table,
    quad_class_for_root,
)
from pipeline.reference.errors import ReferenceDataError
from pipeline.reference.paths import reference_dir

HEADER = ",".join(COLUMNS)


@pytest.fixture(scope="module")
def table() -> CameoTable:
    return load_cameo_table()


def test_default_path_is_the_shipped_file() -> None:
    assert reference_dir() == Path(__file__).resolve().parents[3] / "data" / "reference"
    assert (reference_dir() / "cameo_codes.csv").is_file()


def test_default_table_is_parsed_once() -> None:
    assert load_cameo_table() is load_cameo_table()


def test_shipped_table_size(table: CameoTable) -> None:
    # CAMEO 1.1b3: 20 roots plus their 3- and 4-digit subcodes; GDELT's later additions
    # (155, 176, 1834, 1951, 1952) are not part of 1.1b3.
    assert len(table) == 311
    assert len(table.codes()) == 311
    assert {"155", "176", "1834", "1951", "1952"}.isdisjoint(table)


def test_shipped_table_has_all_twenty_roots(table: CameoTable) -> None:
    roots = [code for code in table.codes() if len(code) == 2]
    assert roots == [f"{n:02d}" for n in range(1, 21)]
    assert {event.root for event in table.values()} == set(roots)


def test_every_root_has_a_not_specified_code(table: CameoTable) -> None:
    assert all(f"{root}0" in table for root in (f"{n:02d}" for n in range(1, 21)))


def test_every_goldstein_weight_is_in_range(table: CameoTable) -> None:
    weights = [event.goldstein for event in table.values()]
    assert min(weights) == -10.0
    assert max(weights) == 10.0  # 0874 retreat or surrender militarily
    assert all(-10.0 <= weight <= 10.0 for weight in weights)


def test_every_mode_belongs_to_a_typed_code(table: CameoTable) -> None:
    assert all(e.plover_type is not None for e in table.values() if e.plover_mode is not None)
    assert all(e.plover_type in PLOVER_TYPES for e in table.values() if e.plover_type)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        # A statement: PLOVER has no type for root 01.
        ("010", ("Make statement, not specified below", 0.0, 1, None, None)),
        # Intent to cooperate in general.
        ("030", ("Express intent to cooperate, not specified below", 4.0, 1, "AGREE", None)),
        # Intent to cooperate militarily (approved arms sales).
        ("0312", ("Express intent to cooperate militarily", 5.2, 1, "AGREE", None)),
        # Aid pledges.
        ("0331", ("Express intent to provide economic aid", 5.2, 1, "AGREE", None)),
        # Planned meetings and summits.
        ("036", ("Express intent to meet or negotiate", 4.0, 1, "AGREE", None)),
        # Offers to mediate.
        ("039", ("Express intent to mediate", 5.0, 1, "AGREE", None)),
        # Visits carry the PLOVER CONSULT mode.
        ("042", ("Make a visit", 1.9, 1, "CONSULT", "visit")),
        ("043", ("Host a visit", 2.8, 1, "CONSULT", "host")),
        # A third-party call for a ceasefire is an appeal to yield.
        ("0256", ("Appeal for de-escalation of military engagement", -0.3, 1, "REQUEST", "yield")),
        ("051", ("Praise or endorse", 3.4, 1, "SUPPORT", None)),
        ("057", ("Sign formal agreement", 8.0, 1, "SUPPORT", None)),
        # 080-083 are verbal concessions, 084-087 material ones.
        ("0832", ("Accede to demands for change in policy", 5.0, 2, "CONCEDE", None)),
        ("0841", ("Return, release person(s)", 7.0, 2, "RETREAT", "release")),
        ("0871", ("Declare truce, ceasefire", 9.0, 2, "RETREAT", "ceasefire")),
        # Investigations and criticism are both ACCUSE.
        ("091", ("Investigate crime, corruption", -2.0, 3, "ACCUSE", "investigate")),
        ("111", ("Criticize or denounce", -2.0, 3, "ACCUSE", "disapprove")),
        # Summoning an ambassador to protest.
        ("114", ("Complain officially", -2.0, 3, "ACCUSE", "disapprove")),
        ("106", ("Demand meeting, negotiation", -5.0, 3, "REQUEST", "meet")),
        ("125", ("Reject proposal to meet, discuss, or negotiate", -5.0, 3, "REJECT", "meet")),
        # Unspecified warnings weigh less than specific threats.
        ("130", ("Threaten, not specified below", -4.4, 3, "THREATEN", None)),
        ("1312", ("Threaten to boycott, embargo, or sanction", -5.8, 3, "THREATEN", "restrict")),
        ("141", ("Demonstrate or rally, not specified below", -6.5, 4, "PROTEST", "demo")),
        ("154", ("Mobilize or increase armed forces", -7.2, 4, "MOBILIZE", "troops")),
        # Recalling ambassadors, and sanctions.
        ("161", ("Reduce or break diplomatic relations", -4.0, 4, "SANCTION", "discontinue")),
        ("163", ("Impose embargo, boycott, or sanctions", -8.0, 4, "SANCTION", "discontinue")),
        # Closing a border.
        (
            "172",
            ("Impose administrative sanctions, not specified below", -5.0, 4, "COERCE", "restrict"),
        ),
        ("173", ("Arrest, detain, or charge with legal action", -5.0, 4, "COERCE", "arrest")),
        ("1831", ("Carry out suicide bombing", -10.0, 4, "ASSAULT", "suicide_attack")),
        (
            "190",
            ("Use conventional military force, not specified below", -10.0, 4, "ASSAULT", None),
        ),
        ("2042", ("Detonate nuclear weapons", -10.0, 4, "ASSAULT", "unconventional")),
    ],
)
def test_spot_checked_codes(
    table: CameoTable, code: str, expected: tuple[str, float, int, str | None, str | None]
) -> None:
    label, goldstein, quad_class, plover_type, plover_mode = expected
    assert table[code] == CameoEvent(
        code=code,
        label=label,
        root=code[:2],
        goldstein=goldstein,
        quad_class=quad_class,
        plover_type=plover_type,
        plover_mode=plover_mode,
    )


@pytest.mark.parametrize(
    ("root", "plover_type"),
    [
        ("01", None),  # statements: no PLOVER type
        ("02", "REQUEST"),
        ("03", "AGREE"),
        ("04", "CONSULT"),
        ("05", "SUPPORT"),
        ("06", "COOPERATE"),
        ("07", "AID"),
        ("09", "ACCUSE"),
        ("10", "REQUEST"),  # demands and appeals share PLOVER's REQUEST
        ("11", "ACCUSE"),  # disapproval merges with investigation
        ("12", "REJECT"),
        ("13", "THREATEN"),
        ("14", "PROTEST"),
        ("15", "MOBILIZE"),
        ("16", "SANCTION"),
        ("17", "COERCE"),
        ("18", "ASSAULT"),
        ("19", "ASSAULT"),  # FIGHT folds into ASSAULT
        ("20", "ASSAULT"),
    ],
)
def test_plover_type_follows_the_root(
    table: CameoTable, root: str, plover_type: str | None
) -> None:
    family = [event for event in table.values() if event.root == root]
    assert family
    assert {event.plover_type for event in family} == {plover_type}


def test_yield_splits_into_concede_and_retreat(table: CameoTable) -> None:
    yields = {event.code: event.plover_type for event in table.values() if event.root == "08"}
    concede = {code for code, kind in yields.items() if kind == "CONCEDE"}
    retreat = {code for code, kind in yields.items() if kind == "RETREAT"}
    assert concede == {"08", "080", "081", "0811", "0812", "0813", "0814", "082"} | {
        "083",
        "0831",
        "0832",
        "0833",
        "0834",
    }
    assert retreat == {
        "084",
        "0841",
        "0842",
        "085",
        "086",
        "0861",
        "0862",
        "0863",
        "087",
        "0871",
        "0872",
        "0873",
        "0874",
    }


@pytest.mark.parametrize(
    ("root", "quad_class"),
    [
        ("01", 1),  # first verbal-cooperation root
        ("05", 1),  # last verbal-cooperation root
        ("06", 2),  # first material-cooperation root
        ("08", 2),  # yield is material cooperation, though 080-083 are verbal in PLOVER
        ("09", 3),  # investigate opens verbal conflict
        ("13", 3),  # threaten closes it
        ("14", 4),  # protest opens material conflict
        ("20", 4),  # mass violence
    ],
)
def test_quad_class_for_root(table: CameoTable, root: str, quad_class: int) -> None:
    assert quad_class_for_root(root) == quad_class
    assert table[root].quad_class == quad_class


@pytest.mark.parametrize("root", ["00", "21", "1", "ab", "010"])
def test_quad_class_for_root_rejects_non_roots(root: str) -> None:
    with pytest.raises(ValueError, match="is not a CAMEO root"):
        quad_class_for_root(root)


def test_lookup_of_unknown_code_raises_a_key_error_that_explains_codes(table: CameoTable) -> None:
    with pytest.raises(UnknownCameoCode) as caught:
        table.lookup("36")
    assert isinstance(caught.value, KeyError)
    assert caught.value.code == "36"
    assert str(caught.value).startswith("'36' is not a CAMEO 1.1b3 event code")
    assert "leading zeros" in str(caught.value)


def test_mapping_access(table: CameoTable) -> None:
    assert "036" in table
    assert "36" not in table
    # A code read as a number has lost its leading zero; it must not match "036".
    assert 36 not in table  # type: ignore[comparison-overlap]
    assert table.get("999") is None
    assert table.get("036") is table.lookup("036")
    with pytest.raises(KeyError):
        table["999"]
    assert table.codes()[:3] == ("01", "010", "011")


# --- malformed files ------------------------------------------------------------------------

GOOD_ROWS = [
    "03,Express intent to cooperate,03,4.0,1,AGREE,",
    '030,"Express intent to cooperate, not specified below",03,4.0,1,AGREE,',
    "04,Consult,04,1.0,1,CONSULT,",
    "042,Make a visit,04,1.9,1,CONSULT,visit",
]


def _write(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "cameo_codes.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_small_valid_file_loads(tmp_path: Path) -> None:
    table = load_cameo_table(_write(tmp_path, *GOOD_ROWS))
    assert table.codes() == ("03", "030", "04", "042")
    assert table["042"].plover_mode == "visit"
    assert table["030"].label == "Express intent to cooperate, not specified below"


def test_a_child_may_precede_its_parent(tmp_path: Path) -> None:
    table = load_cameo_table(_write(tmp_path, *reversed(GOOD_ROWS)))
    assert set(table) == {"03", "030", "04", "042"}


@pytest.mark.parametrize(
    ("bad_row", "problem"),
    [
        # The same code twice.
        ("042,Make a visit again,04,1.9,1,CONSULT,visit", "duplicate cameo_code '042'"),
        # Root column disagreeing with the code.
        ("043,Host a visit,03,2.8,1,CONSULT,host", "root '03' is not the first two characters"),
        # Letters in a code.
        ("04a,Consult somehow,04,1.0,1,CONSULT,", "cameo_code '04a' is not 2-4 digits"),
        # Leading zero dropped by a spreadsheet.
        ("4,Consult,4,1.0,1,CONSULT,", "cameo_code '4' is not 2-4 digits"),
        # Five digits.
        ("04211,Make a long visit,04,1.9,1,CONSULT,visit", "cameo_code '04211' is not 2-4 digits"),
        # A root outside 01-20.
        ("21,Invented root,21,0.0,4,,", "'21' is not a CAMEO root"),
        # A subcode whose parent is absent.
        ("0431,Host a state visit,04,2.8,1,CONSULT,host", "has no parent code '043'"),
        # Goldstein beyond the scale.
        ("043,Host a visit,04,10.5,1,CONSULT,host", "goldstein '10.5' of '043' is outside"),
        ("043,Host a visit,04,-11,1,CONSULT,host", "goldstein '-11' of '043' is outside"),
        # Goldstein that float() accepts but is no weight.
        ("043,Host a visit,04,nan,1,CONSULT,host", "goldstein 'nan' of '043' is outside"),
        # Goldstein that is not a number at all.
        ("043,Host a visit,04,high,1,CONSULT,host", "goldstein 'high' of '043' is not a number"),
        # Empty Goldstein.
        ("043,Host a visit,04,,1,CONSULT,host", "goldstein '' of '043' is not a number"),
        # QuadClass outside 1-4.
        ("043,Host a visit,04,2.8,5,CONSULT,host", "quad_class '5' of '043' is not one of"),
        ("043,Host a visit,04,2.8,one,CONSULT,host", "quad_class 'one' of '043' is not one of"),
        # QuadClass valid but wrong for the root.
        ("043,Host a visit,04,2.8,2,CONSULT,host", "quad_class 2 of '043' disagrees with root 04"),
        # PLOVER type outside the sixteen (the retired FIGHT).
        ("043,Host a visit,04,2.8,1,FIGHT,host", "plover_type 'FIGHT' of '043' is not a PLOVER"),
        # PLOVER type in the wrong case.
        ("043,Host a visit,04,2.8,1,consult,host", "plover_type 'consult' of '043' is not a"),
        # A mode with no type to qualify.
        ("043,Host a visit,04,2.8,1,,host", "plover_mode 'host' of '043' is set without"),
        # A mode that is not snake_case.
        ("044,Meet elsewhere,04,2.5,1,CONSULT,third-party", "is not lowercase snake_case"),
        # A missing label.
        ("043,,04,2.8,1,CONSULT,host", "cameo_code '043' has an empty label"),
        # A row with a field missing.
        ("043,Host a visit,04,2.8,1,CONSULT", "has 6 fields, expected 7"),
        # A row with an unquoted comma in the label.
        ("043,Host a visit, or two,04,2.8,1,CONSULT,host", "has 8 fields, expected 7"),
    ],
)
def test_malformed_row_names_file_line_and_problem(
    tmp_path: Path, bad_row: str, problem: str
) -> None:
    path = _write(tmp_path, *GOOD_ROWS, bad_row)
    with pytest.raises(ReferenceDataError) as caught:
        load_cameo_table(path)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.path == path
    assert error.line == len(GOOD_ROWS) + 2  # header is line 1, the bad row is the last
    assert problem in error.problem
    assert str(error).startswith(f"{path}, line {len(GOOD_ROWS) + 2}: ")


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        # A column renamed.
        (HEADER.replace("goldstein", "goldstein_scale"), "expected ['cameo_code'"),
        # Columns reordered.
        ("label,cameo_code,root,goldstein,quad_class,plover_type,plover_mode", "header is"),
        # A column missing.
        ("cameo_code,label,root,goldstein,quad_class,plover_type", "header is"),
    ],
)
def test_wrong_header_is_rejected_on_line_one(tmp_path: Path, header: str, problem: str) -> None:
    path = _write(tmp_path, *GOOD_ROWS, header=header)
    with pytest.raises(ReferenceDataError) as caught:
        load_cameo_table(path)
    assert caught.value.line == 1
    assert problem in caught.value.problem


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "file is empty"),  # nothing at all
        (HEADER.encode() + b"\n", "has a header but no codes"),  # header only
        (HEADER.encode() + b"\n03,Exprim\xe9,03,4.0,1,AGREE,\n", "not UTF-8"),  # Latin-1 bytes
    ],
)
def test_unusable_files_are_rejected_whole(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "cameo_codes.csv"
    path.write_bytes(content)
    with pytest.raises(ReferenceDataError) as caught:
        load_cameo_table(path)
    assert caught.value.line is None
    assert caught.value.path == path
    assert problem in caught.value.problem


def test_missing_file_is_a_reference_data_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.csv"
    with pytest.raises(ReferenceDataError, match=r"nowhere\.csv: cannot be read") as caught:
        load_cameo_table(path)
    assert caught.value.line is None
