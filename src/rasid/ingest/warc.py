"""WARC / WARC.GZ crawl archives (warcio): every HTML response becomes a document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
from warcio.exceptions import ArchiveLoadFailed  # type: ignore[import-untyped]

from rasid.errors import InputError
from rasid.ingest.html import read_html
from rasid.ingest.items import Item, SourceDocument
from rasid.store.records import ErrorEntry

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(stream: BinaryIO, *, source: str) -> Iterator[Item]:
    """Documents from the HTML responses of an archive; other payloads are noted as skipped, broken ones as failed."""
    count = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type not in ("response", "resource"):
                continue
            count += 1
            yield _record_item(record, f"{source}#record{count}")
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        yield ErrorEntry(source=source, reason=f"archive unreadable after {count} records: {exc}")


def _record_item(record: object, locator: str) -> Item:
    """One response or resource record as a document, or the reason it is not one."""
    url = record.rec_headers.get_header("WARC-Target-URI")  # type: ignore[attr-defined]
    http = record.http_headers  # type: ignore[attr-defined]
    if http is not None:
        status = http.get_statuscode() or ""
        if not status.startswith("2"):
            return ErrorEntry(source=locator, item=url, kind="skipped", reason=f"HTTP status {status}")
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""  # type: ignore[attr-defined]
    mime, _, params = content_type.partition(";")
    if mime.strip().lower() not in _HTML_TYPES:
        return ErrorEntry(source=locator, item=url, kind="skipped",
                          reason=f"non-HTML payload ({mime.strip() or 'no content type'})")
    try:
        payload = record.content_stream().read()  # type: ignore[attr-defined]
        return SourceDocument(read_html(payload, source=locator, url=url, charset=_charset(params)), locator, "warc")
    except InputError as exc:
        return ErrorEntry(source=locator, item=url, reason=str(exc))
    except (OSError, EOFError, ValueError) as exc:
        return ErrorEntry(source=locator, item=url, reason=f"record payload unreadable: {exc}")


def _charset(params: str) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None
