"""Run in a pytest process of their own by test_parquet.py (pyarrow's threads never meet the
forked workers of the other tests). `--parquet FILE`: the CSV's rows with their types kept, read back with pyarrow.

Every example here is for development (there is no held-out set for an output format).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path

import pyarrow.parquet as pq  # the parquet extra is part of the test extra
import pytest

from extractor.cli import main
from extractor.output import CSV_COLUMNS, _cell
from extractor.parquet import ParquetSink, rows

from .conftest import SAMPLES

RENDERED = Path(__file__).resolve().parent / "fixtures" / "rendered"
FILES = [SAMPLES / "s000.txt", RENDERED / "meeting_record.headings.pdf", SAMPLES / "s004.txt"]


def _as_csv_cell(value):
    """A Parquet value written as the CSV writes it (dates as ISO text)."""
    if isinstance(value, datetime.date):
        value = value.isoformat()
    return _cell(value)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One run writing CSV to stdout and Parquet beside it (a missing file among the inputs)."""
    folder = tmp_path_factory.mktemp("parquet")
    files = [str(p) for p in FILES] + [str(folder / "missing.txt")]
    target = folder / "notices.parquet"
    captured = io.StringIO()
    import contextlib

    with contextlib.redirect_stdout(captured):
        code = main(["extract", *files, "--csv", "-q", "--workers", "2", "--parquet", str(target)])
    return code, list(csv.reader(io.StringIO(captured.getvalue()))), pq.read_table(target), files


def test_parquet_rows_equal_the_csv_rows(run):
    code, csv_rows, table, _ = run
    assert code == 1  # the missing file fails, and is a row in both
    assert csv_rows[0] == list(CSV_COLUMNS)
    as_text = [[_as_csv_cell(row[c]) for c in CSV_COLUMNS] for row in table.to_pylist()]
    assert as_text == csv_rows[1:]


TYPES = [
    pytest.param("decision_date", "date32[day]", id="dates-are-dates"),
    pytest.param("is_key_decision", "bool", id="booleans-are-booleans"),
    pytest.param("needs_review", "bool", id="needs-review-is-a-boolean"),
    pytest.param("accompanying_documents", "list<element: string>", id="lists-are-lists"),
    pytest.param("warning_codes", "list<element: string>", id="warning-codes-are-a-list"),
    pytest.param("notice_index", "int32", id="notice-index-is-a-number"),
    pytest.param("provenance", "string", id="provenance-is-json-text"),
]


@pytest.mark.parametrize(("column", "arrow_type"), TYPES)
def test_columns_keep_their_types(run, column, arrow_type):
    _, _, table, _ = run
    assert str(table.schema.field(column).type).replace("item", "element") == arrow_type


def test_values_read_back_typed(run):
    _, _, table, files = run
    first = table.to_pylist()[0]
    assert first["source_path"] == files[0]
    assert first["title"] == "Information Strategy 2012 - 2015"
    assert first["is_key_decision"] is True
    assert isinstance(first["decision_date"], datetime.date)
    assert json.loads(first["provenance"])["title"]["start"] >= 0
    failed = table.to_pylist()[-1]
    assert (failed["error_code"], failed["notice_index"], failed["needs_review"]) == ("file_not_found", None, None)


def test_rows_are_written_in_row_groups(tmp_path):
    """Memory stays flat: rows go out in groups of ``row_group``, not all at the end."""
    import extractor

    result = extractor.extract(SAMPLES / "s000.txt")
    target = tmp_path / "n.parquet"
    with ParquetSink(target, row_group=2) as sink:
        for _ in range(5):
            sink.add_result(result)
        assert sink.count == 4  # two groups of two are out; the fifth row waits
    meta = pq.ParquetFile(target).metadata
    assert (meta.num_rows, meta.num_row_groups) == (5, 3)
    assert rows(result)[0]["title"] == "Information Strategy 2012 - 2015"


def test_an_interrupted_run_publishes_no_file(tmp_path):
    target = tmp_path / "n.parquet"
    with pytest.raises(KeyboardInterrupt):
        with ParquetSink(target) as sink:
            sink.add([{"source_path": "a.txt"}])
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []



def test_extract_many_writes_parquet_when_the_run_ends(tmp_path):
    from extractor import extract_many

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("s000.txt", "s004.txt"):
        (folder / name).write_bytes((SAMPLES / name).read_bytes())
    target = tmp_path / "notices.parquet"
    results = extract_many([folder], workers=2, parquet=target)
    first = next(results)
    assert not target.exists()  # published only when the run ends
    rest = list(results)
    table = pq.read_table(target)
    assert table.num_rows == sum(max(1, len(r.notices)) for r in [first, *rest])
    assert sorted(set(table.column("source_path").to_pylist())) == sorted(str(p) for p in folder.iterdir())


@pytest.mark.parametrize("dask", [pytest.param([], id="local"),
                                  pytest.param(["--dask", "local:1"], id="dask", marks=pytest.mark.slow)])
def test_parquet_inside_the_output_folder_is_published(tmp_path, dask):
    """`-o out --parquet out/notices.parquet`: the run's sweep of stale temporary files in OUT no
    longer takes the table's own (it crashed at the end with FileNotFoundError and lost the file)."""
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    for name in ("s000.txt", "s004.txt"):
        (folder / name).write_bytes((SAMPLES / name).read_bytes())
    target = out / "notices.parquet"
    assert main(["extract", str(folder), "-o", str(out), "-q", "--workers", "1", "--parquet", str(target), *dask]) == 0
    table = pq.read_table(target)
    assert sorted(set(table.column("source_path").to_pylist())) == sorted(str(p) for p in folder.iterdir())
    assert not list(out.rglob(".*.tmp"))


def test_a_table_inside_the_input_folder_is_never_read_back_as_an_input(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "s000.txt").write_bytes((SAMPLES / "s000.txt").read_bytes())
    command = ["extract", str(folder), "-o", str(tmp_path / "out"), "-q", "--workers", "1",
               "--parquet", str(folder / "notices.parquet")]
    assert main(command) == 0
    assert main(command) == 0  # the table from the first run is in the folder now
    manifest = [json.loads(line) for line in (tmp_path / "out" / "manifest.jsonl").read_text().splitlines()]
    assert [Path(r["path"]).name for r in manifest] == ["s000.txt"] and manifest[0]["resumed"]
    assert pq.read_table(folder / "notices.parquet").column("source_path").to_pylist() == [str(folder / "s000.txt")]
