"""What was said: the clause a cue governs, and the cuts that keep the attribution and the narrative
out of it (a second cue, a participle after the last quotation, the speaker's name, a colon)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from flows.nlp.lexicon import COMPLEMENT_OPENERS, RELATIVE_WORDS, TIME_CLAUSE_MARKS, TITLE_SMALL_WORDS
from flows.nlp.quotes import CLOSING, OPENING, STRAIGHT
from flows.nlp.spans import Span, doc_text, trim
from flows.nlp.statements.cues import JOINING_WORDS, continues_attribution, is_cue
from flows.nlp.statements.speaker import SUBJECT_DEPS
from flows.nlp.statements.statement import CONTENT_EDGES, MAX_ATTRIBUTION_GAP, inside_quote

# Clauses that carry what was said when they stand before the cue ("Talks will start, he said").
FRONTED_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "advcl"})
# Tags of a verb that makes a clause of its own.
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _subtree_chars(token: Token) -> tuple[int, int]:
    left, right = token.left_edge, token.right_edge
    return left.idx, right.idx + len(right)


def clause_content(verb: Token, sent: SpacySpan) -> Span | None:
    """The clause the verb governs, as a character span: its complement clause; a clause fronted
    before it ("Talks will begin in January, an official said"); or an infinitive ("vowed to
    block ...")."""
    text = doc_text(verb.doc)
    complements = [c for c in verb.children if c.dep_ == "ccomp"]
    # With complements on both sides, the one after the cue is said: the one before is often an
    # attribution of its own ("Six in 10 said they were not looking forward …; 46 percent said
    # they were unenthusiastic").
    quoted_before = any(c.i < verb.i and _closes_quotation(c) for c in complements)
    clause = next(
        (
            c
            for c in complements
            if c.i > verb.i and not _participle_led(c) and not (quoted_before and _behind_preposition(verb, c))
        ),
        None,
    ) or next((c for c in complements if _may_be_said(c)), None)
    if clause is None:
        clause = next(
            (c for c in verb.children if c.dep_ in FRONTED_CLAUSE_DEPS and c.i < verb.i and _may_be_said(c)), None
        )
    if clause is None:
        clause = next(
            (c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i and c.left_edge.lower_ == "to"), None
        )
    if clause is None:
        # "said seeing so many officers at Pride was a welcome sight": the parse took the gerund
        # subject of the reported clause for the cue's complement.
        clause = next(
            (
                c
                for c in verb.children
                if c.dep_ == "xcomp"
                and c.i == verb.i + 1
                and c.tag_ == "VBG"
                and any(g.dep_ == "ccomp" for g in c.children)
            ),
            None,
        )
    if clause is None:
        # "tweeted ... that Machado was “disgusting”": a complement clause parsed as an adverbial.
        # So is a question put as an adverbial ("asked if he would run", "Asked why he trailed").
        clause = next(
            (
                c
                for c in verb.children
                if c.dep_ == "advcl" and c.i > verb.i and c.left_edge.lower_ in COMPLEMENT_OPENERS
            ),
            None,
        )
    if clause is None:
        return None
    start, end = _subtree_chars(clause)
    narrating = next((c for c in clause.rights if c.dep_ == "conj" and _narrates(verb, c, clause)), None)
    if narrating is not None:
        end = narrating.left_edge.idx
    if clause.i > verb.i:
        end = max(end, _clause_continuation_end(verb, clause, sent))
    start, end = trim(text, start, end, CONTENT_EDGES)
    # A conjunction the parse left at the end, once the clause it joined is cut ("…, and").
    while (trailing := _TRAILING_CONJUNCTION.search(text, start, end)) is not None:
        start, end = trim(text, start, trailing.start(), CONTENT_EDGES)
    return Span(start, end)


_TRAILING_CONJUNCTION = re.compile(r"[\s,]+(?:and|but|or)$")


def _participle_led(clause: Token) -> bool:
    """A clause after the cue that a participle opens: the parse made "is" the cue's complement in
    "“…,” Kiedis said, mentioning the album is “in the home stretch”", but it is what the speaker
    mentioned, not what the cue reports."""
    first = clause.left_edge
    return first.i != clause.i and first.tag_ == "VBG" and first.dep_ in ("csubj", "advcl", "nsubj")


def _closes_quotation(clause: Token) -> bool:
    """The clause ends at a closing quotation mark ("“Being a dad, that’s my job,” Weiner said")."""
    doc = clause.doc
    for word in doc[clause.right_edge.i + 1 : clause.right_edge.i + 3]:
        if word.tag_ == "''":
            return True
        if not word.is_punct:
            return False
    return False


def _behind_preposition(verb: Token, clause: Token) -> bool:
    """A phrase of the cue stands between it and the clause: in "“…,” Weiner said on the podcast
    “Here’s the Thing”" and "“…,” Cruz said after a brief “I’m sorry”", the parse took the quoted
    words of a title or an aside for the cue's complement."""
    return any(c.dep_ == "prep" and verb.i < c.i < clause.left_edge.i for c in verb.children)


def _may_be_said(clause: Token) -> bool:
    """A clause before the cue can be what was said, unless it is an adverbial that sets the
    scene: a participle ("Asked if ..., Ryan said") or a clause with a subordinator ("When the
    talks ended, she said"), or a sentence the writer ended with a colon, semicolon or dash."""
    if not clause.tag_.startswith("VB"):
        return False
    after = clause.doc[clause.right_edge.i + 1] if clause.right_edge.i + 1 < len(clause.doc) else None
    if after is not None and after.text in (":", ";", "—", "–", "--"):
        # "There is less consensus on terrorism: 47% say …": a colon, semicolon or dash ends the
        # writer's sentence; the attribution after it reports something else.
        return False
    if clause.dep_ != "advcl":
        return True
    return clause.tag_ not in ("VBN", "VBG") and not any(c.dep_ == "mark" for c in clause.children)


def _clause_continuation_end(verb: Token, clause: Token, sent: SpacySpan) -> int:
    """Where content after the cue really ends, when the parse cut the clause short.

    Two parses split reported clauses: a second clause with its own subject hung on the cue as a
    conjunct ("said he'll support the nominee, but he doesn't want to be involved"), and a cue
    taken for the complement of the verb that follows ("She added that should Russia invade, the
    U.S. is prepared ...": "added" under "prepared"). Both belong to what was said.
    """
    end = 0
    for child in verb.rights:
        if child.i <= clause.i or child.dep_ != "conj" or is_cue(child):
            continue
        if _narrates(verb, child):
            continue
        if any(c.dep_ in SUBJECT_DEPS for c in child.children) and not any(is_cue(t) for t in child.subtree):
            end = max(end, _subtree_chars(child)[1])
        elif _opens_with_quote(child):
            # "said Mills “got an immunity agreement,” and still “got to sit in on ...”".
            end = max(end, _subtree_chars(child)[1])
    head = verb.head
    if verb.dep_ in ("ccomp", "parataxis") and head.i > clause.i and head.sent == sent and not is_cue(head):
        end = max(end, _subtree_chars(head)[1])
    return end


def _narrates(verb: Token, conjunct: Token, clause: Token | None = None) -> bool:
    """A second clause in the writer's past tense after a cue in the past, its subject a pronoun
    ("Mr. Emanuel said Mr. Bush had not won him over, but he sounded a nostalgic note"): the writer
    goes on with what the speaker did, not with what was said. Joined to the reported clause, it
    must also switch tense ("Rubio said the real extremist is Clinton, and he railed against …")."""
    subject = next((c for c in conjunct.children if c.dep_ in SUBJECT_DEPS), None)
    if clause is not None and clause.tag_ not in ("VBZ", "VBP"):
        return False
    return (
        verb.tag_ == "VBD"
        and conjunct.tag_ == "VBD"
        and subject is not None
        and subject.lower_ in ("he", "she", "they")
    )


def _opens_with_quote(token: Token) -> bool:
    """The words of the token's subtree, after a conjunction and adverbs, open with a quotation
    mark."""
    for word in token.subtree:
        if word.dep_ in ("cc", "advmod", "punct") and word.tag_ != "``":
            continue
        return word.tag_ == "``"
    return False


def cut_before_next_cue(verb: Token, content: Span, quotes: list[Span]) -> Span | None:
    """End the content before a second cue of the same speaker inside it ("said the database
    would help, saying it’s “all about management”", "noted that ..., and added: “…”"): what
    follows that cue is its own statement."""
    text = doc_text(verb.doc)
    span = verb.doc.char_span(content.start, content.end, alignment_mode="expand")
    if span is None:
        return content
    for token in span:
        if token.i <= verb.i or not continues_attribution(token) or inside_quote(quotes, token.idx):
            continue
        # The words that join the second cue go with it: ", and", "but did not".
        first = token
        while first.i > span.start and (
            (joining := first.doc[first.i - 1]).lower_ in JOINING_WORDS
            or joining.tag_ in ("RB", "''")
            or joining.dep_ in ("aux", "neg")
        ):
            first = joining
        start, end = trim(text, content.start, first.idx, CONTENT_EDGES)
        return Span(start, end) if end > start else None
    return content


def cut_trailing_aside(doc: Doc, content: Span, quotes: list[Span]) -> Span:
    """End reported words before an aside the writer adds after a comma, when it runs to the end:
    a relative clause (", which was passed in 2010"), a contrast (", while 22 percent said …") or
    a source (", according to the Tax Policy Center")."""
    span = doc.char_span(content.start, content.end, alignment_mode="expand")
    if span is None:
        return content
    last = span[-1].i
    while last > span.start and span.doc[last].is_punct:
        last -= 1
    for comma in span[:-1]:
        if comma.text != "," or inside_quote(quotes, comma.idx):
            continue
        aside = doc[comma.i + 1]
        head = _aside_head(aside)
        if head is not None and head.right_edge.i >= last and not inside_quote(quotes, aside.idx):
            start, end = trim(doc_text(doc), content.start, comma.idx, CONTENT_EDGES)
            return Span(start, end) if end > start else content
    return content


def _aside_head(word: Token) -> Token | None:
    """The head of the aside `word` opens, if it opens one."""
    if word.tag_ == "WDT" and word.lower_ == "which" and word.head.dep_ == "relcl":
        return word.head
    if word.lower_ == "according" and word.i + 1 < len(word.doc) and word.doc[word.i + 1].lower_ == "to":
        return word
    if word.lower_ in ("while", "whereas") and word.dep_ == "mark":
        return word.head
    # ", who …", ", where …" ("which" only as tagged above).
    if word.lower_ in RELATIVE_WORDS and word.lower_ != "which" and word.head.dep_ == "relcl":
        return word.head
    if word.lower_ in ("a", "an") and word.head.dep_ in ("appos", "npadvmod"):
        return word.head
    return None


def cut_after_last_quote(doc: Doc, content: Span, quotes: list[Span]) -> Span:
    """End the content at its last quotation when the narrative goes on after it with a
    participle or a second verb ("…,” citing an instance …", "…,” and shared a link"): that is the
    speaker doing something else, not more of what was said. So is a clause of time ("…,” when
    Clinton blasted him …") and an aside after a dash ("…” — a metaphor for …")."""
    inside = [q for q in quotes if content.contains(q) and q.end < content.end]
    if not inside:
        return content
    last = inside[-1]
    text = doc_text(doc)
    if text[last.end : content.end].lstrip(" ,").startswith(("—", "―", "--")):
        return Span(content.start, last.end)
    if text[content.start : inside[0].start].strip():
        # Reported words that quote in part run on past their last quotation ("that waterboarding
        # is “peanuts,” compared to what Islamic State militants are doing").
        return content
    following = doc.char_span(last.end, content.end, alignment_mode="expand")
    if following is None:
        return content
    words = [t for t in following if not t.is_punct and not t.is_space]
    if not words:
        return content
    first = words[0]
    if first.lower_ in TIME_CLAUSE_MARKS and first.dep_ in ("advmod", "mark") and first.head.dep_ == "advcl":
        return Span(content.start, last.end)
    if first.lower_ == "and" and len(words) > 1:
        first = words[1]
        if not (first.tag_ in ("VBD", "VBZ", "VBP") and first.dep_ == "conj"):
            return content
    elif not (first.tag_ == "VBG" and first.dep_ in ("advcl", "xcomp", "conj")):
        return content
    return Span(content.start, last.end)


def cut_before_speaker(content: Span, speaker: Span | None, quotes: list[Span]) -> Span:
    """A quotation's clause that the parse ran on into the name after it ("“Yes, I support Ted
    Cruz,” Brent Bozell III ... tells": the name as an apposition of "Cruz") ends at the quotation."""
    if speaker is None or not content.contains(speaker):
        return content
    ends = [q.end for q in quotes if content.start <= q.start and q.end <= speaker.start]
    return Span(content.start, max(ends)) if ends else content


def after_colon(text: str, content: Span, quotes: list[Span]) -> Span:
    """A fronted clause that introduces its quotation with a colon ("McCaskill scolded him: “…,”
    she said") is narrative: what was said starts at the quotation."""
    for q in quotes:
        if content.start < q.start < content.end and text[content.start : q.start].rstrip().endswith(":"):
            return Span(q.start, content.end)
    return content


def interrupted_clause(verb: Token) -> Span | None:
    """The sentence a cue interrupts: "Vice President Joe Biden, Rubio said, had been ..." parses
    with the cue as a parenthetical of the verb that follows it, and "It's to the advantage of the
    United States, he says, to help write the rules" as one of the verb before it; what was said is
    that verb's clause, cue included, as a hull (annotators mark the two parts around the cue)."""
    head = verb.head
    if verb.dep_ not in ("parataxis", "ccomp") or head.i == verb.i or not head.tag_.startswith("VB") or is_cue(head):
        return None
    if head.i < verb.i and verb.dep_ != "parataxis":
        return None
    if head.left_edge.i >= verb.left_edge.i:
        # Nothing of the clause before the cue: an ordinary complement, unless a comma sets the
        # cue off before it ("At times last year, people close to him said, the mere mention of
        # her name could make him fume"): then what was said is the clause after the comma.
        after_cue = verb.doc[verb.right_edge.i] if verb.right_edge.i > verb.i else None
        if verb.dep_ != "parataxis" or head.i < verb.i or after_cue is None or after_cue.text != ",":
            return None
        last = head.right_edge
        return Span(*trim(doc_text(verb.doc), after_cue.idx + 1, last.idx + len(last), CONTENT_EDGES + "."))
    start, end = _subtree_chars(head)
    rest = [t for t in verb.doc[verb.right_edge.i + 1 : head.right_edge.i + 1] if not t.is_punct]
    if head.i < verb.i and (not rest or rest[0].lower_ in TIME_CLAUSE_MARKS or rest[0].lower_ == "according"):
        # "States are called alphabetically, he noted.", "…, its secretary general said, as
        # Washington prepares …": the cue closes what was said; a clause of time is the writer's.
        end = verb.left_edge.idx
    return Span(*trim(doc_text(verb.doc), start, end, CONTENT_EDGES + "."))


def clause_before_attribution(verb: Token, cue: Span, speaker: Span | None, sent: SpacySpan) -> Span | None:
    """The sentence a cue closes, where the parse hung the cue inside it ("The Internet has made it
    possible for people … to organize into communities and reach others, she said.": "said" an
    adverbial of "made"): what stands before the comma that opens the attribution, when nothing but
    the speaker, the one addressed ("he told reporters") and adjuncts follows the cue."""
    if verb.tag_ not in FINITE_TAGS or speaker is None or verb.dep_ == "relcl":
        return None
    doc, text = verb.doc, doc_text(verb.doc)
    if text[speaker.start : speaker.end].split()[0].lower() in RELATIVE_WORDS:
        return None  # "…, whose new book says": a relative clause does not close the sentence
    opening = doc.char_span(min(speaker.start, verb.idx), verb.idx + len(verb), alignment_mode="expand")
    if opening is None or opening.start <= sent.start + 3 or doc[opening.start - 1].text != ",":
        return None
    after = [t for t in doc[verb.i + 1 : sent.end] if not any(s.start <= t.idx < s.end for s in (speaker, cue))]
    if any(t.tag_.startswith("VB") or t.is_quote or t.dep_ in ("ccomp", "dobj") for t in after):
        return None
    before = doc[sent.start : opening.start - 1]
    if not any(t.tag_ in FINITE_TAGS for t in before) or any(is_cue(t) for t in before):
        return None
    last = before[-1]
    start, end = trim(text, before[0].idx, last.idx + len(last), CONTENT_EDGES)
    return Span(start, end) if end > start else None


def extend_to_quotes(content: Span, quotes: list[Span]) -> Span:
    """Grow the content over the quotations it overlaps or touches."""
    start, end = content.start, content.end
    for q in quotes:
        if q.overlaps(Span(start, end)) or q.start == end or q.end == start:
            start, end = min(start, q.start), max(end, q.end)
    return Span(start, end)


def between_is_attribution(text: str, a: Span, b: Span) -> bool:
    """Two spans stand close enough, in one paragraph, for the words between to be an attribution."""
    first, second = (a, b) if a.start < b.start else (b, a)
    between = text[first.end : second.start]
    return len(between) <= MAX_ATTRIBUTION_GAP and "\n" not in between


def ends_quoted(text: str, span: Span) -> bool:
    end = trim(text, span.start, span.end, CONTENT_EDGES + ".")[1]
    return end > span.start and text[end - 1] in CLOSING + STRAIGHT


def starts_quoted(text: str, span: Span) -> bool:
    start = trim(text, span.start, span.end, CONTENT_EDGES)[0]
    return start < span.end and text[start] in OPENING + STRAIGHT


def governed_in_gap(doc: Doc, quote: Span, gap: Span, cue: Span) -> bool:
    """The quotation is the object of another verb of the attribution ("“…,” Kiedis said,
    mentioning the album is “in the home stretch.”"): it belongs to that verb, not to the run."""
    tokens = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if tokens is None or len(tokens) == 0:
        return False
    for ancestor in tokens.root.ancestors:
        inside_gap = gap.start <= ancestor.idx < gap.end and not cue.start <= ancestor.idx < cue.end
        if inside_gap and ancestor.tag_.startswith("VB") and ancestor.dep_ in ("advcl", "conj", "xcomp"):
            return True
    # The parse may hang the quotation on the cue and the participle on the quotation's verb
    # ("mentioning" as the subject of "is"): a participle in the gap, in the quotation's own
    # sentence, still governs it. (A quotation after the sentence's end continues the speaker's
    # words: "“…,” Trump said, referring to the debate. “…”".)
    words = doc.char_span(gap.start, gap.end, alignment_mode="contract")
    return words is not None and any(
        w.tag_ == "VBG"
        and w.dep_ in ("csubj", "advcl")
        and not cue.start <= w.idx < cue.end
        and w.sent.start == tokens.root.sent.start
        for w in words
    )


def title_cased(quoted: str) -> bool:
    words = re.findall(r"[^\W\d_][\w’']*", quoted)
    return bool(words) and all(w[0].isupper() or w.lower() in TITLE_SMALL_WORDS for w in words)


def title_case(tokens: SpacySpan) -> bool:
    """Two or more words, each capitalized but for small words: “The Apprentice”, “Game of
    Thrones” (and not “Go back to Univision”)."""
    words = [t for t in tokens if t.is_alpha]
    return len(words) > 1 and all(t.text[:1].isupper() or t.lower_ in TITLE_SMALL_WORDS for t in words)


def looks_like_title(tokens: SpacySpan) -> bool:
    """“The Late Show with Stephen Colbert”: every content word capitalized names a work or a
    slogan, not a statement."""
    words = [t for t in tokens if t.is_alpha and not t.is_stop]
    return bool(words) and all(t.text[:1].isupper() for t in words) and len(tokens) < 12
