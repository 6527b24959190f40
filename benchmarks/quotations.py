"""What grouping quotations costs: at parse, per run, and when the views are read.

    python benchmarks/quotations.py [--bbc ../shared/data/bbc/txt] [--warehouse DIR] [--times 10]

- builds (or reuses) a warehouse of the whole BBC corpus with `presstables run --workers 2` and
  takes its cold run's time;
- times the keys a parse computes (`quote_of` and `quote_keys` over every statement of the corpus,
  in this process), as a share of that cold run, and for one article;
- times reading the views (`quotations`, every row) on the BBC warehouse, and on a corpus `--times`
  as large: the same statements cloned under new ids, each clone with a quote changed the way
  outlets change them (one in three trimmed at the front, one in three with a word replaced), in
  an in-memory DuckDB that runs the same view SQL over the cloned rows.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.throughput import DEFAULT_BBC, measure_tree  # noqa: E402
from flows.nlp.quotations import quote_keys, quote_of  # noqa: E402
from flows.views import connect, view_files  # noqa: E402
from flows.warehouse import Warehouse  # noqa: E402

VIEWS = ("quotation_occurrences", "quotations")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bbc", type=Path, default=DEFAULT_BBC)
    parser.add_argument("--warehouse", type=Path, default=Path(tempfile.gettempdir()) / "presstables-bbc-quotations")
    parser.add_argument("--times", type=int, default=10, help="size of the synthetic corpus, in BBC corpora")
    args = parser.parse_args(argv)
    presstables = str(Path(sys.executable).with_name("presstables"))

    print(f"== the whole BBC corpus ({args.bbc}) into {args.warehouse}")
    cold_seconds = None
    if not (args.warehouse / "catalog.json").exists():
        cold = measure_tree(
            "cold", [presstables, "run", str(args.bbc), "--warehouse", str(args.warehouse), "--workers", "2", "--quiet"]
        )
        cold_seconds = cold.seconds
        print(f"  cold run, 2 workers: {cold.seconds:.1f} s, peak {cold.peak_mb:.0f} MB")
    else:
        print("  reusing the warehouse (its cold run is not timed again: pass a new --warehouse)")

    con = connect(Warehouse(args.warehouse))
    statements = con.sql("select doc_id, statement_id, content, kind from statements").fetchall()
    con.close()

    started = time.perf_counter()
    n_quotes = 0
    for _, _, content, kind in statements:
        quote = quote_of(content, kind)
        n_quotes += quote is not None
        quote_keys(quote)
    keys_seconds = time.perf_counter() - started
    per_doc: dict[str, list[tuple[str, str]]] = {}
    for doc_id, _, content, kind in statements:
        per_doc.setdefault(doc_id, []).append((content, kind))
    biggest = max(per_doc.values(), key=len)
    started = time.perf_counter()
    for content, kind in biggest:
        quote_keys(quote_of(content, kind))
    one_article = time.perf_counter() - started
    share = f", {keys_seconds / cold_seconds:.2%} of the cold run" if cold_seconds else ""
    print(
        f"  keys at parse: {keys_seconds:.2f} s for {len(statements):,} statements ({n_quotes:,} with quoted words)"
        f"{share}; {one_article * 1000:.2f} ms for the article with the most statements ({len(biggest)})"
    )

    # Reading the views: the matching happens here.
    con = connect(Warehouse(args.warehouse))
    try:
        bbc = time_views(con)
        summary = con.sql(
            "select count(*), count(*) filter (where n_documents > 1), max(n_documents) from quotations"
        ).fetchall()[0]
    finally:
        con.close()
    print(
        f"  reading quotations: {bbc['quotations']:.2f} s ({bbc['rows']:,} quotations, {summary[1]:,} in two "
        f"documents or more, the most repeated in {summary[2]}); quotation_occurrences {bbc['quotation_occurrences']:.2f} s"
    )

    print(f"== {args.times}× the BBC corpus, cloned with changed quotes, the same view SQL in memory")
    synthetic = synthetic_views(args.warehouse, args.times)
    print(
        f"  {synthetic['n_statements']:,} statements: reading quotations {synthetic['quotations']:.2f} s "
        f"({synthetic['rows']:,} quotations), quotation_occurrences {synthetic['quotation_occurrences']:.2f} s; "
        f"{synthetic['quotations'] / max(bbc['quotations'], 1e-9):.1f}× the BBC corpus's time for "
        f"{args.times}× its statements"
    )
    print(json.dumps({"keys_seconds": keys_seconds, "cold_seconds": cold_seconds, "bbc": bbc, "synthetic": synthetic}))
    return 0


def time_views(con) -> dict[str, float]:  # type: ignore[no-untyped-def]
    times: dict[str, float] = {}
    for view in VIEWS:
        started = time.perf_counter()
        rows = con.sql(f"select * from {view}").fetchall()
        times[view] = time.perf_counter() - started
        times["rows"] = len(rows) if view == "quotations" else times.get("rows", 0)
    return times


def synthetic_views(warehouse: Path, times: int) -> dict[str, float]:
    """The warehouse's statements and documents cloned `times` over, quotes changed in the clones,
    with the views' SQL run over them in an in-memory DuckDB."""
    import duckdb
    import pyarrow as pa

    con = connect(Warehouse(warehouse))
    try:
        statements = (
            con.sql(
                "select statement_id, doc_id, speaker_name, speaker_entity_id, content, kind, quote from statements"
            )
            .to_arrow_table()
            .to_pylist()
        )
        documents = con.sql("select doc_id, published, url, source from documents").to_arrow_table().to_pylist()
    finally:
        con.close()
    rng = random.Random(7)
    rows = []
    for copy in range(times):
        for s in statements:
            quote = s["quote"]
            if copy and quote:
                words = quote.split()
                if len(words) > 8 and copy % 3 == 1:
                    quote = " ".join(words[2:])  # trimmed at the front
                elif len(words) > 8 and copy % 3 == 2:
                    words[rng.randrange(len(words))] = "indeed"  # a word replaced
                    quote = " ".join(words)
            rows.append(
                {
                    **s,
                    "statement_id": f"{s['statement_id']}-{copy}",
                    "doc_id": f"{s['doc_id']}-{copy}",
                    "quote": quote,
                    "quote_keys": quote_keys(quote),
                    "batch_id": "b",
                }
            )
    docs = [{**d, "doc_id": f"{d['doc_id']}-{copy}", "batch_id": "b"} for copy in range(times) for d in documents]
    mem = duckdb.connect()
    mem.register("statements_rows", pa.Table.from_pylist(rows))
    mem.register("documents_rows", pa.Table.from_pylist(docs))
    mem.execute("create view statements as select * exclude (quote_keys, batch_id) from statements_rows")
    # (BBC texts have no dates: the column would be of Arrow's null type)
    mem.execute(
        "create view documents_typed as select doc_id, published::date as published, url::varchar as url, "
        "source, batch_id from documents_rows"
    )
    mem.execute("create view documents as select * exclude (batch_id) from documents_typed")
    mem.execute("create table tombstones (doc_id varchar, batch_id varchar)")
    sources = {"statements": "statements_rows", "documents": "documents_typed", "tombstones": "tombstones"}
    for view in VIEWS:
        sql = view_files()[view]
        for table, name in sources.items():
            sql = sql.replace("{{ source('" + table + "') }}", name)
        mem.execute(f"create view {view} as {sql}")
    result = time_views(mem)
    result["n_statements"] = len(rows)
    mem.close()
    return result


if __name__ == "__main__":
    sys.exit(main())
