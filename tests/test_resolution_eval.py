"""The resolution scorer: gold coreference in GUM's layout against the statements of real text."""

from __future__ import annotations

from flows.evaluation.resolution import format_report, gold_cases, names_the_cluster, score_document

TEXT = (
    "Karen Donfried, assistant secretary of State for European and Eurasian Affairs, told reporters on "
    "Tuesday that talks with Russia would begin in January.\n\n"
    "She said the date would be decided together with Moscow.\n\n"
    "Donfried added that some Russian demands were unacceptable."
)


def _mention(text: str, occurrence: int = 0, pronoun: bool = False) -> dict[str, object]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text, start + 1)
    return {"start": start, "end": start + len(text), "text": text, "is_pronoun": pronoun, "has_propn": not pronoun}


CLUSTERS = [
    {
        "entity": "e1",
        "type": "person",
        "identity": "Karen_Donfried",
        "mentions": [_mention("Karen Donfried"), _mention("She", pronoun=True), _mention("Donfried", occurrence=1)],
    }
]


def test_pronouns_and_short_names_named_earlier_are_the_cases() -> None:
    kinds = [kind for _, _, kind in gold_cases(CLUSTERS)]
    assert kinds == ["she", "short name"]


def test_a_name_is_right_when_it_names_the_cluster() -> None:
    names = ["Karen Donfried", "Karen Donfried's"]
    assert names_the_cluster("Karen Donfried", names)
    assert names_the_cluster("Donfried", names)
    assert not names_the_cluster("Jens Stoltenberg", names)
    assert not names_the_cluster(None, names)
    senators = ["Senators Charles E. Grassley, Republican of Iowa, and Patrick J. Leahy, Democrat of Vermont"]
    assert names_the_cluster("Mr. Charles E. Grassley and Mr. Patrick J. Leahy", senators)
    assert not names_the_cluster("Charles E. Grassley and Dianne Feinstein", senators)


def test_the_statements_of_real_text_are_scored(nlp) -> None:
    from flows.nlp.analyze import analyze_texts

    (analysis,) = list(analyze_texts(nlp, [TEXT]))
    cases, pronouns, speaking = score_document("talks", CLUSTERS, analysis.statements)
    assert [(c.kind, c.predicted, c.right) for c in cases] == [
        ("she", "Karen Donfried", True),
        ("short name", "Karen Donfried", True),
    ]
    assert (pronouns, speaking) == (1, 1)
    report = format_report({"documents": 1, "cases": cases, "gold_pronouns": pronouns, "speaking_pronouns": speaking})
    assert "all                             1.000      2      2" in report
    assert "nearest mention" in report
