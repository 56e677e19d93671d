"""Learned templates, per group of notices of one template (issue 27): field micro-F1

- one by one: each notice extracted alone, no templates (today's reading);
- together: the group read as one folder run reads it (templates found in the group's own
  files, `templates/found.py`, then every file read with them);
- k=1, k=2: templates learned from the first k notices' gold (`learn_gold`), F1 on the others;
  "alone" beside it is the one-by-one F1 of those same others, for comparison.

Groups: invented families (tests/template_families.py: councils and people made up), and the
dev corpus's groups read from ../shared/corpus/dev at run time (never copied): notices of one
authority and layout family (INDEX.md) with three or more members, and `e*` (one council's
template). Held-out groups (h*, d*, e*) are run and reported as numbers only.

    python bench/templates.py [--corpus ../shared/corpus/dev] [--only elmstead,e,oxfordshire] [--least 2]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.evaluate import Tally, gold_documents, pick_notice, score_fields  # noqa: E402
from extractor.options import RunOptions  # noqa: E402
from extractor.pipeline import extract_record  # noqa: E402
from extractor.templates import learn_gold, write_templates  # noqa: E402
from extractor.templates.found import find_templates  # noqa: E402

Member = tuple[str, Path, Path]  # id, document, gold


def invented(folder: Path, per_family: int = 6) -> dict[str, list[Member]]:
    from tests.template_families import FAMILIES, TABLE_FAMILIES, notices

    groups = {}
    for family in (*FAMILIES, *TABLE_FAMILIES):
        members = []
        for n, (text, gold) in enumerate(notices(family, per_family)):
            doc, gold_path = folder / f"{family}{n}.txt", folder / f"{family}{n}.gold.json"
            doc.write_text(text, encoding="utf-8")
            gold_path.write_text(json.dumps(gold), encoding="utf-8")
            members.append((f"{family}{n}", doc, gold_path))
        groups[f"invented:{family}"] = members
    return groups


def corpus(folder: Path, least: int = 3) -> dict[str, list[Member]]:
    """Groups of the dev corpus: one authority and layout family, ``least`` or more members; and e*."""
    found = {doc_id: (doc_id, doc, gold) for doc_id, doc, gold in gold_documents(folder)}
    by_key: dict[str, list[Member]] = defaultdict(list)
    index = (folder / "INDEX.md").read_text(encoding="utf-8")
    for row in re.finditer(r"^\| (\w+) \| ([^|]+) \| ([^|]+) \|", index, re.M):
        doc_id, authority, family = row.group(1), row.group(2).strip(), row.group(3).strip()
        if doc_id in found and not doc_id.startswith("e"):
            slug = re.sub(r"[^a-z]+", "-", authority.lower()).strip("-")
            by_key[f"{slug}:{family}"].append(found[doc_id])
    groups = {"".join(sorted({m[0][0] for m in members})) + ":" + key: sorted(members)
              for key, members in by_key.items() if len(members) >= least}
    e = sorted(m for doc_id, m in found.items() if doc_id.startswith("e"))
    if e:
        groups["e:held-out template"] = e
    return groups


def f1(members: list[Member], options: RunOptions) -> Tally:
    total = Tally()
    for _, doc, gold_path in members:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pred = pick_notice(gold, extract_record(doc, options=options)["notices"])
        for tally in score_fields(gold, pred)[0].values():
            total.add(tally)
    return total


def together(members: list[Member], scratch: Path) -> Tally:
    found = find_templates([str(doc) for _, doc, _ in members], RunOptions())
    if not found:
        return f1(members, RunOptions())
    path = scratch / "found.toml"
    write_templates(path, found)
    return f1(members, RunOptions(templates=(str(path),)))


def taught(members: list[Member], k: int, scratch: Path) -> tuple[Tally, Tally] | None:
    if len(members) <= k:
        return None
    gold_dir = scratch / f"gold-k{k}"
    gold_dir.mkdir()
    for doc_id, doc, gold_path in members[:k]:
        (gold_dir / f"{doc_id}{doc.suffix}").symlink_to(doc.resolve())
        (gold_dir / f"{doc_id}.gold.json").symlink_to(gold_path.resolve())
    path = scratch / f"taught-k{k}.toml"
    write_templates(path, learn_gold([gold_dir]))
    rest = members[k:]
    return f1(rest, RunOptions(templates=(str(path),))), f1(rest, RunOptions())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    parser.add_argument("--only", default="", help="comma-separated words; groups whose name holds one")
    parser.add_argument("--least", type=int, default=3,
                        help="members a corpus group needs (2: pairs too, read alone, together and at k=1)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        (scratch / "invented").mkdir()
        groups = invented(scratch / "invented")
        if args.corpus.is_dir():
            groups.update(corpus(args.corpus, args.least))
        wanted = [w for w in args.only.split(",") if w]
        print(f"{'group':<64} {'n':>2} {'alone':>6} {'together':>8} {'k=1':>6} {'(alone)':>7} {'k=2':>6} {'(alone)':>7}")
        for n, (name, members) in enumerate(sorted(groups.items())):
            if wanted and not any(w in name for w in wanted):
                continue
            work = scratch / f"g{n}"
            work.mkdir()
            cells = [f"{f1(members, RunOptions()).f1:.3f}", f"{together(members, work).f1:8.3f}"]
            for k in (1, 2):
                result = taught(members, k, work)
                cells += [f"{result[0].f1:.3f}", f"({result[1].f1:.3f})"] if result else ["-", "-"]
            print(f"{name[:64]:<64} {len(members):>2} {cells[0]:>6} {cells[1]:>8} {cells[2]:>6} {cells[3]:>7} "
                  f"{cells[4]:>6} {cells[5]:>7}", flush=True)
        if args.corpus.is_dir() and not wanted:
            everything = list(gold_documents(args.corpus))
            print("\nas one folder run each (templates found in it, or none):")
            for n, letters in enumerate(("rabcs", "h", "d", "e", "rabcsdeh")):
                part = [m for m in everything if m[0][0] in letters]
                work = scratch / f"whole{n}"
                work.mkdir()
                print(f"  {letters:<9} {len(part):>4} documents: alone {f1(part, RunOptions()).f1:.3f}, "
                      f"together {together(part, work).f1:.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
