"""Bad input keeps its promise: a zip bomb (sizes checked before extracting, nested too), a corrupt or
truncated zip, a truncated XML, entity tricks (billion laughs, an external entity, an external DTD), a file
of another kind: each is an InputError naming the file and the place, and nothing is written."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from tests.adapters.imports.samples import CET, HEALTH_DTD, Health, apple_zip, write_file, zip_bytes
from twitchcheck.adapters.imports import import_export
from twitchcheck.adapters.storage.journal import Journal
from twitchcheck.core.errors import InputError

EVENING = datetime(2026, 11, 2, 18, 30, tzinfo=CET)
ZEROS = b"\0" * (16 * 1024 * 1024)
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE HealthData [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<HealthData locale="en_US"><Record type="HKQuantityTypeIdentifierDietaryWater" sourceName="&lol3;" unit="mL"
 startDate="2026-11-02 18:30:00 +0100" endDate="2026-11-02 18:30:00 +0100" value="250"/></HealthData>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE HealthData [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<HealthData locale="en_US">
<Record type="HKQuantityTypeIdentifierDietaryWater" sourceName="&secret;"/></HealthData>
"""
EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE HealthData SYSTEM "http://example.invalid/health.dtd">
<HealthData locale="en_US"></HealthData>
"""


def refused(journal: Journal, path: Path) -> dict[str, str]:
    with pytest.raises(InputError) as error:
        import_export(journal, path)
    assert journal.count() == 0
    assert journal.operations() == []
    return {f"{error.value.what} | {p.field}": p.message for p in error.value.problems}


def one(problems: dict[str, str]) -> tuple[str, str]:
    assert len(problems) == 1, problems
    [(place, message)] = problems.items()
    return place, message


def test_a_zip_bomb_is_refused_from_its_declared_sizes(journal: Journal, tmp_path: Path) -> None:
    path = write_file(tmp_path / "export.zip", zip_bytes([("apple_health_export/export.xml", ZEROS)]))
    place, message = one(refused(journal, path))
    assert "export.zip" in place
    assert "apple_health_export/export.xml" in place
    assert "zip bomb" in message


def test_a_zip_bomb_nested_in_garmins_uploaded_files_is_refused_before_it_is_opened(
    journal: Journal, tmp_path: Path
) -> None:
    inner = zip_bytes([("ann_1.fit", ZEROS)])
    path = write_file(
        tmp_path / "garmin.zip",
        zip_bytes(
            [("DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip", inner)],
            compression=zipfile.ZIP_STORED,
        ),
    )
    place, message = one(refused(journal, path))
    assert "UploadedFiles_0-_Part1.zip" in place
    assert "ann_1.fit" in place
    assert "zip bomb" in message


def test_a_corrupt_zip_and_a_cut_off_zip_are_named(journal: Journal, tmp_path: Path) -> None:
    data = apple_zip(Health().water(EVENING, 250).xml())
    cut = write_file(tmp_path / "cut.zip", data[: len(data) // 2])
    place, message = one(refused(journal, cut))
    assert "cut.zip" in place
    assert "not a readable zip" in message
    damaged = bytearray(data)
    offset = data.index(b"apple_health_export/export.xml") + 60  # inside the first member's deflated bytes
    damaged[offset : offset + 40] = b"\xff" * 40
    place, message = one(refused(journal, write_file(tmp_path / "damaged.zip", bytes(damaged))))
    assert "damaged.zip" in place
    assert "export.xml" in place


def test_a_truncated_export_xml_names_the_line_and_writes_nothing(journal: Journal, tmp_path: Path) -> None:
    xml = Health().water(EVENING, 250).workout("Running", EVENING, 30, km=5).xml()
    path = write_file(tmp_path / "export.xml", xml[: len(xml) - 300])
    place, message = one(refused(journal, path))
    assert "export.xml | line " in place
    assert "not well-formed XML" in message
    assert "ends too early" in message or "unclosed" in message or "mismatched" in message


@pytest.mark.parametrize(
    ("text", "place", "said"),
    [
        (BILLION_LAUGHS, "line 3", "entity declaration"),
        (EXTERNAL_ENTITY, "line 2", "entity declaration"),
        (EXTERNAL_DTD, "line 2", "external DTD"),
    ],
    ids=["billion-laughs", "external-entity", "external-dtd"],
)
def test_xml_entity_tricks_are_refused_naming_the_line(
    journal: Journal, tmp_path: Path, text: str, place: str, said: str
) -> None:
    where, message = one(refused(journal, write_file(tmp_path / "export.xml", text)))
    assert where.endswith(f"| {place}")
    assert said in message


def test_an_entity_used_but_never_declared_is_not_well_formed(journal: Journal, tmp_path: Path) -> None:
    text = HEALTH_DTD + '<HealthData locale="en_US"><Record type="x" sourceName="&lol;"/></HealthData>\n'
    _, message = one(refused(journal, write_file(tmp_path / "export.xml", text)))
    assert "undefined entity" in message


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("photo.zip", zip_bytes([("IMG_0001.jpg", b"\xff\xd8\xff")]), "not an export twitchcheck reads"),
        ("notes.xml", "<?xml version='1.0'?><notes/>", "XML of another kind"),
        ("picture.png", b"\x89PNG\r\n\x1a\n", "not a kind of file twitchcheck imports"),
        ("export.csv", "Date,Steps\n2026-11-02,9000\n", "not a kind of file twitchcheck imports"),
    ],
)
def test_a_file_of_another_kind_is_named(
    journal: Journal, tmp_path: Path, name: str, data: bytes | str, said: str
) -> None:
    where, message = one(refused(journal, write_file(tmp_path / name, data)))
    assert name in where
    assert said in message
