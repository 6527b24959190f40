"""Quotations across the corpus: the quoted words of a statement, their keys, and the views that
group the same remark however many outlets repeat it, with their marks, trimming and attribution."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.nlp.quotations import MIN_WORDS, normalize, quote_keys, quote_of
from flows.views import connect, fetch
from flows.warehouse import Warehouse


@pytest.mark.parametrize(
    ("content", "kind", "quote"),
    [
        pytest.param(
            "“I love cats!” insists Burton. “I absolutely do.”",
            "direct",
            "I love cats! I absolutely do.",
            id="split-quotation-without-its-attribution",
        ),
        pytest.param(
            "that the US will “decide on a date” together with Russia",
            "mixed",
            "decide on a date",
            id="mixed-keeps-the-quoted-words",
        ),
        pytest.param(
            '"Foolhardy provocation deserves harsh punishment", it added',
            "direct",
            "Foolhardy provocation deserves harsh punishment",
            id="straight-marks",
        ),
        pytest.param("«Nous ne céderons pas» a déclaré le ministre", "direct", "Nous ne céderons pas", id="guillemets"),
        pytest.param(
            "“We will not stop until the job is done", "direct", "We will not stop until the job is done", id="unclosed"
        ),
        pytest.param("that talks would resume in January", "indirect", None, id="indirect-has-no-quote"),
        pytest.param('"..."', "direct", None, id="punctuation-only"),
        pytest.param("   ", "direct", None, id="whitespace"),
        pytest.param("", "mixed", None, id="empty"),
    ],
)
def test_the_quote_is_only_the_words_in_quotation_marks(content: str, kind: str, quote: str | None) -> None:
    assert quote_of(content, kind) == quote


def test_normalized_words_set_marks_case_punctuation_and_ellipses_aside() -> None:
    assert normalize("“As soon as possible… in the NEW year.”") == normalize('"as soon as possible in the new year"')


def test_short_quotes_have_only_their_words_hash_and_long_ones_stay_bounded() -> None:
    assert len(quote_keys("fake news") or []) == 1
    assert len(quote_keys(" ".join(["word"] * (MIN_WORDS - 1))) or []) == 1
    whole_article = " ".join(f"word{n}" for n in range(50_000))
    keys = quote_keys(whole_article) or []
    assert 1 < len(keys) < 2_000


def test_a_trimmed_quote_keeps_the_fingerprints_of_its_words() -> None:
    full = quote_keys("There are other things in those documents that the Russians know will be unacceptable") or []
    # Winnowing's promise: a part of at least SHINGLE + WINDOW - 1 words shares a fingerprint.
    trimmed = quote_keys("in those documents that the Russians know will be unacceptable") or []
    other = quote_keys("There are some things that we are prepared to work on with our allies") or []
    assert set(trimmed[1:]) & set(full[1:])
    assert not set(other[1:]) & set(full[1:])


# --- the views on seeds/: three outlets, one remark misattributed ---------------------------------


def _rows(warehouse: Path, sql: str) -> list[dict[str, object]]:
    con = connect(Warehouse(warehouse))
    try:
        columns, rows = fetch(con, sql)
    finally:
        con.close()
    return [dict(zip(columns, row)) for row in rows]


def test_one_remark_repeated_by_three_outlets_is_one_quotation(seeds_warehouse: Path) -> None:
    (row,) = _rows(seeds_warehouse, "select * from quotations where text like 'There are some things%'")
    assert row["n_occurrences"] == 3 and row["n_documents"] == 3 and row["n_sources"] == 3
    # Chosen across the outlets: the two that name Donfried outvote the one that names Stoltenberg,
    # and the disagreement shows.
    assert row["speaker_name"] == "Karen Donfried"
    assert row["n_speakers"] == 2 and row["speaker_names"] == ["Jens Stoltenberg", "Karen Donfried"]
    assert str(row["first_published"]) == "2021-12-22"
    matches = _rows(
        seeds_warehouse,
        f"select match, speaker_name from quotation_occurrences where quotation_id = '{row['quotation_id']}' "
        "order by match",
    )
    assert [(m["match"], m["speaker_name"]) for m in matches] == [
        ("contained", "Jens Stoltenberg"),
        ("exact", "Karen Donfried"),
        ("near", "Karen Donfried"),
    ]


def test_trimmed_and_restyled_quotes_join_their_longest_form(seeds_warehouse: Path) -> None:
    putin = _rows(
        seeds_warehouse,
        "select q.text, o.match from quotations q join quotation_occurrences o using (quotation_id) "
        "where q.speaker_name = 'Vladimir Putin' order by o.match",
    )
    assert [p["match"] for p in putin] == ["contained", "contained", "exact"]
    assert {p["text"] for p in putin} == {
        "constructive, meaningful talks with a visible end result — and within a certain time frame — that would "
        "ensure equal security for all."
    }
    stoltenberg = _rows(
        seeds_warehouse,
        "select o.match from quotations q join quotation_occurrences o using (quotation_id) "
        "where q.text like 'as soon as possible%' order by o.match",
    )
    assert [s["match"] for s in stoltenberg] == ["exact", "normalised"]


def test_short_quotes_are_not_merged_into_longer_ones(seeds_warehouse: Path) -> None:
    movement = _rows(seeds_warehouse, "select n_occurrences from quotations where text = 'movement'")
    assert movement == [{"n_occurrences": 1}]


def test_the_quotation_data_tests_pass(seeds_warehouse: Path) -> None:
    from flows.checks import run_checks

    con = connect(Warehouse(seeds_warehouse))
    try:
        names = [
            "quotations_key_unique",
            "quotations_key_not_null",
            "quotation_occurrences_key_unique",
            "quotation_occurrences_match_accepted",
            "quotation_occurrences_statement_exists",
            "quoted_statements_grouped",
        ]
        results = run_checks(con, names)
    finally:
        con.close()
    assert [(r.name, r.n_rows) for r in results] == [(name, 0) for name in names]
    assert all(r.passed for r in results)


@pytest.mark.slow
def test_odd_quotes_and_undated_documents_are_kept_and_never_break_the_views(prefect_harness, tmp_path: Path) -> None:
    from flows.build_warehouse import build_warehouse

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # A whole speech in quotation marks, an ellipsis for an answer, and no date anywhere.
    speech = " ".join(f"We will open {n} new schools next year and train the teachers they need." for n in range(300))
    (corpus / "speech.txt").write_text(f"The minister spoke for an hour.\n\nShe told the conference: “{speech}”\n")
    (corpus / "dots.txt").write_text("The spokesman was asked about the talks.\n\n“...” he said, and left the room.\n")
    warehouse = tmp_path / "wh"
    summary = build_warehouse(paths=[corpus], warehouse=warehouse)
    assert summary["failed_checks"] == []

    statements = _rows(warehouse, "select statement_id, speaker, content, quote from statements")
    dots = [s for s in statements if s["content"] == "“...”"]
    assert dots and dots[0]["quote"] is None  # kept as a statement, with no words to group
    quoted = {s["statement_id"] for s in statements if s["quote"] is not None}
    assert max(len(s["quote"] or "") for s in statements) > 5_000
    assert quoted and {g["statement_id"] for g in _rows(warehouse, "select * from quotation_occurrences")} == quoted
    quotations = _rows(warehouse, "select * from quotations")
    assert quotations and all(q["first_published"] is None and q["first_doc_id"] for q in quotations)


def test_each_content_fragment_slices_back_to_the_quoted_words(seeds_warehouse: Path) -> None:
    rows = _rows(
        seeds_warehouse,
        "select s.statement_id, s.kind, s.content_fragments, s.quote, d.text from statements s "
        "join documents d using (doc_id)",
    )
    split = [r for r in rows if len(r["content_fragments"]) > 1]
    assert split, "the seeds have a quotation split by its attribution"
    for row in rows:
        pieces = [row["text"][f["start"] : f["end"]] for f in row["content_fragments"]]
        assert (" ".join(pieces) or None) == row["quote"], row["statement_id"]
        assert all(p and p == p.strip() and p[0] not in '“"' for p in pieces)
    assert all(r["content_fragments"] == [] for r in rows if r["kind"] == "indirect")
