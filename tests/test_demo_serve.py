"""`rasid demo --no-serve` stores the example reports for the dashboard; `rasid serve` parses its options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from apikit import EXAMPLES
from rasid.cli import build_parser, main
from rasid.store import open_store


def test_demo_ingests_the_examples(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    args = ["demo", "--input", str(EXAMPLES), "--output", str(tmp_path / "out.jsonl"), "--db", db, "--no-serve"]
    assert main(args) == 0
    printed = capsys.readouterr().out
    lines = [json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert f"documents: {len(lines)} new" in printed
    with open_store(db) as store:
        assert store.counts()["documents"] == len(lines)
        assert store.counts()["events"] > 0
    assert main(args) == 0  # a second run finds them stored
    assert f"documents: 0 new, {len(lines)} duplicate" in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "host", "port", "token"), [
    (["serve"], "127.0.0.1", 8000, None),
    (["serve", "--host", "0.0.0.0", "--port", "9000", "--token", "s3cret"], "0.0.0.0", 9000, "s3cret"),
])
def test_serve_options(argv: list[str], host: str, port: int, token: str | None) -> None:
    args = build_parser().parse_args(argv)
    assert (args.host, args.port, args.token, args.db) == (host, port, token, "sqlite:///rasid.db")
