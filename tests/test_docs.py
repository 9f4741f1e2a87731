"""Every command and option of the `rasid` CLI is documented in the README (datasette style)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from rasid.cli import build_parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(actions[0].choices) if actions else {}


def _options() -> list[tuple[str, str]]:
    pairs = []
    for name, sub in _commands().items():
        for action in sub._actions:
            long_flags = [flag for flag in action.option_strings if flag.startswith("--") and flag != "--help"]
            pairs += [(name, flag) for flag in long_flags[:1]]
    return pairs


@pytest.mark.parametrize("command", sorted(_commands()))
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"rasid {command}" in README


@pytest.mark.parametrize(("command", "option"), _options())
def test_every_option_is_in_the_readme(command: str, option: str) -> None:
    assert option in README, f"rasid {command} {option} is not documented in README.md"


def test_readme_names_both_commands_and_ci_calls_the_test_one() -> None:
    assert "make demo" in README and "make test" in README
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
