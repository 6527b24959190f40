"""Run the rule table over one parsed piece: stage by stage, in the table's order (see rules.py)."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Sequence
from itertools import groupby

from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.vocab import Vocab

from flows.nlp.statements.collisions import Found, place, place_from_sentence
from flows.nlp.statements.rules import RULES, Rule
from flows.nlp.statements.statement import Reading, Statement


def extract_statements(
    doc: Doc, sentence_bounds: list[tuple[int, int]], rules: Sequence[Rule] = RULES
) -> list[Statement]:
    """Statements in document order (by content start), found by the rules of the table."""
    reading = Reading.of(doc, sentence_bounds)
    found = Found()
    for unit, stage in groupby(rules, key=lambda rule: rule.unit):
        stage_rules = list(stage)
        if unit == "word":
            _run_word_rules(stage_rules, reading, found)
        elif unit == "quotation":
            _run_quotation_rules(stage_rules, reading, found)
        else:
            for rule in stage_rules:
                found.sort()
                rule.apply(reading, found)
    found.sort()
    return found.statements


def _run_word_rules(rules: Sequence[Rule], reading: Reading, found: Found) -> None:
    """Word by word in document order; at each word, the rules its phrases matched, in table order."""
    doc = reading.doc
    matcher, index_of = _matcher(doc.vocab, tuple(rule.name for rule in rules))
    triggered: dict[int, set[int]] = {}
    for key, start, end in matcher(doc):
        index = index_of[key]
        rule = rules[index]
        if rule.vetoes and not rule.apply(doc[start:end]):
            continue
        # A veto holds for every word of its expression; a rule that finds is tried at the first.
        for i in range(start, end) if rule.vetoes else (start,):
            triggered.setdefault(i, set()).add(index)
    if not triggered:
        return
    sentences = list(doc.sents)
    starts = [s.start for s in sentences]
    for i in sorted(triggered):
        token = doc[i]
        sent = sentences[bisect.bisect_right(starts, i) - 1]
        for index in sorted(triggered[i]):
            rule = rules[index]
            if rule.vetoes:
                break
            stmt = rule.apply(token, sent, reading)
            if stmt is not None:
                stmt.rule = rule.name
                place_from_sentence(found, stmt, sent, reading)
                break


def _run_quotation_rules(rules: Sequence[Rule], reading: Reading, found: Found) -> None:
    """Quotation by quotation, over those no statement holds yet; the first rule that finds (or
    vetoes) ends the quotation's turn."""
    for quote in reading.quotes:
        if any(s.content.overlaps(quote) for s in found.statements):
            continue
        for rule in rules:
            result = rule.apply(quote, reading)
            if rule.vetoes:
                if result:
                    break
            elif result is not None:
                result.rule = rule.name
                place(found, result)
                break


@functools.lru_cache(maxsize=8)
def _matcher(vocab: Vocab, names: tuple[str, ...]) -> tuple[PhraseMatcher, dict[int, int]]:
    """One PhraseMatcher (on lower-case forms) for the phrases of a stage's rules, and each match
    key's index in the stage."""
    rules = {rule.name: rule for rule in RULES}
    matcher = PhraseMatcher(vocab, attr="LOWER")
    index_of = {}
    for index, name in enumerate(names):
        key = f"statements:{name}"
        # The matcher outlives the memory zone it may be built in (analyze.py parses in one): its
        # keys and words must not be dropped with the zone's strings.
        for string in (key, *(word for phrase in rules[name].phrases for word in phrase.split())):
            vocab.strings.add(string, allow_transient=False)  # type: ignore[call-arg]  # stubs lag spaCy 3.8
        matcher.add(key, [Doc(vocab, words=phrase.split()) for phrase in rules[name].phrases])
        index_of[get_string_id(key)] = index
    return matcher, index_of
