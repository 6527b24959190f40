"""Sentence starts set before the parser: the boundaries a statistical parser gets wrong in news.

The `sentence_rules` component decides, for every token, whether it starts a sentence (1), does not
(-1), or is left to the parser (0). `RULES` is an ordered table: the first rule that decides wins,
so a rule overrides every rule below it. Each rule looks at the boundary before token `i`.

The parser is good at ordinary full stops; the rules cover what it is not trained to see: a quote
whose attribution follows it ("This is great." she said), abbreviations before a capitalised
word, ellipses, and numbered lists.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from flows.nlp.dates import WEEKDAYS

_END = ".!?…"
_END_CHARS = frozenset(_END)
_OPENING = "“‘«([{„"
_CLOSING = "”’»)]}"
_STRAIGHT = "\"'"
_QUOTES = "“”‘’„«»\"'"
# Typewriter doubles, as NYT copy and the Penn Treebank write quotes: ''There's no way,'' he said.
_DOUBLE_QUOTES = frozenset({"''", "``"})

_TIMES = frozenset({"a.m.", "p.m."})
# A capitalised word after a time that still belongs to it: "at 3 p.m. Tuesday", "9 p.m. Eastern", "5 p.m. ET".
_AFTER_TIME = frozenset([day.capitalize() for day in WEEKDAYS] + "Eastern Central Mountain Pacific".split())
_TIME_ZONE = re.compile(r"[A-Z]{2,4}$")
_VERB_TAGS = frozenset("VB VBD VBZ VBP MD".split())

# Tags of capitalised words that open a sentence rather than continue a name: "E.U. How about you?"
_FUNCTION_TAGS = frozenset("DT PDT PRP PRP$ WP WP$ WDT WRB EX CC MD VBD VBZ VBP".split())
_NAME_TAGS = frozenset({"NNP", "NNPS"})
# Abbreviations that join what follows to what precedes: "Das Volk vs. The State".
_JOINING = frozenset("vs. v. e.g. i.e. a.k.a. cf. viz.".split())
# Abbreviations that number things: "No. 10", "N°. 1026", "p. 55". After others a number may
# start a sentence: "in the US. 50 Cent, whose second album".
_NUMBERING = frozenset("no nos nr n° p pp vol art fig sec ch para op".split())

# A list marker: "1.)", "2)", "b.", "• 10.", "⁃9.", "(a)" before the item's first word.
_LIST_MARKER = re.compile(r"(?:(?<=\s)|^)(?:[•⁃‣◦▪]\s*)?\(?(?P<label>\d{1,2}|[a-z])(?:\.\)|\)|\.)(?=[ \t]+\S)")


class Tokens:
    """The words of a Doc, read once, with the questions the rules ask of them."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.texts = [t.text for t in doc]
        self.spaces = [t.whitespace_ for t in doc]

    def __len__(self) -> int:
        return len(self.texts)

    def tag(self, i: int) -> str:
        return self.doc[i].tag_ if self.has_tags else ""

    @cached_property
    def has_tags(self) -> bool:
        return self.doc.has_annotation("TAG")

    def _glued(self, i: int) -> tuple[bool, bool]:
        """Whether token i touches the word before it, and the word after it."""
        before = i > 0 and self.spaces[i - 1] == "" and not self.texts[i - 1][-1:].isspace()
        return before, self.spaces[i] == ""

    def is_quote(self, i: int) -> bool:
        text = self.texts[i]
        return (len(text) == 1 and text in _QUOTES) or text in _DOUBLE_QUOTES

    def is_opening(self, i: int) -> bool:
        text = self.texts[i]
        if (len(text) != 1 or text not in _OPENING + _STRAIGHT) and text not in _DOUBLE_QUOTES:
            return False
        before, after = self._glued(i)
        # Spacing tells a quote mark's side, whatever its shape (`decision.“ However`).
        if self.is_quote(i) and before != after:
            return after
        return text in _OPENING

    def is_closing(self, i: int) -> bool:
        text = self.texts[i]
        if (len(text) != 1 or text not in _CLOSING + _STRAIGHT) and text not in _DOUBLE_QUOTES:
            return False
        before, after = self._glued(i)
        if self.is_quote(i) and before != after:
            return before
        return text in _CLOSING

    def is_end(self, i: int) -> bool:
        """Sentence-final punctuation: ".", "!", "?!", "...", "…"."""
        text = self.texts[i]
        return bool(text) and all(c in _END for c in text)

    def is_abbreviation(self, i: int) -> bool:
        """A word the tokenizer kept with its period: "Mr.", "E.", "U.S.", "a.m.", "Co."."""
        text = self.texts[i]
        return len(text) >= 2 and text[-1] == "." and text[-2] != "." and any(c.isalpha() for c in text)

    def after_spaced_ellipsis(self, i: int) -> bool:
        """Whether token `i` follows exactly three spaced dots ("is . . . I"), the typeset mark of
        words left out. A full stop glued to its word is not one of them ("compounds. . . . The")."""
        dots, j = 0, i - 1
        while j >= 0 and self.texts[j] == "." and self.spaces[j]:
            if j > 0 and self.spaces[j - 1] == "" and self.texts[j - 1][-1:].isalnum():
                break
            dots += 1
            j -= 1
        return dots == 3

    def ellipsis_after_full_stop(self, i: int) -> int | None:
        """When an ellipsis ("...", "…", ". . .") starts at token `i`, right after a full stop glued
        to its word, the token after the ellipsis."""
        t, s = self.texts, self.spaces
        if not (i >= 2 and t[i - 1] == "." and s[i - 1] and s[i - 2] == "" and t[i - 2][-1:].isalnum()):
            return None
        if t[i] in ("...", "…"):
            after = i + 1
        elif t[i : i + 3] == [".", ".", "."] and s[i] and s[i + 1]:
            after = i + 3
        else:
            return None
        while after < len(t) and t[after].isspace():
            after += 1
        return after

    def is_capitalised(self, i: int) -> bool:
        return i < len(self.texts) and self.texts[i][:1].isupper()

    @cached_property
    def list_items(self) -> dict[int, int]:
        return list_items(self)


def list_items(tokens: Tokens) -> dict[int, int]:
    """Starts (1) at the markers of a numbered or lettered list, and -1 inside each marker and on
    the item's first word. A list is a run of at least two markers numbered one after another
    ("1.", "2." or "a)", "b)"), the first at the start of a line; a lone "2." is a number."""
    text = tokens.doc.text
    if not _LIST_MARKER.search(text):
        return {}
    runs: list[list[re.Match[str]]] = []
    for m in _LIST_MARKER.finditer(text):
        if runs and _follows(runs[-1][-1]["label"], m["label"]):
            runs[-1].append(m)
        elif m.start() == 0 or text[m.start() - 1] == "\n":
            runs.append([m])
    found = [m for run in runs if len(run) >= 2 for m in run]
    if not found:
        return {}
    first_token = {t.idx: t.i for t in tokens.doc}
    decided: dict[int, int] = {}
    for m in found:
        start = first_token.get(m.start())
        if start is None:
            continue
        decided[start] = 1
        end = start + 1
        while end < len(tokens) and tokens.doc[end].idx < m.end():
            decided[end] = -1
            end += 1
        if end < len(tokens):
            decided[end] = -1
    return decided


def _follows(previous: str, label: str) -> bool:
    if previous.isdigit() and label.isdigit():
        return int(label) == int(previous) + 1
    return previous.isalpha() and label.isalpha() and ord(label) == ord(previous) + 1


# The rules. Each takes the words and `i`, and says 1 (token i starts a sentence), -1 (it does
# not) or None (no opinion: the next rule is asked, and the parser decides when none answers).


def line_break(w: Tokens, i: int) -> int | None:
    return 1 if "\n" in w.texts[i - 1] or "\n" in w.spaces[i - 1] else None


def list_item(w: Tokens, i: int) -> int | None:
    return w.list_items.get(i)


def after_plain_word(w: Tokens, i: int) -> int | None:
    return -1 if w.texts[i - 1][-1:].isalnum() else None


def after_opening_mark(w: Tokens, i: int) -> int | None:
    return -1 if w.is_opening(i - 1) else None


def closing_mark(w: Tokens, i: int) -> int | None:
    return -1 if w.is_closing(i) else None


def four_dot_ellipsis(w: Tokens, i: int) -> int | None:
    # A full stop glued to its word ends the sentence; the ellipsis after it opens the next one
    # and keeps its first word ("for us. … But then they did back down").
    after = w.ellipsis_after_full_stop(i)
    if after is not None:
        return 1 if w.is_capitalised(after) else None
    for start in (i - 1, i - 3):
        if start > 0 and w.ellipsis_after_full_stop(start) == i and w.is_capitalised(i):
            return -1
    return None


def repeated_punctuation(w: Tokens, i: int) -> int | None:
    return -1 if w.is_end(i) and w.texts[i - 1][-1:] in _END_CHARS else None


def ellipsis_inside(w: Tokens, i: int) -> int | None:
    # A fourth dot would be a full stop; an unspaced "..." before a capital mostly ends a sentence.
    return -1 if w.after_spaced_ellipsis(i) else None


def lower_case_goes_on(w: Tokens, i: int) -> int | None:
    return -1 if w.texts[i].islower() else None


def number_after_abbreviation(w: Tokens, i: int) -> int | None:
    if not w.texts[i][:1].isdigit() or not w.texts[i - 1].endswith("."):
        return None
    # The abbreviation's letters, also when the tokenizer split it ("N", "°", ".").
    j, word = i - 1, w.texts[i - 1]
    while j > 0 and w.spaces[j - 1] == "" and not w.texts[j - 1][-1:].isspace() and len(word) < 6:
        j -= 1
        word = w.texts[j] + word
    return -1 if word[:-1].lower() in _NUMBERING else None


def quote_opens_sentence(w: Tokens, i: int) -> int | None:
    if not ((w.texts[i] in "\"“'‘" or w.texts[i] in _DOUBLE_QUOTES) and w.is_opening(i) and w.is_capitalised(i + 1)):
        return None
    j = i - 1
    while j > 0 and w.is_closing(j):
        j -= 1
    return 1 if w.texts[j] in (".", "!", "?") else None


def time_abbreviation(w: Tokens, i: int) -> int | None:
    if w.texts[i - 1].lower() not in _TIMES or not w.is_capitalised(i) or not w.has_tags:
        return None
    if w.texts[i] in _AFTER_TIME or _TIME_ZONE.match(w.texts[i]):
        return -1
    j = i - 2
    while j >= 0 and not w.is_end(j) and "\n" not in w.texts[j] + w.spaces[j]:
        if w.tag(j) in _VERB_TAGS:
            return 1  # the time closes a clause: "He left the bank at 6 P.M. | Mr. Smith then went"
        j -= 1
    return -1  # the time opens the sentence: "At 5 a.m. Mr. Smith went to the bank."


def joining_abbreviation(w: Tokens, i: int) -> int | None:
    return -1 if w.texts[i - 1].lower() in _JOINING else None


def initial_before_name(w: Tokens, i: int) -> int | None:
    # Longer abbreviations before a name are left to the parser: "Lodi, N.J. | Harmony's phone".
    initial = len(w.texts[i - 1]) == 2 and w.texts[i - 1][0].isupper()
    return -1 if initial and w.is_abbreviation(i - 1) and w.tag(i) in _NAME_TAGS else None


def abbreviation_before_function_word(w: Tokens, i: int) -> int | None:
    ok = w.is_abbreviation(i - 1) and w.is_capitalised(i) and w.tag(i) in _FUNCTION_TAGS
    return 1 if ok else None


@dataclass(frozen=True)
class Rule:
    name: str
    sets: int  # what the rule sets where it applies: 1, -1, or 0 for either
    example: str  # "| " marks the boundary the rule decides; it is not part of the text
    check: Callable[[Tokens, int], int | None]


RULES: tuple[Rule, ...] = (
    # A news paragraph never shares a sentence with the next.
    Rule("line-break", 1, "Russia replied on Tuesday.\n| The talks resume", line_break),
    Rule("list-item", 0, "1.) The first item | 2.) The second item", list_item),
    # The parser splits names of several words.
    Rule("after-plain-word", -1, "the 13th | Amendment", after_plain_word),
    Rule("after-opening-mark", -1, 'Rathbun stated,\n\n"| Daniel was picked up', after_opening_mark),
    Rule("closing-mark", -1, '"I don\'t know what happened.| " he said.', closing_mark),
    Rule("four-dot-ellipsis", 0, "self-interpreting compounds. | . . . The practice", four_dot_ellipsis),
    Rule("repeated-punctuation", -1, "Hello!| ! Long time no see.", repeated_punctuation),
    Rule("ellipsis-inside", -1, "the thing is . . . | I didn't mean it.", ellipsis_inside),
    # A lower-case word goes on: a quote's attribution, "Yahoo! | in", "engineer.) | at".
    Rule("lower-case-goes-on", -1, '"I don\'t know what happened." | he said.', lower_case_goes_on),
    Rule("number-after-abbreviation", -1, "You can find it at N°. | 1026.253.553.", number_after_abbreviation),
    # The parser hands the opening quote to the sentence before it.
    Rule("quote-opens-sentence", 1, 'the mosque was relatively uncrowded. | "Had it happened', quote_opens_sentence),
    Rule("time-abbreviation", 0, "He left the bank at 6 P.M. | Mr. Smith then went", time_abbreviation),
    Rule("joining-abbreviation", -1, "Das Volk vs. | The State", joining_abbreviation),
    Rule("initial-before-name", -1, "then-Fed Chair Ben S. | Bernanke", initial_before_name),
    Rule(
        "abbreviation-before-function-word",
        1,
        "traveling to the U.S. | The President later took action",
        abbreviation_before_function_word,
    ),
)


def sentence_starts(doc: Doc) -> list[int]:
    """1, -1 or 0 for every token of `doc`: the first rule's answer, 0 when none answers."""
    words = Tokens(doc)
    starts = [0] * len(words)
    for i in range(1, len(words)):
        if not words.texts[i].strip():
            continue
        for rule in RULES:
            decided = rule.check(words, i)
            if decided is not None:
                starts[i] = decided
                break
    return starts


@Language.component("sentence_rules", requires=["token.tag"], assigns=["token.is_sent_start"])
def sentence_rules(doc: Doc) -> Doc:
    """Set the sentence starts `RULES` decide; the parser fills in the rest."""
    if len(doc) < 2:
        return doc
    # One array write: setting is_sent_start token by token costs a twentieth of the parse.
    starts = numpy.array(sentence_starts(doc), dtype="int64").reshape(-1, 1)
    doc.from_array([SENT_START], starts.astype("uint64"))  # type: ignore[arg-type]
    return doc
