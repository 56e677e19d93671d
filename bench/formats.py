"""Per-page / per-file time for web pages, web archives and legacy office files, against the raw
parser or converter (run by `make bench` after bench/run.py; alone: python bench/formats.py).

- HTML: the whole pipeline on saved pages (three shapes, with site chrome) against lxml.html
  parsing alone and selectolax parsing plus text (when installed: it is measured, not a dependency).
- WARC: a batch-style index of an archive plus reading each record, against warcio iterating it.
- Legacy: .rtf/.doc/.odt read through the warm LibreOffice (UNO), per file, against the raw
  ``soffice --convert-to`` on the same files (one alone, and all in one run), and our command path
  (as without python3-uno), alone and grouped.
Times are CPU seconds of this process (medians of rounds), except LibreOffice, which is wall time
(the converter is another process).
"""

from __future__ import annotations

import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
NOTICES = [ROOT / "samples" / "s000.txt", ROOT / "samples" / "s004.txt",
           *sorted((ROOT / "tests" / "fixtures" / "notices").glob("*.txt"))]


def cpu(fn, rounds: int = 7) -> float:
    times = []
    for _ in range(rounds):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def html_pages(folder: Path) -> list[bytes]:
    from tests.render import PAGE_SHAPES, render_html

    pages = []
    for n, notice in enumerate(NOTICES):
        out = folder / f"{notice.stem}.html"
        render_html(notice.read_text(encoding="utf-8"), out, PAGE_SHAPES[n % 3], ("utf-8", "windows-1252")[n % 2])
        pages.append(out.read_bytes())
    return pages


def bench_html(pages: list[bytes]) -> list[tuple[str, float]]:
    import lxml.html

    from extractor.pipeline import extract_record
    from extractor.readers.html import read_html

    rows = [("pipeline (read, segment, assemble, JSON data)", lambda: [extract_record(p, filename="p.html") for p in pages]),
            ("our HTML reader alone", lambda: [read_html(p) for p in pages]),
            ("raw lxml.html parse", lambda: [lxml.html.document_fromstring(p) for p in pages]),
            ("raw lxml.html parse + text_content()", lambda: [lxml.html.document_fromstring(p).text_content() for p in pages])]
    try:
        from selectolax.lexbor import LexborHTMLParser

        def walk(node) -> int:  # visit every element, as our reader's walk does
            return sum(1 for _ in node.traverse())

        rows.append(("raw selectolax (lexbor) parse", lambda: [LexborHTMLParser(p) for p in pages]))
        rows.append(("raw selectolax (lexbor) parse + text()", lambda: [LexborHTMLParser(p).body.text() for p in pages]))
        rows.append(("raw selectolax (lexbor) parse + visit every node", lambda: [walk(LexborHTMLParser(p).body)
                                                                                 for p in pages]))
        rows.append(("raw lxml.html parse + visit every node", lambda: [sum(1 for _ in lxml.html.document_fromstring(p)
                                                                           .iter()) for p in pages]))
    except ImportError:
        pass
    return [(name, cpu(fn) / len(pages)) for name, fn in rows]


def bench_warc(pages: list[bytes], folder: Path) -> list[tuple[str, float]]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from extractor.pipeline import extract_record
    from extractor.webarchive import index_archive, read_member

    path = folder / "crawl.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n in range(20):
            for k, page in enumerate(pages):
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(f"https://x.example/{n}/{k}", "response",
                                                              payload=io.BytesIO(page), http_headers=headers))
    count = 20 * len(pages)

    def raw():
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                record.content_stream().read()

    def ours():
        for member in index_archive(str(path)):
            extract_record(read_member(str(path), member.offset), filename="r.html")

    return [("index + read each record by offset + pipeline", cpu(ours, 3) / count),
            ("index only (batch discovery)", cpu(lambda: list(index_archive(str(path))), 3) / count),
            ("raw warcio iteration, payloads read", cpu(raw, 3) / count)]


def bench_legacy(folder: Path) -> list[tuple[str, float]]:
    """Per file, wall time: the warm LibreOffice (UNO) against the raw ``soffice --convert-to`` on
    the same inputs, alone and grouped, and our grouped command path (no python3-uno)."""
    import os

    from extractor.pipeline import extract_record
    from extractor.readers import legacy

    binary = legacy.soffice()
    if binary is None:
        return []
    fixtures = ROOT / "tests" / "fixtures" / "legacy"
    files = sorted(fixtures.glob("*.rtf")) + sorted(fixtures.glob("*.doc")) + sorted(fixtures.glob("*.odt"))
    kinds = {".rtf": "rtf", ".doc": "ole", ".odt": "odt"}
    rows: list[tuple[str, float]] = []

    def raw(paths: list[Path]) -> float:
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            subprocess.run([binary, f"-env:UserInstallation=file://{tmp}/p", "--headless", "--convert-to", "docx",
                            "--outdir", tmp, *map(str, paths)], check=True, capture_output=True)
            return time.perf_counter() - start

    host = legacy._host()  # noqa: SLF001 - measured directly
    if host is not None:
        legacy._CACHE.clear()  # noqa: SLF001 - measured cold
        start = time.perf_counter()
        legacy.convert_one(files[0].read_bytes(), kinds[files[0].suffix])
        rows.append(("warm LibreOffice (UNO): start-up, once per process", time.perf_counter() - start))
        start = time.perf_counter()
        for path in files:
            extract_record(path)
        rows.append((f"pipeline, warm LibreOffice (UNO) ({len(files)} files)", (time.perf_counter() - start) / len(files)))
        start = time.perf_counter()
        for path in files:
            legacy.convert_one(path.read_bytes(), kinds[path.suffix])
        rows.append(("conversion alone, warm LibreOffice (UNO)", (time.perf_counter() - start) / len(files)))
        host.close()
    rows.append(("raw soffice --convert-to, one file alone", raw(files[:1])))
    rows.append((f"raw soffice --convert-to, grouped ({len(files)} files)", raw(files) / len(files)))
    os.environ["DX_OFFICE_HOST"] = "0"  # our command path, as without python3-uno
    try:
        legacy._CACHE.clear()  # noqa: SLF001
        start = time.perf_counter()
        extract_record(files[0])
        rows.append(("pipeline, soffice command, one file alone", time.perf_counter() - start))
        legacy._CACHE.clear()  # noqa: SLF001
        start = time.perf_counter()
        legacy.preconvert(files)
        for path in files:
            extract_record(path)
        rows.append((f"pipeline, soffice command grouped ({len(files)} files)", (time.perf_counter() - start) / len(files)))
    finally:
        del os.environ["DX_OFFICE_HOST"]
    return rows


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pages = html_pages(folder)
        sections = [("HTML, per page", bench_html(pages)), ("WARC, per record", bench_warc(pages, folder)),
                    ("Legacy .rtf/.doc/.odt, per file (wall)", bench_legacy(folder))]
    for title, rows in sections:
        print(f"\n{title}")
        for name, seconds in rows:
            print(f"  {name:<58} {seconds * 1000:9.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
