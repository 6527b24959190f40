"""Score statements against PolNeAR-style gold: `python benchmarks/eval_statements.py GOLD_DIR`.

A thin wrapper over `flows.evaluation.statements` (the same scorer `presstables eval statements` runs).
"""

import sys

from flows.evaluation.statements import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
