"""How well the `quotations` view groups repeated quotations: precision and recall checked by hand.

    python benchmarks/eval_quotations.py build  [--corpus polnear|bbc] [--rebuild]
    python benchmarks/eval_quotations.py sample [--corpus polnear] [--groups 40] [--occurrences 40]
                                                [--repeated 40] [--strong 40] [--seed 7]
    python benchmarks/eval_quotations.py score  [--corpus polnear] [--build] [--labels FILE]

Files go under `--work` (default /tmp/presstables-quotations/<corpus>/); `--data` is the folder
holding polnear/ and bbc/txt/ (default ../shared/data).

- `build`: the corpus as one JSONL (PolNeAR train, dev and annotator-training: `published` is the
  publication date, `url` a made-up `https://<publisher>.example/<file>` so the publisher is the
  URL's host, `id` the file name; BBC: `https://bbc.example/<file>`, no dates), then `nice
  presstables run` on it into a warehouse (2 workers). An existing warehouse is reused
  (`--rebuild` parses every article again: needed after a change to the keys computed at parse).
- `sample`: a seeded random sample to judge by hand, written to `--out` (default: next to the
  warehouse, as it holds article text, which stays out of the repository):
  PRECISION: `--groups` quotations found in two documents or more, each with all its occurrences;
  each occurrence is judged against the reference occurrence, the first published whose words are
  the quotation's text. RECALL: occurrences of quotes of six words or more, drawn (a) among all
  (`--occurrences`), (b) among those the search below finds another occurrence of (`--repeated`),
  (c) among those with a candidate sharing a long stretch (`--strong`); each comes with candidate
  occurrences found generously and without the view (three rare 3-word sequences in common, a word
  Jaccard over 0.3, a rare 5-word sequence in common, one inside the other, or two or three of its
  words quoted alone), plus the other members of its quotation (`found_by: view`).
- `score`: the judgements in `--labels` (ids, yes/no and a reason code; no text) against the
  warehouse, through views built in memory from the sql/ files as they are now: precision =
  judged occurrences in their reference's quotation that are the same remark / those judged;
  recall = same-remark candidates the view puts in the sampled occurrence's quotation / all
  same-remark candidates. Every disagreement is listed by id. `--build` builds a missing warehouse.

A judgement is "yes" when the two are the same remark by the same original speaker: a different
trimming, marks, a word or two changed are the same remark; two sentences of one speech are not,
nor are the same words said on another occasion or by another speaker, nor two quotes that only
share a common phrase.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT.parent / "shared" / "data"
DEFAULT_WORK = Path("/tmp/presstables-quotations")
DEFAULT_LABELS = ROOT / "benchmarks" / "data" / "quotation_labels.json"
POLNEAR_PARTS = ("train", "dev", "annotator-training")
WORD = re.compile(r"[^\W_]+|_")
PRECISION_MIN_DOCUMENTS = 2
RECALL_MIN_WORDS = 6
TARGETS = {"precision": 0.95, "recall": 0.90}


# ---------------------------------------------------------------------------------------------
# build


def polnear_records(root: Path) -> Iterator[dict[str, Any]]:
    with (root / "metadata.tsv").open(encoding="utf-8", newline="") as f:
        meta = {(row["compartment"], row["filename"]): row for row in csv.DictReader(f, delimiter="\t")}
    for part in POLNEAR_PARTS:
        folder = root / part / "text"
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.txt")):
            row = meta.get((part, path.stem), {})
            publisher = row.get("publisher") or path.stem.split("_", 1)[0]
            yield {
                "id": path.stem,
                "title": row.get("title") or None,
                "published": row.get("publication_date") or None,
                "url": f"https://{publisher}.example/{path.stem}",
                "text": path.read_text(encoding="utf-8"),
            }


def bbc_records(root: Path) -> Iterator[dict[str, Any]]:
    for path in sorted(root.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        title, _, body = text.partition("\n")
        yield {"id": path.stem, "title": title.strip(), "url": f"https://bbc.example/{path.stem}", "text": body}


def corpus_paths(args: argparse.Namespace) -> tuple[Path, Path]:
    work = Path(args.work) / args.corpus
    return work / f"{args.corpus}.jsonl", work / "warehouse"


def cmd_build(args: argparse.Namespace) -> int:
    jsonl, warehouse = corpus_paths(args)
    if (warehouse / "presstables.duckdb").exists() and not args.rebuild:
        print(f"warehouse {warehouse} exists: reused (--rebuild to parse again)")
        return 0
    jsonl.parent.mkdir(parents=True, exist_ok=True)
    source = Path(args.data) / ("polnear" if args.corpus == "polnear" else "bbc/txt")
    records = polnear_records(source) if args.corpus == "polnear" else bbc_records(source)
    n = 0
    with jsonl.open("w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    print(f"wrote {n:,} articles to {jsonl}")
    binary = Path(sys.executable).with_name("presstables")
    command = ["nice", "-n", "10", str(binary), "run", str(jsonl), "--warehouse", str(warehouse)]
    command += ["--workers", str(args.workers)]
    if args.rebuild:
        # A run parses again only what changed or another pipeline version parsed: start anew.
        shutil.rmtree(warehouse, ignore_errors=True)
    print("$ " + " ".join(command), flush=True)
    started = time.perf_counter()
    done = subprocess.run(command, check=False)
    print(f"presstables run: {time.perf_counter() - started:.1f} s (exit {done.returncode})")
    return done.returncode


# ---------------------------------------------------------------------------------------------
# reading the warehouse

OCCURRENCES_SQL = """
with docs as (
    select doc_id, any_value(url) as url, any_value(text) as text, from documents group by doc_id
)
select
    o.statement_id, o.quotation_id, o.doc_id, o.quote, o.speaker_name, o.match,
    regexp_extract(docs.url, '^https?://([^/]+)/', 1) as host,
    regexp_extract(docs.url, '/([^/]+)$', 1) as doc,
    q.text as quotation_text, q.n_documents, o.published,
    {context} as context,
from quotation_occurrences as o
left join docs on docs.doc_id = o.doc_id
left join quotations as q on q.quotation_id = o.quotation_id
left join statements as s on s.statement_id = o.statement_id
order by o.statement_id
"""
# the statement's words with up to 250 characters either side, to judge it by (never stored in the repository)
CONTEXT_SQL = (
    "substr(docs.text, greatest(1, least(s.content_start, s.speaker_start, s.cue_start) - 249), "
    "greatest(s.content_end, s.speaker_end, s.cue_end) - least(s.content_start, s.speaker_start, s.cue_start) + 500)"
)


def load_occurrences(warehouse: Path, context: bool = False) -> list[dict[str, Any]]:
    """Every quotation occurrence, through views built in memory from the sql/ files as they are
    now: a change to the matching is measured without parsing again (a change to the keys computed
    at parse needs `build --rebuild`)."""
    from flows.views import connect_in_memory, fetch
    from flows.warehouse import Warehouse

    if not (warehouse / "presstables.duckdb").exists():
        raise SystemExit(f"no warehouse at {warehouse}: run `python benchmarks/eval_quotations.py build` first")
    con = connect_in_memory(Warehouse(warehouse))
    try:
        columns, rows = fetch(con, OCCURRENCES_SQL.format(context=CONTEXT_SQL if context else "null"))
    finally:
        con.close()
    occurrences = [dict(zip(columns, row, strict=True)) for row in rows]
    for occ in occurrences:
        occ["publisher"] = (occ.pop("host") or "").removesuffix(".example")
    return occurrences


def words_of(text: str) -> list[str]:
    return WORD.findall(text.replace("…", " ").replace("...", " ").lower())


def ngrams(words: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def contains_words(outer: Sequence[str], inner: Sequence[str]) -> bool:
    return f" {' '.join(inner)} " in f" {' '.join(outer)} "


# ---------------------------------------------------------------------------------------------
# sample


def candidates_of(
    target: dict[str, Any], occurrences: Sequence[dict[str, Any]], index: dict[str, Any]
) -> list[dict[str, Any]]:
    """Other occurrences that might be the same remark as `target`, found without the view."""
    words = index["words"][target["statement_id"]]
    wordset = set(words)
    tri = index["tri"][target["statement_id"]]
    rare_tri = {t for t in tri if index["tri_df"][t] <= index["rare_df"]}
    five = {g for g in ngrams(words, 5) if index["five_df"][g] <= index["rare_df"] // 2}
    seen: dict[str, set[str]] = defaultdict(set)
    # any occurrence sharing a 3-word sequence is looked at; the others share nothing long
    pool: set[str] = set()
    for t in tri:
        pool |= index["by_tri"][t]
    for w in wordset:
        if index["word_df"][w] <= index["rare_df"]:
            pool |= index["by_word"][w]
    pool.discard(target["statement_id"])
    for sid in pool:
        other = index["words"][sid]
        reasons = seen[sid]
        if len(rare_tri & index["tri"][sid]) >= 3:
            reasons.add("rare3x3")
        union = wordset | set(other)
        if union and len(wordset & set(other)) / len(union) > 0.3:
            reasons.add("jaccard")
        if five & ngrams(other, 5):
            reasons.add("5gram")
        if len(other) >= 4 and (contains_words(words, other) or contains_words(other, words)):
            reasons.add("contained")
        elif 2 <= len(other) < 4 and contains_words(words, other):
            # two or three of its words quoted alone: the view joins those on the same words only
            reasons.add("short")
    by_id = index["by_id"]
    found = {sid: reasons for sid, reasons in seen.items() if reasons}
    for occ in index["by_quotation"][target["quotation_id"]]:
        if occ["statement_id"] != target["statement_id"] and occ["statement_id"] not in found:
            found[occ["statement_id"]] = {"view"}
    out = []
    for sid in sorted(found):
        occ = by_id[sid]
        out.append(
            {
                "statement_id": sid,
                "doc": occ["doc"],
                "publisher": occ["publisher"],
                "found_by": sorted(found[sid]),
                "same_quotation": occ["quotation_id"] == target["quotation_id"],
                "quote": occ["quote"],
                "context": occ["context"],
            }
        )
    return out


def build_index(occurrences: Sequence[dict[str, Any]]) -> dict[str, Any]:
    index: dict[str, Any] = {
        "words": {},
        "tri": {},
        "by_tri": defaultdict(set),
        "by_word": defaultdict(set),
        "tri_df": Counter(),
        "five_df": Counter(),
        "word_df": Counter(),
        "by_id": {},
        "by_quotation": defaultdict(list),
        "rare_df": 20,
    }
    for occ in occurrences:
        sid = occ["statement_id"]
        words = words_of(occ["quote"] or "")
        index["words"][sid] = words
        tri = ngrams(words, 3)
        index["tri"][sid] = tri
        for t in tri:
            index["by_tri"][t].add(sid)
            index["tri_df"][t] += 1
        for g in ngrams(words, 5):
            index["five_df"][g] += 1
        for w in set(words):
            index["by_word"][w].add(sid)
            index["word_df"][w] += 1
        index["by_id"][sid] = occ
        index["by_quotation"][occ["quotation_id"]].append(occ)
    return index


def cmd_sample(args: argparse.Namespace) -> int:
    _, warehouse = corpus_paths(args)
    started = time.perf_counter()
    occurrences = load_occurrences(warehouse, context=True)
    index = build_index(occurrences)
    rng = random.Random(args.seed)

    groups = sorted({o["quotation_id"] for o in occurrences if (o["n_documents"] or 0) >= PRECISION_MIN_DOCUMENTS})
    chosen_groups = sorted(rng.sample(groups, min(args.groups, len(groups))))
    precision = []
    for qid in chosen_groups:
        members = index["by_quotation"][qid]
        text = members[0]["quotation_text"]
        # the occurrence whose words are the quotation's text, first published: what the others are judged against
        reference = min(
            (o for o in members if o["quote"] == text),
            key=lambda o: (o["published"] is None, o["published"] or 0, o["statement_id"]),
        )
        precision.append(
            {
                "quotation_id": qid,
                "reference": reference["statement_id"],
                "text": text,
                "occurrences": [
                    {k: o[k] for k in ("statement_id", "doc", "publisher", "match", "speaker_name", "quote", "context")}
                    for o in members
                ],
            }
        )

    eligible = sorted(
        o["statement_id"] for o in occurrences if len(index["words"][o["statement_id"]]) >= RECALL_MIN_WORDS
    )
    # (a) drawn among all occurrences; (b) among those the search finds other occurrences of (most
    # quotations appear once, so (a) alone leaves few true pairs to count)
    chosen = sorted(rng.sample(eligible, min(args.occurrences, len(eligible))))
    strata = {sid: "all" for sid in chosen}
    candidates = {sid: candidates_of(index["by_id"][sid], occurrences, index) for sid in chosen}
    searched = {sid: candidates_of(index["by_id"][sid], occurrences, index) for sid in eligible if sid not in strata}
    repeated = sorted(
        sid for sid, found in searched.items() if any(set(c["found_by"]) - {"view", "short"} for c in found)
    )
    for sid in sorted(rng.sample(repeated, min(args.repeated, len(repeated)))):
        strata[sid] = "repeated"
        candidates[sid] = searched[sid]
    # (c) among those with a candidate sharing a long stretch of words (a part inside the other, or
    # three rare 3-word sequences): where most same-remark pairs are, so recall has enough of them
    strong = sorted(
        sid
        for sid, found in searched.items()
        if sid not in strata and any({"contained", "rare3x3"} & set(c["found_by"]) for c in found)
    )
    for sid in sorted(rng.sample(strong, min(args.strong, len(strong)))):
        strata[sid] = "strong"
        candidates[sid] = searched[sid]
    recall = []
    order = {"all": 0, "repeated": 1, "strong": 2}
    for sid in sorted(strata, key=lambda s: (order[strata[s]], s)):
        occ = index["by_id"][sid]
        recall.append(
            {
                "statement_id": sid,
                "stratum": strata[sid],
                "quotation_id": occ["quotation_id"],
                "doc": occ["doc"],
                "publisher": occ["publisher"],
                "speaker_name": occ["speaker_name"],
                "quote": occ["quote"],
                "context": occ["context"],
                "candidates": candidates[sid],
            }
        )
    sample = {
        "corpus": args.corpus,
        "seed": args.seed,
        "n_occurrences": len(occurrences),
        "n_quotations": len(index["by_quotation"]),
        "n_quotations_in_2_documents": len(groups),
        "n_recall_eligible": len(eligible),
        "n_recall_with_candidates": len(repeated)
        + sum(1 for sid in chosen if any(set(c["found_by"]) - {"view", "short"} for c in candidates[sid])),
        "n_recall_with_strong_candidates": len(strong),
        "precision": precision,
        "recall": recall,
    }
    out = Path(args.out) if args.out else warehouse.parent / "sample.json"
    out.write_text(json.dumps(sample, ensure_ascii=False, indent=1), encoding="utf-8")
    if not args.quiet:
        print_sample(sample)
    n_cand = sum(len(r["candidates"]) for r in recall)
    print(
        f"{len(occurrences):,} occurrences, {len(index['by_quotation']):,} quotations, {len(groups):,} in "
        f"{PRECISION_MIN_DOCUMENTS}+ documents; sampled {len(precision)} quotations "
        f"({sum(len(p['occurrences']) for p in precision)} occurrences) and {len(recall)} occurrences "
        f"({n_cand} candidates) into {out} in {time.perf_counter() - started:.1f} s"
    )
    return 0


def print_sample(sample: dict[str, Any]) -> None:
    print("=== PRECISION: is each occurrence the same remark as the quotation's text?")
    for i, group in enumerate(sample["precision"], 1):
        print(f"\n[P{i}] quotation {group['quotation_id']}\n    TEXT: {group['text']}")
        for o in group["occurrences"]:
            print(f"  - {o['statement_id']} {o['publisher']}/{o['doc']} {o['match']} ({o['speaker_name']})")
            print(f"      {o['quote']}")
    print("\n=== RECALL: is each candidate the same remark as the sampled occurrence?")
    for i, item in enumerate(sample["recall"], 1):
        print(
            f"\n[R{i}] ({item['stratum']}) {item['statement_id']} {item['publisher']}/{item['doc']} q={item['quotation_id']}"
        )
        print(f"    QUOTE: {item['quote']}")
        for c in item["candidates"]:
            same = "same-q" if c["same_quotation"] else "other-q"
            print(f"  - {c['statement_id']} {c['publisher']}/{c['doc']} {same} {','.join(c['found_by'])}")
            print(f"      {c['quote']}")


# ---------------------------------------------------------------------------------------------
# score


def ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "n/a"


def cmd_score(args: argparse.Namespace) -> int:
    _, warehouse = corpus_paths(args)
    if args.build and not (warehouse / "presstables.duckdb").exists():
        args.rebuild = False
        if cmd_build(args):
            return 1
    labels = json.loads(Path(args.labels).read_text(encoding="utf-8"))
    started = time.perf_counter()
    occurrences = load_occurrences(warehouse)
    by_id = {o["statement_id"]: o for o in occurrences}
    members: dict[str, set[str]] = defaultdict(set)
    for occ in occurrences:
        members[occ["quotation_id"]].add(occ["statement_id"])
    missing: list[str] = []

    # precision: the judged occurrences that are (still) in the quotation of its reference occurrence,
    # the one whose words are the quotation's text
    p_judged = p_true = p_fuzzy = p_fuzzy_true = n_refs = moved = unjudged = 0
    p_wrong: list[str] = []
    groups = [g for g in labels["precision"] if g["corpus"] == args.corpus]
    for group in groups:
        reference = by_id.get(group["reference"])
        if reference is None:
            missing.append(group["reference"])
            continue
        n_refs += 1
        qid = reference["quotation_id"]
        unjudged += len(members[qid] - set(group["occurrences"]) - {group["reference"]})
        for sid, judgement in group["occurrences"].items():
            occ = by_id.get(sid)
            if occ is None:
                missing.append(sid)
                continue
            if occ["quotation_id"] != qid:
                moved += 1
                continue
            yes = judgement["same"] == "yes"
            p_judged += 1
            p_true += yes
            if occ["match"] in ("contained", "near"):
                p_fuzzy += 1
                p_fuzzy_true += yes
            if not yes:
                p_wrong.append(f"{sid} in {qid} with {group['reference']} ({occ['match']}, {judgement.get('why', '')})")

    # recall: the same-remark candidates of each sampled occurrence that the view puts with it
    r_true = r_found = r_long = r_long_found = r_view_only = r_cands = 0
    r_missed: list[str] = []
    r_spurious: list[str] = []
    items = [r for r in labels["recall"] if r["corpus"] == args.corpus]
    strata: Counter[str] = Counter()
    for item in items:
        target = by_id.get(item["statement_id"])
        if target is None:
            missing.append(item["statement_id"])
            continue
        for sid, judgement in item["candidates"].items():
            occ = by_id.get(sid)
            if occ is None:
                missing.append(sid)
                continue
            r_cands += 1
            together = occ["quotation_id"] == target["quotation_id"]
            short = len(words_of(occ["quote"] or "")) < 4
            why = judgement.get("why", "")
            if judgement["same"] == "yes":
                strata[item.get("stratum", "all")] += 1
                r_true += 1
                r_found += together
                r_long += not short
                r_long_found += together and not short
                r_view_only += judgement.get("found_by") == ["view"]
                if not together:
                    r_missed.append(f"{item['statement_id']} ~ {sid} ({why}{', under 4 words' if short else ''})")
            elif together:
                r_spurious.append(f"{item['statement_id']} ~ {sid} ({why})")

    n_items = len(items)
    with_true = sum(1 for r in items if any(j["same"] == "yes" for j in r["candidates"].values()))
    refs_true = p_true + n_refs
    rows = [
        ("precision: occurrences that are their quotation's remark", ratio(p_true, p_judged), f"{p_true}/{p_judged}"),
        ("  near or contained matches only", ratio(p_fuzzy_true, p_fuzzy), f"{p_fuzzy_true}/{p_fuzzy}"),
        (
            "  counting each reference occurrence too",
            ratio(refs_true, p_judged + n_refs),
            f"{refs_true}/{p_judged + n_refs}",
        ),
        ("recall: same-remark occurrences put together", ratio(r_found, r_true), f"{r_found}/{r_true}"),
        ("  occurrences of 4+ words only", ratio(r_long_found, r_long), f"{r_long_found}/{r_long}"),
        ("pairs put together that are different remarks", str(len(r_spurious)), f"of {r_cands} candidates judged"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"quotations view, {args.corpus}: {labels.get('judged_by', 'hand')} judgements against {warehouse}")
    print(f"{'':<{width}}  {'value':>6}  count")
    for name, value, count in rows:
        print(f"{name:<{width}}  {value:>6}  {count}")
    print(
        f"sampled: {n_refs} quotations in {PRECISION_MIN_DOCUMENTS}+ documents ({p_judged} occurrences besides "
        f"the reference; {moved} judged ones now elsewhere, {unjudged} unjudged now in them); {n_items} occurrences "
        f"of {RECALL_MIN_WORDS}+ words ({', '.join(f'{n} {k}' for k, n in sorted(Counter(r.get('stratum', 'all') for r in items).items()))}), "
        f"{with_true} said elsewhere too; {r_true} same-remark pairs "
        f"({', '.join(f'{n} in {k}' for k, n in sorted(strata.items()))}), {r_view_only} found only through the view"
    )
    precision = p_true / p_judged if p_judged else float("nan")
    recall = r_found / r_true if r_true else float("nan")
    print(
        "targets: precision >= {precision:.2f} {p}, recall >= {recall:.2f} {r}".format(
            **TARGETS,
            p="met" if precision >= TARGETS["precision"] else "MISSED",
            r="met" if recall >= TARGETS["recall"] else "MISSED",
        )
    )
    for title, lines in (
        ("grouped with the reference but a different remark", p_wrong),
        ("same remark, not grouped", r_missed),
        ("grouped with a sampled occurrence but a different remark", r_spurious),
        ("judged ids no longer in the warehouse", sorted(set(missing))),
    ):
        if lines:
            print(f"{title} ({len(lines)}):")
            for line in lines:
                print(f"  {line}")
    print(f"scored in {time.perf_counter() - started:.1f} s")
    return 0


# ---------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("build", "sample", "score"):
        p = sub.add_parser(name)
        p.add_argument("--corpus", choices=("polnear", "bbc"), default="polnear")
        p.add_argument("--work", default=os.environ.get("PRESSTABLES_QUOTATIONS_WORK", str(DEFAULT_WORK)))
        if name in ("build", "score"):
            p.add_argument("--data", default=str(DATA), help="the folder holding polnear/ and bbc/txt/")
            p.add_argument("--workers", type=int, default=2)
        if name == "build":
            p.add_argument("--rebuild", action="store_true", help="parse every article again")
        if name == "sample":
            p.add_argument("--groups", type=int, default=40)
            p.add_argument("--occurrences", type=int, default=40)
            p.add_argument("--repeated", type=int, default=40)
            p.add_argument("--strong", type=int, default=40)
            p.add_argument("--seed", type=int, default=7)
            p.add_argument("--out", default=None)
            p.add_argument("--quiet", action="store_true")
        if name == "score":
            p.add_argument("--labels", default=str(DEFAULT_LABELS))
            p.add_argument("--build", action="store_true", help="build the warehouse first when it is missing")
    args = parser.parse_args(argv)
    return {"build": cmd_build, "sample": cmd_sample, "score": cmd_score}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
