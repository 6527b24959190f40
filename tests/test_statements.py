"""Statements: who said what, on sentences from real news (the seed article and wire copy)."""

from __future__ import annotations

import pytest

from flows.evaluation.statements import GoldAttribution, Predicted, jaccard, match, parse_ann, score
from flows.nlp.quotes import find_quotes
from flows.nlp.statements import RULES, Rule, extract_statements

SEED = (
    "Bilateral talks between the United States and Russia on Moscow’s recently-proposed security demands are "
    "expected to begin in January, a State Department official said Tuesday.\n"
    "Karen Donfried, assistant secretary of State for European and Eurasian Affairs, told reporters on Tuesday "
    "that the US will “decide on a date” together with Russia to begin discussions.\n"
    "She also said the U.S. expects to see “movement” in terms of meetings between NATO and Russia, as well as "
    "the Organization for Security and Cooperation in Europe, in January.\n"
    "Separately on Tuesday, NATO Secretary General Jens Stoltenberg said that he intends to call a meeting of the "
    "NATO-Russia Council “as soon as possible in the new year.”\n"
    "In a speech on Tuesday, Russian President Vladimir Putin on Tuesday blamed the west for building up tensions "
    "in Europe, The Associated Press reported.\n"
    "He added that Moscow wants “constructive, meaningful talks with a visible end result — and within a certain "
    "time frame — that would ensure equal security for all.”\n"
    "“There are some things that we’re prepared to work on and that we do believe that there’s merit in having a "
    "discussion,” she said. “There are other things in those documents that the Russians know will be "
    "unacceptable.”\n"
    "She added that should Russia invade Ukraine, the U.S. is prepared to provide Kyiv additional defensive "
    "materials “above and beyond” what Washington is preparing to send."
)


@pytest.fixture(scope="session")
def nlp_statements():
    from flows.nlp.model import load_pipeline

    return load_pipeline()


def analyze(nlp, text: str) -> list[dict]:
    from flows.nlp.analyze import analyze_texts

    return next(analyze_texts(nlp, [text])).statements


@pytest.fixture(scope="session")
def seed_statements(nlp_statements) -> list[dict]:
    return analyze(nlp_statements, SEED)


def _find(statements: list[dict], content_start: str) -> dict:
    found = [s for s in statements if s["content"].startswith(content_start)]
    assert found, f"no statement starts with {content_start!r}: {[s['content'][:40] for s in statements]}"
    return found[0]


@pytest.mark.parametrize(
    ("content_start", "content_end", "speaker", "speaker_name", "cue", "kind"),
    [
        pytest.param("Bilateral talks", "begin in January", "a State Department official", "a State Department official", "said", "indirect", id="reporting-verb: a State Department official said"),
        pytest.param("that the US will", "to begin discussions", "Karen Donfried", "Karen Donfried", "told reporters", "mixed", id="reporting-verb: told reporters that"),
        pytest.param("the U.S. expects", "in January", "She", "Karen Donfried", "said", "mixed", id="reporting-verb: She also said"),
        pytest.param("that he intends", "in the new year.”", "NATO Secretary General Jens Stoltenberg", "Jens Stoltenberg", "said", "mixed", id="reporting-verb: Stoltenberg said that"),
        pytest.param("In a speech on Tuesday", "tensions in Europe", "The Associated Press", "Associated Press", "reported", "indirect", id="reporting-verb: The Associated Press reported"),
        # The nearest "he" is Putin, not the earlier speaker Stoltenberg.
        pytest.param("that Moscow wants", "equal security for all.”", "He", "Vladimir Putin", "added", "mixed", id="reporting-verb: He added that"),
        # A quotation split by its attribution and the quoted sentence after it are one statement.
        pytest.param("“There are some things", "will be unacceptable.”", "she", "Karen Donfried", "said", "direct", id="continuation: she said. “There are other things"),
        # The parse hangs "added" under "prepared"; the content still runs to the end of the sentence.
        pytest.param("that should Russia invade Ukraine, the U.S. is prepared", "is preparing to send", "She", "Karen Donfried", "added", "mixed", id="reporting-verb: She added that should Russia invade"),
    ],
)  # fmt: skip
def test_seed_statements(seed_statements, content_start, content_end, speaker, speaker_name, cue, kind):
    stmt = _find(seed_statements, content_start)
    assert stmt["content"].endswith(content_end)
    assert stmt["speaker"] == speaker
    assert stmt["speaker_name"] == speaker_name
    assert stmt["cue"] == cue
    assert stmt["kind"] == kind


def test_the_rule_table_names_each_rule_once_and_overrides_only_later_rules():
    names = [rule.name for rule in RULES]
    assert len(set(names)) == len(names)
    for i, rule in enumerate(RULES):
        assert (rule.unit == "word") == bool(rule.phrases), f"{rule.name}: word rules, and only they, have phrases"
        for overridden in rule.overrides:
            assert overridden in names[i + 1 :], f"{rule.name} overrides {overridden}, which does not run after it"


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_each_rule_handles_its_example(nlp_statements, rule: Rule):
    """A rule that finds statements finds one in its example; a veto or a pass changes what its
    example gives."""
    from flows.nlp.sentences import sentence_bounds

    doc = nlp_statements(rule.example)
    found = extract_statements(doc, sentence_bounds(doc))
    if rule.vetoes or rule.unit == "statements":
        without = extract_statements(doc, sentence_bounds(doc), [r for r in RULES if r is not rule])
        assert found != without
    else:
        assert rule.name in [s.rule for s in found]


def test_seed_spans_slice_back(seed_statements):
    assert len(seed_statements) == 8
    for stmt in seed_statements:
        for name in ("speaker", "cue", "content"):
            if stmt[f"{name}_start"] is not None:
                assert SEED[stmt[f"{name}_start"] : stmt[f"{name}_end"]] == stmt[name]


@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        # The parser ends the sentence at the closing mark; the cue still finds its quotation.
        pytest.param(
            "“Does he not understand we wrote Japan’s Constitution to say that they could not be a nuclear power?” "
            "Biden said.",
            "“Does he not understand we wrote Japan’s Constitution to say that they could not be a nuclear power?”",
            "Biden",
            "said",
            id="borrowed-quotation: “…?” | Biden said",
        ),
        # A verb outside the lexicon that takes the quotation: "called it “…”".
        pytest.param(
            "Marty West, an education professor at Harvard, called it “an incredibly significant development.”",
            "it “an incredibly significant development.”",
            "Marty West",
            "called",
            id="governing-verb: called it “…”",
        ),
        # Doubled apostrophes are quotation marks in New York Times copy.
        pytest.param(
            "''There's always resistance,'' said Mr. Schmidt, who bought the Woodmont property 10 years ago.",
            "''There's always resistance,''",
            "Mr. Schmidt",
            "said",
            id="reporting-verb: ''…,'' said Mr. Schmidt",
        ),
        # "According to" in the middle of a sentence: the content is the whole sentence around it.
        pytest.param(
            "Only one person was killed by a gun last year in Japan, according to the National Police Agency, "
            "and there were only eight reported incidents of a gun being fired.",
            "Only one person was killed by a gun last year in Japan, according to the National Police Agency, "
            "and there were only eight reported incidents of a gun being fired",
            "the National Police Agency",
            "according to",
            id="according-to: mid-sentence",
        ),
        # A paragraph break after an abbreviation leaves "to" without its object in the parse.
        pytest.param(
            "The jet is now cleared to fly again, according to the F.A.A.\n\nMost people who own aircraft do not "
            "fly them.",
            "The jet is now cleared to fly again",
            "the F.A.A.",
            "according to",
            id="according-to: the F.A.A. before a paragraph break",
        ),
        # A clause of saying opened by "as" attributes the clause it hangs on.
        pytest.param(
            "As the International Business Times noted, Clinton raised more than $1.1 million from the "
            "securities industry for her 2000 Senate campaign.",
            "Clinton raised more than $1.1 million from the securities industry for her 2000 Senate campaign",
            "the International Business Times",
            "noted",
            id="reporting-verb: As the International Business Times noted, …",
        ),
    ],
)
def test_news_sentences(nlp_statements, text, content, speaker, cue):
    statements = analyze(nlp_statements, text)
    assert [(s["content"], s["speaker"], s["cue"]) for s in statements] == [(content, speaker, cue)]


@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        # A verb before a colon governs the quotation after it ...
        pytest.param(
            "The letter continues: “As a former prosecutor, please explain your understanding of the legal "
            "difference.”",
            "“As a former prosecutor, please explain your understanding of the legal difference.”",
            "The letter",
            "continues",
            id="governing-verb: The letter continues: “…”",
        ),
        # ... and with no verb, the colon itself is the cue, and the name before it the speaker.
        pytest.param(
            'Rep. Trey Gowdy (R-S.C.): "I have not heard anyone other than you ever cite that figure. '
            'Who told you that?"',
            '"I have not heard anyone other than you ever cite that figure. Who told you that?"',
            "Rep. Trey Gowdy",
            ":",
            id="colon: Rep. Trey Gowdy (R-S.C.): “…”",
        ),
        # A quotation split by its attribution, the second part parsed as the cue's complement.
        pytest.param(
            '"If the last three Republican nominees don\'t want to get on that stage," Robinson said, '
            '"why would corporate brands want to align themselves with Trump?"',
            '"If the last three Republican nominees don\'t want to get on that stage," Robinson said, '
            '"why would corporate brands want to align themselves with Trump?"',
            "Robinson",
            "said",
            id="reporting-verb: split by Robinson said",
        ),
        # A misparsed subject inside the quotation ("[Clinton]") is not the speaker.
        pytest.param(
            "“I find sometimes in conversation with other teachers, [Clinton] can be very polarizing,” Kilfoyle said.",
            "“I find sometimes in conversation with other teachers, [Clinton] can be very polarizing,”",
            "Kilfoyle",
            "said",
            id="reporting-verb: [Clinton] inside the quotation",
        ),
        # A conjunct verb outside the lexicon shares its subject.
        pytest.param(
            "Carson took the stage Tuesday at the Grand Hotel in Baltimore and called the political system "
            "“rotten to the core.”",
            "the political system “rotten to the core.”",
            "Carson",
            "called",
            id="governing-verb: took the stage and called",
        ),
        # Any verb attributes a quotation that ends on a comma and is followed by a name ...
        pytest.param(
            "“Sit down,” the chairman snapped, as the hearing grew louder.",
            "“Sit down,”",
            "the chairman",
            "snapped",
            id="trailing-attribution: the chairman snapped",
        ),
        # ... and a verb governs a quoted sentence it introduces after a comma.
        pytest.param(
            "The senator shot back, “I will not apologize for asking hard questions.”",
            "“I will not apologize for asking hard questions.”",
            "The senator",
            "shot",
            id="governing-verb: shot back, “…”",
        ),
        # Word order finds a speaker the parse took for an object, or for part of the quotation.
        pytest.param(
            "“The numbers speak for themselves,” added a senior Treasury official.",
            "“The numbers speak for themselves,”",
            "a senior Treasury official",
            "added",
            id="reporting-verb: added a senior Treasury official",
        ),
        pytest.param(
            "“We expect a decision soon,” Anna Berg, a spokeswoman for the ministry, told reporters.",
            "“We expect a decision soon,”",
            "Anna Berg",
            "told reporters",
            id="reporting-verb: Anna Berg, a spokeswoman, told reporters",
        ),
        # A quotation signed at the end of its paragraph, with a dash or a bracketed source.
        pytest.param(
            "“We came here for work, not for trouble.” ― Maria Lopez",
            "“We came here for work, not for trouble.”",
            "Maria Lopez",
            "―",
            id="signature: ― Maria Lopez",
        ),
        pytest.param(
            "STORM DAMAGE LARGER THAN FEARED “Crews found more than 400 homes without roofs by Sunday night.” "
            "[Reuters.]",
            "“Crews found more than 400 homes without roofs by Sunday night.”",
            "Reuters",
            "[Reuters.]",
            id="signature: [Reuters.]",
        ),
        # A passive naming verb attributes its quotation to its agent, or to no one.
        pytest.param(
            "The agreement was labeled a “historic breakthrough” by diplomats.",
            "a “historic breakthrough”",
            "diplomats",
            "labeled",
            id="governing-verb: was labeled … by diplomats",
        ),
        pytest.param(
            "The deal was labeled a “historic breakthrough.”",
            "a “historic breakthrough.”",
            None,
            "labeled",
            id="governing-verb: was labeled, no agent",
        ),
    ],
)
def test_quotations_and_their_attributions(nlp_statements, text, content, speaker, cue):
    statements = analyze(nlp_statements, text)
    assert [(s["content"], s["speaker"], s["cue"]) for s in statements] == [(content, speaker, cue)]


@pytest.mark.parametrize(
    ("text", "statements"),
    [
        pytest.param(
            "That said, Cruz cannot realistically get enough delegates to win the nomination outright at this point.",
            [],
            id="fixed-expression: That said,",
        ),
        pytest.param(
            "Labour, needless to say, claim his planned £35bn efficiency savings simply don't add up.",
            [("his planned £35bn efficiency savings simply don't add up", "Labour", "claim")],
            id="fixed-expression: needless to say",
        ),
        # A relative "that" before the verb is no fixed expression: the headline said it.
        pytest.param(
            "Palin posted her message under a headline that said, “ISIS Declares Death to Children With Down "
            "Syndrome.”",
            [("“ISIS Declares Death to Children With Down Syndrome.”", "that", "said")],
            id="reporting-verb: a headline that said, “…”",
        ),
        pytest.param(
            'Some in podcasting also worry that too much attention may turn what they see as the "anti-radio" '
            "into something that is more like conventional broadcasting.",
            [],
            id="perception: what they see as the “anti-radio”",
        ),
        pytest.param(
            'Marcel Lehel Lazar, 44, known online as "Guccifer," was extradited in 2014 to the United States.',
            [],
            id="perception: known online as “Guccifer”",
        ),
        # A verb of saying that characterizes is still a statement.
        pytest.param(
            'Mr Keating described BBC Two as the "natural home" of Top of the Pops.',
            [('BBC Two as the "natural home" of Top of the Pops', "Mr Keating", "described")],
            id="governing-verb: described … as the “natural home”",
        ),
    ],
)
def test_what_only_looks_like_a_statement(nlp_statements, text, statements):
    assert [(s["content"], s["speaker"], s["cue"]) for s in analyze(nlp_statements, text)] == statements


@pytest.mark.parametrize(
    ("text", "content"),
    [
        pytest.param(
            "'AMANDA, you stabbed me,\" she said.", "'AMANDA, you stabbed me,\"", id="reporting-verb: '…,\" she said"
        ),
        pytest.param(
            "\"AMANDA, you stabbed me,' she said.", "\"AMANDA, you stabbed me,'", id="reporting-verb: \"…,' she said"
        ),
    ],
)
def test_a_quotation_in_mismatched_marks_is_direct(nlp_statements, text, content):
    [stmt] = analyze(nlp_statements, text)
    assert (stmt["content"], stmt["speaker"], stmt["kind"]) == (content, "she", "direct")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('"I love cats," reply Burton and Nick.', id="reporting-verb: reply Burton and Nick"),
        pytest.param("“I love cats,” Burton and Nick said.", id="reporting-verb: Burton and Nick said"),
        pytest.param("Burton and Nick replied, “I love cats.”", id="reporting-verb: Burton and Nick replied"),
    ],
)
def test_coordinated_speakers_stay_whole(nlp_statements, text):
    assert [s["speaker"] for s in analyze(nlp_statements, text)] == ["Burton and Nick"]


@pytest.mark.parametrize(
    ("text", "statements"),
    [
        pytest.param(
            "It's to the advantage of the United States, he says, to help write the rules of the global economy.",
            [("It's to the advantage of the United States, he says, to help write the rules of the global economy", "he", "says")],
            id="reporting-verb: …, he says, … (a parenthetical cue)",
        ),
        pytest.param(
            "NATO will hold a meeting of the NATO-Russia Council early next year, its secretary general said, as "
            "Washington prepares for its own talks with Moscow.",
            [("NATO will hold a meeting of the NATO-Russia Council early next year", "its secretary general", "said")],
            id="reporting-verb: …, its secretary general said, as … (the clause of time is the writer's)",
        ),
        pytest.param(
            "Shortly after my sentence, Eric Holder announced his resignation.",
            [("his resignation", "Eric Holder", "announced")],
            id="reporting-verb: announced his resignation (the object is the message)",
        ),
        pytest.param(
            "Officials identified Beijing as the likely perpetrator of the attacks, which the probe said were covered "
            "up to protect the job of FDIC Chairman Martin Gruenberg.",
            [
                (
                    "which the probe said were covered up to protect the job of FDIC Chairman Martin Gruenberg",
                    "the probe",
                    "said",
                )
            ],
            id="reporting-verb: which the probe said were covered up",
        ),
        pytest.param(
            "More than six in 10 said they were not looking forward to the next few months of the campaign; 46 "
            "percent said they were unenthusiastic about the 2016 presidential election.",
            [
                ("they were not looking forward to the next few months of the campaign", "More than six in 10", "said"),
                ("they were unenthusiastic about the 2016 presidential election", "46 percent", "said"),
            ],
            id="reporting-verb: the complement after the cue, not the attribution before it",
        ),
        pytest.param(
            "Trump declared that he plans to repeal much of the Dodd-Frank Act, which was passed in 2010.",
            [("that he plans to repeal much of the Dodd-Frank Act", "Trump", "declared")],
            id="reporting-verb: a trailing aside (, which …) is the writer's",
        ),
        pytest.param(
            "Axelrod said the fading attention on the Democratic race helped Clinton, who does not need to "
            "demonstrate her staying power.",
            [("the fading attention on the Democratic race helped Clinton", "Axelrod", "said")],
            id="reporting-verb: a trailing relative clause on a name (, who …) is the writer's",
        ),
        pytest.param(
            "The company announced it would slash up to 30,000 jobs, a mass layoff rivaling the cuts after the "
            "merger.",
            [("it would slash up to 30,000 jobs", "The company", "announced")],
            id="reporting-verb: a trailing apposition (, a …) is the writer's",
        ),
        pytest.param(
            "Manny Gomez said seeing so many police officers at Pride was a welcome sight.",
            [("seeing so many police officers at Pride was a welcome sight", "Manny Gomez", "said")],
            id="reporting-verb: a gerund opening the reported clause (said seeing … was …)",
        ),
        pytest.param(
            "At times last year, people close to the vice president said, the mere mention of Mrs. Clinton's name "
            "could make him fume.",
            [
                (
                    "the mere mention of Mrs. Clinton's name could make him fume",
                    "people close to the vice president",
                    "said",
                )
            ],
            id="reporting-verb: a cue set off by a comma before what was said",
        ),
        pytest.param(
            "Rubio said the real extremist on abortion is Hillary Clinton, and he railed against the debate "
            "moderators.",
            [("the real extremist on abortion is Hillary Clinton", "Rubio", "said")],
            id="reporting-verb: a clause in the writer's past tense after what was said is narrative",
        ),
        pytest.param(
            "Mr. Emanuel said Mr. Bush had not yet won him over, but he sounded a nostalgic note for what Mr. Bush "
            "represented.",
            [("Mr. Bush had not yet won him over", "Mr. Emanuel", "said")],
            id="reporting-verb: …, but he sounded a note (the speaker's act, not his words)",
        ),
        pytest.param(
            "Asked if it had appeared he was encouraging violence with his initial statement, Trump said he did not.",
            [
                ("if it had appeared he was encouraging violence with his initial statement", None, "Asked"),
                ("he did not", "Trump", "said"),
            ],
            id="reporting-verb: a fronted “Asked if …” runs to the comma before the main clause",
        ),
        pytest.param(
            'Suu Kyi said it was too early to congratulate winners but added, "I think you all have an idea of the '
            'results."',
            [
                ("it was too early to congratulate winners", "Suu Kyi", "said"),
                ('"I think you all have an idea of the results."', "Suu Kyi", "added"),
            ],
            id="reporting-verb: a second cue after “but” starts its own statement",
        ),
        pytest.param(
            "Trump said that waterboarding is “peanuts,” compared to what Islamic State militants are doing.",
            [
                (
                    "that waterboarding is “peanuts,” compared to what Islamic State militants are doing",
                    "Trump",
                    "said",
                )
            ],
            id="reporting-verb: reported words that quote in part run on past the quotation",
        ),
        pytest.param(
            "North Korea stated it would attack any loudspeakers and would respond within 48 hours if the "
            "broadcasts do not stop.",
            [
                (
                    "it would attack any loudspeakers and would respond within 48 hours if the broadcasts do not stop",
                    "North Korea",
                    "stated",
                )
            ],
            id="reporting-verb: a modal verb of saying joined to what was said is part of it",
        ),
        pytest.param(
            "The state has asked the Supreme Court to intervene.",
            [("the Supreme Court to intervene", "The state", "asked")],
            id="reporting-verb: asked the court to intervene (whom and what, together)",
        ),
        pytest.param(
            "Only 49 percent of Republicans say the same of Trump.",
            [("the same of Trump", "Only 49 percent of Republicans", "say")],
            id="reporting-verb: say the same of … (a word that stands for a whole answer)",
        ),
        pytest.param(
            "The Clinton campaign declined to say whether she would attend.",
            [("whether she would attend", "The Clinton campaign", "declined to say")],
            id="reporting-verb: declined to say whether …",
        ),
        pytest.param(
            "The director told the AP her group never worked with Manafort or Gates and said it had no contracts "
            "with them.",
            [
                ("her group never worked with Manafort or Gates", "The director", "told the AP"),
                ("it had no contracts with them", "The director", "said"),
            ],
            id="reporting-verb: a second cue joined to the reported clause keeps the first speaker",
        ),
        pytest.param(
            "Sanders had 1,401 delegates, according to a tally by the Associated Press.",
            [("Sanders had 1,401 delegates", "the Associated Press", "according to")],
            id="according-to: a tally by the Associated Press",
        ),
        pytest.param(
            "Clinton holds a 10-point lead in California, according to the RealClearPolitics average of polls, "
            "where 475 pledged delegates will be at stake.",
            [("Clinton holds a 10-point lead in California", "the RealClearPolitics average of polls", "according to")],
            id="according-to: a relative clause on the source is the writer's aside",
        ),
        pytest.param(
            "The plan would raise only $1.1 trillion over the next decade, according to the Tax Policy Center - half "
            "a percentage point of the economy.",
            [("The plan would raise only $1.1 trillion over the next decade", "the Tax Policy Center", "according to")],
            id="according-to: an aside after a dash is the writer's",
        ),
        pytest.param(
            'Trump said he was "happy to see" that Khan was voted in, according to The New York Times.',
            [('Trump said he was "happy to see" that Khan was voted in', "The New York Times", "according to")],
            id="according-to: an attribution reported through a source is the source's statement",
        ),
        pytest.param(
            "According to the New Zealand Herald, Professor John Burrows said the flag has never been open to "
            "public choice.",
            [
                (
                    "Professor John Burrows said the flag has never been open to public choice",
                    "the New Zealand Herald",
                    "According to",
                )
            ],
            id="according-to: a source cited first takes the attribution after it",
        ),
        pytest.param(
            "The AP reported that, according to an analysis of her calendar, 85 of the 154 meetings were with donors.",
            [
                (
                    "that, according to an analysis of her calendar, 85 of the 154 meetings were with donors",
                    "The AP",
                    "reported",
                )
            ],
            id="according-to: a source inside what was said cites for the speaker, not around it",
        ),
        pytest.param(
            "Sanders was asked about the merger during an interview published Monday.",
            [("about the merger", None, "asked")],
            id="reporting-verb: was asked about … (the topic is the message)",
        ),
        pytest.param(
            "“Being a dad, that’s my job,” Weiner said in May on the podcast “Here’s the Thing.”",
            [("“Being a dad, that’s my job,”", "Weiner", "said")],
            id="reporting-verb: a quoted title after the cue's phrase is not what was said",
        ),
        pytest.param(
            "“We had written two dozen songs before that,” Kiedis said, mentioning the long-awaited album is "
            "“in the home stretch.”",
            [("“We had written two dozen songs before that,”", "Kiedis", "said")],
            id="reporting-verb: a quotation in a participle's clause after the cue belongs to the participle",
        ),
        pytest.param(
            "Christian Estrosi, a former mayor of Nice, said in one of a series of Twitter messages that the truck "
            "was carrying arms and explosives when it struck the crowd.",
            [
                (
                    "that the truck was carrying arms and explosives when it struck the crowd",
                    "Christian Estrosi",
                    "said",
                )
            ],
            id="reporting-verb: a complement behind a phrase the parse hung it on",
        ),
        pytest.param(
            "The senator told Yahoo News in a story that posted this week that he believes the Saudi government is "
            "still training militants.",
            [
                (
                    "that he believes the Saudi government is still training militants",
                    "The senator",
                    "told Yahoo News",
                )
            ],
            id="reporting-verb: the complement, not the relative clause before it",
        ),
        pytest.param(
            "She said it in a story that she wrote for the paper.",
            [],
            id="reporting-verb: a relative clause with its object gap is no complement",
        ),
        pytest.param(
            "Claims by intelligence agencies that some of her messages should be classified were disputed.",
            [("that some of her messages should be classified", "intelligence agencies", "Claims")],
            id="nominal-cue: claims by intelligence agencies that …",
        ),
        pytest.param(
            "He kept his promise to build a wall on the border.",
            [],
            id="nominal-cue: a pronoun holder leaves the words to the verb's subject",
        ),
        pytest.param(
            "The government of Costa Rica has agreed to host up to 200 refugees from Honduras who passed initial "
            "screening, officials said Tuesday.",
            [
                (
                    "The government of Costa Rica has agreed to host up to 200 refugees from Honduras who passed "
                    "initial screening",
                    "officials",
                    "said",
                )
            ],
            id="reporting-verb: a trailing attribution takes the reported clause it closes",
        ),
        pytest.param(
            "The mayor promised to rebuild the bridge before winter, a city spokeswoman said.",
            [("The mayor promised to rebuild the bridge before winter", "a city spokeswoman", "said")],
            id="reporting-verb: a trailing attribution takes a cue inside what was said",
        ),
        pytest.param(
            "Asked whether she had practiced her speech, she said, “I read it once over, and that’s all.”",
            [
                ("whether she had practiced her speech", None, "Asked"),
                ("“I read it once over, and that’s all.”", "she", "said"),
            ],
            id="reporting-verb: the answer to a fronted question does not take the question",
        ),
        pytest.param(
            "Sanders, meanwhile, who has no such endorsements, said that fact speaks volumes about the race.",
            [("that fact speaks volumes about the race", "Sanders", "said")],
            id="reporting-verb: the name that opens the sentence, before an aside the parse took its subject into",
        ),
        pytest.param(
            "Jeffrey Salkin, a Hollywood, Fla., rabbi helping to organize the boycott, said he and other rabbis "
            "were alarmed about the rhetoric.",
            [("he and other rabbis were alarmed about the rhetoric", "Jeffrey Salkin", "said")],
            id="reporting-verb: the name before a long apposition the parse read as a verb",
        ),
        pytest.param(
            "The Internet has also made it possible for people with like-minded, if bogus, ideas and theories to "
            "organize into communities and reach others, she said. “If you think the moon landing was fake, you "
            "can find people just like you,” Holan said.",
            [
                (
                    "The Internet has also made it possible for people with like-minded, if bogus, ideas and "
                    "theories to organize into communities and reach others",
                    "she",
                    "said",
                ),
                ("“If you think the moon landing was fake, you can find people just like you,”", "Holan", "said"),
            ],
            id="reporting-verb: the sentence a cue closes, though the parse hung the cue inside it",
        ),
        pytest.param(
            "In nearby Decatur, the big steel plant is hanging on, but it is under intense pressure from imports, "
            "said the company's chief executive, John Ferriola.",
            [
                (
                    "In nearby Decatur, the big steel plant is hanging on, but it is under intense pressure from "
                    "imports",
                    "the company's chief executive",
                    "said",
                )
            ],
            id="reporting-verb: the sentence an inverted cue closes",
        ),
        pytest.param(
            "The account has been suspended.\n\n''Twitter works as a way to sell books, as a way to promote movies, "
            "and it works as a way to crowdsource terrorism - to sell murder,'' James B. Comey Jr., the director of "
            "the Federal Bureau of Investigation, said at a news conference in New York in December.",
            [
                (
                    "''Twitter works as a way to sell books, as a way to promote movies, and it works as a way to "
                    "crowdsource terrorism - to sell murder,''",
                    "James B. Comey Jr.",
                    "said",
                )
            ],
            id="reporting-verb: a cue with a subject of its own does not go on an attribution",
        ),
        pytest.param(
            "It is now a full part of the political conversation.\n\n\"What's shaping up is a battle for the ages,\" "
            "said David Brock, a Clinton confidant who heads the pro-Clinton super PAC Correct the Record.",
            [("\"What's shaping up is a battle for the ages,\"", "David Brock", "said")],
            id="trailing-attribution: said NAME, though the parse gave the name to its apposition's verb",
        ),
        pytest.param(
            "Graham, who says the United States and allies should contribute ground forces to the battle, tweeted "
            "that the president's strategy \"will not destroy ISIL and he knows it.\"",
            [
                ("the United States and allies should contribute ground forces to the battle", "who", "says"),
                ("that the president's strategy \"will not destroy ISIL and he knows it.\"", "Graham", "tweeted"),
            ],
            id="reporting-verb: a quotation governed by another cue is not this cue's",
        ),
        pytest.param(
            "\"He did try to intimidate me,\" said O'Donnell, who wrote about the attorney's visit in the book. "
            "\"Thank goodness, both of those things weren't true.\"",
            [
                (
                    "\"He did try to intimidate me,\" said O'Donnell, who wrote about the attorney's visit in the "
                    "book. \"Thank goodness, both of those things weren't true.\"",
                    "O'Donnell",
                    "said",
                ),
                ("about the attorney's visit in the book", "who", "wrote"),
            ],
            id="reporting-verb: a relative clause on the speaker does not reach past its sentence",
        ),
        pytest.param(
            "People should provide evidence and not wave around speculative words like “maybe” and “perhaps”, he "
            "told reporters.",
            [
                (
                    "People should provide evidence and not wave around speculative words like “maybe” and “perhaps”",
                    "he",
                    "told reporters",
                )
            ],
            id="reporting-verb: a quoted word at the end of the sentence a cue closes",
        ),
        pytest.param(
            "Zoe Saldana Asked Men Everywhere To “Redefine Masculinity.”",
            [("Men Everywhere To “Redefine Masculinity.”", "Zoe Saldana", "Asked")],
            id="headline: Zoe Saldana Asked …",
        ),
    ],
)  # fmt: skip
def test_attributions_in_news_prose(nlp_statements, text, statements):
    assert [(s["content"], s["speaker"], s["cue"]) for s in analyze(nlp_statements, text)] == statements


def test_a_question_asked_by_no_one_named_is_a_statement_without_a_speaker(nlp_statements):
    text = "Asked if Trump’s comments had rattled them as well, Ryan said, “Sure. I get that, too.”"
    assert [(s["content"], s["speaker"], s["cue"]) for s in analyze(nlp_statements, text)] == [
        ("if Trump’s comments had rattled them as well", None, "Asked"),
        ("“Sure. I get that, too.”", "Ryan", "said"),
    ]


def test_quotation_runs_on_past_a_statement_in_its_attribution(nlp_statements):
    text = (
        '"You\'re down to the number of people you can count and meet," Buchanan said, noting that Manafort '
        'did not lose a single Ford delegate. "If you\'re not tough, you will lose."'
    )
    statements = analyze(nlp_statements, text)
    said = _find(statements, "\"You're down")
    assert said["content"].endswith('you will lose."') and said["speaker"] == "Buchanan"
    noting = _find(statements, "that Manafort")
    assert noting["cue"] == "noting" and noting["speaker"] == "Buchanan"


def test_a_second_cue_of_the_same_speaker_starts_its_own_statement(nlp_statements):
    text = "The minister said the plant would reopen in March, adding that “no jobs will be lost.”"
    statements = analyze(nlp_statements, text)
    assert [(s["content"], s["speaker"], s["cue"]) for s in statements] == [
        ("the plant would reopen in March", "The minister", "said"),
        ("that “no jobs will be lost.”", "The minister", "adding"),
    ]


def test_quoted_title_in_the_attribution_does_not_stop_the_run(nlp_statements):
    text = (
        "“We’re not winning, but it’s too soon to say that we are doing everything we need to do,” Clinton "
        "said on ABC’s “This Week” on Sunday. “I think that’s what we’ll hear from the president.”"
    )
    said = _find(analyze(nlp_statements, text), "“We’re not winning")
    assert said["content"].endswith("from the president.”") and said["speaker"] == "Clinton"


@pytest.mark.parametrize(
    ("text", "needle", "speaker"),
    [
        # A participle describing what the speaker issued speaks for the speaker.
        pytest.param(
            "American Bridge President Jessica Mackler issued a statement saying his comment "
            "“has absolutely no place in American democracy.”",
            "his comment",
            "American Bridge President Jessica Mackler",
            id="reporting-verb: issued a statement saying",
        ),
        # A text someone put out speaks for them through a relative clause.
        pytest.param(
            "The Washington Post recently ran a piece that noted his health care plan would benefit affluent "
            "households more than poor ones.",
            "his health care plan",
            "The Washington Post",
            id="speaker-publisher: ran a piece that noted",
        ),
        # What a poll found is said through the poll, not by those it counted.
        pytest.param(
            "A Bloomberg poll in June showed that 72 percent of voters said it bothered them either a lot or somewhat.",
            "it bothered them",
            "A Bloomberg poll",
            id="poll-finding: a poll showed that 72 percent said",
        ),
        # A participle after a clause describing the cue's object is still the cue's speaker's.
        pytest.param(
            "Reached by POLITICO, Bennett denied the notion that a campaign shakeup is coming, explaining that he "
            "was unaware of any plans.",
            "that he was unaware",
            "Bennett",
            id="participle-after-claim: denied the notion that …, explaining",
        ),
    ],
)
def test_speaker_of_a_dependent_cue(nlp_statements, text, needle, speaker):
    assert _find(analyze(nlp_statements, text), needle)["speaker"] == speaker


def test_quote_only_paragraph_joins_the_statement_before(nlp_statements):
    text = (
        "“We don’t think there’s room for four cable news networks in the U.S.,” Zucker said.\n\n"
        "“I don’t think there’s enough room for three.”"
    )
    statements = analyze(nlp_statements, text)
    assert len(statements) == 1
    assert statements[0]["content"].endswith("enough room for three.”")
    assert statements[0]["speaker"] == "Zucker"


def test_passive_attribution_has_no_speaker(nlp_statements):
    text = "It was reported that the senator would resign before the end of the year."
    statements = analyze(nlp_statements, text)
    assert len(statements) == 1
    assert statements[0]["speaker"] is None
    assert statements[0]["content"] == "that the senator would resign before the end of the year"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="any rule: empty"),
        pytest.param("   \n\n  ", id="any rule: spaces"),
        pytest.param("“", id="any rule: an opening mark"),
        pytest.param('"', id="any rule: a straight mark"),
        pytest.param("''", id="any rule: doubled apostrophes"),
        pytest.param(
            "He said “this quote never closes\n\nand she said that it did.", id="any rule: a quote that never closes"
        ),
        pytest.param("“Unbalanced,” he said. ” Then a stray mark “ and “another", id="any rule: stray marks"),
        pytest.param("said said said “ ” “” '' \"\" according to", id="any rule: cues and marks only"),
    ],
)
def test_odd_input_never_raises(nlp_statements, text):
    for stmt in analyze(nlp_statements, text):
        for name in ("speaker", "cue", "content"):
            if stmt[f"{name}_start"] is not None:
                assert text[stmt[f"{name}_start"] : stmt[f"{name}_end"]] == stmt[name]


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        pytest.param("He said “yes” and “no.”", ["“yes”", "“no.”"], id="quotes: curly"),
        pytest.param('"It is going well so far," Ross said.', ['"It is going well so far,"'], id="quotes: straight"),
        pytest.param(
            "''We kept the doors open,'' Mr. Hutto said.",
            ["''We kept the doors open,''"],
            id="quotes: doubled apostrophes",
        ),
        pytest.param('“Mixed marks close too," he said.', ['“Mixed marks close too,"'], id="quotes: mixed marks close"),
        pytest.param(
            "“An unclosed quote ends at its paragraph\nNext paragraph.",
            ["“An unclosed quote ends at its paragraph"],
            id="quotes: unclosed ends at its paragraph",
        ),
        # A quotation inside a quotation, when the paragraph closes both.
        pytest.param(
            "“He called it “a disgrace” on Monday,” she said.",
            ["“He called it “a disgrace” on Monday,”"],
            id="quotes: nested",
        ),
        # A stray straight mark does not pair with a curly one; a closing mark may open a paragraph.
        pytest.param(
            '"Crowds gathered, chanting “four more years!”\n',
            ["“four more years!”"],
            id="quotes: a stray straight mark",
        ),
        pytest.param(
            "”We will rebuild.” ― Ana Ruiz", ["”We will rebuild.”"], id="quotes: a closing mark opens a paragraph"
        ),
    ],
)
def test_find_quotes(text, quotes):
    assert [text[q.start : q.end] for q in find_quotes(text)] == quotes


# --- the scorer ---------------------------------------------------------------------------------------------

ANN = (
    "T1\tSource 0 3\tShe\n"
    "T2\tCue 4 8\tsaid\n"
    "T3\tContent 9 20;30 40\tthat it was and so on\n"
    "continued surface text\n"
    "T4\tAttribution 4 8\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tCue 50 58\treported\n"
    "T6\tContent 60 70\tsomething.\n"
    "E2\tAttribution-no-source:T5 Cue:T5 Content:T6\n"
)


def test_parse_ann_hull_and_fragments():
    text = "She said that it was fine, and so on and on. It was reported something. " + " " * 10
    hull = parse_ann(ANN, text)
    assert [g.content for g in hull] == [((9, 40),), ((60, 70),)]
    assert hull[0].source == ((0, 3),) and hull[1].source is None
    assert hull[0].is_speech and hull[1].is_speech
    fragments = parse_ann(ANN, text, fragments=True)
    assert fragments[0].content == ((9, 20), (30, 40))


def test_matching_is_one_to_one_best_first():
    gold = [
        GoldAttribution(((0, 100),), ((200, 205),), ((206, 210),), "x" * 100, "said"),
        GoldAttribution(((100, 150),), None, ((160, 168),), "“" + "x" * 49, "reported"),
    ]
    predicted = [
        Predicted((0, 90), (200, 203), (206, 210)),
        Predicted((0, 60), (200, 203), (206, 210)),
        Predicted((100, 150), None, (160, 168)),
    ]
    assert jaccard((0, 90), ((0, 100),)) == pytest.approx(0.9)
    assert match(predicted, gold) == [(2, 1), (0, 0)]
    metrics = score([type("Doc", (), {"attributions": gold})()], [predicted])["metrics"]
    assert metrics["content_precision"] == pytest.approx(2 / 3)
    assert metrics["content_recall_direct"] == 1.0
    assert metrics["speaker_accuracy"] == 1.0  # a null speaker for a sourceless attribution is right
