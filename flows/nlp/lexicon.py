"""Word lists the extractors share, each in one place: reporting verbs with their forms and lemmas,
verbs that attribute quotations, honorifics, words of time.

Words are lower case. The pipeline runs no lemmatizer (flows/nlp/model.py), so verbs are listed as
lemmas and matched by their forms: `CUE_LEMMAS` maps every form of a reporting verb to its lemma,
and `lemma_of` guesses the lemma of any other verb form from its spelling.
"""

from __future__ import annotations

# --- verbs of saying ------------------------------------------------------------------------------

# Reporting verbs: verbs of saying whose complement clause is what was said.
REPORTING_VERBS = frozenset(
    """say tell add state announce claim report write explain note insist argue warn ask reply
    respond confirm deny acknowledge admit suggest declare comment reiterate recall tweet testify
    remark predict promise vow assert contend maintain concede stress emphasize emphasise
    complain disclose reveal allege caution urge estimate observe agree boast
    quip joke recount repeat indicate signal hint retort counter conclude""".split()
)

# Forms the spelling rules of `verb_forms` would get wrong.
IRREGULAR_FORMS = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "writing", "written"),
    "admit": ("admits", "admitted", "admitting"),
    "quip": ("quips", "quipped", "quipping"),
    "testify": ("testifies", "testified", "testifying"),
    "see": ("sees", "saw", "seen", "seeing"),
    "know": ("knows", "knew", "known", "knowing"),
    "think": ("thinks", "thought", "thinking"),
}


def verb_forms(lemma: str) -> tuple[str, ...]:
    """The lemma and its -s, past and -ing forms: "note" → note, notes, noted, noting."""
    if lemma in IRREGULAR_FORMS:
        return (lemma, *IRREGULAR_FORMS[lemma])
    if lemma.endswith("e"):
        return (lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing")
    if lemma.endswith(("sh", "ch", "ss", "x")):
        return (lemma, lemma + "es", lemma + "ed", lemma + "ing")
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return (lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing")
    return (lemma, lemma + "s", lemma + "ed", lemma + "ing")


# Every form of a reporting verb, with its lemma: "told" → "tell".
CUE_LEMMAS: dict[str, str] = {form: lemma for lemma in REPORTING_VERBS for form in verb_forms(lemma)}

# Reporting verbs whose direct object is the person spoken to ("told reporters").
ADDRESSEE_VERBS = frozenset({"tell", "ask", "warn", "urge", "assure", "inform", "remind", "caution"})

# Verbs that attribute words without being verbs of saying: a quotation of any length after them
# is what someone said ("called it “a disaster”", "described him as “volatile”").
ATTRIBUTION_VERBS = frozenset(
    """call describe continue pledge blame refer cite accuse share mock dismiss point read lament
    thank decry bemoan slam coin label dub chant shout yell tout brand characterize term quote post
    praise criticize criticise blast answer charge bark question scream exclaim muse proclaim demand
    plead""".split()
)
# Verbs that give a name: a capitalized quotation after them is still what someone said ("called
# Merkel “The Chancellor of the Free World”").
NAMING_VERBS = frozenset("call dub label brand coin term nickname".split())
# Verbs that take a quotation without reporting it: "is “unhinged”", "has “big plans”".
NOT_CUES = frozenset(
    "is are was were be been being am 's 're have has had having do does did get gets got getting".split()
)

# Verbs of saying whose direct object is the message itself ("announced his resignation",
# "tweeted her thanks"), unlike "maintain a lead" or "write a book".
MESSAGE_VERBS = frozenset(
    "announce tweet state explain note stress recount reiterate confirm acknowledge declare".split()
)

# Prepositions that name what a verb of saying is about, with the verbs they do it for
# ("declined to comment on the reaction", "warned of a crisis", "argued against intervention").
TOPIC_PREPOSITIONS = {
    "on": frozenset({"comment", "remark", "elaborate", "testify"}),
    "about": frozenset({"warn", "caution", "boast", "joke", "complain", "testify", "ask", "write"}),
    "of": frozenset({"warn", "boast"}),
    "against": frozenset({"argue", "warn", "caution", "testify"}),
    "for": frozenset({"argue", "plead", "ask"}),
}

# Nouns of saying: with a named holder, the clause they introduce is what was said ("Mr. Trump's
# claim that his net worth exceeds $10 billion", "claims by intelligence agencies that …").
SAYING_NOUNS = frozenset(
    """claim promise warning assertion allegation pledge vow insistence suggestion prediction admission
    argument""".split()
)
SAYING_NOUN_FORMS = {form: noun for noun in SAYING_NOUNS for form in (noun, noun + "s")}

# Verbs of perception and judgement: a quotation they characterize "as" something is the writer's
# or the subject's view, not words anyone said ("what they see as the “anti-radio”", "the hacker
# known as “Guccifer”"). Verbs of saying that characterize ("described it as “…”") are not here.
PERCEPTION_VERBS = frozenset("see view regard perceive consider deem know think treat recognize recognise".split())
PERCEPTION_FORMS = frozenset(form for lemma in PERCEPTION_VERBS for form in verb_forms(lemma))

# Fixed expressions that hold a verb of saying without reporting anything ("That said, the
# graphics are excellent", "needless to say"), word by word as the tokenizer splits them. They
# count only where a parenthetical can stand: at the start of a sentence or after
# `CLAUSE_OPENERS` (", say ," carries its own comma: "instead of, say, the Democratic Party").
FIXED_EXPRESSIONS = (
    "that said ,",
    "that being said",
    "having said that",
    "with that said",
    "needless to say",
    "so to speak",
    "so to say",
    "that is to say",
    "that is not to say",
    "that 's not to say",
    "suffice it to say",
    "suffice to say",
    "to say the least",
    "sad to say",
    "strange to say",
    "it goes without saying",
    "truth be told",
    "all told ,",
    "to tell the truth",
    "let 's say",
    ", say ,",
)
CLAUSE_OPENERS = frozenset({"(", ",", ";", ":", "—", "–", "-", "--", "and", "but", "or", "so", "yet", "still"})

# Words that open a complement clause the parse may take for an adverbial ("asked if he would
# run", "Asked why he trailed").
COMPLEMENT_OPENERS = frozenset("that if whether why what how who which".split())
# Words after which a past participle opens an adverbial clause ("when asked", "once told").
ADVERBIAL_OPENERS = frozenset({",", "(", "when", "if", "once", "after", "before", "as", "while", "until", "unless"})

# --- lemmas without a lemmatizer --------------------------------------------------------------------

IRREGULAR_LEMMAS = {
    "wrote": "write", "written": "write", "spoke": "speak", "spoken": "speak", "shot": "shoot",
    "thought": "think", "knew": "know", "known": "know", "felt": "feel", "began": "begin", "begun": "begin",
    "gave": "give", "given": "give", "sang": "sing", "sung": "sing", "took": "take", "taken": "take",
    "made": "make", "put": "put", "read": "read", "heard": "hear", "found": "find", "held": "hold",
    "brought": "bring", "sent": "send", "left": "leave", "meant": "mean", "went": "go", "gone": "go",
    "came": "come", "saw": "see", "seen": "see", "got": "get", "taught": "teach", "struck": "strike",
}  # fmt: skip
# Stem endings that drop a final e before -ed / -ing ("describ-ed", "accus-ed", "prais-ing").
E_STEMS = ("ib", "us", "is", "iz", "ur", "at", "iv", "uc", "ng", "dg", "rg", "ac", "ot", "ar", "ir", "ov", "ag", "it",
           "nu", "rv", "lv", "rc", "nc", "ic", "ul", "rs", "im", "um", "om", "in", "ud", "ut", "ev", "os")  # fmt: skip
# Endings of stems that keep no final e although they end like `E_STEMS` ("gloat-ed", "appear-ed",
# "join-ed", "claim-ed", "shout-ed").
NOT_E_STEMS = ("oat", "ait", "ear", "oin", "ain", "ein", "aim", "eem", "oom", "aud", "out", "oot", "aul", "oul", "eal")


def lemma_of(word: str, third_person: bool = False) -> str:
    """A verb form's lemma from its spelling: the reporting verbs, a few irregular forms, then
    suffixes ("admitted" → "admit", "described" → "describe"). `third_person` says the form is
    tagged VBZ, so a final -s comes off."""
    lower = word.lower()
    if lower in CUE_LEMMAS:
        return CUE_LEMMAS[lower]
    if lower in IRREGULAR_LEMMAS:
        return IRREGULAR_LEMMAS[lower]
    for suffix, replacement in (("ied", "y"), ("ies", "y")):
        if lower.endswith(suffix) and len(lower) > 4:
            return lower[: -len(suffix)] + replacement
    for suffix in ("ed", "ing"):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            stem = lower[: -len(suffix)]
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lszf":
                return stem[:-1]  # "admitted" → "admit"
            if stem.endswith(NOT_E_STEMS):
                return stem
            if stem.endswith(E_STEMS) or (
                stem[-1] not in "aeiouwxy" and stem[-2] in "aeiou" and stem[-3] not in "aeiou" and len(stem) <= 4
            ):
                return stem + "e"  # "described" → "describe", "cited" → "cite"
            return stem
    if lower.endswith("es") and lower[:-2].endswith(("sh", "ch", "ss", "x")):
        return lower[:-2]
    if lower.endswith("s") and not lower.endswith("ss") and third_person:
        return lower[:-1]
    return lower


# --- quotation marks -----------------------------------------------------------------------------

# Words written with a leading apostrophe, which is then no opening quotation mark ('em, 'til).
ELISIONS = frozenset("em tis twas til cause cos bout round n ol nother kay".split())

# --- time -----------------------------------------------------------------------------------------

WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
MONTHS = frozenset("january february march april may june july august september october november december".split())
# Nouns of time that follow a cue without being its speaker ("said Tuesday", "said last week").
TIME_WORDS = (
    WEEKDAYS
    | MONTHS
    | frozenset("today yesterday tonight week weekend month year day night morning afternoon evening".split())
)
# Words that open a clause of time after a quotation ("…,” when Clinton blasted him).
TIME_CLAUSE_MARKS = frozenset({"when", "as", "after", "before", "while"})

# Words that open a relative clause set off by a comma ("…, where 475 delegates are at stake").
RELATIVE_WORDS = frozenset("who whom whose which where when".split())

# --- titles and names -----------------------------------------------------------------------------

# Words that title case leaves in lower case ("Game of Thrones").
TITLE_SMALL_WORDS = frozenset("a an the of in on and or to for with at by from".split())

# Honorifics and titles written before a name, without their full stop (compare
# `word.lower().rstrip(".")`): read by the entities (flows/nlp/entities.py, mentions.py) and by
# speaker resolution (flows/nlp/resolution/).
FEMALE_HONORIFICS = frozenset("mrs ms miss madam dame lady queen princess sister".split())
MALE_HONORIFICS = frozenset("mr mister sir lord king prince father".split())
# Courtesy titles that stand right before a person's name ("Mr Blair", "Dr Jones").
COURTESY_TITLES = frozenset("mr mrs ms miss dr sir dame lady lord".split())
HONORIFICS = (
    FEMALE_HONORIFICS
    | MALE_HONORIFICS
    | COURTESY_TITLES
    | frozenset(
        """prof professor rev president senator sen rep governor gov mayor judge justice chancellor
        minister secretary general gen col capt captain sgt sheriff pope premier ambassador chairman
        chairwoman chief commissioner coach manager""".split()
    )
)
