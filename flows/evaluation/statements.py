"""Score the statements table against gold attributions in PolNeAR's layout.

Gold: `GOLD_DIR/text/<doc>.txt` and `GOLD_DIR/attributions/<doc>_<annotator>.ann` (brat standoff;
when a document has several annotators, the first `.ann` in sort order is the gold). Each brat event
with a Content span is one gold attribution.

Metrics (issue 3):
- a predicted statement matches a gold attribution when the character Jaccard of their content
  spans is at least 0.5; pairs are taken one-to-one, best Jaccard first;
- content precision (matched / predicted), content recall on all gold attributions, on the speech
  subset (the gold cue holds a reporting verb or "according to") and on the direct subset (the gold
  content starts or ends with a quotation mark);
- speaker accuracy and cue accuracy over matched pairs: the predicted span overlaps the gold one
  (a null prediction for a gold attribution without that span counts as right: "it was reported"
  has no speaker, and saying so is correct);
- full F1 (speech): precision = statements whose content, speaker and cue all match / all
  statements; recall = the same over the speech subset.

textacy's `direct_quotations` is scored the same way on the same texts, as the published anchor.
It needs lemmas, so it runs on a separately loaded full pipeline; textacy is imported lazily because
it is a benchmark-only dependency.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Interval = tuple[int, int]

JACCARD_THRESHOLD = 0.5

# The reporting verbs. Inflections are spelled out where the regular rules would miss them.
SPEECH_VERBS = """say tell add state announce claim report write explain note insist argue warn ask reply
respond confirm deny acknowledge admit suggest declare comment reiterate recall tweet testify remark
predict promise vow""".split()
_IRREGULAR_FORMS = {
    "say": ["said"],
    "tell": ["told"],
    "write": ["wrote", "written"],
    "admit": ["admitted", "admitting"],
}
QUOTE_MARKS = '"“”„‟«»'

_ANN_LINE = re.compile(r"^(?P<kind>[TE#])\d+\t")
_WORD = re.compile(r"[a-z]+")


def _verb_forms(lemma: str) -> set[str]:
    forms = {lemma, *_IRREGULAR_FORMS.get(lemma, [])}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
    return forms


SPEECH_FORMS = frozenset(form for lemma in SPEECH_VERBS for form in _verb_forms(lemma))


@dataclass(frozen=True)
class GoldAttribution:
    # Each gold span is a tuple of fragments. By default a discontinuous gold span is scored by
    # its characters, fragment by fragment (the reading that reproduces the published
    # textacy figures); `hull` scores it by min start to max end instead, which is what a single
    # predicted span can at best cover for split quotes ("“…,” she said, “…”").
    content: tuple[Interval, ...]
    source: tuple[Interval, ...] | None
    cue: tuple[Interval, ...] | None
    content_text: str
    cue_text: str

    @property
    def is_speech(self) -> bool:
        lower = self.cue_text.lower()
        return "according to" in lower or any(w in SPEECH_FORMS for w in _WORD.findall(lower))

    @property
    def is_direct(self) -> bool:
        stripped = self.content_text.strip()
        return bool(stripped) and (stripped[0] in QUOTE_MARKS or stripped[-1] in QUOTE_MARKS)


@dataclass(frozen=True)
class Predicted:
    content: Interval
    speaker: Interval | None
    cue: Interval | None


@dataclass(frozen=True)
class GoldDocument:
    name: str
    text: str
    attributions: list[GoldAttribution]


# --- reading gold -------------------------------------------------------------------------------


def parse_ann(ann: str, text: str, fragments: bool = False) -> list[GoldAttribution]:
    """Gold attributions of one brat standoff file over its text; spans are hulls unless
    `fragments` keeps discontinuous spans as their fragments."""
    spans: dict[str, list[Interval]] = {}
    events: list[dict[str, str]] = []
    for line in ann.split("\n"):
        found = _ANN_LINE.match(line)
        if found is None:
            # A continuation of the previous T line's surface text: offsets are what count.
            continue
        fields = line.split("\t")
        if found["kind"] == "T" and len(fields) >= 2:
            _, _, offsets = fields[1].partition(" ")
            try:
                spans[fields[0]] = [(int(a), int(b)) for a, b in (pair.split() for pair in offsets.split(";"))]
            except ValueError:
                continue  # not a text-bound span with offsets
        elif found["kind"] == "E" and len(fields) >= 2:
            events.append(dict(arg.partition(":")[::2] for arg in fields[1].split()))

    def gold_span(role: str, roles: dict[str, str]) -> tuple[Interval, ...] | None:
        found = spans.get(roles.get(role, ""))
        if not found:
            return None
        if fragments:
            return tuple(sorted(found))
        return ((min(s for s, _ in found), max(e for _, e in found)),)

    golds = []
    for roles in events:
        content = gold_span("Content", roles)
        if content is None:
            continue  # an incomplete event (a trigger alone) has nothing to match
        content2 = gold_span("Content2", roles)
        if content2 is not None:
            # A second, separately marked content part belongs to the same statement.
            content = tuple(sorted(content + content2))
            if not fragments:
                content = ((content[0][0], max(e for _, e in content)),)
        start, end = content[0][0], max(e for _, e in content)
        golds.append(
            GoldAttribution(
                content=content,
                source=gold_span("Source", roles),
                cue=gold_span("Cue", roles),
                content_text=text[start:end],
                cue_text=" ".join(text[s:e] for s, e in spans.get(roles.get("Cue", ""), [])),
            )
        )
    return golds


def load_gold(gold_dir: Path, limit: int | None = None, fragments: bool = False) -> list[GoldDocument]:
    """Documents with their gold attributions, in name order."""
    text_dir, ann_dir = gold_dir / "text", gold_dir / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise FileNotFoundError(f"{gold_dir} has no text/ and attributions/ folders (PolNeAR layout)")
    anns: dict[str, Path] = {}
    for path in sorted(ann_dir.glob("*.ann")):
        doc = re.sub(r"_[0-9a-fA-F]+\.ann$", "", path.name)
        anns.setdefault(doc, path)  # the first annotator in sort order is the gold
    documents = []
    for path in sorted(text_dir.glob("*.txt")):
        if path.stem not in anns:
            continue
        text = path.read_text(encoding="utf-8")
        documents.append(
            GoldDocument(path.stem, text, parse_ann(anns[path.stem].read_text(encoding="utf-8"), text, fragments))
        )
        if limit is not None and len(documents) >= limit:
            break
    return documents


# --- predictions ----------------------------------------------------------------------------------


def predict_presstables(texts: Sequence[str], model: str | None = None) -> list[list[Predicted]]:
    from flows.nlp.analyze import analyze_texts
    from flows.nlp.model import load_pipeline

    nlp = load_pipeline(model)
    return [statements_to_predicted(a.statements) for a in analyze_texts(nlp, texts)]


def statements_to_predicted(rows: Sequence[dict[str, Any]]) -> list[Predicted]:
    def span(row: dict[str, Any], name: str) -> Interval | None:
        start, end = row.get(f"{name}_start"), row.get(f"{name}_end")
        return None if start is None or end is None else (start, end)

    predicted = []
    for row in rows:
        content = span(row, "content")
        if content is not None:
            predicted.append(Predicted(content, span(row, "speaker"), span(row, "cue")))
    return predicted


def predict_textacy(texts: Sequence[str], model: str | None = None) -> list[list[Predicted]]:
    import spacy
    from textacy.extract.triples import direct_quotations

    from flows.settings import model_name

    nlp = spacy.load(model or model_name())
    predicted = []
    for doc in nlp.pipe(texts, batch_size=16):
        rows = []
        try:
            triples = list(direct_quotations(doc))
        except Exception:  # noqa: BLE001 - the anchor system's own failures score as no output
            triples = []
        for triple in triples:
            content = (triple.content.start_char, triple.content.end_char)
            rows.append(Predicted(content, _token_hull(triple.speaker), _token_hull(triple.cue)))
        predicted.append(rows)
    return predicted


def _token_hull(tokens: Sequence[Any]) -> Interval | None:
    if not tokens:
        return None
    return min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens)


# --- scoring ----------------------------------------------------------------------------------------


def jaccard(predicted: Interval, gold: Sequence[Interval]) -> float:
    """Character Jaccard of a predicted span and a gold span given as disjoint fragments."""
    inter = sum(max(0, min(predicted[1], e) - max(predicted[0], s)) for s, e in gold)
    union = (predicted[1] - predicted[0]) + sum(e - s for s, e in gold) - inter
    return inter / union if union > 0 else 0.0


def match(predicted: Sequence[Predicted], gold: Sequence[GoldAttribution]) -> list[tuple[int, int]]:
    """One-to-one (predicted index, gold index) pairs with content Jaccard >= 0.5, best first."""
    pairs = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            score = jaccard(p.content, g.content)
            if score >= JACCARD_THRESHOLD:
                pairs.append((-score, i, j))
    pairs.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    chosen = []
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            chosen.append((i, j))
    return chosen


def span_agrees(predicted: Interval | None, gold: Sequence[Interval] | None) -> bool:
    """Overlap; both absent also agrees (a sourceless attribution with a null speaker is right)."""
    if predicted is None or gold is None:
        return predicted is None and gold is None
    return any(predicted[0] < e and s < predicted[1] for s, e in gold)


def score(documents: Sequence[GoldDocument], predictions: Sequence[Sequence[Predicted]]) -> dict[str, Any]:
    """Counts and metrics for one system over the documents."""
    c = dict.fromkeys(
        ["gold", "speech", "direct", "predicted", "matched", "matched_speech", "matched_direct",
         "speaker_ok", "cue_ok", "full_predicted", "full_speech"],
        0,
    )  # fmt: skip
    for doc, predicted in zip(documents, predictions):
        gold = doc.attributions
        c["gold"] += len(gold)
        c["speech"] += sum(g.is_speech for g in gold)
        c["direct"] += sum(g.is_direct for g in gold)
        c["predicted"] += len(predicted)
        for i, j in match(predicted, gold):
            p, g = predicted[i], gold[j]
            speaker_ok = span_agrees(p.speaker, g.source)
            cue_ok = span_agrees(p.cue, g.cue)
            c["matched"] += 1
            c["matched_speech"] += g.is_speech
            c["matched_direct"] += g.is_direct
            c["speaker_ok"] += speaker_ok
            c["cue_ok"] += cue_ok
            if speaker_ok and cue_ok:
                c["full_predicted"] += 1
                c["full_speech"] += g.is_speech
    precision = _ratio(c["full_predicted"], c["predicted"])
    recall = _ratio(c["full_speech"], c["speech"])
    metrics = {
        "content_precision": _ratio(c["matched"], c["predicted"]),
        "content_recall": _ratio(c["matched"], c["gold"]),
        "content_recall_speech": _ratio(c["matched_speech"], c["speech"]),
        "content_recall_direct": _ratio(c["matched_direct"], c["direct"]),
        "speaker_accuracy": _ratio(c["speaker_ok"], c["matched"]),
        "cue_accuracy": _ratio(c["cue_ok"], c["matched"]),
        "full_precision": precision,
        "full_recall_speech": recall,
        "full_f1_speech": _ratio(2 * precision * recall, precision + recall),
    }
    return {"counts": c, "metrics": metrics}


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


SYSTEMS: dict[str, Callable[[Sequence[str], str | None], list[list[Predicted]]]] = {
    "presstables": predict_presstables,
    "textacy": predict_textacy,
}


def evaluate_statements(
    gold_dir: Path,
    model: str | None = None,
    limit: int | None = None,
    systems: Sequence[str] = tuple(SYSTEMS),
    fragments: bool = True,
) -> dict[str, Any]:
    """Score presstables and textacy's direct_quotations on the gold folder.

    `fragments` scores discontinuous gold spans by their fragments instead of their hull."""
    documents = load_gold(Path(gold_dir), limit, fragments)
    texts = [d.text for d in documents]
    result: dict[str, Any] = {
        "gold_dir": str(gold_dir),
        "documents": len(documents),
        "gold": sum(len(d.attributions) for d in documents),
        "gold_spans": "fragments" if fragments else "hull",
        "systems": {},
    }
    for name in systems:
        started = time.perf_counter()
        try:
            predictions = SYSTEMS[name](texts, model)
        except ImportError as exc:
            result["systems"][name] = {"error": f"not installed: {exc.name or exc}"}
            continue
        scored = score(documents, predictions)
        scored["seconds"] = round(time.perf_counter() - started, 1)
        result["systems"][name] = scored
    return result


ROWS = [
    ("content precision", "content_precision"),
    ("content recall (all)", "content_recall"),
    ("content recall (speech)", "content_recall_speech"),
    ("content recall (direct)", "content_recall_direct"),
    ("speaker accuracy", "speaker_accuracy"),
    ("cue accuracy", "cue_accuracy"),
    ("full precision", "full_precision"),
    ("full recall (speech)", "full_recall_speech"),
    ("full F1 (speech)", "full_f1_speech"),
]


def format_report(result: dict[str, Any]) -> str:
    """The side-by-side table printed by `presstables eval statements`."""
    systems = result["systems"]
    names = list(systems)
    first = next((s for s in systems.values() if "counts" in s), None)
    lines = [
        f"statements vs gold in {result['gold_dir']}: {result['documents']} documents, {result['gold']} gold attributions"
    ]
    if first is not None:
        c = first["counts"]
        lines[0] += f" ({c['speech']} speech, {c['direct']} direct)"
    lines.append(
        f"content match: character Jaccard >= {JACCARD_THRESHOLD}, one-to-one, best pairs first; "
        f"discontinuous gold spans as their {result.get('gold_spans', 'hull')}"
    )
    width = max(len(label) for label, _ in ROWS)
    lines.append(f"{'':{width}}  " + "  ".join(f"{n:>12}" for n in names))
    for label, key in ROWS:
        cells = []
        for n in names:
            s = systems[n]
            cells.append(f"{s['metrics'][key]:>12.3f}" if "metrics" in s else f"{'n/a':>12}")
        lines.append(f"{label:{width}}  " + "  ".join(cells))
    lines.append(f"{'statements predicted':{width}}  " + "  ".join(
        f"{systems[n]['counts']['predicted']:>12}" if "counts" in systems[n] else f"{'n/a':>12}" for n in names
    ))  # fmt: skip
    for n in names:
        if "error" in systems[n]:
            lines.append(f"{n}: {systems[n]['error']}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="presstables eval statements", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("gold_dir", type=Path, help="a folder with text/ and attributions/ (PolNeAR layout)")
    parser.add_argument("--model", default=None, help="spaCy model name or path")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N documents")
    parser.add_argument("--system", action="append", choices=list(SYSTEMS), help="systems to score (default: all)")
    parser.add_argument(
        "--hull",
        action="store_true",
        help="score a discontinuous gold span by its hull (first to last character), not its fragments",
    )
    args = parser.parse_args(argv)
    result = evaluate_statements(
        args.gold_dir, args.model, args.limit, args.system or tuple(SYSTEMS), fragments=not args.hull
    )
    print(format_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
