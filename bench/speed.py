"""The text pipeline's speed, side by side with older commits (issue 29).

Each tree (this one, and each ``--commit`` extracted with ``git archive <commit> extractor``)
runs in a process of its own with ``PYTHONPATH`` set to that tree, warms up, then times one pass
of ``extract_record`` (what the command line does for a file: read, segment, assemble, the JSON
record) over every corpus text, in process time. The rounds are interleaved (round 1 of every
tree, then round 2 ...), so a busy machine slows them all alike. Prints each tree's median
notices/s per core (a notice here is one corpus file) and its ratio to every other tree.

``--pdf FOLDER`` times the PDFs in a folder instead (``python -m tests.render corpus SRC OUT``
renders the corpus as PDF into OUT/pdf), with PDFium, and prints pages/s per core too.

    python bench/speed.py [--corpus ../shared/corpus/dev] [--commit 8c691a8 --commit 78d3f00] [--rounds 9]
    python bench/speed.py --pdf /tmp/renderings/pdf --commit 8c691a8 [--limit 60]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_COMMITS = ("8c691a8", "78d3f00")  # the turn-two commit and the start of issue 29's session


def _inputs(corpus: Path, pdf: Path | None, limit: int | None) -> list[Path]:
    return sorted(pdf.glob("*.pdf"))[:limit] if pdf is not None else sorted(corpus.glob("*.txt"))[:limit]


def worker(corpus: Path, pdf: Path | None = None, limit: int | None = None) -> int:
    """One tree's timing loop, driven over stdin: "go" runs one round and prints its seconds."""
    from extractor.pipeline import extract_record  # the tree on PYTHONPATH

    inputs = [(p.read_bytes(), p.name) for p in _inputs(corpus, pdf, limit)]
    for data, name in inputs:  # warm: the lexicon is loaded, every cache a file fills is filled
        extract_record(data, filename=name)
    print(json.dumps({"ready": len(inputs)}), flush=True)
    for command in sys.stdin:
        if command.strip() != "go":
            break
        start = time.process_time()
        for data, name in inputs:
            extract_record(data, filename=name)
        print(json.dumps({"seconds": time.process_time() - start}), flush=True)
    return 0


def _tree(commit: str, folder: Path) -> Path:
    """``commit``'s extractor package, unpacked into a folder of its own."""
    target = folder / commit
    target.mkdir()
    archive = subprocess.run(["git", "archive", commit, "extractor"], cwd=ROOT, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def _start(tree: Path, corpus: Path, pdf: Path | None, limit: int | None) -> tuple[subprocess.Popen[str], int]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", "--corpus", str(corpus)]
    command += ["--pdf", str(pdf)] if pdf is not None else []
    command += ["--limit", str(limit)] if limit is not None else []
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=tree)
    assert process.stdout is not None
    ready = json.loads(process.stdout.readline())
    return process, int(ready["ready"])


def _round(process: subprocess.Popen[str]) -> float:
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("go\n")
    process.stdin.flush()
    return float(json.loads(process.stdout.readline())["seconds"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    parser.add_argument("--commit", action="append", help="an older commit to run side by side (repeatable)")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--pdf", type=Path, help="time the PDFs of this folder (PDFium) instead of the corpus texts")
    parser.add_argument("--limit", type=int, help="only the first N inputs (sorted by name)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()
    pdf = args.pdf.resolve() if args.pdf is not None else None
    if args.worker:
        return worker(corpus, pdf, args.limit)
    commits = tuple(args.commit or DEFAULT_COMMITS)
    with tempfile.TemporaryDirectory(prefix="speed-") as scratch:
        trees = {"this tree": ROOT, **{c: _tree(c, Path(scratch)) for c in commits}}
        workers = {name: _start(tree, corpus, pdf, args.limit) for name, tree in trees.items()}
        seconds: dict[str, list[float]] = {name: [] for name in trees}
        try:
            for _ in range(args.rounds):
                for name, (process, _n) in workers.items():
                    seconds[name].append(_round(process))
        finally:
            for process, _n in workers.values():
                assert process.stdin is not None
                process.stdin.close()
                process.wait()
    files = {name: n for name, (_p, n) in workers.items()}
    rate = {name: files[name] / statistics.median(s) for name, s in seconds.items()}
    what = f"{files['this tree']} PDFs of {pdf}" if pdf is not None else f"{files['this tree']} texts of {corpus}"
    print(f"{time.strftime('%Y-%m-%d')}: {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.machine()}; {what}, {args.rounds} interleaved rounds")
    print()
    pages = _pages(_inputs(corpus, pdf, args.limit)) if pdf is not None else None
    print("| tree | notices/s/core (median) | ms per notice | min-max notices/s |"
          + (" pages/s/core |" if pages else "") + " this tree / it |")
    print("|---|---|---|---|" + ("---|" if pages else "") + "---|")
    for name, s in seconds.items():
        page_rate = f" {pages * rate[name] / files[name]:.0f} |" if pages else ""
        print(f"| {name} | {rate[name]:.0f} | {1000 / rate[name]:.2f} | {files[name] / max(s):.0f}-{files[name] / min(s):.0f} |"
              f"{page_rate} {rate['this tree'] / rate[name]:.2f}x |")
    return 0


def _pages(paths: list[Path]) -> int:
    """How many pages the PDFs have in all (PDFium's count)."""
    import pypdfium2 as pdfium

    total = 0
    for path in paths:
        document = pdfium.PdfDocument(path.read_bytes())
        total += len(document)
        document.close()
    return total


if __name__ == "__main__":
    raise SystemExit(main())
