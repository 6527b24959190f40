"""Publish a new catalog: build its views, test its keys, then commit and swap the views in.

Order matters for readers and for crashes: the views of the new catalog are built and tested
under a temporary name first (a failing test commits nothing); the catalog is then replaced in
one rename (the commit point); the views database follows in one rename and the catalog records
that it did (a run killed in between leaves the previous views, which the next run replaces);
only then are files that no catalog names deleted, and those the previous catalog named are kept
one run longer for readers that opened the previous views.

The views name their files by absolute path: a warehouse moved or copied to another folder gets
its views rebuilt for that folder by the first run or reader that can write it (`refresh_views`).
"""

from __future__ import annotations

from flows import catalog as catalogs
from flows import checks, settings
from flows.catalog import Catalog
from flows.faults import pause_point
from flows.schema import ALL_TABLES
from flows.views import connect_file, publish_views, views_stale
from flows.warehouse import DATABASE, Warehouse, WarehouseBusy

TABLE_FOLDERS = tuple(ALL_TABLES)


def open_catalog(store: Warehouse) -> Catalog:
    """The committed catalog, with the files an interrupted run left behind removed, and the views
    rebuilt when a run was killed between its commit and its views, or when they were built in
    another folder."""
    store.ensure_layout()
    catalog = catalogs.load(store.root)
    catalogs.collect_garbage(store.root, catalog, TABLE_FOLDERS)
    if catalog.views_run != catalog.run or not store.database.exists() or views_stale(store):
        publish_views(store, catalog, threads=settings.CORPUS_STEP_THREADS)
        catalog.views_run = catalog.run
        catalogs.commit(store.root, catalog)
    return catalog


def refresh_views(store: Warehouse, reason: str) -> bool:
    """Rebuild stale views in place, under the run lock. False when the warehouse cannot be
    written now: a run holds it, or the folder is read-only."""
    if not (store.root / catalogs.CATALOG).exists():
        raise FileNotFoundError(
            f"{store.database} cannot be read here ({reason}) and {store.root} has no {catalogs.CATALOG}: "
            "copy the whole warehouse folder"
        )
    try:
        with store.lock():
            open_catalog(store)
    except (WarehouseBusy, OSError):
        return False
    return True


def commit_catalog(store: Warehouse, before: Catalog, after: Catalog) -> list[checks.CheckResult]:
    """Publish `after` in place of `before` unless a corpus-wide key test fails on it."""
    tmp = store.database.with_name(f".tmp-next-{DATABASE}")
    publish_views(store, after, target=tmp, threads=settings.CORPUS_STEP_THREADS)
    con = connect_file(tmp, threads=settings.CORPUS_SCAN_THREADS, memory=settings.CORPUS_STEP_MEMORY)
    try:
        results = checks.run_checks(con, checks.GLOBAL)
    finally:
        con.close()
    if any(not r.passed for r in results):
        tmp.unlink(missing_ok=True)
        return results
    after.retained = sorted(before.referenced() - after.referenced())
    after.views_run = before.views_run
    catalogs.commit(store.root, after)
    pause_point("commit")
    tmp.replace(store.database)
    after.views_run = after.run
    catalogs.commit(store.root, after)
    catalogs.collect_garbage(store.root, after, TABLE_FOLDERS)
    return results
