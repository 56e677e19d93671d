"""schemas/ is generated from the models; results validate against it."""

import json
from pathlib import Path

import jsonschema
import pytest

from extractor import extract
from extractor.output import notice_lines, schemas

from .conftest import ROOT, sample_texts

SCHEMA_DIR = ROOT / "extractor" / "schemas"


@pytest.mark.parametrize("name", sorted(schemas()))
def test_committed_schema_matches_models(name):
    committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
    assert committed == schemas()[name], f"schemas/{name} drifted: run `make schemas` and review the diff"


def test_every_key_is_required():
    schema = json.loads(schemas()["extraction-result.schema.json"])
    notice = schema["$defs"]["Notice"]
    assert set(notice["required"]) == set(notice["properties"])
    assert notice.get("additionalProperties") is False


@pytest.mark.parametrize("path", sample_texts() + [Path("missing.txt")], ids=lambda p: p.stem)
def test_results_validate_against_the_schema(path):
    result = json.loads(extract(path).model_dump_json())
    jsonschema.validate(result, json.loads(schemas()["extraction-result.schema.json"]))


def test_jsonl_lines_validate_against_their_schema():
    line_schema = json.loads(schemas()["notice-line.schema.json"])
    lines = list(notice_lines(extract(sample_texts()[0])))
    assert len(lines) == 1
    record = json.loads(lines[0])
    jsonschema.validate(record, line_schema)
    assert record["source"]["format"] == "text" and record["title"]


def test_schema_rejects_a_wrong_result():
    bad = json.loads(extract(sample_texts()[0]).model_dump_json())
    bad["notices"][0]["is_key_decision"] = "Yes"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, json.loads(schemas()["extraction-result.schema.json"]))
