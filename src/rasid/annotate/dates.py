"""Time expressions resolved against the publication date, and the publication date inferred.

Grammar lives here; every word list (months, weekdays, relative words, vague phrases) is a data file under
`rasid/data/`, normalized with `normalize_key` on load. Each rule is one precompiled regex over the
normalized view; candidates from all rules (and durations from the quantities layer) compete, the longest
wins, and each kept candidate is resolved to an ISO value against the (given or inferred) publication date.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from typing import Any

import regex
from hijridate import Gregorian, Hijri

from rasid.model import Published, Quantity, TimeMention
from rasid.resources import load_yaml
from rasid.text.analyzed import AnalyzedText
from rasid.text.normalize import normalize_key

Match = Any  # regex.Match[str]; kept loose because types-regex generics vary between versions

# Left word boundary, then optional proclitics (و ف ب ل) that stay outside the mention's span.
_B = r"(?<![\p{L}\p{M}\p{N}])(?:[وف]?[بل]?(?=[\p{L}\p{N}]))?"
_E = r"(?![\p{L}\p{M}\p{N}])"  # right word boundary
_YEAR = r"(?:1[89]\d\d|20\d\d)(?!\d)"
_SPACES = regex.compile(r"\s+")
_WAW_SPACE = regex.compile(r"و\s+")
_WORD_START = regex.compile(r"[\p{L}\d]")
_WAW_DIGIT = regex.compile(r"و\s?\d")
_NEXT_WORD = regex.compile(r"\s*([\p{L}]+)")
_PREV_WORD = regex.compile(r"([\p{L}]+)\s*$")
# قبل يومين من الهجوم: two days before an event, not before publication (original or normalized text).
_ANCHORED_AFTER = regex.compile(r"\s+(?:من|على|علي)(?![\p{L}\p{M}])")
_DATE_CUE_BEFORE = regex.compile(r"(?<![\p{L}])(?:في|يوم|بتاريخ|تاريخ|منذ|حتي|ليله|صباح|مساء)\s*$")
_SENTENCE_END = regex.compile(r"[.!?؟\n]")
_YEAR_TOKEN = regex.compile(r"(?:1[89]|20)\d\d")
_QUANTITY_UNITS = {"day": "D", "days": "D", "hour": "H", "hours": "H", "week": "W", "weeks": "W", "month": "M",
                   "months": "M", "year": "Y", "years": "Y", "minute": "MIN", "minutes": "MIN", "decade": "DEC"}


# --------------------------------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Lexicon:
    """All date words, normalized, plus the compiled rule regexes built from them."""

    months: dict[str, int]
    ambiguous: frozenset[str]
    hijri: dict[str, int]
    ordinals: dict[str, int]
    feasts: dict[str, tuple[int, int]]
    weekdays: dict[str, int]
    day_offsets: dict[str, int]
    present: frozenset[str]
    blockers_after: frozenset[str]
    blockers_before: frozenset[str]
    anaphoric_after: frozenset[str]
    day_parts: frozenset[str]
    modifiers: dict[str, int]
    period_nouns: dict[str, str]
    partial: dict[str, str]
    seasons: dict[str, tuple[int, int]]
    decades: dict[str, int]
    centuries: dict[str, int]
    units: dict[str, str]
    duals: dict[str, tuple[int, str]]
    single_cues: tuple[str, ...]
    singulars: frozenset[str]
    ambiguous_units: frozenset[str]
    weak_cues: frozenset[str]
    duration_mods: dict[str, str]
    definite_counts: dict[str, int]
    duration_tails: frozenset[str]
    vague: dict[str, str]
    rules: tuple[tuple[str, Any], ...]
    triggers: dict[str, frozenset[str]]  # word -> categories of rules it can start (see _RULE_TRIGGERS)


def _squash(text: str) -> str:
    """Collapse whitespace runs to one space (lexicon keys are stored that way)."""
    return _SPACES.sub(" ", text)


def _keys(mapping: Iterable[str]) -> list[str]:
    """Normalized keys of a lexicon section."""
    return [normalize_key(k) for k in mapping]


def _norm_map(raw: dict[str, Any]) -> dict[str, Any]:
    """A lexicon section with normalized keys; a key that normalizes twice to different values is an error."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        norm = normalize_key(str(key))
        if norm in out and out[norm] != value:
            raise ValueError(f"lexicon key {key!r} collides with another spelling of a different value")
        out[norm] = tuple(value) if isinstance(value, list) else value
    return out


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of normalized words, longest first, spaces matching any whitespace run."""
    parts = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(regex.escape(w).replace(r"\ ", " ").replace(" ", r"\s+") for w in parts) + ")"


def _ordinal_pattern(units: dict[str, int], tens: dict[str, int], teen: str) -> tuple[str, dict[str, int]]:
    """The ordinal-day alternation (الخامس عشر، الحادي والعشرين) and its value table."""
    table: dict[str, int] = {}
    for u, uv in units.items():
        table[u] = uv
        table[f"{u} {teen}"] = 10 + uv
        for t, tv in tens.items():
            if tv >= 20 and tv + uv <= 31:
                table[f"{u} و{t}"] = tv + uv
    for t, tv in tens.items():
        table[t] = tv
    return _alt(table), table


def ordinal_value(text: str, table: dict[str, int]) -> int | None:
    """The day number of a normalized ordinal phrase."""
    return table.get(_squash(_WAW_SPACE.sub("و", text)))


@cache
def lexicon() -> Lexicon:
    """Load and normalize the date lexicons and compile the rules (once per process)."""
    months_doc = load_yaml("months.yaml")
    week_doc = load_yaml("weekdays.yaml")
    rel = load_yaml("relative_dates.yaml")
    months = {**_norm_map(months_doc["gregorian"]), **_norm_map(months_doc["levantine"]),
              **_norm_map(months_doc["maghrebi"])}
    units = _norm_map(months_doc["ordinal_units"])
    tens = _norm_map(months_doc["ordinal_tens"])
    ord_re, ordinals = _ordinal_pattern(units, tens, normalize_key(months_doc["ordinal_teen_suffix"]))
    lex = Lexicon(
        months=months,
        ambiguous=frozenset(_keys(months_doc["ambiguous"])),
        hijri=_norm_map(months_doc["hijri"]),
        ordinals=ordinals,
        feasts=_norm_map(months_doc["feasts"]),
        weekdays=_norm_map(week_doc["weekdays"]),
        day_offsets=_norm_map(rel["day_offsets"]),
        present=frozenset(_keys(rel["present"])),
        blockers_after=frozenset(_keys(rel["today_blockers_after"])),
        blockers_before=frozenset(_keys(rel["today_blockers_before"])),
        anaphoric_after=frozenset(_keys(rel["anaphoric_after"])),
        day_parts=frozenset(_keys(week_doc["day_parts"])),
        modifiers=_norm_map(rel["modifiers"]),
        period_nouns=_norm_map(rel["period_nouns"]),
        partial=_norm_map(rel["partial"]),
        seasons=_norm_map(rel["seasons"]),
        decades=_norm_map(rel["decades"]),
        centuries=_norm_map(rel["centuries"]),
        units=_norm_map(rel["duration_units"]),
        duals=_norm_map(rel["duration_duals"]),
        single_cues=tuple(_keys(rel["duration_single_cues"])),
        singulars=frozenset(_keys(rel["duration_singulars"])),
        ambiguous_units=frozenset(_keys(rel["duration_ambiguous"])),
        weak_cues=frozenset(_keys(rel["duration_weak_cues"])),
        duration_mods=_norm_map(rel["duration_modifiers"]),
        definite_counts=_norm_map(rel["definite_counts"]),
        duration_tails=frozenset(_keys(rel["duration_tails"])),
        vague=_norm_map(rel["vague"]),
        rules=(),
        triggers={},
    )
    rules = _compile_rules(lex, ord_re, _keys(week_doc["times_of_day"]), _keys(rel["this"]))
    return replace(lex, rules=rules, triggers=_trigger_words(lex))


# Which word categories can anchor each rule: a rule only runs in windows around its trigger words,
# which keeps the scan fast (alternations of hundreds of words are slow at every position).
_RULE_TRIGGERS = {
    "date": "MONTH", "date_rel_month": "PERIOD", "hijri_date": "HIJRI", "hijri_month": "HIJRI",
    "hijri_year": "NUM", "feast": "FEAST", "numeric": "NUM", "month": "MONTH", "year": "YEAR",
    "period": "PERIOD", "weekday": "WEEKDAY", "dayrel": "DAYREL", "present": "PRESENT", "ago": "UNIT",
    "duration": "UNIT", "running": "PERIOD", "interval_days": "MONTH", "interval_cross": "MONTH",
    "interval_months": "MONTH", "interval_years": "YEAR", "season": "SEASON", "decade": "DECADE", "vague": "VAGUE",
    "daypart": "DAYPART",
}
# Characters scanned before and after a trigger word: the most a rule's match reaches on each side of it.
_MARGINS = {"MONTH": (60, 60), "HIJRI": (60, 35), "WEEKDAY": (30, 15), "DAYREL": (22, 18), "PRESENT": (14, 14),
            "PERIOD": (60, 25), "UNIT": (30, 25), "NUM": (34, 14), "YEAR": (35, 22), "FEAST": (16, 14),
            "SEASON": (6, 22), "DECADE": (6, 32), "VAGUE": (30, 30),
            "DAYPART": (4, 2)}
_WEAK_WORDS = frozenset({"الي", "علي", "التي", "الذي", "من", "في"})


def _trigger_words(lex: Lexicon) -> dict[str, frozenset[str]]:
    """Map every word of every lexicon key to the categories of rules it may anchor."""
    sections: dict[str, Iterable[str]] = {
        "MONTH": lex.months, "HIJRI": lex.hijri, "WEEKDAY": lex.weekdays, "DAYREL": lex.day_offsets,
        "PRESENT": lex.present, "PERIOD": [*lex.period_nouns, "اليوم", "لشهر", "لعام", "لاسبوع", "ليوم", "لسنه"],
        "UNIT": [*lex.units, *lex.duals, *("ال" + u for u in lex.units)], "FEAST": lex.feasts,
        "SEASON": lex.seasons, "DECADE": lex.decades, "DAYPART": lex.day_parts,
    }
    out: dict[str, set[str]] = {}
    for category, keys in sections.items():
        for key in keys:
            for word in key.split():
                if len(word) >= 2 and word not in _WEAK_WORDS:
                    out.setdefault(word, set()).add(category)
    for key in lex.vague:
        # One word per vague phrase suffices (its longest, usually the rarest), keeping windows few.
        out.setdefault(max(key.split(), key=len), set()).add("VAGUE")
    return {w: frozenset(c) for w, c in out.items()}


# --------------------------------------------------------------------------------------------------- grammar


def _monx(lex: Lexicon, s: str = "") -> str:
    """A month name, optionally paired with its other-calendar name (يناير/كانون الثاني، آذار (مارس))."""
    mon = _alt(lex.months)
    return rf"(?P<mon{s}>{mon})(?:(?:\s*[/\\(-]\s*|\s+)(?P<mon2{s}>{mon})(?:\s*\))?)?{_E}"


def _yearx(lex: Lexicon, s: str = "") -> str:
    """An optional explicit year or relative modifier after a month."""
    yw = r"(?:ال)?(?:عام|سنه)"
    rel = _alt(lex.modifiers)
    return (rf"(?:\s*[,،]?\s*(?:من\s+)?(?:{yw}\s+)?(?P<year{s}>{_YEAR})(?:\s*م{_E})?"
            rf"|\s+(?:من\s+)?(?:{yw}\s+)?(?P<rel{s}>{rel}){_E})?")


def _compile_rules(lex: Lexicon, ordinal: str, tod_words: list[str], this_words: list[str]) -> tuple[
        tuple[str, Any], ...]:
    """Build every rule's regex from the lexicon (grammar here, words from the data files)."""
    # Over 60 lines on purpose: the whole grammar reads as one table of named patterns.
    tod = _alt(tod_words)
    wd = _alt(lex.weekdays)
    dayrel = _alt(lex.day_offsets)
    rel = _alt(lex.modifiers)
    part = _alt(lex.partial)
    hijri = _alt(lex.hijri)
    units = _alt(lex.units)
    duals = _alt(lex.duals)
    dmod = _alt(lex.duration_mods)
    period = _alt(lex.period_nouns)
    day = rf"(?:(?:ال\s?)?(?P<day>\d{{1,2}})(?![\d.,/:])|(?P<dayw>{ordinal}))"
    wdpre = (rf"(?:(?:(?P<tod>{tod})\s+)?(?:(?P<anchor>{dayrel})\s+)?(?P<wd>{wd})\s*[,،]?\s*"
             rf"(?:الموافق\s+)?)?")
    clock = r"(?:\s+(?:الساعه\s+)?\d{1,2}:\d{2}(?:\s*(?:صباحا|مساء|مساءا|ص|م)(?![\p{L}]))?)?"
    hsuffix = r"(?:\s*(?:ه|هجري|هجريه|للهجره)(?![\p{L}]))"
    d1 = r"(?:ال\s?)?(?P<d1>\d{1,2})(?![\d.,/:])"
    d2 = r"(?:ال\s?)?(?P<d2>\d{1,2})(?![\d.,/:])"
    patterns = {
        "date": rf"(?P<t>{wdpre}{day}\s*(?:من\s+)?(?:شهر\s+)?{_monx(lex)}{_yearx(lex)}{clock})",
        "date_rel_month": rf"(?P<t>{wdpre}{day}\s+(?:من\s+)?(?:هذا\s+)?الشهر(?:\s+(?P<rel>{rel}))?){_E}",
        "hijri_date": rf"(?P<t>{wdpre}{day}\s*(?:من\s+)?(?:شهر\s+)?(?P<hm>{hijri})\s*(?P<year>\d{{4}})?{hsuffix}?)",
        "hijri_month": rf"(?P<t>(?:(?P<shahr>شهر)\s+)?(?P<hm>{hijri})(?:\s+(?:(?P<year>\d{{4}}){hsuffix}?|(?P<rel>{rel}){_E}))?){_E}",
        "hijri_year": rf"(?P<t>(?:ال)?(?:عام|سنه)\s+(?P<year>1[34]\d\d){hsuffix})",
        "feast": rf"(?P<t>(?:(?:اول\s+)?ايام\s+|(?:اول\s+)?يوم\s+)?(?P<feast>{_alt(lex.feasts)})){_E}",
        "numeric": (rf"(?P<t>{wdpre}" r"(?:(?P<d>\d{1,2})(?P<sep>[/.-]|\s/\s)(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
                    r"(?:\s*(?P<hs>ه|هجري|هجريه|للهجره)(?![\p{L}]))?"
                    r"|(?P<y2>\d{4})(?P<sep2>[/.-])(?P<m2>\d{1,2})(?P=sep2)(?P<d2>\d{1,2})"
                    r"|(?P<d3>\d{1,2})/(?P<m3>\d{1,2})))(?![\d/-]|\.\d)"),
        "month": rf"(?:(?P<cue>في|خلال|منذ|حتي|بين|من|الي|قبل|بعد|مع)\s+)?(?P<t>(?:(?P<part>{part})\s+)?"
                 rf"(?:(?P<shahr>شهر|شهري)\s+)?{_monx(lex)}{_yearx(lex)})",
        "year": rf"(?:(?P<cue>في|منذ|حتي|خلال|بين|قبل|بعد|مع|من)\s+)?(?P<t>(?:(?P<part>{part})\s+)?"
                rf"(?:(?P<yw>(?:ال)?(?:عام|سنه))\s+(?:(?P<rel0>{rel})\s+)?)?(?P<year>{_YEAR})"
                rf"(?:\s+(?P<rel>{rel}){_E})?)",
        "period": rf"(?P<t>(?:(?P<part>{part})\s+)?(?:(?P<this>{_alt(this_words)})\s+(?P<noun>{period})"
                  rf"|(?P<noun2>{period})(?:\s+(?P<before>قبل))?\s+(?P<rel>{rel})|(?P<noun3>الشهر|العام|السنه))){_E}",
        "weekday": rf"(?P<t>(?:(?P<tod>{tod})\s+)?(?:(?P<anchor>{dayrel})\s+)?(?P<wd>{wd})(?!\s+عشر)"
                   rf"(?:\s+(?P<rel>{rel}))?){_E}",
        "dayrel": rf"(?P<t>(?:(?P<tod>{tod})\s+)?(?P<rel>{dayrel})){_E}",
        "present": rf"(?P<t>{_alt(lex.present)}){_E}",
        "ago": rf"(?P<t>قبل\s+(?:(?P<num>\d+)\s*(?P<unit>{units})|(?P<dual>{duals})|(?P<one>{units}))){_E}",
        "duration": rf"(?P<t>(?:(?P<mod>{dmod})\s+)?(?:(?:ال\s?)?(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>{units})"
                    rf"|(?P<dual>{duals})(?:\s+(?P<andhalf>ونصف)(?:\s+(?:ال)?{units})?)?|ال(?P<unitpl>{units})\s+(?:(?:ال\s?)?(?P<num2>\d+)|(?P<defc>{_alt(lex.definite_counts)}))"
                    rf"|نصف\s+(?P<half>{units})|(?P<onehalf>{units})\s+ونصف"
                    rf"|(?P<one>{units})(?:\s+(?P<wahid>واحد|واحده))?(?!\s+(?:\d|{_alt(lex.months)}|{hijri})))"
                    rf"(?:\s+(?P<tail>{_alt(lex.duration_tails)}))?){_E}",
        "running": rf"(?P<t>(?:لل|ال)(?P<noun>شهر|عام|اسبوع|يوم|سنه)\s+(?P<ord>{ordinal})\s+علي\s+التوالي){_E}",
        "interval_days": rf"(?P<t>(?:(?:ليله|ليل)\s+)?(?:(?P<kw>بين|من)\s+)?{d1}\s*(?P<sep>و|الي|حتي|-|–)\s*{d2}"
                         rf"\s*(?:من\s+)?(?:شهر\s+)?{_monx(lex)}{_yearx(lex)})",
        "interval_cross": rf"(?P<t>(?:من|بين)\s+{d1}\s+(?:من\s+)?{_monx(lex, 'a')}{_yearx(lex, 'a')}\s+"
                          rf"(?P<kw2>الي|حتي|و)\s*{d2}\s+(?:من\s+)?{_monx(lex, 'b')}{_yearx(lex, 'b')})",
        "interval_months": rf"(?P<t>بين\s+(?:شهري\s+)?{_monx(lex, 'a')}{_yearx(lex, 'a')}\s+و\s*{_monx(lex, 'b')}"
                           rf"{_yearx(lex, 'b')})",
        "interval_years": rf"(?P<t>(?:بين\s+(?:ال)?(?:عامي|سنتي|الاعوام|العامين)\s+(?P<y1>{_YEAR})\s+و\s*"
                          rf"(?:ال)?(?:عام\s+)?(?P<y2>{_YEAR})|من\s+(?:ال)?(?:عام\s+)?(?P<y3>{_YEAR})\s+(?:الي|حتي|لغايه)\s+"
                          rf"(?:ال)?(?:عام\s+)?(?P<y4>{_YEAR})))",
        "season": rf"(?P<t>(?P<season>{_alt(lex.seasons)})\s+(?:(?:ال)?عام\s+)?(?P<year>{_YEAR}))",
        "decade": rf"(?P<t>(?:ال)?(?P<dec>{_alt(lex.decades)})\s+(?:من\s+)?(?P<cent>{_alt(lex.centuries)})){_E}",
        "vague": rf"(?P<t>{_alt(lex.vague)}){_E}",
        "daypart": rf"في\s+(?P<t>{_alt(lex.day_parts)}){_E}",
    }
    return tuple((name, regex.compile(_B + p, regex.V0)) for name, p in patterns.items())


# --------------------------------------------------------------------------------------------------- values


@dataclass(frozen=True, slots=True)
class Ref:
    """The publication date as a reference point: year, and month/day when known."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def iso(self) -> str:
        """The reference at its own precision."""
        if self.month is None:
            return f"{self.year:04d}"
        return f"{self.year:04d}-{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")

    @property
    def precision(self) -> str:
        """day, month or year."""
        return "year" if self.month is None else ("month" if self.day is None else "day")

    def as_date(self) -> date | None:
        """The reference as a date when it has day precision."""
        return date(self.year, self.month, self.day) if self.month and self.day else None


@dataclass(frozen=True, slots=True)
class Value:
    """A resolved time value."""

    value: str
    precision: str
    mod: str | None = None
    bound: str | None = None
    explicit: bool = False  # an absolute date with its year written out (used to infer publication)


def parse_ref(value: str | None) -> Ref | None:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD into a Ref."""
    if not value:
        return None
    try:
        parts = [int(p) for p in value.split("-")]
        ref = Ref(parts[0], parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None)
        ref.as_date()
    except ValueError:
        return None  # an impossible date (2019-02-30) resolves nothing rather than failing the document
    return ref


def _day(y: int, m: int, d: int) -> str | None:
    """ISO day, or None for an impossible date."""
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _month_iso(y: int, m: int) -> str:
    """ISO month."""
    return f"{y:04d}-{m:02d}"


def _year_for_month(month: int, rel: int | None, ref: Ref, day: int | None = None) -> int | None:
    """The year of a month named without one: الماضي/الجاري/المقبل, else the nearest past (incl. this month)."""
    if ref.month is None:
        return ref.year if rel == 0 else None
    if rel == -1:
        return ref.year if month < ref.month else ref.year - 1
    if rel == 1:
        return ref.year if month > ref.month else ref.year + 1
    if rel == 0:
        return ref.year
    return ref.year if month <= ref.month else ref.year - 1


def _shift_days(ref: Ref, days: int) -> Value:
    """The publication date moved by whole days (at the publication's precision when it has no day)."""
    base = ref.as_date()
    if base is None:
        return Value(ref.iso, ref.precision)
    return Value((base + timedelta(days=days)).isoformat(), "day")


def _shift_months(ref: Ref, months: int) -> Value | None:
    """The publication month moved by whole months."""
    if ref.month is None:
        return None
    index = ref.year * 12 + ref.month - 1 + months
    return Value(_month_iso(index // 12, index % 12 + 1), "month")


def _weekday_date(base: date, weekday: int, rel: int | None) -> date:
    """The weekday's date: most recent on/before base, strictly before (الماضي) or strictly after (المقبل)."""
    if rel == 1:
        return base + timedelta(days=(weekday - base.weekday() - 1) % 7 + 1)
    back = (base.weekday() - weekday) % 7
    if rel == -1 and back == 0:
        back = 7
    return base - timedelta(days=back)


def _hijri_to_iso(y: int, m: int, d: int) -> str | None:
    """A Hijri date (Umm al-Qura) as an ISO Gregorian day."""
    try:
        return Hijri(y, m, d).to_gregorian().isoformat()
    except (ValueError, OverflowError):
        return None


def _hijri_month_interval(y: int, m: int) -> str | None:
    """The Gregorian interval covered by a Hijri month."""
    try:
        first = Hijri(y, m, 1)
        last = Hijri(y, m, first.month_length())
    except (ValueError, OverflowError):
        return None
    return f"{first.to_gregorian().isoformat()}/{last.to_gregorian().isoformat()}"


def _hijri_year_of(ref: Ref) -> int | None:
    """The Hijri year of the publication date."""
    base = ref.as_date() or (date(ref.year, ref.month, 15) if ref.month else None)
    if base is None:
        return None
    try:
        return int(Gregorian(base.year, base.month, base.day).to_hijri().year)
    except (ValueError, OverflowError):
        return None


# --------------------------------------------------------------------------------------------------- resolvers


@dataclass(frozen=True, slots=True)
class Context:
    """What a resolver may consult: the lexicon, the reference date and a year named just before."""

    lex: Lexicon
    ref: Ref | None
    context: tuple[int, int] | None = None  # (year, month) of an explicit date just before


def _g(m: Match, name: str) -> str | None:
    """A named group's text, or None."""
    try:
        value = m.group(name)
    except IndexError:
        return None
    return value if value else None


def _rel(ctx: Context, m: Match, name: str = "rel") -> int | None:
    """The relative modifier of a match (-1, 0, +1) or None."""
    word = _g(m, name)
    return ctx.lex.modifiers.get(_squash(word)) if word else None


def _month_of(ctx: Context, m: Match, s: str = "") -> int | None:
    """The month number of the month group(s)."""
    name = _g(m, f"mon{s}")
    return ctx.lex.months.get(_squash(name)) if name else None


def _day_of(ctx: Context, m: Match) -> int | None:
    """The day of month from digits or an ordinal word."""
    if _g(m, "day"):
        return int(m.group("day"))
    word = _g(m, "dayw")
    return ordinal_value(word, ctx.lex.ordinals) if word else None


def _resolve_year(ctx: Context, month: int, year: str | None, rel: int | None, day: int | None = None) -> tuple[
        int | None, bool]:
    """The year of a month mention, and whether it was written out."""
    if year:
        return int(year), True
    nearest = _year_for_month(month, rel, ctx.ref, day) if ctx.ref else None
    if rel is None and ctx.context is not None:
        # A narrative goes forward: a month before the anchor's month is in the anchor's next year.
        cy, cm = ctx.context
        carried = cy if month >= cm else cy + 1
        return (min(carried, nearest) if nearest else carried), False
    return nearest, False


def resolve_date(ctx: Context, m: Match) -> Value | None:
    """Day + month (+ year or relative word), optionally after a weekday: the explicit day wins."""
    month, day = _month_of(ctx, m), _day_of(ctx, m)
    if month is None or day is None:
        return None
    year, explicit = _resolve_year(ctx, month, _g(m, "year"), _rel(ctx, m), day)
    if year is None:
        return None
    iso = _day(year, month, day)
    return Value(iso, "day", explicit=explicit) if iso else None


def resolve_date_rel_month(ctx: Context, m: Match) -> Value | None:
    """Day of الشهر الجاري/الماضي/المقبل."""
    day = _day_of(ctx, m)
    if ctx.ref is None or day is None:
        return None
    rel = _rel(ctx, m)
    target = _shift_months(ctx.ref, rel or 0)
    if target is None:
        return None
    y, mo = (int(p) for p in target.value.split("-"))
    iso = _day(y, mo, day)
    return Value(iso, "day") if iso else None


def resolve_hijri_date(ctx: Context, m: Match) -> Value | None:
    """Day + Hijri month + Hijri year (Umm al-Qura)."""
    day, hm, year = _day_of(ctx, m), ctx.lex.hijri.get(_squash(m.group("hm"))), _g(m, "year")
    if day is None or hm is None or year is None or not 1300 <= int(year) <= 1500:
        return None
    iso = _hijri_to_iso(int(year), hm, day)
    return Value(iso, "day", explicit=True) if iso else None


def resolve_hijri_month(ctx: Context, m: Match) -> Value | None:
    """A Hijri month with its year or a relative word, as a Gregorian interval."""
    hm = ctx.lex.hijri[_squash(m.group("hm"))]
    year = _g(m, "year")
    if year:
        hy = int(year)
        if not 1300 <= hy <= 1500:
            return None
    else:
        hy_ref = _hijri_year_of(ctx.ref) if ctx.ref else None
        rel = _rel(ctx, m)
        if rel is None and _g(m, "shahr"):
            rel = 0  # شهر رمضان alone: the occurrence nearest the publication date
        if hy_ref is None or rel is None:
            return None
        nearest = _nearest_hijri_year(ctx.ref, hm, 1, rel) if ctx.ref else hy_ref
        if nearest is None:
            return None
        hy = nearest
    span = _hijri_month_interval(hy, hm)
    return Value(span, "interval") if span else None


def _nearest_hijri_year(ref: Ref, hm: int, hd: int, rel: int) -> int | None:
    """The Hijri year whose (hm, hd) is the previous (-1), next (+1) or nearest (0) one around the reference."""
    base = ref.as_date() or date(ref.year, ref.month or 7, 15)
    try:
        hy = int(Gregorian(base.year, base.month, base.day).to_hijri().year)
    except (ValueError, OverflowError):
        return None  # outside the Umm al-Qura tables
    options: list[tuple[date, int]] = []
    for y in (hy - 1, hy, hy + 1):
        iso = _hijri_to_iso(y, hm, hd)
        if iso:
            options.append((date.fromisoformat(iso), y))
    if rel == -1:
        past = [o for o in options if o[0] <= base]
        return max(past)[1] if past else hy - 1
    if rel == 1:
        future = [o for o in options if o[0] > base]
        return min(future)[1] if future else hy + 1
    return min(options, key=lambda o: abs((o[0] - base).days))[1] if options else None


def resolve_hijri_year(ctx: Context, m: Match) -> Value | None:
    """A Hijri year as a Gregorian interval."""
    y = int(m.group("year"))
    first, last = _hijri_to_iso(y, 1, 1), None
    try:
        last = Hijri(y, 12, Hijri(y, 12, 1).month_length()).to_gregorian().isoformat()
    except (ValueError, OverflowError):
        return None
    return Value(f"{first}/{last}", "interval") if first else None


def resolve_feast(ctx: Context, m: Match) -> Value | None:
    """An Islamic feast: the occurrence nearest the publication date."""
    if ctx.ref is None:
        return None
    hm, hd = ctx.lex.feasts[_squash(m.group("feast"))]
    hy = _nearest_hijri_year(ctx.ref, hm, hd, 0)
    iso = _hijri_to_iso(hy, hm, hd) if hy else None
    return Value(iso, "day") if iso else None


def resolve_numeric(ctx: Context, m: Match, text: str) -> Value | None:
    """Numeric dates: D/M/Y (never M/D/Y), Y/M/D, and D/M with the year from the publication date."""
    if _g(m, "d"):
        y = int(m.group("y"))
        if 1300 <= y <= 1500:  # a Hijri year written in digits (4/8/1436 هـ)
            iso = _hijri_to_iso(y, int(m.group("m")), int(m.group("d")))
            return Value(iso, "day", explicit=True) if iso else None
        y = 2000 + y if y < 100 else y
        iso = _day(y, int(m.group("m")), int(m.group("d")))
        return Value(iso, "day", explicit=True) if iso and 1900 <= y <= 2100 else None
    if _g(m, "y2"):
        iso = _day(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")))
        return Value(iso, "day", explicit=True) if iso else None
    d, mo = int(m.group("d3")), int(m.group("m3"))
    if ctx.ref is None or not 1 <= mo <= 12 or not (_g(m, "wd") or _date_cued(text, m.start("t"))):
        return None  # a bare 3/1 is as often a score or a ratio as a date
    year = _year_for_month(mo, None, ctx.ref, d)
    iso = _day(year, mo, d) if year else None
    return Value(iso, "day") if iso else None


def _date_cued(text: str, start: int) -> bool:
    """True after a date cue word (في، يوم، بتاريخ، منذ...) or at the start of a line (a dateline)."""
    before = text[max(0, start - 12):start]
    return bool(_DATE_CUE_BEFORE.search(before)) or not before.strip() or before.rstrip().endswith("\n")


def resolve_month(ctx: Context, m: Match) -> Value | None:
    """A month with a year, a relative word or a partial-period word (mod)."""
    month = _month_of(ctx, m)
    if month is None:
        return None
    name = _squash(m.group("mon"))
    rel, year_text = _rel(ctx, m), _g(m, "year")
    cued = _g(m, "part") or _g(m, "shahr") or _g(m, "mon2") or _g(m, "cue")
    if not (year_text or rel is not None or cued) and name in ctx.lex.ambiguous:
        return None
    year, explicit = _resolve_year(ctx, month, year_text, rel)
    if year is None:
        return None
    part = _g(m, "part")
    return Value(_month_iso(year, month), "month", mod=ctx.lex.partial.get(part) if part else None,
                 explicit=explicit)


def resolve_year(ctx: Context, m: Match, text: str) -> Value | None:
    """A year: after عام/سنة, a partial word or a preposition, or standing alone before punctuation."""
    year = int(m.group("year"))
    part = _g(m, "part")
    after = text[m.end():m.end() + 3].lstrip(" ")
    alone = not after or not _WORD_START.match(after) or _WAW_DIGIT.match(after)
    if not (_g(m, "yw") or part or _g(m, "cue") or alone):
        return None
    return Value(f"{year:04d}", "year", mod=ctx.lex.partial.get(part) if part else None)


def resolve_period(ctx: Context, m: Match) -> Value | None:
    """الشهر/العام/الأسبوع الماضي، هذا العام، مطلع الشهر، العام قبل الماضي."""
    if ctx.ref is None:
        return None
    part = _g(m, "part")
    noun = _g(m, "noun") or _g(m, "noun2") or _g(m, "noun3") or ""
    unit = ctx.lex.period_nouns.get(noun)
    if _g(m, "noun3") and not part:
        return None
    rel = 0 if _g(m, "this") or _g(m, "noun3") else _rel(ctx, m)
    if rel is None or unit is None:
        return None
    if _g(m, "before"):
        rel = rel * 2
    mod = ctx.lex.partial.get(part) if part else None
    if unit == "year":
        return Value(f"{ctx.ref.year + rel:04d}", "year", mod=mod)
    if unit == "month":
        v = _shift_months(ctx.ref, rel)
        return replace(v, mod=mod) if v else None
    return None if part else _week(ctx.ref, rel)


def _week(ref: Ref, rel: int) -> Value | None:
    """الأسبوع الماضي = the 7 days before published; المقبل = the 7 after; الجاري = the week around it."""
    base = ref.as_date()
    if base is None:
        return None
    if rel < 0:
        return Value(f"{(base - timedelta(days=7)).isoformat()}/{(base - timedelta(days=1)).isoformat()}", "interval")
    if rel > 0:
        return Value(f"{(base + timedelta(days=1)).isoformat()}/{(base + timedelta(days=7)).isoformat()}", "interval")
    return Value(f"{(base - timedelta(days=6)).isoformat()}/{base.isoformat()}", "interval")


def resolve_weekday(ctx: Context, m: Match) -> Value | None:
    """A weekday (with أمس/اليوم or الماضي/المقبل): its date relative to the publication date."""
    if ctx.ref is None:
        return None
    wd = ctx.lex.weekdays[m.group("wd")]
    anchor = _g(m, "anchor")
    offset = ctx.lex.day_offsets.get(_squash(anchor), 0) if anchor else 0
    base = ctx.ref.as_date()
    if base is None:
        return Value(ctx.ref.iso, ctx.ref.precision)
    if offset > 0:  # غدا الأحد: the named day on or after tomorrow
        anchor_day = base + timedelta(days=offset)
        return Value((anchor_day + timedelta(days=(wd - anchor_day.weekday()) % 7)).isoformat(), "day")
    return Value(_weekday_date(base + timedelta(days=offset), wd, None if anchor else _rel(ctx, m)).isoformat(), "day")


def resolve_dayrel(ctx: Context, m: Match, text: str) -> Value | None:
    """أمس، أول أمس، اليوم، غدا، الليلة الماضية... relative to the publication date."""
    word = _squash(m.group("rel"))
    if word == "اليوم" and _blocked_today(ctx.lex, text, m):
        return None
    if ctx.ref is None:
        return None
    return _shift_days(ctx.ref, ctx.lex.day_offsets[word])


def _blocked_today(lex: Lexicon, text: str, m: Match) -> bool:
    """اليوم that means "the day" (اليوم التالي) or is part of a name (روسيا اليوم)."""
    after = _NEXT_WORD.match(text, m.end(), m.end() + 20)
    before = _PREV_WORD.search(text[max(0, m.start() - 20):m.start()])
    return bool((after and after.group(1) in lex.blockers_after) or (before and before.group(1) in lex.blockers_before))


def _anaphoric(lex: Lexicon, text: str, m: Match) -> bool:
    """True when الشهر/العام is followed by a word pointing back to a period named earlier (الشهر نفسه)."""
    if _g(m, "rel"):
        return False
    after = _NEXT_WORD.match(text, m.end(), m.end() + 20)
    return bool(after and after.group(1) in lex.anaphoric_after)


def resolve_present(ctx: Context, m: Match) -> Value | None:
    """الآن، حاليا، حتى الآن: the publication date at its precision."""
    return Value(ctx.ref.iso, ctx.ref.precision) if ctx.ref else None


def _count_unit(ctx: Context, m: Match) -> tuple[float, str] | None:
    """The (count, ISO unit) of a duration match."""
    lex = ctx.lex
    if _g(m, "num"):
        return float(m.group("num")), lex.units[m.group("unit")]
    if _g(m, "dual"):
        n, u = lex.duals[m.group("dual")]
        return float(n) + (0.5 if _g(m, "andhalf") else 0.0), u
    if _g(m, "num2"):
        return float(m.group("num2")), lex.units[m.group("unitpl")]
    if _g(m, "defc"):
        return float(lex.definite_counts[m.group("defc")]), lex.units[m.group("unitpl")]
    if _g(m, "half"):
        return 0.5, lex.units[m.group("half")]
    if _g(m, "onehalf"):
        return 1.5, lex.units[m.group("onehalf")]
    if _g(m, "one"):
        return 1.0, lex.units[m.group("one")]
    return None


def iso_duration(count: float, unit: str) -> str | None:
    """ISO 8601 duration (P10D, PT48H, P2W, PT1H30M, P10Y for decades)."""
    if unit == "DEC":
        count, unit = count * 10, "Y"
    if unit in ("H", "MIN"):
        minutes = round(count * (60 if unit == "H" else 1))
        hours, mins = divmod(minutes, 60)
        return "PT" + (f"{hours}H" if hours else "") + (f"{mins}M" if mins else "") if minutes else None
    whole, rest = int(count), count - int(count)
    if count <= 0:
        return None
    if not rest:
        return f"P{whole}{unit}"
    # A fraction goes to the next smaller unit: 2.5 years = P2Y6M, 1.5 months = P1M15D, 1.5 days = P1DT12H.
    smaller = {"Y": (12, "M"), "M": (30, "D"), "W": (7, "D"), "D": (24, "H")}.get(unit)
    if smaller is None:
        return None
    factor, sub = smaller
    part = round(rest * factor)
    head = f"{whole}{unit}" if whole else ""
    return f"P{head}T{part}H" if sub == "H" else f"P{head}{part}{sub}"


def resolve_duration(ctx: Context, m: Match, text: str) -> Value | None:
    """A length of time; a bare unit noun counts as one only with a duration cue or واحد."""
    cu = _count_unit(ctx, m)
    if cu is None:
        return None
    one = _g(m, "one")
    if one and (one not in ctx.lex.singulars or not (_g(m, "mod") or _g(m, "wahid") or _cued(ctx.lex, text, m.start("t"), one))):
        return None
    iso = iso_duration(*cu)
    if iso is None:
        return None
    mod_word = _squash(_g(m, "mod") or "")
    mark = ctx.lex.duration_mods.get(mod_word)
    return Value(iso, "duration", mod="APPROX" if mark == "APPROX" else None,
                 bound=mark if mark in ("min", "max") else None)


def _cued(lex: Lexicon, text: str, start: int, unit: str) -> bool:
    """True when a duration cue (نحو، لمدة، منذ...) ends right before `start` (a strong one for عقد)."""
    before = _squash(text[max(0, start - 16):start]).rstrip()
    weak = lex.weak_cues if unit in lex.ambiguous_units else frozenset()
    return any(before.endswith(cue) and cue not in weak and (len(before) == len(cue) or not before[-len(cue) - 1].isalpha())
               for cue in lex.single_cues)


def resolve_ago(ctx: Context, m: Match, text: str) -> Value | None:
    """قبل يومين / قبل أسبوع / قبل شهرين / قبل عامين: a date at the unit's precision."""
    if ctx.ref is None or _ANCHORED_AFTER.match(text, m.end()):
        return None
    cu = _count_unit(ctx, m)
    if cu is None:
        return None
    if _g(m, "one") and m.group("one") not in ctx.lex.singulars:
        return None
    return ago(ctx.ref, *cu)


def ago(ref: Ref, count: float, unit: str) -> Value | None:
    """The date `count` units before the reference."""
    n = int(count)
    if unit in ("D", "W"):
        return _shift_days(ref, -n * (7 if unit == "W" else 1))
    if unit == "M":
        return _shift_months(ref, -n)
    if unit in ("Y", "DEC"):
        return Value(f"{ref.year - n * (10 if unit == 'DEC' else 1):04d}", "year")
    return None


def resolve_running(ctx: Context, m: Match) -> Value | None:
    """للشهر الثاني على التوالي: a duration of that many units."""
    n = ordinal_value(m.group("ord"), ctx.lex.ordinals)
    unit = {"شهر": "M", "عام": "Y", "سنه": "Y", "اسبوع": "W", "يوم": "D"}[m.group("noun")]
    iso = iso_duration(float(n), unit) if n else None
    return Value(iso, "duration") if iso else None


def resolve_interval_days(ctx: Context, m: Match) -> Value | None:
    """بين 1 و20 يناير، من 5 إلى 12 ديسمبر، 9-11 كانون الأول 2018."""
    if m.group("sep") == "و" and not _g(m, "kw"):
        return None
    month = _month_of(ctx, m)
    if month is None:
        return None
    year, _ = _resolve_year(ctx, month, _g(m, "year"), _rel(ctx, m))
    if year is None:
        return None
    a, b = _day(year, month, int(m.group("d1"))), _day(year, month, int(m.group("d2")))
    return Value(f"{a}/{b}", "interval") if a and b and a < b else None


def resolve_interval_cross(ctx: Context, m: Match) -> Value | None:
    """من 28 ديسمبر إلى 2 يناير: each end resolved on its own (the end first, the start before it)."""
    ma, mb = _month_of(ctx, m, "a"), _month_of(ctx, m, "b")
    if ma is None or mb is None:
        return None
    if m.group("kw2") == "و" and _g(m, "yeara") and _g(m, "yearb"):
        return None  # two fully written dates joined by و are two dates (gold convention), not one interval
    ya, yb = _interval_years(ctx, m, ma, mb)
    if ya is None or yb is None:
        return None
    a, b = _day(ya, ma, int(m.group("d1"))), _day(yb, mb, int(m.group("d2")))
    return Value(f"{a}/{b}", "interval") if a and b and a < b else None


def _interval_years(ctx: Context, m: Match, ma: int, mb: int) -> tuple[int | None, int | None]:
    """Years of both ends: written ones kept; otherwise the end follows the start (or the start precedes the end)."""
    ya_text, yb_text = _g(m, "yeara"), _g(m, "yearb")
    if yb_text and not ya_text:
        written = int(yb_text)
        return (written if ma <= mb else written - 1), written
    ya, _ = _resolve_year(ctx, ma, ya_text, _rel(ctx, m, "rela"))
    if yb_text:
        return ya, int(yb_text)
    rel_b = _rel(ctx, m, "relb")
    if ya is None or rel_b is not None:
        yb, _ = _resolve_year(ctx, mb, None, rel_b)
        if ya is None and yb is not None:
            ya = yb if ma <= mb else yb - 1
        return ya, yb
    return ya, (ya if mb >= ma else ya + 1)


def resolve_interval_months(ctx: Context, m: Match) -> Value | None:
    """بين ديسمبر 2018 ومارس 2019: first day of the first month to last day of the last."""
    ma, mb = _month_of(ctx, m, "a"), _month_of(ctx, m, "b")
    if ma is None or mb is None:
        return None
    ya, yb = _interval_years(ctx, m, ma, mb)
    if ya is None or yb is None:
        return None
    last = calendar.monthrange(yb, mb)[1]
    return Value(f"{ya:04d}-{ma:02d}-01/{yb:04d}-{mb:02d}-{last:02d}", "interval") if (ya, ma) < (yb, mb) else None


def resolve_interval_years(ctx: Context, m: Match) -> Value | None:
    """بين عامي 2014 و2017: 1 January of the first to 31 December of the last."""
    y1, y2 = int(_g(m, "y1") or m.group("y3")), int(_g(m, "y2") or m.group("y4"))
    return Value(f"{y1:04d}-01-01/{y2:04d}-12-31", "interval") if y1 < y2 else None


def resolve_season(ctx: Context, m: Match) -> Value | None:
    """صيف 2017 = June to August (seasons table)."""
    first, last = ctx.lex.seasons[m.group("season")]
    y = int(m.group("year"))
    end = calendar.monthrange(y, last)[1]
    return Value(f"{y:04d}-{first:02d}-01/{y:04d}-{last:02d}-{end:02d}", "interval")


def resolve_decade(ctx: Context, m: Match) -> Value | None:
    """ثمانينيات القرن الماضي = 1980-01-01/1989-12-31."""
    start = ctx.lex.centuries[_squash(m.group("cent"))] + ctx.lex.decades[m.group("dec")]
    return Value(f"{start:04d}-01-01/{start + 9:04d}-12-31", "interval")


# --------------------------------------------------------------------------------------------------- candidates


@dataclass(frozen=True, slots=True)
class Candidate:
    """A matched expression waiting for resolution: original span, rule and how to resolve it."""

    start: int
    end: int
    rule: str
    match: Match | None = None
    quantity: Quantity | None = None
    vague_type: str | None = None


_RESOLVERS: dict[str, Callable[[Context, Match], Value | None]] = {
    "date": resolve_date, "hijri_date": resolve_hijri_date,
    "hijri_month": resolve_hijri_month, "hijri_year": resolve_hijri_year, "feast": resolve_feast,
    "month": resolve_month, "weekday": resolve_weekday,
    "present": resolve_present, "running": resolve_running,
    "interval_days": resolve_interval_days, "interval_cross": resolve_interval_cross,
    "interval_months": resolve_interval_months, "interval_years": resolve_interval_years,
    "season": resolve_season, "decade": resolve_decade,
}
_TEXT_RESOLVERS: dict[str, Callable[[Context, Match, str], Value | None]] = {
    "date_rel_month": lambda ctx, m, text: None if _anaphoric(ctx.lex, text, m) else resolve_date_rel_month(ctx, m),
    "period": lambda ctx, m, text: None if _anaphoric(ctx.lex, text, m) else resolve_period(ctx, m),
    "year": resolve_year, "dayrel": resolve_dayrel, "duration": resolve_duration, "ago": resolve_ago,
    "numeric": resolve_numeric,
}
# Rules whose value depends on the publication date (unresolvable ones go to times_vague).
_RELATIVE = {"date_rel_month", "period", "weekday", "dayrel", "present", "ago", "feast"}
_PAST = {"ago"}
_NEUTRAL_REF = Ref(2000, 6, 15)


def find_candidates(at: AnalyzedText, quantities: Sequence[Quantity]) -> list[Candidate]:
    """Every rule's matches plus durations from the quantities layer (overlapping; see `select`)."""
    lex = lexicon()
    norm = at.norm.text
    windows = _windows(at, lex)
    found: list[Candidate] = []
    for name, pattern in lex.rules:
        for m in _scan(pattern, norm, windows.get(_RULE_TRIGGERS[name], [])):
            ns, ne = m.span("t")
            if ne <= ns:
                continue
            start, end = at.norm.to_original(ns, ne)
            vague = lex.vague.get(_squash(m.group("t"))) if name == "vague" else None
            found.append(Candidate(start, end, name, m, vague_type=vague))
    counted = [(q.start, q.end) for q in quantities if q.unit and q.unit not in _QUANTITY_UNITS]
    found = [c for c in found if not _counted_year(c, counted)]
    found += _quantity_candidates(at, quantities)
    return found


def _counted_year(c: Candidate, counted: list[tuple[int, int]]) -> bool:
    """A bare four-digit "year" that the quantities layer reads as a count of something (أكثر من 2000 مقاتل)."""
    if c.rule != "year" or c.match is None or _g(c.match, "yw") or _g(c.match, "part"):
        return False
    return any(s < c.end and c.start < e for s, e in counted)


def _windows(at: AnalyzedText, lex: Lexicon) -> dict[str, list[tuple[int, int]]]:
    """Merged normalized-text windows around the trigger words of each rule category."""
    spans: dict[str, list[tuple[int, int]]] = {}
    size = len(at.norm.text)
    for tok in at.tokens:
        cats: Iterable[str]
        if tok.kind == "number":
            cats = ("NUM", "YEAR") if _YEAR_TOKEN.fullmatch(tok.norm) else ("NUM",)
        elif tok.kind == "word":
            cats = _word_categories(lex, tok.norm)
        else:
            continue
        for cat in cats:
            left, right = _MARGINS[cat]
            spans.setdefault(cat, []).append((max(0, tok.norm_start - left), min(size, tok.norm_end + right)))
    return {cat: _merge(s) for cat, s in spans.items()}


def _word_categories(lex: Lexicon, word: str) -> frozenset[str]:
    """Rule categories a word (possibly with proclitics) can anchor."""
    found = lex.triggers.get(word)
    if found is None and len(word) > 3 and word[0] in "وفبل":
        found = lex.triggers.get(word[1:])
        if found is None and word[1] in "بل":
            found = lex.triggers.get(word[2:])
    return found or frozenset()


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge overlapping or touching windows (input in text order)."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _scan(pattern: Any, text: str, windows: list[tuple[int, int]]) -> Iterable[Match]:
    """All matches of a rule inside the windows."""
    for s, e in windows:
        yield from pattern.finditer(text, s, e)


def _quantity_candidates(at: AnalyzedText, quantities: Sequence[Quantity]) -> list[Candidate]:
    """Durations counted by the quantities layer (ثلاثة أيام، نحو أربع سنوات)."""
    out = []
    for q in quantities:
        if q.unit in _QUANTITY_UNITS and q.end > q.start:
            before = at.text[max(0, q.start - 5):q.start].rstrip()
            after_event = _ANCHORED_AFTER.match(at.text, q.end)
            rule = "q_ago" if before.endswith("قبل") and q.low == q.high and not after_event else "q_duration"
            start = at.text.rfind("قبل", max(0, q.start - 6), q.start) if rule == "q_ago" else q.start
            out.append(Candidate(start, q.end, rule, quantity=q))
    return out


def select(at: AnalyzedText, found: list[Candidate], ref: Ref | None) -> list[Candidate]:
    """Drop candidates that cannot be resolved, keep the longest of overlapping ones, order by position."""
    # Without a publication date, grammar alone decides: try a neutral reference (mid-year, mid-month).
    ctx = Context(lexicon(), ref or _NEUTRAL_REF)
    viable = [c for c in found if c.rule in ("vague", "daypart") or _resolve(ctx, c, at.norm.text) is not None]
    order = sorted(viable, key=lambda c: (-(c.end - c.start), c.rule.startswith("q_"), c.start))
    taken: list[tuple[int, int]] = []
    kept = []
    for c in order:
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        taken.append((c.start, c.end))
        kept.append(c)
    return sorted(kept, key=lambda c: c.start)


def _resolve(ctx: Context, c: Candidate, norm: str) -> Value | None:
    """The value of one candidate under a context."""
    if c.quantity is not None:
        return _resolve_quantity(ctx, c)
    assert c.match is not None
    if c.rule in _RESOLVERS:
        return _RESOLVERS[c.rule](ctx, c.match)
    if c.rule in _TEXT_RESOLVERS:
        return _TEXT_RESOLVERS[c.rule](ctx, c.match, norm)
    return None


def _resolve_quantity(ctx: Context, c: Candidate) -> Value | None:
    """A duration (or قبل + duration date) from a Quantity."""
    q = c.quantity
    assert q is not None
    unit = _QUANTITY_UNITS[q.unit or ""]
    if c.rule == "q_ago":
        return ago(ctx.ref, q.low, unit) if ctx.ref else None
    if q.low != q.high and q.approx:
        return None  # a vague count of units (عشرات السنين): a vague duration
    iso = iso_duration(float(q.low), unit)
    return Value(iso, "duration", mod="APPROX" if q.approx else None, bound=q.bound) if iso else None


# --------------------------------------------------------------------------------------------------- publication


def infer_published(at: AnalyzedText, candidates: list[Candidate]) -> Published:
    """The latest explicitly dated day in the text (never earlier than any of them), or unknown."""
    lex = lexicon()
    ctx = Context(lex, None)
    best: tuple[str, Candidate] | None = None
    years: list[int] = []
    for c in candidates:
        v = _resolve(ctx, c, at.norm.text) if c.quantity is None else None
        if v is not None and c.rule == "year":
            years.append(int(v.value))  # a written year dates a weekday line, but is no publication day
        if v is None or not v.explicit:
            continue
        years.append(int(v.value[:4]))
        if v.precision == "day" and (best is None or v.value > best[0]):
            best = (v.value, c)
    best = _weekday_anchored(at, candidates, years, best)
    if best is None:
        return Published(None, "unknown")
    value, c = best
    return Published(value, "inferred", reason=f"latest explicit date '{at.text[c.start:c.end]}' at {c.start}")


def _weekday_anchored(at: AnalyzedText, candidates: list[Candidate], years: list[int],
                      best: tuple[str, Candidate] | None) -> tuple[str, Candidate] | None:
    """A weekday + day + month without a year (اليوم الأحد 2 من حزيران) dated by the weekday near a named year."""
    if not years:
        return best
    lex = lexicon()
    ctx = Context(lex, None)
    for c in candidates:
        m = c.match
        if c.rule != "date" or m is None or not _g(m, "wd") or _g(m, "year") or _g(m, "rel"):
            continue
        month, day, wd = _month_of(ctx, m), _day_of(ctx, m), lex.weekdays[m.group("wd")]
        for y in (max(years), max(years) + 1):
            iso = _day(y, month or 0, day or 0) if month and day else None
            if iso and date.fromisoformat(iso).weekday() == wd and (best is None or iso > best[0]):
                best = (iso, c)
                break
    return best


# --------------------------------------------------------------------------------------------------- entry point


def annotate_times(
    at: AnalyzedText, given: str | None, quantities: Sequence[Quantity] = ()
) -> tuple[Published, list[TimeMention], list[TimeMention]]:
    """Resolve the publication date, then find dated and vague time expressions."""
    found = find_candidates(at, quantities)
    published = Published(given, "given") if given else infer_published(at, select(at, found, None))
    ref = parse_ref(published.value)
    walker = _Walker(at, ref)
    for c in select(at, found, ref):
        walker.visit(c)
    return published, walker.times, walker.vague


class _Walker:
    """Resolves kept candidates in text order, carrying what earlier mentions establish."""

    def __init__(self, at: AnalyzedText, ref: Ref | None) -> None:
        """Start with the publication date and nothing mentioned yet."""
        self.at, self.ref, self.lex = at, ref, lexicon()
        self.times: list[TimeMention] = []
        self.vague: list[TimeMention] = []
        self.context: tuple[int, int, int] | None = None  # (year, month, end) of the last written date
        self.quoted: tuple[Ref | None, int] | None = None  # the last written day, for a quote opening after it
        self.last_day: tuple[str, int] | None = None  # the last day-precision value, for في الصباح

    def visit(self, c: Candidate) -> None:
        """Resolve one candidate into `times` or `vague` (or drop it)."""
        text = self.at.text[c.start:c.end]
        if c.rule == "vague":
            self.vague.append(TimeMention(c.start, c.end, text, None, None, type=c.vague_type, reason="vague"))
            return
        value = self._day_part(c) if c.rule == "daypart" else self._value(c)
        if value is None:
            if c.rule == "q_duration":  # عشرات السنين: a vague count of units
                self.vague.append(TimeMention(c.start, c.end, text, None, None, type="DURATION_VAGUE",
                                              reason="q_duration:vague"))
            elif self.ref is None and c.rule != "daypart":
                self.vague.append(TimeMention(c.start, c.end, text, None, None, type=_vague_type(c, self.lex),
                                              reason=f"{c.rule}:unresolved"))
            return
        self._remember(c, value)
        kind = "DURATION" if value.precision == "duration" else "DATE"
        self.times.append(TimeMention(c.start, c.end, text, value.value, value.precision, value.mod, value.bound,
                                      kind, c.rule))
        if c.rule == "interval_cross" and value.precision == "interval" and c.match is not None:
            self.times.extend(self._range_ends(c.match, value.value))

    def _range_ends(self, m: Match, interval: str) -> list[TimeMention]:
        """Both ends of "من 27 نوفمبر إلى 7 ديسمبر" as day mentions too (TimeML gives each end its own TIMEX3)."""
        ends = []
        for start_group, end_group, value in (("d1", "mona", interval[:10]), ("d2", "t", interval[11:])):
            year_group = "yeara" if start_group == "d1" else None
            last = m.end(year_group) if year_group and m.group(year_group) else m.end(end_group)
            if start_group == "d1" and m.group("mon2a"):
                last = max(last, m.end("mon2a"))
            start, end = self.at.norm.to_original(m.start(start_group), last)
            ends.append(TimeMention(start, end, self.at.text[start:end], value, "day", None, None, "DATE",
                                    "interval_cross:end"))
        return ends

    def _value(self, c: Candidate) -> Value | None:
        """The value under the publication date, a nearby written year and a dated quote."""
        text = self.at.text
        # A written year carries over only inside its sentence (across sentences it misleads more than it helps).
        cy = self.context[:2] if self.context and _same_sentence(text, self.context[2], c.start) else None
        ref = self.ref
        if self.quoted and c.rule in _RELATIVE and _inside_dated_quote(text, self.quoted[1], c.start):
            ref = self.quoted[0]
        elif c.rule == "present" and self.last_day and _same_sentence(text, self.last_day[1], c.start):
            # "قالت الأمم المتحدة يوم الجمعة إن ... حتى الآن": now is the time of the dated statement.
            ref = parse_ref(self.last_day[0])
        return _resolve(Context(self.lex, ref, cy), c, self.at.norm.text)

    def _day_part(self, c: Candidate) -> Value | None:
        """في الصباح: the day last mentioned in this stretch of text, else the publication day."""
        if self.last_day and _same_stretch(self.at.text, self.last_day[1], c.start):
            return Value(self.last_day[0], "day")
        return Value(self.ref.iso, "day") if self.ref and self.ref.precision == "day" else None

    def _remember(self, c: Candidate, value: Value) -> None:
        """Keep what later mentions may lean on."""
        if value.explicit:
            self.context = (int(value.value[:4]), int(value.value[5:7] or 1), c.end)
        if value.precision == "day":
            self.last_day = (value.value, c.end)
            if c.rule in ("date", "numeric"):
                self.quoted = (parse_ref(value.value), c.end)


_OPEN_QUOTES = "“«\"„"
_CLOSE_QUOTES = "”»\""


def _inside_dated_quote(text: str, date_end: int, start: int) -> bool:
    """True when a quotation opens right after a written date and `start` lies inside it (قال ... 24 يناير “...”)."""
    gap = text[date_end:start]
    opened = next((i for i, ch in enumerate(gap[:30]) if ch in _OPEN_QUOTES), None)
    if opened is None or "\n" in gap:
        return False
    return not any(ch in _CLOSE_QUOTES for ch in gap[opened + 1:])


def _same_sentence(text: str, prev_end: int, start: int) -> bool:
    """True when nothing between two offsets ends a sentence."""
    return not _SENTENCE_END.search(text, prev_end, start)


def _same_stretch(text: str, prev_end: int, start: int) -> bool:
    """True when a mention follows a dated one closely, in the same paragraph (its year carries over)."""
    return start - prev_end <= 400 and "\n" not in text[prev_end:start]


def _vague_type(c: Candidate, lex: Lexicon) -> str:
    """TIMEX3-like type of a relative expression left without a publication date."""
    m = c.match
    if c.rule == "present" or m is None:
        return "PRESENT_REF"
    rel = _g(m, "rel")
    word = _squash(rel) if rel else ""
    offset = lex.day_offsets.get(word, lex.modifiers.get(word, 0))
    if c.rule in _PAST or offset < 0 or (_g(m, "anchor") and lex.day_offsets.get(m.group("anchor"), 0) < 0):
        return "PAST_REF"
    if offset > 0:
        return "FUTURE_REF"
    # A weekday or a year-less date is read as the nearest past one; only "today"-like words are present.
    return "PRESENT_REF" if c.rule in ("present", "dayrel", "period") and rel else "PAST_REF"
