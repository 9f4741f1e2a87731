"""Reconcile rules on hand-made contract records: wire copies, event matching and merging, claim groups, timeline."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.reconcile import PlaceInfo, Sourced, SourceDoc, reconcile
from rasid.reconcile.claims import group_claims
from rasid.reconcile.dedupe import find_duplicates, is_copy, shingles, signature, similarity
from rasid.reconcile.inputs import date_span, distance_km
from rasid.reconcile.match import actor_compatible, same_event, view
from rasid.reconcile.merge import merge_events
from rasid.reconcile.timeline import build_timeline

# ---- hand-made records ---------------------------------------------------------------------------------------
HAJIN = {"name_en": "Hajin", "lat": 34.6926, "lon": 40.8256, "place_id": "t:hajin", "geo_precision": 1}
GOVERNORATE = {"name_en": "Deir ez-Zor Governorate", "lat": 35.1667, "lon": 40.2833, "place_id": "t:dez",
               "geo_precision": 3}
REGION = {"name_en": "North and East Syria", "lat": 36.0, "lon": 40.0, "place_id": "t:nes", "geo_precision": 3}
PLACES = {"t:hajin": PlaceInfo("town", "Deir ez-Zor", "SY"), "t:dez": PlaceInfo("governorate", "Deir ez-Zor", "SY"),
          "t:nes": PlaceInfo("region", None, "SY"), "t:raqqa": PlaceInfo("city", "Ar Raqqah", "SY")}


def point(km_north: float, precision: int = 1, place_id: str = "t:p") -> dict[str, Any]:
    """A place `km_north` kilometres north of Hajin."""
    return {"name_en": f"P{km_north}", "lat": 34.6926 + km_north / 111.2, "lon": 40.8256, "place_id": place_id,
            "geo_precision": precision}


def event(date: str | None = "2018-09-10", place: Mapping[str, Any] | None = None, actor1: str | None = "sdf",
          actor2: str | None = "isis", sub: str = "Armed clash", **extra: Any) -> dict[str, Any]:
    """A contract event."""
    precision = {10: "day", 7: "month", 4: "year"}.get(len(date or ""), "interval")
    return {"event_type": "Battles", "sub_event_type": sub, "tags": extra.pop("tags", []),
            "date": {"value": date, "precision": precision} if date else None,
            "place": dict(place or HAJIN), "actor1": actor1, "actor2": actor2, "victims": None,
            "fatalities": extra.pop("fatalities", None), "counts": {}, "attributed_to": extra.pop("attributed_to", None),
            "historical": False, "evidence": extra.pop("evidence", [{"start": 0, "end": 10}]), **extra}


def sourced(doc: str, record: Mapping[str, Any], n: int = 0, outlet: str | None = None,
            published: str | None = "2019-01-25") -> Sourced:
    """A record of document `doc`."""
    return Sourced(f"{doc}:x{n}", doc, record, outlet or f"outlet-{doc}", published)


def pair(a: Mapping[str, Any], b: Mapping[str, Any]) -> tuple[str, float] | None:
    """Whether two events of two documents match."""
    return same_event(view(sourced("a", a), PLACES), view(sourced("b", b), PLACES))


# ---- wire copies -----------------------------------------------------------------------------------------------
STORY = (
    "أعلنت قوات سوريا الديمقراطية صباح اليوم بدء المرحلة الثانية من عمليتها العسكرية ضد تنظيم الدولة في ريف "
    "دير الزور الشرقي، وقال متحدث باسم القوات إن المقاتلين تقدموا نحو بلدة هجين من ثلاثة محاور بعد قصف مدفعي "
    "استمر ساعات، فيما أفادت مصادر محلية بنزوح عشرات العائلات من القرى القريبة باتجاه مخيمات الشمال. وأضاف "
    "المتحدث أن طيران التحالف الدولي شارك في العملية بغارات على مواقع التنظيم قرب نهر الفرات، وأن الاشتباكات "
    "ما زالت مستمرة حتى ساعة إعداد هذا التقرير في محيط البلدة وعلى الطريق الواصل إلى الحدود العراقية."
)
OTHER = (
    "افتتحت بلدية المدينة سوقا جديدا للخضار في الحي الغربي بعد أشهر من أعمال الترميم، وقال رئيس البلدية إن "
    "السوق يضم أكثر من خمسين محلا وسيخفف الازدحام عن الشارع الرئيسي، بينما طالب الباعة بتخفيض رسوم الإيجار "
    "وتأمين مواقف للسيارات قرب المدخل الشمالي للسوق قبل حلول فصل الشتاء وارتفاع الطلب على المنتجات المحلية."
)


@pytest.mark.parametrize(
    ("a", "b", "copy"),
    [
        (STORY, "عاجل - " + STORY + " (نقلا عن وكالة الأنباء)", True),  # own headline and footer
        (STORY, STORY[: int(len(STORY) * 0.6)], True),  # a truncated copy
        (STORY, "أَعْلَنَتْ" + STORY[5:].replace("إن", "ان"), True),  # diacritics and hamza spelling
        (STORY, OTHER, False),
        ("اشتباكات في هجين صباح اليوم", "اشتباكات في هجين صباح اليوم", False),  # too short to call a copy
    ],
)
def test_wire_copies(a: str, b: str, copy: bool) -> None:
    groups = find_duplicates([SourceDoc("a", a), SourceDoc("b", b), SourceDoc("c", OTHER[::-1])])
    assert [g.doc_keys for g in groups] == ([("a", "b")] if copy else [])
    if copy:
        assert groups[0].data["links"] and groups[0].data["reason"]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي ", min_size=0, max_size=600),
       st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي ", min_size=0, max_size=600))
def test_similarity_is_symmetric_and_bounded(a: str, b: str) -> None:
    sa, sb = shingles(a), shingles(b)
    assert similarity(sa, sb) == similarity(sb, sa)
    jaccard, containment = similarity(sa, sb)
    assert 0.0 <= jaccard <= containment <= 1.0
    assert signature(sa) == signature(set(sa))
    assert is_copy(sa, sa)[0] == (len(sa) >= 20)


# ---- event matching -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("a", "b", "match"),
    [
        ("2018-09-10", "2018-09-11", True),
        ("2018-09-10", "2018-09-12", False),
        ("2018-09-10", "2018-09", True),
        ("2018-09-10", "2018-10", False),
        ("2018-09-30", "2018-09-01/2018-10-05", True),
        ("2018-09-01/2018-09-05", "2018-09-06/2018-09-09", False),
        ("2018-09", "2018-09", True),
        ("2018", "2018", False),  # a year names no single occurrence
    ],
)
def test_dates_compatible_at_their_precision(a: str, b: str, match: bool) -> None:
    result = pair(event(date=a), event(date=b))
    assert (result is not None) == match
    if match:
        assert result is not None and "dates" in result[0]


@pytest.mark.parametrize(
    ("a", "b", "match"),
    [
        (point(0), point(8), True),
        (point(0), point(12), False),
        (point(0, 2), point(20), True),
        (point(0, 2), point(30), False),
        (point(0, 3), point(55), True),
        (point(0, 3), point(70), False),
        (HAJIN, GOVERNORATE, True),  # 72 km from the centre, but Hajin lies in the governorate
        ({**point(0), "place_id": "t:raqqa"}, GOVERNORATE, False),  # 72 km, another governorate
        (HAJIN, REGION, True),  # a region is wide
        ({**HAJIN, "lat": None, "lon": None}, HAJIN, False),  # no coordinates, no match
    ],
)
def test_places_within_the_tolerance_of_their_kind(a: dict[str, Any], b: dict[str, Any], match: bool) -> None:
    assert (pair(event(place=a), event(place=b)) is not None) == match


@pytest.mark.parametrize(
    ("a", "b", "match"),
    [
        (("sdf", "isis"), ("sdf", "isis"), True),
        (("sdf", "isis"), ("sdf", None), True),
        (("sdf", "isis"), ("isis", "sdf"), True),  # sides swapped
        (("sdf", "isis"), ("ypg", "isis"), True),  # a component of the SDF
        (("sdf", "isis"), ("syrian_army", "isis"), False),
        (("usa", None), (None, "isis"), False),  # both name actors, none shared
        ((None, None), ("coalition", "isis"), True),
    ],
)
def test_actors_compatible(a: tuple[str | None, str | None], b: tuple[str | None, str | None], match: bool) -> None:
    assert (pair(event(actor1=a[0], actor2=a[1]), event(actor1=b[0], actor2=b[1])) is not None) == match


def test_actor_components_follow_the_data_file() -> None:
    assert actor_compatible("ypg", "sdf") == actor_compatible("sdf", "ypg") == "part_of"
    assert actor_compatible("isis", "sdf") is None and actor_compatible(None, "sdf") == "unknown"


@pytest.mark.parametrize(
    ("b", "why"),
    [
        (event(sub="Air/drone strike"), "another sub-event type"),
        (event(tags=["casualty_report"]), "a cumulative toll is not the day's battle"),
        (event(date=None), "no date"),
    ],
)
def test_other_kinds_never_match(b: dict[str, Any], why: str) -> None:
    assert pair(event(), b) is None, why


def test_events_of_one_document_stay_apart() -> None:
    merged = merge_events([sourced("a", event(), 0), sourced("a", event(), 1)], PLACES, {})
    assert len(merged) == 2


# ---- merging ---------------------------------------------------------------------------------------------------
def launch_reports() -> list[Sourced]:
    """Three outlets reporting one offensive launch at three levels of precision, plus an unrelated event."""
    return [
        sourced("region", event(date="2018-09", place=REGION, actor1="ypg", evidence=[{"start": 5, "end": 50}])),
        sourced("gov", event(place=GOVERNORATE, actor1="isis", actor2="sdf", evidence=[{"start": 1, "end": 9}])),
        sourced("town", event(tags=["offensive"], evidence=[{"start": 100, "end": 180}])),
        sourced("far", event(date="2018-09-10", place=point(400))),
    ]


def test_one_launch_reported_three_ways_is_one_merged_event() -> None:
    merged = merge_events(launch_reports(), PLACES, {})
    assert len(merged) == 2
    launch = next(m for m in merged if len(m.members) == 3)
    assert launch.members[0] == "town:x0"  # the most precise report leads
    assert (launch.date, launch.place_name, launch.data["actor1"], launch.data["actor2"]) == (
        "2018-09-10", "Hajin", "sdf", "isis")
    assert {s["doc_key"] for s in launch.data["sources"]} == {"region", "gov", "town"}
    assert [s["evidence"] for s in launch.data["sources"]] == [[{"start": 100, "end": 180}], [{"start": 1, "end": 9}],
                                                               [{"start": 5, "end": 50}]]
    assert len(launch.data["reasons"]) == 2 and all("joined town:x0" in r for r in launch.data["reasons"])
    assert launch.data["disagreements"]["actor1"] == [{"value": "sdf", "sources": ["outlet-town", "outlet-gov"]},
                                                      {"value": "ypg", "sources": ["outlet-region"]}]
    assert launch.data["tags"] == ["offensive"]


def test_fatalities_keep_the_range_and_the_conservative_best() -> None:
    reports = [sourced("a", event(fatalities={"low": 10, "best": 12, "high": 15}, attributed_to="sohr")),
               sourced("b", event(fatalities={"low": 7, "best": 7, "high": 7})),
               sourced("c", event(fatalities={"low": 20, "best": 25, "high": 40})),
               sourced("d", event())]
    (merged,) = merge_events(reports, PLACES, {})
    assert (merged.fatalities_low, merged.fatalities_best, merged.fatalities_high) == (7, 7, 40)
    figures = {d["value"]: d["sources"] for d in merged.data["disagreements"]["fatalities_best"]}
    assert figures == {"12": ["sohr"], "7": ["outlet-b"], "25": ["outlet-c"]}


def test_a_vague_report_cannot_chain_two_events() -> None:
    reports = [sourced("a", event(date="2018-09-10")), sourced("b", event(date="2018-09-20")),
               sourced("c", event(date="2018-09"))]
    merged = merge_events(reports, PLACES, {})
    assert sorted(len(m.members) for m in merged) == [1, 2]


def test_wire_copies_are_not_independent_sources() -> None:
    (merged,) = merge_events([sourced("a", event()), sourced("b", event())], PLACES, {"a": "d1", "b": "d1"})
    assert merged.data["source_count"] == 2 and merged.data["independent_sources"] == 1


EVENT_STRATEGY = st.builds(
    lambda day, km, a1, sub: event(date=f"2018-09-{day:02d}", place=point(km), actor1=a1, sub=sub),
    st.integers(1, 28), st.integers(0, 40), st.sampled_from(["sdf", "ypg", None, "isis"]),
    st.sampled_from(["Armed clash", "Air/drone strike"]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(EVENT_STRATEGY, max_size=12), st.randoms(use_true_random=False))
def test_every_event_is_in_exactly_one_merged_event_whatever_the_order(events: list[dict[str, Any]],
                                                                       rnd: Any) -> None:
    items = [sourced(f"d{i}", e) for i, e in enumerate(events)]
    merged = merge_events(items, PLACES, {})
    keys = [k for m in merged for k in m.members]
    assert sorted(keys) == sorted(i.key for i in items)
    for m in merged:
        members = [next(i for i in items if i.key == k) for k in m.members]
        for x in members:  # every pair inside a merged event matches (no chaining)
            for y in members:
                if x is not y:
                    assert same_event(view(x, PLACES), view(y, PLACES)) is not None
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert {m.members for m in merge_events(shuffled, PLACES, {})} == {m.members for m in merged}


# ---- claim groups ----------------------------------------------------------------------------------------------
def claim(subject: str = "fighters", about: str | None = "isis", where: str | None = "Hajin", low: float = 100,
          high: float = 100, said: str | None = None, as_of: str | None = None) -> dict[str, Any]:
    """A contract claim."""
    return {"subject": subject, "about": about, "where": where, "low": low, "high": high, "approx": False,
            "bound": None, "attributed_to": said, "evidence": {"start": 0, "end": 5}, "as_of": as_of}


def test_claims_of_one_figure_stand_side_by_side() -> None:
    claims = [sourced("a", claim(low=2000, high=2000, said="sdf"), published="2018-12-01"),
              sourced("b", claim(low=1500, high=1500), outlet="alhal", published="2018-12-04"),
              sourced("c", claim(where="Al Susah"), published="2018-12-02"),
              sourced("d", claim(where=None), published="2018-12-02"),
              sourced("e", claim(low=900, high=900, said="sohr"), published="2018-12-20")]
    groups = {(g.where, g.window_start): g for g in group_claims(claims, {})}
    hajin = groups[("Hajin", "2018-12-01")]
    assert [(f["source"], f["low"]) for f in hajin.data["figures"]] == [("sdf", 2000), ("alhal", 1500)]
    assert hajin.window_end == "2018-12-04" and hajin.data["agree"] is False
    assert hajin.data["range"] == {"low": 1500, "high": 2000}
    assert set(groups) == {("Hajin", "2018-12-01"), ("Al Susah", "2018-12-02"), (None, "2018-12-02"),
                           ("Hajin", "2018-12-20")}


def test_claim_dates_come_from_the_claim_before_the_document() -> None:
    claims = [sourced("a", claim(as_of="2018-10-01"), published="2018-12-01"),
              sourced("b", claim(), published="2018-10-03"), sourced("c", claim(), published=None)]
    groups = group_claims(claims, {})
    assert [(g.window_start, len(g.members)) for g in groups] == [(None, 1), ("2018-10-01", 2)]


# ---- control timeline ----------------------------------------------------------------------------------------
BAGHUZ = {"name_en": "Baghuz Fawqani", "lat": 34.4586, "lon": 40.9506, "place_id": "t:baghuz"}


def control(actor: str, status: str, day: str, place: Mapping[str, Any] = BAGHUZ) -> dict[str, Any]:
    """A contract control observation."""
    precision = "day" if len(day) == 10 else "month"
    return {"place": dict(place), "actor_id": actor, "status": status, "date": {"value": day, "precision": precision},
            "evidence": {"start": 0, "end": 9}}


def holders(rows: Any, day: str) -> dict[str, bool]:
    """Actor -> conflict flag of the rows holding the place on `day`."""
    return {r.actor_id: r.conflict for r in rows if r.day == day and r.status == "controls"}


def test_baghuz_is_held_by_is_then_by_the_sdf_from_its_capture() -> None:
    rows = build_timeline([sourced("a", control("isis", "controls", "2019-01-01")),
                           sourced("a", control("isis", "controls", "2019-01-20"), 1),
                           sourced("b", control("sdf", "captured", "2019-01-23"), published="2019-01-25"),
                           sourced("b", control("isis", "lost", "2019-01-23"), 1, published="2019-01-25")], [])
    assert holders(rows, "2019-01-05") == {"isis": False}
    assert holders(rows, "2019-01-22") == {"isis": False}
    assert holders(rows, "2019-01-23") == holders(rows, "2019-01-25") == {"sdf": False}
    lost = [r for r in rows if r.day == "2019-01-23" and r.actor_id == "isis"]
    assert [r.status for r in lost] == ["lost"]
    assert rows[-1].day == "2019-01-25" and rows[-1].data["observed"] is False  # carried to publication
    first = next(r for r in rows if r.actor_id == "sdf")
    assert first.data["since"] == "2019-01-23" and first.data["changed_from"] == ["isis"]
    assert first.data["without_capture"] is False and first.data["sources"][0]["key"] == "b:x0"


def test_two_actors_claimed_on_one_day_are_both_listed_as_a_conflict() -> None:
    rows = build_timeline([sourced("a", control("isis", "controls", "2019-01-10")),
                           sourced("b", control("sdf", "controls", "2019-01-10")),
                           sourced("c", control("sdf", "captured", "2019-01-14"))], [])
    assert holders(rows, "2019-01-10") == holders(rows, "2019-01-12") == {"isis": True, "sdf": True}
    assert holders(rows, "2019-01-14") == {"sdf": False}
    assert next(r for r in rows if r.actor_id == "isis").data["conflict_with"] == ["sdf"]


def test_one_actor_reported_holding_and_losing_a_place_the_same_day_is_a_conflict() -> None:
    rows = build_timeline([sourced("a", control("isis", "controls", "2019-01-10"), published=None),
                           sourced("b", control("isis", "lost", "2019-01-10"), published=None)], [])
    (row,) = rows
    assert row.conflict and row.status == "controls" and row.data["lost_same_day"] is True


def test_a_change_of_holder_without_a_capture_is_marked() -> None:
    rows = build_timeline([sourced("a", control("isis", "controls", "2019-01-10")),
                           sourced("b", control("sdf", "controls", "2019-01-12"))], [])
    changed = next(r for r in rows if r.actor_id == "sdf")
    assert changed.data["without_capture"] is True and changed.data["changed_from"] == ["isis"]


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (event(sub="Non-state actor overtakes territory", actor1="isis", actor2="sdf"),
         {"isis": "controls", "sdf": "lost"}),
        (event(sub="Government regains territory", actor1="syrian_army", actor2=None), {"syrian_army": "controls"}),
        (event(sub="Non-violent transfer of territory", actor1="isis", actor2="sdf", tags=["withdrawal"]),
         {"sdf": "controls", "isis": "lost"}),
        (event(sub="Non-state actor overtakes territory", place=GOVERNORATE), {}),  # too coarse a place
        (event(sub="Non-state actor overtakes territory", date="2018-09"), {}),  # no day
        (event(sub="Armed clash"), {}),  # not about territory
    ],
)
def test_territory_events_feed_the_timeline(record: dict[str, Any], expected: dict[str, str]) -> None:
    rows = build_timeline([], [sourced("a", record, published=None)])
    assert {r.actor_id: r.status for r in rows} == expected


def test_besieged_and_month_observations() -> None:
    rows = build_timeline([sourced("a", control("isis", "controls", "2019-01-10"), published=None),
                           sourced("a", control("sdf", "besieged", "2019-01-11"), 1, published=None),
                           sourced("a", control("sdf", "captured", "2019-02"), 2, published=None)], [])
    assert {(r.day, r.actor_id, r.status) for r in rows} == {
        ("2019-01-10", "isis", "controls"), ("2019-01-11", "isis", "controls"), ("2019-01-11", "sdf", "besieges")}


# ---- helpers and the whole -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "span"),
    [("2019-01-22", ("2019-01-22", "2019-01-22")), ("2019-02", ("2019-02-01", "2019-02-28")),
     ("2020-02", ("2020-02-01", "2020-02-29")), ("2018", ("2018-01-01", "2018-12-31")),
     ("2018-12/2019-01-03", ("2018-12-01", "2019-01-03")), ("P10D", None), ("2019-13", None), (None, None),
     ("2019-02-01/2019-01-01", None)],
)
def test_date_span(value: str | None, span: tuple[str, str] | None) -> None:
    found = date_span(value)
    assert (None if found is None else (str(found[0]), str(found[1]))) == span


def test_distance_km() -> None:
    assert distance_km(34.0, 40.0, 34.0, 40.0) == 0.0
    assert 110 < distance_km(34.0, 40.0, 35.0, 40.0) < 112


def test_reconcile_composes_every_part() -> None:
    docs = [SourceDoc("region", STORY), SourceDoc("gov", STORY + " انتهى."), SourceDoc("town", OTHER),
            SourceDoc("far", OTHER[::-1])]
    result = reconcile(docs, launch_reports(), [sourced("a", claim())], [sourced("a", control("isis", "lost",
                                                                                               "2019-01-02"))], PLACES)
    assert [g.doc_keys for g in result.duplicates] == [("gov", "region")]
    launch = next(m for m in result.merged_events if len(m.members) == 3)
    assert launch.data["independent_sources"] == 2
    assert len(result.claim_groups) == 1 and [r.status for r in result.timeline] == ["lost"]


OBSERVATION = st.builds(
    lambda place, actor, status, day: control(actor, status, f"2019-01-{day:02d}",
                                              {**BAGHUZ, "place_id": f"t:{place}"}),
    st.sampled_from(["a", "b"]), st.sampled_from(["isis", "sdf", "syrian_army"]),
    st.sampled_from(["controls", "captured", "lost", "besieged", "contested"]), st.integers(1, 20),
)


@settings(max_examples=80, deadline=None)
@given(st.lists(OBSERVATION, max_size=15))
def test_timeline_rows_are_unique_daily_and_flag_only_real_conflicts(observations: list[dict[str, Any]]) -> None:
    rows = build_timeline([sourced(f"d{i}", o, published=None) for i, o in enumerate(observations)], [])
    assert len({(r.place_id, r.day, r.actor_id) for r in rows}) == len(rows)
    for place in {r.place_id for r in rows}:
        own = [r for r in rows if r.place_id == place]
        holding: dict[str, set[str]] = {}
        for r in own:
            if r.status == "controls":
                holding.setdefault(r.day, set()).add(r.actor_id)
        for r in own:
            if r.status == "controls" and len(holding[r.day]) > 1:
                assert r.conflict  # never silently resolved
            if r.conflict:
                assert r.status == "controls" and (len(holding[r.day]) > 1 or r.data.get("lost_same_day")
                                                   or not r.data["observed"])
        observed = {o["date"]["value"] for o in observations if o["place"]["place_id"] == place}
        assert min(r.day for r in own) == min(observed) and max(r.day for r in own) == max(observed)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["fighters", "deaths"]), st.sampled_from(["Hajin", None]),
                          st.integers(1, 28), st.integers(1, 500)), max_size=15))
def test_every_claim_is_in_exactly_one_group(specs: list[tuple[str, str | None, int, int]]) -> None:
    items = [sourced(f"d{i}", claim(subject=s, where=w, low=n, high=n), published=f"2018-12-{day:02d}")
             for i, (s, w, day, n) in enumerate(specs)]
    groups = group_claims(items, {})
    assert sorted(k for g in groups for k in g.members) == sorted(i.key for i in items)
    for g in groups:
        assert g.window_start is not None and g.window_end is not None
        assert (date_span(g.window_end)[0] - date_span(g.window_start)[0]).days <= 7  # type: ignore[index]
