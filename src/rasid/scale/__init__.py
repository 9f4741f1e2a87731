"""Scale-out batch extraction: the same pipeline over many files, on Spark or local processes, into Parquet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasid.errors import ConfigurationError

ENGINES = ("local", "spark")


def run_batch(inputs: list[str | Path], output: Path, *, engine: str = "local", master: str | None = None,
              partitions: int | None = None, overwrite: bool = False) -> dict[str, Any]:
    """Run a batch with the chosen engine and return its manifest."""
    if engine == "local":
        from rasid.scale.local import run_local

        return run_local(inputs, output, workers=partitions, overwrite=overwrite)
    if engine == "spark":
        from rasid.scale.spark import run_spark

        return run_spark(inputs, output, master=master, partitions=partitions, overwrite=overwrite)
    raise ConfigurationError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")


__all__ = ["ENGINES", "run_batch"]
