"""Scoring rules of `rasid evaluate` (CONTRACT.md, "How outputs are scored")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasid.cli import main
from rasid.evaluation import (
    Tally,
    claim_matches,
    control_matches,
    dates_agree,
    evaluate_tree,
    event_matches,
    haversine_km,
    place_matches,
    score_document,
)

VILLAGE = {"name_en": "Kafr Test", "lat": 34.50, "lon": 40.90, "kind": "village"}


def test_haversine_is_about_111_km_per_degree_of_latitude() -> None:
    assert haversine_km(34.0, 40.0, 35.0, 40.0) == pytest.approx(111.2, abs=0.5)


@pytest.mark.parametrize(
    ("pred", "gold", "ok"),
    [
        ({"lat": 34.55, "lon": 40.90}, VILLAGE, True),
        ({"lat": 34.65, "lon": 40.90}, VILLAGE, False),
        ({"lat": 34.9, "lon": 40.9}, {**VILLAGE, "kind": "governorate"}, True),
        ({"name_en": "euphrates river", "lat": 0, "lon": 0}, {"name_en": "Euphrates River", "kind": "river"}, True),
        ({"name_en": "Tigris", "lat": 34.5, "lon": 40.9}, {"name_en": "Euphrates River", "kind": "river"}, False),
    ],
)
def test_place_tolerance_depends_on_gold_kind(pred: dict, gold: dict, ok: bool) -> None:
    assert place_matches(pred, gold) is ok


@pytest.mark.parametrize(
    ("pred", "gold", "days", "ok"),
    [
        ("2019-01-21", "2019-01-22", 1, True),
        ("2019-01-20", "2019-01-22", 1, False),
        ("2019-01-19", "2019-01-22", 3, True),
        ("2019-01", "2019-01", 1, True),
        ("2019-01-30", "2019-01", 1, True),
        ("2019-02", "2019-01", 1, False),
        (None, "2019-01-22", 1, False),
        ("2019-01-05", None, 1, True),
        ("2019-01-10", "2019-01-01/2019-01-20", 1, True),
    ],
)
def test_dates_agree(pred: str | None, gold: str | None, days: int, ok: bool) -> None:
    def wrap(v):
        return ({"value": v} if v else None)
    assert dates_agree(wrap(pred), wrap(gold), days) is ok


def test_event_match_needs_type_place_and_date() -> None:
    gold = {"sub_event_type": "Armed clash", "place": {**VILLAGE, "geo_precision": 2},
            "date": {"value": "2019-01-10", "precision": "day"}}
    pred = {"sub_event_type": "Armed clash", "place": {"lat": 34.68, "lon": 40.90},
            "date": {"value": "2019-01-11", "precision": "day"}}
    assert event_matches(pred, gold)
    assert not event_matches({**pred, "sub_event_type": "Air/drone strike"}, gold)
    assert not event_matches({**pred, "place": {"lat": 35.0, "lon": 40.9}}, gold)


def test_claim_and_control_matching() -> None:
    gold = {"subject": "fighters", "about": "isis", "low": 1500, "high": 2000}
    assert claim_matches({"subject": "fighters", "about": "isis", "low": 2000, "high": 3000}, gold)
    assert not claim_matches({"subject": "fighters", "about": "isis", "low": 2500, "high": 3000}, gold)
    control = {"place": VILLAGE, "actor_id": "sdf", "status": "captured", "date": {"value": "2019-01-14"}}
    assert control_matches({**control, "date": {"value": "2019-01-17"}}, control)
    assert not control_matches({**control, "status": "lost"}, control)


def test_tally_scores() -> None:
    assert Tally(tp=3, predicted=4, gold=6).scores()["f1"] == pytest.approx(0.6)
    assert Tally().scores()["f1"] == 1.0


def test_score_document_counts_values_and_spurious() -> None:
    text = "قتل 5 مدنيين أمس"
    gold = {"id": "t", "quantities": [{"text": "5 مدنيين", "start": 4, "end": 12, "low": 5, "high": 5, "bound": None}],
            "times": [{"text": "أمس", "start": 13, "end": 16, "value": "2019-01-01"}]}
    pred = {"quantities": [{"text": "5 مدنيين", "start": 4, "end": 12, "low": 5, "high": 5, "bound": None},
                           {"text": "قتل", "start": 0, "end": 3, "low": 1, "high": 1, "bound": None}],
            "times": [{"text": "أمس", "start": 13, "end": 16, "value": "2019-01-02"}]}
    scores = score_document(pred, gold, text)
    assert scores.quantities.correct == 1 and scores.quantities.spurious == 1
    assert scores.times.correct == 0 and scores.times.gold == 1


def test_evaluate_tree_on_a_tiny_corpus(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    doc = {"id": "d1", "text": "نص قصير بلا أحداث.", "published": "2020-05-01"}
    (tmp_path / "docs.jsonl").write_text(json.dumps(doc, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "gold" / "d1.gold.json").write_text(json.dumps({"id": "d1", "places": [], "actors": []}))
    report = evaluate_tree(tmp_path)
    assert report["overall"]["documents"] == 1
    assert main(["evaluate", str(tmp_path), "--json"]) == 0


def test_evaluate_refuses_a_folder_without_gold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(tmp_path)]) == 1
    assert "gold" in capsys.readouterr().err


def test_matching_is_maximal_whatever_the_order() -> None:
    from rasid.evaluation import match_pairs

    country = {"lat": 34.9, "lon": 40.9, "kind": "country"}
    village = {**VILLAGE}
    predicted = [{"lat": 34.50, "lon": 40.90}, {"lat": 35.5, "lon": 39.0}]
    assert len(match_pairs(predicted, [country, village], place_matches)) == 2
    assert len(match_pairs(predicted[::-1], [country, village], place_matches)) == 2


def test_value_scoring_prefers_the_best_fitting_span() -> None:
    text = "من 3 مايو الى 9 يونيو"
    gold = {"id": "t", "times": [{"text": "3 مايو", "start": 3, "end": 9, "value": "2020-05-03"}]}
    pred = {"times": [{"text": text, "start": 0, "end": 21, "value": "2020-05-03/2020-06-09"},
                      {"text": "3 مايو", "start": 3, "end": 9, "value": "2020-05-03"}]}
    assert score_document(pred, gold, text).times.correct == 1
