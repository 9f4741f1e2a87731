"""Helpers shared by the batch tests of both engines: inputs with bad records, and reading the tables back."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from rasid.pipeline import process_lines

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DEV_FILES = sorted(SHARED.glob("*/*.jsonl"))

REPORT_A = ("قصفت طائرات حربية بلدة الميادين في ريف دير الزور الشرقي صباح الأحد 3 آذار 2019، ما أسفر عن مقتل "
            "خمسة مدنيين بينهم طفلان، بحسب ما أفاد مصدر محلي.")
REPORT_B = ("قال المرصد إن اشتباكات عنيفة دارت أمس بين فصائل المعارضة وقوات النظام في محيط مدينة حلب، وأسفرت عن "
            "سقوط نحو عشرين قتيلا من الطرفين.")
REPORT_C = ("أعلنت قوات سوريا الديمقراطية سيطرتها على قرية الباغوز بعد معارك استمرت أسبوعين مع تنظيم الدولة "
            "الإسلامية، وفق بيان نشرته الثلاثاء.")


def line(doc_id: str, text: str, published: str | None = "2019-03-05") -> bytes:
    """One contract input line."""
    return json.dumps({"id": doc_id, "text": text, "published": published}, ensure_ascii=False).encode() + b"\n"


def page(text: str) -> bytes:
    """A small Arabic article page."""
    return (f'<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>خبر</title>'
            f'<meta property="article:published_time" content="2019-04-02T08:00:00Z"></head>'
            f"<body><article><h1>خبر عاجل</h1><p>{text}</p><p>{text}</p></article></body></html>").encode()


def warc_bytes(texts: list[str], *, compress: bool) -> bytes:
    """An archive with one HTML response per text."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for i, text in enumerate(texts):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://news.example/{i}", "response",
                                                      payload=io.BytesIO(page(text)), http_headers=headers))
    return buffer.getvalue()


def corrupt_member(member: bytes) -> bytes:
    """A gzip member whose deflate data is damaged (the header stays, so readers find it)."""
    body = bytearray(member)
    for i in range(12, min(len(body) - 8, 40)):
        body[i] ^= 0xFF
    return bytes(body)


def write_bad_inputs(folder: Path) -> dict[str, Path]:
    """Inputs holding good documents and one of each bad record: non-JSON line, corrupt gzip member, cut WARC."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / name for name in ("lines.jsonl", "members.jsonl.gz", "crawl.warc.gz", "whole.warc")}
    paths["lines.jsonl"].write_bytes(line("a1", REPORT_A) + b"{this is not json\n" + line("a2", REPORT_B))
    members = [gzip.compress(line("g1", REPORT_A)), corrupt_member(gzip.compress(line("g2", REPORT_B) * 20)),
               gzip.compress(line("g3", REPORT_C))]
    paths["members.jsonl.gz"].write_bytes(b"".join(members))
    archive = warc_bytes([REPORT_B, REPORT_C], compress=True)
    paths["crawl.warc.gz"].write_bytes(archive[: len(archive) - 200])
    paths["whole.warc"].write_bytes(warc_bytes([REPORT_A], compress=False))
    return paths


def read_table(output: Path, table: str) -> list[dict[str, Any]]:
    """All rows of one output table (partition column included), in a stable order."""
    dataset = ds.dataset(str(output / table), format="parquet", partitioning="hive",
                         exclude_invalid_files=True)
    rows = dataset.to_table().to_pylist()
    return sorted(rows, key=lambda r: (str(r.get("source")), r.get("line") or 0, str(r.get("doc_key")),
                                       str(r.get("layer")), r.get("ordinal") or 0))


def reconstructed(output: Path, source: Path) -> list[dict[str, Any]]:
    """The contract output of one input file rebuilt from the documents and errors tables, in line order."""
    rows = [(r["line"], json.loads(r["result_json"])) for r in read_table(output, "documents")
            if r["source"] == str(source)]
    rows += [(r["line"], {"id": r["item"], "error": r["reason"]}) for r in read_table(output, "errors")
             if r["source"] == str(source)]
    return [result for _, result in sorted(rows, key=lambda pair: pair[0])]


def extract_output(source: Path) -> list[dict[str, Any]]:
    """What `rasid extract` writes for one input file (round-tripped through JSON like its output)."""
    with source.open("rb") as stream:
        return [json.loads(json.dumps(r, ensure_ascii=False)) for r in process_lines(stream)]


def assert_bad_records_reported(output: Path, paths: dict[str, Path]) -> None:
    """The good documents are there, and each bad record has an errors row with its reason."""
    documents = read_table(output, "documents")
    assert sorted(d["id"] for d in documents if d["source_kind"] == "jsonl") == ["a1", "a2", "g1", "g3"]
    assert sum(d["source_kind"] == "warc" for d in documents) == 2  # one whole record of the cut archive + whole.warc
    errors = {(Path(e["source"].split("#")[0]).name, e["reason"].split(":")[0]) for e in read_table(output, "errors")}
    assert ("lines.jsonl", "line is not valid JSON") in errors
    assert any(name == "members.jsonl.gz" and reason.startswith("corrupt gzip member") for name, reason in errors)
    assert any(name == "crawl.warc.gz" and reason.startswith("truncated WARC record") for name, reason in errors)
    assert not any(name == "whole.warc" for name, _ in errors)
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["errors"] == len(read_table(output, "errors"))
