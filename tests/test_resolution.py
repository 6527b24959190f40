"""Speaker resolution, rule by rule (flows/nlp/resolution/speakers.py), on news sentences parsed by the real model."""

from __future__ import annotations

import pytest

from flows.nlp.resolution.genders import first_name_gender


def _speakers(nlp, text: str) -> list[tuple[str, str | None, str]]:
    from flows.nlp.analyze import analyze_texts

    return [
        (s["speaker"], s["speaker_name"], s["speaker_resolution"])
        for s in next(analyze_texts(nlp, [text])).statements
        if s["speaker"] is not None
    ]


@pytest.mark.parametrize(
    "text, speaker, name, how",
    [
        pytest.param(
            "NATO Secretary General Jens Stoltenberg said the alliance was ready to talk.",
            "NATO Secretary General Jens Stoltenberg",
            "Jens Stoltenberg",
            "named",
            id="named: a title before the name",
        ),
        pytest.param(
            "Karen Donfried spoke on Tuesday. Donfried added that talks would begin next month.",
            "Donfried",
            "Karen Donfried",
            "surname",
            id="surname: the article's full name",
        ),
        pytest.param(
            "Chancellor Gordon Brown unveiled his budget on Wednesday. The chancellor said growth would "
            "return by the end of the year.",
            "The chancellor",
            "Gordon Brown",
            "surname",
            id="title: the person introduced with it",
        ),
        pytest.param(
            "Lloyds TSB reported record profits on Friday. The bank said its mortgage lending had grown by a fifth.",
            "The bank",
            "Lloyds TSB",
            "group",
            id="company: the organisation named as subject",
        ),
        pytest.param(
            "Hundreds of farmers marched through the town centre on Saturday. They said the new rules would "
            "put them out of business.",
            "They",
            "Hundreds of farmers",
            "group",
            id="they: a plural noun phrase, no entity",
        ),
        pytest.param(
            "Critics said the plan would cost more than it saved.",
            "Critics",
            "Critics",
            "group",
            id="plural phrase: kept as written",
        ),
        pytest.param(
            "Hillary Clinton met Bernie Sanders in Iowa on Monday. After the meeting, she said the race was "
            "far from over.",
            "she",
            "Hillary Clinton",
            "pronoun",
            id="she: the first name agrees",
        ),
        pytest.param(
            "Sarah Palin endorsed Donald Trump on Tuesday. Speaking in Ames, he said he was honoured by the support.",
            "he",
            "Donald Trump",
            "pronoun",
            id="he: skips a woman named more recently",
        ),
        pytest.param(
            "Mr Smith, who said he had been treated unfairly, will appeal against the ruling.",
            "who",
            "Smith",
            "named",
            id="relative: the name the clause hangs on",
        ),
        pytest.param(
            "Donald Trump Jr. said his father would win the state.",
            "Donald Trump Jr.",
            "Donald Trump Jr.",
            "named",
            id="named: a generational suffix keeps its own person",
        ),
        pytest.param(
            "Tony Blair met Gordon Brown on Monday. Mr Blair's spokesman said the talks had gone well.",
            "Mr Blair's spokesman",
            "Mr Blair's spokesman",
            "unresolved",
            id="named: a possessor is not the speaker",
        ),
        pytest.param(
            "Shares in Marks & Spencer fell 5% on Tuesday. The retailer said sales in its clothing stores had dropped.",
            "The retailer",
            "Marks & Spencer",
            "group",
            id="company: a retailer",
        ),
        pytest.param(
            "Police arrested two men in Leeds on Friday. They said the men had been under surveillance for months.",
            "They",
            "Police",
            "group",
            id="they: the subject of the sentence before",
        ),
        pytest.param(
            '"I love cats!" insists Burton. "I absolutely do," reply Burton and Nick.',
            "Burton and Nick",
            "Burton and Nick",
            "named",
            id="coordinated: both names, no entity",
        ),
        pytest.param(
            "Beau Biden died in 2015. His father said the loss had changed him.",
            "His father",
            "His father",
            "unresolved",
            id="as written: a family member is not the person named",
        ),
        pytest.param(
            "A spokesman said the company would not comment on speculation.",
            "A spokesman",
            "A spokesman",
            "unresolved",
            id="as written: an anonymous speaker",
        ),
    ],
)
def test_speaker_resolution(nlp, text, speaker, name, how):
    assert (speaker, name, how) in _speakers(nlp, text)


def test_a_second_cue_continues_the_speaker(nlp):
    text = (
        "Karen Donfried told reporters on Tuesday that talks would begin in January, adding that some "
        "demands were unacceptable."
    )
    assert [how for _, _, how in _speakers(nlp, text)] == ["named", "continuation"]


def test_a_son_is_not_his_father(nlp):
    text = (
        "Donald Trump Jr. spoke at the convention on Tuesday. Donald Trump was in New York. "
        "Donald Trump Jr. said the campaign was united."
    )
    names = {name for _, name, _ in _speakers(nlp, text)}
    assert names == {"Donald Trump Jr."}


def test_a_shared_surname_is_not_guessed(nlp):
    text = (
        "Bill Clinton and Hillary Clinton arrived in Denver on Monday. Speaking to supporters, Clinton "
        "said the economy had to come first."
    )
    assert _speakers(nlp, text) == [("Clinton", "Clinton", "named")]


@pytest.mark.parametrize(
    "first, gender",
    [("John", "m"), ("Theresa", "f"), ("Keir", "m"), ("Angela", "f"), ("Andrea", None), ("Jean", None)],
)
def test_first_name_gender(first, gender):
    assert first_name_gender(first) == gender
