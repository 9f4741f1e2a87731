"""The `rasid` command line: thin wrappers, each opening what it needs and calling one library function."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

from tqdm import tqdm

from rasid import __version__
from rasid.errors import RasidError


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `rasid` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except RasidError as exc:
        print(f"rasid: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(prog="rasid", description="Arabic conflict-event extraction.")
    parser.add_argument("--version", action="version", version=f"rasid {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_extract(commands)
    _add_evaluate(commands)
    _add_demo(commands)
    _add_ingest(commands)
    _add_export(commands)
    _add_reconcile(commands)
    _add_batch(commands)
    _add_serve(commands)
    return parser


def _add_extract(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`rasid extract`: contract JSONL in, contract JSONL out."""
    sub = commands.add_parser("extract", help="extract places, actors, times, quantities, events (contract JSONL)")
    sub.add_argument("--input", "-i", type=Path, help="input JSONL file (default: standard input)")
    sub.add_argument("--output", "-o", type=Path, help="output JSONL file (default: standard output)")
    sub.add_argument("--progress", choices=("auto", "always", "never"), default="auto",
                     help="progress bar on standard error (auto: only on a terminal)")
    sub.set_defaults(func=run_extract)


def _add_evaluate(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`rasid evaluate`: score the pipeline against gold annotations."""
    sub = commands.add_parser("evaluate", help="score the pipeline on gold corpora (precision/recall/F1 per layer)")
    sub.add_argument("corpus", type=Path, help="folder holding *.jsonl files each with a sibling gold/ folder")
    sub.add_argument("--json", action="store_true", help="print the scores as JSON")
    sub.add_argument("--details", action="store_true", help="list every miss and spurious item")
    sub.set_defaults(func=run_evaluate)


def _add_demo(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`rasid demo`: the main job on the bundled example reports."""
    sub = commands.add_parser("demo", help="extract the bundled example reports and print a summary")
    sub.add_argument("--input", "-i", type=Path, default=Path("examples/reports/reports.jsonl"),
                     help="contract JSONL to process (default: examples/reports/reports.jsonl)")
    sub.add_argument("--output", "-o", type=Path, default=Path("out/examples.jsonl"),
                     help="where to write the contract output (default: out/examples.jsonl)")
    sub.add_argument("--db", default="sqlite:///rasid.db", help="store to ingest into (default: sqlite:///rasid.db)")
    sub.add_argument("--no-serve", action="store_true", help="stop after the summary instead of serving the dashboard")
    sub.add_argument("--host", default="127.0.0.1", help="dashboard address (default: 127.0.0.1)")
    sub.add_argument("--port", type=int, default=8000, help="dashboard port (default: 8000)")
    sub.set_defaults(func=run_demo)


def _add_serve(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`rasid serve`: the HTTP API and the analyst's dashboard."""
    sub = commands.add_parser("serve", help="serve the HTTP API and the dashboard over a store")
    sub.add_argument("--db", default="sqlite:///rasid.db",
                     help="database URL: sqlite:///FILE (default sqlite:///rasid.db) or postgresql://HOST/DB")
    sub.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    sub.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    sub.add_argument("--token", default=None,
                     help="bearer token for writes (default: $RASID_API_TOKEN; none: writes are refused)")
    sub.set_defaults(func=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    """Serve the API and dashboard until interrupted."""
    import os

    import uvicorn

    from rasid.api import create_app

    token = args.token or os.environ.get("RASID_API_TOKEN") or None
    app = create_app(args.db, token)
    print(f"dashboard: http://{args.host}:{args.port}/  (API docs: /docs; writes {'enabled' if token else 'disabled'})",
          file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def _add_ingest(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`rasid ingest`: HTML, RSS/Atom, WARC and JSONL (files or folders) into the store."""
    sub = commands.add_parser("ingest", help="extract HTML pages, RSS/Atom feeds, WARC archives and JSONL into the store")
    sub.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders to ingest")
    sub.add_argument("--db", default="sqlite:///rasid.db",
                     help="database URL: sqlite:///FILE (default sqlite:///rasid.db) or postgresql://HOST/DB")
    sub.add_argument("--batch-size", type=int, default=50, help="documents per transaction (default: 50)")
    sub.add_argument("--progress", choices=("auto", "always", "never"), default="auto",
                     help="progress bar on standard error (auto: only on a terminal)")
    sub.set_defaults(func=run_ingest)


def _add_reconcile(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`rasid reconcile`: recompute merged events, claim groups, control timeline and wire copies in the store."""
    sub = commands.add_parser("reconcile", help="recompute the cross-document tables: merged events, claim groups, "
                              "control timeline, wire copies (ingest does this after every run)")
    sub.add_argument("--db", default="sqlite:///rasid.db",
                     help="database URL: sqlite:///FILE (default sqlite:///rasid.db) or postgresql://HOST/DB")
    sub.set_defaults(func=run_reconcile)


def run_reconcile(args: argparse.Namespace) -> int:
    """Recompute the store's reconciled tables and print what they hold."""
    from rasid.ingest.reconcile import format_reconciled, reconcile_store
    from rasid.store import open_store

    with open_store(args.db) as store:
        reconciled = reconcile_store(store)
    print(format_reconciled(reconciled))
    return 0


def _add_export(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`rasid export`: the stored record as ACLED CSV, GeoJSON, Parquet tables or contract JSONL."""
    sub = commands.add_parser("export", help="export the stored record (ACLED CSV, GeoJSON, Parquet, JSONL)")
    sub.add_argument("--format", "-f", required=True, choices=("acled", "geojson", "parquet", "jsonl"),
                     help="acled: ACLED columns + low/best/high; geojson: RFC 7946; parquet: a folder of tables")
    sub.add_argument("--db", default="sqlite:///rasid.db",
                     help="database URL: sqlite:///FILE (default sqlite:///rasid.db) or postgresql://HOST/DB")
    sub.add_argument("--output", "-o", type=Path,
                     help="output file (default: standard output); for parquet, a folder (required)")
    sub.set_defaults(func=run_export)


def _add_batch(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`rasid batch`: many JSONL/WARC files through the pipeline on Spark or local processes, into Parquet."""
    sub = commands.add_parser("batch", help="batch extraction of many files into Parquet tables (Spark or local)")
    sub.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                     help="input files or folders (JSONL, JSONL.GZ, WARC), then OUTPUT_DIR last")
    sub.add_argument("--engine", choices=("local", "spark"), default="local",
                     help="local: worker processes on this machine (default); spark: a Spark cluster or local[*]")
    sub.add_argument("--master", help="Spark master URL (default: spark-submit's master, else local[*]; spark engine only)")
    sub.add_argument("--partitions", type=int,
                     help="Spark partitions (default: the cluster's parallelism); local: worker processes")
    sub.add_argument("--overwrite", action="store_true", help="replace a non-empty OUTPUT_DIR")
    sub.set_defaults(func=run_batch)


def run_batch(args: argparse.Namespace) -> int:
    """Run a batch and print its counts; bad records land in the errors table, not in the exit status."""
    from rasid.errors import ConfigurationError
    from rasid.scale import run_batch as batch

    if len(args.paths) < 2:
        raise ConfigurationError("give at least one INPUT and the OUTPUT_DIR")
    if args.master and args.engine != "spark":
        raise ConfigurationError("--master is for --engine spark")
    *inputs, output = args.paths
    manifest = batch(inputs, output, engine=args.engine, master=args.master, partitions=args.partitions,
                     overwrite=args.overwrite)
    print(", ".join(f"{name}: {count}" for name, count in manifest["counts"].items()), f"-> {output}", file=sys.stderr)
    print(f"{manifest['seconds']} s, {manifest['documents_per_second']} documents/s", file=sys.stderr)
    return 0


def run_ingest(args: argparse.Namespace) -> int:
    """Ingest the paths into the store and print the run's summary (bad items are reported, not fatal)."""
    from rasid.errors import ConfigurationError
    from rasid.ingest import format_summary, ingest_paths
    from rasid.store import open_store

    if args.batch_size < 1:
        raise ConfigurationError("--batch-size must be at least 1")
    show = args.progress == "always" or (args.progress == "auto" and sys.stderr.isatty())
    with open_store(args.db) as store:
        summary = ingest_paths(args.paths, store, progress=show, batch_size=args.batch_size)
    print(format_summary(summary))
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write the stored record in the chosen format."""
    from rasid.errors import ConfigurationError
    from rasid.export import write_acled_csv, write_geojson, write_jsonl, write_parquet
    from rasid.store import open_store

    if args.format == "parquet" and args.output is None:
        raise ConfigurationError("--format parquet writes a folder of tables: give it with --output FOLDER")
    with open_store(args.db) as store:
        if args.format == "parquet":
            counts = write_parquet(store, args.output)
            print(", ".join(f"{name}: {count}" for name, count in counts.items()), f"-> {args.output}", file=sys.stderr)
            return 0
        writers = {"acled": write_acled_csv, "geojson": write_geojson, "jsonl": write_jsonl}
        sink: TextIO = args.output.open("w", encoding="utf-8", newline="") if args.output else sys.stdout
        try:
            count = writers[args.format](store, sink)
        finally:
            if args.output:
                sink.close()
    print(f"exported {count} {'documents' if args.format == 'jsonl' else 'events'}", file=sys.stderr)
    return 0


def run_demo(args: argparse.Namespace) -> int:
    """Extract the example reports to a local file and print a readable summary."""
    from rasid.errors import InputError
    from rasid.summary import format_summary, summarize

    if not args.input.exists():
        raise InputError(f"{args.input} not found: run the demo from the repository root or pass --input")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.progress = "auto"
    run_extract(args)
    records = [json.loads(line) for line in args.output.read_text(encoding="utf-8").splitlines() if line]
    print(format_summary(summarize(records)))
    print(f"contract output written to {args.output}")
    _demo_store(args)
    if args.no_serve:
        return 0
    args.token = None
    return run_serve(args)


def _demo_store(args: argparse.Namespace) -> None:
    """Ingest the demo's input into the store the dashboard serves (documents already stored are skipped)."""
    from rasid.ingest import format_summary as ingest_summary
    from rasid.ingest import ingest_paths
    from rasid.store import open_store

    with open_store(args.db) as store:
        summary = ingest_paths([args.input], store)
    print(ingest_summary(summary))
    print(f"stored in {args.db}")


def run_extract(args: argparse.Namespace) -> int:
    """Run extraction line by line, streaming results in input order."""
    from rasid.pipeline import process_lines

    source: BinaryIO = args.input.open("rb") if args.input else sys.stdin.buffer
    sink: TextIO = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    show = args.progress == "always" or (args.progress == "auto" and sys.stderr.isatty())
    failures = 0
    try:
        with tqdm(disable=not show, unit="doc", file=sys.stderr, desc="extract") as bar:
            for record in process_lines(_lines(source)):
                failures += "error" in record
                sink.write(json.dumps(record, ensure_ascii=False) + "\n")
                bar.update(1)
                bar.set_postfix(errors=failures)
    finally:
        if args.input:
            source.close()
        if args.output:
            sink.close()
    return 0


def _lines(source: BinaryIO) -> Iterator[bytes]:
    """Raw lines of a binary stream (decoding is per line, so one bad line cannot stop the run)."""
    yield from source


def run_evaluate(args: argparse.Namespace) -> int:
    """Score the pipeline on every gold corpus under a folder."""
    from rasid.evaluation import evaluate_tree, format_report

    report = evaluate_tree(args.corpus)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(format_report(report, details=args.details))
    return 0


if __name__ == "__main__":
    sys.exit(main())
