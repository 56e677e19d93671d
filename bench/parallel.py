"""Parallel efficiency of archive runs: the local pool and Dask LocalClusters, per worker count.

Generates ``--files`` mixed inputs (text, PDF and Word notices from the bundled samples), then
times, each in its own process from a cold start: the pipeline in process (one file after
another, no batch: the floor a batch run's per-file overhead is measured against), the local
pool (`extract -o --workers N`) and ``--dask local:N`` for each N in ``--workers``. Prints
files/s, parallel efficiency (files/s over N times that runner's one-worker files/s) and the
one-worker overhead against the in-process pipeline (issue 15 asks for <= 1.5x, and >= 80%
efficiency at 16 workers: measure on the biggest machine you have).

Usage: python bench/parallel.py [--files 2000] [--workers 1,2,4] [--no-dask]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "samples" / "s000.txt", ROOT / "samples" / "s004.txt",
           ROOT / "tests" / "fixtures" / "rendered" / "s004.headings.pdf",
           ROOT / "tests" / "fixtures" / "rendered" / "officer_record.table.docx"]
IN_PROCESS = """
import sys
from pathlib import Path
from extractor.pipeline import extract_record
for path in sorted(Path(sys.argv[1]).iterdir()):
    extract_record(str(path), filename=str(path))
"""


def make_inputs(folder: Path, files: int) -> None:
    folder.mkdir(parents=True)
    for n in range(files):
        src = SOURCES[n % len(SOURCES)]
        shutil.copyfile(src, folder / f"n{n:06d}{src.suffix}")


def timed(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, check=False, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts (default 1,2)")
    parser.add_argument("--no-dask", action="store_true", help="the local pool only")
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.workers.split(",")]
    work = Path(tempfile.mkdtemp(prefix="bench-parallel-"))
    try:
        folder = work / "in"
        make_inputs(folder, args.files)
        floor = timed([sys.executable, "-c", IN_PROCESS, str(folder)])
        print(f"## {args.files} mixed files, {os.cpu_count()} cores, Python {platform.python_version()}\n")
        print(f"in-process pipeline (no batch): {floor:.1f} s, {args.files / floor:.1f} files/s\n")
        print("| runner | workers | seconds | files/s | efficiency | 1-worker time / in-process |")
        print("|---|---|---|---|---|---|")
        runners = [("local pool", lambda n: ["--workers", str(n)])]
        if not args.no_dask:
            runners.append(("dask LocalCluster", lambda n: ["--dask", f"local:{n}"]))
        for name, flags in runners:
            single: float | None = None
            for n in counts:
                out = work / f"out-{name.split()[0]}-{n}"
                seconds = timed([sys.executable, "-m", "extractor", "extract", str(folder), "-o", str(out), "-q",
                                 *flags(n)])
                rate = args.files / seconds
                if n == 1:
                    single = rate
                efficiency = f"{rate / (n * single):.0%}" if single else "-"
                overhead = f"{seconds / floor:.2f}x" if n == 1 else ""
                print(f"| {name} | {n} | {seconds:.1f} | {rate:.1f} | {efficiency} | {overhead} |")
                shutil.rmtree(out, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
