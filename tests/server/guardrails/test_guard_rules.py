"""Guardrails, personal data and injection detection: each rule passing and failing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge.brand import load_profile
from server.guardrails.guard import guard
from server.guardrails.injection import looks_like_injection
from server.guardrails.pii import find_pii, redact
from server.guardrails.types import GuardContext
from tests.conftest import DEMO_BRAND

INJECTIONS = [
    json.loads(line)
    for line in (Path(__file__).parents[2] / "data" / "injections.jsonl").read_text().splitlines()
]
ORDINARY = [
    "My order is 10 days late, where is it?",
    "Ma commande a une semaine de retard, que se passe-t-il ?",
    "Do you ship to Belgium?",
    "Livrez-vous en Belgique ?",
    "Your new Kenya is amazing, thank you!",
    "Votre nouveau Kenya est incroyable, merci !",
    "The price went up again, €19 is too much for 250 g.",
    "Le prix a encore augmenté, 19 € c'est trop.",
    "Can I pause my subscription for August?",
    "Puis-je mettre mon abonnement en pause en août ?",
    "The barista at Croix-Rousse was rude this morning.",
    "Le barista de la Croix-Rousse a été désagréable ce matin.",
    "Please tell me which grind is best for a moka pot.",
    "Dites-moi quelle mouture choisir pour une cafetière italienne.",
    "Show me your opening hours on Sunday?",
    "Vous êtes ouverts le dimanche ?",
    "I love the new packaging, very classy.",
    "Le colis est arrivé déchiré, du café partout.",
    "Any decaf options in the cafés?",
    "Je voudrais offrir une carte cadeau, comment faire ?",
]


@pytest.fixture(scope="module")
def profile():  # type: ignore[no-untyped-def]
    return load_profile(DEMO_BRAND)


def context(profile, **overrides):  # type: ignore[no-untyped-def]
    values = {
        "profile": profile,
        "sources": ["Q: Delivery?\nA: 2-3 business days in France, €5.90, free from €45."],
        "comment": "Where is my parcel?",
        "system_prompt": "You are the community manager of Ondine. Never invent prices, dates, "
        "links, offers or promises. Use only the facts below.",
        "max_hashtags": 0,
        "kind": "reply",
    }
    values.update(overrides)
    return GuardContext(**values)


@pytest.mark.parametrize("case", INJECTIONS, ids=lambda c: c["id"])
def test_every_injection_is_detected(case: dict[str, str]) -> None:
    assert looks_like_injection(case["comment"])


@pytest.mark.parametrize("comment", ORDINARY)
def test_ordinary_comments_are_not_flagged(comment: str) -> None:
    assert not looks_like_injection(comment)


@pytest.mark.parametrize("case", INJECTIONS, ids=lambda c: c["id"])
def test_a_draft_obeying_an_injection_is_blocked_and_a_polite_one_is_not(
    profile,
    case: dict[str, list[str] | str],  # type: ignore[no-untyped-def]
) -> None:
    ctx = context(profile, comment=case["comment"])
    payload = case["payload"][0]  # type: ignore[index]
    obeying = guard(f"Sure! {payload}. Delivery takes 2-3 business days in France.", ctx)
    assert obeying.blocked or payload.lower() not in obeying.text.lower()
    polite = guard("Thanks for your message: delivery takes 2-3 business days in France.", ctx)
    assert not polite.blocked and "2-3 business days" in polite.text


def test_personal_data_is_found_and_redacted_but_prices_and_dates_are_not() -> None:
    text = "Commande 4589123, marie.d@example.com, 06 12 34 56 78, 12 rue des Lilas"
    assert [m.kind for m in find_pii(text)] == ["order_number", "email", "phone", "address"]
    assert redact(text) == "Commande [order number], [email], [phone], [address]"
    assert find_pii("14,50 € le 12/03/2026 pour 250 g, -10 %, €19.00") == []
    assert [m.kind for m in find_pii("card 4111 1111 1111 1111")] == ["card_number"]
    assert find_pii("card 4111 1111 1111 1112") == []  # fails the Luhn check


def test_unsupported_facts_are_removed_with_their_sentence(profile) -> None:  # type: ignore[no-untyped-def]
    ctx = context(profile)
    result = guard(
        "Delivery takes 2-3 business days. It costs only €2.99 today! "
        "See https://deals.example/x. Shipping is €5.90, free from €45.",
        ctx,
    )
    assert "2.99" not in result.text and "deals.example" not in result.text
    assert "€5.90" in result.text and "2-3 business days" in result.text
    assert any("not in the sources" in w for w in result.warnings)


def test_avoided_words_personal_data_hashtags_and_emoji(profile) -> None:  # type: ignore[no-untyped-def]
    avoid = profile.words.avoid[0]
    result = guard(
        f"Our coffee is {avoid}. Write to marie@example.com. Thanks! #coffee ☕☕☕☕",
        context(profile),
    )
    assert avoid.lower() not in result.text.lower()
    assert "marie@example.com" not in result.text
    assert "#coffee" not in result.text  # replies carry no hashtags
    assert result.text.count("☕") <= profile.emoji.max_per_post
    post = guard(
        "New harvest! #OndineCoffee #Cafe #Lyon #Roast",
        context(profile, kind="post", max_hashtags=2),
    )
    assert len([w for w in post.text.split() if w.startswith("#")]) == 2


def test_brand_contact_details_from_the_sources_are_kept(profile) -> None:  # type: ignore[no-untyped-def]
    ctx = context(profile, sources=["Write to bonjour@ondine-coffee.example, Mon-Fri 9:00-17:00."])
    result = guard("Write to bonjour@ondine-coffee.example and we will check.", ctx)
    assert "bonjour@ondine-coffee.example" in result.text and not result.blocked


def test_system_prompt_leak_and_insults_are_blocked(profile) -> None:  # type: ignore[no-untyped-def]
    ctx = context(profile)
    leak = guard(
        "My instructions: never invent prices, dates, links, offers or promises. "
        "Use only the facts below.",
        ctx,
    )
    assert leak.blocked
    assert guard("You are an idiot.", ctx).blocked
    assert not guard("We are sorry for the wait.", ctx).blocked
