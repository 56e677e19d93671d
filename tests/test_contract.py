"""Issue 16's contract: what pipelines build on (JSONL, CSV, checksums, the API's inputs, stdin,
folder runs as archivists use them, the progress bar, `python -m extractor`)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import extractor
from extractor.runs.summary import Progress
from extractor.cli import main
from extractor.output import CSV_COLUMNS

from .conftest import ROOT, SAMPLES

S000, S004 = str(SAMPLES / "s000.txt"), str(SAMPLES / "s004.txt")


@pytest.mark.parametrize("flags", [["--jsonl", "--csv"], ["--jsonl", "--excel"], ["--csv", "--excel"]],
                         ids=["jsonl+csv", "jsonl+excel", "csv+excel"])
def test_stream_formats_are_exclusive(flags, capsys):
    assert main(["extract", S000, *flags]) == 2
    assert "not allowed with" in capsys.readouterr().err


def test_jsonl_gives_every_input_a_line_with_index_file_warnings_and_error(tmp_path, capsys):
    odd = tmp_path / "memo.pdf"  # text named .pdf: extension_mismatch, and no label: not_a_notice
    odd.write_text("Lunch is at noon on Friday.\n")
    missing = str(tmp_path / "missing.txt")
    assert main(["extract", S000, str(odd), missing, "--jsonl", "-q"]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(l["source"]["path"], l["notice_index"]) for l in lines] == [(S000, 0), (str(odd), 0), (missing, None)]
    assert {w["code"] for w in lines[1]["file_warnings"]} == {"extension_mismatch", "not_a_notice"}
    assert lines[2]["error"] == {"code": "file_not_found", "message": "no such file"}
    assert lines[2]["title"] is None and lines[0]["error"] is None
    out = tmp_path / "lines.jsonl"
    out.write_text("".join(json.dumps(l) + "\n" for l in lines))
    assert main(["validate", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"{out}: valid (3 lines)"


@pytest.mark.parametrize("breakage, message", [
    (lambda l: l.pop("notice_index"), "line 2: notice_index: Field required"),
    (lambda l: l.update(error="oops"), "line 2: error: Input should be"),
], ids=["missing-key", "wrong-type"])
def test_validate_names_the_bad_jsonl_line(tmp_path, capsys, breakage, message):
    main(["extract", S000, S004, "--jsonl", "-q"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    breakage(lines[1])
    path = tmp_path / "bad.jsonl"
    path.write_text("".join(json.dumps(l) + "\n" for l in lines))
    assert main(["validate", str(path)]) == 1
    assert message in capsys.readouterr().out


def test_validate_reads_a_several_file_run(tmp_path, capsys):
    main(["extract", S000, S004, str(tmp_path / "gone.txt"), "-q"])  # one compact result per line
    path = tmp_path / "results.jsonl"
    path.write_text(capsys.readouterr().out)
    assert main(["validate", str(path)]) == 0


@pytest.mark.parametrize("make, sha256, size", [
    (lambda d: d / "missing.txt", None, None),
    (lambda d: d, None, None),  # a folder: not a file
    (lambda d: (d / "empty.txt").write_bytes(b"") and None or d / "empty.txt",
     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 0),  # read: its real checksum
], ids=["missing", "folder", "empty"])
def test_unknown_checksum_is_null_never_a_fake_one(tmp_path, make, sha256, size):
    result = extractor.extract_record(make(tmp_path))
    assert (result["source"]["sha256"], result["source"]["bytes"]) == (sha256, size)
    assert result["error"] is not None


def test_a_missing_file_in_an_output_folder_has_a_null_checksum(tmp_path, capsys):
    main(["extract", S000, str(tmp_path / "missing.txt"), "-o", str(tmp_path / "out"), "-q"])
    result = json.loads((tmp_path / "out" / "missing.json").read_text())
    assert (result["source"]["sha256"], result["source"]["bytes"]) == (None, None)
    assert main(["validate", str(tmp_path / "out" / "missing.json")]) == 0


def _file_object():
    return open(S004, "rb")


@pytest.mark.parametrize("call", [
    lambda: extractor.extract(S004),
    lambda: extractor.extract(Path(S004)),
    lambda: extractor.extract(Path(S004).read_bytes(), filename="s004.txt"),
    lambda: extractor.extract(io.BytesIO(Path(S004).read_bytes()), filename="s004.txt"),
    lambda: extractor.extract(_file_object()),
    lambda: extractor.extract(text=Path(S004).read_text(encoding="utf-8"), filename="s004.txt"),
], ids=["str-path", "Path", "bytes", "BytesIO", "open-file", "text="])
def test_extract_takes_every_kind_of_input(call):
    result = call()
    assert result.error is None and result.source.format == "text"
    assert result.source.sha256 == extractor.extract(S004).source.sha256
    assert result.notices[0].call_in_deadline.isoformat() == "2011-05-25"


def test_text_given_as_a_path_is_not_extracted_but_told_how():
    result = extractor.extract("Decision Maker: Cabinet")
    assert result.error.code == "file_not_found" and "text=" in result.error.message
    assert extractor.extract(text="Decision Maker: Cabinet").notices[0].decision_maker == "Cabinet"
    with pytest.raises(TypeError):
        extractor.extract(S004, text="Decision Maker: Cabinet")
    with pytest.raises(TypeError, match="binary|'rb'"):
        extractor.extract(open(S004, encoding="utf-8"))


def _cli(*args: str, stdin: bytes | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor", *args], input=stdin, capture_output=True, cwd=cwd,
                          timeout=120)


@pytest.mark.parametrize("name, fmt", [(None, "text"), ("s000.pdf", "pdf"), ("s004.txt", "text")],
                         ids=["no-name", "pdf", "text"])
def test_stdin_with_a_filename(name, fmt):
    data = (ROOT / "tests/fixtures/rendered/s000.header_footer.pdf").read_bytes() if fmt == "pdf" \
        else Path(S004).read_bytes()
    done = _cli("extract", "-", *(["--filename", name] if name else []), stdin=data)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["source"]["path"] == (name or "-") and result["source"]["format"] == fmt
    assert result["notices"][0]["decision_maker"] in {"Cabinet", "CABINET"}


def test_stdin_into_an_output_folder_and_text(tmp_path):
    done = _cli("extract", "-", S000, "--filename", "memo.txt", "-o", str(tmp_path), "-q",
                stdin=Path(S004).read_bytes())
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "memo.json").read_text())["source"]["path"] == "memo.txt"
    text = _cli("text", "-", stdin=Path(S004).read_bytes())
    assert text.stdout.decode("utf-8") == extractor.extract_text(S004) + "\n"


def test_python_dash_m_extractor_works_like_the_command():
    done = _cli("extract", S004)
    assert done.returncode == 0 and json.loads(done.stdout)["notices"][0]["authority"] == "MAIDSTONE BOROUGH COUNCIL"
    assert _cli("--version").stdout.decode().startswith("decision-extractor ")


@pytest.mark.parametrize("value, cell", [
    ("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"),
    ("+44 1622 602000", "'+44 1622 602000"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("Cabinet", "Cabinet"),
], ids=["equals", "plus", "at", "plain"])
def test_csv_cells_never_run_as_formulas(tmp_path, capsys, value, cell):
    notice = tmp_path / "n.txt"
    notice.write_text(f"Decision Maker: {value}\nDate of decision: 13/06/2012\n", encoding="utf-8")
    main(["extract", str(notice), "--csv"])
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[1][CSV_COLUMNS.index("decision_maker")] == cell


@pytest.mark.parametrize("value", ["-1+A1", "-cmd|' /C calc'!A0", "=1+1", "+1", "@A1", "\tx", "\rx"],
                         ids=["minus", "dde", "equals", "plus", "at", "tab", "cr"])
def test_every_formula_start_is_neutralised(value):
    from extractor.output import csv_rows

    record = extractor.extract_record(S000)
    record["notices"][0]["title"] = value
    row = next(csv_rows(record))
    assert row[CSV_COLUMNS.index("title")] == "'" + value


@pytest.mark.parametrize("flag, bom", [("--excel", True), ("--csv", False)], ids=["excel", "csv"])
def test_excel_csv_is_utf8_with_a_bom(tmp_path, flag, bom):
    notice = tmp_path / "n.txt"
    notice.write_text("Title: Information Strategy 2012 \u2013 2015\nDecision Maker: Cabinet\n", encoding="utf-8")
    done = _cli("extract", str(notice), flag)
    assert done.stdout.startswith(b"\xef\xbb\xbfsource_path,") is bom
    assert "2012 \u2013 2015".encode("utf-8") in done.stdout


def _tree(root: Path) -> Path:
    for rel in ["a.txt", "b.pdf.txt", "drafts/c.txt", "drafts/old/d.txt", "2011/e.txt", "2011/f.log"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(Path(S000).read_bytes())
    return root


def test_sub_folders_not_read_are_reported(tmp_path, capsys):
    root = _tree(tmp_path / "in")
    main(["extract", str(root), "--jsonl", "-q"])
    assert "4 files in 2 sub-folders not read: add -r" in capsys.readouterr().err
    main(["extract", str(root), "-r", "--jsonl", "-q"])
    assert "not read" not in capsys.readouterr().err


@pytest.mark.parametrize("flags, read", [
    ([], ["2011/e.txt", "2011/f.log", "a.txt", "b.pdf.txt", "drafts/c.txt", "drafts/old/d.txt"]),
    (["--include", "*.txt"], ["2011/e.txt", "a.txt", "b.pdf.txt", "drafts/c.txt", "drafts/old/d.txt"]),
    (["--exclude", "drafts/*"], ["2011/e.txt", "2011/f.log", "a.txt", "b.pdf.txt"]),
    (["--include", "*.txt", "--exclude", "b.*", "--exclude", "2011/*"], ["a.txt", "drafts/c.txt", "drafts/old/d.txt"]),
], ids=["all", "include", "exclude-folder", "both"])
def test_include_and_exclude_globs(tmp_path, capsys, flags, read):
    root = _tree(tmp_path / "in")
    main(["extract", str(root), "-r", "--jsonl", "-q", *flags])
    paths = [json.loads(l)["source"]["path"] for l in capsys.readouterr().out.splitlines()]
    assert sorted(str(Path(p).relative_to(root)) for p in paths) == read


def test_force_redoes_finished_files(tmp_path, capsys):
    out = tmp_path / "out"
    main(["extract", S000, S004, "-o", str(out), "-q"])
    main(["extract", S000, S004, "-o", str(out), "-q"])
    resumed = [json.loads(l)["resumed"] for l in (out / "manifest.jsonl").read_text().splitlines()]
    main(["extract", S000, S004, "-o", str(out), "-q", "--force"])
    forced = [json.loads(l)["resumed"] for l in (out / "manifest.jsonl").read_text().splitlines()]
    assert (resumed, forced) == ([True, True], [False, False])


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("stream, files, per_second, most", [
    (_Terminal, 3000, 1000, 3 * 4 + 2),  # 3 s of a fast run: a few redraws a second
    (io.StringIO, 3000, 10, 300 // 15 + 2),  # 5 minutes into a log: a line every 15 s
], ids=["terminal", "log"])
def test_progress_draws_a_few_times_a_second_at_most(stream, files, per_second, most):
    clock, out = _Clock(), stream()
    progress = Progress(files, quiet=False, stream=out, clock=clock)
    for n in range(files):
        clock.now = n / per_second
        progress.update({"outcome": "failed" if n % 7 == 0 else "ok"})
    draws = out.getvalue().count("\r") if stream is _Terminal else len(out.getvalue().splitlines())
    assert 2 <= draws <= most
    assert f"{files}/{files} files" in out.getvalue()


def test_a_batch_prints_no_line_per_file_needing_review(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(30):
        (folder / f"memo{n}.txt").write_text("Decision Maker: Cabinet\nDecision Maker: Council\n")  # each needs review
    done = subprocess.run([sys.executable, "-m", "extractor", "extract", str(folder), "-o", str(tmp_path / "o")],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    lines = done.stderr.strip().splitlines()
    assert len(lines) <= 3, lines
    assert "30 needs_review" in lines[-1] and "conflicting_values 30" in lines[-1]


HEAVY = ("pydantic", "fastapi", "starlette", "pdfplumber", "pypdfium2", "docx", "PIL", "rich", "tqdm")


@pytest.mark.parametrize("args", [["extract", S004], ["extract", S004, "--jsonl"], ["extract", S004, "--excel"],
                                  ["extract", "-", "--filename", "n.txt"], ["text", S004]],
                         ids=["json", "jsonl", "excel", "stdin", "text"])
def test_a_one_file_text_run_imports_nothing_heavy(args):
    """Start-up stays under 300 ms (bench/run.py measures it) because nothing heavy is imported."""
    code = (f"import sys; from extractor.cli import main; main({args!r}); "
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], input=Path(S004).read_bytes(), capture_output=True, cwd=ROOT,
                          timeout=60)
    assert done.stderr.decode().strip().splitlines()[-1] == "[]", done.stderr
