"""Entity mentions and canonical entities: span repair, headlines, labels, aliases, corpus merges."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from flows.evaluation.entities import Scores, format_report, mapped, read_conll
from flows.nlp.entities import (
    EntityRow,
    entity_id_for,
    entity_key,
    merge_across_documents,
    resolve_entities,
)
from flows.nlp.mentions import Mention, clean_span, extract_mentions, split_name


@pytest.fixture(scope="session")
def nlp_entities():
    from flows.nlp.model import load_pipeline

    return load_pipeline()


def _doc(nlp, text: str, ents: list[tuple[str, str]]) -> Doc:
    """A tokenized `text` with the given (surface, label) entities, in order, set by hand so the
    rules are tested apart from what the model predicts."""
    doc = nlp.make_doc(text)
    spans = []
    position = 0
    for surface, label in ents:
        start = text.index(surface, position)
        position = start + len(surface)
        span = doc.char_span(start, position, label=label)
        assert span is not None, surface
        spans.append(span)
    doc.ents = spans
    return doc


def _mentions(doc: Doc) -> list[tuple[str, str]]:
    return [(m.text, m.label) for m in extract_mentions(doc, [0])]


# --- span repair -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "entity", "label", "expected"),
    [
        ("Millwall 2 Burnley 1", "Millwall 2 Burnley 1", "ORG", ["Millwall", "Burnley"]),
        ("Scorer : Gordon Durie 75th .", "Gordon Durie 75th", "PERSON", ["Gordon Durie"]),
        (
            "Sri Lanka - Arjuna Ranatunga ( captain )",
            "Sri Lanka - Arjuna Ranatunga",
            "PERSON",
            ["Sri Lanka", "Arjuna Ranatunga"],
        ),
        ("Birmingham v Barnsley was postponed", "Birmingham v Barnsley", "ORG", ["Birmingham", "Barnsley"]),
        ("quoted by Interfax news agency", "Interfax news agency", "ORG", ["Interfax"]),
        ("talks at the Oval ( London ) today", "Oval ( London", "FAC", ["Oval", "London"]),
        (
            "the Organization for Security and Co-operation in Europe said",
            "Organization for Security and Co-operation in Europe",
            "ORG",
            ["Organization for Security and Co-operation in Europe"],
        ),
        ("Boeing 747 jets", "Boeing 747", "PRODUCT", ["Boeing 747"]),
        ("shares in Acme , Inc rose", "Acme , Inc", "ORG", ["Acme , Inc"]),
        ('later, "Kim Jong-un issued an order', "Kim Jong-un", "PERSON", ["Kim Jong-un"]),
    ],
)
def test_split_name_cuts_run_together_names(nlp_entities, text, entity, label, expected):
    doc = _doc(nlp_entities, text, [(entity, label)])
    ent = doc.ents[0]
    assert [doc[s:e].text for s, e in split_name(doc, ent.start, ent.end, label)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the Foreign Office's", "Foreign Office"),
        ("The Kremlin", "Kremlin"),
        ("Blair’s", "Blair"),
        ("(Nato)", "Nato"),
        ("U.S.", "U.S."),
    ],
)
def test_clean_span_keeps_article_and_possessive_out(text, expected):
    start, end = clean_span(text, 0, len(text))
    assert text[start:end] == expected


# --- document-level rules ----------------------------------------------------------------------


def test_initials_make_a_person(nlp_entities):
    doc = _doc(nlp_entities, "M. McCague took three wickets for Kent .", [("M. McCague", "ORG"), ("Kent", "ORG")])
    assert _mentions(doc) == [("M. McCague", "PERSON"), ("Kent", "ORG")]


def test_a_name_found_once_is_found_again(nlp_entities):
    text = "Glenn Hoddle named his squad on Friday . Hoddle said the team was ready ."
    doc = _doc(nlp_entities, text, [("Glenn Hoddle", "PERSON")])
    assert _mentions(doc) == [("Glenn Hoddle", "PERSON"), ("Hoddle", "PERSON")]


def test_capital_headline_keeps_only_names_the_document_gives(nlp_entities):
    text = "SOCCER - HODDLE NAMES SQUAD FOR MOLDOVA\nLONDON 1996-08-30\nGlenn Hoddle named his squad to play Moldova ."
    doc = _doc(
        nlp_entities,
        text,
        [
            ("SOCCER - HODDLE NAMES SQUAD", "ORG"),
            ("1996-08-30", "DATE"),
            ("Glenn Hoddle", "PERSON"),
            ("Moldova", "GPE"),
        ],
    )
    assert _mentions(doc) == [
        ("HODDLE", "PERSON"),
        ("MOLDOVA", "GPE"),
        ("LONDON", "GPE"),
        ("Glenn Hoddle", "PERSON"),
        ("Moldova", "GPE"),
    ]


def test_honorific_before_a_name_is_kept_as_its_title(nlp_entities):
    doc = _doc(
        nlp_entities, "Mr Blair told MPs that Mrs Blair would attend .", [("Blair", "PERSON"), ("Blair", "PERSON")]
    )
    assert [m.title for m in extract_mentions(doc, [0])] == ["Mr", "Mrs"]


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        (
            "Prime Minister Tony Blair said on Tuesday that Britain would stand by the United States.",
            "Tony Blair",
            "PERSON",
        ),
        ("Chelsea manager Jose Mourinho has been charged by the Football Association.", "Jose Mourinho", "PERSON"),
        pytest.param(
            "Obama Says African-American Museum Will Tell of Suffering and Delight\n\nPresident Obama "
            "dedicated the museum on Saturday.",
            "Obama",
            "PERSON",
            id="a headline's verb is no part of the name",
        ),
    ],
)
def test_model_and_rules_find_real_names(nlp_entities, text, name, label):
    from flows.nlp.analyze import analyze_texts

    analysis = next(analyze_texts(nlp_entities, [text]))
    assert (name, label) in [(m["text"], m["label"]) for m in analysis.mentions]
    assert {m["entity_name"] for m in analysis.mentions if m["text"] == name} == {name}


def _parsed(nlp, text: str, ents: list[tuple[str, str]]) -> Doc:
    """`text` tagged and parsed by the pipeline, with the given entities set by hand: for rules
    that read tags and the parse, apart from what the model's entity recognizer predicts."""
    parsed = nlp(text)
    parsed.ents = list(_doc(nlp, text, ents).ents)
    return parsed


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        # Two lone words side by side are one person; her bare surname is her, not the city.
        (
            "Valeska Paris, an Australian woman, has claimed that the church held her. "
            "Paris was born in Switzerland. Paris claims she was sent to the ship.",
            [("Valeska", "GPE"), ("Paris", "GPE"), ("Paris", "GPE"), ("Switzerland", "GPE"), ("Paris", "GPE")],
            [
                ("Valeska Paris", "PERSON"),
                ("Paris", "PERSON"),
                ("Switzerland", "GPE"),
                ("Paris", "PERSON"),
            ],
        ),
        # A person glued to the organization that introduces her.
        (
            "Executive director of the Council on American - Islamic Relations Alia Salem said the boy was brave.",
            [("Council on American - Islamic Relations Alia Salem", "ORG")],
            [("Council on American - Islamic Relations", "ORG"), ("Alia Salem", "PERSON")],
        ),
        # A photo caption's label is no part of the name before it.
        (
            "US President Barack Obama tweet to student Ahmed Mohamed Image: Twitter / Barack Obama.",
            [("Barack Obama", "PERSON"), ("Ahmed Mohamed Image", "PERSON")],
            [("Barack Obama", "PERSON"), ("Ahmed Mohamed", "PERSON"), ("Barack Obama", "PERSON")],
        ),
        # An adjective of the common noun after a name is not part of it.
        (
            "Her mother had spoken out against Scientology on French television.",
            [("Scientology on French", "ORG")],
            [("Scientology", "ORG")],
        ),
        # A lone "person" listed with places is a place.
        (
            "Donfried, who last week visited Kyiv, Moscow and Brussels, added that aid would continue.",
            [("Donfried", "PERSON"), ("Kyiv", "PERSON"), ("Moscow", "GPE"), ("Brussels", "GPE")],
            [("Donfried", "PERSON"), ("Kyiv", "GPE"), ("Moscow", "GPE"), ("Brussels", "GPE")],
        ),
        # A lone "person" that is only ever the object of a preposition is not one.
        (
            "The hashtag spread on Twitter within hours. She posted to Twitter on Monday.",
            [("Twitter", "PERSON"), ("Twitter", "PERSON")],
            [("Twitter", "ORG"), ("Twitter", "ORG")],
        ),
        # A word that only qualifies a title is no name.
        (
            "According to the Herald, Emeritus Professor John Burrows will chair the panel.",
            [("Herald", "ORG"), ("Emeritus", "ORG"), ("John Burrows", "PERSON")],
            [("Herald", "ORG"), ("John Burrows", "PERSON")],
        ),
    ],
)
def test_context_mends_names_and_labels(nlp_entities, text, ents, expected):
    assert _mentions(_parsed(nlp_entities, text, ents)) == expected


def test_a_surname_used_as_a_place_stays_a_place(nlp_entities):
    text = "Valeska Paris lives in France. She met reporters in Paris on Monday."
    doc = _parsed(nlp_entities, text, [("Valeska", "PERSON"), ("Paris", "PERSON"), ("France", "GPE"), ("Paris", "GPE")])
    assert _mentions(doc) == [("Valeska Paris", "PERSON"), ("France", "GPE"), ("Paris", "GPE")]


FRAGMENTS = [
    "Tony Blair said the US and the U.S. Treasury agreed.",
    "CRICKET - LEICESTERSHIRE TAKE OVER AT TOP",
    "LONDON 1996-08-30",
    "Millwall 2 Burnley 1",
    "M. McCague took 4-70 for Kent at the Oval ( London ).",
    "Mr Brown's budget was welcomed by the CBI.",
]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=5), st.sampled_from(["\n", " ", "\n\n"]))
def test_every_mention_slices_back_to_its_text(nlp_entities, parts, sep):
    text = sep.join(parts)
    doc = nlp_entities(text)
    mentions = extract_mentions(doc, [0])
    for m in mentions:
        assert text[m.start_char : m.end_char] == m.text
        assert m.text == m.text.strip() and m.text
    spans = sorted((m.start_char, m.end_char) for m in mentions)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), "mentions overlap"


# --- canonical entities ------------------------------------------------------------------------


def _mention_list(items: list[tuple[str, str]] | list[tuple[str, str, str]]) -> list[Mention]:
    rows = []
    for idx, item in enumerate(items):
        text, label, *title = item
        rows.append(Mention(idx, idx, idx * 100, idx * 100 + len(text), text, label, title[0] if title else ""))
    return rows


def _entities(items) -> list[tuple[str, str, str]]:
    return [(r.mention.text, r.label, r.entity_name) for r in resolve_entities(_mention_list(items))]


@pytest.mark.parametrize(
    ("mentions", "expected_name"),
    [
        ([("Tony Blair", "PERSON"), ("Blair", "PERSON"), ("Mr Blair", "PERSON")], "Tony Blair"),
        ([("Karen Donfried", "PERSON"), ("Donfried", "PERSON"), ("Karen", "PERSON")], "Karen Donfried"),
        ([("George W. Bush", "PERSON"), ("Bush", "PERSON"), ("G. Bush", "PERSON")], "George W. Bush"),
        ([("US", "GPE"), ("U.S.", "GPE"), ("United States", "GPE"), ("America", "GPE")], "United States"),
        (
            [("Organization for Security and Co-operation in Europe", "ORG"), ("OSCE", "ORG")],
            "Organization for Security and Co-operation in Europe",
        ),
        ([("Microsoft Corp", "ORG"), ("Microsoft", "ORG")], "Microsoft Corp"),
        ([("Niall Quinn", "PERSON"), ("Quinn", "GPE"), ("Quinn", "PERSON")], "Niall Quinn"),
        ([("Church of Scientology", "ORG"), ("Church", "ORG")], "Church of Scientology"),
    ],
)
def test_aliases_form_one_entity(mentions, expected_name):
    resolved = resolve_entities(_mention_list(mentions))
    assert {r.entity_name for r in resolved} == {expected_name}
    assert len({r.entity_id for r in resolved}) == 1
    assert len({r.label for r in resolved}) == 1


@pytest.mark.parametrize(
    ("mentions", "text", "expected_name"),
    [
        # Two Browns in one document: a bare "Brown" cannot say which.
        ([("Gordon Brown", "PERSON"), ("Nick Brown", "PERSON"), ("Brown", "PERSON")], "Brown", "Brown"),
        # A title before a single name is no first name: "Prince Charles" is not "Charles Kennedy".
        ([("Charles Kennedy", "PERSON"), ("Prince Charles", "PERSON")], "Prince Charles", "Charles"),
        # "Mr Howard" and "Mrs Howard" in one document: the honorific forms stay apart.
        (
            [("Michael Howard", "PERSON"), ("Howard", "PERSON", "Mr"), ("Howard", "PERSON", "Mrs")],
            "Howard",
            "Mr Howard",
        ),
    ],
)
def test_ambiguous_short_forms_stay_apart(mentions, text, expected_name):
    resolved = [r for r in resolve_entities(_mention_list(mentions)) if r.mention.text == text]
    assert resolved[0].entity_name == expected_name


def test_a_bare_surname_means_the_person_named_before_or_far_more_often():
    # The boy is named in full three times; his father, who shares the surname, once and late.
    mentions = [
        ("Ahmed Mohamed", "PERSON"),
        ("Mohamed", "PERSON"),
        ("Ahmed Mohamed", "PERSON"),
        ("Mohamed El-Hassan Mohamed", "PERSON"),
        ("Mohamed", "PERSON"),
        ("Ahmed Mohamed", "PERSON"),
    ]
    names = [name for text, _, name in _entities(mentions) if text == "Mohamed"]
    assert names == ["Ahmed Mohamed", "Ahmed Mohamed"]


def test_entity_ids_are_the_same_across_documents_and_runs():
    first = resolve_entities(_mention_list([("George W Bush", "PERSON")]))[0]
    second = resolve_entities(_mention_list([("George Bush", "PERSON"), ("Bush", "PERSON")]))[1]
    assert first.entity_id == second.entity_id == entity_id_for("PERSON", "George Bush")
    assert len(first.entity_id) == 16
    assert entity_key("ORG", "The Microsoft Corp.") == entity_key("ORG", "Microsoft")


def _row(name: str, label: str, n_documents: int, aliases: tuple[str, ...] = ()) -> EntityRow:
    return EntityRow(entity_id_for(label, name), label, name, aliases or (name,), n_documents)


@pytest.mark.parametrize(
    ("rows", "bare", "joins"),
    [
        (
            [_row("Tony Blair", "PERSON", 144), _row("Cherie Blair", "PERSON", 4), _row("Blair", "PERSON", 21)],
            "Blair",
            "Tony Blair",
        ),
        (
            [_row("Gordon Brown", "PERSON", 82), _row("Wes Brown", "PERSON", 24), _row("Brown", "PERSON", 11)],
            "Brown",
            None,
        ),
        ([_row("Jose Mourinho", "PERSON", 17), _row("Mourinho", "ORG", 7)], "Mourinho", "Jose Mourinho"),
        ([_row("Denzel Washington", "PERSON", 2), _row("Washington", "GPE", 30)], "Washington", None),
        (
            [_row("Organization for Security and Co-operation in Europe", "ORG", 3, ("OSCE",)), _row("OSCE", "ORG", 5)],
            "OSCE",
            "Organization for Security and Co-operation in Europe",
        ),
    ],
)
def test_bare_names_join_across_documents_only_when_unambiguous(rows, bare, joins):
    merges = merge_across_documents(rows)
    source = next(r for r in rows if r.name == bare)
    target = next((r for r in rows if r.name == joins), None)
    assert merges.get(source.entity_id) == (target.entity_id if target else None)


# --- the scorer --------------------------------------------------------------------------------

CONLL = """-DOCSTART- -X- -X- O

SOCCER NN I-NP O
- : O O
JAPAN NNP I-NP I-LOC
GET VB I-VP O
LUCKY NNP I-NP O

Nadim NNP I-NP I-PER
Ladki NNP I-NP I-PER
met VBD I-VP O
Bayern NNP I-NP I-ORG
Munich NNP I-NP I-ORG
B-ORG NNP I-NP B-ORG

-DOCSTART- -X- -X- O

AL-AIN NNP I-NP I-LOC
"""


def test_read_conll_rebuilds_text_and_spans(tmp_path: Path):
    path = tmp_path / "tiny.conll"
    path.write_text(CONLL, encoding="utf-8")
    first, second = read_conll(path)
    assert first.text == "SOCCER - JAPAN GET LUCKY\nNadim Ladki met Bayern Munich B-ORG"
    assert {(first.text[s:e], t) for s, e, t in first.entities} == {
        ("JAPAN", "LOC"),
        ("Nadim Ladki", "PER"),
        ("Bayern Munich", "ORG"),
        ("B-ORG", "ORG"),
    }
    assert second.text == "AL-AIN"


def test_scores_and_report():
    scores = Scores()
    gold = {(0, 5, "LOC"), (6, 17, "PER")}
    scores.add(gold, mapped([(0, 5, "GPE"), (6, 11, "PERSON"), (20, 25, "DATE")]))
    assert scores.prf()["precision"] == 0.5 and scores.prf()["recall"] == 0.5
    table = {"overall": scores.prf(), "by_type": {k: scores.prf(k) for k in ("PER", "LOC", "ORG", "MISC")}}
    result = {
        "file": "x",
        "model": "m",
        "n_documents": 1,
        "n_gold": 2,
        "systems": {"ours": table | {"seconds": 0}, "raw": table | {"seconds": 0}},
    }
    assert "overall" in format_report(result)
    assert "before" not in format_report(result)
    assert "before" in format_report(result | {"file": "../shared/data/conll2003/eng.testa"})


def test_an_institution_cut_before_its_region_is_one_name(nlp_entities) -> None:
    text = (
        "She also said the U.S. expects to see movement in meetings between NATO and Russia, as well as the "
        "Organization for Security and Cooperation in Europe, in January. Officials of the Bank of England in "
        "London declined to comment."
    )
    from flows.nlp.analyze import analyze_texts

    mentions = next(analyze_texts(nlp_entities, [text])).mentions
    names = {(m["text"], m["label"]) for m in mentions}
    assert ("Organization for Security and Cooperation in Europe", "ORG") in names
    assert ("London", "GPE") in names


# --- context rules (flows.nlp.entity_rules) -----------------------------------------------------

CONTEXT_RULE_CASES = [
    pytest.param(
        "Results of English league soccer matches on Saturday :\nDivision one\nBradford 1 Tranmere 0\n"
        "Grimsby 0 Portsmouth 1\nStandings :\nStoke 4 3 1 0 7 4 10",
        [("Bradford", "GPE"), ("Tranmere", "PERSON")],
        [("Bradford", "ORG"), ("Tranmere", "ORG"), ("Grimsby", "ORG"), ("Portsmouth", "ORG"), ("Stoke", "ORG")],
        id="results_lines-scores-and-standings",
    ),
    pytest.param(
        "Romania beat Lithuania in their European under-21 soccer match .\nRomania 2 Lithuania 1 ( halftime 1-1 )",
        [("Romania", "GPE"), ("Lithuania", "GPE"), ("Romania", "GPE"), ("Lithuania", "GPE")],
        [("Romania", "GPE"), ("Lithuania", "GPE"), ("Romania", "GPE"), ("Lithuania", "GPE")],
        id="results_lines-national-sides-stay-places",
    ),
    pytest.param(
        "Leading scores after the final round of the British Masters golf tournament :\n"
        "291 Phillip Price 72 76 74 69 , Adam Hunter 70 79 73 69",
        [("British Masters", "EVENT"), ("Phillip Price", "PERSON"), ("Adam Hunter", "PERSON")],
        [("British Masters", "EVENT"), ("Phillip Price", "PERSON"), ("Adam Hunter", "PERSON")],
        id="results_lines-a-table-of-players-stays-people",
    ),
    pytest.param(
        "Faik Nerweyi of the Kurdistan Democratic Party ( KDP ) told Reuters . The KDP said Iraqi troops had "
        "taken Arbil .",
        [("Faik Nerweyi", "PERSON"), ("Kurdistan Democratic Party", "ORG"), ("Reuters", "ORG"), ("Arbil", "GPE")],
        [
            ("Faik Nerweyi", "PERSON"),
            ("Kurdistan Democratic Party", "ORG"),
            ("KDP", "ORG"),
            ("Reuters", "ORG"),
            ("KDP", "ORG"),
            ("Arbil", "GPE"),
        ],
        id="acronym_definitions-acronym-in-brackets",
    ),
    pytest.param(
        "At the Oval , Surrey captain Chris Lewis continued to silence his critics in the county championship "
        "match against Warwickshire , and Leicestershire beat Somerset by an innings and 39 runs .",
        [
            ("Oval", "FAC"),
            ("Surrey", "PERSON"),
            ("Chris Lewis", "PERSON"),
            ("Warwickshire", "GPE"),
            ("Leicestershire", "GPE"),
            ("Somerset", "GPE"),
        ],
        [
            ("Oval", "FAC"),
            ("Surrey", "ORG"),
            ("Chris Lewis", "PERSON"),
            ("Warwickshire", "GPE"),
            ("Leicestershire", "ORG"),
            ("Somerset", "ORG"),
        ],
        id="team_contexts-captain-and-beat",
    ),
    pytest.param(
        "Former international goalkeeper Dominique Baratelli is to coach struggling French first division side "
        "Nice , the club said on Friday . Nice have been unable to win any of their four league matches .",
        [("Dominique Baratelli", "PERSON"), ("French", "NORP"), ("Nice", "GPE"), ("Nice", "GPE")],
        [("Dominique Baratelli", "PERSON"), ("French", "NORP"), ("Nice", "ORG"), ("Nice", "ORG")],
        id="team_contexts-side-then-teams_spread",
    ),
    pytest.param(
        "Pete Sampras beat Andre Agassi in the tennis final . Sampras beat Agassi in the semifinal last year .",
        [("Pete Sampras", "PERSON"), ("Andre Agassi", "PERSON"), ("Sampras", "PERSON"), ("Agassi", "PERSON")],
        [("Pete Sampras", "PERSON"), ("Andre Agassi", "PERSON"), ("Sampras", "PERSON"), ("Agassi", "PERSON")],
        id="team_contexts-players-who-beat-players-stay-people",
    ),
    pytest.param(
        "Essex and Kent both face tense finishes in the county championship . Essex captain Paul Prichard "
        "said the innings was the best of the season . In Milwaukee , the Brewers rallied . Milwaukee "
        "manager Phil Garner was pleased .",
        [
            ("Essex", "GPE"),
            ("Kent", "PERSON"),
            ("Essex", "GPE"),
            ("Paul Prichard", "PERSON"),
            ("Milwaukee", "GPE"),
            ("Brewers", "ORG"),
            ("Milwaukee", "GPE"),
            ("Phil Garner", "PERSON"),
        ],
        [
            ("Essex", "ORG"),
            ("Kent", "ORG"),
            ("Essex", "ORG"),
            ("Paul Prichard", "PERSON"),
            ("Milwaukee", "GPE"),
            ("Brewers", "ORG"),
            ("Milwaukee", "ORG"),
            ("Phil Garner", "PERSON"),
        ],
        id="teams_spread-listed-with-a-team-but-in-a-place",
    ),
    pytest.param(
        "Newcastle council said the city would beat its recycling target , and Leeds agreed .",
        [("Newcastle", "GPE"), ("Leeds", "GPE")],
        [("Newcastle", "GPE"), ("Leeds", "GPE")],
        id="team_contexts-only-in-sports-reports",
    ),
    pytest.param(
        "Ericsson said in a statement the order was from Guangdong . The order included AXE switching "
        "equipment , Ericsson spokesman Per Zetterquist told Reuters .",
        [("Ericsson", "PERSON"), ("Guangdong", "GPE"), ("Ericsson", "PERSON"), ("Per Zetterquist", "PERSON")],
        [
            ("Ericsson", "ORG"),
            ("Guangdong", "GPE"),
            ("Ericsson", "ORG"),
            ("Per Zetterquist", "PERSON"),
        ],
        id="companies-spokesman",
    ),
    pytest.param(
        '" This is an important enhancement of our presence in Asia , " said Pirelli SpA chairman Marco '
        "Tronchetti Provera . Magna will compete with Johnson Controls Inc .",
        [
            ("Asia", "LOC"),
            ("Pirelli SpA", "PERSON"),
            ("Marco Tronchetti Provera", "PERSON"),
            ("Magna", "GPE"),
            ("Johnson Controls", "PERSON"),
        ],
        [
            ("Asia", "LOC"),
            ("Pirelli SpA", "ORG"),
            ("Marco Tronchetti Provera", "PERSON"),
            ("Magna", "GPE"),
            ("Johnson Controls Inc", "ORG"),
        ],
        id="companies-suffix",
    ),
    pytest.param(
        "Belgrade airport will be closed , the Yugoslav news agency Tanjug reported . A London newspaper said "
        "the airport would reopen .",
        [("Belgrade", "GPE"), ("Yugoslav", "NORP"), ("Tanjug", "PERSON"), ("London", "GPE")],
        [("Belgrade", "GPE"), ("Yugoslav", "NORP"), ("Tanjug", "ORG"), ("London", "GPE")],
        id="news_organisations-news-agency",
    ),
    pytest.param(
        "KHASAVYURT , Russia 1996-08-31\nA bomb ripped through a restaurant in the coastal town of Staoueli .",
        [("KHASAVYURT", "ORG"), ("Russia", "GPE"), ("1996-08-31", "DATE"), ("Staoueli", "PERSON")],
        [("KHASAVYURT", "GPE"), ("Russia", "GPE"), ("Staoueli", "GPE")],
        id="places-dateline-and-town-of",
    ),
]


@pytest.mark.parametrize(("text", "ents", "expected"), CONTEXT_RULE_CASES)
def test_context_rules(nlp_entities, text, ents, expected):
    assert _mentions(_parsed(nlp_entities, text, ents)) == expected
