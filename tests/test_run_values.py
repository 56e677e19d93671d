"""The run engine's typed values (`extractor.runs.values`): a manifest line read back and written
again is the same line, byte for byte (resume rewrites earlier runs' lines; compaction keeps
them), whichever optional fields the record carries, and every line is a valid `ManifestLine`."""

from __future__ import annotations

import json
import pickle

import pytest

from extractor.models import ManifestLine
from extractor.options import DEFAULT_OPTIONS
from extractor.runs.values import ABSENT, ManifestRecord, Member, Reply, Settings, Task

READ = {"path": "in/a.txt", "output": "a.json", "extractor_version": "0.1.0", "knowledge": "k1",
        "sha256": "ab" * 32, "bytes": 120, "format": "text", "outcome": "ok", "error_code": None,
        "error_message": None, "warnings": ["low_confidence"], "notices": 1, "template": None,
        "seconds": 0.0123, "resumed": False}
FAILED = {"path": "in/b.txt", "output": "b.json", "extractor_version": "0.1.0", "knowledge": "k1",
          "sha256": None, "bytes": None, "format": None, "outcome": "failed", "error_code": "timeout",
          "error_message": "stopped after 60 s", "warnings": [], "notices": 0, "seconds": 60.001, "resumed": False}
RECORD = {"path": "w.warc#120", "output": None, "extractor_version": "0.1.0", "knowledge": "k1",
          "archive": "w.warc", "record_offset": 120, "url": "https://example.org/a", "archived_at": "2024-01-02",
          "sha256": None, "bytes": None, "format": None, "outcome": "skipped", "error_code": "not_a_document",
          "error_message": "not a document: image/png", "warnings": [], "notices": 0, "seconds": 0.0,
          "resumed": False}
NOT_UTF8 = {"path": "in/caf\\xe9.txt", "path_bytes_b64": "aW4vY2Fm6S50eHQ=", "output": "caf\\xe9.json",
            "extractor_version": "0.1.0", "knowledge": "k1", "sha256": "cd" * 32, "bytes": 9, "format": "text",
            "outcome": "needs_review", "error_code": None, "error_message": None, "warnings": [], "notices": 1,
            "template": "tpl-1", "seconds": 0.002, "resumed": True}

LINES = [
    pytest.param(READ, id="a-file-the-pipeline-read"),
    pytest.param(FAILED, id="a-file-that-gave-no-result-has-no-template-field"),
    pytest.param(RECORD, id="a-web-archive-record"),
    pytest.param(NOT_UTF8, id="a-path-that-is-not-utf8"),
]


@pytest.mark.parametrize("line", LINES)
def test_a_manifest_line_read_back_is_written_the_same(line):
    text = json.dumps(line, ensure_ascii=False)
    record = ManifestRecord.from_dict(json.loads(text))
    assert json.dumps(record.as_dict(), ensure_ascii=False) == text
    ManifestLine.model_validate_json(text)


def test_a_record_says_which_fields_it_lacks_and_which_are_null():
    assert ManifestRecord.from_dict(FAILED).template is ABSENT
    assert ManifestRecord.from_dict(READ).template is None
    assert "template" not in ManifestRecord.from_dict(FAILED).as_dict()


def test_values_cross_a_process_boundary_whole():
    """Tasks and replies go to workers and back by pickle (a pipe, a process pool, Dask)."""
    settings = Settings(out_root=None, options=DEFAULT_OPTIONS, knowledge="k1", jsonl=True)
    task = Task(3, "w.warc#120", None, settings, member=Member("w.warc", 120, "https://example.org/a", None),
                previous=ManifestRecord.from_dict(RECORD))
    reply = Reply(ManifestRecord.from_dict(READ), "line\n", jsonl=("{}",), index=3)
    assert pickle.loads(pickle.dumps(task)) == task
    assert pickle.loads(pickle.dumps(reply)) == reply
    assert reply["record"]["outcome"] == "ok" and reply.get("missing") is None  # read by key, as the dicts were
    with pytest.raises(KeyError):
        reply["missing"]
