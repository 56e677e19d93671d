"""Dump `decision-extractor extract FILE` (stdout, stderr, exit code) for every corpus text and
HTML file into a folder, so two trees' outputs can be compared byte for byte (`diff -r`).

    python bench/dump_outputs.py OUT_DIR [--corpus ../shared/corpus/dev]

Used to prove a speed change leaves every output as it was: dump before, dump after, diff.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _dump(path: Path, out: Path) -> None:
    command = [sys.executable, "-m", "extractor", "extract", str(path)]
    done = subprocess.run(command, capture_output=True, cwd=ROOT)
    (out / f"{path.name}.json").write_bytes(done.stdout)
    (out / f"{path.name}.err").write_bytes(done.stderr + f"exit {done.returncode}\n".encode())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    files = sorted([*args.corpus.glob("*.txt"), *args.corpus.glob("*.html")])
    with ThreadPoolExecutor(args.jobs) as pool:
        list(pool.map(lambda p: _dump(p, args.out_dir), files))
    print(f"{len(files)} files dumped to {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
