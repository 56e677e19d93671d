"""Scans: page images and image-only PDFs go through Tesseract into the same pipeline.

Tesseract's language packs (English and Welsh) are installed by scripts/setup-system.sh (make
test runs it) and its library comes with tesserocr (a dependency); these tests need them.
"""

import io

import pytest
from pathlib import Path

from extractor import extract
from extractor.options import RunOptions

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCAN = FIXTURES / "scanned_s004.tif"


def test_multi_page_tiff_extracts_through_ocr():
    result = extract(SCAN)
    assert result.error is None and result.source.format == "image" and result.source.pages == 2
    notice = result.notices[0]
    assert notice.decision_maker == "CABINET" and notice.authority == "MAIDSTONE BOROUGH COUNCIL"
    assert str(notice.decision_date) == "2011-05-18"
    assert notice.decision.startswith("That the Information Strategy 2011")
    span = notice.provenance["decision_maker"]
    assert span.page == 1 and span.bbox is not None and 0 < span.confidence <= 100


def _image_only_pdf() -> bytes:
    from PIL import Image, ImageSequence

    frames = [f.convert("L") for f in ImageSequence.Iterator(Image.open(SCAN))]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="PDF", save_all=True, append_images=frames[1:], resolution=300)
    return buffer.getvalue()


def test_image_only_pdf_is_ocrd_with_provenance_and_confidence():
    result = extract(_image_only_pdf(), filename="scan.pdf")
    assert result.error is None and result.source.format == "pdf"
    assert "no_text_layer" not in [w.code for w in result.warnings]
    notice = result.notices[0]
    assert notice.title.startswith("INFORMATION STRATEGY") and notice.decision_maker == "CABINET"
    assert all(span.confidence is not None for span in notice.provenance.values())


def test_ocr_can_be_switched_off():
    result = extract(_image_only_pdf(), filename="scan.pdf", ocr="never")
    assert [w.code for w in result.warnings] == ["no_text_layer"] and result.notices[0].needs_review
    assert extract(SCAN, ocr="never").error.code == "unsupported_format"


def test_a_damaged_image_is_refused():
    data = SCAN.read_bytes()[:200]
    assert extract(data, filename="broken.tif").error.code == "corrupt_file"


def test_a_scanned_pdf_in_a_batch_run_has_ocr_provenance(tmp_path):
    import json

    from extractor.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(_image_only_pdf())
    (folder / "s004.txt").write_bytes((FIXTURES.parent.parent / "samples" / "s004.txt").read_bytes())
    out = tmp_path / "out"
    assert main(["extract", str(folder), "-o", str(out), "--workers", "2", "-q"]) == 0
    result = json.loads((out / "scan.json").read_text())
    spans = result["notices"][0]["provenance"]
    assert spans["decision_maker"]["confidence"] > 0 and spans["decision_maker"]["page"] == 1
    assert json.loads((out / "s004.json").read_text())["notices"][0]["provenance"]["decision_maker"]["confidence"] is None


# -- OCR noise: skew, tables without rulings -----------------------------------------------------
def _word(text, x0, top, line, width=None, height=8.0):
    from extractor.words import Word

    width = width if width is not None else 5.0 * len(text)
    return Word(text, x0, top, x0 + width, top + height, confidence=95.0, engine_line=line)


def test_straighten_undoes_skew_so_lines_keep_their_words():
    from extractor.readers.ocr import straighten

    slope = 0.012  # about 0.7 degrees: a line 500 points long drops 6 points
    words = []
    for n, text in enumerate(["first line of words running across the page"] * 2):
        for i, token in enumerate(text.split()):
            x = 60 + i * 60
            words.append(_word(f"{token}{n}", x, 100 + n * 14 + x * slope, (1, 1, n)))
    flat = straighten(words, 595, 842)
    for n in range(2):
        tops = {round(w.top, 3) for w in flat if w.text.endswith(str(n))}
        assert len(tops) == 1  # one line, one height
    first, second = (min(w.top for w in flat if w.text.endswith(str(n))) for n in range(2))
    assert 12 < second - first < 16  # the lines keep their pitch


# -- committed scans of our own notices (tests/render.py SCAN_PLAN) ------------------------------
SCANS = sorted((FIXTURES / "scans").iterdir())
_NOT_SCORED = {"provenance", "warnings", "needs_review", "other_sections"}


def _expected(stem: str) -> list[dict]:
    path = FIXTURES / "notices" / f"{stem}.expected.json"
    if not path.exists():
        path = FIXTURES.parent.parent / "samples" / f"{stem}.expected.json"
    import json

    expected = json.loads(path.read_text(encoding="utf-8"))
    return [{k: v for k, v in e.items() if k not in _NOT_SCORED} for e in (expected if isinstance(expected, list) else [expected])]


def test_scan_fixtures_cover_the_plan():
    from tests.render import SCAN_PLAN

    names = {path.name.split(".")[0] + "." + path.name.split(".")[1] for path in SCANS}
    assert len(SCANS) == len(SCAN_PLAN)
    fonts = {font for _, _, font, *_ in SCAN_PLAN}
    dpis = {dpi for _, _, _, dpi, *_ in SCAN_PLAN}
    kinds = {path.suffix for path in SCANS}
    assert len(fonts) >= 3 and dpis == {200, 300} and kinds == {".png", ".tif", ".jpg", ".pdf"}
    assert any(skew for *_, skew, _, _ in SCAN_PLAN) and any(speckle for *_, speckle, _ in SCAN_PLAN)
    assert all(path.stat().st_size < 300_000 for path in SCANS) and len(names) == len(SCANS)


@pytest.fixture(scope="module")
def scan_scores():
    from extractor.evaluate import Tally, score_fields

    scores = {}
    for path in SCANS:
        result = extract(path)
        assert result.error is None, path.name
        tally = Tally()
        mistakes = []
        expected = _expected(path.name.split(".")[0])
        assert len(result.notices) == len(expected), path.name
        for gold, notice in zip(expected, result.notices):
            assert all(span.confidence is not None for span in notice.provenance.values()), path.name
            tallies, wrong = score_fields(gold, notice.model_dump(mode="json"))
            for part in tallies.values():
                tally.add(part)
            mistakes += wrong
        scores[path.name] = (tally, mistakes)
    return scores


@pytest.mark.parametrize("name", [path.name for path in SCANS])
def test_each_scan_fixture_reads_nearly_as_its_text(scan_scores, name):
    tally, mistakes = scan_scores[name]
    assert tally.f1 >= 0.9, mistakes


def test_scan_fixtures_together_reach_the_bar(scan_scores):
    from extractor.evaluate import Tally

    total = Tally()
    for tally, _ in scan_scores.values():
        total.add(tally)
    assert total.f1 >= 0.97, [m for _, ms in scan_scores.values() for m in ms]


# -- a scan's pages in parallel ------------------------------------------------------------------
def test_pages_are_read_in_parallel_in_order_and_bounded(monkeypatch):
    import threading

    from extractor.readers import ocr

    running, most, finished, threads = [0], [0], [], [3]
    lock = threading.Lock()
    all_busy = threading.Event()  # a page waits until as many as allowed run at once: no race with a sleep

    def fake_ocr(image, dpi, lang, path):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
            if running[0] >= threads[0]:
                all_busy.set()
        assert all_busy.wait(timeout=60), "the pages were not read in parallel"
        with lock:
            running[0] -= 1
            finished.append(image)
        return image

    def pages():
        for n in range(7):
            with lock:  # rendered pages not yet read stay few: memory is bounded on long scans
                assert n - len(finished) <= 3
            yield n, 300

    monkeypatch.setattr(ocr, "ocr_image", fake_ocr)
    assert ocr.ocr_pages(pages(), RunOptions(ocr_threads=3)) == list(range(7))
    assert most[0] == 3
    threads[0] = 1
    all_busy.clear()
    most[0] = 0
    finished.clear()
    assert ocr.ocr_pages(pages(), RunOptions(ocr_threads=1)) == list(range(7)) and most[0] == 1


def test_workers_share_the_cores_for_ocr(monkeypatch):
    from extractor.readers import ocr

    monkeypatch.setattr(ocr, "available_cores", lambda: 8)
    assert [ocr.share_of_cores(n) for n in (1, 2, 3, 8, 16)] == [8, 4, 2, 1, 1]


def test_a_junk_text_layer_is_ocrd_like_none():
    """A scan whose invisible text layer is garbage (a bad scanner OCR, a broken font encoding)."""
    from PIL import Image, ImageSequence
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    for frame in ImageSequence.Iterator(Image.open(SCAN)):
        c.drawImage(ImageReader(frame.convert("L")), 0, 0, width=A4[0], height=A4[1])
        text = c.beginText(72, 700)
        text.setTextRenderMode(3)  # invisible, as scanners lay their text over the image
        for _ in range(20):
            text.textLine("#%& @*!^ ~~~ ^^ ### %%% ** ]]] ~ {} $$")
        c.drawText(text)
        c.showPage()
    c.save()
    result = extract(buffer.getvalue(), filename="junk-layer.pdf")
    assert result.error is None and result.notices[0].decision_maker == "CABINET"
    assert result.notices[0].provenance["decision_maker"].confidence is not None
    kept = extract(buffer.getvalue(), filename="junk-layer.pdf", ocr="never")
    assert kept.notices[0].decision_maker is None  # without OCR only the junk is there


def test_rulings_and_dust_read_as_words_are_dropped():
    """Tesseract reads a table's ruling as "|" and dust as "." or "_": not words of the notice; and
    a dash at times as two ("Committee Minutes —- 13 March 2017"), which hides the heading's date."""
    from extractor.readers.ocr import words_from_tsv

    rows = [("_", 100), ("Decision", 140), ("Maker", 400), ("|", 600), ("Cabinet", 700), (".", 1000), ("-", 1100),
            ("2011", 1200), ("—-", 1300), ("——", 1400), ("---", 1500)]
    tsv = "\n".join(["1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t"]  # the page's own row: no word
                    + [f"5\t1\t1\t1\t1\t{n}\t{x}\t300\t{60 + 20 * len(t)}\t40\t95.5\t{t}"
                       for n, (t, x) in enumerate(rows)])
    words = words_from_tsv(tsv, 72 / 300)
    assert [w.text for w in words] == ["Decision", "Maker", "Cabinet", "-", "2011", "-", "—", "---"]
    assert (words[0].x0, words[0].confidence, words[0].engine_line) == (140 * 72 / 300, 95.5, (1, 1, 1))


def test_a_bullet_read_as_a_cent_sign_is_a_bullet():
    """Tesseract reads a list's round bullet as "¢" (at times "«" or "°"): alone before the words of
    its line it is the bullet; inside a line, or alone on it, it stays what it was read as."""
    from extractor.readers.ocr import words_from_tsv

    rows = [(1, "¢", 100), (1, "Car", 140), (1, "Park", 240), (2, "Price", 100), (2, "¢", 240), (2, "5", 280),
            (3, "«", 100), (3, "Appendix", 140), (4, "¢", 100)]
    tsv = "\n".join(f"5\t1\t1\t1\t{line}\t{n}\t{x}\t300\t40\t40\t90\t{t}" for n, (line, t, x) in enumerate(rows))
    assert [w.text for w in words_from_tsv(tsv, 72 / 300)] == ["•", "Car", "Park", "Price", "¢", "5", "•", "Appendix", "¢"]


def test_a_low_dpi_scan_is_resampled_to_ocr_resolution_and_despeckled():
    from PIL import Image, ImageDraw

    from extractor.readers.ocr import OCR_DPI, prepare_low_dpi

    page = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
    draw = ImageDraw.Draw(page)
    draw.rectangle((100, 100, 101, 400), fill=0)  # a stroke two pixels wide
    page.putpixel((800, 800), 0)  # a speck
    ready, dpi = prepare_low_dpi(page, 200)
    assert dpi == OCR_DPI and ready.size == (round(1654 * 1.5), round(2339 * 1.5)) and ready.mode == "L"
    assert ready.crop((1190, 1190, 1210, 1210)).getextrema()[0] > 160  # the speck is paper (resampled alone: 99)
    assert ready.getpixel((151, 375)) < 80  # the stroke is kept
    # as they are: a page at OCR resolution, a photo whose "72 dpi" makes no page of paper, a tiny image
    clean = Image.new("L", (2480, 3508), 255)
    assert prepare_low_dpi(clean, 300) == (clean, 300)
    photo = Image.new("RGB", (3000, 4000), 255)
    assert prepare_low_dpi(photo, 72) == (photo, 72) and prepare_low_dpi(photo, 200) == (photo, 200)


def test_a_resampled_page_is_read_without_tesseracts_table_finder(monkeypatch):
    """On a resampled noisy page Tesseract's table finder ran for over ten minutes without checking
    its time limit: such pages skip it; a page at OCR resolution is read as before."""
    from PIL import Image

    from extractor.readers import ocr

    seen = []
    real = ocr.read_tsv

    def spy(api, image, dpi, *, find_tables=True):
        seen.append((image.width, dpi, find_tables))
        return real(api, image, dpi, find_tables=find_tables)

    monkeypatch.setattr(ocr, "read_tsv", spy)
    ocr.ocr_image(Image.new("L", (1654, 2339), 255), 200)
    ocr.ocr_image(Image.new("L", (2480, 3508), 255), 300)
    assert seen == [(2481, 300, False), (2480, 300, True)]


def test_a_noisy_low_dpi_skewed_scan_reads_its_fields(tmp_path):
    """An invented notice scanned as the noisy evaluation scans are (200 dpi, turned 0.8 degrees at
    most, a speck per 400 pixels, JPEG at quality 55): read at its own 200 dpi, Tesseract glues the
    specks to words (".Cabinet Member", "is:more") and loses the heading; resampled and despeckled
    (`prepare_low_dpi`) every field reads as the text says."""
    from tests.render import render_pdf, save_scan, scan_pages

    text = """Thornbury Vale Borough Council
Record of Executive Decision

Decision Maker: Cabinet Member for Parks and Leisure
Date of Decision: 14/03/2024
Decision Reference: EXD/2024/031

Title
Replacement of play equipment at Kestrel Lane recreation ground

Decision
To approve the replacement of the play equipment at Kestrel Lane recreation ground at a cost of £48,500, funded from the parks capital programme.

Reasons for the Decision
The existing equipment is more than twenty years old, failed its annual safety inspection and has been closed to the public since January.

Alternative Options Considered
Repairing the existing equipment was rejected because replacement parts are no longer made.

Is this a Key Decision?  No
Is the decision subject to call-in?  Yes

Contact Officer: Priya Ellingham, Parks Manager
"""
    pdf = tmp_path / "n.pdf"
    render_pdf(text, pdf, "bold_labels", "Helvetica")
    scan = save_scan(scan_pages(pdf, dpi=200, skew=0.8, speckle=400), tmp_path / "n", "jpg", 200)
    result = extract(scan)
    assert result.error is None and result.source.format == "image"
    notice = result.notices[0]
    assert notice.authority == "Thornbury Vale Borough Council"
    assert notice.title == "Replacement of play equipment at Kestrel Lane recreation ground"
    assert notice.decision_maker == "Cabinet Member for Parks and Leisure"
    assert str(notice.decision_date) == "2024-03-14" and notice.subject_to_call_in is True
    assert notice.reasons == ("The existing equipment is more than twenty years old, failed its annual safety "
                              "inspection and has been closed to the public since January.")
    assert notice.decision.startswith("To approve the replacement of the play equipment")
    assert notice.contact is not None and notice.contact.name == "Priya Ellingham"


def test_page_chrome_is_known_with_a_trailing_speck():
    notice = extract(b"Council and democracy.\nDecision Maker: Cabinet\nDate of decision: 13/06/2012\n",
                     filename="n.txt").notices[0]
    assert notice.title is None and "Council and democracy." in [o.text for o in notice.other_sections]


def test_an_image_bomb_is_refused_with_a_code():
    """A few hundred bytes of PNG that claim 40,000 x 40,000 pixels."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 40000, 40000, 8, 0, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(b"\x00" * 100)) + chunk(b"IEND", b""))
    result = extract(png, filename="bomb.png")
    assert result.error.code == "too_large" and "pixels" in result.error.message and result.notices == []


def test_a_poster_sized_scanned_page_is_rasterised_within_bounds(monkeypatch):
    from reportlab.pdfgen import canvas

    from extractor.readers import ocr

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(7200, 7200))  # 100 x 100 inches, no text layer
    c.rect(100, 100, 200, 200)
    c.save()
    seen = []
    real = ocr.ocr_image

    def spy(image, dpi, lang, path):
        seen.append((image.width * image.height, dpi))
        return real(image, dpi, lang, path)

    monkeypatch.setattr(ocr, "ocr_image", spy)
    monkeypatch.setattr(ocr, "MAX_OCR_PIXELS", 4_000_000)
    result = extract(buffer.getvalue(), filename="poster.pdf")
    assert result.error is None and len(seen) == 1
    pixels, dpi = seen[0]
    assert pixels <= 4_000_000 * 1.01 and 19 < dpi < 21  # 2,000 x 2,000 dots over 100 inches


# -- Tesseract in this process: its language data, warm engines, errors with codes -------------------
def _damaged_tessdata(folder):
    """A language pack cut short: Tesseract finds it, starts on it and fails."""
    from extractor.readers.tesseract import tessdata_dir

    folder.mkdir()
    (folder / "eng.traineddata").write_bytes((Path(tessdata_dir()) / "eng.traineddata").read_bytes()[:100_000])
    return folder


BROKEN = [
    ("no-language-data", lambda tmp: tmp, "ocr_unavailable", "apt-get install tesseract-ocr-eng"),
    ("damaged-language-data", lambda tmp: _damaged_tessdata(tmp / "damaged"), "ocr_failed", "Tesseract could not start"),
]


@pytest.mark.parametrize("folder, code, says", [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_tesseract_that_cannot_read_fails_the_file_with_a_code(monkeypatch, tmp_path, folder, code, says):
    # the real Tesseract, pointed (as Tesseract itself is) at a folder without usable language data
    monkeypatch.setenv("TESSDATA_PREFIX", str(folder(tmp_path)))
    for result in (extract(SCAN), extract(_image_only_pdf(), filename="scan.pdf", ocr="always")):
        assert result.error is not None and result.error.code == code
        assert "\n" not in result.error.message and says in result.error.message
    auto = extract(_image_only_pdf(), filename="scan.pdf")  # --ocr auto: left unread without OCR, and said so
    if code == "ocr_unavailable":
        assert auto.error is None and "no_text_layer" in [w.code for w in auto.warnings]
    else:  # Tesseract is there and fails: the file fails
        assert auto.error.code == code


def test_the_language_packs_are_where_the_tesseract_command_finds_them(monkeypatch):
    import shutil
    import subprocess

    from extractor.readers.tesseract import installed_packs, tessdata_dir

    monkeypatch.delenv("TESSDATA_PREFIX", raising=False)
    listed = subprocess.run([shutil.which("tesseract"), "--list-langs"], capture_output=True, text=True).stdout
    assert f'"{tessdata_dir()}"' in listed  # the folder the command names
    assert {"eng", "cym"} <= set(installed_packs()) == set(listed.split("\n")[1:]) - {""}


def test_without_tesserocr_a_scan_says_what_to_install(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "tesserocr", None)  # what `import tesserocr` meets when it is not installed
    result = extract(SCAN)
    assert result.error.code == "ocr_unavailable" and "pip install tesserocr" in result.error.message


def test_an_engine_is_one_threads_at_a_time_and_kept_for_the_next_page():
    from extractor.readers.tesseract import engine

    with engine("eng") as first:
        with engine("eng") as second:  # another thread's page, while the first is being read
            assert second is not first
    with engine("eng") as again:
        assert again in (first, second)  # warm: the language models are not loaded again


def test_a_forked_worker_reads_with_the_engine_it_inherited():
    """Batch workers fork children that extract file after file: an engine made before the fork
    is the child's own copy and reads pages there."""
    import os

    from extractor.readers.ocr import image_frames, ocr_image

    image, dpi = next(image_frames(SCAN.read_bytes()))
    expected = [w.text for w in ocr_image(image, dpi).words]  # warms an engine in this process
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read the page, hand its words back, leave at once
        try:
            os.write(writer, "\n".join(w.text for w in ocr_image(image, dpi).words).encode())
        finally:
            os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        words = pipe.read().decode().split("\n")
    os.waitpid(pid, 0)
    assert words == expected and "CABINET" in words


LANGUAGES = [
    ("eng", "eng"),
    ("ENG", "eng"),
    (" eng+cym ", "eng+cym"),
    ("CYM+eng", "cym+eng"),
]


@pytest.mark.parametrize("given, made", LANGUAGES, ids=[g.strip() for g, _ in LANGUAGES])
def test_ocr_languages_are_spelled_as_their_packs(given, made):
    assert RunOptions(ocr_lang=given).ocr_lang == made


def test_a_scan_reads_the_same_with_english_and_welsh():
    """eng+cym (Welsh councils publish bilingual notices) reads an English notice as eng does."""
    notice = extract(SCAN, options=RunOptions(ocr_lang="eng+cym")).notices[0]
    assert notice.decision_maker == "CABINET" and str(notice.decision_date) == "2011-05-18"
    assert notice.authority == "MAIDSTONE BOROUGH COUNCIL"
