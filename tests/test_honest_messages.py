"""Messages say what happened (issue 30): a junk image's message names no Python object or memory
address; tesserocr that is installed but cannot be loaded is not told to be installed; a scan
Tesseract cannot hold under --max-memory names the cap, not a time limit."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from extractor.pipeline import run

from .conftest import ROOT

JUNK_IMAGES = [
    pytest.param(b"II*\x00\x08\x00\x00\x00" + b"junk" * 100, "x.tif", id="tiff-header-then-junk"),
    pytest.param(b"MM\x00*" + b"\x00" * 50, "x.tif", id="big-endian-tiff-of-zeros"),
    pytest.param(b"\x89PNG\r\n\x1a\n" + b"junk" * 50, "x.png", id="png-signature-then-junk"),
    pytest.param(b"\xff\xd8\xff\xe0" + b"junk" * 50, "x.jpg", id="jpeg-marker-then-junk"),
]


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize(("data", "name"), JUNK_IMAGES)
def test_a_junk_image_is_one_plain_line(data, name):
    error = run(data, filename=name).result.error
    assert error is not None and error.code == "corrupt_file"
    assert " at 0x" not in error.message and "object" not in error.message and "\n" not in error.message


def test_tesserocr_that_will_not_load_is_not_called_missing(monkeypatch):
    """Installed (its spec is found) but its import fails here: the message says it could not be
    loaded, with the reason, never "pip install tesserocr"."""
    from extractor.errors import InputError
    from extractor.readers import tesseract

    monkeypatch.setitem(sys.modules, "tesserocr", None)  # what an import that fails looks like
    with pytest.raises(InputError) as raised:
        tesseract._start(tesseract.tessdata_dir() or "/nonexistent", "eng", "scan.png")
    assert raised.value.code == "ocr_unavailable"
    assert "could not be loaded" in raised.value.message and "pip install" not in raised.value.message


def test_a_scan_too_large_for_the_memory_cap_names_the_cap(tmp_path):
    """A 6,000 x 8,000 pixel scan under --max-memory 300: Leptonica's allocations fail; the row
    says memory_limit and names the cap (it said "recognition failed or took over 300 s")."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (6000, 8000), 255)
    ImageDraw.Draw(image).text((100, 100), "Decision Maker: Cabinet", fill=0)
    image.save(tmp_path / "scan.png")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "extractor", "extract", str(tmp_path / "scan.png"), "-o", str(out),
                           "--max-memory", "300", "-q"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    (row,) = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert done.returncode == 1 and row["error_code"] == "memory_limit", row
    assert "took over" not in row["error_message"]
