"""Control observations: controls, captured/lost, besieged, contested; village lists; relative clauses."""

from __future__ import annotations

import pytest

from eventkit import actor, place, run, time
from rasid.resources import load_yaml
from rasid.text.normalize import normalize_key


def _obs(control: list) -> set[tuple[str, str, str]]:  # type: ignore[type-arg]
    return {(c.place.name_en, c.actor_id, c.status) for c in control}


def test_present_control() -> None:
    text = "وتسيطر قوات سوريا الديمقراطية على بلدة الكرامة منذ أشهر."
    _, _, control = run(text, actors=[actor(text, "قوات سوريا الديمقراطية", "sdf")],
                        places=[place(text, "الكرامة", "Al Karama")])
    assert _obs(control) == {("Al Karama", "sdf", "controls")}


def test_capture_of_a_list_of_villages_with_the_loser_and_date() -> None:
    text = "وسيطرت قوات سوريا الديمقراطية على قرى الكرامة والمنصورة والحمرة بعد طرد تنظيم داعش منها في 3 آذار."
    names = [("الكرامة", "Al Karama"), ("المنصورة", "Al Mansura"), ("الحمرة", "Al Hamra")]
    _, _, control = run(text, actors=[actor(text, "قوات سوريا الديمقراطية", "sdf"), actor(text, "تنظيم داعش", "isis")],
                        places=[place(text, n, e, lat=35 + i) for i, (n, e) in enumerate(names)],
                        times=[time(text, "3 آذار", "2019-03-03")])
    expected = {(e, "sdf", "captured") for _, e in names} | {(e, "isis", "lost") for _, e in names}
    assert _obs(control) == expected
    assert {c.date.value for c in control if c.date} == {"2019-03-03"}


def test_relative_clause_and_under_control_of() -> None:
    text = "وفر المدنيون إلى بلدة الكرامة التي تسيطر عليها قوات سوريا الديمقراطية. وتقع المنصورة تحت سيطرة تنظيم داعش."
    _, _, control = run(text, actors=[actor(text, "قوات سوريا الديمقراطية", "sdf"), actor(text, "تنظيم داعش", "isis")],
                        places=[place(text, "الكرامة", "Al Karama"), place(text, "المنصورة", "Al Mansura", lat=36)])
    assert _obs(control) == {("Al Karama", "sdf", "controls"), ("Al Mansura", "isis", "controls")}


def test_siege_and_partial_capture() -> None:
    text = "وتحاصر قوات النظام تنظيم داعش في مدينة الكرامة. وسيطر التنظيم على أجزاء من بلدة المنصورة."
    _, _, control = run(text, actors=[actor(text, "قوات النظام", "syrian_army"), actor(text, "تنظيم داعش", "isis"),
                                      actor(text, "التنظيم", "isis")],
                        places=[place(text, "الكرامة", "Al Karama", kind="city"),
                                place(text, "المنصورة", "Al Mansura", lat=36)])
    assert _obs(control) == {("Al Karama", "syrian_army", "besieged"), ("Al Karama", "isis", "controls"),
                             ("Al Mansura", "isis", "contested")}


@pytest.mark.parametrize("text", [
    "وتسعى قوات النظام للسيطرة على بلدة الكرامة خلال الأيام المقبلة.",
    "ولم تسيطر قوات النظام على بلدة الكرامة رغم الهجمات.",
])
def test_goals_and_negations_are_not_control(text: str) -> None:
    _, _, control = run(text, actors=[actor(text, "قوات النظام", "syrian_army")],
                        places=[place(text, "الكرامة", "Al Karama")])
    assert control == []


def test_supporting_force_is_not_the_captor_and_the_other_side_is_implied() -> None:
    text = ("تقاتل قوات سوريا الديمقراطية تنظيم داعش منذ أشهر. "
            "وتقدمت قسد بمساندة التحالف الدولي، حيث سيطرت على بلدة الكرامة.")
    _, _, control = run(text, actors=[actor(text, "قوات سوريا الديمقراطية", "sdf"), actor(text, "تنظيم داعش", "isis"),
                                      actor(text, "قسد", "sdf"), actor(text, "التحالف الدولي", "coalition")],
                        places=[place(text, "الكرامة", "Al Karama")])
    assert _obs(control) == {("Al Karama", "sdf", "captured"), ("Al Karama", "isis", "lost")}


SDF = "قوات سوريا الديمقراطية"


@pytest.mark.parametrize(("text", "actors", "expected"), [
    # A verbal noun of capture after a time preposition, with the captor in construct and a resumptive عليها.
    ("وعاد الأهالي إلى بلدة الكرامة منذ سيطرة قوات النظام عليها في أيار الماضي.",
     [("قوات النظام", "syrian_army")], {("Al Karama", "syrian_army", "captured")}),
    # ... or with a possessive pronoun pointing back to the captor named before.
    ("وتقدمت قسد نحو النهر خلال سيطرتها على قرية الكرامة.",
     [("قسد", "sdf")], {("Al Karama", "sdf", "captured")}),
    # تمكن/نجح ... من السيطرة على: a capture whose loser is the other side named.
    (f"وتمكنت {SDF} من السيطرة على قرية الكرامة بعد معارك مع تنظيم داعش.",
     [(SDF, "sdf"), ("تنظيم داعش", "isis")], {("Al Karama", "sdf", "captured"), ("Al Karama", "isis", "lost")}),
    # إنها points back to the speaker, who is the captor.
    ("وقالت قسد في بيان إنها سيطرت على بلدة الكرامة.", [("قسد", "sdf")], {("Al Karama", "sdf", "captured")}),
    # Holders joined by و both hold the place.
    (f"وتقع بلدة الكرامة التي تسيطر عليها {SDF} ووحدات حماية الشعب قرب النهر.",
     [(SDF, "sdf"), ("وحدات حماية الشعب", "ypg")], {("Al Karama", "sdf", "controls"), ("Al Karama", "ypg", "controls")}),
    # Holding only a part of a place leaves it contested.
    ("وتسيطر قوات النظام على الجزء الجنوبي من بلدة الكرامة.",
     [("قوات النظام", "syrian_army")], {("Al Karama", "syrian_army", "contested")}),
    # The besieged side as an object pronoun of a verbal noun of siege; the subject besieges.
    ("وأعلن المرصد أن قوات النظام أكملت تقدمها نحو النهر، ومحاصرته في قرية الكرامة.",
     [("قوات النظام", "syrian_army")], {("Al Karama", "syrian_army", "besieged")}),
])
def test_discontinuous_and_coordinated_control(text: str, actors: list[tuple[str, str]],
                                               expected: set[tuple[str, str, str]]) -> None:
    _, _, control = run(text, actors=[actor(text, n, a) for n, a in actors],
                        places=[place(text, "الكرامة", "Al Karama")])
    assert _obs(control) == expected


@pytest.mark.parametrize(("text", "actors"), [
    # Losing some neighbourhoods of a town says nothing of the town.
    ("وانسحب التنظيم من أحياء في مدينة الكرامة.", [("التنظيم", "isis")]),
    # A road named after two places is not either place.
    ("وسيطرت قوات النظام على أجزاء من طريق الكرامة - المنصورة.", [("قوات النظام", "syrian_army")]),
    # 'From areas under X's control' describes the areas, not the place named before.
    ("ووصل المدنيون إلى بلدة الكرامة قادمين من مناطق سيطرة التنظيم.", [("التنظيم", "isis")]),
    # Failing to capture is no capture.
    ("ولم تتمكن قوات النظام من السيطرة على بلدة الكرامة.", [("قوات النظام", "syrian_army")]),
])
def test_partial_routes_areas_and_failures_are_not_control(text: str, actors: list[tuple[str, str]]) -> None:
    _, _, control = run(text, actors=[actor(text, n, a) for n, a in actors],
                        places=[place(text, "الكرامة", "Al Karama")])
    assert control == []


def test_a_restated_capture_is_one_observation() -> None:
    text = "وسيطرت قسد على بلدة الكرامة في 3 آذار. وعرضت صور من البلدة بعد سيطرة قسد على الكرامة في 4 آذار."
    _, _, control = run(text, actors=[actor(text, "قسد", "sdf"), actor(text, "قسد", "sdf", nth=1)],
                        places=[place(text, "الكرامة", "Al Karama"), place(text, "الكرامة", "Al Karama", nth=1)],
                        times=[time(text, "3 آذار", "2019-03-03"), time(text, "4 آذار", "2019-03-04")])
    assert [(c.place.name_en, c.actor_id, c.status) for c in control] == [("Al Karama", "sdf", "captured")]


def test_a_capture_on_the_present_map_is_a_holding() -> None:
    text = "وتظهر الخريطة الحالية تمكن قسد من السيطرة على قرى الكرامة والمنصورة."
    _, _, control = run(text, actors=[actor(text, "قسد", "sdf")],
                        places=[place(text, "الكرامة", "Al Karama"), place(text, "المنصورة", "Al Mansura", lat=36)])
    assert _obs(control) == {("Al Karama", "sdf", "controls"), ("Al Mansura", "sdf", "controls")}


@pytest.mark.parametrize("section", ["control", "claims"])
def test_grammar_file_lists_single_unique_normalized_words(section: str) -> None:
    data = load_yaml("claims_control.yaml")
    assert data["version"] == 1
    lists = data[section]
    assert lists and all(isinstance(words, list) and words for words in lists.values())
    for name, words in lists.items():
        keys = [normalize_key(w) for w in words]
        assert all(k and " " not in k for k in keys), name
        assert len(keys) == len(set(keys)), name


def test_a_quarter_of_a_town_is_not_the_town() -> None:
    text = "وسيطرت قوات النظام على الحي الشرقي من مدينة الكرامة."
    _, _, control = run(text, actors=[actor(text, "قوات النظام", "syrian_army")],
                        places=[place(text, "الحي الشرقي", "Al Hayy ash Sharqi"), place(text, "الكرامة", "Al Karama")])
    assert control == []


def test_a_place_called_liberated_was_captured_by_the_subject() -> None:
    text = "وتقدمت القوات العراقية في الأحياء الغربية لتعلن بلدة الكرامة محررة من عصابات داعش."
    _, _, control = run(text, actors=[actor(text, "القوات العراقية", "iraqi_forces"), actor(text, "داعش", "isis")],
                        places=[place(text, "الكرامة", "Al Karama")])
    assert _obs(control) == {("Al Karama", "iraqi_forces", "captured"), ("Al Karama", "isis", "lost")}


def test_a_passive_capture_naming_nobody_goes_to_the_documents_only_captor() -> None:
    text = ("وسيطرت القوات العراقية على بلدة المنصورة بعد معارك مع تنظيم داعش. "
            "وكانت الكرامة التي حررت قبل أشهر تعاني من الدمار.")
    _, _, control = run(text, actors=[actor(text, "القوات العراقية", "iraqi_forces"), actor(text, "تنظيم داعش", "isis")],
                        places=[place(text, "المنصورة", "Al Mansura", lat=36), place(text, "الكرامة", "Al Karama")])
    assert {("Al Karama", "iraqi_forces", "captured"), ("Al Karama", "isis", "lost")} <= _obs(control)
    assert {o for o in _obs(control) if o[0] == "Al Karama"} == {("Al Karama", "iraqi_forces", "captured"),
                                                                  ("Al Karama", "isis", "lost")}


def test_liberating_its_towns_captures_the_region_named_before() -> None:
    text = ("وتعد محافظة الكرامة غنية بالنفط، ونجحت قوات النظام بدعم جوي روسي كثيف، من تحرير مدنها "
            "من قبضة التنظيم في تشرين الثاني.")
    _, _, control = run(text, actors=[actor(text, "قوات النظام", "syrian_army"), actor(text, "التنظيم", "isis")],
                        places=[place(text, "الكرامة", "Al Karama Governorate", kind="governorate")])
    assert _obs(control) == {("Al Karama Governorate", "syrian_army", "captured"),
                             ("Al Karama Governorate", "isis", "lost")}


def test_places_lost_as_examples_imply_no_captor() -> None:
    text = "وقاتلت قسد التنظيم طويلا. ومع انحسار التنظيم وخسارته لمناطق كالكرامة تراجع نفوذه."
    _, _, control = run(text, actors=[actor(text, "قسد", "sdf"), actor(text, "التنظيم", "isis"),
                                      actor(text, "التنظيم", "isis", nth=1)],
                        places=[place(text, "الكرامة", "Al Karama")])
    assert _obs(control) == {("Al Karama", "isis", "lost")}


def test_this_area_that_x_controls_is_the_place_named_before() -> None:
    text = ("وتقول قوات سوريا الديمقراطية إن المسلحين يتحصنون في بلدة الكرامة على ضفة النهر منذ أسابيع طويلة، "
            "وهذه آخر منطقة يسيطر عليها التنظيم في المحافظة.")
    _, _, control = run(text, actors=[actor(text, SDF, "sdf"), actor(text, "التنظيم", "isis")],
                        places=[place(text, "الكرامة", "Al Karama")])
    assert ("Al Karama", "isis", "controls") in _obs(control)
    assert ("Al Karama", "sdf", "controls") not in _obs(control)
