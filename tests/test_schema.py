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


@pytest.mark.parametrize("name, contract", [("extraction-result.schema.json", "extraction-result"),
                                            ("notice-line.schema.json", "notice-line")],
                         ids=["extraction-result", "notice-line"])
def test_each_schema_names_its_contract_and_version_in_its_id(name, contract):
    """A stored result says its schema_version; the schema with that version is found by `$id`
    alone, with no network (the files ship in the package)."""
    from extractor import SCHEMA_VERSION
    from extractor.output import packaged_schema

    schema = json.loads(packaged_schema(name))
    result = json.loads(extract(sample_texts()[0]).model_dump_json())
    assert schema["$id"] == f"urn:decision-extractor:schema:{contract}:{SCHEMA_VERSION}"
    assert schema["$id"].rsplit(":", 1)[1] == result["schema_version"]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
