"""Parquet and CSV files of articles, one per row (`path#row`, counting from 1), read a batch of
rows at a time. The text column is `text` or another common name, or the one named with
`--text-column`; a file without it is one `no_text_column` reject."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from typing import IO

from flows.inputs.model import Article, Fields, Reject
from flows.inputs.records import ORIGIN_FIELDS, describe_text_field, field_names, record_article

ROWS_PER_BATCH = 256
MAX_FIELD_BYTES = 50 * 1024 * 1024


def _no_text_column(source: str, fields: Fields, columns: list[str]) -> Reject:
    return Reject(
        source,
        "no_text_column",
        f"no text column ({describe_text_field(fields)}) among {', '.join(columns) or 'no columns'}; "
        "name it with --text-column",
    )


def read_parquet(source: str, stream: IO[bytes], fields: Fields) -> Iterator[Article | Reject]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        reader = pq.ParquetFile(stream)
    except (pa.ArrowException, OSError) as exc:
        yield Reject(source, "bad_parquet", f"not a readable Parquet file: {exc}")
        return
    columns = list(reader.schema_arrow.names)
    names = field_names(fields, columns)
    if "text" not in names:
        yield _no_text_column(source, fields, columns)
        return
    wanted = sorted(set(names.values()) | {c for c in ORIGIN_FIELDS if c in columns})
    row = 0
    try:
        for batch in reader.iter_batches(batch_size=ROWS_PER_BATCH, columns=wanted):
            for record in batch.to_pylist():
                row += 1
                yield record_article(f"{source}#{row}", record, fields, names)
    except (pa.ArrowException, OSError) as exc:
        yield Reject(source, "bad_parquet", f"the file is corrupt after row {row}: {exc}")


def read_csv(source: str, stream: IO[bytes], fields: Fields) -> Iterator[Article | Reject]:
    """A CSV file with a header row, in UTF-8 (bytes that are not UTF-8 become U+FFFD)."""
    csv.field_size_limit(MAX_FIELD_BYTES)
    buffered = stream if isinstance(stream, io.BufferedIOBase) else io.BufferedReader(stream)  # type: ignore[arg-type,type-var]
    text = io.TextIOWrapper(buffered, encoding="utf-8", errors="replace", newline="")
    reader = csv.reader(text)
    row = 0
    try:
        header = next(reader, None)
        if header is None:
            yield Reject(source, "empty", "the CSV file has no header row")
            return
        if header and header[0].startswith(codecs.BOM_UTF8.decode()):
            header[0] = header[0][1:]
        names = field_names(fields, header)
        if "text" not in names:
            yield _no_text_column(source, fields, header)
            return
        for values in reader:
            row += 1
            if not values:
                continue
            yield record_article(f"{source}#{row}", dict(zip(header, values)), fields, names)
    except csv.Error as exc:
        yield Reject(source, "bad_csv", f"the CSV file cannot be read after row {row}: {exc}")
