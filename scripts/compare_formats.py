"""Score the dev corpus as text and as its PDF and Word renderings; fail if a format falls behind.

Usage: python scripts/compare_formats.py GOLD_DIR RENDERINGS_DIR [--tolerance 0.01]
RENDERINGS_DIR holds pdf/, docx/, html/ (and rtf/, doc/ with LibreOffice) made by `python -m tests.render corpus GOLD_DIR RENDERINGS_DIR`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from extractor.evaluate import evaluate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", type=Path)
    parser.add_argument("renderings", type=Path)
    parser.add_argument("--tolerance", type=float, default=0.01)
    parser.add_argument("--new-formats-tolerance", type=float, default=0.01,
                        help="the gap allowed for web pages, .rtf and .doc (issue 13 asks 0.01)")
    args = parser.parse_args()
    scores = {"text": evaluate(args.gold)}
    for engine in ("pdfium", "pdfplumber"):
        scores[f"pdf/{engine}"] = evaluate(args.renderings / "pdf", pdf_engine=engine)
    scores["docx"] = evaluate(args.renderings / "docx")
    scores["html"] = evaluate(args.renderings / "html")
    for fmt in ("rtf", "doc"):  # present when LibreOffice rendered them (tests.render --legacy)
        folder = args.renderings / fmt
        if folder.is_dir():
            from extractor.readers.legacy import preconvert

            preconvert(sorted(folder.glob(f"*.{fmt}")))  # one LibreOffice start-up for the whole folder
            scores[fmt] = evaluate(folder)
    base = scores["text"].micro.f1
    status = 0
    print(f"{'format':<16} {'docs':>5} {'P':>7} {'R':>7} {'F1':>7} {'vs text':>8} {'lost lines':>11}")
    for fmt, report in scores.items():
        m = report.micro
        lost = sum(1 for d in report.documents if d.coverage_gaps)
        failed = sum(1 for d in report.documents if d.error)
        delta = m.f1 - base
        print(f"{fmt:<16} {len(report.documents):5d} {m.precision:7.4f} {m.recall:7.4f} {m.f1:7.4f} {delta:+8.4f} {lost:11d}")
        tolerance = args.new_formats_tolerance if fmt in {"html", "rtf", "doc"} else args.tolerance
        if abs(delta) > tolerance or lost or failed:
            status = 1
            print(f"  {fmt}: F1 differs from text by more than {tolerance}, lost lines or failed files",
                  file=sys.stderr)
            for doc in report.documents:
                for name, gold, pred in doc.mistakes:
                    print(f"    {doc.doc_id} {name}: gold={gold!r:.80} pred={pred!r:.80}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
