"""`voix eval triage`: triage against people's labels on real-comment files (here, small files
written by the test in the two formats of ../shared/data/, which the suite never reads)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eval.cli import app
from eval.triage_accuracy import (
    LabelledComment,
    TriageDataError,
    half_of,
    load,
    measure,
    select,
    split,
)
from knowledge.embedding import Embedder
from server.triage.triager import Triager

ANNOTATED = """tweet_id,airline,sentiment,negative_reason,text
1,Ondair,negative,Lost Luggage,"My bag is lost again and nobody answers, terrible service."
2,Ondair,negative,Late Flight,"Three hours late and not a word from the crew. Never again."
3,Ondair,positive,,"Thank you so much, the crew was wonderful and the flight was perfect!"
4,Ondair,positive,,"Loved the new seats, great job team!"
5,Ondair,neutral,,"What time does the check-in desk open in Lyon?"
"""
COMPLAINTS = """category,text
remboursement,"Commande annulée il y a un mois, toujours pas remboursé, c'est inadmissible."
livraison,"Colis jamais reçu, le service client ne répond plus à mes messages depuis deux semaines."
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    annotated, complaints = tmp_path / "tweets.csv", tmp_path / "complaints.csv"
    annotated.write_text(ANNOTATED, encoding="utf-8")
    complaints.write_text(COMPLAINTS, encoding="utf-8")
    return annotated, complaints


def test_both_formats_load_with_their_labels(files: tuple[Path, Path]) -> None:
    tweets, complaints = (load(path) for path in files)
    assert [c.sentiment for c in tweets] == [
        "negative",
        "negative",
        "positive",
        "positive",
        "neutral",
    ]
    assert tweets[0].label == "negative: Lost Luggage" and tweets[0].grievance
    assert not tweets[2].grievance
    assert [c.label for c in complaints] == ["remboursement", "livraison"]
    assert all(c.grievance and c.sentiment is None for c in complaints)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,body\n1,hello\n", "expected the columns `sentiment,text`"),
        ("sentiment,text\nangry,hello\n", "line 2: sentiment 'angry'"),
        ("category,text\nx,\n", "no comment with a text"),
    ],
)
def test_a_file_that_cannot_be_used_says_why(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TriageDataError, match=message) as raised:
        load(path)
    assert str(path) in str(raised.value)


def test_agreement_counts_what_triage_got_right(
    files: tuple[Path, Path], embedder: Embedder
) -> None:
    triager = Triager(embedder)
    tweets = measure(triager, embedder, load(files[0]), "tweets")
    assert tweets.total == 5
    assert tweets.sentiment is not None and tweets.sentiment.total == 5
    assert sum(sum(row.values()) for row in tweets.confusion.values()) == 5
    assert tweets.confusion["negative"]["negative"] == 2  # the two plain grievances
    assert tweets.confusion["positive"]["positive"] == 2  # the two plain thanks
    diagonal = sum(tweets.confusion[s][s] for s in tweets.confusion)
    assert tweets.sentiment.passed == diagonal
    assert tweets.grievances_caught.passed == tweets.grievances_caught.total == 2
    assert sum(sum(c.values()) for c in tweets.categories.values()) == 5
    assert sum(tweets.actions.values()) == 5
    assert all(m.expected != m.got for m in tweets.misses)

    complaints = measure(triager, embedder, load(files[1]), "complaints")
    assert complaints.sentiment is None and not complaints.confusion
    assert complaints.grievances_caught.passed == 2
    assert complaints.grievances_answered.passed == 2


def test_the_command_prints_figures_or_json_and_refuses_a_bad_file(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    runner = CliRunner()
    shown = runner.invoke(app, ["triage", str(files[0])])
    assert shown.exit_code == 0, shown.output
    assert "sentiment as annotated" in shown.output and "complaints caught" in shown.output

    as_json = runner.invoke(
        app, ["triage", *map(str, files), "--json", "--misses", "0", "--half", "all"]
    )
    assert as_json.exit_code == 0, as_json.output
    results = json.loads(as_json.stdout)
    assert [r["total"] for r in results] == [5, 2]
    assert all(r["misses"] == [] for r in results)

    halves = runner.invoke(app, ["triage", *map(str, files), "--json"])
    assert halves.exit_code == 0, halves.output
    per_half = json.loads(halves.stdout)
    assert [r["half"] for r in per_half] == ["tune", "held-out"] * 2
    totals = [r["total"] for r in per_half]
    assert [totals[0] + totals[1], totals[2] + totals[3]] == [5, 2]
    assert all(r["misses"] == [] for r in per_half if r["half"] == "held-out")

    wrong = runner.invoke(app, ["triage", str(files[0]), "--half", "test"])
    assert wrong.exit_code == 2 and "expected tune, held-out" in wrong.output

    bad = tmp_path / "bad.csv"
    bad.write_text("id,body\n1,hello\n", encoding="utf-8")
    refused = runner.invoke(app, ["triage", str(bad)])
    assert refused.exit_code == 1 and "expected the columns" in refused.output


def test_the_split_depends_on_the_text_alone_and_keeps_both_halves_filled() -> None:
    texts = [f"comment number {i} about the delivery" for i in range(400)]
    comments = [LabelledComment(text=t, label="x", sentiment=None, grievance=False) for t in texts]
    halves = split(comments)
    assert sum(len(h) for h in halves.values()) == 400
    assert all(120 < len(h) < 280 for h in halves.values())
    reordered = split(list(reversed(comments)))
    assert {c.text for c in reordered["tune"]} == {c.text for c in halves["tune"]}
    assert half_of("  Comment NUMBER 3 about the   delivery") == half_of(texts[3])
    assert select(comments, "all") == comments
    with pytest.raises(ValueError, match="expected tune, held-out or all"):
        select(comments, "test")
