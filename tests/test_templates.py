"""Learned templates (issue 27): taught by corrected notices, found in a run, applied on a re-run.

Development examples: the invented families of `tests/template_families.py` (councils, people
and decisions made up), as text and as PDF and Word renderings. Evaluation: `bench/templates.py`
over the dev corpus's groups of one template (numbers only for the held-out ones).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor import extract
from extractor.cli import main
from extractor.evaluate import score_fields
from extractor.options import RunOptions
from extractor.pipeline import extract_record
from extractor.templates import (Template, TemplateError, learn_gold, line_key, match_template, read_templates,
                                 templates_text, write_templates)
from extractor.pipeline import read

from .conftest import SAMPLES
from .template_families import FAMILIES, TABLE_FAMILIES, notices

FAMILY_IDS = sorted(FAMILIES)


def _gold_folder(folder: Path, family: str, members: range) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in members:
        text, gold = notices(family, 1, first=n)[0]
        (folder / f"{family}{n}.txt").write_text(text, encoding="utf-8")
        (folder / f"{family}{n}.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return folder


def _wrong(notice: dict, gold: dict) -> list[str]:
    """The gold fields the notice reads wrongly (missing, extra or different)."""
    return sorted({name for name, _, _ in score_fields(gold, notice)[1]})


def _taught(tmp_path: Path, family: str, k: int = 2) -> Path:
    templates = tmp_path / "templates.toml"
    write_templates(templates, learn_gold([_gold_folder(tmp_path / "gold", family, range(k))]))
    return templates


# -- the file ------------------------------------------------------------------------------------
ROUND_TRIP = [
    Template("plain", (("Member acting", "decision_maker"), ("Notes", "_other"))),
    Template("everything", (("Portfolio", "decision_maker"), ("Grounds", "reasons")),
             ('ELMSTEAD "BOROUGH" COUNCIL', "Page 1 of 2", "back\\slash"), 3, "corrections", ("Portfolio",),
             ("Portfolio",)),
]


@pytest.mark.parametrize("template", ROUND_TRIP, ids=lambda t: t.id)
def test_a_templates_file_reads_back_as_written(template):
    assert read_templates(templates_text([template])) == (template,)


BAD_FILES = [
    ("unknown_field", '[[template]]\nid = "x"\n[template.labels]\n"Portfolio" = "portfolio"\n', "unknown field"),
    ("no_id", '[[template]]\n[template.labels]\n"Portfolio" = "decision_maker"\n', "needs an id"),
    ("misspelt_key", '[[template]]\nid = "x"\nfurnture = []\n', "unknown key(s) furnture"),
    ("top_level_key", 'labels = 1\n', "unknown key(s) labels"),
    ("negative_taught", '[[template]]\nid = "x"\ntaught = -1\n', "taught is a count"),
    ("run_in_not_a_label", '[[template]]\nid = "x"\nrun_in = ["Grounds"]\n', "run_in lists labels"),
    ("not_toml", '[[template]\n', "templates"),
]


@pytest.mark.parametrize("text, message", [b[1:] for b in BAD_FILES], ids=[b[0] for b in BAD_FILES])
def test_a_bad_templates_file_says_what_is_wrong(text, message):
    with pytest.raises(TemplateError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_templates(text)


def test_a_bad_templates_file_is_a_usage_error(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[template]]\nid = "x"\n[template.labels]\n"Portfolio" = "portfolio"\n', encoding="utf-8")
    assert main(["extract", str(SAMPLES / "s000.txt"), "--templates", str(bad)]) == 2
    assert "unknown field 'portfolio'" in capsys.readouterr().err


LINE_KEYS = [("page_numbers", "Page 3 of 12", "page # of #"), ("case_and_colon", "MEMBER ACTING:", "member acting"),
             ("spacing", "  Member   acting ", "member acting"), ("prose", "x " * 150, "")]


@pytest.mark.parametrize("text, key", [k[1:] for k in LINE_KEYS], ids=[k[0] for k in LINE_KEYS])
def test_line_key(text, key):
    assert line_key(text) == key


# -- teaching ------------------------------------------------------------------------------------
@pytest.mark.parametrize("family", FAMILY_IDS)
def test_two_corrected_notices_teach_the_others(tmp_path, family):
    templates = _taught(tmp_path, family)
    options = RunOptions(templates=(str(templates),))
    for text, gold in notices(family, 4, first=2):
        before = extract_record(text=text)["notices"][0]
        result = extract_record(text=text, options=options)
        after = result["notices"][0]
        assert _wrong(before, gold) != []  # today's reader misses this layout ...
        assert _wrong(after, gold) == []  # ... two corrected notices teach all of it
        assert result["source"]["template"]["taught"] == 2
        assert result["source"]["template"]["learned_from"] == "gold"
        assert after["provenance"]["decision"]["method"] == "template"


@pytest.mark.parametrize("family", FAMILY_IDS)
def test_one_corrected_notice_teaches_most(tmp_path, family):
    templates = _taught(tmp_path, family, k=1)
    text, gold = FAMILIES[family](5)
    before = extract_record(text=text)["notices"][0]
    after = extract_record(text=text, options=RunOptions(templates=(str(templates),)))["notices"][0]
    assert len(_wrong(after, gold)) < len(_wrong(before, gold))


UNKNOWN = [("seed_sample", SAMPLES / "s000.txt"), ("other_family", None)]


@pytest.mark.parametrize("family", FAMILY_IDS)
@pytest.mark.parametrize("name, path", UNKNOWN, ids=[u[0] for u in UNKNOWN])
def test_a_notice_of_another_template_is_unaffected(tmp_path, family, name, path):
    templates = _taught(tmp_path, family)
    if path is None:
        other = next(f for f in FAMILY_IDS if f != family)
        path = tmp_path / "other.txt"
        path.write_text(FAMILIES[other](3)[0], encoding="utf-8")
    assert match_template(read(path), tuple(read_templates(templates.read_text(encoding="utf-8")))) is None
    assert extract_record(path, options=RunOptions(templates=(str(templates),))) == extract_record(path)


def test_where_template_and_general_reader_disagree_the_notice_needs_review(tmp_path):
    """A wrong template (a person's edit) is kept, and flagged where it changes a value."""
    templates = tmp_path / "wrong.toml"
    templates.write_text('[[template]]\nid = "wrong"\nfurniture = ["Is subject to call in?: Yes"]\n'
                         '[template.labels]\n"Decision Maker" = "report_author"\n"Decision status" = "decision_status"\n',
                         encoding="utf-8")
    result = extract(SAMPLES / "s000.txt", options=RunOptions(templates=(str(templates),)))
    notice = result.notices[0]
    assert notice.report_author == "Cabinet" and notice.provenance["report_author"].method == "template"
    assert "template_disagrees" in {w.code for w in notice.warnings} and notice.needs_review



# -- when the general reader reads a taught template's document too -------------------------------
def _readings(monkeypatch) -> list[int]:
    """Counts the pipeline's readings of a document (segment and assemble), one per call."""
    import extractor.pipeline as pipeline

    calls: list[int] = []
    notices_of = pipeline._notices

    def counted(*args, **kwargs):
        calls.append(1)
        return notices_of(*args, **kwargs)

    monkeypatch.setattr(pipeline, "_notices", counted)
    return calls


@pytest.mark.parametrize("family", [*FAMILY_IDS, *TABLE_FAMILIES])
def test_a_sibling_printing_its_whole_template_is_read_once(tmp_path, monkeypatch, family):
    """A document that prints every line of its taught template, where the template contradicts
    the lexicon nowhere and reads every field it has a label for, is read through it alone: no
    second reading by the general reader (what made a taught folder run at half speed)."""
    options = RunOptions(templates=(str(_taught(tmp_path, family)),))
    readings = _readings(monkeypatch)
    text, gold = notices(family, 1, first=3)[0]
    result = extract_record(text=text, options=options)
    assert result["source"]["template"]["share"] == 1.0
    assert readings == [1]
    assert _wrong(result["notices"][0], gold) == []


def test_a_sibling_that_differs_from_its_template_is_compared_with_the_general_reader(tmp_path, monkeypatch):
    """A sibling missing one of the template's rows is read by the general reader too: where the
    two read a field differently it says so (the template's wrapped decision maker against the
    general reader's first line of it) and needs review."""
    options = RunOptions(templates=(str(_taught(tmp_path, "brockhurst")),))
    text, _ = notices("brockhurst", 1, first=3)[0]
    text = "\n".join(line for line in text.splitlines() if not line.startswith("Key decision "))
    readings = _readings(monkeypatch)
    result = extract_record(text=text, options=options)
    notice = result["notices"][0]
    assert result["source"]["template"]["share"] < 1.0 and readings == [1, 1]
    assert ("template_disagrees", "decision_maker") in {(w["code"], w["field"]) for w in notice["warnings"]}
    assert notice["needs_review"]


def test_a_template_that_contradicts_the_lexicon_is_compared_where_it_matches_whole(tmp_path, monkeypatch):
    """s000 prints every line of these hand-edited templates, yet each reads a line otherwise than
    the lexicon (a label given another field, a label hidden as furniture): the general reader is
    asked, which is what keeps their values right (the two tests above)."""
    for name, text in [("wrong", '"Decision Maker" = "report_author"\n"Decision status" = "decision_status"\n'),
                       ("hides", '"Decision status" = "decision_status"\n')]:
        templates = tmp_path / f"{name}.toml"
        furniture = "Is subject to call in?: Yes" if name == "wrong" else "Reasons for the decision:"
        templates.write_text(f'[[template]]\nid = "{name}"\nfurniture = ["{furniture}"]\n[template.labels]\n{text}',
                             encoding="utf-8")
        readings = _readings(monkeypatch)
        result = extract_record(SAMPLES / "s000.txt", options=RunOptions(templates=(str(templates),)))
        assert result["source"]["template"]["share"] == 1.0 and readings == [1, 1], name


def test_read_whole():
    """The rule itself: every line of the template printed, nothing against the lexicon, every
    field a label of it names read (in every notice)."""
    from extractor.lexicon import load_lexicon
    from extractor.templates.read import read_whole

    lexicon = load_lexicon()
    template = Template("t", (("Member acting", "decision_maker"), ("Grounds", "reasons"), ("Notes", "_other")),
                        ("Elmstead Borough Council",))
    full = {"notices": [{"decision_maker": "Councillor A", "reasons": "Because."}]}
    assert read_whole(full, template, 1.0, lexicon)
    assert not read_whole(full, template, 0.9, lexicon)  # a line of the template not printed
    assert not read_whole({"notices": [{"decision_maker": "Councillor A", "reasons": None}]}, template, 1.0, lexicon)
    assert not read_whole({"notices": [*full["notices"], {"decision_maker": "B"}]}, template, 1.0, lexicon)
    assert not read_whole({"notices": []}, template, 1.0, lexicon)
    assert not read_whole(full, Template("t", (("Member acting", "decision_maker"), ("Grounds", "reasons"),
                                               ("Decision maker", "report_author"))), 1.0, lexicon)
    assert not read_whole(full, Template("t", template.labels, ("Reasons for the decision:",)), 1.0, lexicon)
    assert not read_whole(full, Template("t", (("Notes", "_other"),)), 1.0, lexicon)  # no field of its own


def test_a_letterhead_printed_shorter_is_no_row_of_the_template(tmp_path, monkeypatch):
    """Brockhurst's letterhead ("Brockhurst District Council") opens its furniture line ("...,
    Station Road ..."): it is no row "Brockhurst District" with the value "Council", so the
    authority is read through the template alone, as the general reader reads it."""
    options = RunOptions(templates=(str(_taught(tmp_path, "brockhurst")),))
    text, _ = notices("brockhurst", 1, first=4)[0]
    readings = _readings(monkeypatch)
    notice = extract_record(text=text, options=options)["notices"][0]
    assert readings == [1]
    assert notice["authority"] == "Brockhurst District Council"
    assert notice["authority"] == extract_record(text=text)["notices"][0]["authority"]

# -- in other formats ------------------------------------------------------------------------------
FORMATS = [("pdf", "bold_labels"), ("pdf", "header_footer"), ("docx", "bold_labels")]


@pytest.mark.parametrize("family", [*FAMILY_IDS, *TABLE_FAMILIES])
@pytest.mark.parametrize("fmt, layout", FORMATS, ids=[f"{f}-{l}" for f, l in FORMATS])
def test_taught_from_text_reads_a_rendering(tmp_path, family, fmt, layout):
    from .render import render_docx, render_pdf

    templates = _taught(tmp_path, family)
    text, gold = notices(family, 1, first=4)[0]
    path = tmp_path / f"notice.{fmt}"
    (render_pdf if fmt == "pdf" else render_docx)(text, path, layout)
    before = extract_record(path)["notices"][0]
    result = extract_record(path, options=RunOptions(templates=(str(templates),)))
    assert result["source"]["template"] is not None
    assert len(_wrong(result["notices"][0], gold)) < len(_wrong(before, gold))
    assert _wrong(result["notices"][0], gold) == []


# -- the command line: learn, a run that finds templates, a re-run ---------------------------------------
def _folder(tmp_path: Path, per_family: int = 4) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    for family in FAMILY_IDS:
        for n, (text, _) in enumerate(notices(family, per_family)):
            (folder / f"{family}{n}.txt").write_text(text, encoding="utf-8")
    (folder / "s000.txt").write_text((SAMPLES / "s000.txt").read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def _results(out: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json") if p.stem != "summary"}


def test_a_folder_run_finds_its_templates(tmp_path):
    folder = _folder(tmp_path)
    assert main(["extract", str(folder), "-o", str(tmp_path / "out"), "--workers", "1", "-q"]) == 0
    assert main(["extract", str(folder), "-o", str(tmp_path / "plain"), "--workers", "1", "-q", "--no-discover"]) == 0
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert sorted(t["taught"] for t in summary["templates_found"]) == [4] * len(FAMILY_IDS)
    found = read_templates((tmp_path / "out" / "templates.toml").read_text(encoding="utf-8"))
    assert {t.source for t in found} == {"run"}
    found_results, plain_results = _results(tmp_path / "out"), _results(tmp_path / "plain")
    manifest = {Path(r["path"]).stem: r for r in map(json.loads, (tmp_path / "out" / "manifest.jsonl").open())}
    for family in FAMILY_IDS:
        assert found_results[f"{family}1"]["source"]["template"]["learned_from"] == "run"
        assert manifest[f"{family}1"]["template"] == found_results[f"{family}1"]["source"]["template"]["id"]
        assert plain_results[f"{family}1"]["source"]["template"] is None
    # the flattened table's rows are read as its labels (the general reader now reads such a form's
    # bare labels too, `inline_labels.bare_label_rows`, so discovery adds nothing here; see below)
    for n in range(4):
        gold = FAMILIES["brockhurst"](n)[1]
        assert len(_wrong(found_results[f"brockhurst{n}"]["notices"][0], gold)) <= 1
    assert found_results["s000"] == plain_results["s000"]  # a notice of no shared template: as today
    assert manifest["s000"]["template"] is None
    assert not (tmp_path / "plain" / "templates.toml").exists()


# fields the general reader misses alone, that a run reads from what the template's notices print
# under its unknown labels (`templates/wording.py`), or from where the label stands (after the decision)
READ_FROM_THE_RUN = {"elmstead": {"decision_maker", "decision", "alternatives_considered", "decision_date"},
                     "haverleigh": {"decision", "reasons"}}


@pytest.mark.parametrize("family", sorted(READ_FROM_THE_RUN))
def test_a_run_reads_unknown_labels_from_what_their_notices_print(tmp_path, family):
    folder = tmp_path / "archive"
    folder.mkdir()
    for n, (text, _) in enumerate(notices(family, 4)):
        (folder / f"{family}{n}.txt").write_text(text, encoding="utf-8")
    assert main(["extract", str(folder), "-o", str(tmp_path / "out"), "--workers", "1", "-q"]) == 0
    assert main(["extract", str(folder), "-o", str(tmp_path / "plain"), "--workers", "1", "-q", "--no-discover"]) == 0
    found, plain = _results(tmp_path / "out"), _results(tmp_path / "plain")
    fields = READ_FROM_THE_RUN[family]
    for n, (_, gold) in enumerate(notices(family, 4)):
        assert fields & set(_wrong(plain[f"{family}{n}"]["notices"][0], gold)) == fields  # alone: none of them
        notice = found[f"{family}{n}"]["notices"][0]
        assert _wrong(notice, gold) == []
        said = [w["message"] for w in notice["warnings"] if w["code"] == "label_guessed"]
        assert any("print under it" in m for m in said)  # the reviewer is told where the field came from


def test_a_member_s_title_over_a_wrapped_name_is_no_row_of_the_table(tmp_path):
    """"Decision Makers Portfolio Holder for Finance" / "Councillor Alun Fetherstone": the title
    starts a line in every notice with a name that varies after it, but it is the row above, wrapped."""
    folder = tmp_path / "archive"
    folder.mkdir()
    for n, (text, _) in enumerate(notices("fernhill", 4)):
        (folder / f"fernhill{n}.txt").write_text(text, encoding="utf-8")
    assert main(["extract", str(folder), "-o", str(tmp_path / "out"), "--workers", "1", "-q"]) == 0
    found = read_templates((tmp_path / "out" / "templates.toml").read_text(encoding="utf-8"))
    assert "Councillor" not in found[0].run_in and "Decision Makers" in found[0].run_in
    results = _results(tmp_path / "out")
    for n, (_, gold) in enumerate(notices("fernhill", 4)):
        assert "decision_maker" not in _wrong(results[f"fernhill{n}"]["notices"][0], gold)


def test_a_run_of_one_file_finds_nothing(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text(FAMILIES["elmstead"](0)[0], encoding="utf-8")
    assert main(["extract", str(path), "-o", str(tmp_path / "out"), "-q"]) == 0
    assert json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))["templates_found"] == []
    assert not (tmp_path / "out" / "templates.toml").exists()


def test_learn_then_rerun_with_templates(tmp_path, capsys):
    folder = _folder(tmp_path)
    out = tmp_path / "out"
    assert main(["extract", str(folder), "-o", str(out), "--workers", "1", "-q", "--no-discover"]) == 0
    first = _results(out)
    gold = _gold_folder(tmp_path / "gold", "elmstead", range(2))
    templates = tmp_path / "templates.toml"
    assert main(["learn", str(gold), "-o", str(templates)]) == 0
    assert "1 template learned" in capsys.readouterr().err
    assert main(["extract", str(folder), "-o", str(out), "--workers", "1", "-q", "--no-discover",
                 "--templates", str(templates), "--force"]) == 0
    again = _results(out)
    _, gold_3 = FAMILIES["elmstead"](3)
    assert _wrong(first["elmstead3"]["notices"][0], gold_3) != []
    assert _wrong(again["elmstead3"]["notices"][0], gold_3) == []
    assert again["s000"]["notices"] == first["s000"]["notices"]
    # learning again adds to the file, keeping what it held
    other = _gold_folder(tmp_path / "gold2", "haverleigh", range(2))
    assert main(["learn", str(other), "-o", str(templates)]) == 0
    assert len(read_templates(templates.read_text(encoding="utf-8"))) == 2


def test_a_rerun_after_teaching_needs_no_force(tmp_path):
    folder = _folder(tmp_path)
    out = tmp_path / "out"
    assert main(["extract", str(folder), "-o", str(out), "--workers", "1", "-q", "--no-discover"]) == 0
    templates = tmp_path / "templates.toml"
    assert main(["learn", str(_gold_folder(tmp_path / "gold", "elmstead", range(2))), "-o", str(templates)]) == 0
    assert main(["extract", str(folder), "-o", str(out), "--workers", "1", "-q", "--no-discover",
                 "--templates", str(templates)]) == 0
    _, gold_3 = FAMILIES["elmstead"](3)
    assert _wrong(_results(out)["elmstead3"]["notices"][0], gold_3) == []


# -- the desk's teach call ----------------------------------------------------------------------------
def test_what_the_desk_teaches_the_next_run_applies_without_force(tmp_path):
    """The teach button writes into the file the run was given with --templates; the same command
    again re-reads the files the new knowledge is about, with no --force, and leaves the others
    as they were: a notice is keyed on the template that read it (templates/cache.py), so the
    family of the template already in the file, and a notice no template matches, are
    "unchanged since the last run"; the desk lists the notices the teaching changes. (The taught
    family's values say nothing of their fields, so the run's own notices cannot teach them.)"""
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from extractor.review import open_run
    from extractor.review.app import create_app

    folder = tmp_path / "archive"
    folder.mkdir()
    for n in range(4):
        (folder / f"kelbrook{n}.txt").write_text(FAMILIES["kelbrook"](n)[0], encoding="utf-8")
        (folder / f"brockhurst{n + 2}.txt").write_text(FAMILIES["brockhurst"](n + 2)[0], encoding="utf-8")
    (folder / "s000.txt").write_text((SAMPLES / "s000.txt").read_text(encoding="utf-8"), encoding="utf-8")
    target = tmp_path / "council.toml"  # the archive's templates file, one template in it already
    write_templates(target, learn_gold([_gold_folder(tmp_path / "gold", "brockhurst", range(2))]))
    out = tmp_path / "out"
    command = ["extract", str(folder), "-o", str(out), "-q", "--workers", "1", "--templates", str(target)]
    assert main(command) == 0
    before = _results(out)
    _, gold_3 = FAMILIES["kelbrook"](3)
    taught_fields = {"decision_maker", "decision", "reasons"}
    assert taught_fields <= set(_wrong(before["kelbrook3"]["notices"][0], gold_3))
    client = TestClient(create_app(open_run(out), templates=(str(target),)))
    for item in client.get("/api/notices").json():
        n = int(Path(item["path"]).stem[-1]) if "kelbrook" in item["path"] else None
        if n not in (0, 1):
            continue
        text, gold = client.get(f"/api/notices/{item['id']}").json()["text"], FAMILIES["kelbrook"](n)[1]
        for field in sorted(taught_fields):
            start = text.index(gold[field])
            client.post(f"/api/notices/{item['id']}/corrections",
                        json={"field": field, "start": start, "end": start + len(gold[field])})
    taught = client.post("/api/templates").json()
    assert len(read_templates(target.read_text(encoding="utf-8"))) == 2  # the one there is kept
    changed = {Path(c["path"]).name for c in taught["changes"]}  # the desk says what the teaching changes
    assert "kelbrook3.txt" in changed and not any(name.startswith(("brockhurst", "s000")) for name in changed)
    assert main(command) == 0  # the same command: no --force
    after = _results(out)
    assert taught_fields.isdisjoint(_wrong(after["kelbrook3"]["notices"][0], gold_3))
    assert after["s000"]["notices"] == before["s000"]["notices"]
    manifest = {Path(r["path"]).stem: r for r in map(json.loads, (out / "manifest.jsonl").open())}
    assert manifest["kelbrook3"]["resumed"] is False and manifest["kelbrook3"]["template"] != manifest["brockhurst3"]["template"]
    # the other family's notices, read through the template already there, and a notice of no
    # template: unchanged since the last run
    assert [manifest[f"brockhurst{n}"]["resumed"] for n in range(2, 6)] == [True] * 4
    assert manifest["s000"]["resumed"] is True and manifest["s000"]["template"] is None
    assert after["brockhurst3"] == before["brockhurst3"]


def test_the_desk_teaches_templates_from_its_corrections(tmp_path):
    pytest.importorskip("fastapi")  # the service extra (installed by `make setup`)
    from fastapi.testclient import TestClient

    from extractor.review import open_run
    from extractor.review.app import create_app

    folder = tmp_path / "archive"
    folder.mkdir()
    for n in range(2):
        (folder / f"elmstead{n}.txt").write_text(FAMILIES["elmstead"](n)[0], encoding="utf-8")
    out = tmp_path / "out"
    assert main(["extract", str(folder), "-o", str(out), "-q", "--workers", "1"]) == 0
    target = tmp_path / "taught.toml"
    client = TestClient(create_app(open_run(out), templates=(str(target),)))
    for item in client.get("/api/notices").json():
        text = client.get(f"/api/notices/{item['id']}").json()["text"]
        gold = FAMILIES["elmstead"](int(item["path"][-5]))[1]
        for field in ("decision_maker", "decision", "reasons"):
            start = text.index(gold[field])
            answer = client.post(f"/api/notices/{item['id']}/corrections",
                                 json={"field": field, "start": start, "end": start + len(gold[field])})
            assert answer.status_code == 201
    answer = client.post("/api/templates")
    assert answer.status_code == 201 and answer.json()["templates_file"] == str(target)
    (template,) = read_templates(target.read_text(encoding="utf-8"))
    assert template.source == "corrections" and template.taught == 2
    assert ("Member acting", "decision_maker") in template.labels
    # `learn OUT` learns the same from the run's corrections
    assert main(["learn", str(out), "-o", str(tmp_path / "learned.toml")]) == 0
    assert read_templates((tmp_path / "learned.toml").read_text(encoding="utf-8")) == (template,)
    text, gold = FAMILIES["elmstead"](3)
    after = extract_record(text=text, options=RunOptions(templates=(str(target),)))["notices"][0]
    assert {"decision_maker", "decision", "reasons"}.isdisjoint(_wrong(after, gold)), templates_text([template])


def test_copies_of_one_notice_are_no_template(tmp_path):
    """A notice kept as text, PDF and Word is one notice three times: its title and values recur
    in every copy, and must not pass for a template's furniture."""
    import shutil

    rendered = Path(__file__).resolve().parent / "fixtures" / "rendered"
    folder = tmp_path / "copies"
    folder.mkdir()
    shutil.copy(SAMPLES / "s000.txt", folder)
    for path in sorted(rendered.glob("s000.*")):
        shutil.copy(path, folder)
    assert len(list(folder.iterdir())) >= 4
    assert main(["extract", str(folder), "-o", str(tmp_path / "out"), "-q", "--workers", "1"]) == 0
    assert json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))["templates_found"] == []


def test_extract_many_reads_with_templates(tmp_path):
    from extractor import extract_many

    templates = _taught(tmp_path, "elmstead")
    path = tmp_path / "elmstead3.txt"
    text, gold = FAMILIES["elmstead"](3)
    path.write_text(text, encoding="utf-8")
    (plain,) = list(extract_many([str(path)], workers=1))
    (taught,) = list(extract_many([str(path)], workers=1, templates=[templates]))
    assert plain.source.template is None and _wrong(plain.notices[0].model_dump(mode="json"), gold) != []
    assert taught.source.template.taught == 2 and _wrong(taught.notices[0].model_dump(mode="json"), gold) == []


LEARN_USAGE = [("not_a_folder", "missing", 2, "is not a folder"), ("empty_folder", "empty", 0, "0 templates learned")]


@pytest.mark.parametrize("source, code, said", [u[1:] for u in LEARN_USAGE], ids=[u[0] for u in LEARN_USAGE])
def test_learn_says_what_it_did(tmp_path, capsys, source, code, said):
    (tmp_path / "empty").mkdir()
    assert main(["learn", str(tmp_path / source), "-o", str(tmp_path / "t.toml")]) == code
    assert said in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_folder_run_finds_the_template_of_its_pdf_and_word_files(tmp_path, fmt):
    from .render import render_docx, render_pdf

    folder = tmp_path / "archive"
    folder.mkdir()
    for n in range(4):
        (render_pdf if fmt == "pdf" else render_docx)(FAMILIES["brockhurst"](n)[0], folder / f"b{n}.{fmt}", "bold_labels")
    assert main(["extract", str(folder), "-o", str(tmp_path / "out"), "-q", "--workers", "1"]) == 0
    assert main(["extract", str(folder), "-o", str(tmp_path / "plain"), "-q", "--workers", "1", "--no-discover"]) == 0
    found, plain = _results(tmp_path / "out"), _results(tmp_path / "plain")
    for n in range(4):
        gold = FAMILIES["brockhurst"](n)[1]
        assert _wrong(found[f"b{n}"]["notices"][0], gold) == []
        assert found[f"b{n}"]["source"]["template"]["learned_from"] == "run"
        assert plain[f"b{n}"]["source"]["template"] is None


def test_the_service_reads_with_its_templates(tmp_path):
    pytest.importorskip("fastapi")  # the service extra (installed by `make setup`)
    from fastapi.testclient import TestClient

    from extractor.service import ServiceConfig, create_app

    templates = _taught(tmp_path, "haverleigh")
    text, gold = FAMILIES["haverleigh"](4)
    config = ServiceConfig(workers=1, templates=(str(templates),))
    with TestClient(create_app(config)) as client:
        answer = client.post("/v1/extract", files={"file": ("notice.txt", text.encode(), "text/plain")})
    assert answer.status_code == 200
    result = answer.json()
    assert result["source"]["template"]["taught"] == 2 and _wrong(result["notices"][0], gold) == []


HOW_LEARNED = ["taught", "found"]


@pytest.mark.parametrize("how", HOW_LEARNED)
@pytest.mark.parametrize("family", FAMILY_IDS)
def test_nothing_is_lost_through_a_template(tmp_path, family, how):
    """Every line still lands in exactly one place when a template cuts run-in lines and marks
    furniture (the coverage invariant)."""
    from extractor.coverage import coverage_gaps
    from extractor.pipeline import run
    from extractor.templates.found import find_templates

    if how == "taught":
        templates = _taught(tmp_path, family)
    else:
        paths = []
        for n, (text, _) in enumerate(notices(family, 5)):
            paths.append(tmp_path / f"{family}{n}.txt")
            paths[-1].write_text(text, encoding="utf-8")
        templates = tmp_path / "found.toml"
        write_templates(templates, find_templates([str(p) for p in paths], RunOptions()))
    extraction = run(text=FAMILIES[family](4)[0], options=RunOptions(templates=(str(templates),)))
    assert extraction.record["source"]["template"] is not None
    assert coverage_gaps(extraction.document, extraction.assembled) == []


# -- a flattened table the lexicon half knows (issue 27: what grouping and two corrections teach) --
def _found(tmp_path: Path, family: str, n: int) -> Path:
    from extractor.templates.found import find_templates

    paths = []
    for i, (text, _) in enumerate(notices(family, n)):
        paths.append(tmp_path / f"{family}{i}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    templates = tmp_path / "found.toml"
    write_templates(templates, find_templates([str(p) for p in paths], RunOptions()))
    return templates


TABLE_ROWS = [  # (what a run of six ashcombe notices finds, label, field)
    ("a row whose reference differs in its digits", "Log Number", "_other"),
    ("a row starting with a label of no field", "Scrutiny", "_other"),
    ("a row the lexicon knows", "Subject", "title"),
]


@pytest.mark.parametrize("label, field", [r[1:] for r in TABLE_ROWS], ids=[r[0] for r in TABLE_ROWS])
def test_a_run_finds_the_rows_of_a_flattened_table(tmp_path, label, field):
    (template,) = read_templates(_found(tmp_path, "ashcombe", 6).read_text(encoding="utf-8"))
    assert (label, field) in template.labels and label in template.run_in
    # a sentence of chrome printed on every notice, starting with a label's word, is no row
    assert not any(x.startswith("Decisions") for x in template.run_in)


@pytest.mark.parametrize("member", range(6))
def test_notices_read_together_read_their_whole_table(tmp_path, member):
    templates = _found(tmp_path, "ashcombe", 6)
    text, gold = notices("ashcombe", 1, first=member)[0]
    assert _wrong(extract_record(text=text)["notices"][0], gold) != []  # alone: values run into the next row
    assert _wrong(extract_record(text=text, options=RunOptions(templates=(str(templates),)))["notices"][0], gold) == []


TAUGHT_BY = [("one correction", 1), ("two corrections", 2)]


@pytest.mark.parametrize("k", [t[1] for t in TAUGHT_BY], ids=[t[0] for t in TAUGHT_BY])
@pytest.mark.parametrize("member", [3, 4, 7], ids=["a cell a line", "flattened", "a cell a line, later"])
def test_corrections_teach_the_table_to_its_siblings(tmp_path, k, member):
    """What a correction teaches carries: the label before each value (a heading the lexicon
    knows naming the purpose here), a row of no field (by the furniture line it printed, or
    by two notices printing it with different values), and the same table printed a cell a line."""
    templates = tmp_path / "taught.toml"
    write_templates(templates, learn_gold([_gold_folder(tmp_path / "gold", "ashcombe", range(k))]))
    text, gold = notices("ashcombe", 1, first=member)[0]
    assert _wrong(extract_record(text=text)["notices"][0], gold) != []
    result = extract_record(text=text, options=RunOptions(templates=(str(templates),)))
    assert result["source"]["template"]["taught"] == k
    assert _wrong(result["notices"][0], gold) == []


def test_a_template_without_evidence_never_makes_a_field_worse(tmp_path):
    """A template that hides a label (here a person's edit calls "Reasons for the decision:"
    furniture) would lose that field; with no label of its own for it and nothing of its lines
    in the general reader's value, the general reader's value stands, where it stood."""
    templates = tmp_path / "hides.toml"
    templates.write_text('[[template]]\nid = "hides"\nfurniture = ["Reasons for the decision:"]\n'
                         '[template.labels]\n"Decision status" = "decision_status"\n', encoding="utf-8")
    general = extract_record(SAMPLES / "s000.txt")["notices"][0]
    result = extract_record(SAMPLES / "s000.txt", options=RunOptions(templates=(str(templates),)))
    assert result["source"]["template"]["id"] == "hides"
    assert general["reasons"] and result["notices"][0]["reasons"] == general["reasons"]
    assert result["notices"][0]["provenance"]["reasons"] == general["provenance"]["reasons"]


ROW_EXAMPLES = [  # (id, each notice's table lines, rows found in two or more)
    ("a reference differing in its digits", [["Case Ref 0412/24", "Ward Ashby"], ["Case Ref 0977/25", "Ward Low Fell"]],
     ["Case Ref", "Ward"]),
    ("a value printed the same everywhere is no row", [["Case Ref 0412/24", "Part A"], ["Case Ref 0977/25", "Part A"]],
     ["Case Ref"]),
    ("a word starting several lines of a notice is no label",
     [["Case Ref 1", "Case Type X", "Case Note Y"], ["Case Ref 2", "Case Type Z", "Case Note W"]], ["Case Ref", "Case Type", "Case Note"]),
    ("the value's first words, recurring, are no part of the label",
     [["Panel Place Panel", "Size 3"], ["Panel Finance Panel", "Size 4"], ["Panel Place Board", "Size 5"]], ["Panel", "Size"]),
    ("a label alone on its line (a cell a line) counts", [["Ward Ashby"], ["Ward"], ["Ward Low Fell"]], ["Ward"]),
    ("printed by one notice only", [["Case Ref 1"], ["Ward Ashby"]], []),
]


@pytest.mark.parametrize("tables, rows", [e[1:] for e in ROW_EXAMPLES], ids=[e[0] for e in ROW_EXAMPLES])
def test_row_labels(tables, rows):
    from extractor.templates.rows import row_labels

    assert sorted(row_labels(tables, 2, lambda words: None)) == sorted(rows)


def test_a_guess_found_in_a_run_is_no_entry_of_the_lexicon():
    """A label a run found whose field only its words give ("Decision published" for the
    publication date) is guessed by the general reader as well; made an entry it would pass for
    a label the lexicon knows (and one more known label proves a form, which reads otherwise)."""
    from extractor.lexicon import load_lexicon
    from extractor.templates.apply import template_lexicon

    lexicon = load_lexicon()
    found = Template("found", (("Decision published", "publication_date"), ("Decision maker", "decision_maker")),
                     ("Decisions published",), 10, "run")
    assert template_lexicon(lexicon, found).entries == lexicon.entries
    taught = Template("taught", (("Decision published", "publication_date"),), (), 2, "corrections")
    assert template_lexicon(lexicon, taught).lookup("Decision published").field == "publication_date"
