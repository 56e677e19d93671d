"""Peak memory of the client of a Dask run (issue 15: "memory flat on the client for a million inputs").

Generates N tiny text inputs (a one-line notice each, in folders of 1,000: the workers' share of
the run is small, so a 100,000-input run finishes in minutes on a small machine and what is
measured is the client's per-input cost), then runs ``extract IN -r -o OUT --dask local:W`` in a
process of its own, which prints its own peak RSS (``getrusage(RUSAGE_SELF)``: the client alone;
the scheduler and workers of ``local:W`` run in processes of their own, `extractor/dask_host.py`,
as a cluster of one's own does). With ``--resume`` the same command runs a second time over the
finished folder (every file resumed: the manifest read back).

Flat means the peak does not grow with N: the table gives the growth per added input between the
smallest and the largest N (a client holding a 250-byte record per input would show ~250).

``--dask pool:N`` runs the same client loop (`extract_many`) over N local processes instead,
which tells the client's own memory from Dask's.

Usage: python bench/client_memory.py [--files 10000,100000] [--dask local:2|pool:2] [--resume]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PER_FOLDER = 1000
CLIENT = """
import json, resource, sys, time
from extractor.cli import main
from extractor import extract_many
if __name__ == "__main__":
    started = time.perf_counter()
    if sys.argv[3].startswith("pool:"):  # extract_many over a local process pool: the same client loop
        code = sum(1 for _ in extract_many([sys.argv[1]], output=sys.argv[2], recursive=True,
                                           workers=int(sys.argv[3][5:]))) * 0
    else:
        code = main(["extract", sys.argv[1], "-r", "-o", sys.argv[2], "--dask", sys.argv[3], "-q"])
    print(json.dumps({"code": code, "seconds": time.perf_counter() - started,
                      "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def make_inputs(folder: Path, files: int) -> None:
    for n in range(files):
        sub = folder / f"d{n // PER_FOLDER:04d}"
        if n % PER_FOLDER == 0:
            sub.mkdir(parents=True)
        (sub / f"n{n:07d}.txt").write_bytes(b"Decision: the minutes of the last meeting were approved.\n")


def client_run(folder: Path, out: Path, address: str) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", CLIENT, str(folder), str(out), address], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    try:
        report: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        raise SystemExit(f"the client failed: {done.stderr[-2000:]}") from None
    manifest = (out / "manifest.jsonl").read_text(encoding="utf-8").count("\n")
    report["manifest_lines"] = manifest
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", default="10000,100000", help="comma-separated input counts")
    parser.add_argument("--dask", default="local:2",
                        help="the cluster (default local:2); pool:N runs extract_many on N local processes instead")
    parser.add_argument("--resume", action="store_true", help="also run again over the finished folder")
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.files.split(",")]
    print(f"## client peak RSS, --dask {args.dask}, {os.cpu_count()} cores, Python {platform.python_version()}\n")
    print("| inputs | run | seconds | inputs/s | manifest lines | client peak RSS MiB |")
    print("|---|---|---|---|---|---|")
    peaks: dict[str, list[tuple[int, float]]] = {}
    for files in counts:
        work = Path(tempfile.mkdtemp(prefix="bench-client-"))
        try:
            make_inputs(work / "in", files)
            runs = ["first"] + (["resumed"] if args.resume else [])
            for run in runs:
                report = client_run(work / "in", work / "out", args.dask)
                mib = report["peak_kib"] / 1024
                peaks.setdefault(run, []).append((files, mib))
                print(f"| {files:,} | {run} | {report['seconds']:.1f} | {files / report['seconds']:.0f} | "
                      f"{report['manifest_lines']:,} | {mib:.0f} |", flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print()
    for run, points in peaks.items():
        if len(points) > 1:
            (n0, m0), (n1, m1) = points[0], points[-1]
            per_input = (m1 - m0) * 1024 * 1024 / (n1 - n0)
            verdict = "flat" if per_input < 64 else "grows"
            print(f"{run} run: {m0:.0f} -> {m1:.0f} MiB from {n0:,} to {n1:,} inputs: "
                  f"{per_input:.0f} bytes per added input ({verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
