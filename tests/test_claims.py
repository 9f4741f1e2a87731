"""Claims: figures attributed to a source, with subject, about, where, bounds and breakdowns."""

from __future__ import annotations

import pytest

from eventkit import actor, place, qty, run, span, time
from rasid.model import Quantity


def test_deaths_of_fighters_with_source_and_about() -> None:
    text = "وقالت قوات سوريا الديمقراطية في بيان إن 12 عنصرا من تنظيم داعش قتلوا في بلدة الكرامة."
    _, claims, _ = run(text, actors=[actor(text, "قوات سوريا الديمقراطية", "sdf"), actor(text, "تنظيم داعش", "isis")],
                       places=[place(text, "الكرامة", "Al Karama")],
                       quantities=[qty(text, "12 عنصرا", 12, unit="fighter")])
    assert [(c.subject, c.about, c.low, c.attributed_to, c.where) for c in claims] == [
        ("deaths", "isis", 12, "sdf", "Al Karama")]
    claim = claims[0]
    assert text[claim.evidence.start:claim.evidence.end] == text


def test_civilian_deaths_with_children_breakdown() -> None:
    text = "وثق المرصد السوري لحقوق الإنسان مقتل 40 مدنيا بينهم 9 أطفال في قصف على بلدة الكرامة."
    _, claims, _ = run(text, actors=[actor(text, "المرصد السوري لحقوق الإنسان", "sohr")],
                       places=[place(text, "الكرامة", "Al Karama")],
                       quantities=[qty(text, "40 مدنيا", 40, unit="civilian"), qty(text, "9 أطفال", 9, unit="child")])
    got = {(c.subject, c.subgroup, c.low) for c in claims}
    assert got == {("civilian_deaths", None, 40), ("civilian_deaths", "children", 9)}
    assert all(c.attributed_to == "sohr" for c in claims)


@pytest.mark.parametrize(("text", "needle", "low", "high", "unit", "subject", "approx", "bound"), [
    ("ويبلغ عدد سكان البلدة نحو 50 ألف نسمة.", "نحو 50 ألف نسمة", 50000, 50000, "person", "population", True, None),
    ("ونزحت مئات العائلات من القرى المجاورة.", "مئات العائلات", 100, 999, "family", "displaced", True, None),
    ("وأصيب أكثر من 20 شخصا بجروح.", "أكثر من 20 شخصا", 20, 20, "person", "wounded", False, "min"),
    ("ويتحصن نحو ألفي مقاتل في الجيب الأخير.", "نحو ألفي مقاتل", 2000, 2000, "fighter", "fighters", True, None),
    ("وسلم 150 عنصرا أنفسهم خلال يومين.", "150 عنصرا", 150, 150, "fighter", "surrendered", False, None),
])
def test_claim_subjects(text: str, needle: str, low: float, high: float, unit: str, subject: str, approx: bool,
                        bound: str | None) -> None:
    _, claims, _ = run(text, quantities=[qty(text, needle, low, high, unit=unit, approx=approx, bound=bound)])
    assert [(c.subject, c.low, c.high, c.approx, c.bound) for c in claims] == [(subject, low, high, approx, bound)]
    assert claims[0].attributed_to is None  # the outlet's own voice


def test_since_and_as_of() -> None:
    text = "وارتفع عدد القتلى منذ 10 أيلول إلى 300 شخص في 20 كانون الثاني."
    _, claims, _ = run(text, times=[time(text, "10 أيلول", "2018-09-10"), time(text, "20 كانون الثاني", "2019-01-20")],
                       quantities=[qty(text, "300 شخص", 300)])
    assert claims[0].subject == "deaths"
    assert claims[0].since == "2018-09-10"


@pytest.mark.parametrize(("text", "needle", "unit"), [
    ("وقطع العداء مسافة 42 كيلومترا في ساعتين.", "42 كيلومترا", "km"),
    ("وحضر المباراة 30 ألف متفرج في الملعب.", "30 ألف متفرج", "person"),
    ("وارتفعت الأسعار بنسبة 5 بالمئة خلال شهر.", "5 بالمئة", "percent"),
])
def test_figures_of_no_interest_are_not_claims(text: str, needle: str, unit: str) -> None:
    _, claims, _ = run(text, quantities=[qty(text, needle, 1, unit=unit)])
    assert claims == []


def test_coordinated_number_shares_the_subject_and_perpetrator_of_civilian_deaths() -> None:
    text = "وأسفرت المعارك عن مقتل 30 من قوات النظام و12 من مسلحي تنظيم داعش. وقتل 7 مدنيين إثر غارة لطيران التحالف الدولي."
    _, claims, _ = run(text, actors=[actor(text, "قوات النظام", "syrian_army"), actor(text, "تنظيم داعش", "isis"),
                                     actor(text, "التحالف الدولي", "coalition")],
                       quantities=[qty(text, "30", 30), qty(text, "12", 12), qty(text, "7 مدنيين", 7, unit="civilian")])
    got = {(c.subject, c.about, c.low) for c in claims}
    assert got == {("deaths", "syrian_army", 30), ("deaths", "isis", 12), ("civilian_deaths", "coalition", 7)}


SOHR = "المرصد السوري لحقوق الإنسان"


def _claims(text: str, actors: list[tuple[str, str]], quantities: list[tuple[str, float, float, str | None]]
            ) -> set[tuple[str, str | None, float, str | None]]:
    """(subject, about, low, subgroup) of the claims of a text with hand-built mentions."""
    _, claims, _ = run(text, actors=[actor(text, n, a) for n, a in actors],
                       quantities=[qty(text, n, low, high, unit=u) for n, low, high, u in quantities])
    return {(c.subject, c.about, c.low, c.subgroup) for c in claims}


@pytest.mark.parametrize(("text", "actors", "quantities", "expected"), [
    # A running toll: the subject cue stands far before the figure, after عدد/حصيلة.
    ("وارتفعت حصيلة القتلى جراء القصف المستمر على أحياء المدينة الشرقية منذ مطلع الشهر إلى 45 شخصا.", [],
     [("45 شخصا", 45, 45, "person")], {("deaths", None, 45, None)}),
    # A count of both sides belongs to neither.
    ("وخلفت المعارك بين قوات النظام وتنظيم داعش مئات القتلى في صفوف الطرفين.",
     [("قوات النظام", "syrian_army"), ("تنظيم داعش", "isis")], [("مئات القتلى", 100, 999, "fatality")],
     {("deaths", None, 100, None)}),
    # The counted side is not looked for past the next figure.
    ("وأسفرت الاشتباكات عن مقتل 25 من الموالين للحكومة و18 من مسلحي تنظيم داعش.", [("تنظيم داعش", "isis")],
     [("25", 25, 25, None), ("18", 18, 18, None)], {("deaths", None, 25, None), ("deaths", "isis", 18, None)}),
    # Fighters counted beside civilians died as fighters.
    ("وقتل خمسة مدنيين إضافة إلى سبعة من مقاتلي قسد في التفجير.", [("قسد", "sdf")],
     [("خمسة مدنيين", 5, 5, "civilian"), ("سبعة", 7, 7, None)],
     {("civilian_deaths", None, 5, None), ("deaths", "sdf", 7, None)}),
    # A toll restated in a sentence about civilians, with its breakdown; fighting between two sides blames neither.
    (f"وتصاعد عدد الضحايا المدنيين إلى 120 مدنيا، وقال {SOHR} إن عدد الضحايا ارتفع إلى 130 بينهم 40 طفلا "
     "و20 امرأة بسبب المعارك بين قسد وداعش.", [(SOHR, "sohr"), ("قسد", "sdf"), ("داعش", "isis")],
     [("120 مدنيا", 120, 120, "civilian"), ("130", 130, 130, None), ("40 طفلا", 40, 40, "child"),
      ("20 امرأة", 20, 20, "woman")],
     {("civilian_deaths", None, 120, None), ("civilian_deaths", None, 130, None),
      ("civilian_deaths", None, 40, "children"), ("civilian_deaths", None, 20, "women")}),
    # A counted noun naming its subject (20 جريحا) makes a claim without a verb.
    ("وتحدث الطبيب عن وجود 20 جريحا في المستشفى.", [], [("20 جريحا", 20, 20, "wounded")],
     {("wounded", None, 20, None)}),
    # Citizens killed are civilians, blamed on the actor after the cause word; breakdowns inherit both.
    ("وقال المرصد إن 80 مواطنا قتلوا بينهم 12 طفلا جراء قصف التحالف الدولي على البلدة.",
     [("التحالف الدولي", "coalition")], [("80 مواطنا", 80, 80, "person"), ("12 طفلا", 12, 12, "child")],
     {("civilian_deaths", "coalition", 80, None), ("civilian_deaths", "coalition", 12, "children")}),
    # Dead and wounded counted together are casualties.
    ("وتسببت غارات التحالف الدولي بوقوع عشرات القتلى والجرحى في البلدة.", [("التحالف الدولي", "coalition")],
     [("عشرات القتلى", 10, 99, "fatality")], {("casualties", "coalition", 10, None)}),
    # Foreign fighters are their own subject.
    ("واستقطب التنظيم آلاف المقاتلين الأجانب خلال سنوات.", [], [("آلاف المقاتلين", 1000, 9999, "fighter")],
     {("foreign_fighters", None, 1000, None)}),
    # Children counted alone are a breakdown of deaths, not civilian deaths.
    ("وتوفي عشرات الأطفال بسبب البرد في المخيم.", [], [("عشرات الأطفال", 10, 99, "child")],
     {("deaths", None, 10, "children")}),
    # Casualties of an attack with no side named near them belong to the attacked side.
    ("وشن التنظيم هجوما ضد قوات النظام في البادية أسفر عن مقتل ثلاثة وإصابة اثنين آخرين.",
     [("قوات النظام", "syrian_army")], [("ثلاثة", 3, 3, None), ("اثنين", 2, 2, None)],
     {("deaths", "syrian_army", 3, None), ("wounded", "syrian_army", 2, None)}),
    # Civilian deaths are blamed on the actor after a cause word ...
    ("وقتل 7 مدنيين في قصف لطيران التحالف الدولي على مواقع تنظيم داعش.",
     [("التحالف الدولي", "coalition"), ("تنظيم داعش", "isis")], [("7 مدنيين", 7, 7, "civilian")],
     {("civilian_deaths", "coalition", 7, None)}),
    # ... and on nobody when they died in fighting between two sides.
    ("وقتل 7 مدنيين في المعارك الدائرة بين قوات النظام وتنظيم داعش.",
     [("قوات النظام", "syrian_army"), ("تنظيم داعش", "isis")], [("7 مدنيين", 7, 7, "civilian")],
     {("civilian_deaths", None, 7, None)}),
])
def test_subject_about_and_breakdown_rules(text: str, actors: list[tuple[str, str]],
                                           quantities: list[tuple[str, float, float, str | None]],
                                           expected: set[tuple[str, str | None, float, str | None]]) -> None:
    assert _claims(text, actors, quantities) == expected


def test_same_figure_from_two_sources_is_two_claims_and_a_headline_merges() -> None:
    text = (f"اختطاف 60 عائلة في المخيم\nوقال ناشطون إن التنظيم اختطف 60 عائلة. "
            f"وأفاد {SOHR} بأن التنظيم اختطف 60 عائلة من المخيم.")
    _, claims, _ = run(text, actors=[actor(text, SOHR, "sohr")],
                       quantities=[Quantity(*span(text, "60 عائلة", k), "60 عائلة", 60, 60, False, None, "family")
                                   for k in range(3)])
    assert sorted((c.low, c.attributed_to) for c in claims) == [(60, "local_sources"), (60, "sohr")]


def test_plural_reporting_verb_after_its_speakers() -> None:
    text = "ناشطون كشفوا أن التنظيم عمد إلى اختطاف 60 عائلة من المخيم."
    _, claims, _ = run(text, quantities=[qty(text, "60 عائلة", 60, unit="family")])
    assert [(c.subject, c.attributed_to) for c in claims] == [("abducted", "local_sources")]
