"""Score how statements resolve pronoun and short-name speakers against gold coreference.

    presstables eval resolution [COREF_JSONL] [--docs DOCS_JSON] [--polnear LABELS_JSON] [--split dev|train]

Gold: coreference clusters in GUM's layout (`../shared/data/gum_news/coref.jsonl`, one line per
document, mentions with character offsets into the texts of `gum_news_docs.json` next to it).

A case is a statement whose speaker span lies within a gold mention that is a pronoun ("she", "they",
"it") or a short name (a bare surname or first name: a named mention whose words are fewer than,
and all among, those of an earlier named mention of its cluster), in a cluster named earlier in
the text. The resolved `speaker_name` is right when it names that cluster: it is, or holds, or is
held by one of the cluster's named mentions (case, a leading "the" and a possessive "'s" aside) or
its Wikipedia identity. No name, or the pronoun itself, is wrong. Accuracy is printed overall, by
pronoun and by the referent's type (person, organization, ...); coverage is the share of the
gold pronouns with a named antecedent that are a statement's speaker at all.

Second set, `--polnear`: PolNeAR gold Sources that are a pronoun or a short name, each labelled by
hand with its referent (`benchmarks/data/resolution_labels.json`; how, in its "about"). A case is
found when a statement's speaker lies within the gold Source; it is right when its name names the
referent (the label's name or one of its other names, as above) and says more than was written: a
short name must become the fuller name, unless the article gives none. `dev` is the reported split;
`train` is where errors are studied.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_GOLD = ROOT.parent / "shared" / "data" / "gum_news" / "coref.jsonl"
DEFAULT_LABELS = ROOT / "benchmarks" / "data" / "resolution_labels.json"
_POSSESSIVE = re.compile(r"[’']s$")


@dataclass(frozen=True)
class Case:
    doc: str
    kind: str  # the pronoun in lower case, or "short name"
    referent: str  # the cluster's GUM type: person, organization, ...
    gold: str  # the cluster's fullest named mention
    predicted: str | None
    right: bool
    # The nearest-mention baseline: the closest earlier person (for "he", "she" and short names) or
    # organisation, place or group (for "they", "we", "it") is right.
    nearest_right: bool = False


PERSON_KINDS = frozenset({"he", "she", "short name", "i"})


def nearest_mention(mentions: Sequence[dict[str, Any]], kind: str, before: int) -> str | None:
    labels = {"PERSON"} if kind in PERSON_KINDS else {"ORG", "GPE", "NORP"}
    found = [m for m in mentions if m["label"] in labels and m["end_char"] <= before]
    return found[-1]["entity_name"] if found else None


def normalize(name: str) -> str:
    text = _POSSESSIVE.sub("", name.strip()).lower()
    text = re.sub(r"^the\s+", "", text)
    return " ".join(re.sub(r"[^\w\s-]", " ", text).split())


def names_the_cluster(predicted: str | None, names: Sequence[str]) -> bool:
    if not predicted:
        return False
    parts = re.split(r"\s+(?:and|&)\s+", predicted)
    if len(parts) > 1:
        # Coordinated people ("Charles E. Grassley and Patrick J. Leahy"): each must be named in
        # the gold coordination ("Senators Charles E. Grassley, Republican of Iowa, and ...").
        wholes = [f" {normalize(name)} " for name in names]
        return any(all(f" {_TITLES.sub('', normalize(part))} " in whole for part in parts) for whole in wholes)
    guess = normalize(predicted)
    if not guess:
        return False
    for name in names:
        gold = normalize(name)
        if gold and (guess == gold or f" {guess} " in f" {gold} " or f" {gold} " in f" {guess} "):
            return True
    return False


def gold_cases(clusters: Sequence[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any], str]]:
    """(mention, cluster, kind) for every pronoun or short-name mention with a named mention
    earlier in its cluster."""
    cases = []
    for cluster in clusters:
        named: list[dict[str, Any]] = []
        for mention in cluster["mentions"]:
            earlier = [m for m in named if m["end"] <= mention["start"]]
            if mention["is_pronoun"] and earlier:
                cases.append((mention, cluster, mention["text"].lower()))
            elif mention["has_propn"] and earlier:
                words = set(normalize(mention["text"]).split())
                if any(words and words < set(normalize(m["text"]).split()) for m in earlier):
                    cases.append((mention, cluster, "short name"))
            if mention["has_propn"] and not mention["is_pronoun"]:
                named.append(mention)
    return cases


def score_document(
    doc: str,
    clusters: Sequence[dict[str, Any]],
    statements: Sequence[dict[str, Any]],
    mentions: Sequence[dict[str, Any]] = (),
) -> tuple[list[Case], int, int]:
    """The document's cases, and its gold pronouns with a named antecedent: all, and those that are a
    statement's speaker."""
    cases: list[Case] = []
    pronouns = speaking = 0
    for mention, cluster, kind in gold_cases(clusters):
        speaker = next(
            (
                s
                for s in statements
                if s.get("speaker_start") is not None
                # the speaker is this mention (not a phrase around it: "his spokesman")
                and mention["start"] <= s["speaker_start"]
                and s["speaker_end"] <= mention["end"]
            ),
            None,
        )
        if kind != "short name":
            pronouns += 1
            speaking += speaker is not None
        if speaker is None:
            continue
        named = [m["text"] for m in cluster["mentions"] if m["has_propn"] and not m["is_pronoun"]]
        identity = cluster.get("identity")
        candidates = named + ([identity.replace("_", " ")] if identity else [])
        fullest = max(named, key=len) if named else (identity or "?")
        predicted = speaker.get("speaker_name")
        right = names_the_cluster(predicted, candidates) and normalize(predicted or "") != normalize(mention["text"])
        nearest = names_the_cluster(nearest_mention(mentions, kind, speaker["speaker_start"]), candidates)
        cases.append(Case(doc, kind, cluster.get("type") or "?", fullest, predicted, right, nearest))
    return cases, pronouns, speaking


def evaluate_resolution(gold: Path, docs: Path, model: str | None = None) -> dict[str, Any]:
    from flows.nlp.analyze import analyze_texts
    from flows.nlp.model import load_pipeline

    texts = {d["doc"]: d["text"] for d in json.loads(docs.read_text(encoding="utf-8"))}
    golds = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    golds = [g for g in golds if g["doc"] in texts]
    nlp = load_pipeline(model)
    analyses = analyze_texts(nlp, [texts[g["doc"]] for g in golds])
    cases: list[Case] = []
    pronouns = speaking = 0
    for g, analysis in zip(golds, analyses):
        found, n_pronouns, n_speaking = score_document(g["doc"], g["clusters"], analysis.statements, analysis.mentions)
        cases += found
        pronouns += n_pronouns
        speaking += n_speaking
    return {"documents": len(golds), "cases": cases, "gold_pronouns": pronouns, "speaking_pronouns": speaking}


def evaluate_polnear(labels: Path, polnear: Path, split: str, model: str | None = None) -> dict[str, Any]:
    """Cases from hand-labelled PolNeAR Sources of one split, scored against the statements of their articles."""
    from flows.nlp.analyze import analyze_texts
    from flows.nlp.model import load_pipeline

    by_doc: dict[str, list[dict[str, Any]]] = {}
    for label in json.loads(labels.read_text(encoding="utf-8"))["cases"]:
        if label["compartment"] == split:
            by_doc.setdefault(label["doc"], []).append(label)
    docs = sorted(by_doc)
    texts = [(polnear / split / "text" / f"{doc}.txt").read_text(encoding="utf-8") for doc in docs]
    nlp = load_pipeline(model)
    cases: list[Case] = []
    labelled = 0
    for doc, analysis in zip(docs, analyze_texts(nlp, texts)):
        for label in by_doc[doc]:
            labelled += 1
            speaker = next(
                (
                    s
                    for s in analysis.statements
                    if s.get("speaker_start") is not None
                    and label["start"] <= s["speaker_start"]
                    and s["speaker_end"] <= label["end"]
                ),
                None,
            )
            if speaker is None:
                continue
            predicted = speaker.get("speaker_name")
            names = [label["referent"], *label.get("also", [])]
            right = names_the_cluster(predicted, names) and _fuller(predicted or "", label)
            guess = nearest_mention(analysis.mentions, label["kind"], label["start"])
            nearest = names_the_cluster(guess, names) and _fuller(guess or "", label)
            cases.append(Case(doc, label["kind"], label["type"], label["referent"], predicted, right, nearest))
    return {"documents": len(docs), "cases": cases, "labelled": labelled, "split": split}


_TITLES = re.compile(
    r"^(?:mr|mrs|ms|miss|dr|sen|senator|rep|gov|governor|president|gen|judge|secretary|speaker)\s+", re.IGNORECASE
)


def _fuller(predicted: str, label: dict[str, Any]) -> bool:
    """A resolved name says more than the words written: a pronoun is never its own answer, and a
    short name is right as written only when the article gives the person no fuller name ("Obama"
    where the article only ever says "President Obama")."""
    written = len(_TITLES.sub("", normalize(label["written"])).split())
    if label["kind"] != "short name":
        return normalize(predicted) != normalize(label["written"])
    fullest = len(_TITLES.sub("", normalize(label["referent"])).split())
    return len(_TITLES.sub("", normalize(predicted)).split()) > written or fullest <= written


def _rows(cases: Sequence[Case], key: str) -> list[tuple[str, int, int, int]]:
    total: Counter[str] = Counter(getattr(c, key) for c in cases)
    right: Counter[str] = Counter(getattr(c, key) for c in cases if c.right)
    nearest: Counter[str] = Counter(getattr(c, key) for c in cases if c.nearest_right)
    return [(k, right[k], n, nearest[k]) for k, n in total.most_common()]


def _row(name: str, right: int, n: int, nearest: int) -> str:
    return f"{name:<28}{right / n if n else 0:>9.3f}{right:>7}{n:>7}   {nearest / n if n else 0:>15.3f}"


def format_report(result: dict[str, Any], show_errors: bool = False) -> str:
    cases: list[Case] = result["cases"]
    n_right = sum(c.right for c in cases)
    if "split" in result:
        title = (
            f"speaker resolution, PolNeAR {result['split']} (hand-labelled Sources): {result['documents']} documents, "
            f"{len(cases)} of {result['labelled']} labelled pronoun and short-name speakers found as a statement's speaker"
        )
    else:
        title = (
            f"speaker resolution, GUM news coreference: {result['documents']} documents, {len(cases)} statements "
            "whose speaker is a pronoun or a short name of an entity named earlier"
        )
    lines = [
        title,
        f"{'':<28}{'accuracy':>9}{'right':>7}{'cases':>7}   {'nearest mention':>15}",
        _row("all", n_right, len(cases), sum(c.nearest_right for c in cases)),
    ]
    for heading, key in (("by pronoun", "kind"), ("by referent", "referent")):
        lines.append(heading)
        for name, right, n, nearest in _rows(cases, key):
            lines.append(_row(f"  {name}", right, n, nearest))
    if "gold_pronouns" in result:
        pronouns, speaking = result["gold_pronouns"], result["speaking_pronouns"]
        lines.append(
            f"coverage: {speaking} of the {pronouns} gold pronouns with a named antecedent are a statement's speaker"
        )
    if show_errors:
        lines.append("wrong:")
        lines += [
            f"  {c.doc}: {c.kind} → {c.predicted!r}, gold {c.gold!r} ({c.referent})" for c in cases if not c.right
        ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="presstables eval resolution", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("gold", type=Path, nargs="?", default=DEFAULT_GOLD, help="coreference JSONL in GUM's layout")
    parser.add_argument(
        "--docs", type=Path, default=None, help="the texts (default: gum_news_docs.json next to the gold)"
    )
    parser.add_argument("--model", default=None, help="spaCy model name or path")
    parser.add_argument("--errors", action="store_true", help="list every wrong case")
    parser.add_argument(
        "--polnear",
        type=Path,
        nargs="?",
        const=DEFAULT_LABELS,
        default=None,
        help=f"also score hand-labelled PolNeAR Sources (default labels: {DEFAULT_LABELS.relative_to(ROOT)})",
    )
    parser.add_argument(
        "--polnear-dir", type=Path, default=None, help="the PolNeAR folder (default: ../polnear next to the gold)"
    )
    parser.add_argument("--split", default="dev", choices=("dev", "train"), help="PolNeAR split to score")
    args = parser.parse_args(argv)
    docs = args.docs or args.gold.with_name("gum_news_docs.json")
    print(format_report(evaluate_resolution(args.gold, docs, args.model), show_errors=args.errors))
    if args.polnear is not None:
        polnear = args.polnear_dir or args.gold.parent.parent / "polnear"
        print()
        print(format_report(evaluate_polnear(args.polnear, polnear, args.split, args.model), show_errors=args.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
