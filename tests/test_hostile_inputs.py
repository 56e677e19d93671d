"""Hostile file contents (issue 18): text never silently corrupted, bombs bounded, and
`extract()` never raising for bad input. Every hostile input is built here at run time."""

import codecs
import io
import random
import zipfile
from pathlib import Path

import pytest

from extractor import extract
from extractor.limits import MAX_PART_BYTES
from extractor.pipeline import run
from extractor.readers.text import decode

from .conftest import SAMPLES

RENDERED = Path(__file__).resolve().parent / "fixtures" / "rendered"
NOTICE = (SAMPLES / "s000.txt").read_text(encoding="utf-8")


# -- text: decoded per line, UTF-32 found, a guess reviewed ---------------------------------------
MIXED = "Decision date: 2011 – 2014\nCouncillor Zoë Brand\n".encode() + b"Caf\xe9 licence\n"


@pytest.mark.parametrize("data, text, encoding", [
    (MIXED, "Decision date: 2011 – 2014\nCouncillor Zoë Brand\nCafé licence\n", "utf-8+windows-1252"),
    ("Zoë – 2014".encode() + b" \xff\n", "Zoë – 2014 \ufffd\n", "utf-8+windows-1252"),
    ("Café – 2014\n".encode("cp1252"), "Café – 2014\n", "windows-1252"),
    (codecs.BOM_UTF32_LE + "Zoë – 2014".encode("utf-32-le"), "Zoë – 2014", "utf-32"),
    (codecs.BOM_UTF32_BE + "Zoë – 2014".encode("utf-32-be"), "Zoë – 2014", "utf-32"),
    ("Decision – agreed".encode("utf-32-le"), "Decision – agreed", "utf-32-le"),
    ("Decision – agreed".encode("utf-32-be"), "Decision – agreed", "utf-32-be"),
], ids=["one-latin1-line", "stray-byte-in-utf8-line", "all-cp1252", "utf32-le-bom", "utf32-be-bom",
        "utf32-le-bomless", "utf32-be-bomless"])
def test_text_decoding(data, text, encoding):
    assert decode(data) == (text, encoding)


@pytest.mark.parametrize("data, review", [
    (NOTICE.encode("utf-8"), False),
    (NOTICE.encode("utf-8") + b"\nCaf\xe9\n", True),
    (NOTICE.encode("cp1252", "replace"), True),
], ids=["utf8-known", "mixed-guessed", "cp1252-guessed"])
def test_a_guessed_encoding_needs_review(data, review):
    result = extract(data, filename="n.txt")
    assert result.error is None and "\u00e2\u20ac" not in result.notices[0].title
    assert all(n.needs_review is review for n in result.notices)
    assert ("encoding_guessed" in {w.code for w in result.warnings}) is review


# -- Word: encrypted, damaged, bombs in any part ----------------------------------------------------
def _docx_with(extra: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(RENDERED / "s000.bold_labels.docx") as source, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            target.writestr(info, extra.pop(info.filename, None) or source.read(info))
        for name, data in extra.items():
            target.writestr(name, data)
    return buffer.getvalue()


def _encrypted_ooxml() -> bytes:
    """The shape Word gives a password-protected .docx: an OLE compound file whose directory
    names the streams EncryptionInfo and EncryptedPackage (UTF-16 names in 128-byte entries)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    entries = b"".join(name.encode("utf-16-le").ljust(128, b"\0") for name in
                       ("Root Entry", "EncryptionInfo", "EncryptedPackage"))
    return header + entries + bytes(4096)


def _bad_zip_version(data: bytes) -> bytes:
    central = data.index(b"PK\x01\x02")
    return data[: central + 6] + bytes([205, 0]) + data[central + 8 :]  # "needs zip version 20.5"


@pytest.mark.parametrize("make, code", [
    (_encrypted_ooxml, "encrypted"),
    (lambda: _bad_zip_version((RENDERED / "s000.bold_labels.docx").read_bytes()), "corrupt_file"),
    (lambda: _docx_with({"word/styles.xml": b"\0" * (MAX_PART_BYTES + 1)}), "too_large"),
    (lambda: _docx_with({f"word/media/pad{n}.bin": b"\0" * (MAX_PART_BYTES - 1) for n in range(5)}), "too_large"),
], ids=["password-protected", "flipped-zip-version", "bomb-in-styles", "bombs-in-many-parts"])
def test_word_files_that_cannot_be_read_get_their_code(make, code):
    result = extract(make(), filename="n.docx")
    assert result.error is not None and result.error.code == code


def test_the_text_a_document_yields_is_bounded(monkeypatch):
    import extractor.readers as readers

    monkeypatch.setattr(readers, "MAX_TEXT_CHARS", 1000)  # the real limit is 20 million characters
    result = extract(NOTICE.encode(), filename="n.txt")
    assert result.error is not None and result.error.code == "too_large"


# -- extract() never raises: mutated bytes of every format ------------------------------------------
def _mutants(data: bytes, seed: int, count: int):
    rng = random.Random(seed)
    for _ in range(count):
        mutant = bytearray(data)
        kind = rng.choice(("flip", "flip", "truncate", "zero-run"))
        if kind == "flip":
            for _ in range(rng.randint(1, 4)):
                mutant[rng.randrange(len(mutant))] = rng.randrange(256)
        elif kind == "truncate":
            del mutant[rng.randrange(1, len(mutant)):]
        else:
            start = rng.randrange(len(mutant))
            mutant[start : start + rng.randint(1, 64)] = bytes(min(64, len(mutant) - start))
        yield bytes(mutant)


@pytest.mark.parametrize("source, count", [
    (SAMPLES / "s000.txt", 40),
    (RENDERED / "s000.bold_labels.docx", 40),
    (RENDERED / "officer_record.table.docx", 40),
    (RENDERED / "s004.headings.pdf", 25),
], ids=lambda v: v.name if isinstance(v, Path) else str(v))
def test_mutated_files_never_raise(source, count):
    from extractor.models import ExtractionResult

    for n, mutant in enumerate(_mutants(source.read_bytes(), seed=18, count=count)):
        record = run(mutant, filename=source.name).record  # raises nothing
        ExtractionResult.model_validate(record)  # and every result is a valid one
        assert record["error"] is None or record["error"]["code"] != "internal_error", (n, record["error"])


# -- PDF: a content stream that inflates to far more than the file -----------------------------------
def _pdf_with_content(content: bytes) -> bytes:
    """A valid one-page PDF whose page content is ``content``, Flate-compressed."""
    import zlib

    packed = zlib.compress(content, 1)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(packed), packed)]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.mark.parametrize("content, code", [
    (b"BT /F1 12 Tf 72 720 Td (Decision) Tj ET\n" + b" " * 1000, None),
    (b" " * (MAX_PART_BYTES + 1024), "too_large"),
], ids=["small-content", "content-bomb"])
def test_pdf_content_streams_are_bounded(content, code):
    result = extract(_pdf_with_content(content), filename="n.pdf")
    assert (result.error.code if result.error else None) == code


# -- a multi-page TIFF is read a page at a time -------------------------------------------------------
_TIFF_CHILD = r"""
import io, resource, sys
from PIL import Image
pages = [Image.new("1", (2500, 3500), 1)]
buffer = io.BytesIO()
pages[0].save(buffer, format="TIFF", save_all=True, append_images=pages * 59, compression="group4")
data = buffer.getvalue()  # 60 pages of 8.75 MB each once decoded: 525 MB in all
del pages
from extractor.readers.ocr import image_frames
soft, hard = resource.getrlimit(resource.RLIMIT_AS)
usage = int(open("/proc/self/statm").read().split()[0]) * resource.getpagesize()
resource.setrlimit(resource.RLIMIT_AS, (usage + 150 * 1024 * 1024, hard))  # room for a few pages, not 60
count = 0
for image, dpi in image_frames(data):
    count += 1
print(count)
"""


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads /proc")
def test_a_multipage_tiff_is_decoded_page_by_page():
    import subprocess
    import sys

    from .conftest import ROOT

    done = subprocess.run([sys.executable, "-c", _TIFF_CHILD], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "60", done.stderr[-500:]
