"""The batch output folder: Parquet tables partitioned by month (written by pyarrow here), and the run manifest."""

from __future__ import annotations

import json
import shutil
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from rasid import __version__
from rasid.errors import ConfigurationError
from rasid.pipeline import CONTRACT_VERSION
from rasid.scale.batch import PARTITION_COLUMN, TABLES, UNPARTITIONED, InputFile, Row

MANIFEST = "manifest.json"
_ARROW_TYPES = {"s": pa.string(), "i": pa.int64(), "f": pa.float64()}
# Rows held per table before a part file is written: bounds the memory of the writing process.
FLUSH_ROWS = 20_000


def arrow_schema(table: str) -> Any:
    """The pyarrow schema of an output table."""
    return pa.schema([(name, _ARROW_TYPES[kind]) for name, kind in TABLES[table]])


def prepare_output(folder: Path, *, overwrite: bool) -> None:
    """Make sure the output folder is new or empty (or emptied, with overwrite) so tables never mix runs."""
    if folder.exists() and not folder.is_dir():
        raise ConfigurationError(f"{folder} is a file: give a folder for the batch output")
    if folder.exists() and any(folder.iterdir()):
        if not overwrite:
            raise ConfigurationError(f"{folder} is not empty: choose a new folder or pass --overwrite")
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)


class PartWriter:
    """Buffers rows per table and writes them as `<table>/month=<M>/part-<n>.parquet` files."""

    def __init__(self, folder: Path) -> None:
        """Write under `folder`."""
        self.folder = folder
        self.rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        self.counts: dict[str, int] = dict.fromkeys(TABLES, 0)
        self.parts = 0

    def add(self, rows: Iterable[Row]) -> None:
        """Queue rows, writing a table's part files when its buffer is full."""
        for table, values in rows:
            buffer = self.rows[table]
            buffer.append(values)
            self.counts[table] += 1
            if len(buffer) >= FLUSH_ROWS:
                self._flush(table)

    def close(self) -> None:
        """Write every buffered row; a table without rows still gets one empty, typed part file."""
        for table in TABLES:
            if self.rows[table] or not self.counts[table]:
                self._flush(table)

    def _flush(self, table: str) -> None:
        """Write the buffered rows of one table, one part file per month."""
        rows, self.rows[table] = self.rows[table], []
        schema = arrow_schema(table)
        data = pa.Table.from_pylist([dict(zip(schema.names, r, strict=True)) for r in rows], schema=schema)
        self.parts += 1
        target = self.folder / table
        if table in UNPARTITIONED or not rows:
            target.mkdir(parents=True, exist_ok=True)
            pq.write_table(data.drop_columns([PARTITION_COLUMN]) if table not in UNPARTITIONED else data,
                           target / f"part-{self.parts:05d}.parquet")
            return
        pq.write_to_dataset(data, root_path=str(target), partition_cols=[PARTITION_COLUMN],
                            basename_template=f"part-{self.parts:05d}-{{i}}.parquet")


@dataclass
class RunClock:
    """When a run started, for the manifest's timing."""

    started: float = field(default_factory=time.time)
    monotonic: float = field(default_factory=time.monotonic)

    def seconds(self) -> float:
        """Seconds since the start."""
        return round(time.monotonic() - self.monotonic, 3)


def write_manifest(folder: Path, *, engine: str, inputs: list[InputFile], counts: Mapping[str, int], clock: RunClock,
                   settings: Mapping[str, Any]) -> dict[str, Any]:
    """Write `manifest.json` (counts, inputs, versions, timing, engine settings) and return it."""
    seconds = clock.seconds()
    manifest = {
        "rasid_version": __version__, "contract": CONTRACT_VERSION, "engine": engine, "settings": dict(settings),
        "inputs": [{"path": f.path, "bytes": _size(f.path)} for f in inputs],
        "counts": {table: int(counts.get(table, 0)) for table in TABLES},
        "started_at": datetime.fromtimestamp(clock.started, UTC).isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": seconds,
        "documents_per_second": round(counts.get("documents", 0) / seconds, 2) if seconds else None,
        "tables": {table: table for table in TABLES}, "partitioned_by": PARTITION_COLUMN,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return manifest


def _size(path: str) -> int | None:
    """A file's size in bytes, or None when it is gone."""
    try:
        return Path(path).stat().st_size
    except OSError:
        return None
