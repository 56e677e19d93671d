"""`export --corrected` says which values a person set: their provenance is method `human`, with
who and when (and, for a value selected in the source, where); extracted values keep theirs."""

from __future__ import annotations

import datetime as dt
import json
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)

from fastapi.testclient import TestClient  # noqa: E402

from extractor.cli import main  # noqa: E402
from extractor.review import open_run  # noqa: E402
from extractor.review.app import create_app  # noqa: E402

from .review_run import make_run  # noqa: E402


def test_human_values_are_marked_in_the_corrected_export(tmp_path, capsys):
    _, out = make_run(tmp_path)
    client = TestClient(create_app(open_run(out)))
    item = next(i for i in client.get("/api/notices").json() if i["path"].endswith("taught.txt"))
    url = f"/api/notices/{item['id']}/corrections"
    text = client.get(f"/api/notices/{item['id']}").json()["text"]
    start = text.index("Head of Highways")
    selected = {"field": "decision_maker", "start": start, "end": start + len("Head of Highways"), "who": "Ann Archivist"}
    assert client.post(url, json=selected).status_code == 201
    assert client.post(url, json={"field": "decision_date", "value": "2024-03-05"}).status_code == 201  # no name given
    assert client.post(url, json={"field": "reasons", "action": "clear", "who": "Ann Archivist"}).status_code == 201

    capsys.readouterr()
    assert main(["export", str(out), "--corrected", "--jsonl"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    (notice,) = [line for line in lines if line["source"]["path"].endswith("taught.txt")]
    provenance = notice["provenance"]

    chosen = provenance["decision_maker"]
    assert (chosen["method"], chosen["who"], chosen["raw"]) == ("human", "Ann Archivist", "Head of Highways")
    assert chosen["label"] == "Signatory officer" and text[chosen["start"]:chosen["end"]] == "Head of Highways"
    typed = provenance["decision_date"]
    assert (typed["method"], typed["who"], typed["start"], typed["raw"]) == ("human", None, None, None)
    assert notice["decision_date"] == "2024-03-05"
    cleared = provenance["reasons"]
    assert notice["reasons"] is None and (cleared["method"], cleared["who"]) == ("human", "Ann Archivist")
    for span in (chosen, typed, cleared):
        when = dt.datetime.fromisoformat(span["when"])
        assert when.tzinfo is not None and abs(dt.datetime.now(dt.timezone.utc) - when) < dt.timedelta(days=1)
    assert provenance["title"]["method"] != "human" and "who" not in provenance["title"]  # extracted, as it was

    corrected = tmp_path / "corrected.jsonl"
    corrected.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert main(["validate", str(corrected)]) == 0  # the contract allows a human span


def test_a_human_span_is_only_valid_as_a_whole():
    from pydantic import ValidationError

    from extractor.models import HumanSpan, Span

    HumanSpan.model_validate({"method": "human", "who": None, "when": "2024-03-05T10:00:00+00:00", "label": None,
                              "start": None, "end": None, "page": None, "bbox": None, "locator": None, "raw": None})
    for bad in ({"method": "label", "who": "x", "when": "2024-03-05T10:00:00+00:00"},
                {"method": "human", "who": "x"}):
        try:
            HumanSpan.model_validate(bad)
        except ValidationError:
            continue
        raise AssertionError(f"accepted {bad}")
    try:
        Span.model_validate({"label": None, "start": 0, "end": 1, "raw": "x", "method": "human"})
    except ValidationError:
        pass
    else:
        raise AssertionError("an extracted span cannot claim to be a person's")
