"""Quantities: numbers in digits and words, approximations, bounds, ranges and counted nouns.

The grammar reads one token stream left to right. At each position it tries to read a *core* (digits with an
optional scale word, a cardinal phrase in words, a vague count, a fraction, a dual noun), then extends it:
a range's second end, the counted noun, trailing approximators/bounds, and looks back for leading markers
(approximators, bounds, range openers). Word lists live in `rasid/data/numbers.yaml`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from rasid.errors import ResourceError
from rasid.model import Quantity
from rasid.resources import load_yaml
from rasid.text.analyzed import AnalyzedText
from rasid.text.normalize import normalize_key
from rasid.text.tokenize import Token, is_proclitic_prefix

# Proclitic sequences a number word or marker may carry (their letters stay outside the span).
_NUMBER_PROCLITICS = ("وب", "ول", "فب", "فل", "و", "ف", "ب", "ل")
# Bare clitic tokens left in front of digits by a tatweel or a space (بـ150، الـ48، للـ 20).
_CLITIC_TOKENS = frozenset({"ب", "ل", "و", "ف", "ال", "لل", "بال", "وال", "فال", "وب", "ول", "وبال", "ك", "كال"})
_QUOTES = frozenset('"“”«»\'')
_CLOSING_QUOTES = frozenset('"”»″\'')


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The number grammar's word lists, normalized."""

    ones: dict[str, int]
    teen_heads: dict[str, int]
    teen_tails: frozenset[str]
    tens: dict[str, int]
    hundreds: dict[str, int]
    scales: dict[str, int]
    scales_alone: dict[str, int]
    scales_definite: dict[str, int]
    fractions: dict[str, float]
    fraction_plurals: dict[str, float]
    vague: dict[str, tuple[int, int]]
    vague_scales: dict[str, int]
    few: frozenset[str]
    few_range: tuple[int, int]
    nayyif: frozenset[str]
    approximators: tuple[tuple[str, ...], ...]
    approx_after: frozenset[str]
    bound_min: tuple[tuple[str, ...], ...]
    bound_max: tuple[tuple[str, ...], ...]
    bound_fillers: frozenset[str]
    bound_after: dict[tuple[str, ...], str]
    range_openers: tuple[tuple[str, ...], ...]
    range_joiners: frozenset[str]
    range_dashes: frozenset[str]
    percent: tuple[tuple[str, ...], ...]
    identifier_heads: frozenset[str]
    months: frozenset[str]
    others: frozenset[str]
    area_modifiers: frozenset[str]
    units: dict[str, str]
    duals: dict[str, str]
    singular_after_marker: dict[str, str]
    definite_ones: dict[str, int]
    markers: tuple[tuple[tuple[str, ...], str | None], ...]
    singular_after_preposition: frozenset[str]
    not_duration_after: frozenset[str]
    ambiguous_singulars: frozenset[str]
    ambiguous_after: frozenset[str]
    starters: frozenset[str]


def _words(value: Any) -> tuple[str, ...]:
    """A phrase as a tuple of normalized words."""
    return tuple(normalize_key(str(value)).split())


def _key_map(raw: dict[str, Any]) -> dict[str, Any]:
    """A mapping with normalized keys."""
    return {normalize_key(str(k)): v for k, v in raw.items()}


def _key_set(raw: list[Any]) -> frozenset[str]:
    """A set of normalized strings."""
    return frozenset(normalize_key(str(v)) for v in raw)


def _phrases(raw: list[Any]) -> tuple[tuple[str, ...], ...]:
    """Phrases as word tuples, longest first (so that ما يزيد عن wins over يزيد عن)."""
    return tuple(sorted({_words(v) for v in raw}, key=len, reverse=True))


def _markers(raw: dict[str, Any]) -> tuple[tuple[tuple[str, ...], str | None], ...]:
    """All leading markers with their bound (None: approximator), longest first (ما لا يزيد عن before يزيد عن)."""
    items: list[tuple[tuple[str, ...], str | None]] = [(p, None) for p in _phrases(raw["approximators"])]
    items += [(p, "min") for p in _phrases(raw["bound_min"])] + [(p, "max") for p in _phrases(raw["bound_max"])]
    return tuple(sorted(items, key=lambda item: len(item[0]), reverse=True))


def dual_forms(singular: str) -> tuple[str, ...]:
    """The dual forms of a normalized singular noun (ة -> تين/تان, else + ين/ان)."""
    stem = singular[:-1] + "ت" if singular.endswith("ه") else singular
    return (stem + "ين", stem + "ان")


def _unit_map(raw: dict[str, list[Any]]) -> dict[str, str]:
    """Counted-noun form -> unit."""
    return {" ".join(_words(form)): unit for unit, forms in raw.items() for form in forms}


def _dual_map(raw: dict[str, list[Any]]) -> dict[str, str]:
    """Dual form -> unit."""
    return {dual: unit for unit, forms in raw.items() for form in forms for dual in dual_forms(normalize_key(form))}


@cache
def lexicon() -> Lexicon:
    """Load and normalize rasid/data/numbers.yaml (once)."""
    raw = load_yaml("numbers.yaml")
    if not isinstance(raw, dict):
        raise ResourceError("rasid/data/numbers.yaml must be a mapping of sections")
    try:
        return _build_lexicon(raw)
    except (KeyError, TypeError, ValueError) as exc:
        raise ResourceError(f"rasid/data/numbers.yaml has a bad section: {exc!r}") from exc


def _build_lexicon(raw: dict[str, Any]) -> Lexicon:
    """Build the lexicon from the parsed YAML, with the set of stems that can start a quantity."""
    lex = _read_lexicon(raw)
    starters: set[str] = set()
    for table in (lex.ones, lex.teen_heads, lex.tens, lex.hundreds, lex.scales_alone, lex.scales_definite,
                  lex.fractions, lex.vague, lex.few, lex.nayyif, lex.duals, lex.definite_ones,
                  lex.singular_after_marker, lex.units):
        starters.update(table)
    return replace(lex, starters=frozenset(starters))


def _read_lexicon(raw: dict[str, Any]) -> Lexicon:
    """Read every section of the parsed YAML."""
    ones = _key_map(raw["ones"])
    return Lexicon(
        ones=ones, teen_heads=_key_map(raw["teen_heads"]), teen_tails=_key_set(raw["teen_tails"]),
        tens=_key_map(raw["tens"]), hundreds=_key_map(raw["hundreds"]), scales=_key_map(raw["scales"]),
        scales_alone=_key_map(raw["scales_alone"]), scales_definite=_key_map(raw["scales_definite"]),
        fractions=_key_map(raw["fractions"]), fraction_plurals=_key_map(raw["fraction_plurals"]),
        vague={k: (int(v[0]), int(v[1])) for k, v in _key_map(raw["vague"]).items()},
        vague_scales=_key_map(raw["vague_scales"]), few=_key_set(raw["few"]),
        few_range=(int(raw["few_range"][0]), int(raw["few_range"][1])), nayyif=_key_set(raw["nayyif"]),
        approximators=_phrases(raw["approximators"]), approx_after=_key_set(raw["approx_after"]),
        bound_min=_phrases(raw["bound_min"]), bound_max=_phrases(raw["bound_max"]),
        bound_fillers=_key_set(raw["bound_fillers"]),
        bound_after={_words(k): str(v) for k, v in raw["bound_after"].items()},
        range_openers=_phrases(raw["range_openers"]), range_joiners=_key_set(raw["range_joiners"]),
        range_dashes=frozenset(raw["range_dashes"]), percent=_phrases(raw["percent"]),
        identifier_heads=_key_set(raw["identifier_heads"]), months=_key_set(raw["months"]),
        others=_key_set(raw["others"]), area_modifiers=_key_set(raw["area_modifiers"]),
        units=_unit_map(raw["units"]), duals=_dual_map(raw["dual_units"]),
        singular_after_marker=_unit_map(raw["singular_after_marker"]),
        definite_ones={"ال" + k: v for k, v in ones.items() if 3 <= v <= 10}, markers=_markers(raw),
        singular_after_preposition=_key_set(raw["singular_after_preposition"]),
        not_duration_after=_key_set(raw["not_duration_after"]),
        ambiguous_singulars=_key_set(raw["ambiguous_singulars"]), ambiguous_after=_key_set(raw["ambiguous_after"]),
        starters=frozenset(),
    )


@dataclass(frozen=True, slots=True)
class Core:
    """A number read at tokens [first, end): its value range, scale word and any unit it carries."""

    first: int
    end: int
    norm_start: int
    low: float
    high: float
    approx: bool = False
    scale: int = 0
    unit: str | None = None
    kind: str = "digits"

    def norm_start_token(self, toks: list[Token]) -> int:
        """The first token index when the core starts at its first token's bare word (no proclitic)."""
        return self.first if toks[self.first].norm_start == self.norm_start else -1


@dataclass(frozen=True, slots=True)
class Extent:
    """A quantity under construction: its token end, normalized span start and values."""

    end: int
    norm_start: int
    low: float
    high: float
    approx: bool
    bound: str | None
    unit: str | None
    reason: str


class Reader:
    """Reads quantities from one document's tokens."""

    def __init__(self, at: AnalyzedText, lex: Lexicon) -> None:
        """Keep the text, its tokens and the lexicon."""
        self.at = at
        self.toks = at.tokens
        self.lex = lex

    def word(self, index: int) -> str:
        """The normalized word at `index` ("" past the end or for non-words)."""
        if 0 <= index < len(self.toks) and self.toks[index].kind in ("word", "latin"):
            return self.toks[index].norm
        return ""

    def norm(self, index: int) -> str:
        """The normalized token text at `index` ("" past the end)."""
        return self.toks[index].norm if 0 <= index < len(self.toks) else ""

    def adjacent(self, left: int, right: int) -> bool:
        """True when tokens `left` and `right` touch (no space between)."""
        return self.toks[left].norm_end == self.toks[right].norm_start

    # ---- cores -------------------------------------------------------------------------------------

    def core_at(self, i: int) -> Core | None:
        """Read a number core starting at token `i`."""
        tok = self.toks[i]
        if tok.kind == "number":
            return self.digits_core(i)
        if tok.kind != "word" or not self.may_start(tok.norm):
            return None
        for prefix, stem in self.stems(tok.norm):
            core = self.word_core(i, stem, tok.norm_start + len(prefix))
            if core is not None:
                return core
        return None

    def may_start(self, word: str) -> bool:
        """Cheap test: whether this word (after up to two proclitic letters) can start a quantity."""
        starters = self.lex.starters
        return word in starters or word[1:] in starters or word[2:] in starters or (
            word.startswith("لل") and "ا" + word[2:] in starters)

    def stems(self, word: str) -> list[tuple[str, str]]:
        """Readings of a word as (proclitics, stem), the bare word first."""
        out = [("", word)]
        for prefix in _NUMBER_PROCLITICS:
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                out.append((prefix, word[len(prefix):]))
        if word.startswith("لل") and len(word) > 4:
            out.append(("ل", "ا" + word[2:]))
        return out

    def digits_core(self, i: int) -> Core | None:
        """Digits (with thousands groups or a decimal part) and an optional scale word."""
        text, end = self.toks[i].norm, i + 1
        # An Arabic comma misused as a thousands separator: 1،500
        while (self.norm(end) == "،" and end + 1 < len(self.toks) and self.toks[end + 1].kind == "number"
               and len(self.norm(end + 1)) == 3 and self.adjacent(end - 1, end) and self.adjacent(end, end + 1)):
            text, end = text + "," + self.norm(end + 1), end + 2
        scale = self.lex.scales.get(self.word(end), 0)
        value = parse_digits(text, scaled=bool(scale))
        if value is None:
            return None
        if scale:
            return Core(i, end + 1, self.toks[i].norm_start, value * scale, value * scale, scale=scale)
        return Core(i, end, self.toks[i].norm_start, value, value)

    def word_core(self, i: int, stem: str, norm_start: int) -> Core | None:
        """A core read from a word stem: cardinal phrase, vague count, fraction or dual noun."""
        lex = self.lex
        if stem in lex.vague:
            return self.vague_core(i, stem, norm_start)
        if stem in lex.few:
            return self.few_core(i, norm_start)
        if stem in lex.nayyif:
            return self.nayyif_core(i, norm_start)
        if stem in lex.duals:
            return self.dual_core(i, stem, norm_start)
        if stem in lex.definite_ones:
            return self.postnominal_core(i, stem)
        if stem in lex.units and self.word(i + 1) == "ونصف":
            return Core(i, i + 2, norm_start, 1.5, 1.5, unit=lex.units[stem], kind="noun+half")
        if stem in lex.scales_definite:
            base = lex.scales_definite[stem]
            return Core(i, i + 1, norm_start, base, base, kind="singular")
        if stem in lex.singular_after_marker:
            return Core(i, i + 1, norm_start, 1, 1, unit=lex.singular_after_marker[stem], kind="singular")
        if stem in lex.units and self.word(i + 1) in ("واحد", "واحده"):
            return Core(i, i + 2, norm_start, 1, 1, unit=lex.units[stem], kind="noun+one")
        read = CardinalReader(self, i, stem).read()
        if read is None:
            return None
        value, end, scale = read
        kind = "fraction" if stem in lex.fractions and end == i + 1 else "words"
        return Core(i, end, norm_start, value, value, scale=scale, kind=kind)

    def vague_core(self, i: int, stem: str, norm_start: int) -> Core:
        """عشرات، مئات، آلاف... optionally times a following scale (عشرات الآلاف)."""
        low, high = self.lex.vague[stem]
        mult = self.lex.vague_scales.get(self.word(i + 1), 0)
        if mult and low < 1000:
            return Core(i, i + 2, norm_start, low * mult, (high + 1) * mult - 1, approx=True, kind="vague")
        return Core(i, i + 1, norm_start, low, high, approx=True, kind="vague")

    def few_core(self, i: int, norm_start: int) -> Core:
        """بضع/بضعة: 3-9, times a following scale (بضع مئات، بضعة آلاف)."""
        low, high = self.lex.few_range
        mult = self.lex.vague_scales.get(self.word(i + 1), 0) or self.lex.scales.get(self.word(i + 1), 0)
        if mult:
            return Core(i, i + 2, norm_start, low * mult, high * mult, approx=True, kind="few")
        return Core(i, i + 1, norm_start, low, high, approx=True, kind="few")

    def nayyif_core(self, i: int, norm_start: int) -> Core | None:
        """نيف وعشرون: tens + 1 .. tens + 9."""
        nxt = self.word(i + 1)
        tens = self.lex.tens.get(nxt[1:], 0) if nxt.startswith("و") else 0
        if not tens:
            return None
        return Core(i, i + 2, norm_start, tens + 1, tens + 9, approx=True, kind="nayyif")

    def dual_core(self, i: int, stem: str, norm_start: int) -> Core:
        """A dual noun counts 2 (امرأتين); a following اثنين/اثنتين confirms it."""
        end = i + 2 if self.lex.ones.get(self.word(i + 1)) == 2 else i + 1
        return Core(i, end, norm_start, 2, 2, unit=self.lex.duals[stem], kind="dual")

    def postnominal_core(self, i: int, stem: str) -> Core | None:
        """A definite cardinal after its definite noun (السنوات العشر، الأحياء الجديدة الثلاثة)."""
        for back in (1, 2):
            noun = self.word(i - back)
            if noun.startswith("ال") and noun[2:] in self.lex.units:
                start = self.toks[i - back].norm_start
                value = self.lex.definite_ones[stem]
                return Core(i, i + 1, start, value, value, unit=self.lex.units[noun[2:]], kind="postnominal")
        return None

    # ---- extension ---------------------------------------------------------------------------------

    def read(self, i: int) -> tuple[Quantity, int] | None:
        """Read a whole quantity whose core starts at token `i`; return it and the next token index."""
        core = self.core_at(i)
        if core is None or self.blocked(core):
            return None
        ext = Extent(core.end, core.norm_start, core.low, core.high, core.approx, None, core.unit, core.kind)
        ext = self.extend_range(core, ext)
        if ext.reason == "range" and self.date_follows(ext.end):
            return None  # من 10 إلى 15 أيلول: days of a month
        ext = self.lead(core.first, ext)
        if core.kind == "singular" and ext.reason == core.kind:
            if not self.is_duration_one(core):
                return None
            ext = replace(ext, reason="singular-after-preposition")
        if core.unit is None:
            ext = self.attach_unit(ext)
        ext = self.trail(ext)
        if core.kind in ("digits", "words") and ext.unit is None and self.is_year_like(core, ext):
            return None
        if ext.reason == "digits" and ext.unit is None:
            noun = self.definite_noun_before(core)
            if noun is not None:
                ext = replace(ext, norm_start=noun[0], unit=noun[1], reason="postnominal-digits")
            elif self.is_name_part(core):
                return None
        return self.to_quantity(ext), ext.end

    def is_duration_one(self, core: Core) -> bool:
        """An indefinite singular time noun after خلال/بعد/قبل... counts one (خلال أسبوع)."""
        if core.unit is None or core.first != core.norm_start_token(self.toks):
            return False
        prev = self.word(core.first - 1)
        nxt = self.toks[core.end] if core.end < len(self.toks) else None
        if nxt is not None and (nxt.kind == "number" or nxt.norm in self.lex.not_duration_after
                                or nxt.norm in self.lex.months):
            return False
        heads = self.lex.singular_after_preposition
        if self.toks[core.first].norm in self.lex.ambiguous_singulars:
            heads = self.lex.ambiguous_after
        return any(stem in heads for _, stem in self.stems(prev))

    def blocked(self, core: Core) -> bool:
        """True when the core is an identifier, a year, a date part, a time or a phone number."""
        if core.kind == "words" and self.word(core.first - 1).startswith("ال") and core.high == 10:
            return True  # الحادي عشر، الثانية عشرة: the عشر of an ordinal
        if core.kind != "digits":
            return False
        first, last = core.first, core.end - 1
        prev = self.word(first - 1)
        for _, stem in self.stems(prev):
            if stem in self.lex.identifier_heads or stem in self.lex.months:
                return True
        text = self.norm(first)
        if len(text) >= 7 and text.startswith("0"):
            return True
        if self.joined_punct(first - 1, first, "/:.") or self.joined_punct(last, last + 1, "/:"):
            return True
        return core.scale == 0 and core.low <= 31 and self.date_follows(last + 1)

    def joined_punct(self, left: int, right: int, chars: str) -> bool:
        """True when a date/time separator touches the number on that side and digits follow it."""
        if left < 0 or right >= len(self.toks) or not self.adjacent(left, right):
            return False
        punct = left if self.toks[left].kind == "punct" else right
        other = punct - 1 if punct == left else punct + 1
        return (self.norm(punct) in chars and 0 <= other < len(self.toks)
                and self.toks[other].kind == "number" and self.adjacent(min(punct, other), max(punct, other)))

    def definite_noun_before(self, core: Core) -> tuple[int, str] | None:
        """A definite counted noun before الـ + digits (الساعات الـ24): its normalized start and unit."""
        before = core.first - 1
        if before < 1 or self.norm(before) != "ال" or not self.adjacent(before, core.first):
            return None
        noun = self.word(before - 1)
        stem = noun[2:] if noun.startswith("ال") else ""
        unit = self.lex.units.get(stem)
        return (self.toks[before - 1].norm_start, unit) if unit else None

    def is_name_part(self, core: Core) -> bool:
        """A bare number that belongs to a name: «آيفون 7»، "دير الزور 24"، F16، دور الـ16."""
        before, after = core.first - 1, core.end
        if after < len(self.toks) and self.norm(after) in _CLOSING_QUOTES:
            return True
        if before >= 0 and self.toks[before].kind == "latin" and self.adjacent(before, core.first):
            return True
        if (before >= 1 and self.norm(before) in self.lex.range_dashes and self.adjacent(before, core.first)
                and self.toks[before - 1].kind in ("latin", "word") and self.adjacent(before - 1, before)):
            return True  # كوفيد-19
        return before >= 0 and self.norm(before) in ("ال", "لل")

    def is_year_like(self, core: Core, ext: Extent) -> bool:
        """A bare four-digit number (or range of them) in the years' range, with no marker or unit."""
        return (core.kind == "digits" and core.scale == 0 and 1900 <= ext.low <= ext.high <= 2100
                and float(core.low).is_integer() and ext.reason in (core.kind, "range") and ext.bound is None
                and not ext.approx)

    def date_follows(self, j: int) -> bool:
        """True when a month name follows token `j` (directly or after من)."""
        nxt = self.word(j)
        if nxt == "من":
            nxt = self.word(j + 1)
        return nxt in self.lex.months

    def extend_range(self, core: Core, ext: Extent) -> Extent:
        """Read the upper end of a range (X إلى Y، X-Y، بين X و Y)."""
        if core.kind not in ("digits", "words"):
            return ext
        j = core.end
        nxt = self.norm(j)
        second: Core | None = None
        joined = nxt in self.lex.range_joiners or nxt in self.lex.range_dashes
        if joined or (nxt == "و" and self.has_opener(core.first)):
            second = self.number_core(j + 1)
        elif nxt.startswith("و") and self.has_opener(core.first):
            second = self.number_core(j, conj=True)
        if second is None or second.low <= 0:
            return ext
        low = core.low
        if core.scale == 0 and second.scale and core.low < second.low / second.scale:
            low = core.low * second.scale  # بين 3 و4 آلاف: the scale written once applies to both ends
        if low > second.high:
            return ext
        return replace(ext, end=second.end, low=low, high=second.high, reason="range")

    def number_core(self, j: int, conj: bool = False) -> Core | None:
        """A digits or words core at `j` (after a conjunction و when `conj`)."""
        if j >= len(self.toks):
            return None
        tok = self.toks[j]
        if tok.kind == "number":
            return self.digits_core(j)
        if tok.kind != "word":
            return None
        stem = tok.norm[1:] if conj else tok.norm
        if conj and not tok.norm.startswith("و"):
            return None
        read = CardinalReader(self, j, stem).read()
        if read is None:
            return None
        value, end, scale = read
        return Core(j, end, tok.norm_start + (1 if conj else 0), value, value, scale=scale, kind="words")

    def has_opener(self, first: int) -> bool:
        """True when بين / ما بين stands before the core (possibly after an approximator)."""
        k = self.skip_clitic(first - 1)
        return any(p[-1] == "بين" and self.match_back(p, k) is not None for p in self.lex.range_openers)

    def skip_clitic(self, k: int) -> int:
        """Step back over a bare clitic token (بـ، الـ) left in front of digits."""
        if k >= 0 and self.norm(k) in _CLITIC_TOKENS and self.adjacent(k, k + 1):
            return k - 1
        if k >= 0 and self.norm(k) in ("ال", "لل"):
            return k - 1
        return k

    def match_back(self, phrase: tuple[str, ...], k: int) -> int | None:
        """If `phrase` ends at token `k`, the normalized start of its span (after proclitics), else None."""
        n = len(phrase)
        if k - n + 1 < 0:
            return None
        for offset, word in enumerate(phrase[1:], start=1):
            if self.word(k - n + 1 + offset) != word:
                return None
        head = self.word(k - n + 1)
        if head == phrase[0]:
            return self.toks[k - n + 1].norm_start
        prefix = head[: len(head) - len(phrase[0])]
        if head.endswith(phrase[0]) and prefix and is_proclitic_prefix(prefix):
            return self.toks[k - n + 1].norm_start + len(prefix)
        return None

    def lead(self, first: int, ext: Extent) -> Extent:
        """Leading markers: approximators, bounds, range openers and percent signs before the number."""
        k = self.skip_clitic(first - 1)
        if k >= 0 and self.norm(k) in ("%", "٪") and self.adjacent(k, first):
            ext = replace(ext, norm_start=self.toks[k].norm_start, unit="percent")
            k -= 1
        if ext.reason == "range":
            for phrase in self.lex.range_openers:
                start = self.match_back(phrase, k)
                if start is not None:
                    ext, k = replace(ext, norm_start=start), k - len(phrase)
                    break
        return self.lead_marker(k, ext)

    def lead_marker(self, k: int, ext: Extent) -> Extent:
        """An approximator or bound ending at token `k` (a bound verb may be followed by عددهم)."""
        candidates = [k, k - 1] if self.word(k) in self.lex.bound_fillers else [k]
        for end in candidates:
            for phrase, bound in self.lex.markers:
                if end != k and bound != "max":
                    continue
                start = self.match_back(phrase, end)
                if start is not None:
                    reason = f"{'bound' if bound else 'approx'}:{' '.join(phrase)}+{ext.reason}"
                    return replace(ext, norm_start=start, approx=ext.approx or bound is None,
                                   bound=bound or ext.bound, reason=reason)
        return ext

    def unit_at(self, j: int) -> tuple[str, int] | None:
        """The counted noun at token `j` (up to three words): its unit and the token after it."""
        for size in (3, 2, 1):
            if j + size > len(self.toks):
                continue
            words = [self.word(j + n) for n in range(size)]
            if not all(words):
                continue
            unit = self.lookup_unit(words)
            if unit is not None:
                return self.refine_unit(unit, j + size)
        return None

    def lookup_unit(self, words: list[str]) -> str | None:
        """Look a noun phrase up, tolerating the article and an accusative tanwin alif."""
        firsts = [words[0]] + ([words[0][2:]] if words[0].startswith("ال") and len(words[0]) > 3 else [])
        for first in firsts:
            phrase = [first, *words[1:]]
            lasts = [phrase[-1]] + ([phrase[-1][:-1]] if phrase[-1].endswith("ا") and len(phrase[-1]) > 3 else [])
            for last in lasts:
                unit = self.lex.units.get(" ".join([*phrase[:-1], last]))
                if unit is not None:
                    return unit
        return None

    def refine_unit(self, unit: str, j: int) -> tuple[str, int]:
        """Turn a length into an area (كيلومتر مربع، كم2، كلم²)."""
        if unit == "km" and self.word(j) in self.lex.area_modifiers:
            return "km2", j + 1
        if unit == "km" and j < len(self.toks) and self.norm(j) in ("2", "²") and self.adjacent(j - 1, j):
            return "km2", j + 1
        return unit, j

    def attach_unit(self, ext: Extent) -> Extent:
        """Extend over the counted noun, a percent word, a partitive من + noun, or آخرين."""
        j = ext.end
        for phrase in self.lex.percent:
            if self.match_forward(phrase, j):
                return replace(ext, end=j + len(phrase), unit="percent")
        if ext.reason.endswith("fraction") and self.word(j).startswith("ال"):
            return ext  # نصف السكان: a share of a whole, no counted noun
        quoted = j < len(self.toks) and self.norm(j) in _QUOTES
        found = self.unit_at(j + 1 if quoted else j)
        if found is not None:
            end = found[1] + 1 if quoted and self.norm(found[1]) in _QUOTES else found[1]
            return self.add_half(replace(ext, end=end, unit=found[0]))
        if self.word(j) in self.lex.others:
            return replace(ext, end=j + 1)
        start = j
        for phrase, _bound in self.lex.bound_after.items():
            if self.match_forward(phrase, j):
                start = j + len(phrase)
        if self.word(start) == "من":
            found = self.unit_at(start + 1)
            if found is not None:
                return replace(ext, end=found[1], unit=found[0])
        return ext

    def add_half(self, ext: Extent) -> Extent:
        """ساعة ونصف / 3 ساعات ونصف: add one half."""
        if self.word(ext.end) == "ونصف" and ext.low == ext.high and ext.low < 1000:
            return replace(ext, end=ext.end + 1, low=ext.low + 0.5, high=ext.high + 0.5)
        return ext

    def match_forward(self, phrase: tuple[str, ...], j: int) -> bool:
        """True when `phrase` starts at token `j`."""
        return all(self.norm(j + n) == word for n, word in enumerate(phrase))

    def trail(self, ext: Extent) -> Extent:
        """Trailing تقريبا / على الأقل / على الأكثر."""
        j = ext.end
        if self.word(j) in self.lex.approx_after:
            return replace(ext, end=j + 1, approx=True)
        for phrase, bound in self.lex.bound_after.items():
            if ext.bound is None and self.match_forward(phrase, j):
                return replace(ext, end=j + len(phrase), bound=bound)
        return ext

    def to_quantity(self, ext: Extent) -> Quantity:
        """Map the extent to original offsets and build the Quantity."""
        norm_end = self.toks[ext.end - 1].norm_end
        start, end = self.at.norm.to_original(ext.norm_start, norm_end)
        return Quantity(start, end, self.at.text[start:end], _num(ext.low), _num(ext.high), ext.approx, ext.bound,
                        ext.unit, ext.reason)


class CardinalReader:
    """Reads a cardinal phrase in words (ثلاثة آلاف وخمسمئة، خمسة وعشرون، ثلاث مئة) from a first stem."""

    def __init__(self, reader: Reader, i: int, stem: str) -> None:
        """Start at token `i`, whose stem (proclitics removed) is `stem`."""
        self.r, self.lex, self.i, self.stem = reader, reader.lex, i, stem
        self.total = 0.0
        self.cur = 0.0
        self.last = ""
        self.limit = 0.0
        self.scale = 0

    def read(self) -> tuple[float, int, int] | None:
        """The value, the token after the phrase and the last scale word's multiplier, or None."""
        j = self.first()
        if j is None:
            return None
        while j < len(self.r.toks):
            nxt = self.step(j)
            if nxt is None:
                break
            j = nxt
        return self.total + self.cur, j, self.scale

    def first(self) -> int | None:
        """Read the first atom; return the next token index."""
        lex, stem, nxt, i = self.lex, self.stem, self.r.word(self.i + 1), self.i
        head = lex.teen_heads.get(stem) or (lex.ones.get(stem, 0) if lex.ones.get(stem, 0) < 10 else 0)
        if head and nxt in lex.teen_tails:
            self.cur, self.last = 10 + head, "teen"
            return i + 2
        if stem in lex.ones:
            return self.first_one(lex.ones[stem], nxt)
        if lex.teen_heads.get(stem) == 1 and nxt.startswith("و") and nxt[1:] in lex.tens:
            self.cur, self.last = 1, "one"  # إحدى وعشرون
            return i + 1
        for table, kind in ((lex.tens, "ten"), (lex.hundreds, "hundred")):
            if stem in table:
                self.cur, self.last = table[stem], kind
                return i + 1
        if stem in lex.scales_alone:
            self.total, self.last = lex.scales_alone[stem], "scale"
            self.limit = float(lex.scales[stem]) if stem in lex.scales else self.total / 2
            self.scale = int(self.limit)
            return i + 1
        if stem in lex.fractions:
            return self.first_fraction(lex.fractions[stem], nxt)
        return None

    def first_one(self, value: int, nxt: str) -> int | None:
        """1-10 alone, before مئة (ثلاث مئة), before a fraction plural (ثلاثة أرباع)."""
        i = self.i
        if 3 <= value <= 9 and nxt in ("مئه", "مائه"):
            self.cur, self.last = value * 100, "hundred"
            return i + 2
        if nxt in self.lex.fraction_plurals:
            self.cur, self.last = value * self.lex.fraction_plurals[nxt], "fraction"
            return i + 2
        if value == 1 and not (nxt.startswith("و") and nxt[1:] in self.lex.tens):
            return None  # واحد alone is "one of", not a count
        self.cur, self.last = value, "one" if value < 10 else "teen"
        return i + 1

    def first_fraction(self, value: float, nxt: str) -> int:
        """ربع، نصف، ثلث، ثلثي, optionally times a scale (نصف مليون)."""
        if nxt in self.lex.scales:
            self.cur, self.last, self.scale = value * self.lex.scales[nxt], "scale", self.lex.scales[nxt]
            return self.i + 2
        self.cur, self.last = value, "fraction"
        return self.i + 1

    def step(self, j: int) -> int | None:
        """Extend the phrase at token `j`; return the next index or None to stop."""
        word = self.r.word(j)
        if word in self.lex.scales and self.last in ("one", "teen", "ten", "hundred") and self.cur > 0:
            mult = self.lex.scales[word]
            self.total, self.cur, self.last, self.limit, self.scale = self.total + self.cur * mult, 0, "scale", mult, mult
            return j + 1
        if not word.startswith("و") or len(word) < 3:
            return None
        part = word[1:]
        if self.last == "scale" and part == "نصف":
            self.total += self.limit / 2
            return j + 2 if self.r.word(j + 1) in self.lex.scales_definite else j + 1
        return self.conjoined(j, part)

    def conjoined(self, j: int, part: str) -> int | None:
        """A part after و: tens after ones, or a smaller part after hundreds or a scale."""
        lex = self.lex
        if self.last == "one" and part in lex.tens:
            self.cur, self.last = self.cur + lex.tens[part], "ten"
            return j + 1
        limit = self.limit if self.last == "scale" else (100 if self.last == "hundred" else 0)
        head = lex.teen_heads.get(part) or lex.ones.get(part, 0)
        if head and head < 10 and self.r.word(j + 1) in lex.teen_tails and 10 + head < limit:
            self.cur, self.last = self.cur + 10 + head, "teen"
            return j + 2
        for table, kind in ((lex.ones, "one"), (lex.tens, "ten"), (lex.hundreds, "hundred")):
            if part in table and table[part] < limit:
                self.cur, self.last = self.cur + table[part], kind
                return j + 1
        return None


def parse_digits(text: str, scaled: bool = False) -> float | None:
    """The value of a digit string with thousands groups (1,500 1.500 1,200,000) or a decimal part (1.5)."""
    groups = [g for g in text.replace(",", ".").split(".")]
    seps = {c for c in text if c in ",."}
    if len(groups) == 1:
        return float(int(text))
    if len(seps) == 1 and all(len(g) == 3 for g in groups[1:]) and len(groups[0]) <= 3 and not (
            scaled and len(groups) == 2):
        return float(int("".join(groups)))
    if len(groups) == 2:
        return float(f"{groups[0]}.{groups[1]}")
    if len(seps) == 2:
        last = text.rfind(text[-len(groups[-1]) - 1])
        return float(text[:last].replace(",", "").replace(".", "") + "." + text[last + 1:])
    return None


def _num(value: float) -> float:
    """Round away float noise; keep integers integral (a float type for the contract)."""
    rounded = round(value, 3)
    return int(rounded) if float(rounded).is_integer() else rounded


def find_quantities(at: AnalyzedText) -> list[Quantity]:
    """Find every quantity expression in the text."""
    reader = Reader(at, lexicon())
    out: list[Quantity] = []
    i, count = 0, len(reader.toks)
    while i < count:
        found = reader.read(i) if _may_start(reader.toks[i]) else None
        if found is None:
            i += 1
            continue
        quantity, i = found
        out.append(quantity)
    return out


def _may_start(tok: Token) -> bool:
    """Cheap filter: only numbers and words can start a quantity."""
    return tok.kind in ("number", "word")
