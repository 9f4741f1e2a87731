"""The local engine: a pool of worker processes on this machine, writing the same tables as the Spark engine."""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from rasid.errors import ConfigurationError
from rasid.scale.batch import Row, WorkItem, list_input_files, process_items, read_work_items, warm
from rasid.scale.output import PartWriter, RunClock, prepare_output, write_manifest

# Items per task sent to a worker: large enough to hide the inter-process cost, small enough to balance load.
CHUNK_ITEMS = 32


def run_local(inputs: Sequence[str | Path], output: Path, *, workers: int | None = None,
              overwrite: bool = False) -> dict[str, Any]:
    """Extract every input with `workers` processes (default: all cores) and write the tables; return the manifest."""
    count = workers or os.cpu_count() or 1
    if count < 1:
        raise ConfigurationError("--partitions (worker processes) must be at least 1")
    clock = RunClock()
    prepare_output(output, overwrite=overwrite)
    files = list_input_files(inputs)
    writer = PartWriter(output)
    items = itertools.chain.from_iterable(read_work_items(f) for f in files)
    for rows in _row_chunks(items, count):
        writer.add(rows)
    writer.close()
    return write_manifest(output, engine="local", inputs=files, counts=writer.counts, clock=clock,
                          settings={"workers": count, "chunk_items": CHUNK_ITEMS})


def _row_chunks(items: Iterable[WorkItem], workers: int) -> Iterator[list[Row]]:
    """The rows of each chunk of items, in input order, computed in this process or by a pool."""
    chunks = _chunked(items, CHUNK_ITEMS)
    if workers == 1:
        yield from (list(process_items(chunk)) for chunk in chunks)
        return
    warm()  # loaded before the fork, the resources are shared copy-on-write by every worker
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(workers, initializer=warm) as pool:
        yield from pool.imap(_process_chunk, chunks)


def _process_chunk(chunk: list[WorkItem]) -> list[Row]:
    """The rows of one chunk (runs in a worker process)."""
    return list(process_items(chunk))


def _chunked(items: Iterable[WorkItem], size: int) -> Iterator[list[WorkItem]]:
    """Consecutive lists of at most `size` items."""
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk
