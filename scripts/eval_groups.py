"""Micro-F1 of the dev corpus by id group (the first letter of each id) and by document.

Prints numbers only, never corpus text, so it can be run on held-out groups before anyone looks
at them: ``python scripts/eval_groups.py ../shared/corpus/dev [--docs h d e]``.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractor.evaluate import Tally, evaluate  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("gold_dir")
    parser.add_argument("--docs", nargs="*", default=[], help="id prefixes whose documents to list one by one")
    args = parser.parse_args(argv)
    report = evaluate(args.gold_dir)
    groups: dict[str, Tally] = defaultdict(Tally)
    fields: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    for doc in report.documents:
        group = doc.doc_id[0] if doc.doc_id[0] in "hde" else "old"
        groups[group].add(doc.tally)
    for name, tally in sorted(groups.items()):
        print(f"{name:<4} F1 {tally.f1:.3f}  (tp {tally.tp}, fp {tally.fp}, fn {tally.fn})")
    print(f"all  F1 {report.micro.f1:.3f}")
    for doc in report.documents:
        if any(doc.doc_id.startswith(p) for p in args.docs):
            print(f"  {doc.doc_id:<6} {doc.family:<48} F1 {doc.tally.f1:.3f}  tp {doc.tally.tp} fp {doc.tally.fp} fn {doc.tally.fn}"
                  f"  wrong: {','.join(sorted({m[0] for m in doc.mistakes}))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
