"""Scale: what a run costs on a warehouse of 10k, 100k or 1M articles, stage by stage.

    python benchmarks/scale.py [--docs 10000 100000 1000000] [--bbc ../shared/data/bbc/txt]

For each N it builds a warehouse of N articles without parsing them: rows cloned from real parsed
BBC articles under new ids (each clone's text ends with a reference line of its own, so its id is
the hash of its text, as for any article), laid out in segments as tiered compaction leaves them,
and matching input files, one per article in nested folders, as scrapers write them. Then it runs
`presstables run` (one process each: wall time, peak memory of the largest process, and the run's
own seconds per stage) with nothing changed, one input changed, 1% new inputs (parsed for real,
two workers) and 1% removed, and times the two queries analysts run first from the DuckDB CLI.
It prints each stage's time at each N with the growth factor from one N to the next. Last, on the
smallest N, a series of runs that each add 0.1% and the bytes compaction wrote over them,
relative to the warehouse's final size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from throughput import DEFAULT_BBC, measure_tree  # noqa: E402

from flows import catalog as catalogs  # noqa: E402
from flows import schema, settings  # noqa: E402
from flows.catalog import Catalog, Segment  # noqa: E402
from flows.views import parquet_source, publish_views, sql_literal  # noqa: E402
from flows.warehouse import Warehouse  # noqa: E402

TEMPLATES = 300
PER_FOLDER = 100
NEW_SENTENCE = "\nThe minister said on Tuesday that the figures would be revised.\n"
QUERIES = {
    "top 10 speakers": "select speaker_name, n_statements from speakers order by n_statements desc limit 10",
    "every statement of one speaker": "select doc_id, cue, content from statements where speaker_name = {speaker}",
}


def clone_text(text: str, i: int) -> str:
    return text.rstrip("\n") + f"\n\nRef {i:07d}."


def clone_path(root: Path, i: int) -> Path:
    return root / f"{i // (PER_FOLDER * 100):03d}" / f"{(i // PER_FOLDER) % 100:02d}" / f"{i:07d}.txt"


# --- the template: real parsed articles ----------------------------------------------------------


def template_warehouse(work: Path, bbc: Path, presstables: str) -> Path:
    folder = work / "template"
    if (folder / "warehouse" / "catalog.json").exists():
        return folder / "warehouse"
    corpus = folder / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for path in sorted(bbc.glob("*.txt"))[:TEMPLATES]:
        shutil.copy(path, corpus / path.name)
    subprocess.run(
        [presstables, "run", str(corpus), "--warehouse", str(folder / "warehouse"), "--workers", "2", "--quiet"],
        check=True,
    )
    return folder / "warehouse"


# --- generation ----------------------------------------------------------------------------------


def tier_layout(n_docs: int, fanout: int) -> list[tuple[int, int]]:
    """(level, documents) per segment, as tiered compaction leaves a warehouse of n_docs: the
    digits of its number of batches in base `fanout`, highest level first."""
    batches = math.ceil(n_docs / settings.BATCH_DOCS)
    layout = []
    for level in range(int(math.log(max(batches, 1), fanout)) + 1, -1, -1):
        size = fanout**level
        while batches >= size:
            layout.append((level, size * settings.BATCH_DOCS))
            batches -= size
    return layout


def generate(n: int, folder: Path, template: Path) -> tuple[Path, Warehouse]:
    """N cloned articles: the input files and a warehouse that holds them, with its state."""
    import duckdb
    import pyarrow as pa

    started = time.perf_counter()
    articles = folder / "articles"
    store = Warehouse(folder / "warehouse")
    store.ensure_layout()
    tstore, tcat = Warehouse(template), catalogs.load(template)
    con = duckdb.connect()
    con.execute("set memory_limit = '3GB'")
    con.execute(
        "create table tdoc as select row_number() over (order by doc_id) - 1 as k, * "
        f"from {parquet_source(tstore, tcat, 'documents')} "
        "where error is null and language = 'en' and n_sentences > 0"
    )
    t = con.sql("select count(*) from tdoc").fetchall()[0][0]
    for table in ("sentences", "mentions", "statements"):
        con.execute(
            f"create table t_{table} as select tdoc.k, x.* from {parquet_source(tstore, tcat, table)} x "
            "join tdoc using (doc_id)"
        )
    con.execute(
        "create table tpara as select k, coalesce(max(paragraph_idx), -1) + 1 as para from t_sentences group by k"
    )
    root = sql_literal(str(articles.resolve()))

    def clones(a: int, b: int) -> str:
        return f"""(
            select
                r.i,
                tdoc.k,
                rtrim(tdoc.text, chr(10)) || chr(10) || chr(10) || 'Ref ' || lpad(r.i::varchar, 7, '0') || '.' as text2,
                length(rtrim(tdoc.text, chr(10))) + 2 as ref_start,
                substr(sha256(text2), 1, 16) as doc_id,
                format('{{}}/{{:03d}}/{{:02d}}/{{:07d}}.txt', {root}, r.i // {PER_FOLDER * 100},
                       (r.i // {PER_FOLDER}) % 100, r.i) as path,
                'g' || lpad((r.i // {settings.BATCH_DOCS})::varchar, 6, '0') as batch_id,
            from range({a}, {b}) r(i)
            join tdoc on tdoc.k = r.i % {t}
        )"""

    selects = {
        "documents": """select c.doc_id, c.path as source, d.title, d.url, d.author, d.published, d.origin,
            d.language, c.text2 as text, length(c.text2)::int as n_chars, (d.n_sentences + 1)::int as n_sentences,
            d.error, d.processed_at, d.pipeline_version, c.batch_id
            from {clones} c join tdoc d using (k)""",
        "sentences": """select c.doc_id, s.sentence_idx, s.paragraph_idx, s.start_char, s.end_char, s.text, c.batch_id
            from {clones} c join t_sentences s using (k)
            union all
            select c.doc_id, d.n_sentences::int, p.para::int, c.ref_start::int, length(c.text2)::int,
                'Ref ' || lpad(c.i::varchar, 7, '0') || '.', c.batch_id
            from {clones} c join tdoc d using (k) join tpara p using (k)""",
        "mentions": "select c.doc_id, m.* exclude (k, doc_id, batch_id), c.batch_id from {clones} c join t_mentions m using (k)",
        "statements": """select c.doc_id || '-' || lpad(s.statement_idx::varchar, 4, '0') as statement_id, c.doc_id,
            s.* exclude (k, doc_id, batch_id, statement_id), c.batch_id
            from {clones} c join t_statements s using (k)""",
    }
    segments = []
    start = 0
    for level, size in tier_layout(n, settings.COMPACTION_FANOUT):
        end = min(start + size, n)
        segment = Segment(
            id=f"g{level}-{start:07d}",
            level=level,
            batches=[f"g{b:06d}" for b in range(start // settings.BATCH_DOCS, math.ceil(end / settings.BATCH_DOCS))],
            n_documents=end - start,
        )
        for table, table_schema in schema.BATCH_TABLES.items():
            sql = selects[table].format(clones=clones(start, end))
            columns = ", ".join(table_schema.names)
            target = store.path(segment.file(table))
            con.execute(
                f"copy (select {columns} from ({sql})) to {sql_literal(str(target))} "
                f"(format parquet, compression zstd, row_group_size {5_000 if table == 'documents' else 50_000})"
            )
        segments.append(segment)
        start = end

    texts = [r[0] for r in con.sql("select text from tdoc order by k").fetchall()]
    rows: dict[str, list[Any]] = {"source": [], "path": [], "size": [], "mtime_ns": [], "doc_id": []}
    for i in range(n):
        path = clone_path(articles, i)
        if i % PER_FOLDER == 0:
            path.parent.mkdir(parents=True, exist_ok=True)
        text = clone_text(texts[i % t], i)
        path.write_text(text, encoding="utf-8")
        stat = path.stat()
        for key, value in zip(rows, (str(path), str(path), stat.st_size, stat.st_mtime_ns, _doc_id(text))):
            rows[key].append(value)
    now = dt.datetime.now(dt.UTC)
    con.register("generated", pa.table(rows))
    inputs = {}
    for b in range(16**settings.INPUT_BUCKET_DIGITS):
        bucket = f"{b:x}"
        name = f"inputs/{bucket}-1.parquet"
        con.execute(
            f"copy (select source, path, size, mtime_ns, doc_id, null::varchar as reason, null::varchar as detail, "
            f"$now::timestamptz as seen_at from generated where substr(md5(path), 1, {settings.INPUT_BUCKET_DIGITS}) "
            f"= $bucket order by source) to {sql_literal(str(store.path(name)))} (format parquet, compression zstd)",
            {"now": now, "bucket": bucket},
        )
        inputs[bucket] = name
    del rows

    # The entity index: each template's mentions as many times as it was cloned.
    mult = f"({n} // {t} + (k < {n} % {t})::int)"
    state = {"entity_forms": "entity_forms/1.parquet", "entity_docs": "entity_docs/1.parquet"}
    con.execute(
        f"copy (select entity_id, label, entity_name, text, sum({mult})::bigint as n_mentions from t_mentions "
        f"where entity_id is not null group by all order by all) to {sql_literal(str(store.path(state['entity_forms'])))}"
    )
    con.execute(
        f"copy (select entity_id, sum({mult})::bigint as n_documents from (select distinct k, entity_id from t_mentions "
        f"where entity_id is not null) group by all order by all) to {sql_literal(str(store.path(state['entity_docs'])))}"
    )
    counts = {
        "documents": n,
        "sources": n,
        "rejects": 0,
        **{
            table: int(con.sql(f"select sum({mult}) from t_{table}").fetchall()[0][0] or 0)
            for table in ("sentences", "mentions", "statements")
        },
    }
    counts["sentences"] += n
    con.close()

    from flows.state import define, derive_merges, scratch

    merge_con = scratch()
    define(
        merge_con, "entity_forms", f"select * from read_parquet({sql_literal(str(store.path(state['entity_forms'])))})"
    )
    define(
        merge_con, "entity_docs", f"select * from read_parquet({sql_literal(str(store.path(state['entity_docs'])))})"
    )
    derive_merges(merge_con, store, state, 1, counts)
    merge_con.close()

    catalog = Catalog(
        run=1,
        segments=segments,
        inputs=inputs,
        state=state,
        rows=counts,
        pipeline_versions=tcat.pipeline_versions,
        paths=[str(articles.resolve())],
        views_run=1,
    )
    catalog.summary = {
        "warehouse": str(store.root),
        **{k: 0 for k in ("new", "changed", "removed", "rejected", "parsed", "failed_documents")},
        "unchanged": n,
        "rows": {
            k: counts.get(k, 0)
            for k in ("documents", "sources", "rejects", "sentences", "mentions", "entities", "statements")
        },
        "rejects_by_reason": {},
        "failed_checks": [],
        "seconds": {},
    }
    publish_views(store, catalog)
    catalogs.commit(store.root, catalog)
    print(
        f"  generated {n:,} articles in {time.perf_counter() - started:.0f} s: {warehouse_bytes(store) / 1e6:,.0f} MB",
        flush=True,
    )
    return articles, store


def _doc_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def warehouse_bytes(store: Warehouse) -> int:
    catalog = catalogs.load(store.root)
    return sum(store.path(name).stat().st_size for name in catalog.referenced())


# --- measurements --------------------------------------------------------------------------------


def run(presstables: str, articles: Path, store: Warehouse, name: str, workers: int = 1) -> dict[str, Any]:
    os.sync()  # files just written are on disk, so their write-back does not land in the run's time
    cmd = [presstables, "run", str(articles), "--warehouse", str(store.root), "--json", "--workers", str(workers)]
    measure = measure_tree(name, cmd, dict(os.environ))
    summary = json.loads(measure.output)
    seconds = summary.get("seconds", {})
    result = {"wall": measure.seconds, "peak_mb": measure.peak_mb, **{f"run {k}": v for k, v in seconds.items()}}
    result["outside parse"] = measure.seconds - seconds.get("parse", 0.0)
    print(f"  {name}: {measure.seconds:.1f} s, peak {measure.peak_mb:.0f} MB, stages {_stages(seconds)}", flush=True)
    return result


def _stages(seconds: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.2f}" for k, v in seconds.items())


def new_articles(articles: Path, bbc: Path, start: int, count: int) -> None:
    """`count` real BBC articles as new inputs (a reference line makes each text new)."""
    sources = sorted(bbc.glob("*.txt"))
    for j in range(count):
        i = start + j
        path = clone_path(articles, i)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = sources[(TEMPLATES + j) % len(sources)].read_text(encoding="utf-8")
        path.write_text(clone_text(text, i), encoding="utf-8")


def query_times(store: Warehouse) -> dict[str, float]:
    cli = shutil.which("duckdb") or str(Path(sys.executable).with_name("duckdb"))
    if not Path(cli).exists():
        raise SystemExit("the DuckDB CLI is missing: pip install duckdb-cli==1.5.6 (the bench extra)")
    db = str(store.database)
    top = subprocess.run(
        [cli, "-readonly", "-csv", db, "-c", QUERIES["top 10 speakers"]], capture_output=True, text=True, check=True
    )
    speaker = top.stdout.splitlines()[1].rsplit(",", 1)[0].strip('"')
    times = {}
    for name, sql in QUERIES.items():
        sql = sql.format(speaker=sql_literal(speaker))
        started = time.perf_counter()
        subprocess.run([cli, "-readonly", db, "-c", sql], capture_output=True, check=True)
        times[f"query: {name}"] = time.perf_counter() - started
    print("  queries: " + ", ".join(f"{k} {v:.2f} s" for k, v in times.items()), flush=True)
    return times


def measure_scale(n: int, work: Path, template: Path, bbc: Path, presstables: str) -> dict[str, dict[str, Any]]:
    folder = work / f"n{n}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    print(f"\n{n:,} articles", flush=True)
    articles, store = generate(n, folder, template)
    results: dict[str, dict[str, Any]] = {}
    results["nothing changed"] = run(presstables, articles, store, "nothing changed")
    one = clone_path(articles, n // 2)
    with one.open("a", encoding="utf-8") as handle:
        handle.write(NEW_SENTENCE)
    results["one changed"] = run(presstables, articles, store, "one input changed")
    new_articles(articles, bbc, n, n // 100)
    results["1% new"] = run(presstables, articles, store, "1% new inputs (2 workers)", workers=2)
    for i in range(0, n, 100):
        clone_path(articles, i).unlink()
    results["1% removed"] = run(presstables, articles, store, "1% removed")
    results["queries"] = query_times(store)
    results["size"] = {"warehouse MB": warehouse_bytes(store) / 1e6}
    return results


def compaction_series(n: int, work: Path, template: Path, bbc: Path, runs: int) -> dict[str, float]:
    """`runs` runs that each add 0.1% new articles, in one process (one temporary Prefect server):
    the bytes compaction wrote over them, relative to the final warehouse size."""
    from flows.cli import configure_prefect

    configure_prefect()  # quiet, before Prefect is imported
    from flows.build_warehouse import build_warehouse
    from flows.startup import prefect_api

    folder = work / f"series{n}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    print(f"\ncompaction over {runs} runs that each add 0.1% to {n:,} articles", flush=True)
    articles, store = generate(n, folder, template)
    os.environ["PRESSTABLES_PROGRESS"] = "0"
    written = segments_written = 0
    step = max(n // 1000, 1)
    with prefect_api() as server:
        if server is not None:
            server.wait(120)
        for r in range(runs):
            new_articles(articles, bbc, n + r * step, step)
            summary = build_warehouse(paths=[articles], warehouse=store.root)
            written += summary["compaction"]["bytes_written"]
            segments_written += summary["compaction"]["segments_merged"]
    final = warehouse_bytes(store)
    print(
        f"  compaction wrote {written / 1e6:,.0f} MB over {runs} runs ({segments_written} segments merged); "
        f"the warehouse is {final / 1e6:,.0f} MB: {written / final:.2f} × its size",
        flush=True,
    )
    return {"compaction MB": written / 1e6, "warehouse MB": final / 1e6, "ratio": written / final}


def print_table(all_results: dict[int, dict[str, dict[str, Any]]]) -> None:
    ns = sorted(all_results)
    header = (
        f"{'stage':<22} {'measure':<26}"
        + "".join(f"{n:>12,}" for n in ns)
        + "".join(f"{f'{a // 1000}k→{b // 1000}k':>12}" for a, b in zip(ns, ns[1:]))
    )
    print("\n" + header)
    print("-" * len(header))
    stages = list(all_results[ns[0]])
    for stage in stages:
        measures = list(dict.fromkeys(m for n in ns for m in all_results[n].get(stage, {})))
        for measure in measures:
            values = [all_results[n].get(stage, {}).get(measure) for n in ns]
            cells = "".join(f"{v:>12.2f}" if v is not None else f"{'':>12}" for v in values)
            growth = "".join(
                f"{b / a:>11.2f}×" if a and b is not None else f"{'':>12}" for a, b in zip(values, values[1:])
            )
            print(f"{stage:<22} {measure:<26}{cells}{growth}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--bbc", type=Path, default=DEFAULT_BBC)
    parser.add_argument("--work", type=Path, default=Path("/tmp/presstables-scale"))
    parser.add_argument("--series-runs", type=int, default=100, help="runs of the compaction series (0: skip)")
    parser.add_argument("--keep", action="store_true", help="keep the generated warehouses")
    args = parser.parse_args(argv)
    presstables = str(Path(sys.executable).with_name("presstables"))
    args.work.mkdir(parents=True, exist_ok=True)
    template = template_warehouse(args.work, args.bbc, presstables)
    results = {}
    for n in sorted(args.docs):
        results[n] = measure_scale(n, args.work, template, args.bbc, presstables)
        if not args.keep:
            shutil.rmtree(args.work / f"n{n}", ignore_errors=True)
    print_table(results)
    if args.series_runs:
        series = compaction_series(min(args.docs), args.work, template, args.bbc, args.series_runs)
        print(f"compaction series: {json.dumps({k: round(v, 2) for k, v in series.items()})}")
        if not args.keep:
            shutil.rmtree(args.work / f"series{min(args.docs)}", ignore_errors=True)
    print(
        "\ntargets at 1M: nothing changed ≤ 15 s wall; one changed ≤ 30 s wall; 1% new: outside parse ≤ 25% of "
        "parse; peak ≤ 1,000 MB at every N; one changed, outside parse, 100k→1M ≤ 2×; each query ≤ 2 s; "
        "compaction over 100 runs of 0.1% ≤ 4× the warehouse"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
