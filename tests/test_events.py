"""Events: ACLED typing, precedence, negation/future, arguments, attribution, historical flag, non-conflict texts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventkit import actor, place, qty, run, time
from rasid.events.triggers import ACLED_TYPES, find_triggers
from rasid.pipeline import process_line

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def test_air_strike_with_actor_place_fatalities_and_victims() -> None:
    text = "قصفت طائرات التحالف الدولي قرية المزرعة يوم الثلاثاء، ما أدى إلى مقتل خمسة مدنيين."
    events, _, _ = run(text, actors=[actor(text, "التحالف الدولي", "coalition")],
                       places=[place(text, "المزرعة", "Al Mazraa")],
                       times=[time(text, "يوم الثلاثاء", "2019-01-15")],
                       quantities=[qty(text, "خمسة مدنيين", 5, unit="civilian")])
    assert len(events) == 1
    event = events[0]
    assert (event.event_type, event.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert event.actor1 == "coalition"
    assert event.place is not None and event.place.name_en == "Al Mazraa" and event.place.geo_precision == 1
    assert event.date is not None and event.date.value == "2019-01-15"
    assert event.fatalities is not None and event.fatalities.best == 5
    assert event.victims == "civilians"
    assert text[event.evidence[0].start:event.evidence[0].end] == text


@pytest.mark.parametrize(("text", "actors", "sub_type", "tags"), [
    ("أعدم تنظيم داعش ثلاثة رجال رميا بالرصاص في بلدة الكرامة.", [("تنظيم داعش", "isis")], "Attack", ("execution",)),
    ("استعادت قوات الجيش السوري السيطرة على بلدة الكرامة بعد معارك عنيفة.", [("قوات الجيش السوري", "syrian_army")],
     "Government regains territory", ()),
    ("سيطرت هيئة تحرير الشام على بلدة الكرامة بعد اشتباكات مع قوات النظام.", [("هيئة تحرير الشام", "hts")],
     "Non-state actor overtakes territory", ()),
    ("فجر انتحاري سيارة مفخخة عند حاجز في بلدة الكرامة.", [], "Suicide bomb", ("suicide_attack",)),
    ("قصفت المدفعية التركية بلدة الكرامة بعشرات القذائف.", [("التركية", "turkey")],
     "Shelling/artillery/missile attack", ()),
    ("انفجر لغم أرضي بسيارة مدنية قرب بلدة الكرامة.", [], "Remote explosive/landmine/IED", ()),
    ("اختطف مسلحون من تنظيم داعش عشرة رعاة في بلدة الكرامة.", [("تنظيم داعش", "isis")],
     "Abduction/forced disappearance", ()),
    ("شنت قوات سوريا الديمقراطية حملة مداهمات في بلدة الكرامة.", [("قوات سوريا الديمقراطية", "sdf")], "Arrests", ()),
    ("عشرون عنصرا من تنظيم داعش سلموا أنفسهم لقوات سوريا الديمقراطية في بلدة الكرامة.",
     [("تنظيم داعش", "isis"), ("قوات سوريا الديمقراطية", "sdf")], "Other", ("surrender",)),
])
def test_event_typing(text: str, actors: list[tuple[str, str]], sub_type: str, tags: tuple[str, ...]) -> None:
    events, _, _ = run(text, actors=[actor(text, n, i) for n, i in actors],
                       places=[place(text, "الكرامة", "Al Karama", kind="town")])
    assert events, text
    assert events[0].sub_event_type == sub_type
    assert sub_type in ACLED_TYPES[events[0].event_type]
    assert events[0].tags == tags


def test_one_event_per_clause_by_precedence() -> None:
    text = "قتل عشرة أشخاص في هجوم انتحاري بسيارة مفخخة استهدف حاجزا لقوات سوريا الديمقراطية في بلدة الكرامة."
    events, _, _ = run(text, actors=[actor(text, "قوات سوريا الديمقراطية", "sdf")],
                       places=[place(text, "الكرامة", "Al Karama")],
                       quantities=[qty(text, "عشرة أشخاص", 10)])
    assert [e.sub_event_type for e in events] == ["Suicide bomb"]
    assert events[0].actor2 == "sdf"
    assert events[0].fatalities is not None and events[0].fatalities.low == 10


@pytest.mark.parametrize("text", [
    "لم تشن قوات النظام أي هجوم على بلدة الكرامة.",
    "تهدد قوات النظام بشن هجوم على بلدة الكرامة.",
    "تستعد قوات النظام لهجوم على بلدة الكرامة.",
    "يتوقع أن تبدأ قوات النظام معارك في بلدة الكرامة.",
])
def test_negated_future_and_planned_events_are_not_coded(text: str) -> None:
    events, _, _ = run(text, actors=[actor(text, "قوات النظام", "syrian_army")],
                       places=[place(text, "الكرامة", "Al Karama")])
    assert events == []


def test_still_is_not_a_negation() -> None:
    text = "لا تزال الاشتباكات متواصلة بين قوات سوريا الديمقراطية وتنظيم داعش في بلدة الكرامة."
    events, _, _ = run(text, actors=[actor(text, "قوات سوريا الديمقراطية", "sdf"), actor(text, "تنظيم داعش", "isis")],
                       places=[place(text, "الكرامة", "Al Karama")])
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == [("Armed clash", "sdf", "isis")]


def test_coordinated_villages_give_one_event_each_and_near_is_precision_two() -> None:
    text = "تدور اشتباكات بين قوات سوريا الديمقراطية وتنظيم داعش على محاور الكرامة والمنصورة والحمرة."
    names = [("الكرامة", "Al Karama"), ("المنصورة", "Al Mansura"), ("الحمرة", "Al Hamra")]
    events, _, _ = run(text, actors=[actor(text, "قوات سوريا الديمقراطية", "sdf"), actor(text, "تنظيم داعش", "isis")],
                       places=[place(text, n, e, lat=35 + i) for i, (n, e) in enumerate(names)])
    assert sorted(e.place.name_en for e in events if e.place) == sorted(e for _, e in names)
    text2 = "اندلعت اشتباكات بين قوات سوريا الديمقراطية وتنظيم داعش على أطراف بلدة الكرامة."
    events2, _, _ = run(text2, actors=[actor(text2, "قوات سوريا الديمقراطية", "sdf"),
                                       actor(text2, "تنظيم داعش", "isis")],
                        places=[place(text2, "الكرامة", "Al Karama")])
    assert events2[0].place is not None and events2[0].place.geo_precision == 2


def test_attribution_undated_default_and_paragraph_inheritance() -> None:
    text = ("تقرير من ريف المحافظة\nقال المرصد السوري لحقوق الإنسان إن تنظيم داعش أعدم امرأة في بلدة الكرامة. "
            "وأضاف أن التنظيم اختطف خمسة شبان في البلدة.\nوقصفت طائرات التحالف الدولي بلدة المنصورة.")
    events, _, _ = run(text, published="2019-01-20",
                       actors=[actor(text, "المرصد السوري لحقوق الإنسان", "sohr"), actor(text, "تنظيم داعش", "isis"),
                               actor(text, "التحالف الدولي", "coalition")],
                       places=[place(text, "الكرامة", "Al Karama"), place(text, "المنصورة", "Al Mansura", lat=36)])
    by_type = {e.sub_event_type: e for e in events}
    assert by_type["Attack"].attributed_to == "sohr"
    assert by_type["Abduction/forced disappearance"].attributed_to == "sohr"
    assert by_type["Abduction/forced disappearance"].actor1 == "isis"  # التنظيم resolved
    assert by_type["Abduction/forced disappearance"].place.name_en == "Al Karama"  # في البلدة
    assert by_type["Air/drone strike"].attributed_to is None
    assert by_type["Attack"].date is not None and by_type["Attack"].date.value == "2019-01"
    headline = "قصفت طائرات التحالف الدولي بلدة الكرامة\nتفاصيل الخبر"
    events, _, _ = run(headline, published="2019-01-20", actors=[actor(headline, "التحالف الدولي", "coalition")],
                       places=[place(headline, "الكرامة", "Al Karama")])
    assert events[0].date is not None and events[0].date.value == "2019-01-20"  # a headline is the day's news


def test_local_sources_and_historical_flag() -> None:
    text = "وكان التنظيم قد أعدم صحفيا ذبحا في بلدة الكرامة في أغسطس 2014، حسب ما أكدت مصادر أهلية."
    events, _, _ = run(text, actors=[actor(text, "التنظيم", "isis")], places=[place(text, "الكرامة", "Al Karama")],
                       times=[time(text, "أغسطس 2014", "2014-08", "month")])
    assert len(events) == 1
    assert events[0].attributed_to == "local_sources"
    assert events[0].historical is True


@pytest.mark.parametrize("text", [
    "حقق الفريق فوزا كبيرا على منافسه بعد هجوم منظم في الشوط الثاني، وسجل المهاجم هدفين في المباراة.",
    "ارتفعت أسعار النفط اليوم بعد اتفاق المنتجين على خفض الإنتاج، وسط توقعات بزيادة الطلب العالمي.",
    "تتعرض المنطقة لموجة من الأمطار الغزيرة والرياح القوية، وحذرت الأرصاد من السيول في المناطق المنخفضة.",
    "افتتح وزير الثقافة معرض الكتاب الدولي بمشاركة مئات دور النشر، وشهد المعرض إقبالا كبيرا من الزوار.",
    "أعلنت الشركة عن هاتفها الجديد الذي يأتي بكاميرا متطورة وبطارية تدوم يومين، ويبدأ بيعه الشهر المقبل.",
])
def test_non_conflict_texts_yield_nothing(text: str) -> None:
    events, claims, control = run(text, actors=[])
    assert (events, claims, control) == ([], [], [])


def test_triggers_are_found_over_clitics() -> None:
    text = "وبالاشتباكات العنيفة والغارات الجوية تواصلت المعارك."
    events, _, _ = run(text)
    assert events == []  # an air strike with no place cannot be coded
    from rasid.events.context import DocContext
    from rasid.model import Published
    from rasid.text.analyzed import analyze
    ctx = DocContext(analyze(text), Published(None, "unknown"), [], [], [], [])
    assert [t.sub_event_type for t in find_triggers(ctx)] == ["Air/drone strike"]


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not available")
def test_pipeline_events_keep_the_contract_on_dev_documents() -> None:
    jsonl = next(CORPUS.glob("seeds/*.jsonl"))
    for line in jsonl.read_text(encoding="utf-8").splitlines()[:3]:
        out = process_line(line)
        text = json.loads(line)["text"]
        for event in out["events"]:
            assert event["sub_event_type"] in ACLED_TYPES[event["event_type"]]
            for ev in event["evidence"]:
                assert 0 <= ev["start"] < ev["end"] <= len(text)
            assert event["reason"]
        json.dumps(out, ensure_ascii=False)


def test_counts_and_executed_captives() -> None:
    text = "أعدم تنظيم داعش الأسرى في بلدة الكرامة، واعتقلت قوات سوريا الديمقراطية 30 شخصا في البلدة وأصيب 4 آخرون."
    events, _, _ = run(text, actors=[actor(text, "تنظيم داعش", "isis"), actor(text, "قوات سوريا الديمقراطية", "sdf")],
                       places=[place(text, "الكرامة", "Al Karama")],
                       quantities=[qty(text, "30 شخصا", 30), qty(text, "4 آخرون", 4)])
    by_type = {e.sub_event_type: e for e in events}
    assert by_type["Attack"].tags == ("execution",) and by_type["Attack"].victims == "civilians"
    assert dict(by_type["Arrests"].counts) == {"detained": 30, "wounded": 4}


def test_definite_trigger_refers_back_and_adds_the_precise_place() -> None:
    text = "سقط خمسة مدنيين إثر قصف للتحالف الدولي على ريف دير الزور، حيث طال القصف بلدة الكرامة."
    events, _, _ = run(text, actors=[actor(text, "للتحالف الدولي", "coalition")],
                       places=[place(text, "دير الزور", "Deir ez-Zor", kind="governorate"),
                               place(text, "الكرامة", "Al Karama")])
    assert [(e.sub_event_type, e.actor1, e.place.name_en if e.place else None) for e in events] == [
        ("Air/drone strike", "coalition", "Al Karama")]


def test_bracketed_name_shares_the_role_and_the_sentence_subject_is_the_agent() -> None:
    text = ("واصلت قوات سوريا الديمقراطية هجومها، حيث سيطرت على بلدة الكرامة بعد معارك مع مسلحي تنظيم الدولة "
            "الإسلامية (داعش).")
    events, _, _ = run(text, actors=[actor(text, "قوات سوريا الديمقراطية", "sdf"),
                                     actor(text, "تنظيم الدولة الإسلامية", "isis"), actor(text, "داعش", "isis")],
                       places=[place(text, "الكرامة", "Al Karama")])
    capture = [e for e in events if e.sub_event_type == "Non-state actor overtakes territory"]
    assert [(e.actor1, e.actor2) for e in capture] == [("sdf", "isis")]


def test_phrases_match_across_quotation_marks_and_old_events_are_historical() -> None:
    text = "وكان ذلك بعد أشهر من إعلان البغدادي قيام \"دولة الخلافة\" في يونيو 2014."
    events, _, _ = run(text, published="2019-01-20", actors=[actor(text, "البغدادي", "isis")],
                       times=[time(text, "يونيو 2014", "2014-06", "month")])
    assert [(e.sub_event_type, e.historical, e.place) for e in events] == [("Change to group/activity", True, None)]


_VOCAB = ["قصف", "غارة", "سيطرت", "على", "قرية", "الكرامة", "داعش", "قسد", "التنظيم", "قتل", "5", "مدنيين", "بينهم", "3", "أطفال", "،", ".", "لم", "سوف", "قال", "المرصد", "إن", "«", "»", "(", ")", "التي", "عليها", "محاصرة", "تحت", "سيطرة", "أمس", "نحو", "مئات", "العائلات", "نزحت", "و", "اختطف", "أعدم", "انفجار"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_VOCAB), min_size=1, max_size=80), st.sampled_from([None, "2019-01-20", "2019-01"]))
def test_any_text_gives_valid_spans(words: list[str], published: str | None) -> None:
    text = " ".join(words)
    found = [m.start() for m in re.finditer("الكرامة", text)]
    places = [place(text, "الكرامة", "Al Karama", nth=i) for i in range(len(found))][:3]
    actors = [actor(text, "داعش", "isis", nth=i) for i in range(text.count("داعش"))][:3]
    events, claims, control = run(text, published=published, places=places, actors=actors)
    for event in events:
        assert event.sub_event_type in ACLED_TYPES[event.event_type]
        assert all(0 <= e.start < e.end <= len(text) for e in event.evidence)
    for claim in claims:
        assert 0 <= claim.evidence.start < claim.evidence.end <= len(text) and claim.low <= claim.high
    assert all(obs.status in {"controls", "captured", "lost", "besieged", "contested"} for obs in control)


# --- Actor roles: who is actor1 (the side acting or on the offensive) ---

@pytest.mark.parametrize(("text", "actors", "expected"), [
    # A plural verb agrees with a subject before it: the actor right after it is its object.
    ("قالت مصادر إن قوات النظام يحاصرون مسلحي هيئة تحرير الشام في بلدة الكرامة.",
     [("قوات النظام", "syrian_army"), ("هيئة تحرير الشام", "hts")], ("syrian_army", "hts")),
    # A nunated noun heads no idafa; the actor after a purpose noun (لإخراج) is the side attacked.
    ("أطلقت قوات سوريا الديمقراطية أمس هجوماً لإخراج تنظيم داعش من بلدة الكرامة.",
     [("قوات سوريا الديمقراطية", "sdf"), ("تنظيم داعش", "isis")], ("sdf", "isis")),
    # 'From the hands of' marks the side that lost, even after an agent cue word.
    ("انتزعت وحدات حماية الشعب بلدة الكرامة من يد تنظيم داعش.",
     [("وحدات حماية الشعب", "ypg"), ("تنظيم داعش", "isis")], ("ypg", "isis")),
    # An actor introduced as the doer (مقاتلات) outranks a closer one.
    ("فر مسلحو داعش من بلدة الكرامة تحت غارات كثيفة تشنها مقاتلات التحالف الدولي.",
     [("داعش", "isis"), ("التحالف الدولي", "coalition")], ("coalition", None)),
])
def test_actor_roles(text: str, actors: list[tuple[str, str]], expected: tuple[str, str | None]) -> None:
    events, _, _ = run(text, actors=[actor(text, n, i) for n, i in actors],
                       places=[place(text, "الكرامة", "Al Karama", kind="town")])
    assert events, text
    assert events[0].actor1 == expected[0], events[0].reason
    if expected[1] is not None:
        assert events[0].actor2 == expected[1]


def test_bare_army_resolves_to_the_documents_state_force() -> None:
    text = ("تقدم الجيش السوري في ريف حماة الشمالي. وقال مصدر عسكري إن الجيش وحلفاءه يحاصرون مسلحي هيئة تحرير الشام "
            "في بلدة الكرامة منذ يومين.")
    events, _, _ = run(text, actors=[actor(text, "الجيش السوري", "syrian_army"),
                                     actor(text, "هيئة تحرير الشام", "hts")],
                       places=[place(text, "الكرامة", "Al Karama", kind="town")])
    siege = [e for e in events if "siege" in e.tags]
    assert siege and siege[0].actor1 == "syrian_army" and siege[0].actor2 == "hts"


def test_bare_army_stays_unresolved_without_a_state_in_the_document() -> None:
    text = "قال مصدر إن الجيش يحاصر مسلحي هيئة تحرير الشام في بلدة الكرامة."
    events, _, _ = run(text, actors=[actor(text, "هيئة تحرير الشام", "hts")],
                       places=[place(text, "الكرامة", "Al Karama", kind="town")])
    assert all(e.actor1 != "syrian_army" and e.actor2 != "syrian_army" for e in events)


@pytest.mark.parametrize("order", ["isis_first", "sdf_first"])
def test_between_clash_puts_the_side_on_the_offensive_first(order: str) -> None:
    pair = "تنظيم داعش وقوات سوريا الديمقراطية" if order == "isis_first" else "قوات سوريا الديمقراطية وتنظيم داعش"
    text = (f"سيطرت قوات سوريا الديمقراطية على قرية المزرعة يوم الأحد. "
            f"وتدور اشتباكات عنيفة بين {pair} في بلدة الكرامة.")
    events, _, _ = run(text, actors=[actor(text, "قوات سوريا الديمقراطية", "sdf", 0),
                                     actor(text, "قوات سوريا الديمقراطية", "sdf", 1),
                                     actor(text, "تنظيم داعش", "isis")],
                       places=[place(text, "المزرعة", "Al Mazraa"),
                               place(text, "الكرامة", "Al Karama", kind="town", lon=41.0)])
    clashes = [e for e in events if e.sub_event_type == "Armed clash"]
    assert clashes and (clashes[0].actor1, clashes[0].actor2) == ("sdf", "isis")


# --- Occurrences, not summaries: region-level events, nested sites, events named again ---

def test_region_level_event_needs_its_own_clause_to_state_region_and_date() -> None:
    text = ("قصفت طائرات التحالف الدولي مواقع في ريف دير الزور يوم الأحد. "
            "وخاضت قوات سوريا الديمقراطية معارك كبيرة ضد تنظيم داعش خلال السنوات الماضية في محافظة الرقة.")
    events, _, _ = run(text, actors=[actor(text, "التحالف الدولي", "coalition"),
                                     actor(text, "قوات سوريا الديمقراطية", "sdf"), actor(text, "تنظيم داعش", "isis")],
                       places=[place(text, "دير الزور", "Deir ez-Zor Governorate", kind="governorate"),
                               place(text, "الرقة", "Raqqa Governorate", kind="governorate", lon=39.0)],
                       times=[time(text, "يوم الأحد", "2019-01-20")])
    assert [(e.sub_event_type, e.place.name_en if e.place else None) for e in events] == [
        ("Air/drone strike", "Deir ez-Zor Governorate")]


def test_site_inside_a_town_is_one_occurrence_with_the_town() -> None:
    text = ("قتل ثلاثة أشخاص في انفجار سيارة مفخخة في مدينة الكرامة يوم الأحد. "
            "ووقع انفجار السيارة قرب دوار الساعة وسط الكرامة يوم الأحد.")
    events, _, _ = run(text, places=[place(text, "الكرامة", "Al Karama", kind="city", lat=35.0, lon=40.0),
                                     place(text, "دوار الساعة", "Clock roundabout", kind="facility", lat=35.01,
                                           lon=40.01)],
                       times=[time(text, "يوم الأحد", "2019-01-20")],
                       quantities=[qty(text, "ثلاثة أشخاص", 3)])
    explosions = [e for e in events if e.event_type == "Explosions/Remote violence"]
    assert len(explosions) == 1
    assert explosions[0].place is not None and explosions[0].place.name_en == "Clock roundabout"
    assert len(explosions[0].evidence) == 2


def test_definite_trigger_framed_as_known_is_not_a_new_event() -> None:
    text = ("شنت طائرات التحالف الدولي غارة على بلدة الكرامة يوم الأحد. "
            "ويأتي القصف الجوي بعد أيام من اجتماع عقده قادة التنظيم في مدينة الميادين.")
    events, _, _ = run(text, actors=[actor(text, "التحالف الدولي", "coalition")],
                       places=[place(text, "الكرامة", "Al Karama", kind="town"),
                               place(text, "الميادين", "Al Mayadin", kind="city", lon=40.5)],
                       times=[time(text, "يوم الأحد", "2019-01-20")])
    assert [e.place.name_en for e in events if e.place] == ["Al Karama"]


def test_capture_and_recapture_on_one_day_are_two_events() -> None:
    text = ("سيطر تنظيم داعش على قرية المزرعة يوم الأحد لساعات، لكن قوات سوريا الديمقراطية استعادتها "
            "بعد اشتباكات عنيفة.")
    events, _, _ = run(text, actors=[actor(text, "تنظيم داعش", "isis"), actor(text, "قوات سوريا الديمقراطية", "sdf")],
                       places=[place(text, "المزرعة", "Al Mazraa")], times=[time(text, "يوم الأحد", "2019-01-20")])
    captors = sorted(e.actor1 or "" for e in events if e.sub_event_type == "Non-state actor overtakes territory")
    assert captors == ["isis", "sdf"]


@pytest.mark.parametrize("phrase", ["منذ سيطرة قوات النظام عليها", "بعد سيطرة قوات النظام عليها"])
def test_control_noun_after_a_temporal_preposition_is_a_capture(phrase: str) -> None:
    text = f"عادت الحياة إلى مدينة الكرامة {phrase} في آذار 2017."
    events, _, _ = run(text, actors=[actor(text, "قوات النظام", "syrian_army")],
                       places=[place(text, "الكرامة", "Al Karama", kind="city")],
                       times=[time(text, "آذار 2017", "2017-03", "month")])
    captures = [e for e in events if e.sub_event_type == "Government regains territory"]
    assert captures and captures[0].actor1 == "syrian_army"
    assert captures[0].date is not None and captures[0].date.value == "2017-03"


def test_control_noun_without_a_temporal_preposition_is_no_capture() -> None:
    text = "تخضع مدينة الكرامة منذ سنوات لسيطرة قوات النظام."
    events, _, _ = run(text, actors=[actor(text, "قوات النظام", "syrian_army")],
                       places=[place(text, "الكرامة", "Al Karama", kind="city")])
    assert not [e for e in events if e.event_type == "Battles"]


def test_martyrdom_attack_wording_is_a_suicide_bombing() -> None:
    text = "أعلن تنظيم داعش أن أحد عناصره نفذ هجوما استشهاديا على حاجز في بلدة الكرامة يوم الأحد."
    events, _, _ = run(text, actors=[actor(text, "تنظيم داعش", "isis")],
                       places=[place(text, "الكرامة", "Al Karama", kind="town")],
                       times=[time(text, "يوم الأحد", "2019-01-20")])
    assert [e.sub_event_type for e in events] == ["Suicide bomb"]


def test_bare_explosion_and_suicide_bombing_at_one_place_a_day_apart_are_one_event() -> None:
    text = ("قالت مصادر محلية يوم الاثنين إن انفجارا وقع قرب دوار الساعة وسط مدينة الكرامة. "
            "وأعلن تنظيم داعش أن انتحاريا فجر نفسه في مدينة الكرامة يوم الأحد.")
    events, _, _ = run(text, actors=[actor(text, "تنظيم داعش", "isis")],
                       places=[place(text, "الكرامة", "Al Karama", kind="city", nth=0),
                               place(text, "الكرامة", "Al Karama", kind="city", nth=1),
                               place(text, "دوار الساعة", "Clock roundabout", kind="facility", lat=35.01,
                                     lon=40.01)],
                       times=[time(text, "يوم الاثنين", "2019-01-21"), time(text, "يوم الأحد", "2019-01-20")])
    assert [e.sub_event_type for e in events] == ["Suicide bomb"]
    assert events[0].place is not None and events[0].place.name_en == "Clock roundabout"


def test_battles_on_consecutive_days_stay_apart() -> None:
    text = ("اندلعت اشتباكات بين قوات سوريا الديمقراطية وتنظيم داعش في بلدة الكرامة يوم الأحد. "
            "وتجددت الاشتباكات بين قوات سوريا الديمقراطية وتنظيم داعش في بلدة الكرامة يوم الاثنين.")
    events, _, _ = run(text, actors=[actor(text, "قوات سوريا الديمقراطية", "sdf", 0),
                                     actor(text, "قوات سوريا الديمقراطية", "sdf", 1),
                                     actor(text, "تنظيم داعش", "isis", 0), actor(text, "تنظيم داعش", "isis", 1)],
                       places=[place(text, "الكرامة", "Al Karama", kind="town", nth=0),
                               place(text, "الكرامة", "Al Karama", kind="town", nth=1)],
                       times=[time(text, "يوم الأحد", "2019-01-20"), time(text, "يوم الاثنين", "2019-01-21")])
    assert sorted(e.date.value for e in events if e.date) == ["2019-01-20", "2019-01-21"]


def test_date_right_after_a_nominal_trigger_is_its_own() -> None:
    text = "توسعت الجماعة منذ نهاية 2012 حتى إعلان قيام دولتها في 3 آذار 2014 في بلدة الكرامة."
    events, _, _ = run(text, published="2019-01-20", actors=[actor(text, "الجماعة", "hts")],
                       places=[place(text, "الكرامة", "Al Karama", kind="town")],
                       times=[time(text, "نهاية 2012", "2012", "year"), time(text, "3 آذار 2014", "2014-03-03")])
    changes = [e for e in events if e.sub_event_type == "Change to group/activity"]
    assert changes and changes[0].date is not None and changes[0].date.value == "2014-03-03"
    assert changes[0].historical


def test_recalled_event_is_placed_by_its_own_clause_even_at_country_level() -> None:
    text = "وبدأ التحالف الدولي ضرباته الجوية في العراق في آب 2014، بعد أسابيع من دخول المسلحين بلدة الكرامة."
    events, _, _ = run(text, published="2019-01-20", actors=[actor(text, "التحالف الدولي", "coalition")],
                       places=[place(text, "العراق", "Iraq", kind="country"),
                               place(text, "الكرامة", "Al Karama", kind="town")],
                       times=[time(text, "آب 2014", "2014-08", "month")])
    strikes = [e for e in events if e.sub_event_type == "Air/drone strike"]
    assert strikes and strikes[0].place is not None and strikes[0].place.name_en == "Iraq" and strikes[0].historical


def test_cumulative_toll_since_a_date_is_a_casualty_report_over_the_period() -> None:
    text = ("تتواصل العمليات العسكرية في محافظة الرقة. "
            "وارتفع عدد القتلى في المعارك بين قوات سوريا الديمقراطية وتنظيم داعش إلى 300 منذ 10 أيلول الماضي.")
    events, _, _ = run(text, published="2019-01-20",
                       actors=[actor(text, "قوات سوريا الديمقراطية", "sdf"), actor(text, "تنظيم داعش", "isis")],
                       places=[place(text, "الرقة", "Raqqa Governorate", kind="governorate")],
                       times=[time(text, "10 أيلول الماضي", "2018-09-10")],
                       quantities=[qty(text, "300", 300)])
    reports = [e for e in events if "casualty_report" in e.tags]
    assert reports and reports[0].sub_event_type == "Armed clash"
    assert reports[0].date is not None and reports[0].date.value == "2018-09-10/2019-01-20"
    assert reports[0].place is not None and reports[0].place.geo_precision == 3


def test_single_incident_with_a_since_date_is_no_casualty_report() -> None:
    text = "قتل خمسة مدنيين في قصف على بلدة الكرامة يوم الأحد، وهو الأعنف منذ 10 أيلول الماضي."
    events, _, _ = run(text, places=[place(text, "الكرامة", "Al Karama", kind="town")],
                       times=[time(text, "يوم الأحد", "2019-01-20"), time(text, "10 أيلول الماضي", "2018-09-10")],
                       quantities=[qty(text, "خمسة مدنيين", 5, unit="civilian")])
    assert events and all("casualty_report" not in e.tags for e in events)


def test_one_captor_takes_a_place_once_however_often_it_is_retold() -> None:
    text = ("سيطرت قوات سوريا الديمقراطية على قرية المزرعة يوم الأحد. "
            "وبث ناشطون يوم الثلاثاء صورا من قرية المزرعة بعد سيطرة قوات سوريا الديمقراطية عليها.")
    events, _, _ = run(text, actors=[actor(text, "قوات سوريا الديمقراطية", "sdf", 0),
                                     actor(text, "قوات سوريا الديمقراطية", "sdf", 1)],
                       places=[place(text, "المزرعة", "Al Mazraa", nth=0), place(text, "المزرعة", "Al Mazraa", nth=1)],
                       times=[time(text, "يوم الأحد", "2019-01-20"), time(text, "يوم الثلاثاء", "2019-01-22")])
    captures = [e for e in events if e.sub_event_type == "Non-state actor overtakes territory"]
    assert len(captures) == 1 and captures[0].date is not None and captures[0].date.value == "2019-01-20"


def test_capital_coordinated_with_an_actor_is_not_an_event_place() -> None:
    text = "وتواصل التحالف الدولي مع تركيا بعد الهجمات بين قوات سوريا الديمقراطية وأنقرة يوم الأحد."
    events, _, _ = run(text, actors=[actor(text, "قوات سوريا الديمقراطية", "sdf"), actor(text, "تركيا", "turkey")],
                       places=[place(text, "أنقرة", "Ankara", kind="city")],
                       times=[time(text, "يوم الأحد", "2019-01-20")])
    assert all(e.place is None or e.place.name_en != "Ankara" for e in events)


def test_encircling_people_is_not_a_siege_battle() -> None:
    text = "وطوقت قوات سوريا الديمقراطية النساء في مخيم الكرامة بعد شجار."
    events, _, _ = run(text, actors=[actor(text, "قوات سوريا الديمقراطية", "sdf")],
                       places=[place(text, "الكرامة", "Al Karama camp", kind="camp")])
    assert not [e for e in events if "siege" in e.tags]


def test_capture_of_a_quarter_and_of_its_town_by_one_captor_is_one_event() -> None:
    text = ("سيطرت قوات سوريا الديمقراطية على مدينة الكرامة يوم الأحد. "
            "وحررت قوات سوريا الديمقراطية الحي الشرقي من مدينة الكرامة يوم الأحد.")
    events, _, _ = run(text, actors=[actor(text, "قوات سوريا الديمقراطية", "sdf", 0),
                                     actor(text, "قوات سوريا الديمقراطية", "sdf", 1)],
                       places=[place(text, "الكرامة", "Al Karama", kind="town", nth=0),
                               place(text, "الحي الشرقي", "Al Hayy ash Sharqi", lat=35.01, lon=40.01),
                               place(text, "الكرامة", "Al Karama", kind="town", nth=1)],
                       times=[time(text, "يوم الأحد", "2019-01-20")])
    captures = [e for e in events if e.sub_event_type == "Non-state actor overtakes territory"]
    assert len(captures) == 1


@pytest.mark.parametrize(("text", "expected"), [
    ("هيئة تحرير الشام تسيطر على بلدة الكرامة\n\nقالت مصادر محلية إن المعارك استمرت ساعات.", 1),
    ("قالت مصادر محلية إن المعارك انتهت.\n\nوما تزال هيئة تحرير الشام تسيطر على بلدة الكرامة منذ سنوات.", 0),
])
def test_headline_present_tense_reports_a_capture(text: str, expected: int) -> None:
    events, _, _ = run(text, actors=[actor(text, "هيئة تحرير الشام", "hts")],
                       places=[place(text, "الكرامة", "Al Karama", kind="town")])
    captures = [e for e in events if e.sub_event_type == "Non-state actor overtakes territory"]
    assert len(captures) == expected


def test_capture_pronoun_points_back_to_the_town_named_before() -> None:
    text = ("شن تنظيم داعش هجوما على مدينة الكرامة فجر الأحد. "
            "وقالت مصادر إن التنظيم سيطر على أجزاء منها بعد معارك مع قوات النظام في المنطقة الحدودية.")
    events, _, _ = run(text, actors=[actor(text, "تنظيم داعش", "isis"), actor(text, "قوات النظام", "syrian_army")],
                       places=[place(text, "الكرامة", "Al Karama", kind="city"),
                               place(text, "المنطقة الحدودية", "Border area", kind="region", lon=41.0)],
                       times=[time(text, "فجر الأحد", "2019-01-20")])
    captures = [e for e in events if e.sub_event_type == "Non-state actor overtakes territory"]
    assert captures and captures[0].place is not None and captures[0].place.name_en == "Al Karama"


@pytest.mark.parametrize(("noun", "expected"), [("المخيم", "Al Karama camp"), ("البلدة", "Al Mazraa")])
def test_common_place_noun_refers_back_to_a_place_of_its_kind(noun: str, expected: str) -> None:
    text = (f"نزحت عائلات من بلدة المزرعة إلى مخيم الكرامة يوم الأحد. "
            f"وشن تنظيم داعش هجوما على {noun} الواقع تحت سيطرة قوات سوريا الديمقراطية.")
    events, _, _ = run(text, actors=[actor(text, "تنظيم داعش", "isis"), actor(text, "قوات سوريا الديمقراطية", "sdf")],
                       places=[place(text, "المزرعة", "Al Mazraa", kind="town"),
                               place(text, "مخيم الكرامة", "Al Karama camp", kind="camp", lon=40.3)],
                       times=[time(text, "يوم الأحد", "2019-01-20")])
    attacks = [e for e in events if e.event_type == "Battles"]
    assert attacks and attacks[0].place is not None and attacks[0].place.name_en == expected


def test_generic_place_kinds_are_known_kinds() -> None:
    from rasid.events.lexicon import triggers_data
    known = {"village", "town", "city", "camp", "facility", "crossing"}
    for noun, kinds in triggers_data()["generic_place_kinds"].items():
        assert set(kinds) <= known, noun


def test_common_place_noun_may_point_to_a_place_earlier_in_its_sentence() -> None:
    text = ("دخل مسلحو تنظيم داعش مخيم الكرامة يوم الأحد واقتادوا سكانه إلى بلدة المزرعة، "
            "ثم أحرق عناصر التنظيم جميع الخيام في المخيم.")
    events, _, _ = run(text, actors=[actor(text, "تنظيم داعش", "isis")],
                       places=[place(text, "مخيم الكرامة", "Al Karama camp", kind="camp"),
                               place(text, "المزرعة", "Al Mazraa", kind="town", lon=40.3)],
                       times=[time(text, "يوم الأحد", "2019-01-20")])
    burning = [e for e in events if e.sub_event_type == "Looting/property destruction"]
    assert burning and burning[0].place is not None and burning[0].place.name_en == "Al Karama camp"


@pytest.mark.parametrize("text", [
    "ويختبئ المسلحون في بلدة الكرامة بين المدنيين للإفلات من الغارات الجوية لطائرات التحالف الدولي.",
    "ونزحت عائلات من بلدة الكرامة خوفا من غارات التحالف الدولي.",
])
def test_escaping_or_fearing_strikes_is_not_a_strike(text: str) -> None:
    events, _, _ = run(text, actors=[actor(text, "التحالف الدولي", "coalition")],
                       places=[place(text, "الكرامة", "Al Karama", kind="town")])
    assert not [e for e in events if e.sub_event_type == "Air/drone strike"]


def test_region_level_report_may_give_its_day_in_the_next_clause() -> None:
    text = "قصفت طائرات التحالف الدولي مواقع للتنظيم في ريف دير الزور، يوم الأحد، ما أدى إلى تدمير آليات."
    events, _, _ = run(text, actors=[actor(text, "التحالف الدولي", "coalition")],
                       places=[place(text, "دير الزور", "Deir ez-Zor Governorate", kind="governorate")],
                       times=[time(text, "يوم الأحد", "2019-01-20")])
    assert [(e.sub_event_type, e.date.value if e.date else None) for e in events] == [
        ("Air/drone strike", "2019-01-20")]
