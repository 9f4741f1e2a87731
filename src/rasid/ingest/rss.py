"""RSS and Atom feeds (feedparser): one document per item, from its content or summary."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import feedparser  # type: ignore[import-untyped]
import lxml.html  # type: ignore[import-untyped]
from lxml import etree  # type: ignore[import-untyped]

from rasid.errors import InputError
from rasid.ingest.dates import any_date
from rasid.ingest.items import Item, SourceDocument
from rasid.model import Document
from rasid.store.records import ErrorEntry

_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article")
_BLANKS_RE = re.compile(r"[ \t\r\f\v]+")
_NEWLINES_RE = re.compile(r"\n\s*\n+")


def read_feed(data: bytes, *, source: str) -> Iterator[Item]:
    """Every item of a feed as a document or an error entry; a file that is no feed raises InputError."""
    parsed = feedparser.parse(data)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise InputError(f"not an RSS/Atom feed with items{f': {problem}' if problem else ''}")
    outlet = _clean(parsed.feed.get("title"))
    for number, entry in enumerate(parsed.entries, start=1):
        locator = f"{source}#item{number}"
        try:
            yield SourceDocument(entry_document(entry, outlet=outlet, locator=locator), locator, "rss")
        except InputError as exc:
            yield ErrorEntry(source=locator, reason=str(exc), item=_clean(entry.get("link")))


def entry_document(entry: Any, *, outlet: str | None, locator: str) -> Document:
    """One feed item: the longest of its content and summary as text; pubDate through ISO, RFC 822 or our grammar."""
    bodies = [c.get("value", "") for c in entry.get("content", []) if isinstance(c, dict)]
    bodies.append(entry.get("summary", "") or "")
    text = fragment_text(max(bodies, key=len))
    if not text:
        raise InputError("empty article: the feed item has no content or summary")
    published = any_date(entry.get("published")) or any_date(entry.get("updated")) or _parsed_date(entry)
    url = _clean(entry.get("link"))
    return Document(id=url or _clean(entry.get("id")) or locator, text=text, published=published, outlet=outlet,
                    url=url, title=_clean(entry.get("title")))


def _parsed_date(entry: Any) -> str | None:
    """The date feedparser itself understood (UTC), when the raw string did not parse."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}" if parsed else None


def fragment_text(markup: str) -> str:
    """Plain text of an HTML fragment, one line per block element."""
    if "<" not in markup:
        return _tidy(html.unescape(markup))
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return _tidy(html.unescape(re.sub(r"<[^>]+>", " ", markup)))
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    return _tidy(root.text_content())


def _tidy(text: str) -> str:
    """Collapse runs of spaces and blank lines."""
    lines = (_BLANKS_RE.sub(" ", line).strip() for line in text.split("\n"))
    return _NEWLINES_RE.sub("\n", "\n".join(line for line in lines if line)).strip()


def _clean(value: object) -> str | None:
    """A non-empty stripped string, or None."""
    return value.strip() or None if isinstance(value, str) else None
