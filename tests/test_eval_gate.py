"""The evaluation gate: accuracy floors on the dev gold that a change may raise but never silently lower.

Lowering a floor needs a note on the issue that explains why. Floors are pinned per layer in
tests/eval_floors.json; a layer that is not there yet has no floor.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rasid.evaluation import evaluate_tree

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FLOORS: dict[str, dict[str, float]] = json.loads((Path(__file__).parent / "eval_floors.json").read_text())

pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="dev corpus ../shared/corpus is absent")


@pytest.fixture(scope="module")
def overall() -> dict[str, Any]:
    return evaluate_tree(CORPUS)["overall"]


@pytest.mark.parametrize(("layer", "metric"), [(layer, metric) for layer in FLOORS for metric in FLOORS[layer]])
def test_layer_meets_its_floor(overall: dict[str, Any], layer: str, metric: str) -> None:
    floor = FLOORS[layer][metric]
    value = overall[layer][metric]
    if metric.startswith("spurious") or metric == "offset_errors":
        assert value <= floor, f"{layer} {metric} = {value} is above the ceiling {floor}"
    else:
        assert value >= floor, f"{layer} {metric} = {value} fell below the floor {floor}"


def test_no_document_fails(overall: dict[str, Any]) -> None:
    assert overall["errors"] == []


@pytest.mark.parametrize("layer", ["times", "quantities"])
def test_every_span_is_exact(overall: dict[str, Any], layer: str) -> None:
    assert overall[layer]["offset_errors"] == 0
