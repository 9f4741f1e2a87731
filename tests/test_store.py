"""The store: one test-suite, run on SQLite and (when RASID_TEST_PG_URL is set, as in CI) on PostgreSQL."""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasid.errors import ConfigurationError
from rasid.store import ErrorEntry, Store, StoredDocument, build_record, open_store
from rasid.store.schema import LATEST_VERSION, MIGRATIONS
from rasid.store.sqlite import SQLiteStore
from rasid.text.normalize import normalize_key
from rasid.text.searchkey import fold, query_readings, search_shadow, word_readings

PG_URL = os.environ.get("RASID_TEST_PG_URL")
BACKENDS = [
    "sqlite",
    pytest.param("postgres", marks=pytest.mark.skipif(not PG_URL, reason="RASID_TEST_PG_URL is not set (CI sets it)")),
]
_unique = itertools.count()


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh, empty store of each back end (PostgreSQL: a schema of its own, dropped afterwards)."""
    if request.param == "sqlite":
        with open_store(f"sqlite:///{tmp_path / 'store.db'}") as opened:
            yield opened
        return
    assert PG_URL
    schema = f"rasid_test_{uuid.uuid4().hex[:12]}"
    opened = open_store(PG_URL, schema=schema)
    try:
        yield opened
    finally:
        opened._execute(f"DROP SCHEMA {schema} CASCADE")
        opened.close()


def _document(text: str, url: str | None = None, **fields: str | None) -> StoredDocument:
    """A document whose key and hash derive from a counter, so every call is distinct."""
    n = next(_unique)
    return StoredDocument(doc_key=f"k{n}", id=f"d{n}", text=text, content_hash=f"h{n}", url=url,
                          ingested_at="2026-01-02T03:04:05Z", **fields)  # type: ignore[arg-type]


EVENT = {
    "event_type": "Battles", "sub_event_type": "Armed clash", "tags": ["offensive"],
    "date": {"value": "2019-01-20", "precision": "day"},
    "place": {"name_en": "Hajin", "lat": 34.69, "lon": 40.83, "place_id": "geonames:1", "geo_precision": 1},
    "actor1": "sdf", "actor2": "isis", "fatalities": {"low": 3, "best": 4, "high": 7},
    "attributed_to": "sohr", "evidence": [{"start": 0, "end": 5}],
}
CLAIM = {"subject": "fighters", "about": "isis", "where": "Hajin", "low": 100, "high": 150, "approx": True,
         "bound": None, "attributed_to": "sdf", "evidence": {"start": 0, "end": 4}}
CONTROL = {"place": {"name_en": "Hajin", "lat": 34.69, "lon": 40.83, "place_id": "geonames:1"}, "actor_id": "sdf",
           "status": "captured", "date": {"value": "2019-01-21", "precision": "day"}, "evidence": {"start": 0, "end": 3}}
PLACE = {"start": 0, "end": 4, "text": "هجين", "place_id": "geonames:1", "name_en": "Hajin", "lat": 34.69,
         "lon": 40.83, "kind": "town", "country": "SY", "admin1": "Deir ez-Zor"}


def _result(**layers: object) -> dict[str, object]:
    """A contract-shaped result with the given layers."""
    base: dict[str, object] = {"contract": 1, "id": "x", "published": {"value": "2019-01-22", "source": "given"},
                               "places": [], "actors": [], "persons": [], "times": [], "quantities": [],
                               "events": [], "claims": [], "control": []}
    return {**base, **layers}


def test_schema_is_at_the_latest_version_with_every_table(store: Store) -> None:
    assert store.schema_version() == LATEST_VERSION == MIGRATIONS[-1].version
    counts = store.counts()
    for table in ("documents", "mentions", "events", "claims", "control_observations", "merged_events", "errors",
                  "revisions"):
        assert counts[table] == 0
    for table in ("merged_event_members", "claim_groups", "claim_group_members", "control_timeline"):
        assert store._fetchall(f"SELECT COUNT(*) FROM {table}")[0][0] == 0


def test_migrations_are_ordered_and_reopening_applies_none_again(tmp_path: Path) -> None:
    versions = [m.version for m in MIGRATIONS]
    assert versions == sorted(set(versions)) and versions[0] == 1
    path = tmp_path / "again.db"
    SQLiteStore(path).close()
    with SQLiteStore(path) as reopened:
        rows = reopened._fetchall("SELECT version FROM schema_version ORDER BY version")
    assert [r[0] for r in rows] == versions


def test_a_database_from_a_newer_rasid_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    with SQLiteStore(path) as created:
        created._execute("INSERT INTO schema_version VALUES (?, ?, ?)", (LATEST_VERSION + 1, "future", "now"))
    with pytest.raises(ConfigurationError, match="newer"):
        SQLiteStore(path)


def test_a_folder_is_no_database(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="cannot open SQLite database"):
        SQLiteStore(tmp_path)


def test_a_file_that_is_no_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "not.db"
    path.write_bytes(b"this is not sqlite at all, just some bytes" * 100)
    with pytest.raises(ConfigurationError, match="not a usable SQLite database"):
        SQLiteStore(path)


def test_document_with_its_layers_round_trips(store: Store) -> None:
    doc = _document("هجين: اشتباكات عنيفة", url="https://example.org/a", title="عنوان", outlet="outlet",
                    published="2019-01-22", published_source="given", source="a.html", source_kind="html")
    result = _result(places=[PLACE], events=[EVENT], claims=[CLAIM], control=[CONTROL])
    store.add(build_record(doc, result))
    assert store.document(doc.doc_key) == doc
    assert store.result(doc.doc_key) == result
    [event] = store.events()
    assert (event.event_type, event.date, event.place_name, event.fatalities_best) == ("Battles", "2019-01-20",
                                                                                       "Hajin", 4.0)
    assert event.data == EVENT and event.event_no is not None
    [claim] = store.claims()
    assert (claim.subject, claim.about, claim.where, claim.low, claim.high) == ("fighters", "isis", "Hajin", 100, 150)
    [obs] = store.control()
    assert (obs.place_id, obs.actor_id, obs.status, obs.date) == ("geonames:1", "sdf", "captured", "2019-01-21")
    [mention] = store.mentions(doc.doc_key, "places")
    assert (mention.start, mention.end, mention.key, mention.data) == (0, 4, "geonames:1", PLACE)
    assert [r.row_key for r in store.revisions()] == [doc.doc_key]


_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
_opt_text = st.none() | _text
_number = st.none() | st.integers(-10**6, 10**6) | st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
_json = st.recursive(st.none() | st.booleans() | st.integers(-10**9, 10**9) | _text,
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
                     max_leaves=8)
_event = st.fixed_dictionaries(
    {"event_type": _opt_text, "date": st.fixed_dictionaries({"value": _opt_text, "precision": _opt_text}),
     "place": st.fixed_dictionaries({"name_en": _opt_text, "lat": _number, "lon": _number}),
     "fatalities": st.fixed_dictionaries({"low": _number, "best": _number, "high": _number})},
    optional={"extra": _json, "actor1": _opt_text},
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_text.filter(str.strip), title=_opt_text, url=_opt_text, events=st.lists(_event, max_size=3),
       claims=st.lists(st.dictionaries(_text, _json, max_size=4), max_size=2))
def test_round_trip_property(store: Store, text: str, title: str | None, url: str | None,
                             events: list[dict[str, object]], claims: list[dict[str, object]]) -> None:
    doc = _document(text, url=None if url is None else f"{url}#{next(_unique)}", title=title)
    result = _result(events=events, claims=claims)
    with store.batch():
        store.add(build_record(doc, result))
    assert store.document(doc.doc_key) == doc
    assert store.result(doc.doc_key) == result
    assert [e.data for e in store.events(doc.doc_key)] == events
    assert [c.data for c in store.claims(doc.doc_key)] == claims
    assert store.find_document("no-such-hash", doc.url) == (doc.doc_key if doc.url else None)


def test_find_document_by_content_hash_or_url(store: Store) -> None:
    doc = _document("نص", url="https://example.org/page")
    store.add(build_record(doc, _result()))
    assert store.find_document(doc.content_hash) == doc.doc_key
    assert store.find_document("another-hash", "https://example.org/page") == doc.doc_key
    assert store.find_document("another-hash", "https://example.org/other") is None
    assert store.find_document("another-hash") is None


def test_a_failed_batch_stores_nothing(store: Store) -> None:
    first, second = _document("أول"), _document("ثان")
    with pytest.raises(RuntimeError), store.batch():
        store.add(build_record(first, _result(events=[EVENT])))
        store.add_error(ErrorEntry(source="x", reason="y"))
        raise RuntimeError("interrupted")
    store.add(build_record(second, _result()))
    counts = store.counts()
    assert (counts["documents"], counts["events"], counts["errors"], counts["revisions"]) == (1, 0, 0, 1)


def test_a_document_stored_meanwhile_is_reported_and_the_batch_goes_on(store: Store) -> None:
    doc = _document("نص مكرر", url="https://example.org/same")
    assert store.add(build_record(doc, _result(events=[EVENT])))
    twin = StoredDocument(doc_key="other", id="other", text=doc.text, content_hash=doc.content_hash)
    same_url = StoredDocument(doc_key="third", id="third", text="نص آخر", content_hash="h-x", url=doc.url)
    later = _document("نص لاحق")
    with store.batch():
        assert not store.add(build_record(twin, _result(events=[EVENT])))
        assert not store.add(build_record(same_url, _result()))
        assert store.add(build_record(later, _result(events=[EVENT])))
    counts = store.counts()
    assert (counts["documents"], counts["events"], counts["revisions"]) == (2, 2, 2)
    assert store.document("other") is None and store.document(later.doc_key) == later


def test_other_integrity_errors_are_not_swallowed(store: Store) -> None:
    broken = build_record(_document("نص"), _result(events=[EVENT]))
    bad_event = replace(broken.events[0], doc_key="no-such-document")
    with pytest.raises(Exception, match=r"(?i)foreign key"):
        store.add(replace(broken, events=(bad_event,)))
    assert store.counts()["documents"] == 0


def test_errors_round_trip_in_order(store: Store) -> None:
    entries = [ErrorEntry("a.html", "broken encoding: byte 3 is not valid utf-8", None, "failed", "t1"),
               ErrorEntry("b.warc#record2", "non-HTML payload (image/png)", "https://x/y.png", "skipped", "t2")]
    for entry in entries:
        store.add_error(entry)
    assert store.errors() == entries
    store.add_error(replace(entries[0], at="t3"))
    assert store.errors() == [replace(entries[0], at="t3", seen=2), entries[1]]


def test_migration_keeps_one_row_per_error_already_logged(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with SQLiteStore(path) as created:  # take the database back to version 3, with an error logged twice
        created._execute("DROP INDEX errors_once")
        created._execute("DROP TABLE document_duplicates")  # added by version 5
        created._execute("DROP INDEX control_timeline_day")
        created._execute("DELETE FROM schema_version WHERE version >= 4")
        created._execute("ALTER TABLE errors DROP COLUMN seen")
        for at in ("t1", "t2"):
            created._execute("INSERT INTO errors (at, kind, source, reason) VALUES (?, 'failed', 'a.html', 'why')",
                             (at,))
    with SQLiteStore(path) as migrated:
        assert migrated.schema_version() == LATEST_VERSION
        assert migrated.errors() == [ErrorEntry("a.html", "why", None, "failed", "t1")]


@pytest.mark.parametrize(
    ("text", "query", "found"),
    [
        ("تقدمت القوات نحو الباغوز فوقاني", "بالباغوز", True),
        ("قصف عنيف بالباغوز صباحا", "الباغوز", True),
        ("قصف عنيف بالباغوز صباحا", "باغوز", True),
        ("وصلت التعزيزات والباغوز محاصرة", "الباغوز قصف", False),
        ("وصلت التعزيزات والباغوز محاصرة", "الباغوز التعزيزات", True),
        ("أعلن المجلس في إعزاز عن اتفاق", "اعزاز", True),
        ("مدرسةٌ في القريةِ", "مدرسة القرية", True),
        ("اجتماع في دمشق", "حلب", False),
        ("للمدنيين حق العودة", "المدنيين", True),
    ],
)
def test_search_folds_clitics_and_spelling(store: Store, text: str, query: str, found: bool) -> None:
    doc = _document(text)
    store.add(build_record(doc, _result()))
    store.add(build_record(_document("نص آخر لا علاقة له"), _result()))
    assert (store.search(query) == [doc.doc_key]) is found


def test_search_finds_the_title_too(store: Store) -> None:
    doc = _document("نص المقال", title="معارك في هجين")
    store.add(build_record(doc, _result()))
    assert store.search("بهجين") == [doc.doc_key]
    assert store.search("   ") == []


@pytest.mark.parametrize(
    ("word", "readings"),
    [
        ("بالباغوز", {"بالباغوز", "الباغوز", "باغوز"}),
        ("وللمدنيين", {"وللمدنيين", "للمدنيين", "لمدنيين", "مدنيين"}),
        ("هجين", {"هجين"}),
        ("بلد", {"بلد"}),
    ],
)
def test_word_readings(word: str, readings: set[str]) -> None:
    assert readings <= set(word_readings(word))
    assert all(len(r) >= 3 for r in word_readings(word))


@given(st.text(alphabet="ابتلكوفسالهجنيمدر ", max_size=30))
def test_every_query_word_is_found_in_its_own_shadow(text: str) -> None:
    shadow = set(search_shadow(text).split())
    assert all(any(r in shadow for r in group) for group in query_readings(text))


@given(st.text(max_size=60) | st.text(alphabet="إأآٱىةـًٌٍَُِّْ٠١٢٣ABCﻻﷲ\u200c\u00a0 ابتل", max_size=30))
def test_fold_is_normalize_key_without_offsets(text: str) -> None:
    assert fold(text) == normalize_key(text)


@pytest.mark.parametrize(
    ("url", "message"),
    [("sqlite://relative.db", "bad SQLite URL"), ("mysql://host/db", "unknown database URL"),
     ("sqlite:////no/such/folder/x.db", "folder")],
)
def test_bad_database_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        open_store(url)


def test_sqlite_urls_and_bare_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    open_store("sqlite:///relative.db").close()
    open_store(f"sqlite:///{tmp_path / 'absolute.db'}").close()
    open_store(str(tmp_path / "bare.db")).close()
    assert {p.name for p in tmp_path.glob("*.db")} == {"relative.db", "absolute.db", "bare.db"}
    with open_store("sqlite:///relative.db") as reopened:
        assert reopened._fetchall("PRAGMA journal_mode")[0][0] == "wal"
