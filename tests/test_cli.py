"""The CLI: each command through main(argv), exit codes, one-line errors, and documentation."""

import json
import shutil
import subprocess
import sys

import pytest

from extractor.cli import main
from extractor.commands.parser import build_parser
from extractor.errors import ERROR_CODES, WARNING_CODES
from extractor.output import schemas

from .conftest import ROOT, SAMPLES

S000 = str(SAMPLES / "s000.txt")
S004 = str(SAMPLES / "s004.txt")


def test_extract_one_file_prints_its_result(capsys):
    assert main(["extract", S000]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["notices"][0]["title"] == "Information Strategy 2012 - 2015"
    assert result["error"] is None


def test_bad_file_fails_with_one_line_and_others_still_run(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code = main(["extract", str(tmp_path / "missing.txt"), str(empty), S000])
    out, err = capsys.readouterr()
    assert code == 1
    lines = [line for line in err.strip().splitlines() if line.endswith("]")]
    assert sorted(lines) == sorted([f"decision-extractor: {tmp_path / 'missing.txt'}: no such file [file_not_found]",
                                    f"decision-extractor: {empty}: the file is empty [empty_file]"])  # as they finish
    assert "2 files on disk, 3 inputs, 1 notice in" in err  # the missing file is an input, not on disk and "inputs: 1 ok, 0 needs_review, 2 failed, 0 skipped" in err
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["error"] and r["error"]["code"] for r in results] == ["file_not_found", "empty_file", None]
    assert results[2]["notices"][0]["decision_maker"] == "Cabinet"


def test_output_dir_gets_one_file_per_input(tmp_path, capsys):
    other = tmp_path / "in" / "s000.txt"
    other.parent.mkdir()
    shutil.copy(S004, other)
    out = tmp_path / "out"
    assert main(["extract", S000, S004, str(other), "-o", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["manifest.jsonl", "report.html", "s000.txt.2.json", "s000.txt.json", "s004.json", "summary.json"]
    assert main(["validate", *(str(p) for p in out.iterdir() if p.name.startswith("s0"))]) == 0


def test_output_must_be_a_directory(tmp_path, capsys):
    f = tmp_path / "file"
    f.write_text("x")
    assert main(["extract", S000, "-o", str(f)]) == 2


def test_jsonl_streams_one_notice_per_line(capsys):
    assert main(["extract", S000, S004, "--jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["source"]["path"] for r in records] == [S000, S004]
    assert records[1]["call_in_deadline"] == "2011-05-25"


def test_strict_fails_on_needs_review(tmp_path, capsys):
    memo = tmp_path / "memo.txt"
    memo.write_text("Decision Maker: Cabinet\nDecision Maker: Council\n")  # a conflict: confidence 0.7
    assert main(["extract", str(memo)]) == 0
    assert main(["extract", str(memo), "--strict"]) == 1
    assert "needs review" in capsys.readouterr().err


def test_text_prints_what_offsets_point_into(capsys):
    assert main(["text", S004]) == 0
    text = capsys.readouterr().out[:-1]
    main(["extract", S004])
    span = json.loads(capsys.readouterr().out)["notices"][0]["provenance"]["call_in_deadline"]
    assert text[span["start"] : span["end"]] == "25 May 2011"


def test_text_of_a_missing_file(capsys):
    assert main(["text", "nope.txt"]) == 1
    assert capsys.readouterr().err.strip() == "decision-extractor: nope.txt: no such file [file_not_found]"


def test_schema_writes_the_committed_files(tmp_path, capsys):
    assert main(["schema", "-o", str(tmp_path)]) == 0
    for name, text in schemas().items():
        assert (tmp_path / name).read_text(encoding="utf-8") == text
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "ExtractionResult"


def test_validate_reports_each_file(tmp_path, capsys):
    good, bad, broken = tmp_path / "good.json", tmp_path / "bad.json", tmp_path / "broken.json"
    main(["extract", S000, "-o", str(tmp_path / "o")])
    shutil.copy(tmp_path / "o" / "s000.json", good)
    data = json.loads(good.read_text())
    data["notices"][0]["decision_date"] = "13th June"
    bad.write_text(json.dumps(data))
    broken.write_text("{")
    capsys.readouterr()
    assert main(["validate", str(good), str(bad), str(broken), str(tmp_path / "none.json")]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("good.json: valid")
    assert "bad.json: invalid: notices/0/decision_date" in lines[1]
    assert "broken.json: invalid" in lines[2]
    assert "none.json: cannot read" in lines[3]


def _gold_folder(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    for stem in ("s000", "s004"):
        shutil.copy(SAMPLES / f"{stem}.txt", gold / f"{stem}.txt")
        expected = json.loads((SAMPLES / f"{stem}.expected.json").read_text())
        for key in ("provenance", "other_sections", "warnings", "needs_review", "document_type"):
            expected.pop(key)
        (gold / f"{stem}.gold.json").write_text(json.dumps(expected))
    return gold


def test_evaluate_scores_a_gold_folder(tmp_path, capsys):
    gold = _gold_folder(tmp_path)
    assert main(["evaluate", str(gold), "--by-field", "--min-f1", "0.95"]) == 0
    out = capsys.readouterr().out
    assert "micro precision 1.0000  recall 1.0000  F1 1.0000" in out
    assert "coverage: 2/2" in out


def test_evaluate_fails_below_the_bar(tmp_path, capsys):
    gold = _gold_folder(tmp_path)
    data = json.loads((gold / "s000.gold.json").read_text())
    data["title"] = "Something else entirely"
    data["decision_date"] = "1999-01-01"
    (gold / "s000.gold.json").write_text(json.dumps(data))
    assert main(["evaluate", str(gold), "--show-errors", "--min-f1", "0.99"]) == 1
    out, err = capsys.readouterr()
    assert "s000 title: gold=" in out and "below the bar" in err


def test_evaluate_usage_errors(tmp_path):
    assert main(["evaluate", str(tmp_path / "none")]) == 2
    assert main(["evaluate", str(tmp_path)]) == 2


@pytest.mark.parametrize("argv", [[], ["extract"], ["frobnicate"], ["extract", S000, "--bogus"]])
def test_usage_errors_exit_2(argv, capsys):
    assert main(argv) == 2


def test_version_and_help_exit_0(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("decision-extractor ")
    assert main(["extract", "--help"]) == 0


def test_every_command_and_code_is_documented(capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    main(["extract", "--help"])
    extract_help = capsys.readouterr().out
    commands = build_parser()._subparsers._group_actions[0].choices
    for command, sub in commands.items():
        assert f"decision-extractor {command}" in readme
        assert "example" in sub.format_help()
    for code in list(ERROR_CODES) + list(WARNING_CODES):
        assert f"`{code}`" in readme, code
        assert code in extract_help, code
    for exit_code in ("0", "1", "2"):
        assert f"`{exit_code}`" in readme


def test_module_entry_point_runs_in_a_subprocess():
    done = subprocess.run([sys.executable, "-m", "extractor.cli", "extract", S004, "--jsonl"],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["authority"] == "MAIDSTONE BOROUGH COUNCIL"
