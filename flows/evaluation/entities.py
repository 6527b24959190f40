"""Score entity mentions on CoNLL-2003: exact span and type, ours next to the raw spaCy model.

Each CoNLL document (split at ``-DOCSTART-``) is rebuilt as text: tokens joined by one space,
sentences by a newline, so gold entities become character spans. Our pipeline's mentions (their
``label`` column) and the raw model's ``doc.ents`` are mapped to CoNLL's four types and scored on
the same texts.

    python -m flows.evaluation.entities ../shared/data/conll2003/eng.testa
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# spaCy's labels mapped to CoNLL's; labels not listed (DATE, CARDINAL, ...) are not scored.
LABEL_MAP = {
    "PERSON": "PER",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "ORG": "ORG",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}
TYPES = ("PER", "LOC", "ORG", "MISC")
# F1 of our mentions on CoNLL-2003 dev (eng.testa) before the context rules of
# flows.nlp.entity_rules (pipeline 0.3.1), printed next to ours when that file is scored.
BASELINE_FILE = "eng.testa"
BASELINE_F1 = {"PER": 0.829, "LOC": 0.848, "ORG": 0.474, "MISC": 0.720, "overall": 0.749}

Entity = tuple[int, int, str]  # (start_char, end_char, CoNLL type)


@dataclass
class GoldDocument:
    text: str
    entities: set[Entity] = field(default_factory=set)


def read_conll(path: Path) -> list[GoldDocument]:
    """Documents of a CoNLL-2003 file (IOB1 or IOB2 tags in the last column), with char spans."""
    documents: list[list[list[tuple[str, str]]]] = [[]]
    sentence: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if sentence:
                documents[-1].append(sentence)
                sentence = []
            continue
        if parts[0] == "-DOCSTART-":
            if sentence:
                documents[-1].append(sentence)
                sentence = []
            if documents[-1]:
                documents.append([])
            continue
        sentence.append((parts[0], parts[-1]))
    if sentence:
        documents[-1].append(sentence)
    return [_gold_document(sentences) for sentences in documents if sentences]


def _gold_document(sentences: list[list[tuple[str, str]]]) -> GoldDocument:
    lines = []
    entities: set[Entity] = set()
    offset = 0
    for sentence in sentences:
        current: list[Any] | None = None  # [start, end, type]
        previous_type = None
        position = offset
        for token, tag in sentence:
            start = position
            end = start + len(token)
            position = end + 1
            prefix, _, found = tag.partition("-")
            kind: str | None = None if tag == "O" else found
            begins = kind is not None and (prefix == "B" or kind != previous_type)
            if current is not None and (kind is None or begins):
                entities.add((current[0], current[1], current[2]))
                current = None
            if begins:
                current = [start, end, kind]
            elif kind is not None and current is not None:
                current[1] = end
            previous_type = kind
        if current is not None:
            entities.add((current[0], current[1], current[2]))
        line = " ".join(token for token, _ in sentence)
        lines.append(line)
        offset += len(line) + 1
    return GoldDocument("\n".join(lines), entities)


@dataclass
class Scores:
    true_positives: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)

    def add(self, gold: set[Entity], predicted: set[Entity]) -> None:
        for _, _, kind in gold:
            self.gold[kind] += 1
        for _, _, kind in predicted:
            self.predicted[kind] += 1
        for _, _, kind in gold & predicted:
            self.true_positives[kind] += 1

    def prf(self, kind: str | None = None) -> dict[str, float | int]:
        if kind is None:
            tp, n_pred, n_gold = (sum(c.values()) for c in (self.true_positives, self.predicted, self.gold))
        else:
            tp, n_pred, n_gold = self.true_positives[kind], self.predicted[kind], self.gold[kind]
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": p, "recall": r, "f1": f, "tp": tp, "predicted": n_pred, "gold": n_gold}


def mapped(spans: Iterable[tuple[int, int, str]]) -> set[Entity]:
    """Spans with spaCy labels → CoNLL types; unmapped labels dropped."""
    return {(s, e, LABEL_MAP[label]) for s, e, label in spans if label in LABEL_MAP}


def evaluate_entities(conll_file: Path, model: str | None = None) -> dict[str, Any]:
    """Precision, recall and F1 (overall and per type) for our mentions and the raw model's."""
    import spacy

    from flows.nlp.analyze import analyze_texts
    from flows.nlp.model import load_pipeline
    from flows.settings import model_name

    documents = read_conll(Path(conll_file))
    texts = [d.text for d in documents]
    name = model or model_name()

    started = time.perf_counter()
    ours = Scores()
    for document, analysis in zip(documents, analyze_texts(load_pipeline(name), texts)):
        spans = ((m["start_char"], m["end_char"], m["label"]) for m in analysis.mentions)
        ours.add(document.entities, mapped(spans))
    ours_seconds = time.perf_counter() - started

    started = time.perf_counter()
    raw = Scores()
    for document, doc in zip(documents, spacy.load(name).pipe(texts, batch_size=64)):
        raw.add(document.entities, mapped((e.start_char, e.end_char, e.label_) for e in doc.ents))
    raw_seconds = time.perf_counter() - started

    return {
        "file": str(conll_file),
        "model": name,
        "n_documents": len(documents),
        "n_gold": sum(len(d.entities) for d in documents),
        "systems": {
            "ours": _table(ours) | {"seconds": round(ours_seconds, 1)},
            "raw": _table(raw) | {"seconds": round(raw_seconds, 1)},
        },
    }


def _table(scores: Scores) -> dict[str, Any]:
    return {"overall": scores.prf(), "by_type": {kind: scores.prf(kind) for kind in TYPES}}


def format_report(result: dict[str, Any]) -> str:
    """One table: a row per type and overall, our P/R/F1 next to the raw model's, and on CoNLL dev
    our F1 before the context rules."""
    ours, raw = result["systems"]["ours"], result["systems"]["raw"]
    baseline = BASELINE_F1 if Path(result["file"]).name == BASELINE_FILE else None
    lines = [
        f"entities on {result['file']}: {result['n_documents']} documents, {result['n_gold']} gold entities, "
        f"model {result['model']}",
        f"{'type':<8} {'gold':>5}  {'ours P':>6} {'R':>5} {'F1':>5}   {'raw P':>6} {'R':>5} {'F1':>5}   {'ΔF1':>6}"
        + (f"   {'before':>6} {'Δ':>6}" if baseline else ""),
    ]
    rows = [(kind, ours["by_type"][kind], raw["by_type"][kind]) for kind in TYPES]
    rows.append(("overall", ours["overall"], raw["overall"]))
    for kind, o, r in rows:
        lines.append(
            f"{kind:<8} {o['gold']:>5}  {o['precision']:>6.3f} {o['recall']:>5.3f} {o['f1']:>5.3f}   "
            f"{r['precision']:>6.3f} {r['recall']:>5.3f} {r['f1']:>5.3f}   {o['f1'] - r['f1']:>+6.3f}"
            + (f"   {baseline[kind]:>6.3f} {o['f1'] - baseline[kind]:>+6.3f}" if baseline else "")
        )
    lines.append(f"seconds: ours {ours['seconds']}, raw {raw['seconds']}")
    if baseline:
        lines.append("before: our F1 before the context rules of flows.nlp.entity_rules (pipeline 0.3.1)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="presstables eval entities", description=__doc__.splitlines()[0])
    parser.add_argument("conll_file", type=Path, help="a CoNLL-2003 file, e.g. ../shared/data/conll2003/eng.testa")
    parser.add_argument("--model", default=None, help="spaCy package or path (default: the project's model)")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON instead of a table")
    args = parser.parse_args(argv)
    result = evaluate_entities(args.conll_file, args.model)
    if args.json:
        import json

        print(json.dumps(result, indent=2))
    else:
        print(format_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
