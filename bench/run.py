"""The benchmark harness (`make bench`): our pipeline against the raw readers, on the same files.

It generates its inputs (text, PDF and Word notices of about 1, 3 and 30 pages, from the
bundled samples), then for each format, size and PDF engine measures, over repeated rounds,
the whole pipeline (read, segment, parse, validate, serialise) and the raw reader alone in the
same process: reading the text file; pdfplumber `extract_text` of every page; pypdfium2 text
of every page; walking python-docx paragraphs and tables. Times are CPU time of the process
(a busy machine does not inflate them). Each case runs in its own process so
its peak RSS is its own. Then CLI start-up, a batch scaling table and the HTTP service.

Usage: python bench/run.py [--rounds 11] [--batch-files 2000] [--quick] [--only ocr ...]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# -- inputs ---------------------------------------------------------------------------------------
def make_inputs(folder: Path) -> dict[str, dict[str, Path]]:
    """{size: {format: path}} for sizes 1, 3 and 30 pages."""
    from tests.render import render_docx, render_pdf

    texts = {
        "1": (ROOT / "tests" / "fixtures" / "notices" / "officer_record.txt").read_text(encoding="utf-8"),
        "3": (ROOT / "samples" / "s000.txt").read_text(encoding="utf-8"),
    }
    s000 = texts["3"]
    head, reasons = s000.split("Reasons for the decision:", 1)
    body, tail = reasons.split("Alternative options considered:", 1)
    texts["30"] = head + "Reasons for the decision:" + body * 16 + "Alternative options considered:" + tail
    inputs: dict[str, dict[str, Path]] = {}
    for size, text in texts.items():
        paths = {"text": folder / f"notice{size}.txt", "pdf": folder / f"notice{size}.pdf",
                 "docx": folder / f"notice{size}.docx"}
        paths["text"].write_text(text, encoding="utf-8")
        render_pdf(text, paths["pdf"], "header_footer")
        render_docx(text, paths["docx"], "bold_labels")
        inputs[size] = paths
    return inputs


def page_count(pdf: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


# -- one case, in its own process -------------------------------------------------------------------
def raw_reader(fmt: str, engine: str | None):
    if fmt == "text":
        return lambda data: data.decode("utf-8")
    if fmt == "docx":
        import docx

        def walk(data: bytes) -> int:
            document = docx.Document(io.BytesIO(data))
            n = 0
            for p in document.paragraphs:
                n += len(p.text) + len(p.style.name)
            for t in document.tables:
                for row in t.rows:
                    for cell in row.cells:
                        n += len(cell.text)
            return n

        return walk
    if engine == "pdfplumber":
        import pdfplumber

        def plumber(data: bytes) -> int:
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                return sum(len(page.extract_text() or "") for page in pdf.pages)

        return plumber
    import pypdfium2 as pdfium

    def pdfium_text(data: bytes) -> int:
        doc = pdfium.PdfDocument(data)
        n = 0
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            n += len(textpage.get_text_range())
            textpage.close()
            page.close()
        doc.close()
        return n

    return pdfium_text


def run_case(fmt: str, engine: str | None, path: Path, rounds: int) -> dict:
    from extractor import extract, extract_record
    from extractor.records import dumps

    data = path.read_bytes()
    reader = raw_reader(fmt, engine)

    def ours() -> None:  # what the command line does: the result as plain data, to JSON text
        dumps(extract_record(data, filename=path.name, pdf_engine=engine))

    def api() -> None:  # the Python API: the same, validated into the pydantic models
        extract(data, filename=path.name, pdf_engine=engine).model_dump_json()

    def raw() -> None:
        reader(data)

    repeats = {}
    for fn in (ours, api, raw):  # warm up, and size each round to ~20 ms of back-to-back calls, as
        t = time.process_time()  # an archive run makes them (one call alone is mostly timer noise)
        fn()
        fn()
        repeats[fn] = max(1, min(200, int(0.02 / max((time.process_time() - t) / 2, 1e-6))))
    ours_times, api_times, raw_times = [], [], []
    for _ in range(rounds):  # interleaved, so all see the same machine
        for fn, times in ((ours, ours_times), (api, api_times), (raw, raw_times)):
            n = repeats[fn]
            t = time.process_time()  # CPU time of this process: other load on the machine does not count
            for _ in range(n):
                fn()
            times.append((time.process_time() - t) / n)
    return {"ours": ours_times, "api": api_times, "raw": raw_times,
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def spread(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    q1, q3 = ordered[len(ordered) // 4], ordered[(3 * len(ordered)) // 4]
    return statistics.median(ordered), q1, q3


# -- sections -----------------------------------------------------------------------------------------
def per_file_table(inputs: dict[str, dict[str, Path]], rounds: int) -> list[str]:
    rows = ["| format | engine | pages | ours median ms (IQR) | notices/s/core | pages/s | raw reader median ms | "
            "ours / raw | API (pydantic) ms | peak RSS MiB |", "|---|---|---|---|---|---|---|---|---|---|"]
    for size, paths in inputs.items():
        pages = page_count(paths["pdf"])
        for fmt, engine in (("text", None), ("pdf", "pdfium"), ("pdf", "pdfplumber"), ("docx", None)):
            n = max(3, rounds // 3) if (engine == "pdfplumber" and size == "30") else rounds
            done = subprocess.run([sys.executable, __file__, "--case", fmt, engine or "-", str(paths[fmt]), str(n)],
                                  capture_output=True, text=True, cwd=ROOT, timeout=900)
            if done.returncode != 0:
                rows.append(f"| {fmt} | {engine or '-'} | {pages} | failed: {done.stderr.strip()[-120:]} |")
                continue
            result = json.loads(done.stdout)
            med, q1, q3 = spread(result["ours"])
            raw_med = statistics.median(result["raw"])
            rows.append(
                f"| {fmt} | {engine or '-'} | {pages} | {med * 1000:.2f} ({q1 * 1000:.2f}-{q3 * 1000:.2f}) | "
                f"{1 / med:.1f} | {pages / med:.1f} | {raw_med * 1000:.2f} | {med / raw_med:.2f}x | "
                f"{statistics.median(result['api']) * 1000:.2f} | {result['peak_rss_mib']:.0f} |")
    return rows


def _cpu_with_children() -> float:
    """CPU seconds of this process and of its finished children (the `tesseract` commands)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def ocr_table(inputs: dict[str, dict[str, Path]], rounds: int) -> list[str]:
    """Scans: OCR per page, the whole pipeline (1 thread, then one per core; rendering the PDF
    pages included) against Tesseract alone on the same page images, as the pipeline renders
    them: the `tesseract` command on each page (a process, a BMP and the language models loaded
    per page: what the pipeline paid before tesserocr) and Tesseract's library on a warm engine
    (image in, TSV out: Tesseract's own time on a page, the floor). Ratios are of CPU time (this
    process and its children), which a busy machine does not inflate; wall time shows what
    parallel pages gain. Every timed call runs warm: an engine starts once per thread and
    process (~0.1 s), in a batch worker's child at its first scanned page."""
    import pypdfium2 as pdfium
    import tesserocr

    from extractor import extract
    from extractor.options import RunOptions
    from extractor.readers import ocr
    from extractor.readers.tesseract import PAGE_SEGMENTATION, tessdata_dir
    from tests.render import save_scan, scan_pages

    work = Path(tempfile.mkdtemp(prefix="bench-ocr-"))
    rows = ["| input | pages | threads | ours wall ms/page | pages/s | ours CPU ms/page | `tesseract` command CPU "
            "ms/page | ours / command | Tesseract library alone CPU ms/page | ours / library |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    try:
        scan = save_scan(scan_pages(inputs["3"]["pdf"], dpi=300), work / "scan", "bilevel-pdf", 300)
        images, bmps = [], []
        pdf = pdfium.PdfDocument(str(scan))
        for i in range(len(pdf)):
            image = pdf[i].render(scale=300 / 72, grayscale=True).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="BMP")
            images.append(image)
            bmps.append(buffer.getvalue())
        pages = len(pdf)
        pdf.close()

        def command() -> None:
            for bmp in bmps:
                subprocess.run(["tesseract", "stdin", "stdout", "--dpi", "300", "--psm", "4", "-l", "eng", "tsv"],
                               input=bmp, capture_output=True, check=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})

        api = tesserocr.PyTessBaseAPI(path=str(tessdata_dir()).rstrip("/") + "/", lang="eng", psm=PAGE_SEGMENTATION)

        def library() -> None:
            for image in images:
                api.SetImage(image)
                api.SetVariable("user_defined_dpi", "300")
                api.Recognize()
                api.GetTSVText(0)

        data = scan.read_bytes()
        calls = {"command": command, "library": library}
        for threads in sorted({1, ocr.available_cores()}):
            options = RunOptions(ocr_threads=threads)
            calls[f"ours{threads}"] = lambda options=options: extract(data, filename="scan.pdf",
                                                                      options=options).model_dump_json()
        for call in calls.values():  # warm: engines started, files cached
            call()
        wall: dict[str, list[float]] = {name: [] for name in calls}
        cpu: dict[str, list[float]] = {name: [] for name in calls}
        for _ in range(rounds):  # interleaved, so every column sees the same machine
            for name, call in calls.items():
                t, c = time.perf_counter(), _cpu_with_children()
                call()
                wall[name].append(time.perf_counter() - t)
                cpu[name].append(_cpu_with_children() - c)
        api.End()
        command_cpu, library_cpu = (statistics.median(cpu[k]) / pages * 1000 for k in ("command", "library"))
        for threads in sorted({1, ocr.available_cores()}):
            ours_wall = statistics.median(wall[f"ours{threads}"]) / pages * 1000
            ours_cpu = statistics.median(cpu[f"ours{threads}"]) / pages * 1000
            rows.append(f"| image-only PDF, 300 dpi (s000) | {pages} | {threads} | {ours_wall:.0f} | "
                        f"{1000 / ours_wall:.2f} | {ours_cpu:.0f} | {command_cpu:.0f} | {ours_cpu / command_cpu:.2f}x | "
                        f"{library_cpu:.0f} | {ours_cpu / library_cpu:.2f}x |")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows


def startup_table(rounds: int) -> list[str]:
    cli = [sys.executable, "-m", "extractor.cli"]
    rows = ["| command | median ms | min ms |", "|---|---|---|"]
    for label, args in (("decision-extractor --version", ["--version"]),
                        ("decision-extractor extract samples/s004.txt", ["extract", "samples/s004.txt"])):
        times = []
        for _ in range(rounds):
            t = time.perf_counter()
            subprocess.run(cli + args, cwd=ROOT, capture_output=True, check=True)
            times.append(time.perf_counter() - t)
        rows.append(f"| `{label}` | {statistics.median(times) * 1000:.0f} | {min(times) * 1000:.0f} |")
    return rows


def batch_table(files: int) -> list[str]:
    from bench.batch_memory import tree_rss

    work = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    rows = ["| files | workers | seconds | files/s | peak RSS, process tree MiB |", "|---|---|---|---|---|"]
    try:
        folder = work / "in"
        folder.mkdir()
        sources = [ROOT / "samples" / "s000.txt", ROOT / "samples" / "s004.txt",
                   ROOT / "tests" / "fixtures" / "rendered" / "s004.headings.pdf",
                   ROOT / "tests" / "fixtures" / "rendered" / "officer_record.table.docx"]
        for n in range(files):
            src = sources[n % len(sources)]
            shutil.copyfile(src, folder / f"n{n:05d}{src.suffix}")
        for workers in (1, 2):
            out = work / f"out{workers}"
            t = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-m", "extractor.cli", "extract", str(folder), "-o", str(out),
                                     "--workers", str(workers), "-q"], cwd=ROOT)
            peak = 0
            while proc.poll() is None:
                peak = max(peak, tree_rss(proc.pid)[0])
                time.sleep(0.05)
            elapsed = time.perf_counter() - t
            rows.append(f"| {files} | {workers} | {elapsed:.1f} | {files / elapsed:.1f} | {peak / 2**20:.0f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows


def service_table(inputs: dict[str, dict[str, Path]], seconds: float) -> list[str]:
    import httpx

    rows = ["| file | server workers | clients | requests | req/s | median latency ms |", "|---|---|---|---|---|---|"]
    for workers in (1, 2):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen([sys.executable, "-m", "extractor.cli", "serve", "--port", str(port), "--workers",
                                   str(workers)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    httpx.get(f"{base}/healthz", timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            for label, path in (("small text (s004)", ROOT / "samples" / "s004.txt"), ("3-page PDF", inputs["3"]["pdf"])):
                body = path.read_bytes()
                latencies: list[float] = []
                stop = time.monotonic() + seconds
                clients = workers * 2

                def client() -> None:
                    with httpx.Client(timeout=60) as c:
                        while time.monotonic() < stop:
                            t = time.perf_counter()
                            r = c.post(f"{base}/v1/extract?filename={path.name}", content=body)
                            r.raise_for_status()
                            latencies.append(time.perf_counter() - t)

                threads = [threading.Thread(target=client) for _ in range(clients)]
                t0 = time.monotonic()
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                elapsed = time.monotonic() - t0
                rows.append(f"| {label} | {workers} | {clients} | {len(latencies)} | {len(latencies) / elapsed:.1f} | "
                            f"{statistics.median(latencies) * 1000:.1f} |")
        finally:
            server.terminate()
            server.wait(timeout=10)
    return rows


TABLES = ("per-file", "ocr", "startup", "batch", "service")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--batch-files", type=int, default=2000)
    parser.add_argument("--service-seconds", type=float, default=5.0)
    parser.add_argument("--quick", action="store_true", help="fewer rounds and files (a smoke run)")
    parser.add_argument("--only", choices=TABLES, action="append", help="run only these tables (repeatable)")
    parser.add_argument("--case", nargs=4, metavar=("FORMAT", "ENGINE", "PATH", "ROUNDS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        fmt, engine, path, rounds = args.case
        print(json.dumps(run_case(fmt, None if engine == "-" else engine, Path(path), int(rounds))))
        return 0
    if args.quick:
        args.rounds, args.batch_files, args.service_seconds = 3, 200, 2.0
    work = Path(tempfile.mkdtemp(prefix="bench-inputs-"))
    try:
        inputs = make_inputs(work)
        print(f"# decision-extractor bench, {time.strftime('%Y-%m-%d')}: {os.cpu_count()} cores, "
              f"Python {platform.python_version()}, {platform.machine()}")
        only = "".join(f" --only {name}" for name in args.only or ())
        print(f"command: python bench/run.py --rounds {args.rounds} --batch-files {args.batch_files}{only}\n")
        tables = {
            "per-file": ("Per file: the whole pipeline against the raw reader (median of rounds, IQR)",
                         lambda: per_file_table(inputs, args.rounds)),
            "ocr": ("Scans: OCR per page (ratios of CPU time; Tesseract alone reads the pages one after another)",
                    lambda: ocr_table(inputs, max(3, args.rounds // 2))),
            "startup": ("CLI start-up", lambda: startup_table(max(5, args.rounds // 2))),
            "batch": (f"Batch scaling ({args.batch_files} files: text, PDF, Word)", lambda: batch_table(args.batch_files)),
            "service": ("HTTP service on loopback", lambda: service_table(inputs, args.service_seconds)),
        }
        for name, (title, table) in tables.items():
            if args.only and name not in args.only:
                continue
            rows = table()
            print(f"## {title}\n")
            print("\n".join(rows))
            print()
            sys.stdout.flush()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
