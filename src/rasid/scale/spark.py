"""The Spark engine: input files spread over executors, the pipeline run per partition, tables written by Spark."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from rasid.errors import ConfigurationError
from rasid.scale.batch import (
    PARTITION_COLUMN,
    TABLES,
    UNPARTITIONED,
    InputFile,
    Row,
    WorkItem,
    list_input_files,
    process_items,
    read_work_items,
)
from rasid.scale.output import RunClock, prepare_output, write_manifest

_SPARK_TYPES = {"s": "StringType", "i": "LongType", "f": "DoubleType"}
# Quiet, small-footprint settings for local masters; a cluster's own spark-defaults.conf wins elsewhere.
_LOCAL_CONF = {"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "4", "spark.ui.showConsoleProgress": "false"}


def spark_session(master: str | None = None, *, app_name: str = "rasid-batch") -> Any:
    """A SparkSession for `master` (None: spark-submit's, else local[*]; the active one is reused), logging at WARN."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise ConfigurationError("the Spark engine needs pyspark and Java: pip install 'rasid[spark]'") from exc
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    if _runs_locally(master):
        # Executors in local mode must run this interpreter, the one that has rasid installed.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        for key, value in _LOCAL_CONF.items():
            builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("WARN")
    return session


def _runs_locally(master: str | None) -> bool:
    """True for a local master, or no master outside spark-submit (pyspark then starts local[*])."""
    if master:
        return master.startswith("local")
    return "PYSPARK_GATEWAY_PORT" not in os.environ


def spark_schema(table: str) -> Any:
    """The Spark schema of an output table."""
    from pyspark.sql import types

    return types.StructType([types.StructField(name, getattr(types, _SPARK_TYPES[kind])(), True)
                             for name, kind in TABLES[table]])


def run_spark(inputs: Sequence[str | Path], output: Path, *, master: str | None = None,
              partitions: int | None = None, overwrite: bool = False, session: Any = None) -> dict[str, Any]:
    """Extract every input on Spark and write the tables under `output`; return the manifest."""
    if partitions is not None and partitions < 1:
        raise ConfigurationError("--partitions must be at least 1")
    clock = RunClock()
    prepare_output(output, overwrite=overwrite)
    files = list_input_files(inputs)
    spark = session or spark_session(master)
    used_master = str(spark.sparkContext.master)
    try:
        counts = _write_tables(spark, files, output, partitions)
    finally:
        if session is None:
            spark.stop()
    return write_manifest(output, engine="spark", inputs=files, counts=counts, clock=clock,
                          settings={"master": used_master, "partitions": partitions})


def _write_tables(spark: Any, files: list[InputFile], output: Path, partitions: int | None) -> dict[str, int]:
    """Run the pipeline over the files and write each table; return the row counts."""
    from pyspark import StorageLevel

    context = spark.sparkContext
    count = partitions or context.defaultParallelism
    # Files are read on the executors; records are then spread evenly, so one big file does not serialize a job.
    items = context.parallelize(files, max(1, min(len(files), count))).flatMap(read_work_items)
    rows = items.repartition(count).mapPartitions(_partition_rows).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        counts = {str(k): int(v) for k, v in rows.map(_table_of).countByValue().items()}
        for table in TABLES:
            _write_table(spark, rows, table, output / table)
    finally:
        rows.unpersist()
    return counts


def _write_table(spark: Any, rows: Any, table: str, target: Path) -> None:
    """Write one table's rows as Parquet (partitioned by month except errors)."""
    values = rows.filter(lambda row: row[0] == table).map(lambda row: row[1])
    frame = spark.createDataFrame(values, schema=spark_schema(table))
    writer = frame.write.mode("overwrite")
    if table not in UNPARTITIONED:
        writer = writer.partitionBy(PARTITION_COLUMN)
    writer.parquet(str(target))


def _partition_rows(items: Iterator[WorkItem]) -> Iterator[Row]:
    """The rows of one partition (runs on an executor, whose Python worker keeps the resources between tasks)."""
    return process_items(items)


def _table_of(row: Row) -> str:
    """The table a row belongs to."""
    return row[0]
