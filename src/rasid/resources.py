"""Load the bundled language resources once, from files under `rasid/data/`."""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from rasid.errors import ResourceError


def data_path(name: str) -> Path:
    """The filesystem path of a bundled data file."""
    return Path(str(resources.files("rasid") / "data" / name))


@cache
def read_text(name: str) -> str:
    """The UTF-8 text of a bundled data file."""
    try:
        return (resources.files("rasid") / "data" / name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ResourceError(f"missing data file rasid/data/{name}: reinstall the package ({exc})") from exc


@cache
def load_yaml(name: str) -> Any:
    """Parse a bundled YAML file, refusing duplicate keys."""
    try:
        return yaml.load(read_text(name), Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        raise ResourceError(f"rasid/data/{name} is not valid YAML: {exc}") from exc


@cache
def load_json(name: str) -> Any:
    """Parse a bundled JSON file."""
    try:
        return json.loads(read_text(name))
    except json.JSONDecodeError as exc:
        raise ResourceError(f"rasid/data/{name} is not valid JSON: {exc}") from exc


def load_tsv(name: str) -> list[dict[str, str]]:
    """Read a bundled tab-separated file with a header row."""
    return list(csv.DictReader(io.StringIO(read_text(name)), delimiter="\t"))


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that fails on duplicate mapping keys."""


def _construct_unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    """Build a mapping, raising on a key seen twice."""
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
        if key in seen:
            raise ResourceError(f"duplicate key {key!r} at line {key_node.start_mark.line + 1}")
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping)
