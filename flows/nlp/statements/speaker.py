"""Speakers and addressees as written: the subject of the cue, else the name that word order gives.

A verb shares its subject as a conjunct ("She smiled and said"), an infinitive ("went on to say") or
a participle ("He reacted, saying"); a cue the parse left without one takes the noun phrase next
to the closing quotation mark ("“…,” said Skelly") or the name set off by commas before it. The
span is the name as written, cut before an apposition or relative clause; `resolution.py` turns it
into a name.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from flows.nlp.lexicon import ADDRESSEE_VERBS, ADVERBIAL_OPENERS, RELATIVE_WORDS, TIME_WORDS, verb_forms
from flows.nlp.spans import Span, doc_text, trim
from flows.nlp.statements.cues import continues_attribution, is_cue

# Dependencies of a verb's subject, active or passive, as a clause or a noun.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})


# Children of a speaker's head word that are not part of the name as written.
SPEAKER_STOP_DEPS = frozenset({"appos", "relcl", "acl", "punct", "advcl", "prep"})


def speaker_of(verb: Token) -> tuple[Span | None, bool]:
    """The speaker span and whether the verb is passive (a statement without a speaker)."""
    # With two subjects (one of them a misparse inside the quotation: "“… [Clinton] can be …,”
    # Kilfoyle said"), the one nearest the verb is the speaker.
    for child in sorted(verb.children, key=lambda c: abs(c.i - verb.i)):
        if child.dep_ in SUBJECT_DEPS and _behind_closing_mark(child, verb):
            continue  # a misparse: the subject is a word of the quotation the verb closes
        if child.dep_ == "nsubj":
            if child.tag_ == "EX":
                return None, True
            publisher = _publisher(child, verb)
            if publisher is not None:
                return publisher, False
            poll = _reporting_poll(verb)
            if poll is not None:
                return poll, False
            return speaker_span(child), False
        if child.dep_ == "nsubjpass":
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            if agent is not None:
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return speaker_span(pobj), False
            return None, True
    # A verb in a conjunction shares its subject: "She smiled and said ...".
    if verb.dep_ == "conj" and verb.head.tag_.startswith("VB"):
        joined = verb.head
        if joined.dep_ == "ccomp" and is_cue(joined.head) and joined.head.i < verb.i:
            # "told the AP her group never worked with him and said …": the parse joins the second
            # cue to the reported clause, but the one who goes on speaking spoke the first.
            return speaker_of(joined.head)
        return speaker_of(joined)
    # An infinitive shares the subject of the verb that controls it: "Pence went on to say ...",
    # or of the adjective it completes: "Caucus-goers were slightly more likely to say ...".
    control = verb.head
    if verb.dep_ == "xcomp" and control.tag_ in ("JJ", "JJR") and control.dep_ == "acomp":
        control = control.head
    if verb.dep_ == "xcomp" and verb.tag_ == "VB" and control.tag_.startswith("VB") and control.i != verb.i:
        speaker, _ = speaker_of(control)
        if speaker is not None:
            return speaker, False
    # A participle shares the subject of the verb it hangs on: "He reacted, saying ...", "He
    # closed by saying ...".
    host = _participle_host(verb)
    if host is not None:
        # "He said the database would help, saying ...": the parse hangs the participle on the
        # reported clause, but the one who goes on speaking is the speaker of the cue above it.
        outer = host
        while outer.dep_ in ("ccomp", "conj") and outer.head.i != outer.i and not is_cue(outer):
            outer = outer.head
        if outer.dep_ == "acl" and outer.head.dep_ == "dobj" and is_cue(outer.head.head):
            # Rule `participle-after-claim`: "Bennett denied the notion that a shakeup is coming,
            # explaining ...": the clause describes what the cue's object says; the one who goes on
            # speaking is the speaker of that cue.
            outer = outer.head.head
        continued = is_cue(outer) and outer.i < verb.i and continues_attribution(verb)
        speaker, _ = speaker_of(outer if continued else host)
        if speaker is None and not continued:
            # "After saying her foot was swollen, she was whisked off": the host's subject, in
            # whatever voice, is who said it.
            subject = next((c for c in host.children if c.dep_ == "nsubjpass" and c.tag_ != "EX"), None)
            speaker = speaker_span(subject) if subject is not None else None
        return speaker, False
    if adverbial_passive(verb):
        # "Asked if he was ever bullied, the candidate said no": asked by someone unnamed, unless
        # an agent says who ("Asked by Starnes if ...").
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        return (speaker_span(pobj) if pobj is not None else None), True
    return speaker_by_position(verb), False


# Verbs whose object is a text its subject put out: "released a statement that accused ...".
_PUBLISHING = frozenset(
    [form for lemma in "release issue publish post retweet air".split() for form in verb_forms(lemma)]
    + "run runs ran running".split()
)


def _publisher(subject: Token, verb: Token) -> Span | None:
    """For a relative "that"/"which" whose antecedent is a text someone put out, that someone:
    "Sanders released a statement that accused ..." speaks through the statement."""
    if subject.lower_ not in ("that", "which") or verb.dep_ != "relcl":
        return None
    text = verb.head
    if text.dep_ != "dobj" or text.head.lower_ not in _PUBLISHING or not text.head.tag_.startswith("VB"):
        return None
    speaker, passive = speaker_of(text.head)
    return None if passive else speaker


# Findings that speak for those they asked: "A Bloomberg poll showed that 72 percent said ...".
_POLLS = frozenset("poll polls survey surveys study studies".split())
_FINDING = frozenset([*verb_forms("find"), *verb_forms("show"), "found", "shown"])


def _reporting_poll(verb: Token) -> Span | None:
    """Rule `poll-finding`: a cue in what a poll found or showed speaks through the poll ("A new
    poll released Friday found that 70 percent of registered voters said ...")."""
    finding = verb.head
    if verb.dep_ != "ccomp" or finding.lower_ not in _FINDING or not finding.tag_.startswith("VB"):
        return None
    subject = next((c for c in finding.children if c.dep_ == "nsubj"), None)
    if subject is None or not any(t.lower_ in _POLLS for t in subject.subtree):
        return None
    return speaker_span(subject)


def adverbial_passive(verb: Token) -> bool:
    """A past participle with no subject that opens an adverbial clause: "Asked if ..., Ryan
    said", "When asked about the emails, she ...", "Clinton, asked about it, said ..."."""
    if verb.tag_ not in ("VBN", "VBD") or verb.dep_ not in ("advcl", "acl"):
        return False
    if any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return False
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if before is None or verb.is_sent_start or before.is_space or before.tag_ in ("``", "''"):
        return verb.dep_ == "advcl"  # a sentence that opens "Asked …" (tagged VBD or VBN)
    if verb.tag_ != "VBN":
        return False
    return before.lower_ in ADVERBIAL_OPENERS and (verb.dep_ == "advcl" or before.text == ",")


def speaker_by_position(verb: Token) -> Span | None:
    """The speaker of a cue next to a closing quotation mark, read from word order when the parse
    lost it: "“…,” Brent Bozell III, founder of the Media Research Center, tells ..." (the name
    parsed into the quotation) and "“…,” added a South Carolina Democrat" (the name parsed as an
    object). Only a plain noun phrase counts, cut before its apposition."""
    doc = verb.doc
    before = verb.i - 1
    while before >= 0 and doc[before].tag_ == "RB":
        before -= 1  # "“…,” Trump then added"
    mark = _closing_mark_before(doc, verb.i, 20)
    if mark is None:
        return _name_before_comma(verb) or _noun_phrase_before(verb) or _subject_before_aside(verb)
    if all(t.is_punct for t in doc[mark + 1 : before + 1]):
        # Inverted: "“…,” said Skelly", "“…,” added a South Carolina Democrat".
        words = _noun_phrase(doc, verb.i + 1)
        if words is not None and (
            (words[-1].head == verb and words[-1].dep_ not in ("npadvmod", "ccomp", "xcomp"))
            # "“…,” said David Brock, a Clinton confidant who heads …": the parse gave the name to a
            # verb of its apposition.
            or (words[-1].dep_ in ("nsubj", "nsubjpass") and words[-1].head.i > verb.i)
        ):
            return _tokens_span(_with_conjuncts(doc, words))
        return None
    words = _noun_phrase(doc, mark + 1)
    if words is None:
        return None
    if not only_apposition_between(doc, words[-1].i, verb):
        return None
    return _tokens_span(words)


def only_apposition_between(doc: Doc, name: int, verb: Token) -> bool:
    """Between the name's last word and the cue stand only adverbs, or an apposition set off by
    commas ("Sarandon, 69, told", "Gene Sperling, a top adviser, said")."""
    before = verb.i - 1
    while before > name and doc[before].tag_ == "RB":
        before -= 1
    rest = doc[name + 1 : before + 1]
    return not len(rest) or (rest[0].text == "," and rest[-1].text == "," and not _has_clause(rest))


def _name_before_comma(verb: Token) -> Span | None:
    """A proper name set off by commas, or followed by a parenthesis, just before a cue that the
    parse gave no subject ("her senior policy adviser, Jake Sullivan, said:", "Speaker of the
    House Rep. Paul Ryan (R-WI) said"): the name, parsed as an apposition or object elsewhere."""
    doc = verb.doc
    i = verb.i - 1
    if i >= 0 and doc[i].tag_ == "-RRB-":
        # "Paul Ryan (R-WI) said": a parenthesis after the name is part of how news writes it.
        while i > 0 and doc[i].tag_ != "-LRB-" and verb.i - i < 8:
            i -= 1
        if doc[i].tag_ != "-LRB-":
            return None
    elif i < 0 or doc[i].text != ",":
        return None
    if i < 1 or doc[i - 1].tag_ not in ("NNP", "NNPS"):
        return None
    last = doc[i - 1]
    if last.dep_ not in ("appos", "pobj", "conj"):
        return None
    first = last.i
    while first > 0 and doc[first - 1].tag_ in ("NNP", "NNPS") and doc[first - 1].head.i >= first - 1:
        first -= 1
    return _tokens_span(list(doc[first : last.i + 1]))


def _subject_before_aside(verb: Token) -> Span | None:
    """The noun phrase that opens the sentence, when an aside set off by commas stands between it
    and a finite cue the parse gave no subject ("Sanders, meanwhile, who sits at zero such
    endorsements, said …", "Jeffrey Salkin, a Hollywood, Fla., rabbi helping to organize the
    boycott, said …"): the parse hung the name on a word of the aside."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    doc, sent = verb.doc, verb.sent
    before = verb.i - 1
    while before > sent.start and doc[before].tag_ == "RB":
        before -= 1
    words = _noun_phrase(doc, sent.start)
    if words is None or doc[before].text != "," or words[-1].i + 1 >= before or doc[words[-1].i + 1].text != ",":
        return None
    aside = doc[words[-1].i + 2 : before]
    if words[-1].ent_type_ in ("DATE", "TIME") or any(t.is_quote or is_cue(t) for t in aside):
        return None
    return _tokens_span(words)


def _noun_phrase_before(verb: Token) -> Span | None:
    """The noun phrase right before a finite cue the parse gave no subject ("… and one in four
    said the party was hostile", "multiple sources privy to negotiations say"): its head noun and
    the words before it that modify it, a prepositional tail of numbers included ("one in four")."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    doc = verb.doc
    last = verb.i - 1
    while last >= 0 and doc[last].tag_ == "RB":
        last -= 1  # "sources also say"
    if last < 0 or not (doc[last].tag_ in NOUN_TAGS or doc[last].tag_ == "CD"):
        return None
    first = last
    while first > 0 and (_noun_phrase_word(doc[first - 1]) or _number_link(doc, first - 1)):
        first -= 1
    while first < last and not (_noun_phrase_word(doc[first]) and doc[first].tag_ != "POS"):
        first += 1
    words = list(doc[first : last + 1])
    if not words or any(t.lower_ in ("it", "this", "that") for t in words) or words[-1].lower_ in TIME_WORDS:
        return None
    return _tokens_span(words)


def _number_link(doc: Doc, i: int) -> bool:
    """ "in" or "of" between numbers: "one in four", "two of three"."""
    return (
        doc[i].lower_ in ("in", "of") and 0 < i < len(doc) - 1 and doc[i - 1].tag_ == "CD" and doc[i + 1].tag_ == "CD"
    )


def _closing_mark_before(doc: Doc, i: int, window: int) -> int | None:
    for j in range(i - 1, max(i - window, 0) - 1, -1):
        if doc[j].tag_ == "''" and doc[j].text not in ("'", "'s"):
            return j
        if doc[j].is_space or doc[j].tag_ in (".", ":"):
            return None
    return None


NOUN_PHRASE_TAGS = frozenset({"DT", "JJ", "NNP", "NNPS", "NN", "NNS", "PRP$", "CD", "HYPH", "POS", "PRP"})


NOUN_TAGS = frozenset({"NNP", "NNPS", "NN", "NNS", "PRP"})


def _noun_phrase(doc: Doc, start: int) -> list[Token] | None:
    """The plain noun phrase starting at token `start`: determiners, adjectives and nouns, ending
    in a noun that is not a word of time; None when there is none."""
    words: list[Token] = []
    for token in doc[start : start + 8]:
        if not _noun_phrase_word(token) or (token.tag_ == "PRP" and words):
            break
        words.append(token)
        if token.tag_ == "PRP":
            break
    while words and not (words[-1].tag_ in NOUN_TAGS or _name_tagged_otherwise(words[-1]) or _hyphen_noun(words)):
        words.pop()
    if not words or words[-1].lower_ in TIME_WORDS or any(t.lower_ in ("it", "this", "that") for t in words):
        return None
    first = words[0]
    if first.tag_ in ("NNP", "NNPS", "PRP") or _name_tagged_otherwise(first):
        return words
    return words if first.tag_ in ("DT", "PRP$", "JJ", "CD") or first.text[:1].isupper() else None


def _with_conjuncts(doc: Doc, words: list[Token]) -> list[Token]:
    """A noun phrase with the ones coordinated to it: "reply Burton and Nick" speak together."""
    while words[-1].i + 1 < len(doc) and doc[words[-1].i + 1].lower_ in ("and", "&"):
        more = _noun_phrase(doc, words[-1].i + 2)
        if more is None or more[-1].dep_ != "conj" or more[-1].head.i not in {w.i for w in words}:
            break
        words = [*words, doc[words[-1].i + 1], *more]
    return words


def _hyphen_noun(words: list[Token]) -> bool:
    """An adjective compound used as a noun: "the 43-year-old"."""
    return len(words) >= 3 and words[-1].tag_ == "JJ" and words[-2].tag_ == "HYPH"


def _noun_phrase_word(token: Token) -> bool:
    # A participle that modifies the noun is part of it: "said retired neurosurgeon Ben Carson".
    return (
        token.tag_ in NOUN_PHRASE_TAGS
        or _name_tagged_otherwise(token)
        or (token.tag_ == "VBN" and token.dep_ == "amod")
    )


def _name_tagged_otherwise(token: Token) -> bool:
    """A capitalized word the tagger took for an adverb or adjective ("said Skelly")."""
    return token.tag_ in ("RB", "JJ") and token.text[:1].isupper() and token.is_alpha and token.i > 0


def _has_clause(tokens: SpacySpan) -> bool:
    """A finite verb outside a relative clause: the words are a sentence, not an apposition."""
    relative = any(t.tag_ in ("WP", "WDT") for t in tokens)
    return not relative and any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in tokens)


def _tokens_span(tokens: list[Token]) -> Span:
    return Span(tokens[0].idx, tokens[-1].idx + len(tokens[-1]))


def _behind_closing_mark(subject: Token, verb: Token) -> bool:
    """The subject stands inside a quotation that closes before the verb: a closing mark between
    them, and no opening mark between the subject and that closing mark ("Joe Scarborough, host
    of “Morning Joe,” suggested" keeps its subject)."""
    if subject.i > verb.i:
        return False
    doc = subject.doc
    for t in doc[subject.right_edge.i + 1 : verb.i]:
        if t.tag_ == "''" and t.text not in ("'", "'s"):
            return not any(o.tag_ == "``" for o in doc[subject.i + 1 : t.i])
    return False


def _participle_host(verb: Token) -> Token | None:
    """The verb whose subject a participle shares: "reacted" in "He reacted, saying ..." and
    "closed" in "He closed by saying ..."."""
    if verb.tag_ != "VBG":
        return None
    head = verb.head
    if verb.dep_ == "pcomp" and head.dep_ in ("prep", "advcl") and head.head.i != head.i:
        head = head.head
    elif verb.dep_ not in ("advcl", "xcomp", "conj", "acl"):
        return None
    if head.tag_.startswith("NN") and head.dep_ in ("dobj", "pobj") and (verb.dep_ == "acl" or verb.dep_ == "pcomp"):
        # The participle describes what the speaker issued or made: "issued a statement saying
        # ...", "carried signs saying ...", "made a point of saying ...".
        head = head.head.head if head.dep_ == "pobj" and head.head.dep_ == "prep" else head.head
    return head if head.tag_.startswith("VB") and head.i != verb.i else None


def speaker_span(head: Token) -> Span:
    """The speaker as written: the head word with what precedes it and its modifiers, without
    appositions or relative clauses ("Hugh Hill, a doctor, who ..." → "Hugh Hill")."""
    first = head.left_edge
    marks = [t for t in head.doc[first.i : head.i] if t.tag_ == "''" and t.text not in ("'", "'s")]
    if marks:
        first = head.doc[marks[-1].i + 1]  # a misparse hung the quotation before the name on it
    dashes = [t for t in head.doc[first.i : head.i] if _standalone_dash(t)]
    if dashes:
        first = head.doc[dashes[-1].i + 1]  # a dateline before the name: "CLEVELAND — Former …"
    start = first.idx
    end = head.idx + len(head)
    for child in head.rights:
        if child.dep_ in SPEAKER_STOP_DEPS and not (child.dep_ == "prep" and child.lower_ in ("of", "for", "at")):
            break
        end = min(child.right_edge.idx + len(child.right_edge), relative_clause_start(child))
    text = doc_text(head.doc)
    return Span(*trim(text, start, end, " \t\n,;:-–—\"“”'"))


def relative_clause_start(phrase: Token) -> int:
    """Where a relative clause set off by a comma starts inside the phrase's subtree ("the
    RealClearPolitics average of polls, where 475 delegates are at stake"), or the subtree's end."""
    doc = phrase.doc
    for token in doc[phrase.i : phrase.right_edge.i]:
        if token.text == "," and doc[token.i + 1].lower_ in RELATIVE_WORDS:
            return token.idx
    right = phrase.right_edge
    return right.idx + len(right)


def _standalone_dash(token: Token) -> bool:
    """A dash between words, not a hyphen inside one ("CLEVELAND — …", "11:40 am - Police …")."""
    if token.text in ("—", "–", "―", "--"):
        return True
    return token.text == "-" and bool(token.whitespace_) and token.i > 0 and bool(token.doc[token.i - 1].whitespace_)


def shared_subject(verb: Token) -> Token | None:
    """The verb's subject, or the subject it shares as a conjunct ("Carson took the stage and
    called the system “rotten to the core”"), as a participle ("Trump blasted her, calling her
    a “horrible witness”"), as an infinitive ("Trump pledged to make Apple “build ...”") or as a
    main verb the parse hung on another one."""
    for _ in range(4):  # a chain of conjuncts is short; the bound keeps odd parses cheap
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return subject
        host = _participle_host(verb)
        if host is None and verb.dep_ in ("conj", "xcomp") and verb.head.tag_.startswith("VB"):
            host = verb.head
        if host is None and _misparsed_main_verb(verb):
            host = verb.head
        if host is None:
            return None
        verb = host
    return None


def _misparsed_main_verb(verb: Token) -> bool:
    """A finite verb parsed as an adverbial clause with no subject or subordinator of its own
    ("Protesters marching through the streets chanted “…”": "chanted" under "marching")."""
    return (
        verb.dep_ == "advcl"
        and verb.tag_ in ("VBD", "VBZ")
        and verb.head.tag_.startswith("VB")
        and not any(c.dep_ in ("mark", "advmod", *SUBJECT_DEPS) for c in verb.children)
    )


def _controlling_verb(verb: Token) -> Token | None:
    """The verb an infinitive cue completes, written right before it: "declined" in "declined to
    say", "refused" in "refused to concede"."""
    if verb.dep_ != "xcomp" or verb.tag_ != "VB" or not verb.head.tag_.startswith("VB"):
        return None
    to = verb.doc[verb.i - 1] if verb.i > 0 else None
    if to is None or to.lower_ != "to":
        return None
    between = verb.doc[verb.head.i + 1 : to.i]
    return verb.head if verb.head.i < verb.i and all(t.dep_ in ("prt", "advmod", "neg") for t in between) else None


def cue_and_addressee(verb: Token, lemma: str) -> tuple[Span, Span | None]:
    """The cue span and the person spoken to: "told reporters" is the cue and "reporters" the addressee
    when the object follows the verb; "said to the BBC" names "the BBC" outside the cue."""
    cue = Span(verb.idx, verb.idx + len(verb))
    control = _controlling_verb(verb)
    if control is not None:
        cue = Span(control.idx, cue.end)  # "declined to say", "went on to insist": one cue
    addressee: Token | None = None
    if lemma in ADDRESSEE_VERBS:
        addressee = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
    if addressee is None:
        prep = next((c for c in verb.children if c.dep_ in ("prep", "dative") and c.lower_ == "to"), None)
        if prep is not None:
            addressee = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if addressee is None:
        return cue, None
    span = speaker_span(addressee)
    if addressee.i == verb.i + 1 or (addressee.left_edge.i == verb.i + 1):
        cue = Span(cue.start, span.end)
    return cue, span
