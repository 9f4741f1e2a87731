"""Find the items under the given paths: files by kind (suffix, else content sniffing) and folders recursively."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from rasid.errors import InputError
from rasid.ingest.batch_output import is_batch_output, read_batch_output
from rasid.ingest.html import read_html
from rasid.ingest.items import Item, SourceDocument
from rasid.ingest.jsonl import read_jsonl
from rasid.ingest.rss import read_feed
from rasid.ingest.warc import read_warc
from rasid.store.records import ErrorEntry

_SUFFIX_KINDS = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".rss": "feed", ".atom": "feed", ".xml": "feed", ".warc": "warc", ".arc": "warc", ".parquet": "parquet",
}
_SNIFF_BYTES = 2048
_MAX_LINE = 4_000_000


def iter_items(paths: Iterable[str | Path]) -> Iterator[Item]:
    """Every document (or error entry) found under the paths, in a stable order."""
    for given in paths:
        path = Path(given)
        if is_batch_output(path):  # a `rasid batch` output: its documents table, results included
            yield from read_path(path)
        elif path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path)):
                yield from read_path(child, in_folder=True)
        elif path.exists():
            yield from read_path(path)
        else:
            yield ErrorEntry(source=str(path), reason="unreadable file: no such file or folder")


def _hidden(path: Path, root: Path) -> bool:
    """True for dot-files and anything inside a dot-folder below `root`."""
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def read_path(path: Path, *, in_folder: bool = False) -> Iterator[Item]:
    """The items of one file; unknown kinds are failures when named, skipped when met in a folder."""
    source = str(path)
    try:
        kind = file_kind(path)
        if kind is None:
            reason = "unsupported file: not HTML, RSS/Atom, WARC or JSONL"
            yield ErrorEntry(source=source, reason=reason, kind="skipped" if in_folder else "failed")
            return
        yield from _READERS[kind](path, source)
    except InputError as exc:
        yield ErrorEntry(source=source, reason=str(exc))
    except OSError as exc:
        yield ErrorEntry(source=source, reason=f"unreadable file: {exc.strerror or exc}")


def file_kind(path: Path) -> str | None:
    """`jsonl`, `html`, `feed` or `warc` from the suffix (`.warc.gz` too), else from the first bytes."""
    if is_batch_output(path):
        return "parquet"
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes[-2:] in (([".warc", ".gz"]), [".arc", ".gz"]):
        return "warc"
    kind = _SUFFIX_KINDS.get(path.suffix.lower())
    return kind or sniff_kind(path)


def sniff_kind(path: Path) -> str | None:
    """Guess a file's kind from its first bytes."""
    with path.open("rb") as stream:
        head = stream.read(_SNIFF_BYTES)
    if head.startswith(b"\x1f\x8b"):
        head = _gunzip_head(head)
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(b"warc/"):
        return "warc"
    if b"<rss" in lowered or b"<feed" in lowered or b"<rdf:rdf" in lowered:
        return "feed"
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered:
        return "html"
    if lowered.startswith(b"{") and _first_line_is_object(path):
        return "jsonl"
    return None


def _first_line_is_object(path: Path) -> bool:
    """True when the first line holds a whole JSON object (JSONL, not a pretty-printed .json file)."""
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    try:
        with opener(path, "rb") as stream:
            line = stream.readline(_MAX_LINE)
        return isinstance(json.loads(line), dict)
    except (OSError, EOFError, ValueError, RecursionError):
        return False


def _gunzip_head(head: bytes) -> bytes:
    """The first decompressed bytes of a gzip stream (empty when it is not one)."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, _SNIFF_BYTES)
    except zlib.error:
        return b""


def _read_html_file(path: Path, source: str) -> Iterator[Item]:
    """One HTML page per file."""
    yield SourceDocument(read_html(path.read_bytes(), source=source), source, "html")


def _read_feed_file(path: Path, source: str) -> Iterator[Item]:
    """All items of a feed file."""
    yield from read_feed(path.read_bytes(), source=source)


def _read_warc_file(path: Path, source: str) -> Iterator[Item]:
    """All HTML responses of an archive (warcio handles the gzip members itself)."""
    with path.open("rb") as stream:
        yield from read_warc(stream, source=source)


def _read_jsonl_file(path: Path, source: str) -> Iterator[Item]:
    """All lines of a JSONL file (gzip-compressed too)."""
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    with opener(path, "rb") as stream:
        yield from read_jsonl(stream, source=source)  # type: ignore[arg-type]


_READERS: dict[str, Callable[[Path, str], Iterator[Item]]] = {
    "html": _read_html_file, "feed": _read_feed_file, "warc": _read_warc_file, "jsonl": _read_jsonl_file,
    "parquet": lambda path, source: read_batch_output(path),
}
