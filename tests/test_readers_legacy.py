"""Legacy office files (.doc, .rtf, .odt) through a real LibreOffice: the same values as the text,
table cells with their locators, and one coded line for every bad input."""

import stat
from functools import lru_cache
from pathlib import Path

import pytest

from extractor.coverage import coverage_gaps
from extractor.models import VALUE_FIELDS
from extractor.pipeline import run
from extractor.readers import legacy, sniff_format

from .conftest import NOTICE_FIXTURES, SAMPLES

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LEGACY = sorted((FIXTURES / "legacy").glob("*.*"))
needs_libreoffice = pytest.mark.skipif(legacy.soffice() is None, reason="LibreOffice is not installed")


@pytest.fixture(scope="module", autouse=True)
def converted():
    """Every fixture converted in one LibreOffice start-up, as a batch or evaluation does."""
    if legacy.soffice() is not None:
        assert legacy.preconvert(LEGACY) == len(LEGACY)


@lru_cache(maxsize=None)
def extracted(path: Path):
    return run(path)


def _text_source(path: Path) -> Path:
    stem = path.name.split(".")[0]
    sample = SAMPLES / f"{stem}.txt"
    return sample if sample.exists() else NOTICE_FIXTURES / f"{stem}.txt"


def test_fixtures_cover_each_format():
    assert {p.suffix for p in LEGACY} == {".doc", ".rtf", ".odt"}
    assert {sniff_format(p.read_bytes()) for p in LEGACY} == {"ole", "rtf", "odt"}


@needs_libreoffice
@pytest.mark.parametrize("path", LEGACY, ids=lambda p: p.name)
def test_same_values_as_text(path):
    extraction = extracted(path)
    result = extraction.result
    assert result.error is None and result.source.format == {".doc": "doc"}.get(path.suffix, path.suffix[1:])
    got = [n.model_dump(mode="json") for n in result.notices]
    want = [n.model_dump(mode="json") for n in extracted(_text_source(path)).result.notices]
    for field in VALUE_FIELDS:
        assert [n[field] for n in got] == [n[field] for n in want], field
    assert coverage_gaps(extraction.document, extraction.assembled) == []


@needs_libreoffice
@pytest.mark.parametrize("suffix", [".doc", ".rtf", ".odt"])
def test_table_cells_keep_their_locators_and_labels(suffix):
    document = extracted(FIXTURES / "legacy" / f"officer_record.table{suffix}").document
    labels = [line for line in document.lines if "label" in line.hints]
    assert len(labels) >= 5 and all(line.locator.startswith("t1.r") for line in labels)


@needs_libreoffice
def test_renamed_docx_is_read_by_its_content(tmp_path):
    fake = tmp_path / "notice.doc"
    fake.write_bytes((FIXTURES / "rendered" / "s000.bold_labels.docx").read_bytes())
    result = run(fake).result
    assert result.error is None and result.source.format == "docx"
    assert "extension_mismatch" in {w.code for w in result.warnings}


def test_html_named_doc_is_read_as_html(tmp_path):
    fake = tmp_path / "notice.doc"
    fake.write_bytes(b"<html><body><p>Decision maker: Cabinet</p><p>Decision: To agree.</p></body></html>")
    result = run(fake).result
    assert result.error is None and result.source.format == "html" and result.notices[0].decision_maker == "Cabinet"
    assert "extension_mismatch" in {w.code for w in result.warnings}


@needs_libreoffice
def test_rtf_with_an_embedded_object_keeps_its_text():
    rtf = (rb"{\rtf1\ansi{\fonttbl{\f0 Arial;}}\f0 Decision maker: Cabinet\par Decision: To agree the plan.\par"
           rb"{\object\objemb\objw100\objh100{\*\objclass Package}{\*\objdata 0105000002000000080000005061636b61676500"
           rb"00000000000000000000}{\result {\pict\wmetafile8 0100}}}\par Wards affected: Mill Ward\par}")
    result = run(rtf, filename="embedded.rtf").result
    assert result.error is None
    notice = result.notices[0]
    assert (notice.decision_maker, notice.wards_affected) == ("Cabinet", "Mill Ward")
    assert [w.code for w in result.warnings] == ["embedded_objects_dropped"]


BAD = [
    ("legacy.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504),  # an OLE header and nothing in it
    ("damaged.rtf", b"{\\rtf1 \\bin999999999 "),
]


@needs_libreoffice
@pytest.mark.parametrize("name, data", BAD, ids=[b[0] for b in BAD])
def test_damaged_files_fail_alone_with_a_code(name, data):
    result = run(data, filename=name).result
    assert result.error is not None and result.error.code in {"corrupt_file", "empty_file"}
    assert "\n" not in result.error.message


def _script(folder: Path, body: str) -> str:
    script = folder / "fake-soffice"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_hanging_converter_is_stopped(tmp_path):
    """A converter that never answers is killed at the time limit: that file fails, as 'timeout'."""
    binary = _script(tmp_path, "exec sleep 600")
    (answer,) = legacy.convert_group([(b"{\\rtf1 x}", "rtf")], limit=0.5, binary=binary)
    assert answer == "timeout"


def test_crashed_converter_fails_the_file(tmp_path):
    binary = _script(tmp_path, "kill -SEGV $$")
    (answer,) = legacy.convert_group([(b"{\\rtf1 x}", "rtf")], binary=binary)
    assert answer == "corrupt_file"


def test_converter_unavailable(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    result = run(b"{\\rtf1\\ansi Decision maker: Cabinet\\par}", filename="new.rtf").result
    assert result.error.code == "converter_unavailable" and "LibreOffice" in result.error.message
