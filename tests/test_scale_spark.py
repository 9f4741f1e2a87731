"""Batch extraction on Spark (local[2], one session for the whole test run): same tables as the local engine."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rasid.scale import run_batch
from rasid.scale.batch import TABLES
from rasid.scale.spark import run_spark, spark_session
from scalekit import (
    DEV_FILES,
    REPORT_A,
    assert_bad_records_reported,
    extract_output,
    line,
    read_table,
    reconstructed,
    write_bad_inputs,
)

pytest.importorskip("pyspark")
pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs a Java runtime")


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    session = spark_session("local[2]", app_name="rasid-tests")
    yield session
    session.stop()


@pytest.mark.skipif(not DEV_FILES, reason="../shared/corpus is not available")
def test_spark_engine_equals_extract_and_local_engine(spark: Any, tmp_path: Path) -> None:
    manifest = run_spark(DEV_FILES, tmp_path / "spark", session=spark, partitions=3)
    run_batch(list(DEV_FILES), tmp_path / "local", engine="local", partitions=2)
    for source in DEV_FILES:
        assert reconstructed(tmp_path / "spark", source) == extract_output(source)
    for table in TABLES:
        assert read_table(tmp_path / "spark", table) == read_table(tmp_path / "local", table), table
    assert manifest["engine"] == "spark" and manifest["counts"]["documents"] == len(read_table(tmp_path / "spark",
                                                                                               "documents"))


def test_spark_bad_records_land_in_errors_and_the_job_succeeds(spark: Any, tmp_path: Path) -> None:
    paths = write_bad_inputs(tmp_path / "in")
    run_spark([tmp_path / "in"], tmp_path / "out", session=spark, partitions=2)
    assert_bad_records_reported(tmp_path / "out", paths)


def test_spark_partitions_by_month_and_keeps_the_session(spark: Any, tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(line("m1", REPORT_A, "2019-03-05") + line("m2", REPORT_A, "2020-11-30"))
    run_spark([path], tmp_path / "out", session=spark)
    assert {p.name for p in (tmp_path / "out" / "documents").glob("month=*")} == {"month=2019-03", "month=2020-11"}
    assert not spark.sparkContext._jsc.sc().isStopped()  # a session passed in is the caller's to stop
