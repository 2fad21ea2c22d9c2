"""Posts composed from the brief's own words and the brand's FAQ sentences: which words of a
brief are copy, which entry a brief is about, what a composed post keeps within a limit, and
the floor under a model whose post leaves out the brief's facts."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from knowledge.brand import BrandRegistry
from knowledge.embedding import Embedder
from knowledge.index import KnowledgeIndex
from knowledge.retrieval import Hit, Retriever
from knowledge.sync import SyncReport
from server.drafting.answers import Answer, Sentence
from server.drafting.brief import brief_lead
from server.drafting.post import PostService
from server.drafting.post_composition import compose_post
from server.drafting.trend import find_risks
from server.schemas import PostRequest
from tests.conftest import RecordingChat, fake_backend


@pytest.mark.parametrize(
    ("brief", "language", "lead"),
    [
        (
            "Our Winter Box is back: order by 12 December",
            "en",
            "Our Winter Box is back: order by 12 December.",
        ),
        (
            "Remind people that our bags are home compostable",
            "en",
            "Our bags are home compostable.",
        ),
        (
            "Annoncer qu'une session est animée en anglais chaque mois",
            "fr",
            "Une session est animée en anglais chaque mois.",
        ),
        (
            "Explain the subscription: no commitment, pause anytime",
            "en",
            "No commitment, pause anytime.",
        ),
        (
            "A short caption for our Latte Art class: hearts and tulips",
            "en",
            "Our Latte Art class: hearts and tulips.",
        ),
        (
            "Une légende pour notre atelier : cœurs et tulipes",
            "fr",
            "Notre atelier : cœurs et tulipes.",
        ),
        ("Présenter le Décaféiné Nuit Calme pour les soirées", "fr", None),
        ("Announce the Winter Box", "en", None),
        ("Nous recrutons des baristas", "fr", "Nous recrutons des baristas."),
    ],
)
def test_a_briefs_copy_is_told_from_its_instruction(
    brief: str, language: str, lead: str | None
) -> None:
    assert brief_lead(brief, language) == lead


def _answer(*sentences: tuple[str, float]) -> Answer:
    text = " ".join(s for s, _ in sentences)
    hit = Hit(
        id="box",
        kind="faq",
        source="faq/faq-en.md",
        excerpt=f"Q: Do you have gift boxes?\nA: {text}",
        score=1.0,
        similarity=0.8,
        metadata={"question": "Do you have gift boxes?"},
    )
    return Answer("brief", hit, [Sentence(s, score) for s, score in sentences], question=False)


def test_a_sentence_that_adds_a_fact_is_kept_and_a_lead_it_contains_is_dropped() -> None:
    answer = _answer(
        ("Our Winter Box holds three single origins and a tasting booklet, for €39.", 0.8),
        ("Order by 17 December for delivery before Christmas.", 0.7),
    )
    composed = compose_post(
        lead="Our Winter Box holds three single origins and a tasting booklet.",
        answers=[answer],
        limit=2000,
        measure=len,
        paragraphs=True,
    )
    assert composed is not None
    # the lead said less than the brand's sentence, which carries the price too
    assert composed.text.startswith("Our Winter Box holds three single origins")
    assert composed.text.count("tasting booklet") == 1 and "€39" in composed.text
    assert [c.label for c in composed.citations] == ["FAQ: Do you have gift boxes?"] * 2


def test_a_tight_limit_keeps_the_lead_and_the_best_sentence() -> None:
    answer = _answer(
        ("A sentence that matters less to the brief than the next one does.", 0.5),
        ("The box costs €39.", 0.9),
    )
    composed = compose_post(
        lead="It is back.", answers=[answer], limit=80, measure=len, paragraphs=False
    )
    assert composed is not None
    assert composed.text == "It is back. The box costs €39."
    assert composed.notes and "Left out 1 sentence" in composed.notes[0]


def test_nothing_is_composed_from_an_instruction_the_faq_knows_nothing_about() -> None:
    assert compose_post(lead=None, answers=[], limit=280, measure=len, paragraphs=False) is None


def test_drinking_to_excess_on_camera_is_a_trend_risk(
    demo_home: Path, demo_sync: SyncReport
) -> None:
    profile = BrandRegistry(demo_home).profile("ondine")
    severe, mild = find_risks("Drink ten espressos in a row on camera", profile)
    assert not severe and any("excess consumption" in label for label in mild)
    assert find_risks("People share their slow morning coffee ritual", profile) == ([], [])


def _posts(
    home: Path, index: KnowledgeIndex, embedder: Embedder, writes: bool, *responses: str
) -> PostService:
    backend = msgspec.structs.replace(fake_backend(*responses), writes_posts=writes)
    return PostService(BrandRegistry(home), Retriever(index, embedder), backend)


async def test_composed_french_post_carries_the_faqs_price_and_date_and_calls_no_model(
    demo_home: Path, demo_index: KnowledgeIndex, embedder: Embedder, demo_sync: SyncReport
) -> None:
    posts = _posts(demo_home, demo_index, embedder, False)
    brief = "Annoncer le Coffret Hiver et la date limite de commande pour Noël en France"
    response = await posts.draft(
        PostRequest(brand="ondine", brief=brief, platforms=["x"], language="fr")
    )
    (draft,) = response.platforms[0].drafts
    assert "39 €" in draft.text and "17 décembre" in draft.text
    assert not draft.text.startswith("Annoncer")  # the instruction is not the post
    assert draft.chars <= 280 and draft.angle == "composed"
    entry = "FAQ: Avez-vous des coffrets cadeaux pour les fêtes ?"
    assert {c.label for c in draft.citations} == {entry}
    assert isinstance(posts.chat, RecordingChat) and posts.chat.prompts == []


async def test_a_recruiting_brief_quotes_the_recruiting_entry_not_the_cafes_hours(
    demo_home: Path, demo_index: KnowledgeIndex, embedder: Embedder, demo_sync: SyncReport
) -> None:
    posts = _posts(demo_home, demo_index, embedder, False)
    brief = "Nous recrutons des baristas pour nos trois cafés lyonnais ; candidatures en ligne"
    response = await posts.draft(
        PostRequest(brand="ondine", brief=brief, platforms=["linkedin"], language="fr")
    )
    (draft,) = response.platforms[0].drafts
    assert draft.text.startswith("Nous recrutons des baristas")
    assert "ondine-coffee.example/recrutement" in draft.text
    assert "18 h" not in draft.text


async def test_an_instruction_with_nothing_behind_it_gets_no_post_and_says_what_to_do(
    demo_home: Path, demo_index: KnowledgeIndex, embedder: Embedder, demo_sync: SyncReport
) -> None:
    posts = _posts(demo_home, demo_index, embedder, False)
    response = await posts.draft(
        PostRequest(brand="ondine", brief="Announce our new podcast", platforms=["x"])
    )
    platform = response.platforms[0]
    assert platform.drafts == []
    assert len(platform.warnings) == 1 and "first sentence in the brief" in platform.warnings[0]


async def test_a_written_post_that_drops_the_briefs_price_falls_back_to_the_composition(
    demo_home: Path, demo_index: KnowledgeIndex, embedder: Embedder, demo_sync: SyncReport
) -> None:
    vague = "Our Winter Box is here, a lovely gift for the holidays with three coffees."
    posts = _posts(demo_home, demo_index, embedder, True, vague, vague)
    brief = "Our Winter Box is back at €39: three single origins and a tasting booklet"
    response = await posts.draft(
        PostRequest(brand="ondine", brief=brief, platforms=["instagram"], language="en")
    )
    (draft,) = response.platforms[0].drafts
    assert draft.angle == "composed" and "€39" in draft.text
    assert "leaves out the brief's" in draft.warnings[0]
