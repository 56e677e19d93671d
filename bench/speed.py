"""The text pipeline's speed, side by side with older commits (issue 29).

Each tree (this one, and each ``--commit`` extracted with ``git archive <commit> extractor``)
runs in a process of its own with ``PYTHONPATH`` set to that tree, warms up, then times one pass
of ``extract_record`` (what the command line does for a file: read, segment, assemble, the JSON
record) over every corpus text, in process time. The rounds are interleaved (round 1 of every
tree, then round 2 ...), so a busy machine slows them all alike. Prints each tree's median
notices/s per core (a notice here is one corpus file) and its ratio to every other tree.

    python bench/speed.py [--corpus ../shared/corpus/dev] [--commit 8c691a8 --commit 78d3f00] [--rounds 9]
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


def worker(corpus: Path) -> int:
    """One tree's timing loop, driven over stdin: "go" runs one round and prints its seconds."""
    from extractor.pipeline import extract_record  # the tree on PYTHONPATH

    inputs = [(p.read_bytes(), p.name) for p in sorted(corpus.glob("*.txt"))]
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


def _start(tree: Path, corpus: Path) -> tuple[subprocess.Popen[str], int]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    process = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--worker", "--corpus", str(corpus)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=tree)
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
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()
    if args.worker:
        return worker(corpus)
    commits = tuple(args.commit or DEFAULT_COMMITS)
    with tempfile.TemporaryDirectory(prefix="speed-") as scratch:
        trees = {"this tree": ROOT, **{c: _tree(c, Path(scratch)) for c in commits}}
        workers = {name: _start(tree, corpus) for name, tree in trees.items()}
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
    print(f"{time.strftime('%Y-%m-%d')}: {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.machine()}; {files['this tree']} texts of {corpus}, {args.rounds} interleaved rounds")
    print()
    print("| tree | notices/s/core (median) | ms per notice | min-max notices/s | this tree / it |")
    print("|---|---|---|---|---|")
    for name, s in seconds.items():
        print(f"| {name} | {rate[name]:.0f} | {1000 / rate[name]:.2f} | {files[name] / max(s):.0f}-{files[name] / min(s):.0f} "
              f"| {rate['this tree'] / rate[name]:.2f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
