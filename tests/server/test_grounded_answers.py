"""What keeps a composed reply on the question asked: a language the embedding model does not
understand must share the question's words with its answer, interrogatives say nothing of the
subject, a second question on the same entry gets its own sentence, a sentence is carried
once, and the entry's own way forward comes along when there is room. Triage reads a remark,
a praise and a grievance by their cues, not by the topic their neighbours share."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from knowledge.brand import BrandRegistry
from knowledge.embedding import Embedder
from knowledge.index import KnowledgeIndex
from knowledge.retrieval import Hit, Retriever
from knowledge.sync import SyncReport
from server.drafting.answers import CROWDED, Answer, AnswerFinder, Sentence, named_stems
from server.drafting.composition import compose
from server.drafting.reply import ReplyService
from server.prompts import phrase
from server.schemas import ReplyRequest
from server.triage.triager import Triager
from tests.conftest import fake_backend


def _hit(question: str, answer: str) -> Hit:
    return Hit(
        id=question,
        kind="faq",
        source="faq/faq-en.md",
        excerpt=f"Q: {question}\nA: {answer}",
        score=1.0,
        similarity=0.8,
        metadata={"question": question, "language": "en"},
    )


GIFT_CARDS = _hit(
    "Do you sell gift cards?",
    "Yes, from €20 to €150, as an e-card sent by email or a physical card in our shops. "
    "They are valid for 12 months and can be used in several goes. "
    "Write to shop@brand.example to order one for a team.",
)


def _compose(answers: list[Answer], limit: int = 1000, pii: bool = False) -> str:
    return compose(
        category="question",
        pii=pii,
        answers=answers,
        language="en",
        name=None,
        limit=limit,
        measure=len,
    ).text


# --- composition ---------------------------------------------------------------------------


def test_a_second_question_on_the_same_entry_gets_its_own_sentence_once() -> None:
    first = Answer(
        "Do you sell gift cards?",
        GIFT_CARDS,
        [
            Sentence("Yes, from €20 to €150.", 0.8),
            Sentence("They are valid for 12 months.", 0.3),
            Sentence("Write to shop@brand.example to order.", 0.2),
        ],
    )
    second = Answer(
        "How long are they valid?",
        GIFT_CARDS,
        [
            Sentence("From €20 to €150.", 0.4),
            Sentence("They are valid for 12 months.", 0.7),
            Sentence("Write to shop@brand.example to order.", 0.1),
        ],
    )
    text = _compose([first, second])
    assert "valid for 12 months" in text
    assert text.count("€20 to €150") == 1  # "Yes, from…" and "From…" are one sentence
    assert text.count("valid for 12 months") == 1


def test_the_entrys_own_way_forward_comes_when_there_is_room() -> None:
    answer = Answer(
        "Do you sell gift cards?",
        GIFT_CARDS,
        [
            Sentence("Yes, from €20 to €150, as an e-card or a physical card in our shops.", 0.8),
            Sentence("They are valid for 12 months and can be used in several goes.", 0.1),
            Sentence("Write to shop@brand.example to order one for a team.", 0.2),
        ],
    )
    roomy = _compose([answer])
    assert "shop@brand.example" in roomy
    assert "valid for 12 months" not in roomy  # far from the question: not carried
    best = "Yes, from €20 to €150, as an e-card or a physical card in our shops."
    assert _compose([answer], limit=len(best) + 5) == best


def test_personal_data_is_routed_once_not_twice() -> None:
    unanswered = Answer("Can you change my address?", None, [])
    text = _compose([unanswered], pii=True)
    assert text == phrase("dm_invite", "en")
    assert _compose([unanswered], pii=False) == phrase("no_answer", "en")


@pytest.mark.parametrize(
    ("question", "kept", "left"),
    [
        ("Livrez-vous en Belgique ?", {"livre"}, {"belgi"}),
        ("Il y a un parking près du café ?", {"parki", "cafe"}, set()),
        ("Do you ship to Spain and Portugal?", {"ship"}, {"spain", "portu"}),
    ],
)
def test_a_proper_name_is_an_instance_not_a_subject(
    question: str, kept: set[str], left: set[str]
) -> None:
    named = named_stems(question)
    assert kept <= named
    assert not (left & named)


# --- the demo brand, composing --------------------------------------------------------------


def _composing(home: Path, index: KnowledgeIndex, embedder: Embedder) -> ReplyService:
    backend = msgspec.structs.replace(fake_backend(), writes_replies=False)
    return ReplyService(BrandRegistry(home), Retriever(index, embedder), backend, Triager(embedder))


def test_the_model_does_not_tell_french_entries_apart_but_does_english_ones(
    demo_index: KnowledgeIndex, embedder: Embedder, demo_sync: SyncReport
) -> None:
    finder = AnswerFinder(Retriever(demo_index, embedder))
    assert finder.crowding("ondine", "fr") >= CROWDED > finder.crowding("ondine", "en")


async def test_a_french_question_on_something_the_faq_lacks_is_routed(
    demo_home: Path, demo_index: KnowledgeIndex, embedder: Embedder, demo_sync: SyncReport
) -> None:
    replies = _composing(demo_home, demo_index, embedder)
    comment = "Est-ce qu'il y a des prises électriques pour travailler au café de la Croix-Rousse ?"
    response = await replies.draft(
        ReplyRequest(brand="ondine", platform="facebook", comment=comment)
    )
    (draft,) = response.drafts
    # neither the café's hours (its words "café", "Croix-Rousse") nor an approved reply on them
    assert draft.text == phrase("no_answer", "fr")
    assert draft.citations == []


async def test_a_french_question_with_a_place_the_faq_covers_by_class_is_answered(
    demo_home: Path, demo_index: KnowledgeIndex, embedder: Embedder, demo_sync: SyncReport
) -> None:
    replies = _composing(demo_home, demo_index, embedder)
    response = await replies.draft(
        ReplyRequest(brand="ondine", platform="facebook", comment="Livrez-vous en Belgique ?")
    )
    (draft,) = response.drafts
    assert "Union européenne" in draft.text


async def test_an_english_follow_up_sharing_no_word_with_its_entry_is_answered(
    demo_home: Path, demo_index: KnowledgeIndex, embedder: Embedder, demo_sync: SyncReport
) -> None:
    replies = _composing(demo_home, demo_index, embedder)
    comment = "Is there a subscription? Can I quit it any time?"
    response = await replies.draft(
        ReplyRequest(brand="ondine", platform="facebook", comment=comment)
    )
    (draft,) = response.drafts
    assert "cancel" in draft.text


async def test_how_much_asks_for_a_price_it_does_not_name_the_subject(
    demo_home: Path, demo_index: KnowledgeIndex, embedder: Embedder, demo_sync: SyncReport
) -> None:
    replies = _composing(demo_home, demo_index, embedder)
    comment = "Combien coûte l'atelier méthodes douces ?"
    response = await replies.draft(
        ReplyRequest(brand="ondine", platform="facebook", comment=comment)
    )
    (draft,) = response.drafts
    assert "45 €" in draft.text
    assert "livraison" not in draft.text  # not the FAQ's "Combien coûte la livraison ?"


# --- triage cues -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def triager(embedder: Embedder) -> Triager:
    return Triager(embedder)


@pytest.mark.parametrize(
    ("comment", "category", "action"),
    [
        # a remark with no grievance cue at all sits beside complaints by topic only
        ("Walked past your roastery on my morning run today.", "remark", "no_reply"),
        # an opinion in praise words is praise
        (
            "Really nice to see a local business put this much care into its packaging.",
            "praise",
            None,
        ),
        # two grievance words and no mockery: a criticism to answer, not a troll to ignore
        (
            "Paying €25 for a bag of beans is ridiculous, a total rip-off.",
            "criticism",
            "reply_public",
        ),
        ("Vos sachets soi-disant écolos, c'est du greenwashing.", "criticism", "reply_public"),
    ],
)
def test_cues_decide_what_the_neighbours_confuse(
    triager: Triager, comment: str, category: str, action: str | None
) -> None:
    triage = triager.triage(comment)
    assert triage.category == category
    if action:
        assert triage.action == action


def test_a_limit_keeps_a_leaning_sentence_with_its_antecedent_where_both_fit() -> None:
    hit = _hit("Why was I charged?", "…")
    answer = Answer(
        "Why was I charged after cancelling?",
        hit,
        [
            Sentence("Any change must be made at least 48 hours before the payment date.", 0.4),
            Sentence(
                "If you were charged after cancelling within that window, we refund you.", 0.9
            ),
        ],
    )
    pair = (
        "Any change must be made at least 48 hours before the payment date. "
        "If you were charged after cancelling within that window, we refund you."
    )
    for limit in (len(pair), len(pair) + 80):
        text = compose(
            category="question",
            pii=False,
            answers=[answer],
            language="en",
            name=None,
            limit=limit,
            measure=len,
        ).text
        assert pair in text
    too_tight = compose(
        category="question",
        pii=False,
        answers=[answer],
        language="en",
        name=None,
        limit=len(pair) - 1,
        measure=len,
    ).text
    # where the pair cannot fit, the fact is carried alone rather than another sentence
    assert too_tight == "If you were charged after cancelling within that window, we refund you."
