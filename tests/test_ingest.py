"""Ingest: HTML pages, RSS/Atom feeds, WARC archives, JSONL and folders, idempotently, bad items recorded."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import rasid.ingest.run as ingest_run
from rasid.cli import main
from rasid.errors import InputError
from rasid.ingest import format_summary, ingest_paths, iter_items
from rasid.ingest.dates import any_date, arabic_date, iso_date, rfc822_date
from rasid.ingest.html import read_html
from rasid.ingest.items import SourceDocument
from rasid.ingest.rss import fragment_text, read_feed
from rasid.ingest.walk import file_kind
from rasid.ingest.warc import read_warc
from rasid.store import ErrorEntry, open_store

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"

PARA1 = ("أعلنت فصائل محلية صباح اليوم أنها صدت هجوما على قرية تل الورد في ريف المحافظة الشرقي، بعد اشتباكات "
         "استمرت عدة ساعات مع مجموعات مسلحة تسللت من الجهة الجنوبية للقرية.")
PARA2 = ("وقال أحد السكان إن أصوات الانفجارات سمعت حتى ساعة متأخرة من الليل، وإن عشرات العائلات غادرت منازلها "
         "باتجاه البلدات المجاورة خوفا من تجدد المعارك في الأيام المقبلة.")
PARA3 = ("وأضاف المصدر أن فرق الإسعاف نقلت عددا من الجرحى إلى المستشفى الميداني، فيما لم تصدر أي جهة رسمية بيانا "
         "حول حصيلة الاشتباكات حتى لحظة إعداد هذا التقرير.")
TITLE = "صد هجوم على قرية تل الورد"
NAV = "الرئيسية أخبار رياضة اتصل بنا"


def _page(head: str = "", body_extra: str = "", paragraphs: tuple[str, ...] = (PARA1, PARA2, PARA3),
          charset: str = "utf-8") -> str:
    """An Arabic news page with navigation and footer boilerplate around the article."""
    paras = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="{charset}"><title>{TITLE} | موقع</title>'
            f"{head}</head><body><nav><ul><li>{NAV}</li></ul></nav>{body_extra}<article><h1>{TITLE}</h1>{paras}"
            "</article><footer>جميع الحقوق محفوظة للموقع 2019</footer></body></html>")


def _grammar_reads_arabic_dates() -> bool:
    """True once the date grammar (rasid.annotate.dates) resolves a plain day-month-year date."""
    return arabic_date("الأحد 20 كانون الثاني 2019") == "2019-01-20"


needs_grammar = pytest.mark.skipif(not _grammar_reads_arabic_dates(),
                                   reason="the Arabic date grammar does not resolve explicit dates yet")


# ---- HTML ---------------------------------------------------------------------------------------------------
def test_html_page_gives_text_title_and_meta_date() -> None:
    head = ('<meta property="og:title" content="صد هجوم على قرية تل الورد">'
            '<meta property="article:published_time" content="2019-01-20T23:30:00+03:00">'
            '<meta property="og:site_name" content="موقع الأخبار">')
    doc = read_html(_page(head).encode(), source="page.html", url="https://news.example/a/1")
    assert doc.title == TITLE
    assert doc.published == "2019-01-20"  # the date as printed, not shifted to UTC
    assert doc.outlet == "موقع الأخبار" and doc.url == "https://news.example/a/1" and doc.id == doc.url
    for paragraph in (PARA1, PARA2, PARA3):
        assert paragraph in doc.text
    assert NAV not in doc.text and "جميع الحقوق" not in doc.text


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle",'
         ' "headline": "x", "datePublished": "2018-09-10T08:00:00Z"}]}</script>', "", "2018-09-10"),
        ('<meta name="pubdate" content="2017-03-05">', "", "2017-03-05"),
        ("", '<time datetime="2016-11-02T10:00">قبل يومين</time>', "2016-11-02"),
        ('<meta itemprop="datePublished" content="2015-07-08">', "", "2015-07-08"),
    ],
)
def test_publication_date_sources(head: str, body: str, expected: str) -> None:
    assert read_html(_page(head, body).encode(), source="p.html").published == expected


def test_title_is_the_headline_the_title_element_wraps() -> None:
    assert read_html(_page().encode(), source="p.html").title == TITLE
    without_h1 = _page().replace(f"<h1>{TITLE}</h1>", "")
    assert read_html(without_h1.encode(), source="p.html").title == f"{TITLE} | موقع"


@needs_grammar
def test_visible_arabic_dateline_is_read_by_our_grammar() -> None:
    body = '<div class="post-date">نشر في الأحد 20 كانون الثاني 2019</div>'
    assert read_html(_page("", body).encode(), source="p.html").published == "2019-01-20"


@needs_grammar
def test_an_undated_page_gets_the_date_extraction_infers(tmp_path: Path) -> None:
    dated = PARA2.replace("حتى ساعة متأخرة من الليل", "حتى ساعة متأخرة من ليل 14 آذار 2018")
    page = tmp_path / "undated.html"
    page.write_text(_page(paragraphs=(PARA1, dated, PARA3)), encoding="utf-8")
    assert read_html(page.read_bytes(), source="undated.html").published is None
    with open_store(f"sqlite:///{tmp_path / 'r.db'}") as store:
        ingest_paths([page], store)
        [doc] = store.documents()
    assert (doc.published, doc.published_source) == ("2018-03-14", "inferred")


def test_legacy_arabic_charset_is_decoded() -> None:
    data = _page(charset="windows-1256").encode("cp1256")
    doc = read_html(data, source="p.html")
    assert PARA1 in doc.text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "non-HTML payload: the bytes are a PNG image"),
        (b"%PDF-1.4 whatever", "non-HTML payload: the bytes are a PDF document"),
        (b"just some plain words, no markup at all", "non-HTML payload: no HTML tags"),
        (_page().encode()[:200] + b"\xff\xfe\xfa" + _page().encode()[200:], "broken encoding"),
        (_page(charset="no-such-charset").encode(), "broken encoding: unknown charset"),
        (b"<html><body><nav>" + NAV.encode() + b"</nav></body></html>", "empty article"),
    ],
)
def test_bad_pages_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        read_html(data, source="bad.html")


# ---- RSS / Atom ----------------------------------------------------------------------------------------------
RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>نشرة الأخبار</title><link>https://news.example</link>
<item><title>{TITLE}</title><link>https://news.example/a/1</link>
<pubDate>Mon, 21 Jan 2019 01:30:00 +0300</pubDate>
<description><![CDATA[<p>{PARA1}</p><p>{PARA2}</p>]]></description></item>
<item><title>عنوان ثان</title><link>https://news.example/a/2</link><pubDate>Tue, 22 Jan 2019 10:00:00 GMT</pubDate>
<description>{PARA3}</description></item>
<item><title>خبر بلا نص</title><link>https://news.example/a/3</link><description></description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>موقع</title><id>urn:x</id><updated>2019-02-01T00:00:00Z</updated>
<entry><title>{TITLE}</title><id>urn:x:1</id><link href="https://news.example/b/1"/>
<published>2019-02-01T22:00:00-05:00</published><updated>2019-02-02T09:00:00Z</updated>
<content type="html">&lt;p&gt;{PARA1}&lt;/p&gt;</content></entry></feed>"""


def test_rss_items_with_text_title_and_local_date() -> None:
    items = list(read_feed(RSS.encode(), source="feed.rss"))
    docs = [i.document for i in items if isinstance(i, SourceDocument)]
    assert [d.title for d in docs] == [TITLE, "عنوان ثان"]
    assert [d.published for d in docs] == ["2019-01-21", "2019-01-22"]
    assert docs[0].text == f"{PARA1}\n{PARA2}" and docs[1].text == PARA3
    assert docs[0].url == "https://news.example/a/1" and docs[0].outlet == "نشرة الأخبار"
    [error] = [i for i in items if isinstance(i, ErrorEntry)]
    assert error.source == "feed.rss#item3" and "empty article" in error.reason


def test_atom_entry() -> None:
    [item] = list(read_feed(ATOM.encode(), source="feed.atom"))
    assert isinstance(item, SourceDocument)
    assert (item.document.title, item.document.published, item.document.text) == (TITLE, "2019-02-01", PARA1)


@needs_grammar
def test_arabic_pubdate_goes_through_our_grammar() -> None:
    feed = RSS.replace("Mon, 21 Jan 2019 01:30:00 +0300", "الأحد 20 كانون الثاني 2019")
    first = next(iter(read_feed(feed.encode(), source="feed.rss")))
    assert isinstance(first, SourceDocument) and first.document.published == "2019-01-20"


def test_a_file_that_is_no_feed_is_refused() -> None:
    with pytest.raises(InputError, match="not an RSS/Atom feed"):
        list(read_feed(b"<?xml version='1.0'?><sitemap><url>x</url></sitemap>", source="x.xml"))


@pytest.mark.parametrize(
    ("markup", "text"),
    [("<p>أ</p><p>ب</p>", "أ\nب"), ("سطر &amp; آخر", "سطر & آخر"), ("أ<br>ب", "أ\nب"), ("  ", "")],
)
def test_fragment_text(markup: str, text: str) -> None:
    assert fragment_text(markup) == text


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2019-01-20T23:30:00+03:00", "2019-01-20"), ("2019-13-01", None), ("Sun, 20 Jan 2019 23:30:00 +0300",
                                                                          "2019-01-20"),
     ("", None), (None, None), ("garbage", None)],
)
def test_metadata_date_forms(value: str | None, expected: str | None) -> None:
    assert (iso_date(value) or rfc822_date(value)) == expected
    if expected:
        assert any_date(value) == expected


# ---- WARC ----------------------------------------------------------------------------------------------------
def _warc(path: Path, *, gzip: bool) -> None:
    """A small crawl: an article, an image, a 404 page, and a request record (ignored)."""
    head = '<meta property="article:published_time" content="2019-03-01T10:00:00Z">'
    records = [
        ("https://news.example/a/7", "200 OK", "text/html; charset=utf-8", _page(head).encode()),
        ("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32),
        ("https://news.example/gone", "404 Not Found", "text/html", b"<html><body>not found</body></html>"),
    ]
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        for url, status, content_type, payload in records:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                          http_headers=headers))
        writer.write_record(writer.create_warc_record("https://news.example/a/7", "request",
                                                      payload=io.BytesIO(b"GET /a/7 HTTP/1.1\r\n\r\n")))


@pytest.mark.parametrize("gzip", [False, True])
def test_warc_html_responses_become_documents(tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    _warc(path, gzip=gzip)
    assert file_kind(path) == "warc"
    with path.open("rb") as stream:
        items = list(read_warc(stream, source=str(path)))
    [doc] = [i.document for i in items if isinstance(i, SourceDocument)]
    assert (doc.url, doc.title, doc.published) == ("https://news.example/a/7", TITLE, "2019-03-01")
    assert PARA2 in doc.text
    skipped = [i for i in items if isinstance(i, ErrorEntry)]
    assert [(e.kind, e.reason) for e in skipped] == [("skipped", "non-HTML payload (image/png)"),
                                                     ("skipped", "HTTP status 404")]


def test_truncated_warc_keeps_what_was_read(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    _warc(path, gzip=True)
    path.write_bytes(path.read_bytes()[:-40])
    with path.open("rb") as stream:
        items = list(read_warc(stream, source=str(path)))
    assert any(isinstance(i, SourceDocument) for i in items)


# ---- folders, the store, idempotency, the summary and the CLI ------------------------------------------------
def _folder(root: Path) -> Path:
    """A folder with one file of each kind, a bad JSONL line, an unknown file and a broken page."""
    corpus = root / "in"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "page.html").write_text(_page('<meta name="date" content="2019-01-05">'), encoding="utf-8")
    (corpus / "feed.xml").write_text(RSS, encoding="utf-8")
    _warc(corpus / "sub" / "crawl.warc.gz", gzip=True)
    lines = [json.dumps({"id": "j1", "text": "اشتباكات في ريف المدينة أمس", "published": "2019-01-10"},
                        ensure_ascii=False), "{not json", json.dumps({"id": "j2", "text": "  "})]
    (corpus / "docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (corpus / "notes.txt").write_text("ملاحظات", encoding="utf-8")
    (corpus / "broken.html").write_bytes(b"<html><body><p>\xff\xfe bad bytes</p></body></html>")
    (corpus / ".hidden.html").write_text(_page(), encoding="utf-8")
    return corpus


def test_folder_ingest_is_idempotent_and_records_every_bad_item(tmp_path: Path) -> None:
    corpus = _folder(tmp_path)
    with open_store(f"sqlite:///{tmp_path / 'r.db'}") as store:
        first = ingest_paths([corpus], store, batch_size=2)
        # New: page.html, two RSS items, one JSONL line. The WARC article has page.html's text: a duplicate.
        assert (first.new, first.duplicate) == (4, 1)
        reasons = {e.source.rsplit("/", 1)[-1]: e.reason for e in store.errors() if e.kind == "failed"}
        assert "line is not valid JSON" in reasons["docs.jsonl:2"]
        assert "'text' is empty" in reasons["docs.jsonl:3"]
        assert reasons["feed.xml#item3"].startswith("empty article")
        assert reasons["broken.html"].startswith("broken encoding")
        assert first.failed == 4 and first.skipped == 3  # notes.txt, the PNG and the 404 record
        second = ingest_paths([corpus], store)
        assert (second.new, second.duplicate, second.failed) == (0, 5, 4)
        assert store.counts()["documents"] == 4
        assert len({d.content_hash for d in store.documents()}) == 4
        text = format_summary(second)
        assert "0 new, 5 duplicate, 4 failed" in text and "broken.html: broken encoding" in text


def test_lone_surrogates_and_stage_crashes_are_recorded_and_the_run_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ['{"id": "s1", "text": "\\ud800 نص مكسور"}', '{"id": "s2", "text": "نص سليم عن اشتباكات"}',
             '{"id": "s3", "text": "نص سليم آخر يوقف مرحلة"}']
    path = tmp_path / "s.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    def crash_on_s3(document: object) -> dict[str, object]:
        if getattr(document, "id", "") == "s3":
            raise SystemError("a stage crashed")
        return original(document)

    original = ingest_run.process_document
    monkeypatch.setattr(ingest_run, "process_document", crash_on_s3)
    with open_store(f"sqlite:///{tmp_path / 'r.db'}") as store:
        summary = ingest_paths([path], store)
        assert (summary.new, summary.failed) == (1, 2)
        reasons = [e.reason for e in store.errors()]
        assert reasons[0].startswith("broken encoding: the text holds lone surrogate")
        assert reasons[1] == "internal error while extracting: SystemError: a stage crashed"


def test_same_url_is_one_document_even_when_the_text_changed(tmp_path: Path) -> None:
    line = {"id": "u1", "text": "خبر أول", "url": "https://news.example/x"}
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(json.dumps(line, ensure_ascii=False), encoding="utf-8")
    second.write_text(json.dumps({**line, "text": "خبر أول بعد التحديث"}, ensure_ascii=False), encoding="utf-8")
    with open_store(f"sqlite:///{tmp_path / 'r.db'}") as store:
        summary = ingest_paths([first, second], store)
        assert (summary.new, summary.duplicate) == (1, 1)


def test_missing_and_unreadable_files_are_recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "locked.html"
    page.write_text(_page(), encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    items = list(iter_items([tmp_path / "missing.html", page]))
    assert [(type(i).__name__, getattr(i, "reason", "")) for i in items] == [
        ("ErrorEntry", "unreadable file: no such file or folder"), ("ErrorEntry", "unreadable file: Permission denied")]


def test_a_named_file_of_unknown_kind_fails(tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    path.write_bytes(b"\x01\x02\x03")
    [item] = list(iter_items([path]))
    assert isinstance(item, ErrorEntry) and item.kind == "failed" and "unsupported file" in item.reason


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("a.json", '{"id": "1", "text": "نص"}\n', "jsonl"), ("b.json", '{\n  "gold": []\n}\n', None),
     ("c", "<rss version='2.0'></rss>", "feed"), ("d", "<!doctype html><html></html>", "html"),
     ("e", "WARC/1.1\r\n", "warc"), ("f.txt", "نص", None)],
)
def test_kind_by_content_when_the_suffix_says_nothing(tmp_path: Path, name: str, content: str,
                                                      kind: str | None) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert file_kind(path) == kind


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/corpus is not present")
def test_dev_corpus_twice_stores_each_document_once(tmp_path: Path) -> None:
    files = sorted(SHARED.glob("*/*.jsonl"))
    lines = [line for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    with open_store(f"sqlite:///{tmp_path / 'dev.db'}") as store:
        first = ingest_paths(files, store)
        second = ingest_paths(files, store)
        assert (first.new, first.failed) == (len(lines), 0)
        assert (second.new, second.duplicate) == (0, len(lines))
        assert store.counts()["documents"] == len(lines)
        assert sorted(d.id for d in store.documents()) == sorted(json.loads(line)["id"] for line in lines)
        assert store.counts()["events"] == first.events


def test_cli_ingest_then_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _folder(tmp_path)
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    assert main(["ingest", str(corpus), "--db", db, "--progress", "never"]) == 0
    out = capsys.readouterr().out
    assert "4 new, 1 duplicate, 4 failed" in out and "docs.jsonl:2: line is not valid JSON" in out
    output = tmp_path / "docs.jsonl.out"
    assert main(["export", "--format", "jsonl", "--db", db, "--output", str(output)]) == 0
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 4 and all(r["contract"] == 1 for r in records)


_markup = st.lists(st.sampled_from(["<html>", "<body>", "<p>", "</p>", "<div class='date'>", "</div>", "<meta ",
                                    "charset=cp1256>", "<title>", "<script>", "<rss>", "<item>", "<![CDATA[", "]]>",
                                    "&amp;", "&#0;", "\x00", "\ud7ff", "نص عربي ", "12 آذار 2019 ", "\xff"]),
                   max_size=40).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400) | _markup.map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_any_bytes_give_a_document_or_a_reasoned_error(data: bytes) -> None:
    try:
        doc = read_html(data, source="fuzz.html")
    except InputError as exc:
        assert str(exc)
    else:
        assert doc.text.strip()
    try:
        items = list(read_feed(data, source="fuzz.xml"))
    except InputError as exc:
        assert str(exc)
    else:
        assert all(isinstance(i, (SourceDocument, ErrorEntry)) for i in items)
    with io.BytesIO(data) as stream:
        assert all(isinstance(i, (SourceDocument, ErrorEntry)) for i in read_warc(stream, source="fuzz.warc"))
