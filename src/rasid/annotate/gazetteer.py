"""The gazetteer: bundled place entries indexed by normalized Arabic name, with an Aho–Corasick automaton.

Entries come from the derived `gazetteer/places.tsv`, the hand-written `world.yaml` and the curated
`aliases.yaml`; the automaton over every name variant is built once and cached.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import ahocorasick
import yaml

from rasid.errors import ResourceError
from rasid.resources import load_yaml, read_text
from rasid.text.normalize import normalize, normalize_key

PLACE_KINDS = frozenset({"country", "governorate", "district", "subdistrict", "city", "town", "village", "camp",
                         "facility", "crossing", "river", "region"})
DIRECTIONAL_RE = re.compile(r"^(Northern|Southern|Eastern|Western|Northeastern|Northwestern|Southeastern|"
                            r"Southwestern) .+ Governorate$")
SETTLEMENT_KINDS = frozenset({"city", "town", "village", "camp", "facility", "crossing"})
PLACES_FILE = "gazetteer/places.tsv"
WORLD_FILE = "gazetteer/world.yaml"
ALIASES_FILE = "gazetteer/aliases.yaml"
GENERIC_FILE = "gazetteer/generic.yaml"
COMMON_FILE = "gazetteer/common_words.txt"
WORLD_SECTIONS = {"countries": "country", "cities": "city", "rivers": "river", "regions": "region"}


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer place."""

    id: str
    kind: str
    name_en: str
    names_ar: tuple[str, ...]
    lat: float
    lon: float
    country: str | None
    admin1: str | None
    pcode: str = ""
    population: int = 0
    events: int = 0
    common: bool = False
    source: str = ""
    also: tuple[str, ...] = ()
    implies: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Pattern:
    """An automaton key as spelt in text, the indexed name it stands for, and whether it is fused (للبادية)."""

    name: str
    target: str
    fused: bool


@dataclass
class Gazetteer:
    """Entries indexed by normalized name, with the automaton of every name variant."""

    entries: list[Entry]
    by_name: dict[str, list[int]] = field(default_factory=dict)
    by_id: dict[str, int] = field(default_factory=dict)
    automaton: Any = None
    # (lat, name, entry) of every settlement not flagged as an ordinary word, sorted by latitude.
    settlements: list[tuple[float, str, Entry]] = field(default_factory=list)
    # The same settlements in 0.5-degree cells, for neighbourhood queries.
    cells: dict[tuple[int, int], list[tuple[float, str, Entry]]] = field(default_factory=dict)
    # (governorate English name, direction) -> entry for a part of a governorate ("Eastern Homs Governorate").
    directional: dict[tuple[str, str], Entry] = field(default_factory=dict)

    def candidates(self, name: str) -> list[Entry]:
        """Entries carrying the normalized name."""
        return [self.entries[i] for i in self.by_name.get(name, ())]

    def get(self, ident: str) -> Entry | None:
        """The entry with this id (or merged id)."""
        index = self.by_id.get(ident)
        return None if index is None else self.entries[index]


def name_variants(name: str) -> list[Pattern]:
    """Automaton keys of one normalized name: itself, spaces dropped before ال, and the لل fused form."""
    variants = [Pattern(name, name, False)]
    words = name.split(" ")
    if len(words) > 1 and any(w.startswith("ال") for w in words[1:]):
        glued = words[0] + "".join((w if w.startswith("ال") else " " + w) for w in words[1:])
        variants.append(Pattern(glued, name, False))
    elif len(words) == 2 and len(name) >= 8:
        # Two-word village names are often written joined (كفرنبل، تلعفر).
        variants.append(Pattern(words[0] + words[1], name, False))
    if name.startswith("ال") and len(name) > 3:
        variants.append(Pattern("لل" + name[2:], name, True))
    # A dash or tatweel between spaces vanishes in the normalized view and leaves a double space.
    for index, char in enumerate(name):
        if char == " " and len(words) <= 4:
            variants.append(Pattern(name[:index] + "  " + name[index + 1:], name, False))
    return variants


@cache
def generic_words() -> frozenset[str]:
    """Normalized words that are never a place on their own."""
    return frozenset(normalize_key(w) for w in fast_yaml(GENERIC_FILE)["generic"])


@cache
def common_words() -> frozenset[str]:
    """Normalized ordinary words (derived list plus the generic words)."""
    lines = read_text(COMMON_FILE).splitlines()
    return frozenset(normalize_key(w.lstrip("!@")) for w in lines if w and not w.startswith("#")) | generic_words()


@cache
def function_words() -> frozenset[str]:
    """Normalized stop-words and number words (marked '!' in the derived list)."""
    lines = read_text(COMMON_FILE).splitlines()
    return frozenset(normalize_key(w[1:]) for w in lines if w.startswith("!"))


@cache
def person_words() -> frozenset[str]:
    """Normalized person-name tokens (marked '@' in the derived list)."""
    lines = read_text(COMMON_FILE).splitlines()
    return frozenset(normalize_key(w[1:]) for w in lines if w.startswith("@"))


def _normalized_names(entries: list[Entry]) -> list[list[str]]:
    """Matching keys of every entry's names, normalized in one pass (normalization is per character)."""
    joined = "\n".join("|".join(n.replace("|", " ").replace("\n", " ") for n in e.names_ar) for e in entries)
    normalized = normalize(joined).text
    return [[" ".join(n.split()) for n in line.split("|")] if line else [] for line in normalized.split("\n")]


def build_gazetteer(entries: Iterable[Entry]) -> Gazetteer:
    """Index entries by name (generic words left out) and build the automaton."""
    gaz = Gazetteer(list(entries))
    generic = generic_words()
    for index, entry in enumerate(gaz.entries):
        gaz.by_id.setdefault(entry.id, index)
        for other in entry.also:
            gaz.by_id.setdefault(other, index)
    for index, keys in enumerate(_normalized_names(gaz.entries)):
        for key in keys:
            if key and key not in generic and index not in gaz.by_name.setdefault(key, []):
                gaz.by_name[key].append(index)
    automaton = ahocorasick.Automaton()
    for name in gaz.by_name:
        for pattern in name_variants(name):
            if pattern.name not in automaton:
                automaton.add_word(pattern.name, pattern)
    automaton.make_automaton()
    gaz.automaton = automaton
    for entry in gaz.entries:
        part = DIRECTIONAL_RE.match(entry.name_en)
        if part and entry.admin1 and entry.kind == "governorate":
            gaz.directional.setdefault((entry.admin1, part.group(1).lower()), entry)
    gaz.settlements = sorted(
        [(gaz.entries[i].lat, name, gaz.entries[i]) for name, indices in gaz.by_name.items() for i in indices
         if gaz.entries[i].kind in SETTLEMENT_KINDS and not gaz.entries[i].common], key=lambda t: (t[0], t[1]))
    for item in gaz.settlements:
        gaz.cells.setdefault(cell_of(item[2].lat, item[2].lon), []).append(item)
    return gaz


def _float(value: object, what: str) -> float:
    """A coordinate as float, or a ResourceError naming the entry."""
    try:
        number = float(str(value))
    except ValueError as exc:
        raise ResourceError(f"gazetteer entry {what}: bad coordinate {value!r}") from exc
    if math.isnan(number):
        raise ResourceError(f"gazetteer entry {what}: bad coordinate {value!r}")
    return number


def read_places_tsv(text: str) -> list[Entry]:
    """Entries of the derived places.tsv (plain tab-separated, no quoting)."""
    lines = text.splitlines()
    header = lines[0].split("\t")
    if header[:4] != ["id", "kind", "name_en", "names_ar"]:
        raise ResourceError(f"{PLACES_FILE}: unexpected header {header[:4]}; rebuild with scripts/build_gazetteer.py")
    col = {name: i for i, name in enumerate(header)}
    entries = []
    for line in lines[1:]:
        row = line.split("\t")
        entries.append(Entry(
            id=row[0], kind=row[1], name_en=row[2], names_ar=tuple(n for n in row[3].split("|") if n),
            lat=_float(row[col["lat"]], row[0]), lon=_float(row[col["lon"]], row[0]),
            country=row[col["country"]] or None, admin1=row[col["admin1"]] or None, pcode=row[col["pcode"]],
            population=int(row[col["population"]] or 0), events=int(row[col["events"]] or 0),
            common=row[col["common"]] == "1", source=row[col["source"]],
            also=tuple(a for a in row[col["also"]].split("|") if a),
        ))
    return entries


def world_entries(data: Mapping[str, Sequence[Mapping[str, Any]]]) -> list[Entry]:
    """Entries of the hand-written world file."""
    entries = []
    for section, default_kind in WORLD_SECTIONS.items():
        for rec in data.get(section, ()):
            entries.append(Entry(
                id=str(rec["id"]), kind=str(rec.get("kind", default_kind)), name_en=str(rec["en"]),
                names_ar=tuple(str(n) for n in rec["ar"]), lat=_float(rec["lat"], rec["id"]),
                lon=_float(rec["lon"], rec["id"]), country=rec.get("country"), admin1=rec.get("admin1"),
                common=bool(rec.get("cue", False)), source="rasid", implies=tuple(rec.get("implies", ())),
            ))
    return entries


def apply_aliases(entries: list[Entry], aliases: Mapping[str, Sequence[str]]) -> list[Entry]:
    """Add curated Arabic names to the entries they name."""
    by_id = {e.id: i for i, e in enumerate(entries)}
    out = list(entries)
    for ident, names in aliases.items():
        if ident not in by_id:
            raise ResourceError(f"{ALIASES_FILE}: unknown gazetteer id {ident!r}; check places.tsv or world.yaml")
        entry = out[by_id[ident]]
        merged = tuple(dict.fromkeys([*entry.names_ar, *names]))
        out[by_id[ident]] = Entry(**{**_fields(entry), "names_ar": merged, "common": False})
    return out


def _fields(entry: Entry) -> dict[str, Any]:
    """The fields of an entry as a dict (slots dataclasses have no __dict__)."""
    return {name: getattr(entry, name) for name in Entry.__dataclass_fields__}


def fast_yaml(name: str) -> Any:
    """Parse a bundled YAML file with libyaml when present (the strict loader runs in the integrity tests)."""
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return load_yaml(name)
    try:
        return yaml.load(read_text(name), Loader=loader)
    except yaml.YAMLError as exc:
        raise ResourceError(f"rasid/data/{name} is not valid YAML: {exc}") from exc


def bundled_entries() -> list[Entry]:
    """Every bundled entry, aliases applied."""
    entries = read_places_tsv(read_text(PLACES_FILE)) + world_entries(fast_yaml(WORLD_FILE))
    ids = [e.id for e in entries]
    if len(ids) != len(set(ids)):
        raise ResourceError("gazetteer ids must be unique across places.tsv and world.yaml")
    return apply_aliases(entries, fast_yaml(ALIASES_FILE) or {})


@cache
def default_gazetteer() -> Gazetteer:
    """The bundled gazetteer (loaded and indexed once)."""
    return build_gazetteer(bundled_entries())


def cell_of(lat: float, lon: float) -> tuple[int, int]:
    """The 0.5-degree grid cell of a point."""
    return math.floor(lat * 2), math.floor(lon * 2)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))
