"""Plug a fuller gazetteer in: read a GeoNames country dump or an OCHA populated-places table as entries.

    from rasid.annotate.gazetteer_import import extended_gazetteer, read_geonames_dump, read_ocha_places
    gaz = extended_gazetteer(read_geonames_dump(Path("IQ.txt")), read_ocha_places(Path("syr_pplp.csv")))
    find_places(analyze(text), actors, gazetteer=gaz)

Imported village names that are ordinary Arabic words are flagged so the matcher wants a cue before them.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from rasid.annotate.gazetteer import Entry, Gazetteer, build_gazetteer, bundled_entries, common_words
from rasid.errors import InputError
from rasid.text.normalize import normalize_key

GEONAMES_COLUMNS = 19
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def geonames_kind(feature_code: str, population: int) -> str:
    """Kind of a GeoNames populated place: PPLA/PPLA2/PPLC city, PPLA3 town, PPL village (town if large)."""
    if feature_code in ("PPLA", "PPLA2", "PPLC") or population >= 100_000:
        return "city"
    if feature_code == "PPLA3" or population >= 10_000:
        return "town"
    return "village"


def is_common(kind: str, names: Sequence[str]) -> bool:
    """True when a village-level name is an ordinary word or too short to match without a cue."""
    if kind not in ("village", "town"):
        return False
    common = common_words()
    keys = [normalize_key(n) for n in names if n.strip()]
    return any(k in common or len(k.replace(" ", "")) <= 3 for k in keys)


def read_geonames_dump(path: Path, admin1_names: Mapping[str, str] | None = None) -> list[Entry]:
    """Populated places (feature class P) of a GeoNames country dump (19 tab-separated columns)."""
    entries = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read GeoNames dump {path}: {exc}") from exc
    for number, line in enumerate(lines, 1):
        cols = line.split("\t")
        if not line.strip():
            continue
        if len(cols) != GEONAMES_COLUMNS:
            raise InputError(f"{path}:{number}: expected {GEONAMES_COLUMNS} tab-separated columns, got {len(cols)}")
        if cols[6] != "P":
            continue
        entries.append(_geonames_entry(cols, admin1_names or {}))
    return entries


def _geonames_entry(cols: list[str], admin1_names: Mapping[str, str]) -> Entry:
    """One GeoNames row as an entry."""
    population = int(cols[14] or 0)
    kind = geonames_kind(cols[7], population)
    arabic = tuple(n for n in cols[3].split(",") if _ARABIC.search(n))
    return Entry(
        id=f"geonames:{cols[0]}", kind=kind, name_en=cols[2] or cols[1], names_ar=arabic, lat=float(cols[4]),
        lon=float(cols[5]), country=cols[8] or None, admin1=admin1_names.get(cols[10], cols[10]) or None,
        population=population, common=is_common(kind, arabic), source="geonames",
    )


def _lowest_level(header: Sequence[str]) -> int:
    """The most detailed admin level N with adminNName_ar in an OCHA table."""
    levels = [int(m.group(1)) for h in header if (m := re.fullmatch(r"admin(\d)Name_ar", h))]
    if not levels:
        raise InputError("OCHA table needs columns like admin4Name_ar, admin4Name_en, admin4Pcode, latitude, longitude")
    return max(levels)


def read_ocha_places(path: Path, kind: str = "village") -> list[Entry]:
    """Rows of an OCHA populated-places CSV (P-codes, Arabic and English names, coordinates)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise InputError(f"cannot read OCHA table {path}: {exc}") from exc
    if not rows:
        return []
    level = _lowest_level(list(rows[0]))
    entries = []
    for number, row in enumerate(rows, 2):
        names = tuple(n for n in re.split(r"[|;]", row.get(f"admin{level}Name_ar") or "") if n.strip())
        pcode = (row.get(f"admin{level}Pcode") or "").strip()
        try:
            lat, lon = float(row["latitude"]), float(row["longitude"])
        except (KeyError, ValueError) as exc:
            raise InputError(f"{path}:{number}: latitude/longitude missing or not numbers") from exc
        entries.append(Entry(
            id=f"ocha:{pcode}" if pcode else f"ocha:{path.stem}-{number}", kind=kind,
            name_en=row.get(f"admin{level}Name_en") or pcode, names_ar=names, lat=lat, lon=lon,
            country=(pcode[:2] or None), admin1=row.get("admin1Name_en") or None, pcode=pcode,
            common=is_common(kind, names), source="ocha",
        ))
    return entries


def extended_gazetteer(*extra: Iterable[Entry]) -> Gazetteer:
    """The bundled gazetteer plus imported entries (an id already present keeps the bundled entry)."""
    entries = bundled_entries()
    seen = {e.id for e in entries} | {a for e in entries for a in e.also}
    for batch in extra:
        for entry in batch:
            if entry.id not in seen:
                seen.add(entry.id)
                entries.append(entry)
    return build_gazetteer(entries)
