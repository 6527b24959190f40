"""Sentence rules: the English Golden Rules, each rule's own example, and news sentences whose quote and
attribution must stay together (or apart)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from flows.nlp.sentence_rules import RULES, Rule, Tokens
from flows.nlp.sentences import sentence_bounds

GOLDEN = json.loads((Path(__file__).parent / "data" / "golden_rules.json").read_text(encoding="utf-8"))["cases"]


def case_id(case: dict) -> str:
    """ "g25-double-quotations-inside-sentence" for rule 25."""
    return f"g{case['id']:02d}-" + "-".join(re.findall(r"[a-z0-9]+", case["rule"].lower()))


def split(nlp, text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_bounds(nlp(text))]


@pytest.mark.parametrize("case", GOLDEN, ids=[case_id(c) for c in GOLDEN])
def test_golden_rule(nlp, case: dict) -> None:
    assert split(nlp, case["text"]) == [s.strip() for s in case["sentences"]]


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_each_rule_decides_its_example(nlp, rule: Rule) -> None:
    """The table's examples hold: the rule is the first to answer at the marked boundary."""
    at = rule.example.index("| ")
    doc = nlp(rule.example.replace("| ", ""))
    words = Tokens(doc)
    i = next(t.i for t in doc if t.idx == at)
    first = next((r, v) for r in RULES if (v := r.check(words, i)) is not None)
    assert first[0].name == rule.name
    assert first[1] == rule.sets if rule.sets else first[1] in (1, -1)
    assert doc[i].is_sent_start is (first[1] == 1)


# Real news: BBC News articles (the BBC corpus of Greene and Cunningham) and Wikinews (CC BY 2.5).
NEWS = [
    pytest.param(
        "Shearer said he was unsure what caused Bridge's injury. \"I don't know what happened.\" he said. "
        '"It was just a shame.',
        [
            "Shearer said he was unsure what caused Bridge's injury.",
            '"I don\'t know what happened." he said.',
            '"It was just a shame.',
        ],
        id="full-stop-quote-then-he-said",
    ),
    pytest.param(
        '"Now it\'s basically bring it on!" said the giant winger.',
        ['"Now it\'s basically bring it on!" said the giant winger.'],
        id="exclamation-quote-then-said-the",
    ),
    pytest.param(
        "\"Wouldn't this be a good opportunity for a new home secretary, a new broom, to sweep clean in this "
        'respect and why do we need this legislation in the first place?" he asked. Earlier this week the Tories '
        "announced they would back the government's plans.",
        [
            "\"Wouldn't this be a good opportunity for a new home secretary, a new broom, to sweep clean in this "
            'respect and why do we need this legislation in the first place?" he asked.',
            "Earlier this week the Tories announced they would back the government's plans.",
        ],
        id="question-quote-then-he-asked",
    ),
    pytest.param(
        "\"As far as I'm concerned, the government have to start all over again and rethink their whole strategy "
        'for dealing with this." he added.',
        [
            "\"As far as I'm concerned, the government have to start all over again and rethink their whole "
            'strategy for dealing with this." he added.'
        ],
        id="full-stop-quote-then-he-added",
    ),
    pytest.param(
        "China's Baoshan Iron and Steel Co. said it was delaying a share sale because of weak market conditions.",
        ["China's Baoshan Iron and Steel Co. said it was delaying a share sale because of weak market conditions."],
        id="company-abbreviation-before-verb",
    ),
    pytest.param(
        "The six-member Afghan team had been denied visas, drawing notice from critics of U.S. President Donald "
        "Trump's policies regarding Muslims traveling to the U.S. The President later personally took action to "
        "allow the team into the country.",
        [
            "The six-member Afghan team had been denied visas, drawing notice from critics of U.S. President "
            "Donald Trump's policies regarding Muslims traveling to the U.S.",
            "The President later personally took action to allow the team into the country.",
        ],
        id="us-before-a-title-and-at-a-sentence-end",
    ),
    pytest.param(
        'The accident occurred at a time when the mosque was relatively uncrowded. "Had it happened an hour later '
        'it would have been much worse," Khaled Al-Maeena, editor at large at the Saudi Gazette, said.',
        [
            "The accident occurred at a time when the mosque was relatively uncrowded.",
            '"Had it happened an hour later it would have been much worse," Khaled Al-Maeena, editor at large at '
            "the Saudi Gazette, said.",
        ],
        id="opening-quote-stays-with-its-sentence",
    ),
    pytest.param(
        "Mr. Obama said the Democrats had run a campaign they could be proud of. ''There's no doubt that we "
        "have work to do,'' he told reporters.",
        [
            "Mr. Obama said the Democrats had run a campaign they could be proud of.",
            "''There's no doubt that we have work to do,'' he told reporters.",
        ],
        id="quote-opens-sentence-double-apostrophes",
    ),
]


@pytest.mark.parametrize(("text", "sentences"), NEWS)
def test_news_quotes_and_attributions(nlp, text: str, sentences: list[str]) -> None:
    assert split(nlp, text) == sentences


def test_rules_run_before_the_parser(nlp) -> None:
    assert nlp.pipe_names.index("sentence_rules") < nlp.pipe_names.index("parser")
