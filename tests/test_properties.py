"""Property tests: for any text, normalization and extraction never raise and spans slice back."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.inputs import normalize_text
from flows.nlp.analyze import analyze_texts

NEWS_WORDS = [
    "Karen Donfried",
    "said",
    "told reporters",
    "“",
    "”",
    '"',
    "NATO",
    "she",
    "according to",
    "the U.S.",
    "Moscow",
    ",",
    ".",
    "\n",
    "\n\n",
    "that",
    "He added that",
]

news_like = st.lists(st.one_of(st.sampled_from(NEWS_WORDS), st.text(max_size=12)), max_size=40).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_normalize_never_raises_and_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert "\r" not in once


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(news_like, st.text(max_size=200)))
def test_every_span_slices_back_to_its_text(nlp, raw: str) -> None:
    text = normalize_text(raw)
    analysis = next(analyze_texts(nlp, [text]))
    for row in analysis.sentences + analysis.mentions:
        assert text[row["start_char"] : row["end_char"]] == row["text"]
    for row in analysis.statements:
        for part in ("speaker", "cue", "content"):
            if row[f"{part}_start"] is not None:
                assert text[row[f"{part}_start"] : row[f"{part}_end"]] == row[part]


# --- readers: whatever a file holds and whatever it is called, a run gets articles and rejects ----

SUFFIXES = [
    ".txt",
    ".md",
    ".html",
    ".json",
    ".jsonl",
    ".csv",
    ".parquet",
    ".warc",
    ".warc.gz",
    ".jsonl.gz",
    ".txt.zst",
    ".json.bz2",
    ".jsonl.xz",
    ".tar",
    ".tgz",
    ".pdf",
    "",
]
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text()
    | st.sampled_from(["\ud800 said", "x \udfff"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["text", "title", "url", "published", "author", "id", "x"]) | st.text(max_size=5),
            children,
            max_size=5,
        )
    ),
    max_leaves=12,
)
file_names = st.binary(min_size=1, max_size=20).filter(
    lambda name: b"/" not in name and b"\x00" not in name and name not in (b".", b"..")
)


def _storable(item: object) -> None:
    """Every string of an article or reject can be written to Parquet (valid UTF-8)."""
    import pyarrow as pa

    values = [v for v in vars(item).values() if isinstance(v, str)]
    pa.array(values, pa.string())
    for value in values:
        value.encode("utf-8")


def _read_all(folder) -> list[object]:  # type: ignore[no-untyped-def]
    from flows.inputs import FileStat, read_inputs, scan

    items: list[object] = []
    for found in scan([folder]):
        items.append(found)
        if isinstance(found, FileStat):
            items += list(read_inputs(found.path))
    for item in items:
        if not isinstance(item, FileStat):
            _storable(item)
    return items


@settings(max_examples=80, deadline=None)
@given(file_names, st.sampled_from(SUFFIXES), st.binary(max_size=400))
def test_any_bytes_under_any_name_become_articles_or_rejects(name: bytes, suffix: str, data: bytes) -> None:
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        if name.startswith(b"."):
            name = b"_" + name
        with open(os.path.join(os.fsencode(folder), name + suffix.encode()), "wb") as out:
            out.write(data)
        assert _read_all(folder)


@settings(max_examples=80, deadline=None)
@given(st.lists(json_values, max_size=4), st.integers(min_value=0, max_value=3000), st.booleans())
def test_any_json_shape_becomes_articles_or_rejects(values: list[object], depth: int, lines: bool) -> None:
    import json
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        nested = "[" * depth + "]" * depth
        if lines:
            body = "\n".join([json.dumps(v) for v in values] + [nested])
        else:
            body = json.dumps(values)[:-1] + (", " if values else "") + nested + "]"
        with open(os.path.join(folder, "dump.jsonl" if lines else "dump.json"), "w", encoding="utf-8") as out:
            out.write(body)
        assert _read_all(folder)
