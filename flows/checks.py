"""Data tests: SQL over the views that must return zero rows.

They run at the end of every flow run and in the test suite. A check that returns rows names
what is wrong and shows a sample of the offending rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flows.views import fetch

KEYS = {
    "documents": ["doc_id"],
    "sentences": ["doc_id", "sentence_idx"],
    "mentions": ["doc_id", "mention_idx"],
    "statements": ["statement_id"],
    "entities": ["entity_id"],
    "sources": ["source"],
    "rejects": ["source"],
}

SPANS = {
    "sentences": [("start_char", "end_char", "text")],
    "mentions": [("start_char", "end_char", "text")],
    "statements": [
        ("speaker_start", "speaker_end", "speaker"),
        ("cue_start", "cue_end", "cue"),
        ("content_start", "content_end", "content"),
    ],
}

LABELS = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE")


def _checks() -> dict[str, str]:
    checks: dict[str, str] = {}
    for table, key in KEYS.items():
        cols = ", ".join(key)
        checks[f"{table}_key_unique"] = f"select {cols}, count(*) as n from {table} group by {cols} having count(*) > 1"
        nulls = " or ".join(f"{c} is null" for c in key)
        checks[f"{table}_key_not_null"] = f"select * from {table} where {nulls}"
    for table in ("sentences", "mentions", "statements", "sources"):
        checks[f"{table}_document_exists"] = f"select t.* from {table} t anti join documents d on d.doc_id = t.doc_id"
    for table, spans in SPANS.items():
        for start, end, text in spans:
            # substr is 1-based; offsets are 0-based Python string indices.
            checks[f"{table}_{text}_span_slices"] = (
                f"select t.doc_id, t.{start}, t.{end}, t.{text} from {table} t join documents d using (doc_id) "
                f"where t.{start} is not null and (t.{end} < t.{start} or t.{end} > d.n_chars "
                f"or substr(d.text, t.{start} + 1, t.{end} - t.{start}) is distinct from t.{text})"
            )
    labels = ", ".join(f"'{label}'" for label in LABELS)
    checks["mentions_label_accepted"] = f"select * from mentions where label not in ({labels})"
    checks["statements_kind_accepted"] = "select * from statements where kind not in ('direct', 'indirect', 'mixed')"
    checks["documents_n_chars_matches"] = "select doc_id from documents where n_chars <> length(text)"
    checks["documents_n_sentences_matches"] = (
        "select d.doc_id from documents d left join (select doc_id, count(*) n from sentences group by doc_id) s "
        "using (doc_id) where d.n_sentences <> coalesce(s.n, 0)"
    )
    checks["inputs_in_one_place"] = "select source from sources intersect select source from rejects"
    return checks


CHECKS = _checks()


@dataclass(frozen=True)
class CheckResult:
    name: str
    n_rows: int
    sample: list[dict[str, Any]]

    @property
    def passed(self) -> bool:
        return self.n_rows == 0


def run_checks(con: Any, sample_size: int = 5) -> list[CheckResult]:
    results = []
    for name, sql in CHECKS.items():
        columns, rows = fetch(con, sql)
        sample = [dict(zip(columns, row)) for row in rows[:sample_size]]
        results.append(CheckResult(name, len(rows), sample))
    return results
