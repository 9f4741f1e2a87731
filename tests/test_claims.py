"""Claims: figures attributed to a source, with subject, about, where, bounds and breakdowns."""

from __future__ import annotations

import pytest

from eventkit import actor, place, qty, run, time


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
