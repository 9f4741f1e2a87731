"""HTML pages: the article body by trafilatura; title and publication date from meta tags, JSON-LD, or the dateline."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import lxml.html  # type: ignore[import-untyped]
import trafilatura
from lxml import etree  # type: ignore[import-untyped]

from rasid.errors import InputError
from rasid.ingest.dates import arabic_date, iso_date
from rasid.model import Document

# Magic numbers of payloads that are sometimes saved or served under an HTML name.
_MAGIC = (
    (b"%PDF", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"), (b"PK\x03\x04", "a ZIP archive"), (b"\x1f\x8b", "gzip-compressed data"),
    (b"RIFF", "a RIFF media file"), (b"\x00\x00\x01\x00", "an icon"),
)
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_HTML_TAG_RE = re.compile(r"<\s*(?:html|head|body|article|main|div|p|title|h1|section)\b", re.IGNORECASE)
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
_DATE_META = (
    "article:published_time", "og:published_time", "og:article:published_time", "datepublished", "pubdate",
    "publishdate", "publish-date", "publish_date", "publication_date", "sailthru.date", "dc.date.issued",
    "dcterms.issued", "dc.date", "dcterms.created", "date", "parsely-pub-date",
)
_TITLE_META = ("og:title", "twitter:title", "dc.title", "headline")
_DATELINE_HINT_RE = re.compile(r"date|time|publish|posted|byline|meta", re.IGNORECASE)
_PAGE_SIZE_LIMIT = 20_000_000
_BOILERPLATE_XPATH = "//nav | //footer | //aside | //menu | //*[@role='navigation'] | //*[@role='contentinfo']"


def read_html(data: bytes, *, source: str, url: str | None = None, charset: str | None = None) -> Document:
    """Turn the bytes of one HTML page into a Document, or raise InputError saying why it is not one."""
    if len(data) > _PAGE_SIZE_LIMIT:
        raise InputError(f"page is {len(data):,} bytes, over the {_PAGE_SIZE_LIMIT:,}-byte limit")
    _refuse_binary(data)
    markup = _decode(data, charset)
    if not _HTML_TAG_RE.search(markup[:100_000]):
        raise InputError("non-HTML payload: no HTML tags found")
    tree = _parse(markup)
    title = page_title(tree)
    published = page_date(tree)
    # Read before trafilatura runs: it prunes the tree it is given.
    dateline = " ".join(_dateline_texts(tree)) if published is None else ""
    _drop_boilerplate(tree)
    try:
        text = trafilatura.extract(tree, url=url, include_comments=False, include_tables=False, favor_precision=True)
    except Exception as exc:  # a third-party parser failing on one page must not stop the run
        raise InputError(f"article extraction failed: {type(exc).__name__}: {exc}") from exc
    if not text or not text.strip():
        raise InputError("empty article: no article body found in the page")
    if published is None:
        # The visible dateline; failing that, extraction infers the date from the article body itself.
        published = arabic_date(dateline)
    return Document(id=url or source, text=text.strip(), published=published, outlet=page_outlet(tree, url),
                    url=url, title=title)


def _drop_boilerplate(tree: Any) -> None:
    """Remove navigation, footers and asides, so trafilatura's fallbacks cannot mistake a menu for an article."""
    for element in tree.xpath(_BOILERPLATE_XPATH):
        if element.getparent() is not None:
            element.drop_tree()


def _refuse_binary(data: bytes) -> None:
    """Raise for images, PDFs, archives and other binary payloads."""
    head = data[:16]
    for magic, name in _MAGIC:
        if head.startswith(magic):
            raise InputError(f"non-HTML payload: the bytes are {name}")
    if b"\x00" in data[:4096]:
        raise InputError("non-HTML payload: binary data (NUL bytes)")


def _decode(data: bytes, declared: str | None) -> str:
    """Decode with the BOM, the declared charset, the page's meta charset, or UTF-8; strictly."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8):], "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16")
    match = _CHARSET_RE.search(data[:4096])
    charset = declared or (match[1].decode("ascii") if match else "utf-8")
    return _strict(data, charset)


def _strict(data: bytes, charset: str) -> str:
    """Decode strictly: a page with broken bytes is reported, never silently garbled."""
    try:
        return data.decode(charset)
    except LookupError as exc:
        raise InputError(f"broken encoding: unknown charset {charset!r}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"broken encoding: byte {exc.start} is not valid {charset}") from exc


def _parse(markup: str) -> Any:
    """An lxml tree of the page (the XML declaration is dropped: lxml refuses it on a str)."""
    try:
        return lxml.html.document_fromstring(_XML_DECL_RE.sub("", markup, count=1))
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"non-HTML payload: the markup cannot be parsed ({exc})") from exc


def _meta(tree: Any, names: tuple[str, ...]) -> str | None:
    """The first non-empty content of a <meta> whose name/property/itemprop is in `names`, by priority."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key in names and content and key not in found:
            found[key] = content
    return next((found[name] for name in names if name in found), None)


def _json_ld(tree: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object of the page, @graph members included."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                yield item
                graph = item.get("@graph")
                stack.extend(graph if isinstance(graph, list) else [])


def _json_ld_field(tree: Any, name: str) -> str | None:
    """The first string value of a JSON-LD field."""
    for item in _json_ld(tree):
        value = item.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def page_title(tree: Any) -> str | None:
    """The headline: og/twitter meta, JSON-LD headline, then <h1> or <title> (the <h1> when the title wraps it)."""
    title = _meta(tree, _TITLE_META) or _json_ld_field(tree, "headline")
    if title:
        return _squash(title)
    element, heading = tree.find(".//title"), tree.find(".//h1")
    page = _squash(element.text_content()) if element is not None else None
    h1 = _squash(heading.text_content()) if heading is not None else None
    if h1 and (not page or h1 in page):
        return h1  # <title> usually adds the site's name around the headline
    return page or h1


def _squash(text: str) -> str | None:
    """Whitespace collapsed, or None when nothing is left."""
    return " ".join(text.split()) or None


def page_date(tree: Any) -> str | None:
    """The publication date from meta tags, JSON-LD or a <time datetime>, as YYYY-MM-DD."""
    for candidate in (_meta(tree, _DATE_META), _json_ld_field(tree, "datePublished"),
                      _json_ld_field(tree, "dateCreated")):
        value = iso_date(candidate) or (arabic_date(candidate) if candidate else None)
        if value:
            return value
    for element in tree.iter("time"):
        value = iso_date(element.get("datetime"))
        if value:
            return value
    return None


def _dateline_texts(tree: Any) -> Iterator[str]:
    """Visible texts that usually carry the dateline: <time> elements and elements classed as dates."""
    seen = 0
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style"):
            continue
        marker = f"{element.get('class') or ''} {element.get('id') or ''}"
        if element.tag == "time" or _DATELINE_HINT_RE.search(marker):
            text = " ".join(element.text_content().split())
            if text and len(text) < 200:
                yield text
                seen += 1
                if seen >= 5:
                    return


def page_outlet(tree: Any, url: str | None) -> str | None:
    """The outlet: og:site_name, JSON-LD publisher name, or the URL's host."""
    name = _meta(tree, ("og:site_name", "application-name"))
    if name:
        return name
    for item in _json_ld(tree):
        publisher = item.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            return str(publisher["name"])
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None
