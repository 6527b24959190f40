"""What the start-up tricks of `presstables run` save (flows/startup.py), measured side by side.

    python benchmarks/startup.py [--docs 100] [--bbc ../shared/data/bbc/txt] [--repeat 3]

Cold runs on the first `--docs` BBC articles into a new warehouse, each in a new process:
- `presstables run` (the early temporary server; with --workers 2, workers forked with the model);
- the same flow called plainly from Python (`build_warehouse(...)`): Prefect starts its own
  temporary server at the first flow call, and the flow spawns workers that each load the model.
Prints the median wall time of each and the difference.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import DEFAULT_BBC, measure_tree  # noqa: E402

PLAIN = """
import sys
from pathlib import Path
from flows.cli import configure_prefect
configure_prefect()
from flows.build_warehouse import build_warehouse
build_warehouse(paths=[Path(sys.argv[1])], warehouse=Path(sys.argv[2]), workers=int(sys.argv[3]))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--bbc", type=Path, default=DEFAULT_BBC)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    presstables = str(Path(sys.executable).with_name("presstables"))
    work = Path(tempfile.mkdtemp(prefix="presstables-startup-"))
    corpus = work / "corpus"
    corpus.mkdir()
    for path in sorted(args.bbc.glob("*.txt"))[: args.docs]:
        shutil.copy(path, corpus / path.name)
    env = {**os.environ, "PRESSTABLES_PROGRESS": "0"}
    times: dict[str, list[float]] = {}
    for r in range(args.repeat):
        for workers in (1, 2):
            for how in ("presstables run", "plain flow call"):
                wh = work / f"wh-{r}-{workers}-{how[0]}"
                if how == "presstables run":
                    cmd = [
                        presstables,
                        "run",
                        str(corpus),
                        "--warehouse",
                        str(wh),
                        "--workers",
                        str(workers),
                        "--quiet",
                    ]
                else:
                    cmd = [sys.executable, "-c", PLAIN, str(corpus), str(wh), str(workers)]
                measure = measure_tree(f"{how}, --workers {workers}", cmd, env)
                times.setdefault(measure.name, []).append(measure.seconds)
                shutil.rmtree(wh, ignore_errors=True)
        print("  round " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in times.items()), flush=True)
    print(f"\ncold runs on {args.docs} articles, medians of {args.repeat}")
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"  {name:<36} {value:6.1f} s")
    for workers in (1, 2):
        fast, plain = medians[f"presstables run, --workers {workers}"], medians[f"plain flow call, --workers {workers}"]
        print(f"  saved with --workers {workers}: {plain - fast:.1f} s ({(plain - fast) / plain:.0%})")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
