"""Event filters in SQL agree with the same filters applied in Python; corrections and rejections are logged."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apikit import corpus_store_url, fresh_store_url
from rasid.errors import InputError
from rasid.store import EventRow, Store, open_store
from rasid.store.review import EventFilter, correct_event, ensure_indexes, query_events, set_rejected


@pytest.fixture(scope="module")
def store() -> Store:
    opened = open_store(corpus_store_url())
    ensure_indexes(opened)
    return opened


def _matches(e: EventRow, f: EventFilter) -> bool:
    date = e.date or ""
    return ((not f.date_from or (e.date is not None and date >= f.date_from))
            and (not f.date_to or (e.date is not None and date[:len(f.date_to)] <= f.date_to))
            and (not f.event_type or e.event_type == f.event_type)
            and (not f.actor or f.actor in (e.actor1, e.actor2))
            and (not f.bbox or (e.lon is not None and e.lat is not None and f.bbox[0] <= e.lon <= f.bbox[2]
                                and f.bbox[1] <= e.lat <= f.bbox[3])))


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_sql_filters_agree_with_python(store: Store, data: st.DataObject) -> None:
    events = store.events()
    types = sorted({e.event_type for e in events if e.event_type})
    actors = sorted({a for e in events for a in (e.actor1, e.actor2) if a})
    days = sorted({e.date[:10] for e in events if e.date and len(e.date) >= 10})
    first, second = sorted([data.draw(st.sampled_from(days)), data.draw(st.sampled_from(days))])
    lon = data.draw(st.floats(34, 44))
    lat = data.draw(st.floats(30, 38))
    size = data.draw(st.floats(0.1, 6))
    flt = EventFilter(
        event_type=data.draw(st.none() | st.sampled_from(types)), actor=data.draw(st.none() | st.sampled_from(actors)),
        date_from=data.draw(st.none() | st.just(first)), date_to=data.draw(st.none() | st.just(second)),
        bbox=data.draw(st.none() | st.just((lon, lat, lon + size, lat + size))), limit=10_000)
    total, rows, _ = query_events(store, flt)
    expected = {e.event_key for e in events if _matches(e, flt)}
    assert total == len(rows) == len(expected)
    assert {e.event_key for e in rows} == expected
    assert [e.date or "" for e in rows] == sorted((e.date or "" for e in rows), reverse=True)


def test_correction_updates_row_and_log() -> None:
    with open_store(fresh_store_url()) as store:
        event = store.events()[0]
        updated = correct_event(store, event.event_key, "actor2", "civilians", "samir", "the victims")
        assert updated.actor2 == "civilians" and updated.data["actor2"] == "civilians"
        assert updated.data["review"]["corrected"] == ["actor2"]
        last = store.revisions()[-1]
        assert (last.action, last.row_key, last.detail["who"], last.detail["old"], last.detail["new"]) == (
            "correct", event.event_key, "samir", event.actor2, "civilians")
        with pytest.raises(InputError):
            correct_event(store, event.event_key, "doc_key", "x", "samir")
        with pytest.raises(InputError):
            correct_event(store, event.event_key, "lat", "north", "samir")
        with pytest.raises(InputError):
            correct_event(store, event.event_key, "date", "2019-13-01", "samir")
        monthly = correct_event(store, event.event_key, "date", "2019-02", "samir")
        assert (monthly.date, monthly.date_precision, monthly.data["date"]["precision"]) == ("2019-02", "month", "month")
        with pytest.raises(KeyError):
            correct_event(store, "missing:e0", "actor1", "isis", "samir")
        set_rejected(store, event.event_key, True, "samir", "duplicate")
        assert event.event_key not in {e.event_key for e in query_events(store, EventFilter(limit=10_000))[1]}
        assert store.revisions()[-1].action == "reject"


def test_ensure_indexes_is_idempotent(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "x.db")) as store:
        ensure_indexes(store)
        ensure_indexes(store)
        assert query_events(store, EventFilter())[0] == 0
