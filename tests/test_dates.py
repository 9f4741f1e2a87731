"""Time expressions: worked vectors, own sentences, spans, publication-date inference, vague expressions."""

from __future__ import annotations

import csv
import itertools
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.annotate.dates import annotate_times, iso_duration
from rasid.annotate.numbers import find_quantities
from rasid.model import Quantity, TimeMention
from rasid.text.analyzed import analyze

VECTORS = Path(__file__).resolve().parents[2] / "shared" / "spec" / "vectors" / "dates.tsv"
MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر",
          "ديسمبر"]


def _times(text: str, published: str | None, quantities: list[Quantity] | None = None) -> list[TimeMention]:
    """Dated mentions of a text (quantities from the numbers layer unless given)."""
    at = analyze(text)
    return annotate_times(at, published, find_quantities(at) if quantities is None else quantities)[1]


def _vectors() -> list[dict[str, str]]:
    """Rows of the shared worked examples, or none when ../shared is absent."""
    if not VECTORS.exists():
        return []
    with VECTORS.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.mark.skipif(not VECTORS.exists(), reason="../shared/spec/vectors/dates.tsv not available")
@pytest.mark.parametrize("row", _vectors(), ids=lambda r: r["expression"])
def test_vector(row: dict[str, str]) -> None:
    times = _times(row["expression"], row["published"])
    assert times, "no time found"
    # Several mentions are allowed only when they agree (Hijri date + الموافق + Gregorian date), or when they
    # are the two ends of a range inside the range's own mention.
    whole = max(times, key=lambda t: t.end - t.start)
    assert (whole.value, whole.precision) == (row["value"], row["precision"])
    for t in times:
        is_range_end = t.reason.endswith(":end") and whole.start <= t.start and t.end <= whole.end
        assert (t.value, t.precision) == (row["value"], row["precision"]) or is_range_end


# Own sentences: (text, published, expected mention text, expected value, expected mod).
SENTENCES = [
    ("وصلت القافلة إلى مدينة تدمر في 3 من شباط/فبراير 2020 بعد تأخير.", "2020-02-10", "3 من شباط/فبراير 2020",
     "2020-02-03", None),
    ("أعلنت الوزارة يوم 7 نيسان الماضي حظر التجول.", "2021-05-02", "7 نيسان الماضي", "2021-04-07", None),
    ("انسحبت القوات من البلدة في الثامن عشر من آب 2016.", "2016-09-01", "الثامن عشر من آب 2016", "2016-08-18", None),
    ("بدأت الحملة منذ 5 كانون الأول الماضي.", "2020-01-08", "5 كانون الأول الماضي", "2019-12-05", None),
    ("سيعقد المؤتمر في يونيو المقبل في جنيف.", "2022-08-30", "يونيو المقبل", "2023-06", None),
    ("تراجعت الأسعار خلال مارس الجاري بشكل حاد.", "2023-03-15", "مارس الجاري", "2023-03", None),
    ("قصفت الطائرات القرية مساء الخميس الماضي.", "2020-07-13", "مساء الخميس الماضي", "2020-07-09", None),
    ("قال المتحدث أمس إن المعارك توقفت.", "2016-03-01", "أمس", "2016-02-29", None),
    ("تسلم الجيش المواقع أول من أمس.", "2021-01-01", "أول من أمس", "2020-12-30", None),
    ("افتتح الجسر أواسط الشهر الماضي.", "2015-01-20", "أواسط الشهر الماضي", "2014-12", "MID"),
    ("انتهت المفاوضات أواخر العام الماضي دون اتفاق.", "2012-06-01", "أواخر العام الماضي", "2011", "END"),
    ("سجلت الأمم المتحدة النزوح في مطلع حزيران 2017.", "2018-01-01", "مطلع حزيران 2017", "2017-06", "START"),
    ("ولد الشاعر عام 1948 في حيفا.", "2020-01-01", "عام 1948", "1948", None),
    ("وقعت الاشتباكات بين 3 و9 تموز الماضي في الريف.", "2019-08-11", "بين 3 و9 تموز الماضي",
     "2019-07-03/2019-07-09", None),
    ("نشر التقرير بتاريخ 05/06/2014 على موقع المنظمة.", "2014-07-01", "05/06/2014", "2014-06-05", None),
    ("أغلق المعبر يوم الجمعة 12 نيسان 2019 حتى إشعار آخر.", "2019-04-13", "يوم الجمعة 12 نيسان 2019",
     "2019-04-12", None),
    ("عاد التيار الكهربائي إلى الحي الأسبوع الماضي.", "2022-10-10", "الأسبوع الماضي", "2022-10-03/2022-10-09", None),
    ("يتوقع أن يرتفع عدد اللاجئين العام المقبل.", "2024-12-31", "العام المقبل", "2025", None),
    ("وتعرضت القرية للقصف خلال الـ72 ساعة الماضية.", "2020-02-02", "الـ72 ساعة الماضية", "PT72H", None),
    ("أفرج عنه بعد اعتقال دام 3 سنوات في السجن.", "2018-01-01", "3 سنوات", "P3Y", None),
    ("تعطل المشفى لمدة أسبوعين متتاليين.", "2018-01-01", "أسبوعين", "P2W", None),
    ("غادرت العائلة القرية قبل يومين.", "2017-03-01", "قبل يومين", "2017-02-27", None),
    ("حدث ذلك في صيف 2013 في ريف حمص.", "2020-01-01", "صيف 2013", "2013-06-01/2013-08-31", None),
    ("صدر القرار في 10 شوال 1441 هـ.", "2020-06-10", "10 شوال 1441 هـ", "2020-06-02", None),
    ("تراجعت الهجمات خلال شهر رمضان بشكل ملحوظ.", "2015-07-21", "شهر رمضان", "2015-06-18/2015-07-16", None),
]


@pytest.mark.parametrize(("text", "published", "surface", "value", "mod"), SENTENCES, ids=lambda x: str(x)[:30])
def test_own_sentence(text: str, published: str, surface: str, value: str, mod: str | None) -> None:
    times = _times(text, published)
    hits = [t for t in times if t.value == value]
    assert hits, [(t.text, t.value) for t in times]
    assert hits[0].text == surface
    assert hits[0].mod == mod


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("قال مراسل روسيا اليوم إن الطريق مقطوع.", "2019-01-01"),
        ("في اليوم التالي عاد الأهالي إلى منازلهم.", "2019-01-01"),
        ("مارس الضغط على الحكومة لسنوات.", "2019-01-01"),
        ("قتل 2000 مقاتل في المعارك.", "2019-01-01"),
        ("بعد عقد اجتماع مع الوجهاء أعلن الاتفاق.", "2019-01-01"),
        ("وصل 15 شخصا إلى المخيم.", "2019-01-01"),
        ("قال رمضان عبد الله إن الطريق مغلق.", "2019-01-01"),
        ("قتل الأحد عشر عنصرا في الكمين.", "2019-01-01"),
    ],
)
def test_not_a_time(text: str, published: str) -> None:
    assert _times(text, published) == []


@pytest.mark.parametrize(
    "text",
    ["أكد مسؤول الليلة الماضية أن القصف استمر", "قال ناشطون إن الهدوء عاد منذ الأحد 4 من شباط 2018 إلى المنطقة",
     "وقعت المجزرة في 17 تشرين الأول/أكتوبر 2015 في البلدة", "وصلت التعزيزات خلال الساعات الـ36 الماضية"],
)
def test_spans_are_original_text(text: str) -> None:
    # Diacritics and tatweel shift normalized offsets: spans must still be exact slices of the original.
    decorated = text.replace("ا", "اَ").replace("ل", "لـ")
    for t in _times(decorated, "2018-02-10"):
        assert decorated[t.start:t.end] == t.text
        assert not t.text.startswith(("منذ", "في ", "خلال"))


def test_signal_monzu_is_outside_the_span() -> None:
    times = _times("لم تدخل المساعدات منذ 20 أيار الماضي.", "2019-06-01")
    assert [(t.text, t.value) for t in times] == [("20 أيار الماضي", "2019-05-20")]


def test_explicit_day_beats_conflicting_weekday() -> None:
    times = _times("وقال المصدر الأحد 22 من شباط إن القصف توقف", "2019-02-25")
    assert [t.value for t in times] == ["2019-02-22"]  # 22 Feb 2019 was a Friday


def test_today_weekday_keeps_the_weekday() -> None:
    times = _times("أعلن الجيش اليوم الاثنين سيطرته على التلة", "2020-03-03")
    assert [t.value for t in times] == ["2020-03-02"]


def test_month_precision_published_keeps_relative_days_at_month() -> None:
    times = _times("قال القائد اليوم إن المدينة آمنة وإن الهجوم وقع أمس.", "2018-11")
    assert [t.value for t in times] == ["2018-11", "2018-11"]


def test_year_carried_from_a_nearby_explicit_date() -> None:
    text = "سقطت المدينة في 12 من آب/أغسطس من عام 2012، واستعادها الجيش في شهر أيلول بعد معارك عنيفة."
    times = _times(text, "2020-05-01")
    assert [t.value for t in times] == ["2012-08-12", "2012-09"]


def test_relative_inside_a_dated_quote_uses_the_quote_date() -> None:
    text = "وقالت الشبكة في بيان الاثنين 6 من نيسان “سقطت قذائف على الحي أمس”."
    times = _times(text, "2020-04-09")
    assert [t.value for t in times] == ["2020-04-06", "2020-04-05"]


# ------------------------------------------------------------------ durations from the quantities layer


def _q(text: str, sub: str, low: float, unit: str, approx: bool = False, bound: str | None = None) -> Quantity:
    """A Quantity over `sub` inside `text`, built by hand (independent of the numbers layer)."""
    start = text.index(sub)
    return Quantity(start, start + len(sub), sub, low, low, approx, bound, unit)


@pytest.mark.parametrize(
    ("text", "sub", "low", "unit", "approx", "bound", "value"),
    [
        ("استمر الحصار قرابة خمسة أشهر متواصلة", "قرابة خمسة أشهر", 5, "month", True, None, "P5M"),
        ("لم يبق أمامهم سوى أقل من ثلاثة أسابيع", "أقل من ثلاثة أسابيع", 3, "week", False, "max", "P3W"),
        ("دامت المعركة سبع ساعات", "سبع ساعات", 7, "hour", False, None, "PT7H"),
        ("غاب عن البلاد أكثر من عشرين عاما", "أكثر من عشرين عاما", 20, "year", False, "min", "P20Y"),
    ],
)
def test_duration_from_quantity(text: str, sub: str, low: float, unit: str, approx: bool, bound: str | None,
                                value: str) -> None:
    times = _times(text, "2019-01-01", [_q(text, sub, low, unit, approx, bound)])
    assert [(t.text, t.value, t.mod, t.bound) for t in times] == [
        (sub, value, "APPROX" if approx else None, bound)]


def test_vague_count_of_units_is_a_vague_duration() -> None:
    text = "عاشت العائلة هناك عشرات السنين"
    start = text.index("عشرات السنين")
    q = Quantity(start, start + len("عشرات السنين"), "عشرات السنين", 10, 99, True, None, "year")
    _, times, vague = annotate_times(analyze(text), "2019-01-01", [q])
    assert times == []
    assert [(v.text, v.type) for v in vague] == [("عشرات السنين", "DURATION_VAGUE")]


def test_dual_and_a_half() -> None:
    assert [(t.text, t.value) for t in _times("حكم عليه بالسجن عامين ونصف العام", "2019-01-01", [])] == [
        ("عامين ونصف العام", "P2Y6M")]


def test_ago_from_quantity() -> None:
    text = "نزحت العائلات قبل خمسة أيام"
    times = _times(text, "2019-01-03", [_q(text, "خمسة أيام", 5, "day")])
    assert [(t.text, t.value) for t in times] == [("قبل خمسة أيام", "2018-12-29")]


@pytest.mark.parametrize(
    ("count", "unit", "iso"),
    [(10, "D", "P10D"), (48, "H", "PT48H"), (0.5, "H", "PT30M"), (1.5, "H", "PT1H30M"), (2, "DEC", "P20Y"),
     (2, "W", "P2W"), (45, "MIN", "PT45M"), (2.5, "Y", "P2Y6M"), (1.5, "D", "P1DT12H"), (0.5, "D", "PT12H")],
)
def test_iso_duration(count: float, unit: str, iso: str) -> None:
    assert iso_duration(count, unit) == iso


# ------------------------------------------------------------------ publication date


def _arabic_date(d: date) -> str:
    """A written Arabic date."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)), min_size=1, max_size=4))
def test_inferred_published_is_the_latest_explicit_date(days: list[date]) -> None:
    text = " ثم ".join(f"وقع هجوم في {_arabic_date(d)}" for d in days) + ". وقال شاهد إن القصف تجدد أمس."
    published, times, _ = annotate_times(analyze(text), None, [])
    latest = max(days)
    assert published.source == "inferred"
    assert published.value == latest.isoformat()
    assert published.reason and _arabic_date(latest) in published.reason
    assert times[-1].text == "أمس"
    assert times[-1].value == (latest - timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("بيروت - الأربعاء 6 من أيار 2015: أعلنت الفصائل هدنة اليوم.", "2015-05-06"),
        ("نشر في 2014/03/09. قالت مصادر إن الطريق أغلق الأسبوع الماضي.", "2014-03-09"),
        ("غادر الوفد في 10 حزيران 2011 وعاد في 1 تموز 2011.", "2011-07-01"),
    ],
)
def test_inferred_published_examples(text: str, value: str) -> None:
    published, _, _ = annotate_times(analyze(text), None, [])
    assert (published.value, published.source) == (value, "inferred")


def test_weekday_dated_line_without_year_uses_a_named_year() -> None:
    text = "التقطت الصورة في 3 آذار 2016. دمشق - اليوم الثلاثاء 15 من آذار: خرج المتظاهرون."
    published, _, _ = annotate_times(analyze(text), None, [])
    assert published.value == "2016-03-15"  # a Tuesday in 2016


def test_unknown_published_sends_relative_expressions_to_vague() -> None:
    published, times, vague = annotate_times(analyze("قصفت الطائرات البلدة أمس الثلاثاء وقتل عشرة أشخاص."), None, [])
    assert (published.value, published.source) == (None, "unknown")
    assert times == []
    assert [(v.text, v.value, v.type) for v in vague] == [("أمس الثلاثاء", None, "PAST_REF")]


@pytest.mark.parametrize(
    ("text", "surface", "kind"),
    [
        ("وصلت التعزيزات مؤخراً إلى المنطقة", "مؤخراً", "PAST_REF"),
        ("ستبدأ المرحلة الثانية قريبا", "قريبا", "FUTURE_REF"),
        ("تتعرض القرى للقصف من حين لآخر", "من حين لآخر", "SET"),
        ("كان الوضع مختلفا في تلك الفترة", "في تلك الفترة", "ANAPHORIC"),
    ],
)
def test_vague(text: str, surface: str, kind: str) -> None:
    _, times, vague = annotate_times(analyze(text), "2019-01-01", [])
    assert times == []
    assert [(v.text, v.value, v.type) for v in vague] == [(surface, None, kind)]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("نقل الجريح مساء الخميس 9/3/1437 هـ إلى المشفى", "2016-01-01", [("مساء الخميس 9/3/1437 هـ", "2015-12-20")]),
        ("وقعت الحادثة قبل ثلاثة أيام من الانتخابات", "2016-01-01", []),
        ("أصيب الجندي قبل 3 أيام من انتهاء خدمته", "2016-01-01", [("3 أيام", "P3D")]),
        ("انطلقت الحملة منذ يوليو تموز 2013 على الحدود", "2016-01-01", [("يوليو تموز 2013", "2013-07")]),
        ("عمل في الشركة من 2004 لغاية العام 2009", "2016-01-01", [("من 2004 لغاية العام 2009",
                                                                  "2004-01-01/2009-12-31")]),
        ("فاز الفريق بنتيجة 3/1 على ضيفه", "2016-01-01", []),
        ("اعتقل في الثالث من الشهر نفسه", "2016-01-01", []),
        ("انتهت المعارك نهاية العام ذاته", "2016-01-01", []),
        ("انتهت المعارك نهاية العام الماضي", "2016-01-01", [("نهاية العام الماضي", "2015")]),
    ],
)
def test_more_forms(text: str, published: str, expected: list[tuple[str, str]]) -> None:
    times = _times(text, published, [])
    assert [(t.text, t.value) for t in times] == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("هاجم المسلحون الحاجز الأحد 3 أيار 2020 وانسحبوا في المساء.", "2020-05-06",
         [("الأحد 3 أيار 2020", "2020-05-03"), ("المساء", "2020-05-03")]),
        ("انطلقت القافلة في الصباح من الميناء.", "2020-05-06", [("الصباح", "2020-05-06")]),
        ("انطلقت القافلة في الصباح من الميناء.", "2020-05", []),
    ],
)
def test_day_part_follows_the_last_day(text: str, published: str, expected: list[tuple[str, str]]) -> None:
    assert [(t.text, t.value) for t in _times(text, published, [])] == expected


_PIECES = ["في", "منذ", "يوم", "الأحد", "أمس", "اليوم", "الماضي", "المقبل", "من", "إلى", "و", "2019", "22", "3",
           "/", "-", "يناير", "كانون الثاني", "رمضان", "1440", "هـ", "عام", "نحو", "أيام", "يومين", "مطلع", "الشهر",
           "قبل", "بين", "مؤخراً", "الـ", "ً", "ـ", "،", "(", ")", "\n", "  ", "حتى الآن", "صيف", "الموافق"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14), st.sampled_from([None, "2019-01-25", "2018-11", "2017"]))
def test_any_mix_of_date_words_gives_exact_spans(pieces: list[str], published: str | None) -> None:
    text = " ".join(pieces)
    _, times, vague = annotate_times(analyze(text), published, [])
    for t in times + vague:
        assert text[t.start:t.end] == t.text
    assert all(t.value for t in times)
    assert all(t.value is None for t in vague)
    spans = sorted((t.start, t.end) for t in times + vague)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_now_in_a_dated_statement_is_the_statement_day() -> None:
    text = "وقال الهلال الأحمر يوم الخميس إن 900 عائلة وصلت حتى الآن. والوضع الآن صعب."
    times = _times(text, "2021-02-13", [])
    assert [(t.text, t.value) for t in times] == [("يوم الخميس", "2021-02-11"), ("حتى الآن", "2021-02-11"),
                                                  ("الآن", "2021-02-13")]


@pytest.mark.parametrize(
    ("text", "kind"),
    [("قصف الطيران البلدة الأحد", "PAST_REF"), ("وقع الانفجار في 10 سبتمبر", "PAST_REF"),
     ("قال القائد الآن إن", "PRESENT_REF"), ("تبدأ الحملة الأسبوع المقبل", "FUTURE_REF"),
     ("تبدأ الحملة غدا", "FUTURE_REF")],
)
def test_unresolved_relative_types(text: str, kind: str) -> None:
    published, times, vague = annotate_times(analyze(text), None, [])
    assert published.source == "unknown" and times == []
    assert [v.type for v in vague] == [kind]


def test_a_counted_number_is_not_a_year() -> None:
    text = "قتل أكثر من 2000 مقاتل في المعارك منذ 2012"
    start = text.index("أكثر من 2000 مقاتل")
    q = Quantity(start, start + len("أكثر من 2000 مقاتل"), "أكثر من 2000 مقاتل", 2000, 2000, False, "min", "fighter")
    assert [(t.text, t.value) for t in _times(text, "2019-01-01", [q])] == [("2012", "2012")]


def test_cross_month_range_also_gives_both_ends_as_days() -> None:
    from rasid.pipeline import extract

    text = "يستمر المعرض من 28 أكتوبر حتى 4 نوفمبر في العاصمة."
    times = {(t.text, t.value) for t in extract(text, "2021-10-01").times}
    assert ("من 28 أكتوبر حتى 4 نوفمبر", "2021-10-28/2021-11-04") in times
    assert ("28 أكتوبر", "2021-10-28") in times and ("4 نوفمبر", "2021-11-04") in times
