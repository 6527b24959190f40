"""The rule table: every way a statement is found or set aside, in the order the extractor runs them.

Rules run in stages. Consecutive rules on words run together, word by word through the piece:
each word where one of a rule's phrases starts (found by a spaCy PhraseMatcher on lower-case
forms) tries the rules that matched it in table order, and the first that finds a statement ends
its turn; a veto (a rule that says "no statement here") ends the turn of every word its phrase
covers. Consecutive rules on quotations then run the same
way, quotation by quotation, over the quotations no statement holds yet. A pass runs once over
everything found so far.

A statement that collides with one placed before it (shared words, or its cue inside the other's
content: see collisions.py) is dropped, so a rule overrides every rule of a later stage, and
within a stage the earlier word or quotation wins. `overrides` names the rules a rule wins over;
tests/test_statements.py checks it against the table's order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from flows.nlp.lexicon import CUE_LEMMAS, FIXED_EXPRESSIONS, SAYING_NOUN_FORMS
from flows.nlp.statements import (
    according_to,
    colon,
    continuation,
    fixed_expression,
    governing_verb,
    headline,
    nominal,
    perception,
    reporting_verb,
    signature,
    trailing_attribution,
)
from flows.nlp.statements.collisions import borrow

# What a rule looks at: words (found by its phrases), quotations not yet in a statement,
# or the statements found so far.
Unit = Literal["word", "quotation", "statements"]


@dataclass(frozen=True)
class Rule:
    name: str
    unit: Unit
    # What makes the rule fire, in words.
    trigger: str
    # A sentence from news that the rule handles.
    example: str
    # Rules this one wins over when both would claim the same words.
    overrides: tuple[str, ...]
    # A word rule: find(token, sentence, reading) -> Statement | None, tried at the first word of
    # a phrase it matched. A veto on words: apply(words) -> bool, whether the matched words veto. A
    # quotation rule: find(quote, reading) -> Statement | None. A veto on quotations:
    # apply(quote, reading) -> bool. A pass: apply(reading, found) -> None.
    apply: Callable[..., Any]
    # A word rule's triggers: words or phrases, as the tokenizer splits them, matched on their
    # lower-case forms ("according to", "that said ,").
    phrases: tuple[str, ...] = ()
    # The rule says where no statement is, for the rules after it in its stage.
    vetoes: bool = False


QUOTATION_RULES = ("governing-verb", "trailing-attribution", "colon", "signature")

RULES: tuple[Rule, ...] = (
    Rule(
        name="fixed-expression",
        unit="word",
        trigger="a fixed expression with a verb of saying (lexicon.FIXED_EXPRESSIONS) where a "
        "parenthetical can stand: its words are no cue",
        example="That said, the graphics are excellent and the game runs smoothly on older machines.",
        overrides=("headline", "reporting-verb", "according-to"),
        apply=fixed_expression.parenthetical,
        phrases=FIXED_EXPRESSIONS,
        vetoes=True,
    ),
    Rule(
        name="headline",
        unit="word",
        trigger="a capitalized verb of saying in a title-case line: the words before speak, the words "
        "after (to a dash, a semicolon or a capitalized “And”) were said",
        example="Zoe Saldana Asked Men Everywhere To “Redefine Masculinity.”",
        overrides=("reporting-verb",) + QUOTATION_RULES,
        apply=headline.find,
        phrases=tuple(sorted(CUE_LEMMAS)),
    ),
    Rule(
        name="reporting-verb",
        unit="word",
        trigger="a form of a reporting verb (lexicon.REPORTING_VERBS) with a subject, or passive; "
        "its complement clause, the quotation next to it, or both; a trailing attribution takes a reported "
        'clause with a cue of its own: "X has agreed to host …, officials said" (collisions.py)',
        example="Bilateral talks between the United States and Russia on Moscow’s recently-proposed security demands "
        "are expected to begin in January, a State Department official said Tuesday.",
        overrides=QUOTATION_RULES,
        apply=reporting_verb.find,
        phrases=tuple(sorted(CUE_LEMMAS)),
    ),
    Rule(
        name="according-to",
        unit="word",
        trigger='"according to" and its object; the rest of the sentence is the content, a whole attribution '
        'included: "X said …, according to Y" is what Y reported (collisions.py)',
        example="Only one person was killed by a gun last year in Japan, according to the National Police Agency, and "
        "there were only eight reported incidents of a gun being fired.",
        overrides=QUOTATION_RULES,
        apply=according_to.find,
        phrases=("according to",),
    ),
    Rule(
        name="nominal-cue",
        unit="word",
        trigger="a noun of saying (lexicon.SAYING_NOUNS) with a named possessor or a “by” phrase, not a verb's "
        "object, and the “that” clause or infinitive that completes it",
        example="Mr. Trump's claim that his net worth exceeds $10 billion has never been tested by an audit.",
        overrides=QUOTATION_RULES,
        apply=nominal.find,
        phrases=tuple(sorted(SAYING_NOUN_FORMS)),
    ),
    Rule(
        name="borrowed-quotation",
        unit="statements",
        trigger="a cue whose content is a quotation outside its sentence (the parser often ends a "
        "sentence at a closing mark); it yields to the statements of that sentence, unless they "
        "only hold its cue",
        example="“Does he not understand we wrote Japan’s Constitution to say that they could not be a nuclear power?” "
        "Biden said.",
        overrides=(),
        apply=borrow,
    ),
    Rule(
        name="perception",
        unit="quotation",
        trigger="a quotation characterized with “as” by a verb of perception or judgement "
        "(lexicon.PERCEPTION_VERBS): no statement",
        example='Some in podcasting also worry that too much attention may turn what they see as the "anti-radio" '
        "into something that is more like conventional broadcasting.",
        overrides=QUOTATION_RULES,
        apply=perception.characterizes,
        vetoes=True,
    ),
    Rule(
        name="governing-verb",
        unit="quotation",
        trigger="a quotation that is the object or complement of a verb of saying or attributing "
        "(lexicon.ATTRIBUTION_VERBS), or that characterizes someone “as” something; short quotations "
        "only after verbs of attributing or as a characterization",
        example="Marty West, an education professor at Harvard, called it “an incredibly significant development.”",
        overrides=("trailing-attribution", "colon", "signature"),
        apply=governing_verb.find,
    ),
    Rule(
        name="trailing-attribution",
        unit="quotation",
        trigger="a quotation opening its sentence and ending on a comma, question or exclamation "
        "mark, then a name and any verb",
        example="“Sit down,” the chairman snapped, as the hearing grew louder.",
        overrides=("colon", "signature"),
        apply=trailing_attribution.find,
    ),
    Rule(
        name="colon",
        unit="quotation",
        trigger="a quotation of four words or more after a colon (or a comma right after a verb); "
        "the verb before it and its subject, or else the proper name before the colon",
        example='Rep. Trey Gowdy (R-S.C.): "I have not heard anyone other than you ever cite that figure. Who told you '
        'that?"',
        overrides=("signature",),
        apply=colon.find,
    ),
    Rule(
        name="signature",
        unit="quotation",
        trigger="a quotation ending its paragraph with a dash and a name, or a bracketed source",
        example="“We came here for work, not for trouble.” ― Maria Lopez",
        overrides=(),
        apply=signature.find,
    ),
    Rule(
        name="continuation",
        unit="statements",
        trigger="a quotation after a statement with only its attribution between, or a paragraph "
        "that is only a quotation",
        example="“There are some things that we’re prepared to work on and that we do believe that there’s merit in "
        "having a discussion,” she said. “There are other things in those documents that the Russians know will be "
        "unacceptable.”",
        overrides=(),
        apply=continuation.extend_quote_runs,
    ),
)
