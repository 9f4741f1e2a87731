"""Derive the compact gazetteer `src/rasid/data/gazetteer/places.tsv` from ../shared/data.

Sources: GeoNames Syria (SY.txt), OpenSyria admin levels 1-3, UCDP GED Syrian locations and the campaign
village table. UCDP locations (English only) get Arabic names from GeoNames entries nearby whose English or
romanized Arabic key matches (`rasid.annotate.romanize`), or from any GeoNames Arabic name with the same key.
A `common` flag marks village names that are also ordinary Arabic words (stop-word lists, frequent tokens of
a news corpus, tokens ANERcorp tags as non-locations) so that the matcher requires a cue before them.

Usage: python scripts/build_gazetteer.py [SHARED_DATA_DIR]
"""

from __future__ import annotations

import collections
import csv
import json
import math
import re
import sys
from pathlib import Path

from rasid.annotate.romanize import arabic_key, english_key
from rasid.text.normalize import normalize_key

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "rasid" / "data" / "gazetteer" / "places.tsv"
COMMON_OUT = OUT.with_name("common_words.txt")
COLUMNS = ["id", "kind", "name_en", "names_ar", "lat", "lon", "country", "admin1", "pcode", "population",
           "events", "common", "also", "source"]

# GeoNames admin1 codes of Syria -> OpenSyria governorate English names.
GEONAMES_ADMIN1 = {
    "01": "Al-Hasakah", "02": "Latakia", "03": "Quneitra", "04": "Raqqa", "05": "As-Suwayda", "06": "Daraa",
    "07": "Deir ez-Zor", "08": "Rif Dimashq", "09": "Aleppo", "10": "Hama", "11": "Homs", "12": "Idlib",
    "13": "Damascus", "14": "Tartus",
}
UCDP_SUFFIX_KIND = {
    "town": "town", "village": "village", "city": "city", "camp": "camp", "district": "district",
    "governorate": "governorate", "field": "facility", "fields": "facility", "oilfield": "facility",
    "dam": "facility", "base": "facility", "airbase": "facility", "airport": "facility", "factory": "facility",
    "checkpoint": "facility", "crossing": "crossing", "border": "region", "road": "region", "area": "region",
    "highway": "region", "suburb": "town", "mountain": "region", "hill": "region", "farm": "village",
}
ARABIC_RE = re.compile(r"[\u0600-\u06ff]")
ARABIC_WORD_RE = re.compile(r"[\u0621-\u064a]+")


def slug(text: str) -> str:
    """A lower-case ASCII id fragment."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def geonames_kind(code: str, population: int) -> str:
    """Kind of a GeoNames populated place from its feature code."""
    if code in ("PPLA", "PPLA2", "PPLC") or population >= 100_000:
        return "city"
    if code == "PPLA3" or population >= 10_000:
        return "town"
    return "village"


def read_geonames(path: Path) -> list[dict[str, object]]:
    """GeoNames rows (19-column dump) as entries."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 19 or cols[6] != "P":
            continue
        population = int(cols[14] or 0)
        arabic = [n for n in cols[3].split(",") if ARABIC_RE.search(n)]
        entries.append({
            "id": f"geonames:{cols[0]}", "kind": geonames_kind(cols[7], population), "name_en": cols[2],
            "names_ar": arabic, "lat": float(cols[4]), "lon": float(cols[5]), "country": "SY",
            "admin1": GEONAMES_ADMIN1.get(cols[10], ""), "pcode": "", "population": population, "events": 0,
            "also": [], "source": "geonames", "en_alts": [n for n in cols[3].split(",") if not ARABIC_RE.search(n)],
        })
    return entries


def read_opensyria(folder: Path) -> list[dict[str, object]]:
    """OpenSyria governorates, districts and subdistricts as entries."""
    govs = {g["id"]: g["name"]["en"] for g in json.loads((folder / "governorates.json").read_text("utf-8"))}
    entries = []
    for level, kind in (("governorates", "governorate"), ("districts", "district"), ("subdistricts", "subdistrict")):
        for rec in json.loads((folder / f"{level}.json").read_text("utf-8")):
            names = [rec["name"]["ar"]] + [a["value"] for a in rec.get("aliases", []) if a["language"] == "ar"]
            pcode = rec.get("externalIds", {}).get("ochaPcode", "")
            population = (rec.get("population") or {}).get("value") or 0
            entries.append({
                "id": f"ocha:{pcode}" if pcode else f"opensyria:{rec['id']}", "kind": kind,
                "name_en": rec["name"]["en"] + ("" if kind != "governorate" else " Governorate"),
                "names_ar": names, "lat": rec["centroid"]["latitude"], "lon": rec["centroid"]["longitude"],
                "country": "SY", "admin1": govs.get(rec.get("governorateId", rec["id"]), ""), "pcode": pcode,
                "population": int(population), "events": 0, "also": [f"opensyria:{rec['id']}"],
                "source": "opensyria", "en_alts": [],
            })
    return entries


def ucdp_admin1(name: str) -> str:
    """OpenSyria governorate name of a UCDP adm_1 label."""
    key = english_key(name.replace("Governorate", ""))
    for en in GEONAMES_ADMIN1.values():
        if english_key(en) == key:
            return en
    return ""


def ucdp_kind(name: str) -> str:
    """Kind from the last word of a UCDP location name."""
    last = name.split()[-1].lower() if name.split() else ""
    return UCDP_SUFFIX_KIND.get(last, "village")


def ucdp_base_name(name: str) -> str:
    """A UCDP name without its kind suffix."""
    words = name.split()
    if len(words) > 1 and words[-1].lower() in ("town", "village", "city"):
        words = words[:-1]
    return " ".join(words)


def read_ucdp(path: Path) -> list[dict[str, object]]:
    """UCDP Syrian locations as entries (English names only)."""
    entries = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = row["where_coordinates"].strip()
            ident = f"ucdp:{slug(name)}"
            while ident in seen:
                ident += "-2"
            seen.add(ident)
            entries.append({
                "id": ident, "kind": ucdp_kind(name), "name_en": ucdp_base_name(name), "names_ar": [],
                "lat": float(row["latitude"]), "lon": float(row["longitude"]), "country": "SY",
                "admin1": ucdp_admin1(row["adm_1"]), "pcode": "", "population": 0, "events": int(row["n_events"]),
                "also": [], "source": "ucdp", "en_alts": [], "ucdp_name": name,
            })
    return entries


def link_ucdp(ucdp: list[dict[str, object]], geonames: list[dict[str, object]]) -> set[str]:
    """Give UCDP entries Arabic names through the romanization key; return merged GeoNames ids."""
    by_arabic_key: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for g in geonames:
        for name in g["names_ar"]:  # type: ignore[attr-defined]
            by_arabic_key[arabic_key(name)][name] += 1
    merged: set[str] = set()
    for u in ucdp:
        if u["kind"] in ("region", "governorate", "district"):
            continue
        alternatives = [re.sub(r"\s+(town|village|city)$", "", a.strip(), flags=re.IGNORECASE)
                        for a in re.split(r"[/(),]| - ", str(u["name_en"]))]
        ukeys = {english_key(a) for a in alternatives if english_key(a)}
        if not ukeys:
            continue
        ukey = english_key(alternatives[0])
        best = None
        for g in geonames:
            if abs(g["lat"] - u["lat"]) > 0.15 or abs(g["lon"] - u["lon"]) > 0.15:  # type: ignore[operator]
                continue
            keys = {english_key(str(n)) for n in [g["name_en"], *g["en_alts"]]}  # type: ignore[list-item]
            keys |= {arabic_key(str(n)) for n in g["names_ar"]}  # type: ignore[attr-defined]
            if ukeys & keys:
                dist = km(u["lat"], u["lon"], g["lat"], g["lon"])  # type: ignore[arg-type]
                if dist <= 12 and (best is None or dist < best[0]):
                    best = (dist, g)
        if best is not None:
            g = best[1]
            u["names_ar"] = consistent_names(g, ukey)
            u["also"] = [g["id"]]
            u["population"] = g["population"]
            if (u["kind"], g["kind"]) in (("village", "town"), ("village", "city"), ("town", "city")):
                u["kind"] = g["kind"]
            merged.add(str(g["id"]))
        elif len(ukey) >= 4 and ukey in by_arabic_key:
            u["names_ar"] = [by_arabic_key[ukey].most_common(1)[0][0]]
    return merged


def consistent_names(g: dict[str, object], ukey: str) -> list[str]:
    """Arabic names of a GeoNames entry whose key agrees with its English name (alternates can be stray)."""
    names = [str(n) for n in g["names_ar"]]  # type: ignore[attr-defined]
    keys = {ukey, english_key(str(g["name_en"]))}
    agreeing = [n for n in names if arabic_key(n) in keys]
    return agreeing or names


def link_campaign(path: Path, ucdp: list[dict[str, object]]) -> None:
    """Add the campaign table's Arabic names to the UCDP entries they describe."""
    by_name = {str(u["ucdp_name"]): u for u in ucdp}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            target = by_name.get(row["name_en_ucdp"].strip())
            if target is None:
                continue
            names = [n.strip() for n in [row["name_ar"], *row["alt_names_ar"].split("|")] if n.strip()]
            target["names_ar"] = list(dict.fromkeys([*names, *target["names_ar"]]))  # type: ignore[misc]
            if row["ocha_admin3_pcode"]:
                target["pcode"] = row["ocha_admin3_pcode"]


def function_words(shared: Path) -> set[str]:
    """Normalized stop-words and number words: never a place without a classifier noun."""
    words: set[str] = set()
    for line in (shared / "lexicons/stopwords_mohataher/list.txt").read_text("utf-8").splitlines():
        words.add(normalize_key(line.strip()))
    for line in (shared / "lexicons/stopwords_linuxscout/stopwords_classified.csv").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            words.add(normalize_key(line.split("\t")[0]))
    for line in (shared / "lexicons/cldr_ar/ar_number_words_cldr_rbnf.tsv").read_text("utf-8").splitlines()[1:]:
        words.update(normalize_key(w) for w in line.split("\t")[1].split())
    words.discard("")
    return words


def person_words(shared: Path) -> set[str]:
    """Person-name tokens (ANERcorp PERS tokens and its person gazetteer) that are not location names."""
    loc: collections.Counter[str] = collections.Counter()
    pers: collections.Counter[str] = collections.Counter()
    for line in (shared / "ner/anercorp/ANERCorp.conll").read_text("utf-8").splitlines():
        parts = line.rsplit(" ", 1)
        if len(parts) == 2:
            key = normalize_key(parts[0])
            if parts[1].endswith("LOC"):
                loc[key] += 1
            elif parts[1].endswith("PERS"):
                pers[key] += 1
    words = {w for w, n in pers.items() if n >= 1 and loc[w] == 0}
    places = {normalize_key(x) for x in (shared / "ner/anercorp/ANERGazet_Loc.txt").read_text("utf-8").splitlines()}
    for line in (shared / "ner/anercorp/ANERGazet_Pers.txt").read_text("utf-8").splitlines():
        key = normalize_key(line)
        if key and not key.startswith("=") and key not in places:
            words.add(key)
    return words - function_words(shared) - {""}


def common_words(shared: Path) -> set[str]:
    """Normalized words that are ordinary Arabic (function words, frequent news tokens, non-location tokens)."""
    words = function_words(shared) | person_words(shared)
    counts: collections.Counter[str] = collections.Counter()
    loc: collections.Counter[str] = collections.Counter()
    for line in (shared / "ner/anercorp/ANERCorp.conll").read_text("utf-8").splitlines():
        parts = line.rsplit(" ", 1)
        if len(parts) == 2:
            key = normalize_key(parts[0])
            counts[key] += 1
            if parts[1].endswith("LOC"):
                loc[key] += 1
    words |= {w for w, n in counts.items() if n >= 2 and n > 4 * loc[w]}
    news: collections.Counter[str] = collections.Counter()
    for line in (shared / "news/saudinewsnet_2015_syria_iraq_conflict.jsonl").read_text("utf-8").splitlines():
        for word in ARABIC_WORD_RE.findall(normalize_key(json.loads(line).get("text", ""))):
            news[word] += 1
            # A word with a proclitic also attests its bare form (بجروح → جروح).
            if word[0] in "وفبلك" and len(word) > 4:
                news[word[1:]] += 1
    words |= {w for w, n in news.items() if n >= 2}
    words.discard("")
    return words


def mark_common(entries: list[dict[str, object]], common: set[str]) -> None:
    """Flag entries whose names are ordinary words or very short (well-known places are exempt)."""
    for e in entries:
        settled = e["kind"] in ("town", "village")
        known = int(e["events"]) >= 20 or (settled and int(e["population"]) >= 20_000)  # type: ignore[call-overload]
        if e["kind"] in ("governorate", "city") or known:
            e["common"] = 0
            continue
        names = [normalize_key(str(n)) for n in e["names_ar"] if str(n).strip()]  # type: ignore[attr-defined]
        e["common"] = int(any(n in common or (len(n.replace(" ", "")) <= 3) for n in names))


def write(entries: list[dict[str, object]]) -> None:
    """Write the TSV."""
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
        writer.writerow(COLUMNS)
        for e in entries:
            names = list(dict.fromkeys(str(n).replace("\t", " ").strip() for n in e["names_ar"]))  # type: ignore[attr-defined]
            writer.writerow([
                e["id"], e["kind"], e["name_en"], "|".join(n for n in names if n), f"{e['lat']:.5f}",
                f"{e['lon']:.5f}", e["country"], e["admin1"], e["pcode"], e["population"], e["events"],
                e.get("common", 0), "|".join(e["also"]), e["source"],  # type: ignore[arg-type]
            ])


def main() -> None:
    """Build the gazetteer."""
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    geonames = read_geonames(shared / "gazetteer/geonames/SY.txt")
    admin = read_opensyria(shared / "gazetteer/opensyria")
    ucdp = read_ucdp(shared / "events/ucdp/ucdp_syria_locations_2016_2019.csv")
    merged = link_ucdp(ucdp, geonames)
    link_campaign(shared / "gazetteer/campaign_villages_seed.csv", ucdp)
    for u in ucdp:
        u["also"] = list(u["also"])  # type: ignore[call-overload]
    kept = [g for g in geonames if g["id"] not in merged]
    entries = admin + ucdp + kept
    common = common_words(shared)
    mark_common(entries, common)
    write(entries)
    function, persons = function_words(shared), person_words(shared)
    COMMON_OUT.write_text(
        "# Ordinary Arabic words (normalized) derived by scripts/build_gazetteer.py from stop-word lists, number\n"
        "# words, frequent tokens of a news corpus and ANERcorp non-location and person tokens. A place name that\n"
        "# is one of them needs a cue; lines marked '!' are function words that need a classifier noun, lines\n"
        "# marked '@' person-name tokens (a small place named beside one is read as part of a person's name).\n"
        + "\n".join(("!" if w in function else "@" if w in persons else "") + w for w in sorted(common)) + "\n",
        encoding="utf-8")
    print(f"wrote {OUT} with {len(entries)} entries ({len(merged)} GeoNames rows merged into UCDP entries)")


if __name__ == "__main__":
    main()
