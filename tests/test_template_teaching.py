"""What two corrected notices teach beyond labels (issue 27), and a re-run that re-reads only what
the new knowledge changes.

Invented family `fernhill` (tests/template_families.py): a flattened table whose category alone
says whether a decision is key, whose decision maker's name wraps under their role, and whose
date row, in every third entry but never in the first two, wraps a qualifier ("Not before")
before its date onto the next line. Taught from entries 0 and 1, the template reads the others:
each mechanism is shown changing the result, and a notice of no template is unaffected.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.options import RunOptions
from extractor.pipeline import extract_record, run
from extractor.templates import learn_gold, read_templates, templates_text, write_templates
from extractor.templates.cache import NONE, matched_key, same_run, still_reads

from .conftest import SAMPLES
from .template_families import FAMILIES, TABLE_FAMILIES, notices
from .test_templates import _gold_folder, _results, _taught, _wrong

FERNHILL = TABLE_FAMILIES["fernhill"]
WRAPPED = 5  # an entry whose date row wraps (n % 3 == 2), its category "Executive"


def _options(templates: Path) -> RunOptions:
    return RunOptions(templates=(str(templates),))


def test_two_corrected_entries_teach_the_rest_of_the_register(tmp_path):
    templates = _taught(tmp_path, "fernhill")
    for text, gold in notices("fernhill", 6, first=2):
        assert _wrong(extract_record(text=text, options=_options(templates))["notices"][0], gold) == []


def test_a_date_row_wrapping_its_qualifier_reads_the_date_below(tmp_path):
    """The two teaching entries print "Effective Date 3 March 2024" on one line; an entry printing
    "Effective Date Not before" over its date reads that date, the qualifier kept with it."""
    templates = _taught(tmp_path, "fernhill")
    text, gold = FERNHILL(WRAPPED)
    assert "Not before\n" in text
    after = extract_record(text=text, options=_options(templates))["notices"][0]
    # (the general reader reads it too, as the rest of a form's value cell: inline_labels._wrapped_cells)
    assert after["provenance"]["effective_from"]["method"] == "template"
    assert after["effective_from"] == gold["effective_from"]
    assert "Not before" in after["provenance"]["effective_from"]["raw"]


def test_a_row_wrapping_onto_a_row_the_template_does_not_know_stays_one_line(tmp_path):
    """A row followed by a row of labels the lexicon knows (not the template) is no wrapped value."""
    from extractor.lexicon import load_lexicon
    from extractor.pipeline import read
    from extractor.templates import load_templates
    from extractor.templates.apply import read_through

    templates = _taught(tmp_path, "fernhill")
    template = load_templates((str(templates),))[0]
    text = FERNHILL(3)[0].replace("Decision Category Executive\n", "Decision Category Executive\nWards affected All wards\n")
    marked, _ = read_through(read(text=text), load_lexicon(), template)
    category = next(ln for ln in marked.lines if marked.text[ln.content_start:ln.end].strip() == "Executive")
    assert "wrapped" not in category.hints
    text = FERNHILL(3)[0].replace("Decision Category Executive\n", "Decision Category Executive\nand Scrutiny\n")
    marked, _ = read_through(read(text=text), load_lexicon(), template)  # a value wrapped: it runs on
    category = next(ln for ln in marked.lines if marked.text[ln.content_start:ln.end].strip() == "Executive")
    assert "wrapped" in category.hints


def test_a_category_a_reviewer_said_is_not_key_is_taught(tmp_path):
    """Entry 0 is "Executive" and not key: the template learns that this category says so."""
    templates = _taught(tmp_path, "fernhill")
    template = read_templates(templates.read_text(encoding="utf-8"))[0]
    assert ("Executive", False) in template.key_categories
    assert "key_categories" in templates_text([template])
    assert read_templates(templates_text([template])) == (template,)
    text, gold = FERNHILL(3)  # another "Executive" entry
    assert gold["is_key_decision"] is False
    assert extract_record(text=text)["notices"][0]["is_key_decision"] is None
    after = extract_record(text=text, options=_options(templates))["notices"][0]
    assert after["is_key_decision"] is False
    assert after["provenance"]["is_key_decision"]["method"] == "template"


def test_a_bad_key_category_says_what_is_wrong():
    from extractor.templates import TemplateError

    with pytest.raises(TemplateError, match="key_categories"):
        read_templates('[[template]]\nid = "x"\nkey_categories = { "Executive" = "no" }\n')


def test_a_line_a_correction_puts_inside_a_value_is_no_row(tmp_path):
    """The decision maker's name under their role ("Councillor ...") recurs at a line's start in both
    teaching entries; the corrections put it inside the decision maker, so it is no row label."""
    templates = _taught(tmp_path, "fernhill")
    template = read_templates(templates.read_text(encoding="utf-8"))[0]
    assert "Councillor" not in dict(template.labels)
    text, gold = FERNHILL(4)
    after = extract_record(text=text, options=_options(templates))["notices"][0]
    assert after["provenance"]["decision_maker"]["method"] == "template"  # (the general reader reads
    assert "decision_maker" not in _wrong(after, gold)  # it too: inline_labels._wrapped_cells)


def test_a_notice_of_no_template_is_unaffected(tmp_path):
    templates = _taught(tmp_path, "fernhill")
    for path in (SAMPLES / "s000.txt",):
        assert extract_record(path, options=_options(templates)) == extract_record(path)


FORMATS = [("pdf", "bold_labels"), ("pdf", "header_footer"), ("docx", "bold_labels")]


@pytest.mark.parametrize("fmt, layout", FORMATS, ids=[f"{f}-{l}" for f, l in FORMATS])
def test_taught_from_text_reads_a_wrapped_rendering(tmp_path, fmt, layout):
    from .render import render_docx, render_pdf

    templates = _taught(tmp_path, "fernhill")
    text, gold = FERNHILL(WRAPPED)
    path = tmp_path / f"notice.{fmt}"
    (render_pdf if fmt == "pdf" else render_docx)(text, path, layout)
    result = extract_record(path, options=_options(templates))
    assert result["source"]["template"] is not None
    assert _wrong(result["notices"][0], gold) == []


def test_nothing_is_lost_when_a_row_wraps(tmp_path):
    from extractor.coverage import coverage_gaps

    extraction = run(text=FERNHILL(WRAPPED)[0], options=_options(_taught(tmp_path, "fernhill")))
    assert extraction.record["source"]["template"] is not None
    assert coverage_gaps(extraction.document, extraction.assembled) == []


# -- the cache key: the template that read a file, not the whole templates file --------------------
def test_a_files_key_names_the_template_that_read_it(tmp_path):
    templates = _taught(tmp_path, "fernhill")
    loaded = read_templates(templates.read_text(encoding="utf-8"))
    key = matched_key(loaded[0].id, loaded)
    assert key.startswith(loaded[0].id + "@") and matched_key(None, loaded) == NONE
    assert same_run("base:set:" + key, "base:set") and same_run("base", "base")
    assert not same_run("base:other:" + key, "base:set") and not same_run(None, "base")
    text = FERNHILL(3)[0]
    options = _options(templates)
    assert still_reads("base:old:" + key, "base:set", options, text.encode(), "n.txt") == "base:set:" + key
    assert still_reads("base:old:" + NONE, "base:set", options, text.encode(), "n.txt") is None  # it matches now
    assert still_reads("other:old:" + key, "base:set", options, text.encode(), "n.txt") is None  # not the same base


def _manifest(out: Path) -> dict[str, dict]:
    return {Path(r["path"]).stem: r for r in map(json.loads, (out / "manifest.jsonl").open(encoding="utf-8"))}


def test_a_rerun_after_teaching_rereads_only_the_family_taught(tmp_path, capsys):
    """A run with a templates file holding family B's template; family A's template is learned
    into the same file; the same command again re-reads A's notices (now read through it), and
    B's and a notice of no template are unchanged since the last run. Editing B's template by
    hand then re-reads B's notices alone."""
    folder = tmp_path / "archive"
    folder.mkdir()
    for n in range(2, 5):
        (folder / f"fernhill{n}.txt").write_text(FERNHILL(n)[0], encoding="utf-8")
        (folder / f"brockhurst{n}.txt").write_text(FAMILIES["brockhurst"](n)[0], encoding="utf-8")
    (folder / "s000.txt").write_text((SAMPLES / "s000.txt").read_text(encoding="utf-8"), encoding="utf-8")
    target = tmp_path / "council.toml"
    brockhurst = learn_gold([_gold_folder(tmp_path / "gold-b", "brockhurst", range(2))])
    write_templates(target, brockhurst)
    out = tmp_path / "out"
    command = ["extract", str(folder), "-o", str(out), "-q", "--workers", "1", "--no-discover", "--templates", str(target)]
    assert main(command) == 0
    before = _results(out)
    assert _wrong(before["fernhill3"]["notices"][0], FERNHILL(3)[1]) != []

    fernhill = learn_gold([_gold_folder(tmp_path / "gold-f", "fernhill", range(2))])
    write_templates(target, [*brockhurst, *fernhill])  # taught: family A joins the file
    capsys.readouterr()
    assert main(command) == 0
    manifest, after = _manifest(out), _results(out)
    assert [manifest[f"fernhill{n}"]["resumed"] for n in range(2, 5)] == [False] * 3
    assert [manifest[f"brockhurst{n}"]["resumed"] for n in range(2, 5)] == [True] * 3
    assert manifest["s000"]["resumed"] is True and manifest["s000"]["template"] is None
    assert _wrong(after["fernhill3"]["notices"][0], FERNHILL(3)[1]) == []
    assert after["brockhurst3"] == before["brockhurst3"] and after["s000"] == before["s000"]

    assert main(command) == 0  # nothing taught since: every file unchanged, no file read again
    assert all(r["resumed"] for r in _manifest(out).values())

    edited = [brockhurst[0].__class__(**{**{f: getattr(brockhurst[0], f) for f in brockhurst[0].__slots__},
                                         "furniture": (*brockhurst[0].furniture, "Brockhurst District Council")}),
              *fernhill]
    write_templates(target, edited)  # B's template edited by hand: B's notices alone are read again
    assert main(command) == 0
    manifest = _manifest(out)
    assert [manifest[f"brockhurst{n}"]["resumed"] for n in range(2, 5)] == [False] * 3
    assert [manifest[f"fernhill{n}"]["resumed"] for n in range(2, 5)] == [True] * 3
    assert manifest["s000"]["resumed"] is True


def test_what_a_run_finds_is_the_same_in_every_process(tmp_path):
    """Templates found in a run are written in the order the notices print their lines, whatever
    a process's string hashing: the same run again writes the same file and keeps every file's key."""
    import os
    import subprocess
    import sys

    folder = tmp_path / "archive"
    folder.mkdir()
    for family, make in (("brockhurst", FAMILIES["brockhurst"]), ("fernhill", FERNHILL)):
        for n in range(3):
            (folder / f"{family}{n}.txt").write_text(make(n)[0], encoding="utf-8")
    code = ("import sys; from extractor.options import RunOptions; from extractor.templates import templates_text; "
            "from extractor.templates.found import find_templates; "
            "print(templates_text(find_templates(sorted(sys.argv[1:]), RunOptions())))")
    paths = [str(p) for p in folder.iterdir()]
    texts = {subprocess.run([sys.executable, "-c", code, *paths], capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(texts) == 1 and "[[template]]" in texts.pop()


def test_a_run_finds_a_headings_row_and_no_label_in_a_heading_on_every_notice(tmp_path):
    """Found in a run of the register: "Decision Details To consider ..." is the row of a record's
    heading the lexicon knows (its value the purpose), not the label "Decision" run into
    "Details ..."; "Decision register - entry", printed the same on every notice, is no row."""
    from extractor.templates.found import find_templates

    paths = []
    for n in range(5):
        paths.append(tmp_path / f"fernhill{n}.txt")
        paths[-1].write_text(FERNHILL(n)[0], encoding="utf-8")
    found = find_templates([str(p) for p in paths], RunOptions())
    assert len(found) == 1
    assert "Decision Details" in found[0].run_in and "Decision" not in found[0].run_in
    templates = tmp_path / "found.toml"
    write_templates(templates, found)
    text, gold = FERNHILL(6)
    after = extract_record(text=text, options=_options(templates))["notices"][0]
    assert after["purpose"] == gold["purpose"] and after["decision"] == gold["decision"]
