"""A folder of many notices of a few templates (issue 27): speed and memory with templates, against today.

Usage: python bench/templates_scale.py [--files 10000] [--workers 2] [--modes plain,found,taught]

Generates ``--files`` invented notices of three templates (tests/template_families.py: made-up
councils and values, cycling through the families) in a temporary folder, then runs
`decision-extractor extract DIR -o OUT` as a separate process once per mode, each into a fresh OUT:

- ``plain``: ``--no-discover``, no templates: today's reading, the speed to keep 90% of;
- ``found``: the default, templates found in the run's own files (the pre-pass over a bounded
  sample, then every file read through the template it matches);
- ``taught``: ``--templates`` a file learned from two corrected notices of each family, no
  discovery (a taught template's file is read through it, and a second time by the general
  reader only where the template may have misread it: `extractor/templates/read.py`,
  ``read_whole``; these files print their whole template, so none is).

For each mode it prints the wall time and files a second, the CPU time of the run and its
workers and files per CPU second (its best round's share of ``plain``'s: a shared machine's
other load changes wall time, hardly CPU time), the peak
resident memory of the whole process tree (supervisor and workers, sampled ten times a second),
and that peak over each quarter of the run's time: memory that stays flat is the same in the
last quarter as in the second. Not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.batch_memory import tree_rss  # noqa: E402

FAMILIES = ("elmstead", "brockhurst", "ashcombe")
MODES = ("plain", "found", "taught")


def generate(folder: Path, files: int) -> None:
    from tests.template_families import FAMILIES as PLAIN, TABLE_FAMILIES

    make = {**PLAIN, **TABLE_FAMILIES}
    for n in range(files):
        sub = folder / f"box{n // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        family = FAMILIES[n % len(FAMILIES)]
        (sub / f"{family}{n:06d}.txt").write_text(make[family](n // len(FAMILIES))[0], encoding="utf-8")


def taught_file(work: Path) -> Path:
    """Templates learned from two corrected notices (their gold) of each family."""
    from extractor.templates import learn_gold, write_templates
    from tests.template_families import FAMILIES as PLAIN, TABLE_FAMILIES

    make = {**PLAIN, **TABLE_FAMILIES}
    gold = work / "gold"
    gold.mkdir()
    for family in FAMILIES:
        for n in range(2):
            text, answer = make[family](n)
            (gold / f"{family}{n}.txt").write_text(text, encoding="utf-8")
            (gold / f"{family}{n}.gold.json").write_text(json.dumps(answer), encoding="utf-8")
    path = work / "taught.toml"
    write_templates(path, learn_gold([gold]))
    return path


def run(folder: Path, out: Path, workers: int, extra: list[str]) -> dict:
    command = [sys.executable, "-m", "extractor.cli", "extract", str(folder), "-r", "-o", str(out),
               "--workers", str(workers), "-q", *extra]
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    proc = subprocess.Popen(command, cwd=ROOT)
    samples: list[tuple[float, int]] = []
    while proc.poll() is None:
        samples.append((time.monotonic() - started, tree_rss(proc.pid)[0]))
        time.sleep(0.1)
    elapsed = time.monotonic() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the run and its workers, all waited for
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    quarters = [max((rss for t, rss in samples if q * elapsed / 4 <= t < (q + 1) * elapsed / 4), default=0)
                for q in range(4)]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return {"code": proc.returncode, "elapsed": elapsed, "cpu": cpu, "peak": max((r for _, r in samples), default=0),
            "quarters": quarters, "files": summary.get("files"), "templates": summary.get("templates_found", [])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--modes", default=",".join(MODES), help=f"comma-separated, of {', '.join(MODES)}")
    parser.add_argument("--rounds", type=int, default=2,
                        help="rounds, the modes interleaved in each (the first run over fresh files pays a warm-up)")
    args = parser.parse_args(argv)
    modes = [m for m in args.modes.split(",") if m]
    work = Path(tempfile.mkdtemp(prefix="bench-templates-"))
    try:
        folder = work / "in"
        generate(folder, args.files)
        extra = {"plain": ["--no-discover"], "found": [],
                 "taught": ["--no-discover", "--templates", str(taught_file(work))] if "taught" in modes else []}
        print(f"{args.files} notices of {len(FAMILIES)} templates ({', '.join(FAMILIES)}), {args.workers} workers")
        print(f"{'mode':<7} {'wall s':>7} {'files/s':>8} {'CPU s':>7} {'files/CPU s':>11} {'peak MiB':>8}  "
              "peak MiB by quarter of the run")
        rates: dict[str, list[float]] = {m: [] for m in modes}
        for round_ in range(1, args.rounds + 1):
            for mode in modes:
                result = run(folder, work / f"out-{mode}-{round_}", args.workers, extra[mode])
                rates[mode].append(args.files / result["cpu"])
                quarters = " / ".join(f"{q / 2**20:.0f}" for q in result["quarters"])
                found = f"; templates found: {len(result['templates'])}" if mode == "found" else ""
                print(f"{mode:<7} {result['elapsed']:7.1f} {args.files / result['elapsed']:8.1f} {result['cpu']:7.1f} "
                      f"{rates[mode][-1]:11.1f} {result['peak'] / 2**20:8.0f}  {quarters}  "
                      f"(round {round_}, exit {result['code']}, {result['files']} files{found})", flush=True)
        # CPU time is what a shared machine's other load leaves alone; wall time is not
        best = {m: max(r) for m, r in rates.items()}
        print("best round of each, files per CPU second: " + ", ".join(
            f"{m} {best[m]:.0f}" + (f" ({best[m] / best['plain']:.0%} of plain)" if "plain" in best else "")
            for m in modes))
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
