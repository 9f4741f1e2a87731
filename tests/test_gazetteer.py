"""Integrity of the derived gazetteer and its data files; coverage of the sources; the importers."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from rasid.annotate.gazetteer import (
    PLACE_KINDS,
    WORLD_SECTIONS,
    default_gazetteer,
    read_places_tsv,
    world_entries,
)
from rasid.annotate.gazetteer_import import (
    extended_gazetteer,
    geonames_kind,
    read_geonames_dump,
    read_ocha_places,
)
from rasid.annotate.places import find_places
from rasid.annotate.romanize import arabic_key, english_key
from rasid.errors import InputError
from rasid.resources import data_path, load_yaml, read_text
from rasid.text.analyzed import analyze
from rasid.text.normalize import normalize_key

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is not available")
FIXTURES = Path(__file__).parent / "fixtures"


def test_places_tsv_schema() -> None:
    entries = read_places_tsv(read_text("gazetteer/places.tsv"))
    assert len(entries) > 10_000
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids))
    for entry in entries:
        assert entry.kind in PLACE_KINDS, entry
        assert -90 <= entry.lat <= 90 and -180 <= entry.lon <= 180, entry
        assert entry.id.split(":", 1)[0] in {"geonames", "ucdp", "ocha", "opensyria"}, entry.id
        assert all(normalize_key(n) for n in entry.names_ar), entry


def test_derived_files_are_small() -> None:
    total = sum(p.stat().st_size for p in data_path("gazetteer").iterdir())
    assert total < 5_000_000


def test_world_file_schema_and_no_duplicate_keys() -> None:
    data = load_yaml("gazetteer/world.yaml")  # the strict loader refuses duplicate keys
    assert set(data) == set(WORLD_SECTIONS)
    entries = world_entries(data)
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids))
    owners: dict[tuple[str, str], set[str]] = {}
    for entry in entries:
        for name in entry.names_ar:
            owners.setdefault((normalize_key(name), entry.kind), set()).add(entry.id)
    assert not {k: v for k, v in owners.items() if len(v) > 1}, "two entries of one kind share a name"
    for entry in entries:
        assert entry.kind in PLACE_KINDS and entry.names_ar and entry.name_en
        for implied in entry.implies:
            assert implied in ids


def test_aliases_and_generic_files() -> None:
    gaz = default_gazetteer()
    aliases = load_yaml("gazetteer/aliases.yaml")
    for ident, names in aliases.items():
        entry = gaz.get(ident)
        assert entry is not None, ident
        assert {normalize_key(n) for n in names} <= {normalize_key(n) for n in entry.names_ar}
    generic = load_yaml("gazetteer/generic.yaml")["generic"]
    assert len(generic) == len(set(generic))
    assert all(normalize_key(w) == w for w in generic), "generic.yaml entries are stored normalized"
    assert not set(generic) & set(gaz.by_name)


def test_attribution_names_the_sources() -> None:
    text = read_text("gazetteer/ATTRIBUTION.md")
    for needle in ("GeoNames, geonames.org", "CC BY 4.0", "OpenSyria", "Sundberg", "Melander"):
        assert needle in text


@pytest.mark.parametrize(("arabic", "english"), [
    ("الشعفة", "Ash Sha‘fah"), ("السوسة", "As Susah"), ("البوبدران", "Albu Badran"), ("الكشمة", "Kashmah"),
    ("دير الزور", "Deir ez Zor"), ("الطيانة", "At Tayyanah"), ("المراشدة", "Al Marashidah"),
])
def test_romanization_key_links_scripts(arabic: str, english: str) -> None:
    assert arabic_key(arabic) == english_key(english)


@pytest.mark.parametrize(("arabic", "english"), [("الشعفة", "Hajin"), ("السوسة", "Al Marashidah")])
def test_romanization_key_separates_different_names(arabic: str, english: str) -> None:
    assert arabic_key(arabic) != english_key(english)


@needs_shared
def test_every_geonames_row_is_present() -> None:
    gaz = default_gazetteer()
    missing = []
    for line in (SHARED / "gazetteer/geonames/SY.txt").read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if cols[6] == "P" and gaz.get(f"geonames:{cols[0]}") is None:
            missing.append(cols[0])
    assert not missing


@needs_shared
def test_every_ucdp_location_is_present() -> None:
    gaz = default_gazetteer()
    ucdp = [e for e in gaz.entries if e.id.startswith("ucdp:")]
    with (SHARED / "events/ucdp/ucdp_syria_locations_2016_2019.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(ucdp) == len(rows)
    for row in rows:
        lat, lon = float(row["latitude"]), float(row["longitude"])
        assert any(abs(e.lat - lat) < 1e-4 and abs(e.lon - lon) < 1e-4 for e in ucdp), row


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))


@needs_shared
def test_campaign_villages_resolve_from_arabic_names() -> None:
    with (SHARED / "gazetteer/campaign_villages_seed.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 16
    for row in rows:
        text = f"وصلت القوات إلى بلدة {row['name_ar']} بعد معارك"
        found = [m for m in find_places(analyze(text)) if m.text == row["name_ar"]]
        assert found, row["name_ar"]
        assert found[0].lat is not None and found[0].lon is not None
        assert _km(found[0].lat, found[0].lon, float(row["lat"]), float(row["lon"])) < 10, row["name_ar"]


@pytest.mark.parametrize(("text", "surface", "lat", "lon"), [
    ("تقدمت القوات من هجين نحو بلدة الباغور", "الباغور", 34.4586, 40.9506),
    ("تقدمت القوات من هجين نحو قرية الشغفة", "الشغفة", 34.5789, 40.9344),
    ("سيطرت القوات على هجين والكمشة", "الكمشة", 34.6231, 40.9326),
    ("ديرالزور - أفاد ناشطون بوصول تعزيزات", "ديرالزور", 35.3359, 40.1408),
])
def test_known_misspellings_resolve(text: str, surface: str, lat: float, lon: float) -> None:
    found = [m for m in find_places(analyze(text)) if m.text == surface]
    assert found
    assert found[0].lat is not None and found[0].lon is not None
    assert _km(found[0].lat, found[0].lon, lat, lon) < 10


@pytest.mark.parametrize(("code", "population", "kind"), [
    ("PPLA", 0, "city"), ("PPLC", 0, "city"), ("PPLA2", 0, "city"), ("PPLA3", 0, "town"), ("PPL", 0, "village"),
    ("PPL", 50_000, "town"), ("PPL", 200_000, "city"),
])
def test_geonames_kind_mapping(code: str, population: int, kind: str) -> None:
    assert geonames_kind(code, population) == kind


def test_geonames_importer_reads_populated_places() -> None:
    entries = read_geonames_dump(FIXTURES / "geonames_mini.txt", {"01": "Al-Hasakah"})
    assert [e.id for e in entries] == ["geonames:900001", "geonames:900002", "geonames:900004"]
    first = entries[0]
    assert first.names_ar == ("تل زهرة",) and first.admin1 == "Al-Hasakah" and first.kind == "village"
    assert entries[1].kind == "city"
    assert entries[2].common, "a village named like an ordinary word needs a cue"


def test_geonames_importer_rejects_bad_rows(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("1\tonly three\tcolumns\n", encoding="utf-8")
    with pytest.raises(InputError, match="19 tab-separated columns"):
        read_geonames_dump(bad)


def test_ocha_importer_reads_lowest_admin_level() -> None:
    entries = read_ocha_places(FIXTURES / "ocha_mini.csv")
    assert [e.pcode for e in entries] == ["SY09020100099", "SY09020100100", "SY08000000777"]
    assert entries[0].names_ar == ("أم الرمانة",) and entries[0].admin1 == "Deir-ez-Zor"
    assert entries[0].id == "ocha:SY09020100099" and entries[0].country == "SY"


def test_ocha_importer_rejects_tables_without_names(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name,latitude,longitude\nx,1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="admin4Name_ar"):
        read_ocha_places(bad)


def test_imported_places_are_matched() -> None:
    gaz = extended_gazetteer(read_geonames_dump(FIXTURES / "geonames_mini.txt"),
                             read_ocha_places(FIXTURES / "ocha_mini.csv"))
    text = "قصفت المدفعية قرية أم الرمانة وتل قصب، ونزح سكان تل زهرة"
    found = {m.text: m for m in find_places(analyze(text), gazetteer=gaz)}
    assert found["أم الرمانة"].place_id == "ocha:SY09020100099"
    assert found["تل قصب"].place_id == "ocha:SY09020100100"
    assert found["تل زهرة"].place_id == "geonames:900001"
    assert "أم الرمانة" not in {m.text for m in find_places(analyze(text))}


def test_common_words_file_is_normalized() -> None:
    lines = [w for w in read_text("gazetteer/common_words.txt").splitlines() if w and not w.startswith("#")]
    assert len(lines) > 5_000
    words = [w.lstrip("!@") for w in lines]
    assert len(words) == len(set(words))
    assert all(normalize_key(w) == w for w in words)


def test_cues_file_schema() -> None:
    data = load_yaml("gazetteer/cues.yaml")
    classifiers = {normalize_key(k) for k in data["classifiers"]}
    for kinds in data["classifiers"].values():
        assert kinds and set(kinds) <= PLACE_KINDS
    assert {normalize_key(w) for w in data["weak"]} <= classifiers
    assert {normalize_key(k) for k in data["derived"]} <= classifiers
    assert all(v["kind"] in PLACE_KINDS and v["label"] for v in data["derived"].values())
    assert normalize_key(data["desert"]) in classifiers
    assert set(data["directions"].values()) <= {"eastern", "western", "northern", "southern"}
