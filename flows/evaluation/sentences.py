"""Score sentence splitting on the English Golden Rules and on GUM news gold sentences.

    presstables eval sentences [RULES_JSON] [--gum GUM_DOCS_JSON] [--errors]

Sentences are those `flows.nlp.sentences.sentence_bounds` makes from the pipeline's parse.

- Golden rules (`../shared/data/sentence_rules/english_golden_rules.json`, or the copy in
  tests/data): a case is right when its sentences, each without edge whitespace, are the gold ones.
- GUM news (`../shared/data/gum_news/gum_news_docs.json`): a boundary is a sentence's start offset
  after whitespace trimming; every document's first sentence, which starts at offset 0, is left out
  (no splitter can miss it). Precision and recall count predicted starts that are, and gold starts
  that are found, among the other set. Headlines and datelines are sentences in GUM.

The baselines were measured on the same data: pySBD and the spaCy parser alone (this model with
no sentence rules).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
DEFAULT_RULES = DATA / "sentence_rules" / "english_golden_rules.json"
DEFAULT_GUM = DATA / "gum_news" / "gum_news_docs.json"
BASELINES = {"pySBD": (47, 0.947), "spaCy parser alone": (29, 0.883)}


@dataclass
class Result:
    cases: int = 0
    wrong: list[tuple[dict[str, Any], list[str]]] = field(default_factory=list)
    documents: int = 0
    true_starts: int = 0
    predicted_starts: int = 0
    gold_starts: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # (doc, "missed" or "extra", context)

    @property
    def right(self) -> int:
        return self.cases - len(self.wrong)

    @property
    def precision(self) -> float:
        return self.true_starts / self.predicted_starts if self.predicted_starts else 0.0

    @property
    def recall(self) -> float:
        return self.true_starts / self.gold_starts if self.gold_starts else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_rules(path: Path) -> list[dict[str, Any]]:
    """The cases of pySBD's layout (a list) or of tests/data/golden_rules.json (under "cases")."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["cases"] if isinstance(data, dict) else data


def evaluate_sentences(rules: Path | None, gum: Path | None, model: str | None = None) -> Result:
    from flows.nlp.model import load_pipeline
    from flows.nlp.sentences import sentence_bounds

    nlp = load_pipeline(model)
    result = Result()
    if rules is not None:
        cases = load_rules(rules)
        result.cases = len(cases)
        for case, doc in zip(cases, nlp.pipe(c["text"] for c in cases)):
            got = [case["text"][start:end] for start, end in sentence_bounds(doc)]
            if got != [s.strip() for s in case["sentences"]]:
                result.wrong.append((case, got))
    if gum is not None:
        docs = json.loads(gum.read_text(encoding="utf-8"))
        result.documents = len(docs)
        for gold, doc in zip(docs, nlp.pipe(d["text"] for d in docs)):
            predicted = {start for start, _ in sentence_bounds(doc)} - {0}
            expected = {s["start"] for s in gold["sentence_spans"]} - {0}
            result.true_starts += len(predicted & expected)
            result.predicted_starts += len(predicted)
            result.gold_starts += len(expected)
            text = gold["text"]
            for start in sorted(predicted ^ expected):
                context = f"{text[max(0, start - 50) : start]}|{text[start : start + 30]}"
                result.misses.append((gold["doc"], "missed" if start in expected else "extra", context))
    return result


def _slug(rule: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", rule.lower()))


def format_report(result: Result, show_errors: bool = False) -> str:
    lines = []
    if result.cases:
        lines += [
            f"golden rules: {result.cases} cases",
            f"{'':<22}{'right':>10}",
            f"{'presstables':<22}{f'{result.right}/{result.cases}':>10}",
            *(f"{name:<22}{f'{right}/48':>10}" for name, (right, _) in BASELINES.items()),
        ]
        lines += [f"  wrong: g{case['id']:02d}-{_slug(case['rule'])}: {got}" for case, got in result.wrong]
    if result.documents:
        lines += [
            f"GUM news: {result.documents} documents, {result.gold_starts} gold sentence starts "
            "(after whitespace; each document's first left out)",
            f"{'':<22}{'precision':>10}{'recall':>8}{'F1':>7}",
            f"{'presstables':<22}{result.precision:>10.3f}{result.recall:>8.3f}{result.f1:>7.3f}",
            *(f"{name:<22}{'':>10}{'':>8}{f1:>7.3f}" for name, (_, f1) in BASELINES.items()),
        ]
        if show_errors:
            lines += [f"  {doc} {kind}: {context!r}" for doc, kind, context in result.misses]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="presstables eval sentences", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("rules", type=Path, nargs="?", default=DEFAULT_RULES, help="golden rules JSON")
    parser.add_argument("--gum", type=Path, default=DEFAULT_GUM, help="GUM news documents JSON")
    parser.add_argument("--model", default=None, help="spaCy model name or path")
    parser.add_argument("--errors", action="store_true", help="list every missed and extra GUM sentence start")
    args = parser.parse_args(argv)
    print(format_report(evaluate_sentences(args.rules, args.gum, args.model), show_errors=args.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
