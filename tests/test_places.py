"""Place mentions: clitics, cues, misspellings, homonyms, actor spans and ordinary words (our own sentences)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.annotate.places import find_places
from rasid.model import ActorMention, PlaceMention
from rasid.text.analyzed import analyze


def places(text: str, actors: tuple[ActorMention, ...] = ()) -> list[PlaceMention]:
    """Run the matcher and check every span against the text."""
    found = find_places(analyze(text), actors)
    for mention in found:
        assert text[mention.start:mention.end] == mention.text
    return found


def by_text(found: list[PlaceMention]) -> dict[str, PlaceMention]:
    """Mentions keyed by surface text (the first of each)."""
    out: dict[str, PlaceMention] = {}
    for mention in found:
        out.setdefault(mention.text, mention)
    return out


def km(a: PlaceMention, lat: float, lon: float) -> float:
    """Rough distance in km (equirectangular is enough for tests)."""
    assert a.lat is not None and a.lon is not None
    x = math.radians(a.lon - lon) * math.cos(math.radians((a.lat + lat) / 2))
    return 6371.0 * math.hypot(x, math.radians(a.lat - lat))


@pytest.mark.parametrize(("text", "surface", "name_en"), [
    ("قصفت الطائرات مواقع بالباغوز صباح اليوم", "الباغوز", "Baghuz Fawqani"),
    ("تقدمت الوحدات نحو هجين والسوسة بعد معارك عنيفة", "السوسة", "As Susah"),
    ("أرسلت تعزيزات لدير الزور خلال الأسبوع", "دير الزور", "Deir ez Zor"),
    ("وفي الشعفة قتل ثلاثة مدنيين", "الشعفة", "Ash Shafah"),
    ("فرّ المسلحون للبادية السورية بعد الهجوم", "للبادية السورية", "Syrian Desert (Badia)"),
    ("ديرالزور (خاص) - وصل وفد إلى المدينة", "ديرالزور", "Deir ez Zor"),
])
def test_clitics_stay_outside_the_span(text: str, surface: str, name_en: str) -> None:
    found = by_text(places(text))
    assert surface in found, [m.text for m in found.values()]
    assert found[surface].name_en == name_en


@pytest.mark.parametrize(("text", "surface", "near"), [
    ("سيطرت القوات على بلدة الباغور قرب السوسة", "الباغور", (34.4586, 40.9506)),
    ("اندلعت اشتباكات في قرية الشغفة بريف دير الزور الشرقي", "الشغفة", (34.5789, 40.9344)),
    ("انسحب المسلحون من هجين، الشعفة، الكمشة نحو الجنوب", "الكمشة", (34.6231, 40.9326)),
])
def test_misspelling_with_a_cue_resolves(text: str, surface: str, near: tuple[float, float]) -> None:
    found = by_text(places(text))
    assert surface in found
    assert km(found[surface], *near) < 10
    assert "fuzzy" in found[surface].reason
    assert found[surface].score < 1.0


@pytest.mark.parametrize("text", [
    "قال الشاهد إن الشغفة لم تعد كما كانت",  # no cue and no known place nearby
    "ذكرت مصادر في هجين أن الحذر واجب والعودة صعبة",  # ordinary words near a known place
])
def test_misspelling_without_cue_is_not_matched(text: str) -> None:
    assert {m.text for m in places(text)} <= {"هجين"}


def test_homonym_resolved_by_the_documents_other_places() -> None:
    syrian = by_text(places("نزح الأهالي من سوسة باتجاه الباغوز ومنها إلى هجين"))
    assert syrian["سوسة"].country == "SY"
    assert "nearest" in syrian["سوسة"].reason
    tunisian = by_text(places("افتتح مهرجان صيفي في مدينة سوسة الساحلية في تونس"))
    assert tunisian["سوسة"].country == "TN"


def test_actor_spans_are_skipped() -> None:
    text = "قالت قوات سوريا الديمقراطية إنها سيطرت على الباغوز"
    start = text.index("قوات")
    actor = ActorMention(start, start + len("قوات سوريا الديمقراطية"), "قوات سوريا الديمقراطية", "sdf",
                         "Syrian Democratic Forces", "armed_group")
    assert [m.name_en for m in places(text, (actor,))] == ["Baghuz Fawqani"]
    assert "Syria" in [m.name_en for m in places(text)]


def test_agent_capital_is_an_actor_everywhere_in_the_document() -> None:
    text = "حذرت واشنطن من التصعيد. وقالت واشنطن إن قواتها باقية في سوريا."
    start = text.index("واشنطن")
    actor = ActorMention(start, start + 6, "واشنطن", "usa", "United States", "state")
    assert [m.name_en for m in places(text, (actor,))] == ["Syria"]


@pytest.mark.parametrize("text", [
    "قال المسؤول إن الجيب صغير وإن المنطقة هادئة والمخيم مكتظ",
    "أصيب طفل بجروح متوسطة وحالته مستقرة حاليا",
    "تحدثت القوات العراقية والتركية عن تنسيق أمني",
    "باعت الشركة بليون جهاز خلال العام",
    "أشاد المتحدث بالثورة وبالكرامة وبالحرية",
])
def test_ordinary_words_and_adjectives_are_not_places(text: str) -> None:
    assert places(text) == []


def test_region_phrases_and_implied_river() -> None:
    found = places("تسيطر قوات على مناطق شرق الفرات وتنتشر في شرق سوريا")
    names = {m.name_en for m in found}
    assert {"East of the Euphrates", "Euphrates River", "Eastern Syria", "Syria"} <= names


def test_countryside_means_the_governorate() -> None:
    found = by_text(places("دارت معارك في ريف دير الزور الشرقي"))
    assert found["دير الزور"].kind == "governorate"


def test_bare_city_name_is_the_city() -> None:
    found = by_text(places("وصلت القافلة إلى الرقة مساء أمس"))
    assert found["الرقة"].kind in ("city", "town")


@pytest.mark.parametrize(("text", "surface", "kind"), [
    ("نقلت العائلات إلى مخيم الهول في الحسكة", "مخيم الهول", None),
    ("خرج المدنيون عبر معبر العاليات", "معبر العاليات", "crossing"),
    ("سقطت قذائف قرب حقل العمر النفطي", "حقل العمر النفطي", "facility"),
])
def test_classifier_nouns_name_camps_crossings_fields(text: str, surface: str, kind: str | None) -> None:
    found = by_text(places(text))
    assert surface in found
    if kind:
        assert found[surface].kind == kind


def test_every_mention_is_emitted() -> None:
    found = places("دخلت القوات هجين ثم غادرت هجين بعد يومين")
    assert [m.text for m in found].count("هجين") == 2


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["في", "هجين", "والسوسة", "بريف", "دير", "الزور", "،", "قرية", "الشغفة", "x", " "]),
                max_size=12))
def test_spans_always_match_the_text(words: list[str]) -> None:
    text = " ".join(words)
    for mention in find_places(analyze(text)):
        assert text[mention.start:mention.end] == mention.text
        assert mention.place_id


def test_unattested_village_far_from_the_documents_places_is_dropped() -> None:
    text = "عثرت الشرطة في {} والمثنى على جثث مجهولة"
    assert [m.name_en for m in places(text.format("بغداد"))] == ["Baghdad"]
    assert "Al Muthanna" in [m.name_en for m in places(text.format("دمشق"))]


@pytest.mark.parametrize(("text", "name_en", "lat"), [
    ("تقدمت القوات في بادية حمص الشرقية", "Homs Governorate (eastern desert)", 34.48),
    ("تقدمت القوات في بادية حمص", "Homs Governorate", 34.47),
])
def test_desert_of_a_governorate_names_its_part(text: str, name_en: str, lat: float) -> None:
    found = by_text(places(text))
    assert found["حمص"].name_en == name_en
    assert found["حمص"].lat == pytest.approx(lat, abs=0.05)


@pytest.mark.parametrize(("text", "surface"), [
    ("قصفت المدفعية قرية كفرزيتا في ريف حماة", "كفرزيتا"),
    ("عاد النازحون إلى ديرالزور", "ديرالزور"),
])
def test_names_written_without_a_space(text: str, surface: str) -> None:
    assert surface in by_text(places(text))


@pytest.mark.parametrize("text", [
    "وجه حسن نصرالله رسالة إلى أنصاره",
    "قال قائدها مظلوم كوباني إن المعركة انتهت",
    "ظهر أبو بكر البغدادي في تسجيل مصور",
])
def test_small_places_inside_person_names_are_skipped(text: str) -> None:
    assert places(text) == []


@pytest.mark.parametrize(("context", "lat", "lon"), [
    ("قرب مدينة دير الزور", 35.36, 40.15),
    ("في ريف دمشق قرب مدينة دمشق", 33.61, 36.12),
])
def test_gazetteer_homonyms_resolve_to_the_nearest(context: str, lat: float, lon: float) -> None:
    found = by_text(places(f"قصفت الطائرات بلدة الحسينية {context}"))
    assert km(found["الحسينية"], lat, lon) < 10
    assert "nearest" in found["الحسينية"].reason
