"""Entity mentions on CoNLL-2003, ours next to the raw spaCy model (see flows/evaluation/entities.py).

.venv/bin/python benchmarks/eval_entities.py ../shared/data/conll2003/eng.testa
"""

import sys

from flows.evaluation.entities import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
