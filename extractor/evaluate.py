"""Field-level precision, recall and F1 against a gold folder laid out like shared/corpus/dev.

Text fields match when their token F1 is at least 0.9; dates, booleans and contact parts
match exactly (case-insensitive for text). A wrong value counts once as a false positive and
once as a false negative. Each document is also checked for coverage (nothing lost).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from .coverage import coverage_gaps
from .fields import CONTACT_PARTS, EXACT_FIELDS
from .options import RunOptions, run_options
from .pipeline import run

TEXT_HIT = 0.9
_TOKEN = regex.compile(r"\w+")
_SIDE_FILES = (".gold.json", ".meta.json")


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Tally") -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class DocumentScore:
    doc_id: str
    family: str
    tally: Tally
    mistakes: list[tuple[str, Any, Any]]
    coverage_gaps: int
    error: str | None = None


@dataclass
class Report:
    documents: list[DocumentScore] = field(default_factory=list)
    by_field: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))

    @property
    def micro(self) -> Tally:
        total = Tally()
        for doc in self.documents:
            total.add(doc.tally)
        return total

    def by_family(self) -> dict[str, Tally]:
        families: dict[str, Tally] = defaultdict(Tally)
        for doc in self.documents:
            families[doc.family].add(doc.tally)
        return dict(sorted(families.items()))


def tokens(text: str) -> Counter[str]:
    return Counter(t.lower() for t in _TOKEN.findall(text))


def token_f1(a: str, b: str) -> float:
    """Bag-of-words F1 between two texts.

    >>> token_f1("Cabinet", "CABINET"), round(token_f1("a b c d", "a b c"), 3)
    (1.0, 0.857)
    """
    ta, tb = tokens(a), tokens(b)
    common = sum((ta & tb).values())
    if not ta and not tb:
        return 1.0
    if not common:
        return 0.0
    p, r = common / sum(ta.values()), common / sum(tb.values())
    return 2 * p * r / (p + r)


def values_match(name: str, gold: Any, pred: Any) -> bool:
    if name in EXACT_FIELDS or isinstance(gold, bool):
        return gold == pred
    return token_f1(str(gold), str(pred)) >= TEXT_HIT


def score_fields(gold: dict[str, Any], pred: dict[str, Any]) -> tuple[dict[str, Tally], list[tuple[str, Any, Any]]]:
    """Per-field tallies for one document, and the mismatches (field, gold, predicted)."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    mistakes: list[tuple[str, Any, Any]] = []
    for name, gold_value in gold.items():
        pred_value = pred.get(name)
        if name == "contact":
            g, p = gold_value or {}, pred_value or {}
            for part in CONTACT_PARTS:
                _score_one(f"contact.{part}", g.get(part), p.get(part), tallies, mistakes)
        elif name == "accompanying_documents":
            _score_list(name, gold_value or [], pred_value or [], tallies, mistakes)
        else:
            _score_one(name, gold_value, pred_value, tallies, mistakes)
    return tallies, mistakes


def _score_one(name: str, gold: Any, pred: Any, tallies: dict[str, Tally], mistakes: list) -> None:
    t = tallies[name]
    if gold is None and pred is None:
        return
    if gold is not None and pred is not None and values_match(name.split(".")[0], gold, pred):
        t.tp += 1
        return
    if pred is not None:
        t.fp += 1
    if gold is not None:
        t.fn += 1
    mistakes.append((name, gold, pred))


def _score_list(name: str, gold: list, pred: list, tallies: dict[str, Tally], mistakes: list) -> None:
    t = tallies[name]
    remaining = list(pred)
    for item in gold:
        hit = next((p for p in remaining if token_f1(item, p) >= TEXT_HIT), None)
        if hit is None:
            t.fn += 1
            mistakes.append((name, item, None))
        else:
            t.tp += 1
            remaining.remove(hit)
    for item in remaining:
        t.fp += 1
        mistakes.append((name, None, item))


def pick_notice(gold: dict[str, Any], notices: list[dict[str, Any]]) -> dict[str, Any]:
    """The extracted notice the gold annotates: on a page of several decisions, the one whose
    title matches the gold's best (the first notice when the gold names no title).

    >>> pick_notice({"title": "Car parks"}, [{"title": "Libraries"}, {"title": "Car Parks"}])
    {'title': 'Car Parks'}
    >>> pick_notice({"title": None}, [{"title": "A"}, {"title": "B"}])
    {'title': 'A'}
    """
    if not notices:
        return {}
    title = gold.get("title")
    if not title or len(notices) == 1:
        return notices[0]
    return max(notices, key=lambda n: token_f1(title, n.get("title") or ""))


def gold_documents(gold_dir: Path) -> list[tuple[str, Path, Path]]:
    """(id, document path, gold path) for every gold file that has its document beside it."""
    found = []
    for gold in sorted(gold_dir.glob("*.gold.json")):
        doc_id = gold.name[: -len(".gold.json")]
        candidates = [p for p in sorted(gold_dir.glob(f"{doc_id}.*")) if not p.name.endswith(_SIDE_FILES)]
        if candidates:
            found.append((doc_id, candidates[0], gold))
    return found


def original_bytes(meta: dict[str, Any]) -> tuple[bytes, str] | None:
    """The original file a gold document names (``source_file``, and ``record_offset`` for a web
    archive's record: `export --gold` writes them) with the name the run read it by, when it is
    still there with the bytes the gold was made from (``sha256``); None: score the ``.txt``."""
    path, offset = meta.get("source_file"), meta.get("record_offset")
    if not isinstance(path, str) or not isinstance(meta.get("sha256"), str):
        return None
    import hashlib

    try:
        if isinstance(offset, int):
            from .webarchive import read_member

            data = read_member(path, offset)
        else:
            data = Path(path).read_bytes()
    except (OSError, EOFError, ValueError):
        return None
    if hashlib.sha256(data).hexdigest() != meta["sha256"]:
        return None
    return data, str(meta.get("source") or Path(path).name)


def evaluate(gold_dir: str | Path, *, options: RunOptions | None = None, pdf_engine: str | None = None,
             ocr: str | None = None) -> Report:
    """Score every document in ``gold_dir``, read with ``options`` (``pdf_engine`` and ``ocr``
    change them, as for `extract`)."""
    options = run_options(options, pdf_engine=pdf_engine, ocr=ocr)
    gold_dir = Path(gold_dir)
    report = Report()
    for doc_id, doc_path, gold_path in gold_documents(gold_dir):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        meta_path = gold_dir / f"{doc_id}.meta.json"
        meta: dict[str, Any] = {}
        if meta_path.exists():
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        family = meta.get("layout_family", "unknown")
        original = original_bytes(meta)
        if original is not None:  # a reviewed run's gold: the archive's own file, as the run read it
            extraction = run(original[0], filename=original[1], options=options)
        else:
            extraction = run(doc_path, options=options)
        result = extraction.result
        pred = pick_notice(gold, [n.model_dump(mode="json") for n in result.notices])
        tallies, mistakes = score_fields(gold, pred)
        total = Tally()
        for name, tally in tallies.items():
            report.by_field[name].add(tally)
            total.add(tally)
        gaps = len(coverage_gaps(extraction.document, extraction.assembled)) if extraction.document else 0
        error = f"{result.error.code}: {result.error.message}" if result.error else None
        report.documents.append(DocumentScore(doc_id, family, total, mistakes, gaps, error))
    return report


def format_report(report: Report, *, by_field: bool = False, by_family: bool = False,
                  show_errors: bool = False) -> str:
    lines = []
    micro = report.micro
    lines.append(f"documents: {len(report.documents)}")
    lines.append(f"micro precision {micro.precision:.4f}  recall {micro.recall:.4f}  F1 {micro.f1:.4f}  "
                 f"(tp {micro.tp}, fp {micro.fp}, fn {micro.fn})")
    lost = [d for d in report.documents if d.coverage_gaps]
    lines.append(f"coverage: {len(report.documents) - len(lost)}/{len(report.documents)} documents with every line placed once")
    for doc in lost:
        lines.append(f"  {doc.doc_id}: {doc.coverage_gaps} line(s) lost or placed twice")
    for doc in report.documents:
        if doc.error:
            lines.append(f"  {doc.doc_id}: failed: {doc.error}")
    if by_field:
        lines.append("")
        lines.append(f"{'field':<28} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
        for name in sorted(report.by_field):
            t = report.by_field[name]
            lines.append(f"{name:<28} {t.precision:6.3f} {t.recall:6.3f} {t.f1:6.3f} {t.tp:4d} {t.fp:4d} {t.fn:4d}")
    if by_family:
        lines.append("")
        lines.append(f"{'layout family':<48} {'docs':>4} {'F1':>6}")
        counts = Counter(d.family for d in report.documents)
        for family, t in report.by_family().items():
            lines.append(f"{family:<48} {counts[family]:4d} {t.f1:6.3f}")
    if show_errors:
        lines.append("")
        for doc in report.documents:
            for name, gold, pred in doc.mistakes:
                lines.append(f"{doc.doc_id} {name}: gold={_short(gold)} pred={_short(pred)}")
    return "\n".join(lines)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 140 else text[:137] + "..."
