"""Bad legacy office files and web inputs: each gets one coded line, and a batch over all of them
still reads the good files beside them.

Every input is built at test time from the committed fixtures (cut short, renamed, filled with
junk) or written by the real LibreOffice (password-protected files), never committed.
"""

import json
import random
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.pipeline import run
from extractor.readers import legacy
from extractor.readers.office_host import OfficeHost, uno_python

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LEGACY = FIXTURES / "legacy"
HAS_SOFFICE = legacy.soffice() is not None
HAS_UNO = HAS_SOFFICE and uno_python() is not None


def _fixture(name: str) -> bytes:
    return (LEGACY / name).read_bytes()


def _junk(size: int) -> bytes:
    return random.Random(13).randbytes(size)


def _protected(target_format: str, tmp_path: Path) -> bytes:
    """The table notice saved by LibreOffice with a password (Word 97: RC4 CryptoAPI; ODF: AES).
    (Its .docx export ignores the password: the encrypted-.docx wrapper is tested in test_hostile_inputs.)"""
    host = OfficeHost(legacy.soffice() or "", uno_python() or "")
    try:
        target = tmp_path / f"locked.{target_format}"
        assert host.convert(LEGACY / "officer_record.table.odt", target, limit=60, target_format=target_format,
                            password="s3cret") is None
        return target.read_bytes()
    finally:
        host.close()


# name given, how to build the bytes, what it needs, the error code (None: read) and the warnings
CASES = [
    ("empty.doc", lambda _: b"", None, "empty_file", []),
    ("blank.rtf", lambda _: b" \r\n\t\n", None, "empty_file", []),
    ("empty-page.html", lambda _: b"<html><head><title>x</title></head><body></body></html>", None, "empty_file", []),
    ("junk.doc", lambda _: _junk(8192), None, "binary_file", []),
    ("junk.odt", lambda _: _junk(8192), None, "binary_file", []),
    ("ole-header-then-junk.doc", lambda _: _fixture("officer_record.table.doc")[:512] + _junk(8192), "soffice",
     "corrupt_file", []),
    ("first-kilobyte.doc", lambda _: _fixture("officer_record.table.doc")[:1024], None, "corrupt_file", []),
    ("half.doc", lambda _: (d := _fixture("officer_record.table.doc"))[:len(d) // 2], "soffice", "corrupt_file", []),
    ("half.odt", lambda _: (d := _fixture("officer_record.table.odt"))[:len(d) // 2], "soffice", "corrupt_file", []),
    ("half.rtf", lambda _: (d := _fixture("officer_record.table.rtf"))[:len(d) // 2], "soffice", "corrupt_file", []),
    ("nothing-but-nul.rtf", lambda _: b"{\\rtf1 " + b"\x00" * 500 + b"}", "soffice", "empty_file", []),
    ("locked.doc", lambda tmp: _protected("doc", tmp), "uno", "encrypted", []),
    ("locked.odt", lambda tmp: _protected("odt", tmp), "uno", "encrypted", []),
    ("locked-doc-named.rtf", lambda tmp: _protected("doc", tmp), "uno", "encrypted", []),
    ("doc-named.rtf", lambda _: _fixture("officer_record.table.doc"), "soffice", None, ["extension_mismatch"]),
    ("rtf-named.odt", lambda _: _fixture("officer_record.table.rtf"), "soffice", None, ["extension_mismatch"]),
    ("odt-named.doc", lambda _: _fixture("officer_record.table.odt"), "soffice", None, ["extension_mismatch"]),
    ("page-named.rtf", lambda _: b"<html><body><p>Decision maker: Cabinet</p><p>Decision: To agree.</p></body></html>",
     None, None, ["extension_mismatch"]),
    ("cut-mid-tag.html", lambda _: b"<html><body><p>Decision maker: Cabinet</p><p>Decision: To agree the pl", None,
     None, []),
    ("archive-named.html", lambda _: b"\x1f\x8b\x08\x00" + _junk(64), None, "unsupported_format", []),
]


def _needs(need: str | None) -> list:
    if need == "uno":
        return [pytest.mark.skipif(not HAS_UNO, reason="LibreOffice with python3-uno is not installed")]
    if need == "soffice":
        return [pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice is not installed")]
    return []


@pytest.mark.parametrize("name, build, code, warnings",
                         [pytest.param(*c[:2], *c[3:], id=c[0], marks=_needs(c[2])) for c in CASES])
def test_bad_input_gets_one_coded_line(name, build, code, warnings, tmp_path):
    result = run(build(tmp_path), filename=name).result
    if code is None:
        assert result.error is None and result.notices
    else:
        assert result.error is not None and result.error.code == code, result.error
        assert "\n" not in result.error.message and result.notices == []
    assert [w.code for w in result.warnings] == warnings


@pytest.mark.skipif(not HAS_UNO, reason="LibreOffice with python3-uno is not installed")
@pytest.mark.parametrize("target_format, words", [("doc", "RC4"), ("odt", "OpenDocument")])
def test_protected_file_says_remove_the_password(target_format, words, tmp_path):
    error = run(_protected(target_format, tmp_path), filename=f"locked.{target_format}").result.error
    assert error.code == "encrypted" and words in error.message and "remove the password" in error.message


@pytest.mark.skipif(not HAS_UNO, reason="LibreOffice with python3-uno is not installed")
def test_batch_over_bad_files_reads_the_good_ones(tmp_path, capsys):
    """One worker, one warm LibreOffice: the bad files fail with their codes, the good ones beside
    them (before and after) are read."""
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    expected = {}
    for name, build, _, code, _ in CASES:
        (folder / name).write_bytes(build(tmp_path))
        expected[name] = code
    for name in ("officer_record.table.doc", "s000.bold_labels.rtf", "member_decision.headings.odt"):
        (folder / f"good-{name}").write_bytes(_fixture(name))
        expected[f"good-{name}"] = None
    (folder / "crawl.warc.gz").write_bytes(b"\x1f\x8b\x08\x00" + _junk(64))  # junk where a web archive should be
    assert main(["extract", str(folder), "-o", str(out), "--workers", "1", "-q"]) == 1
    rows = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    files = {Path(r["path"]).name: r for r in rows if r.get("archive") is None}
    assert {name: row["error_code"] for name, row in files.items()} == expected
    assert [r["error_code"] for r in rows if r.get("archive")] == ["corrupt_file"]
    for name in (n for n in expected if n.startswith("good-")):
        result = json.loads((out / files[name]["output"]).read_text())
        assert result["error"] is None and result["notices"][0]["decision_maker"]
    assert "Traceback" not in capsys.readouterr().err
