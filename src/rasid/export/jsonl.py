"""Contract JSONL: the stored extraction result of every document, one object per line."""

from __future__ import annotations

import json
from typing import TextIO

from rasid.store import Store


def write_jsonl(store: Store, stream: TextIO) -> int:
    """Write one contract object per stored document, in ingest order; return the count."""
    count = 0
    for _, result in store.results():
        stream.write(json.dumps(result, ensure_ascii=False) + "\n")
        count += 1
    return count
