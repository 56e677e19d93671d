"""records.py: the plain JSON data the command line writes is exactly what the models give."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.fields import NOTICE_FIELDS
from extractor.models import ExtractionResult, Notice
from extractor.output import csv_rows, notice_lines, result_json
from extractor.pipeline import run
from extractor.records import dumps

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
FILES = sorted(
    [*ROOT.joinpath("samples").glob("*.txt"), *FIXTURES.joinpath("notices").glob("*.txt"),
     *FIXTURES.joinpath("rendered").iterdir(), *FIXTURES.joinpath("bad").iterdir(),
     FIXTURES / "hyphenated.pdf", FIXTURES / "two_columns.pdf", FIXTURES / "word_features.docx"]
)


def test_field_names_follow_the_models():
    assert tuple(Notice.model_fields) == NOTICE_FIELDS


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_record_validates_and_serialises_as_the_model(path):
    extraction = run(path)
    record = extraction.record
    model = ExtractionResult.model_validate(record)  # the contract holds
    assert model.model_dump(mode="json") == record  # nothing dropped, defaulted or reordered
    assert list(model.model_dump(mode="json")) == list(record)
    assert dumps(record) == model.model_dump_json(indent=2)  # byte for byte, pretty and compact
    assert dumps(record, indent=None) == model.model_dump_json()


def test_writers_give_the_same_text_for_a_record_and_a_model():
    extraction = run(ROOT / "samples" / "s000.txt")
    record, model = extraction.record, extraction.result
    assert result_json(record) == result_json(model)
    assert list(notice_lines(record)) == list(notice_lines(model))
    assert list(csv_rows(record)) == list(csv_rows(model))
    line = json.loads(next(notice_lines(record)))
    assert line["source"]["path"].endswith("s000.txt") and line["decision_maker"] == "Cabinet"


def test_a_text_run_on_the_command_line_never_imports_pydantic():
    code = ("import sys; from extractor.cli import main; main(['extract', 'samples/s004.txt', '-q']); "
            "print('pydantic' in sys.modules, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stderr.strip().endswith("False"), done.stderr
    assert json.loads(done.stdout)["notices"][0]["decision_maker"] == "CABINET"
