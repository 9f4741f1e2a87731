"""Batch extraction, local engine: same results as `rasid extract`, bad records in the errors table, month partitions."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rasid.ingest.run as ingest_run
from rasid.cli import main
from rasid.errors import ConfigurationError, InputError
from rasid.ingest import ingest_paths
from rasid.scale import run_batch
from rasid.scale.batch import TABLES, InputFile, gzip_members, month_of, process_item, read_work_items
from rasid.store import open_store
from scalekit import (
    DEV_FILES,
    REPORT_A,
    REPORT_B,
    SHARED,
    assert_bad_records_reported,
    corrupt_member,
    extract_output,
    line,
    read_table,
    reconstructed,
    write_bad_inputs,
)


# ---- gzip members ---------------------------------------------------------------------------------------------
@settings(max_examples=30, deadline=None)
@given(st.lists(st.binary(max_size=200), min_size=1, max_size=5))
def test_gzip_members_round_trip(chunks: list[bytes]) -> None:
    data = b"".join(gzip.compress(c) for c in chunks)
    assert list(gzip_members(data)) == chunks


def test_corrupt_member_is_reported_and_the_next_one_read() -> None:
    data = gzip.compress(b"first\n") + corrupt_member(gzip.compress(b"second\n" * 30)) + gzip.compress(b"third\n")
    parts = list(gzip_members(data))
    assert parts[0] == b"first\n" and parts[-1] == b"third\n"
    assert any(isinstance(p, InputError) and "corrupt gzip member" in str(p) for p in parts)


def test_truncated_last_member_is_reported() -> None:
    data = gzip.compress(b"first\n") + gzip.compress(b"second line " * 50)[:-30]
    parts = list(gzip_members(data))
    assert parts[0] == b"first\n"
    assert isinstance(parts[-1], InputError) and "truncated" in str(parts[-1])


# ---- work items -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("published", "month"), [
    ({"value": "2019-03-05", "source": "given"}, "2019-03"), ({"value": "2019-03", "source": "given"}, "2019-03"),
    ({"value": "2019", "source": "given"}, "unknown"), ({"value": None, "source": "unknown"}, "unknown"), (None, "unknown"),
])
def test_month_of(published: object, month: str) -> None:
    assert month_of({"published": published}) == month


def test_every_row_matches_its_table_schema(tmp_path: Path) -> None:
    path = tmp_path / "one.jsonl"
    path.write_bytes(line("x", REPORT_A))
    rows = [row for item in read_work_items(InputFile(str(path))) for row in process_item(item)]
    assert {table for table, _ in rows} >= {"documents", "places", "events"}
    for table, values in rows:
        assert len(values) == len(TABLES[table])


def test_missing_input_is_an_error_row(tmp_path: Path) -> None:
    items = list(read_work_items(InputFile(str(tmp_path / "gone.jsonl"))))
    assert [r[0] for item in items for r in process_item(item)] == ["errors"]


# ---- whole runs -----------------------------------------------------------------------------------------------
@pytest.mark.skipif(not DEV_FILES, reason="../shared/corpus is not available")
@pytest.mark.parametrize("workers", [1, 2])
def test_local_engine_equals_extract_on_dev_corpus(tmp_path: Path, workers: int) -> None:
    manifest = run_batch(list(DEV_FILES), tmp_path / "out", engine="local", partitions=workers)
    for source in DEV_FILES:
        assert reconstructed(tmp_path / "out", source) == extract_output(source)
    assert manifest["counts"]["documents"] == sum(1 for r in read_table(tmp_path / "out", "documents"))
    assert manifest["counts"]["events"] == len(read_table(tmp_path / "out", "events")) > 0


def test_bad_records_land_in_errors_and_the_job_succeeds(tmp_path: Path) -> None:
    paths = write_bad_inputs(tmp_path / "in")
    run_batch([tmp_path / "in"], tmp_path / "out", engine="local", partitions=2)
    assert_bad_records_reported(tmp_path / "out", paths)


def test_error_lines_round_trip_like_extract(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(line("ok", REPORT_A) + b"{broken\n" + b'{"id": "no-text"}\n' + b"\n" + b"\xff\xfe\n"
                     + line("ok2", REPORT_B, None))
    run_batch([path], tmp_path / "out", partitions=1)
    assert reconstructed(tmp_path / "out", path) == extract_output(path)


def test_tables_are_partitioned_by_month(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(line("m1", REPORT_A, "2019-03-05") + line("m2", REPORT_A, "2020-11-30") + line("m3", REPORT_A, None))
    run_batch([path], tmp_path / "out")
    assert {p.name for p in (tmp_path / "out" / "documents").glob("month=*")} >= {"month=2019-03", "month=2020-11"}
    months = {d["id"]: d["month"] for d in read_table(tmp_path / "out", "documents")}
    assert months["m1"] == "2019-03" and months["m2"] == "2020-11"
    assert {e["month"] for e in read_table(tmp_path / "out", "events")} <= set(months.values())


def test_empty_tables_are_still_readable(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"not json\n")
    manifest = run_batch([path], tmp_path / "out")
    assert manifest["counts"]["documents"] == 0 and manifest["counts"]["errors"] == 1
    for table in set(TABLES) - {"errors"}:
        assert read_table(tmp_path / "out", table) == []


def test_output_folder_is_never_mixed(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(line("a", REPORT_A))
    run_batch([path], tmp_path / "out")
    with pytest.raises(ConfigurationError, match="--overwrite"):
        run_batch([path], tmp_path / "out")
    run_batch([path], tmp_path / "out", overwrite=True)
    assert len(read_table(tmp_path / "out", "documents")) == 1


def test_cli_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(line("a", REPORT_A))
    assert main(["batch", str(path), str(tmp_path / "out"), "--partitions", "1"]) == 0
    assert "documents: 1" in capsys.readouterr().err
    assert main(["batch", str(tmp_path / "out2")]) == 1
    assert main(["batch", str(path), str(tmp_path / "out3"), "--master", "local[1]"]) == 1


def test_unknown_engine(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="engine"):
        run_batch([tmp_path], tmp_path / "out", engine="dask")


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/corpus is not available")
def test_folder_input_skips_non_documents(tmp_path: Path) -> None:
    manifest = run_batch([SHARED], tmp_path / "out", partitions=2)
    assert manifest["counts"]["documents"] == sum(len(p.read_text(encoding="utf-8").splitlines()) for p in DEV_FILES)
    assert {e["kind"] for e in read_table(tmp_path / "out", "errors")} <= {"skipped"}


# ---- into the store -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("given", ["output", "documents", "file"])
def test_ingest_accepts_the_batch_output(tmp_path: Path, given: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(line("s1", REPORT_A) + line("s2", REPORT_B, "2019-05-01") + b"[1, 2]\n")
    run_batch([path], tmp_path / "out")
    target = {"output": tmp_path / "out", "documents": tmp_path / "out" / "documents",
              "file": next((tmp_path / "out" / "documents").rglob("*.parquet"))}[given]
    monkeypatch.setattr(ingest_run, "process_document", _no_extraction)  # results come from the table
    with open_store(f"sqlite:///{tmp_path / 'rasid.db'}") as store:
        summary = ingest_paths([target], store)
        stored = {result["id"]: result for _, result in store.results()}
    expected = {r["id"]: r for r in extract_output(path) if "error" not in r}
    assert summary.failed == 0 and summary.new == (2 if given != "file" else 1)
    assert all(stored[key] == expected[key] for key in stored)


def _no_extraction(document: object) -> dict[str, object]:
    raise AssertionError("a batch output must not be extracted again")


def test_ingest_skips_other_batch_tables_in_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(line("s1", REPORT_A))
    run_batch([path], tmp_path / "out")
    with open_store(f"sqlite:///{tmp_path / 'rasid.db'}") as store:
        summary = ingest_paths([tmp_path / "out" / "events"], store)
    assert summary.new == 0 and summary.failed == 0 and summary.skipped >= 1
