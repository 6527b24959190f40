"""Rule `reporting-verb`: a verb of saying and the clause it governs, the quotation next to it, or both.

"Talks are expected to begin in January, a State Department official said Tuesday." (indirect)
"“Safety,” said Grimm." (direct) "He added that Moscow wants “constructive, meaningful talks”." (mixed)
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from flows.nlp.lexicon import ADDRESSEE_VERBS, CUE_LEMMAS, MESSAGE_VERBS, TOPIC_PREPOSITIONS
from flows.nlp.spans import Span, doc_text, trim
from flows.nlp.statements.content import (
    after_colon,
    between_is_attribution,
    clause_before_attribution,
    clause_content,
    cut_after_last_quote,
    cut_before_next_cue,
    cut_before_speaker,
    cut_trailing_aside,
    ends_quoted,
    extend_to_quotes,
    governed_in_gap,
    interrupted_clause,
    starts_quoted,
)
from flows.nlp.statements.cues import continues_attribution, is_cue
from flows.nlp.statements.speaker import SUBJECT_DEPS, adverbial_passive, cue_and_addressee, speaker_of
from flows.nlp.statements.statement import (
    CONTENT_EDGES,
    MAX_ATTRIBUTION_GAP,
    MIN_QUOTE_WORDS,
    Reading,
    Statement,
    holds,
    inside_quote,
    kind_of,
    touches,
    word_count,
)


def find(token: Token, sent: SpacySpan, reading: Reading) -> Statement | None:
    """A statement from the reporting verb `token`, with its speaker (None when passive)."""
    if not is_cue(token):
        return None
    quotes = reading.quotes
    text = doc_text(token.doc)
    lemma = CUE_LEMMAS[token.lower_]
    speaker, passive = speaker_of(token)
    if speaker is None and not passive:
        return None
    cue, addressee = cue_and_addressee(token, lemma)
    if any(q.start < cue.start and cue.end <= q.end for q in quotes):
        return None  # a verb of saying inside a quotation is part of what was said
    content = clause_content(token, sent)
    if content is not None:
        content = cut_before_next_cue(token, content, quotes)
    if content is not None and content.start >= token.idx:
        content = cut_trailing_aside(token.doc, content, quotes)
    if content is not None and adverbial_passive(token):
        content = cut_trailing_aside(token.doc, _fronted_clause_end(token, sent, content), quotes)
    if content is None:
        content = _as_clause_content(token)
    if content is None:
        content = _complement_behind_phrase(token, sent)
        if content is not None:
            content = cut_before_next_cue(token, content, quotes)
    interrupting = content is None and interrupted_clause(token) is not None
    if interrupting:
        # "Biden, Rubio said, had been in the Senate ...": the content runs around its cue.
        content = interrupted_clause(token)
    # A speaker borrowed from another verb ("Christie said, adding ...") is not part of this
    # verb's attribution when looking for the quotation next to it.
    own_speaker = speaker if any(c.dep_ in SUBJECT_DEPS or c.dep_ == "agent" for c in token.children) else None
    # A relative clause on a name ("said O'Donnell, who wrote about the visit in his book. “…”")
    # does not reach past its sentence for a quotation.
    near = _adjacent_quote(token, sent, quotes, own_speaker, content is None and token.dep_ != "relcl")
    if near is not None and adverbial_passive(token) and not (content is not None and content.contains(near)):
        near = None  # "Asked if …, Ryan said, “Sure.”": the quotation is the answer, not the question
    if content is None and (near is None or near.start >= sent.end_char or _quoted_within(text, near, sent, cue)):
        # "…, she said. “If you think …”": the sentence the cue closes is what was said, not the
        # quotation after it (that one has an attribution of its own), nor a quoted word at its end
        # ("… speculative words like “maybe” and “perhaps”, he told reporters").
        content = clause_before_attribution(token, cue, speaker, sent)
        near = None if content is not None else near
    if content is None and near is None:
        near = _quote_after_colon(token, sent, quotes)
    if content is None and near is None:
        content = _object_phrase(token, lemma)
    if content is None and near is None:
        return None
    if content is None and near is not None and near.start >= cue.end:
        content = _governed_phrase(token, near)
    if content is None or len(content) == 0:
        content = near
    if content is None:
        return None  # an empty clause and no quotation: nothing was reported
    if addressee is not None and _asked_to(token, content, addressee):
        # "asked the Supreme Court to intervene": annotators mark whom and what together.
        content, cue = Span(addressee.start, content.end), Span(token.idx, token.idx + len(token))
    content = extend_to_quotes(content, quotes)
    content = cut_after_last_quote(token.doc, content, quotes)
    content = cut_before_speaker(content, speaker, quotes)
    if content.end <= cue.start:
        content = after_colon(text, content, quotes)
    split = False
    if near is not None and not content.overlaps(near) and between_is_attribution(text, content, near):
        first, second = (content, near) if content.start < near.start else (near, content)
        if not (first.end <= cue.start and cue.end <= second.start):
            content = Span(first.start, second.end)
        elif ends_quoted(text, first) and starts_quoted(text, second):
            # “…,” Robinson said, “…”: one quotation split by its attribution.
            content, split = Span(first.start, second.end), True
        elif content.end <= cue.start < near.start:
            # A fronted clause that is not quoted ("Asked if ..., Ryan said, “Sure.”") sets the
            # scene; the quotation the cue introduces is what was said.
            content = near
    if len(content) == 0 or (
        not (interrupting or split or _relative(token, content)) and (content.overlaps(cue) or holds(content, speaker))
    ):
        return None
    return Statement(
        sentence_idx=reading.sentence_idx(sent.start_char),
        content=content,
        kind=kind_of(text, content, quotes, cue),
        speaker=speaker,
        cue=cue,
        cue_lemma=lemma,
        addressee=addressee,
    )


def _fronted_clause_end(verb: Token, sent: SpacySpan, content: Span) -> Span:
    """What an adverbial "Asked …" clause opening the sentence asks runs to the comma before the
    main clause's subject, even where the parse cut it short ("Asked if it had appeared he was
    encouraging violence with his statement, Trump said …": "he was encouraging …" hung on "said")."""
    root = sent.root
    subject = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
    if root.i <= verb.i or subject is None or subject.i <= verb.i:
        return content
    comma = verb.doc[subject.left_edge.i - 1] if subject.left_edge.i > verb.i + 1 else None
    if comma is None or comma.text != "," or comma.idx <= content.end or content.start < verb.idx:
        return content
    if any(
        t.text == "," and t.idx >= content.end
        for t in verb.doc[verb.i : comma.i]
        if t.dep_ == "punct" and t.head == root
    ):
        return content  # another clause of the sentence stands between
    return Span(*trim(doc_text(verb.doc), content.start, comma.idx, CONTENT_EDGES))


def _asked_to(verb: Token, content: Span, addressee: Span) -> bool:
    """The content is an infinitive right after the person asked or urged ("urged Congress to pass
    the bill")."""
    text = doc_text(verb.doc)
    return (
        addressee.end <= content.start
        and text[content.start :].startswith("to ")
        and not text[addressee.end : content.start].strip()
    )


def _as_clause_content(verb: Token) -> Span | None:
    """In "As The Times reported, he has emerged as an adviser", what was said is the clause the
    fronted "as" clause hangs on."""
    if verb.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        return None
    if not any(c.dep_ == "nsubj" for c in verb.children) or any(c.dep_ in ("ccomp", "dobj") for c in verb.children):
        return None
    head, doc = verb.head, verb.doc
    if not head.tag_.startswith("VB"):
        return None
    if verb.i > head.i:
        return None  # a trailing "…, as voters responded" is more often no attribution
    right = verb.right_edge
    start, end = right.idx + len(right), head.right_edge.idx + len(head.right_edge)
    start, end = trim(doc_text(doc), start, end, CONTENT_EDGES + ".")
    return Span(start, end) if len(doc_text(doc)[start:end].split()) >= 3 else None


# What makes a clause opened by "that" a complement rather than a relative clause: its verb has a
# subject of its own and an object or complement besides "that".
_CLAUSE_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl"})
_CLAUSE_OBJECTS = frozenset({"dobj", "ccomp", "xcomp", "attr", "acomp", "oprd", "dative", "advcl"})


def _complement_behind_phrase(verb: Token, sent: SpacySpan) -> Span | None:
    """The complement clause the parse hung on a noun, when a phrase stands between the cue and
    "that": "said in one of a series of Twitter messages that the truck was carrying arms", "told
    Yahoo News in a story that posted this week that he believes …", "repeated his claim that …"
    (annotators mark the clause, not the noun it completes)."""
    if any(c.dep_ in ("ccomp", "xcomp") and c.i > verb.i for c in verb.children):
        return None
    for that in verb.doc[verb.i + 1 : min(verb.right_edge.i, sent.end - 1)]:
        if that.lower_ != "that" or that.i - verb.i > 20:
            continue
        clause = that.head
        if clause.i <= that.i or not clause.tag_.startswith("VB") or clause.head.i == verb.i:
            continue
        if not any(c.dep_ in _CLAUSE_SUBJECTS and c.i != that.i for c in clause.children):
            continue
        if that.dep_ != "mark" and not any(c.dep_ in _CLAUSE_OBJECTS and c.i != that.i for c in clause.children):
            continue  # "in a story that he wrote": a relative clause with its object gap
        if any(is_cue(t) for t in verb.doc[verb.i + 1 : that.i]):
            return None
        end = clause.right_edge
        return Span(*trim(doc_text(verb.doc), that.idx, end.idx + len(end), CONTENT_EDGES + "."))
    return None


def _relative(verb: Token, content: Span) -> bool:
    """A cue inside the relative clause whose pronoun opens what was said ("the attacks, which the
    probe said were covered up"): the content runs around its cue, as annotators mark it."""
    if verb.dep_ != "relcl":
        return False
    first = verb.doc.char_span(content.start, content.end, alignment_mode="expand")
    return first is not None and len(first) > 0 and first[0].tag_ in ("WDT", "WP") and first[0].i < verb.i


def _object_phrase(verb: Token, lemma: str) -> Span | None:
    """The noun phrase a verb of saying takes as its object, when it governs no clause: "announced
    his resignation", "reported 906 attacks against asylum seeker homes"; or the topic it speaks
    on ("declined to comment on the reaction", "asked about the emails", "warned of a crisis")."""
    objects = [c for c in verb.rights if c.dep_ in OBJECT_DEPS] if lemma in MESSAGE_VERBS else []
    if not objects:
        asked = lemma == "ask" and adverbial_passive(verb)  # "Asked about his paid speeches, …"
        prep = next(
            (
                c
                for c in verb.rights
                if c.dep_ == "prep"
                and (lemma in TOPIC_PREPOSITIONS.get(c.lower_, ()) or (asked and c.lower_ == "about"))
            ),
            None,
        )
        topic = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        # Annotators mark the topic with its preposition ("Asked about it", "warned of a crisis").
        objects = [prep, topic] if prep is not None and topic is not None else []
    if not objects and lemma == "say":
        objects = _said_the_same(verb)
    if not objects:
        return None
    start, end = objects[0].left_edge.idx, objects[-1].right_edge.idx + len(objects[-1].right_edge)
    return Span(*trim(doc_text(verb.doc), start, end, CONTENT_EDGES + "."))


OBJECT_DEPS = frozenset({"dobj"})

# What "say" takes as its whole message when it governs no clause: "26 percent said the same of
# Trump", "55 percent said so", "the candidate said no".
_SAID_WORDS = frozenset({"same", "so", "no", "yes", "otherwise"})


def _said_the_same(verb: Token) -> list[Token]:
    """The word after "say" that stands for a whole answer, with the phrase it heads."""
    doc = verb.doc
    after = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    if after is not None and after.lower_ == "the" and after.i + 1 < len(doc):
        after = doc[after.i + 1]
    if after is None or after.lower_ not in _SAID_WORDS or after.head.i not in (verb.i, after.i):
        return []
    return [after]


def _governed_phrase(verb: Token, quote: Span) -> Span | None:
    """The verb's object phrase that ends with or holds a quotation ("admitted “one or two
    instances” where donations may have “slipped through the cracks”", "noted the change from
    the usual campaign slogan, “Make America Great Again”"), when the quotation is not all of it."""
    doc = verb.doc
    tokens = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if tokens is None or len(tokens) == 0:
        return None
    child = tokens.root
    while child.head.i != child.i and child.head.i != verb.i:
        child = child.head
    if child.head.i != verb.i or child.i < verb.i or child.dep_ not in ("dobj", "prep", "ccomp", "xcomp", "oprd"):
        return None
    addressed = CUE_LEMMAS.get(verb.lower_) in ADDRESSEE_VERBS  # "told reporters that ...": not what was said
    objects = ("dative",) if addressed else ("dobj", "dative")
    first = next((c for c in verb.rights if c.dep_ in objects and c.i <= child.i), child)
    start = min(first.left_edge.idx, quote.start)
    end = max(child.right_edge.idx + len(child.right_edge), quote.end)
    text = doc_text(doc)
    span = Span(*trim(text, start, end, CONTENT_EDGES))
    return span if span.contains(quote) else None


def _adjacent_quote(
    verb: Token, sent: SpacySpan, quotes: list[Span], speaker: Span | None, outside_sentence: bool
) -> Span | None:
    """The quotation this verb introduces or closes, in or touching its sentence.

    A quotation right next to the attribution (only punctuation between: "“Safety,” said
    Grimm") counts whatever its length; one further away must be several words long, so a quoted
    phrase elsewhere in the sentence is not taken for the statement. With `outside_sentence`, a
    quotation just before or after the sentence in the same paragraph counts too: the parser often
    ends a sentence at a closing mark ("“…?” | Biden said.").
    """
    text = doc_text(verb.doc)
    attribution = Span(verb.idx, verb.idx + len(verb))
    if speaker is not None:
        attribution = Span(min(attribution.start, speaker.start), max(attribution.end, speaker.end))
    sent_start, sent_end = trim(text, sent.start_char, sent.end_char, " \t\n")
    best: tuple[int, Span] | None = None
    for q in quotes:
        sentence = Span(sent_start, sent_end)
        if q.overlaps(attribution) or not (q.overlaps(sentence) or (outside_sentence and touches(text, q, sentence))):
            continue
        if q.end <= verb.idx and continues_attribution(verb):
            continue  # “…,” adding, “…”: the quotation before belongs to the first cue
        if _cue_between(verb, attribution, q, quotes):
            continue  # the quotation belongs to the cue nearer to it ("…, and added: “…”")
        gap_span = Span(attribution.end, q.start) if attribution.end <= q.start else Span(q.end, attribution.start)
        if governed_in_gap(verb.doc, q, gap_span, attribution):
            continue
        gap = text[q.end : attribution.start] if q.end <= attribution.start else text[attribution.end : q.start]
        touching = not any(ch.isalnum() for ch in gap)
        if not touching and word_count(text, q) < MIN_QUOTE_WORDS:
            continue
        distance = len(gap) if touching else len(gap) + MAX_ATTRIBUTION_GAP
        if best is None or distance < best[0]:
            best = (distance, q)
    return best[1] if best is not None else None


def _quoted_within(text: str, quote: Span, sent: SpacySpan, cue: Span) -> bool:
    """A quotation before the cue with words of its sentence before it."""
    return quote.end <= cue.start and any(ch.isalnum() for ch in text[sent.start_char : quote.start])


def _cue_between(verb: Token, attribution: Span, quote: Span, quotes: list[Span]) -> bool:
    """Another cue stands between the attribution and the quotation: one that goes on the
    attribution ("…, and added: “…”"), or one with a subject of its own whose clause holds the
    quotation ("Graham, who says …, tweeted that the strategy “will not destroy ISIL”")."""
    gap = Span(attribution.end, quote.start) if attribution.end <= quote.start else Span(quote.end, attribution.start)
    doc = verb.doc
    tokens = doc.char_span(gap.start, gap.end, alignment_mode="contract")
    quoted = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    return tokens is not None and any(
        t.i != verb.i
        and not inside_quote(quotes, t.idx)
        and (continues_attribution(t) or (is_cue(t) and quoted is not None and _governs(t, quoted)))
        for t in tokens
    )


def _governs(verb: Token, quoted: SpacySpan) -> bool:
    """A word of the quotation hangs, in the parse, under `verb`."""
    return any(verb.is_ancestor(w) for w in quoted if not w.is_punct)


def _quote_after_colon(verb: Token, sent: SpacySpan, quotes: list[Span]) -> Span | None:
    """A colon ending the sentence ("He told reporters:") introduces the quotation right after it,
    often the one opening the next paragraph."""
    text = doc_text(verb.doc)
    rest = text[verb.idx + len(verb) : sent.end_char].rstrip()
    if not rest.endswith(":"):
        return None
    # The quotation follows, in the next paragraph or after a sentence split at the colon.
    after = sent.end_char
    while after < len(text) and text[after].isspace():
        after += 1
    return next((q for q in quotes if q.start == after), None)
