"""Instructions per warm round, side by side with older commits (issue 29): a count, not a time.

`bench/speed.py` times rounds in process time, which moves 5-10% from run to run on a shared
machine; a change worth 2% cannot be told from noise that way. Valgrind's callgrind counts the
instructions one warm round executes, which is the same from run to run for the same tree and
inputs whatever else the machine does, so each small speed change can be judged on its own.

Each tree (this one, and each ``--commit`` unpacked with ``git archive <commit> extractor``) runs
under ``valgrind --tool=callgrind`` in a process of its own: it reads every input once to warm
(the lexicon loaded, every cache a file fills filled), then reads them all once more inside
``functools.reduce``, the one C function callgrind is told to count inside
(``--toggle-collect=functools_reduce``; the pipeline never calls ``reduce``). About 50x slower
than a plain run: ~80 s a tree for the corpus texts.

    python bench/instructions.py [--corpus ../shared/corpus/dev] [--commit 8c691a8 --commit c7eca81]
    python bench/instructions.py --pdf .eval-renderings/pdf --limit 60 --commit c7eca81
    python bench/instructions.py --cycles --limit 60 --commit 8c691a8   # + caches and branches

``--cycles`` runs the cache and branch simulators too and weighs their misses into a cycle
estimate (`cycle_estimate`). On 60 corpus texts (2026-12-08) it put 8c691a8 at 0.69x this tree's
estimate, against 0.71x of its instructions and about 0.5x of its time: the simulators explain
little of why the interpreted code is slower than its count, so the count stays the judge of a
small change and only long timed runs (`bench/speed.py --rounds 61`) see the rest.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.speed import _inputs, _tree  # noqa: E402  (the same inputs and trees as the timed bench)

ROOT = Path(__file__).resolve().parent.parent
_ROUND = """
import functools, sys
from pathlib import Path
from extractor.pipeline import extract_record
inputs = [(Path(p).read_bytes(), Path(p).name) for p in sys.argv[1:]]
for data, name in inputs:
    extract_record(data, filename=name)
def one_round(first, _second):
    for data, name in inputs:
        extract_record(data, filename=name)
    return first
functools.reduce(one_round, [0, 0])
"""
# (one line each: blanks, not \s, between the items, or the next line's "fn=" or costs are read too)
_TOTALS = re.compile(r"^(?:summary|totals):((?:[ \t]+\d+)+)", re.MULTILINE)
_EVENTS = re.compile(r"^events:((?:[ \t]+\w+)+)", re.MULTILINE)
# KCachegrind's cycle estimate: a first-level cache miss costs about 10 cycles, a last-level one
# about 100, a mispredicted branch about 10 (the weights are conventions, not this machine's)
_WEIGHTS = {"Ir": 1, "I1mr": 10, "D1mr": 10, "D1mw": 10, "ILmr": 100, "DLmr": 100, "DLmw": 100, "Bcm": 10, "Bim": 10}


def cycle_estimate(events: dict[str, int]) -> int:
    """Callgrind's simulated counts weighed into cycles (`_WEIGHTS`; an event not simulated
    weighs nothing). An instruction of `regex`'s tight C loops and one of the interpreter's
    dispatch count the same in the plain count, though the second misses its caches and
    mispredicts its branches far more often (bench/README.md, "Session 19"): the estimate
    weighs those in, so a change that moves work between the two is judged closer to its time.

    >>> cycle_estimate({"Ir": 1000, "D1mr": 5, "DLmr": 1, "Bcm": 3, "Bc": 50})
    1180
    """
    return sum(_WEIGHTS.get(name, 0) * value for name, value in events.items())


def count(tree: Path, inputs: list[Path], scratch: Path, *, simulate: bool = False) -> dict[str, int]:
    """The events one warm round of ``inputs`` counts with ``tree``'s extractor: its
    instructions ("Ir"), and with ``simulate`` the cache and branch simulators' counts too."""
    script, out = scratch / "round.py", scratch / f"callgrind.{os.getpid()}.{abs(hash(tree))}"
    script.write_text(_ROUND)
    env = {**os.environ, "PYTHONPATH": str(tree)}
    simulators = ["--cache-sim=yes", "--branch-sim=yes"] if simulate else []
    command = ["valgrind", "--tool=callgrind", "--collect-atstart=no", "--toggle-collect=functools_reduce",
               *simulators, f"--callgrind-out-file={out}", sys.executable, str(script), *map(str, inputs)]
    subprocess.run(command, env=env, cwd=scratch, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    written = out.read_text(errors="replace")
    out.unlink()
    events = event_totals(written)
    if events is None:
        raise SystemExit(f"no event totals in callgrind's output for {tree}")
    return events


def event_totals(written: str) -> dict[str, int] | None:
    """Each event's total in a callgrind output file (its "events:" names, its "summary:" or
    "totals:" counts, in order); None when it holds no totals."""
    names, found = _EVENTS.search(written), _TOTALS.search(written)
    if names is None or found is None:
        return None
    return dict(zip(names.group(1).split(), map(int, found.group(1).split())))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    parser.add_argument("--commit", action="append", default=[], help="an older commit to count too (repeatable)")
    parser.add_argument("--pdf", type=Path, help="count the PDFs of this folder (PDFium) instead of the corpus texts")
    parser.add_argument("--limit", type=int, help="only the first N inputs (sorted by name)")
    parser.add_argument("--cycles", action="store_true",
                        help="simulate caches and branches too (2-3x slower) and print the cycle estimate")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    pdf = args.pdf.resolve() if args.pdf is not None else None
    inputs = _inputs(args.corpus.resolve(), pdf, None)
    if pdf is not None:  # b021's second page has no text: its OCR would be most of the count
        inputs = [p for p in inputs if not p.name.startswith("b021")]
    inputs = inputs[:args.limit]
    with tempfile.TemporaryDirectory(prefix="instructions-") as folder:
        scratch = Path(folder)
        trees = {"this tree": ROOT, **{c: _tree(c, scratch) for c in args.commit}}
        totals = {name: count(tree, inputs, scratch, simulate=args.cycles) for name, tree in trees.items()}
    what = f"{len(inputs)} PDFs of {pdf} (b021, which OCRs, left out)" if pdf else f"{len(inputs)} texts of {args.corpus}"
    print(f"one warm round of {what}")
    print()
    # the last column reads as bench/speed.py's "this tree / it": above 1, this tree does less
    print("| tree | instructions (M) | per input (M) | its instructions / this tree's |"
          + (" cycle estimate (M) | its estimate / this tree's |" if args.cycles else ""))
    print("|---|---|---|---|" + ("---|---|" if args.cycles else ""))
    ours = totals["this tree"]
    for name, events in totals.items():
        row = (f"| {name} | {events['Ir'] / 1e6:,.0f} | {events['Ir'] / 1e6 / len(inputs):.1f} "
               f"| {events['Ir'] / ours['Ir']:.3f} |")
        if args.cycles:
            row += f" {cycle_estimate(events) / 1e6:,.0f} | {cycle_estimate(events) / cycle_estimate(ours):.3f} |"
        print(row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
