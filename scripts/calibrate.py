"""The confidence table's evidence: on a gold folder, how many notices fall below each threshold
and how many of the other notices' values are right (the number `confidence.toml` is set from).

``python scripts/calibrate.py ../shared/corpus/dev`` prints numbers only, never corpus text.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractor.evaluate import gold_documents, pick_notice, token_f1, values_match  # noqa: E402
from extractor.fields import CONTACT_PARTS  # noqa: E402
from extractor.pipeline import run  # noqa: E402


def right(name: str, gold: object, pred: object) -> bool:
    if name == "contact":
        g = gold if isinstance(gold, dict) else {}
        p = pred if isinstance(pred, dict) else {}
        return all(g.get(k) == p.get(k) for k in CONTACT_PARTS)
    if name == "accompanying_documents":
        g = list(gold or [])  # type: ignore[call-overload]
        p = list(pred or [])  # type: ignore[call-overload]
        return len(p) == len(g) and all(any(token_f1(a, b) >= 0.9 for b in g) for a in p)
    return gold is not None and values_match(name, gold, pred)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("gold_dir")
    parser.add_argument("--thresholds", type=float, nargs="*", default=[0.6, 0.7, 0.75, 0.8, 0.9])
    args = parser.parse_args(argv)
    rows = []
    by_method: dict[str, list[int]] = {}
    for _, path, gold_path in gold_documents(Path(args.gold_dir)):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pred = pick_notice(gold, [n.model_dump(mode="json") for n in run(path).result.notices])
        if not pred:
            continue
        values = []
        for name, g in gold.items():
            p = pred.get(name)
            if p in (None, [], {}):
                continue
            ok = right(name, g, p)
            values.append(ok)
            method = (pred["provenance"].get(name) or {}).get("method") or "none"
            by_method.setdefault(method, [0, 0])[0 if ok else 1] += 1
        rows.append((pred["confidence"] if pred["confidence"] is not None else 0.0, values))
    for method, (ok, bad) in sorted(by_method.items()):
        print(f"method {method:<14} right {ok:4}  wrong {bad:3}  {ok / (ok + bad):.3f}")
    for threshold in args.thresholds:
        above = [values for confidence, values in rows if confidence >= threshold]
        total, ok = sum(len(v) for v in above), sum(sum(v) for v in above)
        flagged = len(rows) - len(above)
        print(f"review below {threshold:.2f}: {flagged}/{len(rows)} notices flagged ({flagged / len(rows):.0%}); "
              f"values of the others right {ok}/{total} ({ok / max(total, 1):.1%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
