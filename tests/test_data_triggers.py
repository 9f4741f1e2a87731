"""Integrity of triggers.yaml and attribution.yaml: schema, ACLED names, normalized unique forms."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from rasid.errors import ResourceError
from rasid.events.lexicon import entry_forms, triggers_data
from rasid.events.triggers import ACLED_TYPES, TAGS, trigger_specs
from rasid.resources import load_yaml, read_text
from rasid.text.normalize import normalize_key

STATUSES = {"controls", "captured", "lost", "besieged", "contested"}
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


def _strings(node: Any) -> list[str]:
    """Every string inside a YAML structure."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


@pytest.mark.parametrize("name", ["triggers.yaml", "attribution.yaml"])
def test_files_load_without_duplicate_keys_and_strings_are_trimmed(name: str) -> None:
    data = load_yaml(name)
    assert data["version"] == 1
    for text in _strings(data):
        assert text == text.strip() and "  " not in text, text


def test_duplicate_keys_are_refused() -> None:
    from rasid.resources import _UniqueKeyLoader
    with pytest.raises(ResourceError):
        yaml.load("a: 1\na: 2\n", Loader=_UniqueKeyLoader)


def test_trigger_entries_have_acled_types_tags_and_unique_ids() -> None:
    entries = triggers_data()["triggers"]
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids))
    for entry in entries:
        assert entry["sub_event_type"] in ACLED_TYPES[entry["event_type"]], entry["id"]
        assert set(entry.get("tags", [])) <= TAGS
        assert isinstance(entry["priority"], int)
        assert entry_forms(entry), entry["id"]
    assert set(trigger_specs()) == set(ids)


def test_no_form_belongs_to_two_triggers_and_no_entry_repeats_a_form() -> None:
    owner: dict[str, str] = {}
    for entry in triggers_data()["triggers"]:
        for key in ("nouns", "verbs", "verbs_no_object", "phrases"):
            raw = [normalize_key(w) for w in entry.get(key, [])]
            assert len(raw) == len(set(raw)), f"{entry['id']} lists a form twice in {key}"
        for form in set(entry_forms(entry)):
            assert owner.setdefault(form, entry["id"]) == entry["id"], f"{form} in {owner[form]} and {entry['id']}"


def test_word_lists_have_no_duplicates_after_normalization() -> None:
    data = triggers_data()
    lists = [*data["modifiers"].values(), *data["blockers"].values(), data["anaphors"], data["clause_breaks"],
             data["target_cues"], data["agent_cues"], data["support_cues"]]
    for words in lists:
        keys = [normalize_key(w) for w in words]
        assert len(keys) == len(set(keys)), words
        phrase_lists = (data["anaphors"], data["clause_breaks"])
        assert any(words is p for p in phrase_lists) or all(" " not in k for k in keys), f"phrase in word list: {words}"


def test_control_and_claim_sections() -> None:
    data = triggers_data()
    ids = [c["id"] for c in data["control"]]
    assert len(ids) == len(set(ids))
    for cue in data["control"]:
        assert cue["status"] in STATUSES and cue.get("other") in STATUSES | {None}
        assert cue["phrases"]
    subjects = [c["subject"] for c in data["claim_subjects"]]
    assert set(data["unit_subjects"].values()) <= set(subjects) | {"area_km2"}
    assert len(subjects) == len(set(subjects)) and all(SNAKE.match(s) for s in subjects)


def test_actor_kinds_exist_in_the_catalogue() -> None:
    kinds = {line.split(",")[1] for line in read_text("actors.csv").splitlines()[1:] if line.strip()}
    data = triggers_data()
    assert set(data["combatant_kinds"]) <= kinds
    assert set(data["speaker_kinds"]) <= kinds
    ids = {line.split(",")[0] for line in read_text("actors.csv").splitlines()[1:] if line.strip()}
    assert set(data["air_actors"]) <= ids and set(data["non_state_ids"]) <= ids


def test_attribution_sources_are_snake_case_ids() -> None:
    data = load_yaml("attribution.yaml")
    for source_id in [*data["generic_sources"], *data["short_names"]]:
        assert SNAKE.match(source_id)
    for key in ("reporting_verbs", "reporting_preps", "continuation_verbs", "anaphoric_sources"):
        keys = [normalize_key(w) for w in data[key]]
        assert len(keys) == len(set(keys)), key
