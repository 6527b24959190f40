"""The analysis (parse, extraction, resolution) of this checkout against an earlier commit's, side by side.

    python benchmarks/parse_versions.py [--old 186d0aa] [--docs 600] [--rounds 4] [--bbc ../shared/data/bbc/txt]

The earlier commit is checked out into a temporary git worktree. Each round runs `analyze_texts`
over the same articles in two fresh processes, one per version (the model loaded and warmed up
outside the timing), alternating which goes first; the medians of CPU and wall time and their
ratio are printed. CPU time is the figure to quote on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BBC = ROOT.parent / "shared" / "data" / "bbc" / "txt"

SCRIPT = """
import resource, sys, time
from pathlib import Path
from flows.nlp.analyze import analyze_texts
from flows.nlp.model import load_pipeline
paths = sorted(Path(sys.argv[1]).glob("*.txt"))[: int(sys.argv[2])]
texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
nlp = load_pipeline()
list(analyze_texts(nlp, texts[:5]))
cpu, wall = time.process_time(), time.perf_counter()
n = sum(len(a.statements) for a in analyze_texts(nlp, texts))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(time.process_time() - cpu, time.perf_counter() - wall, n, peak)
"""


def run(version: Path, corpus: Path, docs: int) -> tuple[float, float, int, int]:
    env = {**os.environ, "PYTHONPATH": str(version)}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(corpus), str(docs)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tempfile.gettempdir(),
        check=True,
    )
    cpu, wall, n, peak = out.stdout.split()
    return float(cpu), float(wall), int(n), int(peak)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--old", default="186d0aa", help="the earlier commit (default: pipeline 0.3.1)")
    parser.add_argument("--docs", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--bbc", type=Path, default=DEFAULT_BBC)
    args = parser.parse_args()
    # The versions run from a temporary folder: a relative corpus path would find nothing there.
    args.bbc = args.bbc.resolve()
    if not any(args.bbc.glob("*.txt")):
        parser.error(f"no .txt articles in {args.bbc}")
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(old), args.old], check=True)
        try:
            times: dict[str, list[tuple[float, float, int, int]]] = {"old": [], "new": []}
            versions = {"old": old, "new": ROOT}
            for r in range(args.rounds):
                for name in ("old", "new") if r % 2 == 0 else ("new", "old"):
                    times[name].append(run(versions[name], args.bbc, args.docs))
                    cpu, wall, n, peak = times[name][-1]
                    print(
                        f"  round {r + 1} {name}: cpu {cpu:.1f} s, wall {wall:.1f} s, {n:,} statements, peak {peak} MB"
                    )
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], check=False)
    medians = {k: (statistics.median(t[0] for t in v), statistics.median(t[1] for t in v)) for k, v in times.items()}
    print(
        f"== analysis of {args.docs} BBC articles, {args.rounds} rounds: {args.old} (old) against this checkout (new)"
    )
    for name in ("old", "new"):
        cpu, wall = medians[name]
        peak = max(t[3] for t in times[name])
        print(f"{name:<4} median cpu {cpu:6.1f} s   wall {wall:6.1f} s   peak {peak} MB")
    print(
        f"new / old: cpu {medians['new'][0] / medians['old'][0]:.3f}, wall {medians['new'][1] / medians['old'][1]:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
