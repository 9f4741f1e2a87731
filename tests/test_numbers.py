"""The quantities layer: digits, words, vague counts, markers, ranges, units and what is not a quantity."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.annotate.numbers import dual_forms, find_quantities, parse_digits
from rasid.model import Quantity
from rasid.text.analyzed import analyze

VECTORS = Path(__file__).resolve().parents[2] / "shared" / "spec" / "vectors" / "numbers.tsv"


def quantities(text: str) -> list[Quantity]:
    """Run the layer over a text."""
    return find_quantities(analyze(text))


def only(text: str) -> Quantity:
    """The single quantity of a text."""
    found = quantities(text)
    assert len(found) == 1, found
    return found[0]


# (sentence, expected span text, low, high, approx, bound, unit)
SENTENCES = [
    ("أعلنت الشرطة توقيف 27 مهربا قرب الحدود", "27", 27, 27, False, None, None),
    ("وصل إلى المخيم 1,350 نازحا خلال الليل", "1,350 نازحا", 1350, 1350, False, None, "displaced"),
    ("سجلت المنظمة ٢٬٤٠٠ لاجئ جديد", "٢٬٤٠٠ لاجئ", 2400, 2400, False, None, "refugee"),
    ("تضم البلدة قرابة 35 ألف نسمة بحسب الإحصاء", "قرابة 35 ألف نسمة", 35000, 35000, True, None, "person"),
    ("خسر الفصيل سبعة عشر مقاتلا في الكمين", "سبعة عشر مقاتلا", 17, 17, False, None, "fighter"),
    ("دخلت البلدة تسع وثلاثون شاحنة مساعدات", "تسع وثلاثون شاحنة", 39, 39, False, None, "truck"),
    ("قُتل اثنا عشر جنديا في الهجوم", "اثنا عشر جنديا", 12, 12, False, None, "soldier"),
    ("نزح أربعة آلاف ومئتا شخص من الريف", "أربعة آلاف ومئتا شخص", 4200, 4200, False, None, "person"),
    ("استمر الحصار ثلاثة أسابيع كاملة", "ثلاثة أسابيع", 3, 3, False, None, "week"),
    ("أفرج الحراس عن سجينين من البلدة", "سجينين", 2, 2, False, None, "detainee"),
    ("أصيب طفلان في القصف", "طفلان", 2, 2, False, None, "child"),
    ("هاجم المسلحون بلدتين صغيرتين", "بلدتين", 2, 2, False, None, "village"),
    ("يبعد الحاجز مسافة ثمانية كيلومترات عن المعبر", "ثمانية كيلومترات", 8, 8, False, None, "km"),
    ("تبلغ مساحة الجيب 12 كيلومترا مربعا", "12 كيلومترا مربعا", 12, 12, False, None, "km2"),
    ("تسبب القصف بمقتل عشرات الرعاة والمزارعين", "عشرات", 10, 99, True, None, None),
    ("فر مئات السكان نحو الجبال", "مئات السكان", 100, 999, True, None, "person"),
    ("يعيش في المنطقة عشرات الآلاف من المزارعين", "عشرات الآلاف", 10000, 99999, True, None, None),
    ("عاد بضعة نازحين إلى القرية", "بضعة نازحين", 3, 9, True, None, "displaced"),
    ("تقدم الجيش زهاء خمسة كيلومترات", "زهاء خمسة كيلومترات", 5, 5, True, None, "km"),
    ("فقدت القوات ما يقارب 90 عنصرا", "ما يقارب 90 عنصرا", 90, 90, True, None, "fighter"),
    ("سقط في المعارك ما لا يقل عن ستين قتيلا", "ما لا يقل عن ستين قتيلا", 60, 60, False, "min", "fatality"),
    ("احتجزت الدورية أزيد من 40 شابا", "أزيد من 40 شابا", 40, 40, False, "min", "person"),
    ("الهدنة لا تتجاوز مدتها 72 ساعة", "لا تتجاوز مدتها 72 ساعة", 72, 72, False, "max", "hour"),
    ("يقدر عددهم بأقل من ثلاثمائة مقاتل", "أقل من ثلاثمائة مقاتل", 300, 300, False, "max", "fighter"),
    ("تراوح عدد الضحايا بين 14 و19 مدنيا", "بين 14 و19 مدنيا", 14, 19, False, None, "civilian"),
    ("نقلت الحافلات من 300 إلى 450 عائلة", "من 300 إلى 450 عائلة", 300, 450, False, None, "family"),
    ("يضم المخيم ما بين 6 و8 آلاف نازح", "ما بين 6 و8 آلاف نازح", 6000, 8000, False, None, "displaced"),
    ("وتتراوح الخسائر 15-20 آلية", "15-20 آلية", 15, 20, False, None, "vehicle"),
    ("ارتفعت الأسعار 35 في المئة خلال العام", "35 في المئة", 35, 35, False, None, "percent"),
    ("تراجع الإنتاج بنسبة 12.5% هذا الموسم", "12.5%", 12.5, 12.5, False, None, "percent"),
    ("دامت المفاوضات ساعتين فقط", "ساعتين", 2, 2, False, None, "hour"),
    ("وقعت الغارة قبل أسبوعين من الهدنة", "أسبوعين", 2, 2, False, None, "week"),
    ("سيطر التنظيم على ثلث المحافظة", "ثلث", 0.333, 0.333, False, None, None),
    ("انتظر الأهالي نصف ساعة عند الحاجز", "نصف ساعة", 0.5, 0.5, False, None, "hour"),
    ("يعمل في الورشة 250 شخصا تقريبا", "250 شخصا تقريبا", 250, 250, True, None, "person"),
    ("نفذ الطيران 14 غارة على الأقل", "14 غارة على الأقل", 14, 14, False, "min", "attack"),
    ("أصيب 9 آخرون بجروح", "9 آخرون", 9, 9, False, None, None),
    ("جرى الاتفاق بعد أسبوع من المحادثات", "أسبوع", 1, 1, False, None, "week"),
    ("انتهت المعركة بعد نحو شهر من بدايتها", "نحو شهر", 1, 1, True, None, "month"),
    ("دام الاجتماع أربع ساعات ونصف", "أربع ساعات ونصف", 4.5, 4.5, False, None, "hour"),
    ("استسلم مئة وستون مسلحا للقوات", "مئة وستون مسلحا", 160, 160, False, None, "fighter"),
    ("يقطن الناحية قرابة ربع مليون شخص", "قرابة ربع مليون شخص", 250000, 250000, True, None, "person"),
    ("نفذت الطائرات غارات خلال الأيام الـ5 الأخيرة", "الأيام الـ5", 5, 5, False, None, "day"),
    ("سيطر المقاتلون على أكثر من ثلثي الريف", "أكثر من ثلثي", 0.667, 0.667, False, "min", None),
    ("عثر الأهالي على 6 جثث في البئر", "6 جثث", 6, 6, False, None, "fatality"),
]


@pytest.mark.parametrize(("text", "span", "low", "high", "approx", "bound", "unit"), SENTENCES)
def test_sentence_quantities(text: str, span: str, low: float, high: float, approx: bool, bound: str | None,
                             unit: str | None) -> None:
    q = only(text)
    assert (q.text, q.low, q.high, q.approx, q.bound, q.unit) == (span, low, high, approx, bound, unit)
    assert text[q.start:q.end] == q.text
    assert q.reason


@pytest.mark.parametrize(
    "text",
    [
        "صدر القرار 2139 عن مجلس الأمن",
        "انتشرت الفرقة 25 في المنطقة",
        "اندلعت الاحتجاجات في عام 2011 في درعا",
        "وقع الانفجار في 14 مارس الماضي",
        "بدأ الهجوم يوم 3 من آب",
        "عقد الاجتماع في الساعة 9 صباحا",
        "للمرة الرابعة خلال الشهر",
        "هذا هو اليوم السابع للمعارك",
        "احتفلت المدينة بالذكرى الحادية عشرة للتحرير",
        "قُتل عدد من المدنيين في القصف",
        "أصيب العديد من العناصر بجروح",
        "أرسلت القوات تعزيزات في آن واحد",
        "قتل أحد العناصر في الاشتباك",
        "يمكن التواصل على الرقم 0944123456",
        "حدث ذلك في 12/5/2016 قرب الحدود",
        "بث تلفزيون «سوريا 24» التقرير",
        "وصلت طائرات إف 16 إلى القاعدة",
        "عقد الطرفان اجتماعا خلال عقد من الزمن",
        "قال المسؤولون إن المدنيين غادروا",
        "وصل الوفد بعد يوم الجمعة بقليل",
        "تواصلت الحملة من 3 إلى 9 تشرين الثاني",
        "شهدت المنطقة معارك بين عامي 2015 و2017",
        "تفشى فيروس كوفيد-19 في السجن",
        "وصلت الطائرات من طراز F35",
        "بلغ الفريق دور الـ8 في البطولة",
    ],
)
def test_not_quantities(text: str) -> None:
    assert quantities(text) == []


def test_every_span_maps_to_the_original_text() -> None:
    text = "وقُتِلَ نحوَ ٣٠٠ مسلّحٍ، وأُصيبَ أكثرُ من ١٥ مدنيّاً، ونزحت ألفا عائلةٍ، ومات بين ١٠ و١٢ طفلاً."
    found = quantities(text)
    assert [(q.low, q.high) for q in found] == [(300, 300), (15, 15), (2000, 2000), (10, 12)]
    for q in found:
        assert text[q.start:q.end] == q.text


def test_proclitics_stay_outside_the_span() -> None:
    text = "قصفت الطائرات بنحو 40 صاروخا ولخمسة مسلحين"
    found = quantities(text)
    assert [q.text for q in found] == ["نحو 40 صاروخا", "خمسة مسلحين"]


def test_durations_carry_exact_time_units() -> None:
    text = "استمر القتال 5 أيام و3 أشهر وعامين و48 ساعة و20 دقيقة"
    assert [q.unit for q in quantities(text)] == ["day", "month", "year", "hour", "minute"]


@pytest.mark.parametrize(
    ("digits", "scaled", "value"),
    [("12", False, 12), ("1,500", False, 1500), ("1.500", False, 1500), ("1.5", False, 1.5), ("1,5", True, 1.5),
     ("2,300,000", False, 2300000), ("51.70", False, 51.7), ("1.500", True, 1.5)],
)
def test_parse_digits(digits: str, scaled: bool, value: float) -> None:
    assert parse_digits(digits, scaled=scaled) == pytest.approx(value)


@pytest.mark.parametrize(("singular", "duals"), [("امراه", ("امراتين", "امراتان")), ("يوم", ("يومين", "يومان"))])
def test_dual_forms(singular: str, duals: tuple[str, str]) -> None:
    assert dual_forms(singular) == duals


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=10_000_000))
def test_any_grouped_number_reads_back(value: int) -> None:
    q = only(f"وصل {value:,} شخص")
    assert q.low == q.high == value
    assert q.unit == "person"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="٠١٢٣٤٥٦٧٨٩ ،٬٫.,- ومنبينإلىنحوألفآلافعشراتمئةشخصاأطفال٪%«»", max_size=40))
def test_spans_always_match_text(text: str) -> None:
    for q in quantities(text):
        assert text[q.start:q.end] == q.text
        assert q.low <= q.high


def _vector_rows() -> list[dict[str, str]]:
    """Rows of the shared number vectors (empty when ../shared is absent)."""
    if not VECTORS.exists():
        return []
    with VECTORS.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.mark.skipif(not VECTORS.exists(), reason="../shared/spec/vectors/numbers.tsv is absent")
@pytest.mark.parametrize("row", _vector_rows(), ids=lambda row: row["expression"])
def test_vector(row: dict[str, str]) -> None:
    found = quantities(row["expression"])
    if not row["low"]:
        assert found == []
        return
    assert len(found) == 1, found
    q = found[0]
    assert q.low == pytest.approx(float(row["low"]), abs=1e-3)
    assert q.high == pytest.approx(float(row["high"]), abs=1e-3)
    assert q.approx is (row["approx"] == "true")
    assert (q.bound or "") == row["bound"]
    assert (q.unit or "") == row["unit"]
