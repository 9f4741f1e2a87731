"""`rasid extract`: contract output, one line per input line, bad lines become error records."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rasid
from rasid.cli import main
from rasid.pipeline import MAX_TEXT_CHARS, process_line, process_lines

GOOD = {"id": "r1", "text": "قالت مصادر محلية إن اشتباكات اندلعت أمس في ريف المدينة.", "published": "2019-03-02"}
SPAN_LAYERS = ("places", "actors", "persons", "times", "times_vague", "quantities")


def _line(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False)


def test_good_line_gives_a_contract_object() -> None:
    out = process_line(_line(GOOD))
    assert out["contract"] == 1 and out["id"] == "r1"
    assert out["published"] == {"value": "2019-03-02", "source": "given"}
    for key in (*SPAN_LAYERS, "events", "claims", "control"):
        assert isinstance(out[key], list)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected an object"),
        (_line({"text": "نص"}), "missing 'id'"),
        (_line({"id": "a"}), "missing 'text'"),
        (_line({"id": "a", "text": 5}), "missing 'text'"),
        (_line({"id": "a", "text": "   \n "}), "empty"),
        (_line({"id": "a", "text": "نص", "published": "yesterday"}), "published"),
        (_line({"id": "a", "text": "نص", "published": "2019-13-01"}), "published"),
        (_line({"id": "a", "text": "a\u0000b"}), "NUL"),
        (b'{"id": "a", "text": "\xff\xfe"}', "UTF-8"),
        ("[" * 100000, "JSON"),
    ],
)
def test_bad_lines_become_error_records(raw: str | bytes, reason: str) -> None:
    out = process_line(raw)
    assert set(out) == {"id", "error"}
    assert reason in out["error"]


def test_error_record_keeps_the_id_when_it_can() -> None:
    assert process_line(_line({"id": "keep-me", "text": ""}))["id"] == "keep-me"


def test_huge_text_is_refused_with_a_clear_reason() -> None:
    out = process_line(_line({"id": "big", "text": "ا" * (MAX_TEXT_CHARS + 1)}))
    assert out["id"] == "big" and "limit" in out["error"]


def test_run_goes_on_after_bad_lines_and_keeps_order() -> None:
    lines = [_line(GOOD), "garbage", "", _line({**GOOD, "id": "r2"}), b"\xc3\x28"]
    out = list(process_lines(lines))
    assert [o.get("id") for o in out] == ["r1", None, "r2", None]
    assert ["error" in o for o in out] == [False, True, False, True]


def test_python_api_matches_the_pipeline() -> None:
    result = rasid.extract(GOOD["text"], "2019-03-02")
    assert result.published.value == "2019-03-02"


def test_cli_reads_and_writes_files(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(_line(GOOD) + "\n{broken\n", encoding="utf-8")
    target = tmp_path / "out.jsonl"
    assert main(["extract", "--input", str(source), "--output", str(target)]) == 0
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert records[0]["id"] == "r1" and "error" in records[1]


def test_cli_streams_stdin_to_stdout_without_progress_bar_when_piped() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "rasid.cli", "extract"],
        input=(_line(GOOD) + "\n").encode(),
        capture_output=True,
        check=True,
    )
    assert json.loads(done.stdout)["id"] == "r1"
    assert done.stderr == b""


ARABIC_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.sampled_from(list(" \n.،؛؟0123456789٠١٢٣٤٥٦٧٨٩/-()«»\"")),
        st.characters(),
    ),
    max_size=400,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ARABIC_TEXT, published=st.one_of(st.none(), st.sampled_from(["2019-01-25", "2018-11", "2017"])))
def test_fuzz_text_never_raises_and_spans_are_exact(text: str, published: str | None) -> None:
    out = process_line(_line({"id": "f", "text": text, "published": published}))
    if "error" in out:
        return
    for layer in SPAN_LAYERS:
        for mention in out[layer]:
            assert text[mention["start"] : mention["end"]] == mention["text"]


@settings(max_examples=100, deadline=None)
@given(raw=st.binary(max_size=300))
def test_fuzz_random_bytes_never_raise(raw: bytes) -> None:
    out = process_line(raw)
    assert isinstance(out, dict)
    assert ("error" in out) or out["contract"] == 1


@pytest.mark.parametrize(
    "text",
    [
        "قتل " * 20000,
        "١" * 50000,
        "ـ" * 30000,
        "ًٌٍَُِّْ" * 5000,
        "بين " * 10000 + "و",
        "في 22 من يناير/كانون الثاني " * 2000,
    ],
)
def test_pathological_texts_finish(text: str) -> None:
    out = process_line(_line({"id": "p", "text": text, "published": "2019-01-25"}))
    assert "error" not in out or "limit" in out["error"]
