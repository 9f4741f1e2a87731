"""Exports: ACLED columns exactly, RFC 7946 GeoJSON (checked here), Parquet tables, contract JSONL."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from rasid.cli import main
from rasid.export import EXPORT_COLUMNS, PARQUET_TABLES, acled_rows, feature_collection, write_acled_csv, write_jsonl
from rasid.export.acled import ACLED_COLUMNS, acled_date
from rasid.resources import load_yaml
from rasid.store import Store, StoredDocument, build_record, open_store

# Copied from the list, in its order.
ACLED_ORDER = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso", "region",
    "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
]
TEXT = "قال المرصد إن غارة جوية استهدفت بلدة الجرف أمس وقتلت ستة مدنيين. وتواصلت الاشتباكات في محيط البلدة."
STRIKE = {
    "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike", "tags": ["casualty_report"],
    "date": {"value": "2019-01-17", "precision": "day"},
    "place": {"name_en": "Al Jurf", "lat": 34.5, "lon": 40.9, "place_id": "geonames:9", "geo_precision": 1},
    "actor1": "coalition", "actor2": None, "victims": "civilians", "fatalities": {"low": 6, "best": 6, "high": 9},
    "attributed_to": "sohr", "evidence": [{"start": 0, "end": 71}],
}
CLASH = {
    "event_type": "Battles", "sub_event_type": "Armed clash", "tags": [],
    "date": {"value": "2019-01", "precision": "month"}, "place": {"name_en": "Al Jurf", "place_id": "geonames:9"},
    "actor1": "sdf", "actor2": "isis", "fatalities": None, "evidence": [{"start": 72, "end": len(TEXT)}],
}
NOWHERE = {"event_type": "Strategic developments", "sub_event_type": "Agreement", "date": None, "place": None}
PLACE = {"start": 47, "end": 51, "text": "الجرف", "place_id": "geonames:9", "name_en": "Al Jurf", "lat": 34.5,
         "lon": 40.9, "kind": "village", "country": "SY", "admin1": "Deir ez-Zor"}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A store with one document holding three events, a claim and a control observation."""
    with open_store(f"sqlite:///{tmp_path / 'x.db'}") as opened:
        doc = StoredDocument(doc_key="d1", id="d1", text=TEXT, content_hash="h1", outlet="نشرة", title="غارة",
                             ingested_at="2019-01-18T00:00:00Z")
        result = {"contract": 1, "id": "d1", "published": {"value": "2019-01-18", "source": "given"},
                  "places": [PLACE], "events": [STRIKE, CLASH, NOWHERE],
                  "claims": [{"subject": "civilian_deaths", "about": "coalition", "low": 6, "high": 6}],
                  "control": [{"place": {"name_en": "Al Jurf", "place_id": "geonames:9"}, "actor_id": "sdf",
                               "status": "contested", "date": {"value": "2019-01-17", "precision": "day"}}]}
        opened.add(build_record(doc, result))
        yield opened


def test_acled_csv_has_exactly_the_acled_columns_in_order_then_low_best_high(store: Store) -> None:
    assert list(ACLED_COLUMNS) == ACLED_ORDER
    buffer = io.StringIO()
    assert write_acled_csv(store, buffer) == 3
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert rows[0] == [*ACLED_ORDER, "low", "best", "high"] == list(EXPORT_COLUMNS)
    assert all(len(row) == len(rows[0]) for row in rows)


def test_acled_values(store: Store) -> None:
    strike, clash, nowhere = acled_rows(store)
    assert strike["event_id_cnty"] == "SYR1" and clash["event_id_cnty"] == "SYR2"
    assert (strike["event_date"], strike["year"], strike["time_precision"]) == ("2019-01-17", 2019, 1)
    assert (strike["disorder_type"], strike["sub_event_type"]) == ("Political violence", "Air/drone strike")
    assert strike["actor2"] == "Civilians (Syria)" and strike["inter2"] == 7
    assert strike["civilian_targeting"] == "Civilian targeting"
    assert (strike["iso"], strike["country"], strike["region"], strike["admin1"]) == (760, "Syria", "Middle East",
                                                                                      "Deir ez-Zor")
    assert (strike["fatalities"], strike["low"], strike["best"], strike["high"]) == (6, 6, 6, 9)
    assert strike["notes"] == TEXT[:71] and strike["tags"] == "casualty_report"
    assert strike["timestamp"] == 1547769600
    assert "نشرة" in strike["source"]
    assert clash["actor1"] == "Syrian Democratic Forces" and clash["actor2"] == "Islamic State"
    assert (clash["inter1"], clash["inter2"], clash["interaction"]) == (2, 2, 22)
    assert (clash["event_date"], clash["time_precision"]) == ("2019-01-15", 3)
    # Coordinates come from the event only; the document's mention of the same place adds admin names.
    assert clash["latitude"] == "" and clash["admin1"] == "Deir ez-Zor"
    assert (clash["fatalities"], clash["best"]) == (0, "")
    assert nowhere["event_date"] == "" and nowhere["disorder_type"] == "Strategic developments"


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [("2019-01-17", "day", ("2019-01-17", 1)), ("2019-01", "month", ("2019-01-15", 3)),
     ("2019", "year", ("2019-07-01", 3)), ("2019-01-10/2019-01-14", "interval", ("2019-01-12", 2)),
     ("2019-01-01/2019-01-31", "interval", ("2019-01-16", 3)), (None, None, ("", "")), ("P10D", "duration", ("", "")),
     ("2019-02-30", "day", ("", ""))],
)
def test_acled_dates(value: str | None, precision: str | None, expected: tuple[str, int | str]) -> None:
    assert acled_date(value, precision) == expected


def check_rfc7946(obj: Any) -> None:
    """Assert the RFC 7946 rules a FeatureCollection of points must follow."""
    assert isinstance(obj, dict) and obj.get("type") == "FeatureCollection"
    assert "crs" not in obj  # RFC 7946 §4: no crs member, WGS 84 only
    assert isinstance(obj.get("features"), list)
    for feature in obj["features"]:
        assert feature.get("type") == "Feature"
        assert "geometry" in feature and "properties" in feature  # §3.2: both members required (may be null)
        assert feature["properties"] is None or isinstance(feature["properties"], dict)
        if "id" in feature:
            assert isinstance(feature["id"], (str, int, float)) and not isinstance(feature["id"], bool)
        geometry = feature["geometry"]
        if geometry is None:
            continue
        assert geometry.get("type") == "Point"
        position = geometry.get("coordinates")
        assert isinstance(position, list) and 2 <= len(position) <= 3  # §3.1.1: [lon, lat(, alt)]
        assert all(isinstance(n, (int, float)) and not isinstance(n, bool) and math.isfinite(n) for n in position)
        assert -180 <= position[0] <= 180 and -90 <= position[1] <= 90
    json.dumps(obj, allow_nan=False)  # valid JSON: no NaN or Infinity


def test_geojson_is_rfc7946(store: Store) -> None:
    collection = feature_collection(store)
    check_rfc7946(collection)
    strike, clash, nowhere = collection["features"]
    assert strike["geometry"] == {"type": "Point", "coordinates": [40.9, 34.5]}  # longitude first
    assert clash["geometry"] is None and nowhere["geometry"] is None
    assert strike["properties"]["sub_event_type"] == "Air/drone strike"


@pytest.mark.parametrize(
    "bad",
    [{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point",
                                                                                 "coordinates": [34.5, 200.0]},
                                                 "properties": {}}]},
     {"type": "FeatureCollection", "crs": {}, "features": []},
     {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}}]}],
)
def test_the_geojson_check_catches_violations(bad: dict[str, Any]) -> None:
    with pytest.raises(AssertionError):
        check_rfc7946(bad)


def test_parquet_tables(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "pq"
    assert main(["export", "--format", "parquet", "--db", f"sqlite:///{tmp_path / 'x.db'}", "-o", str(folder)]) == 0
    counts = {name: pq.read_table(folder / f"{name}.parquet").num_rows for name in PARQUET_TABLES}
    assert counts == {"events": 3, "claims": 1, "control": 1, "documents": 1}
    events = pq.read_table(folder / "events.parquet").to_pylist()
    assert events[0]["sub_event_type"] == "Air/drone strike" and json.loads(events[0]["data_json"]) == STRIKE
    assert pq.read_table(folder / "documents.parquet").to_pylist()[0]["text"] == TEXT


def test_parquet_needs_a_folder(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "parquet", "--db", f"sqlite:///{tmp_path / 'x.db'}"]) == 1
    assert "--output FOLDER" in capsys.readouterr().err


def test_jsonl_and_cli_geojson(store: Store, tmp_path: Path) -> None:
    buffer = io.StringIO()
    assert write_jsonl(store, buffer) == 1
    assert json.loads(buffer.getvalue())["events"][0] == STRIKE
    out = tmp_path / "events.geojson"
    assert main(["export", "-f", "geojson", "--db", f"sqlite:///{tmp_path / 'x.db'}", "-o", str(out)]) == 0
    check_rfc7946(json.loads(out.read_text(encoding="utf-8")))


def test_acled_tables_data_file_is_well_formed() -> None:
    tables = load_yaml("acled.yaml")
    assert set(tables) == {"inter_codes", "disorder_types", "countries"}
    assert all(isinstance(code, int) and 1 <= code <= 8 for code in tables["inter_codes"].values())
    assert set(tables["disorder_types"]) == {"Battles", "Explosions/Remote violence", "Violence against civilians",
                                             "Protests", "Riots", "Strategic developments"}
    iso3 = [c["iso3"] for c in tables["countries"].values()]
    assert len(iso3) == len(set(iso3))
    for iso2, country in tables["countries"].items():
        assert len(iso2) == 2 and iso2.isupper() and len(country["iso3"]) == 3 and country["iso3"].isupper()
        assert isinstance(country["iso"], int) and country["name"] and country["region"]
