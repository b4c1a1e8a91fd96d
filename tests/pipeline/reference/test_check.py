"""Pins the reference-data check: it covers every file and names any broken one in one error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.reference.check import REFERENCE_FILES, check_reference_data
from pipeline.reference.errors import ReferenceDataError
from pipeline.reference.paths import reference_dir


def test_the_check_covers_every_reference_file() -> None:
    shipped = {p.name for p in reference_dir().iterdir() if p.is_file() and p.suffix != ".md"}
    assert shipped == REFERENCE_FILES


def test_the_shipped_reference_data_passes() -> None:
    check_reference_data()


@pytest.fixture(scope="module")
def pristine_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("reference") / "reference"
    shutil.copytree(reference_dir(), copy)
    return copy


@pytest.mark.parametrize(
    "damage",
    [
        # Saved by an editor in another encoding: bytes that are not UTF-8.
        lambda path: path.write_bytes(b"\xff\xfe\xfd not UTF-8 \x80\x81\n"),
        # Deleted, or never copied along with the others.
        lambda path: path.unlink(),
    ],
    ids=["not-utf8", "missing"],
)
@pytest.mark.parametrize("file_name", sorted(REFERENCE_FILES))
def test_a_damaged_file_is_named(
    pristine_copy: Path, tmp_path: Path, file_name: str, damage: object
) -> None:
    broken = tmp_path / "reference"
    shutil.copytree(pristine_copy, broken)
    damage(broken / file_name)  # type: ignore[operator]
    with pytest.raises(ReferenceDataError) as raised:
        check_reference_data(broken)
    assert raised.value.path == broken / file_name
    assert "\n" not in str(raised.value)
