"""Peak memory and throughput of an archive run over many generated files.

Usage: python bench/batch_memory.py [--files 10000] [--workers 2] [--pdf-share 0.05]
Generates the files (copies of the seed notices, a share of them as PDF) in a temporary
folder, runs `decision-extractor extract DIR -o OUT` as a separate process, and samples the
resident memory of the whole process tree (supervisor + workers) ten times a second.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def tree_rss(pid: int) -> tuple[int, int]:
    """(sum of RSS over the process and its descendants, largest single RSS), in bytes."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, largest, stack = 0, 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        largest = max(largest, rss.get(p, 0))
        stack.extend(children.get(p, []))
    return total, largest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pdf-share", type=float, default=0.05)
    args = parser.parse_args()
    sources = [ROOT / "samples" / "s000.txt", ROOT / "samples" / "s004.txt",
               ROOT / "tests" / "fixtures" / "notices" / "meeting_record.txt"]
    pdfs = sorted((ROOT / "tests" / "fixtures" / "rendered").glob("*.pdf"))
    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        folder = work / "in"
        pdf_every = int(1 / args.pdf_share) if args.pdf_share > 0 else 0
        for n in range(args.files):
            sub = folder / f"box{n // 500:03d}"
            sub.mkdir(parents=True, exist_ok=True)
            if pdf_every and n % pdf_every == 0:
                shutil.copyfile(pdfs[n % len(pdfs)], sub / f"notice{n:06d}.pdf")
            else:
                shutil.copyfile(sources[n % len(sources)], sub / f"notice{n:06d}.txt")
        command = [sys.executable, "-m", "extractor.cli", "extract", str(folder), "-r", "-o", str(work / "out"),
                   "--workers", str(args.workers), "-q"]
        started = time.monotonic()
        proc = subprocess.Popen(command, cwd=ROOT)
        peak_total = peak_single = 0
        while proc.poll() is None:
            total, single = tree_rss(proc.pid)
            peak_total, peak_single = max(peak_total, total), max(peak_single, single)
            time.sleep(0.1)
        elapsed = time.monotonic() - started
        lines = (work / "out" / "manifest.jsonl").read_text().count("\n")
        print(f"files: {args.files} ({args.pdf_share:.0%} PDF), workers: {args.workers}, exit code {proc.returncode}")
        print(f"manifest lines: {lines}")
        print(f"elapsed: {elapsed:.1f} s, {args.files / elapsed:.1f} files/s")
        print(f"peak RSS, whole process tree: {peak_total / 2**20:.0f} MiB; largest single process: "
              f"{peak_single / 2**20:.0f} MiB")
        return 0 if lines == args.files else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
