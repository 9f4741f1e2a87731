"""The bundled example reports: valid contract input that the pipeline processes without error records."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from rasid.pipeline import process_line

REPORTS = Path(__file__).resolve().parents[1] / "examples" / "reports" / "reports.jsonl"
REQUIRED = ("id", "text", "outlet", "url", "title")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _lines() -> list[str]:
    return [line for line in REPORTS.read_text(encoding="utf-8").splitlines() if line.strip()]


def _records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in _lines()]


def test_file_is_valid_jsonl_of_objects() -> None:
    for number, line in enumerate(_lines(), start=1):
        record = json.loads(line)
        assert isinstance(record, dict), f"line {number} is not a JSON object"


def test_record_count() -> None:
    assert 14 <= len(_records()) <= 16


def test_ids_are_unique() -> None:
    ids = [record["id"] for record in _records()]
    assert len(ids) == len(set(ids))


def test_required_fields() -> None:
    for record in _records():
        for key in REQUIRED:
            assert key in record, f"{record.get('id')}: missing {key!r}"
        assert isinstance(record["id"], str) and record["id"]
        assert isinstance(record["text"], str) and 600 <= len(record["text"]) <= 1500
        assert record["outlet"] == "rasid-examples"
        assert record["url"] is None
        assert isinstance(record["title"], str) and record["title"]


def test_published_format() -> None:
    records = _records()
    for record in records:
        if "published" in record:
            assert ISO_DAY.match(record["published"]), record["id"]
    missing = [record["id"] for record in records if "published" not in record]
    assert 2 <= len(missing) <= 3, missing


@pytest.mark.parametrize("line", _lines(), ids=lambda line: json.loads(line)["id"])
def test_pipeline_gives_no_error_record(line: str) -> None:
    out = process_line(line)
    assert "error" not in out, out.get("error")
    assert out["id"] == json.loads(line)["id"]
    assert out["published"]["value"]
