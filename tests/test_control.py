"""Control observations: controls, captured/lost, besieged, contested; village lists; relative clauses."""

from __future__ import annotations

import pytest

from eventkit import actor, place, run, time


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
