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
_TOTALS = re.compile(r"^(?:summary|totals):\s+(\d+)", re.MULTILINE)


def count(tree: Path, inputs: list[Path], scratch: Path) -> int:
    """The instructions one warm round of ``inputs`` executes with ``tree``'s extractor."""
    script, out = scratch / "round.py", scratch / f"callgrind.{os.getpid()}.{abs(hash(tree))}"
    script.write_text(_ROUND)
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = ["valgrind", "--tool=callgrind", "--collect-atstart=no", "--toggle-collect=functools_reduce",
               f"--callgrind-out-file={out}", sys.executable, str(script), *map(str, inputs)]
    subprocess.run(command, env=env, cwd=scratch, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    found = _TOTALS.search(out.read_text(errors="replace"))
    out.unlink()
    if found is None:
        raise SystemExit(f"no instruction total in callgrind's output for {tree}")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    parser.add_argument("--commit", action="append", default=[], help="an older commit to count too (repeatable)")
    parser.add_argument("--pdf", type=Path, help="count the PDFs of this folder (PDFium) instead of the corpus texts")
    parser.add_argument("--limit", type=int, help="only the first N inputs (sorted by name)")
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
        totals = {name: count(tree, inputs, scratch) for name, tree in trees.items()}
    what = f"{len(inputs)} PDFs of {pdf} (b021, which OCRs, left out)" if pdf else f"{len(inputs)} texts of {args.corpus}"
    print(f"one warm round of {what}")
    print()
    # the last column reads as bench/speed.py's "this tree / it": above 1, this tree does less
    print("| tree | instructions (M) | per input (M) | its instructions / this tree's |")
    print("|---|---|---|---|")
    for name, total in totals.items():
        print(f"| {name} | {total / 1e6:,.0f} | {total / 1e6 / len(inputs):.1f} | {total / totals['this tree']:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
