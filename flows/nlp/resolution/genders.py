"""Which pronoun each person takes: from an honorific, else the first name, else the text.

An honorific decides ("Mr", "Mrs", "Sir", "Dame"). Otherwise the first name of a person named in
full does, from the nomquamgender name data (below). Otherwise the pronouns that follow the
person's mentions vote ("Putin blamed the west. He added"): the weakest evidence, since the
pronoun after a name is often someone else's.

First names: nomquamgender (MIT licence, Van Buskirk, Clauset and Larremore) ships counts of 720,000 given
names, pooled from 36 published sources, with the share of them borne by women. A name is "f" or
"m" only when nine in ten of its bearers agree and at least `MIN_COUNT` were counted: "Andrea",
"Jean" and "Nicola" stay unknown, and unknown is compatible with both pronouns.

Loading the package's 22 MB of JSON takes 1.5 s and 280 MB, so the names that pass are written
once to a small table in the user's cache directory (keyed by the package version) and read from
there afterwards: 0.1 s and a few MB per process.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.resources
import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from flows.nlp.lexicon import FEMALE_HONORIFICS, HONORIFICS, MALE_HONORIFICS

if TYPE_CHECKING:
    from flows.nlp.entities import ResolvedMention

PACKAGE = "nomquamgender"
MIN_COUNT = 20
AGREEMENT = 0.9


_WORD = re.compile(r"[A-Za-z]+")
_MALE_WORDS = frozenset({"he", "him", "his", "himself"})
_FEMALE_WORDS = frozenset({"she", "her", "hers", "herself"})


def entity_genders(text: str, mentions: Sequence[ResolvedMention]) -> dict[str, str]:
    """Each person entity's pronoun, "m" or "f", where an honorific, the first name or the text tells."""
    titles: dict[str, Counter[str]] = {}
    following: dict[str, Counter[str]] = {}
    names: dict[str, str] = {}
    persons = [m for m in mentions if m.label == "PERSON"]
    for i, m in enumerate(persons):
        names[m.entity_id] = m.entity_name
        before = text[max(0, m.mention.start_char - 12) : m.mention.start_char].split()
        written = m.mention.text.split()
        title = titles.setdefault(m.entity_id, Counter())
        for word in (before[-1:] if before else []) + written[:1]:
            gender = honorific_gender(word)
            if gender is not None:
                title[gender] += 1
        # The first personal pronoun after the mention, before the next person.
        stop = persons[i + 1].mention.start_char if i + 1 < len(persons) else len(text)
        window = text[m.mention.end_char : min(stop, m.mention.end_char + 250)]
        votes = following.setdefault(m.entity_id, Counter())
        for word in _WORD.findall(window):
            lower = word.lower()
            if lower in _MALE_WORDS or lower in _FEMALE_WORDS:
                votes["m" if lower in _MALE_WORDS else "f"] += 1
                break
    genders = {}
    for entity_id, name in names.items():
        gender = _decided(titles[entity_id])
        if gender is None:
            words = [w for w in name.split() if w.casefold().strip(".") not in HONORIFICS]
            if len(words) >= 2:
                gender = first_name_gender(words[0])
        if gender is None:
            gender = _decided(following[entity_id])
        if gender is not None:
            genders[entity_id] = gender
    return genders


def honorific_gender(word: str) -> str | None:
    """ "m" for "Mr", "Sir"; "f" for "Mrs", "Dame"; else None."""
    lower = word.casefold().rstrip(".")
    if lower in MALE_HONORIFICS:
        return "m"
    if lower in FEMALE_HONORIFICS:
        return "f"
    return None


def _decided(votes: Counter[str]) -> str | None:
    top = votes.most_common(2)
    if not top or (len(top) == 2 and top[0][1] == top[1][1]):
        return None
    return top[0][0]


def first_name_gender(first_name: str) -> str | None:
    """ "m", "f", or None when the name is unknown or borne by both."""
    return _table().get(first_name.casefold().strip(".'’"))


@functools.cache
def _table() -> dict[str, str]:
    try:
        version = importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return {}
    cached = _cache_dir() / f"first-names-{PACKAGE}-{version}-{MIN_COUNT}-{AGREEMENT}.tsv"
    try:
        return dict(line.split("\t", 1) for line in cached.read_text(encoding="utf-8").splitlines())  # type: ignore[misc]
    except (OSError, ValueError):
        pass
    table = _derive()
    _write(cached, table)
    return table


def _derive() -> dict[str, str]:
    raw = json.loads((importlib.resources.files(PACKAGE) / "name_data.json").read_text(encoding="utf-8"))
    table = {}
    for name, (_, count, share_female, *_) in raw.items():
        if count < MIN_COUNT or not name.isalpha():
            continue
        if share_female >= AGREEMENT:
            table[name] = "f"
        elif share_female <= 1 - AGREEMENT:
            table[name] = "m"
    return table


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "presstables"


def _write(path: Path, table: dict[str, str]) -> None:
    """Best effort: a cache that cannot be written only costs the next process the derivation."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as out:
            out.write("".join(f"{name}\t{gender}\n" for name, gender in sorted(table.items())))
        os.replace(out.name, path)
    except OSError:
        pass
