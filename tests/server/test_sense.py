"""Sense checks on drafts: each check firing and not firing, in English and French, and what
the guard does with each (blocks, or removes the brand addressing itself)."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from knowledge.brand import BrandProfile, load_profile
from server.drafting.sense import (
    bereaved,
    brand_texts,
    check_sense,
    condolences,
    contradictions,
    fixed_phrases,
    invented_entities,
    is_own_handle,
    quantities,
    refusals,
    self_mentions,
    unaddress,
)
from server.guardrails.guard import guard
from server.guardrails.types import GuardContext
from tests.conftest import DEMO_BRAND

PROFILE: BrandProfile = load_profile(DEMO_BRAND)
DELIVERY = (
    "Q: How long does delivery take?\nA: Orders placed before 12:00 (noon) on a business day "
    "(Monday to Friday) ship the same day; later orders ship the next business day. In France, "
    "allow 2 to 3 business days with Colissimo home delivery and 3 to 4 business days to a "
    "Mondial Relay pickup point. To other European Union countries, allow 4 to 7 business days."
)
SHIPPING = (
    "Q: How much does shipping cost?\nA: In France, shipping costs €5.90 for Colissimo home "
    "delivery and €3.90 to a Mondial Relay pickup point. To other European Union countries, it "
    "costs €9.90. Click & collect in our cafés is free."
)
OUTSIDE_EU = (
    "Q: Do you ship outside the European Union?\nA: Not for now: we ship to France and the 27 "
    "EU member states. Switzerland and the United Kingdom are not served."
)
MILKS = (
    "Q: Which plant-based milks do you offer?\nA: In our cafés we offer organic whole milk, an "
    "oat drink and a soy drink; plant-based drinks cost nothing extra. Our oat drink is not "
    "certified gluten-free."
)
LIVRAISON = (
    "Q: Quels sont les délais de livraison ?\nA: En France, comptez 2 à 3 jours ouvrés en "
    "Colissimo à domicile et 3 à 4 jours ouvrés en point relais Mondial Relay. Dans l'Union "
    "européenne, comptez 4 à 7 jours ouvrés."
)
HORS_UE = (
    "Q: Livrez-vous en dehors de l'Union européenne ?\nA: Pas pour le moment : nous livrons la "
    "France et les 27 pays de l'Union européenne. La Suisse et le Royaume-Uni ne sont pas "
    "desservis."
)
MOUTURES = (
    "Q: Quelles moutures proposez-vous ?\nA: Tous nos cafés sont disponibles en grains ou "
    "moulus, sans supplément : espresso, moka, filtre et piston."
)
SIM_COMMENT = "My SIM card never arrived and it has been 9 days. @OndineMobile what is going on?"
SIM_DRAFT = (
    "I'm sorry for your loss, unfortunately we will be unable to assist you with the next "
    "issue. @OndineMobile Send us a private message"
)


def allowed(*texts: str) -> list[str]:
    return [*texts, *brand_texts(PROFILE), *fixed_phrases()]


def checks_of(problems: list[Any]) -> set[str]:
    return {p.check for p in problems}


# --- (1) condolences --------------------------------------------------------------------


@pytest.mark.parametrize(
    "draft",
    [
        "I'm sorry for your loss. We'll look into your order.",
        "Our condolences, and sorry for the delay.",
        "We are thinking of you in this difficult time.",
        "RIP. Send us a private message.",
        "Toutes nos condoléances, nous regardons votre commande.",
        "Nous sommes désolés pour votre perte.",
    ],
)
def test_condolences_without_a_loss_fire(draft: str) -> None:
    (problem,) = condolences(draft, "My parcel is 10 days late, what is going on?")
    assert problem.check == "condolences" and problem.reason == "condolences without a loss"


@pytest.mark.parametrize(
    "comment",
    [
        "My father passed away last week and his subscription keeps running.",
        "We ordered coffee for the funeral and it never came.",
        "J'ai perdu mon père, comment résilier son abonnement ?",
        "Suite au décès de ma mère, je voudrais annuler sa commande.",
    ],
)
def test_condolences_fit_a_comment_about_a_death(comment: str) -> None:
    assert bereaved(comment)
    assert condolences("We are so sorry for your loss. Our condolences.", comment) == []
    assert condolences("Toutes nos condoléances.", comment) == []


def test_a_lost_bag_is_no_bereavement() -> None:
    assert not bereaved("I lost my bag of beans on the train, can you resend it?")
    assert not bereaved("J'ai perdu ma carte de fidélité.")
    assert condolences("So sorry for your loss!", "I lost my bag of beans on the train.")


@pytest.mark.parametrize(
    "draft",
    [
        "We're so sorry about the wait, and we understand your frustration.",
        "Nous sommes désolés pour ce désagrément.",
        "Sorry you lost your bag: send us a private message and we'll resend it.",
    ],
)
def test_ordinary_apologies_are_not_condolences(draft: str) -> None:
    assert condolences(draft, "I lost my bag and my order is late.") == []


# --- (2) refusals ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "draft",
    [
        SIM_DRAFT,
        "Sorry, we can't help you with that.",
        "There is nothing we can do about it.",
        "We are sadly not able to help here.",
        "Nous ne pouvons malheureusement pas vous aider.",
        "Il nous est impossible de vous aider.",
        "Nous ne sommes pas en mesure de vous aider sur ce point.",
    ],
)
def test_refusals_to_help_fire(draft: str) -> None:
    assert checks_of(refusals(draft)) == {"refusal"}


@pytest.mark.parametrize(
    "draft",
    [
        "We can't ship to Switzerland for now: we ship to France and the EU.",
        "We'd be happy to help: send us a private message.",
        "We can't wait for you to taste it!",
        "Nous ne livrons pas encore la Suisse, mais toute l'Union européenne.",
        "Nous pouvons vous aider : écrivez-nous en message privé.",
    ],
)
def test_stated_limits_and_offers_of_help_are_no_refusals(draft: str) -> None:
    assert refusals(draft) == []


# --- (3) the brand addressing itself ------------------------------------------------------


@pytest.mark.parametrize(
    "handle", ["@OndineMobile", "@OndineCoffee", "@ondine", "@ondine_fr", "@ondinecoffeefr"]
)
def test_the_brands_handles_are_recognised(handle: str) -> None:
    assert is_own_handle(handle, PROFILE)


@pytest.mark.parametrize("handle", ["@ondinette", "@Marie", "@CoffeeLover", "@LaPoste"])
def test_other_handles_are_not_the_brands(handle: str) -> None:
    assert not is_own_handle(handle, PROFILE)


def test_a_declared_handle_counts_however_written() -> None:
    profile = msgspec.structs.replace(PROFILE, handles=["@BrulerieLyon"])
    assert is_own_handle("@brulerie_lyon", profile)
    assert not is_own_handle("@brulerie_lyon", PROFILE)


@pytest.mark.parametrize(
    ("sentence", "fixed"),
    [
        ("@OndineMobile Send us a private message", "Send us a private message"),
        ("See you soon @OndineCoffee!", "See you soon!"),
        ("Dear Ondine, thanks for your patience.", "Thanks for your patience."),
        ("Hi Ondine team! We'll check it.", "We'll check it."),
        ("Bonjour l'équipe Ondine, merci pour votre message.", "Merci pour votre message."),
        ("Chère Ondine, nous regardons cela.", "Nous regardons cela."),
        ("Thanks for writing to @Ondine about it.", None),
    ],
)
def test_self_address_is_taken_out(sentence: str, fixed: str | None) -> None:
    assert checks_of(self_mentions(sentence, PROFILE)) == {"self_mention"}
    result, removed = unaddress(sentence, PROFILE)
    assert result == fixed and removed


@pytest.mark.parametrize(
    "sentence",
    [
        "Hi Marie, thanks for your message!",
        "Bonjour Marie, merci pour votre retour.",
        "Ondine roasts every coffee in Lyon.",
        "Thanks @Marie, see you soon!",
        "L'équipe Ondine vous remercie.",
    ],
)
def test_greeting_the_person_or_naming_the_brand_is_fine(sentence: str) -> None:
    assert self_mentions(sentence, PROFILE) == []
    assert unaddress(sentence, PROFILE) == (sentence, None)


# --- (4) invented names -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("draft", "name"),
    [
        ("Unfortunately, our Winter Box is sold out.", "Winter Box"),
        ("Use code WELCOME10 at checkout.", "WELCOME10"),
        ("Please DM us so we can check with La Poste.", "La Poste"),
        ("Sarah from our team will call you back.", None),
        ("Send us a message on WhatsApp and Sarah will help.", "Sarah"),
        ("Notre Coffret Hiver revient bientôt !", "Coffret Hiver"),
        ("Passez à notre café de Villeurbanne.", "Villeurbanne"),
    ],
)
def test_names_nobody_gave_fire(draft: str, name: str | None) -> None:
    found = invented_entities(draft, allowed(DELIVERY, "Where is my parcel?"))
    if name is None:  # a first name opening a sentence reads as any sentence start
        assert found == []
    else:
        assert name in [p.excerpt for p in found]


@pytest.mark.parametrize(
    "draft",
    [
        "Thank you for your message! Your order ships within 2 to 3 business days.",
        "Hello! Delivery to a Mondial Relay point takes 3 to 4 business days. ☕",
        "Sorry for the wait, Marie. Could you send us a private message?",
        "We're sorry: the Capucins café was closed on Monday. — The Ondine team",
        "Great news: Ondine's Croix-Rousse café serves oat drinks! #OndineCoffee",
        "I understand. OK, we'll check it on Tuesday. Happy New Year!",
        "Thank You For Your Patience With Us Today",
        "Bonjour Marie, merci pour votre message ! Nous regardons cela avec vous.",
        "Nous sommes désolés. Votre commande part demain en Colissimo depuis Gerland.",
        "Envoyez-nous un message privé, à bientôt au comptoir !",
        "Les SIM et les DM n'ont rien à voir ici, merci @Marie.",
    ],
)
def test_names_from_the_sources_the_comment_or_the_brand_pass(draft: str) -> None:
    texts = allowed(DELIVERY, "Hi, my order hasn't arrived. Marie", "Capucins, Gerland, oat drink")
    assert invented_entities(draft, texts) == []


# --- (5) contradictions -------------------------------------------------------------------


def test_quantities_compare_however_written() -> None:
    found = quantities("€5.90, 5,90 €, 10 %, 48 h, within 5 business days, 2 or 4 weeks")
    kinds = [(q.kind, q.low, q.high, q.bound) for q in found]
    assert kinds[:3] == [
        ("price:eur", 5.9, 5.9, ""),
        ("price:eur", 5.9, 5.9, ""),
        ("pct", 10, 10, ""),
    ]
    assert ("time", 2880, 2880, "") in kinds  # 48 hours are 2 days
    assert ("time", 7200, 7200, "max") in kinds
    assert {("time", 20160, 20160, ""), ("time", 40320, 40320, "")} <= set(kinds)
    assert quantities("Open until 18h30.") == []


@pytest.mark.parametrize(
    ("draft", "facts"),
    [
        ("Delivery takes 2 days.", [DELIVERY]),
        ("Shipping costs €4.90 in France.", [SHIPPING]),
        ("Yes, we ship to Switzerland!", [OUTSIDE_EU]),
        ("Yes! We deliver to the United Kingdom.", [OUTSIDE_EU]),
        ("Our oat drink costs extra.", [MILKS]),
        ("Yes, our oat drink is gluten-free.", [MILKS]),
        ("La livraison prend 2 jours.", [LIVRAISON]),
        ("Oui, nous livrons en Suisse !", [HORS_UE]),
        ("Le café moulu est en supplément.", [MOUTURES]),
    ],
)
def test_a_draft_against_its_fact_fires(draft: str, facts: list[str]) -> None:
    (problem,) = contradictions(draft, facts, "Where is my order?")
    assert problem.check == "contradiction" and problem.excerpt == draft


@pytest.mark.parametrize(
    ("draft", "facts"),
    [
        ("In France, delivery takes 2 to 3 business days with Colissimo.", [DELIVERY]),
        ("A Mondial Relay point takes 3 to 4 business days, the EU 4 to 7.", [DELIVERY]),
        ("We're sorry about the delay with your delivery.", [DELIVERY]),
        ("It has been 9 days since your delivery was due, sorry.", [DELIVERY]),
        ("Shipping costs €5.90 in France with Colissimo.", [SHIPPING]),
        ("Click & collect is free in our cafés.", [SHIPPING]),
        ("Yes, we ship to France and all EU member states.", [OUTSIDE_EU]),
        ("We don't ship to Switzerland yet, sorry.", [OUTSIDE_EU]),
        ("Yes, we offer an oat drink in our cafés.", [MILKS]),
        ("Feel free to ask for an oat drink!", [MILKS]),
        ("En France, comptez 2 à 3 jours ouvrés en Colissimo.", [LIVRAISON]),
        ("Nous livrons la France et l'Union européenne.", [HORS_UE]),
        ("La mouture est sans supplément.", [MOUTURES]),
        ("Shipping costs €4.90.", []),
    ],
)
def test_a_restated_or_unrelated_sentence_does_not_fire(draft: str, facts: list[str]) -> None:
    assert contradictions(draft, facts, "It has been 9 days. Where is my order?") == []


# --- all of them, and the guard -----------------------------------------------------------


def test_the_sim_card_draft_has_three_problems() -> None:
    problems = check_sense(SIM_DRAFT, comment=SIM_COMMENT, sources=[], profile=PROFILE)
    assert checks_of(problems) == {"condolences", "refusal", "self_mention"}


def context(**changes: Any) -> GuardContext:
    values: dict[str, Any] = {
        "profile": PROFILE,
        "sources": [DELIVERY, SHIPPING],
        "comment": "My parcel is 10 days late, what is going on?",
        "kind": "reply",
    }
    values.update(changes)
    return GuardContext(**values)


@pytest.mark.parametrize(
    ("draft", "warning"),
    [
        (SIM_DRAFT, "sense: condolences without a loss"),
        ("We will be unable to assist you with this order, sorry.", "sense: refuses to help"),
        ("Nous ne pouvons pas vous aider, désolés pour l'attente.", "sense: refuses to help"),
        ("Sorry! Our Winter Box ships late this week.", "sense: names something nobody gave"),
        ("Sorry for the wait: delivery takes 2 days in France.", "sense: says 2 days"),
    ],
)
def test_the_guard_blocks_nonsense(draft: str, warning: str) -> None:
    result = guard(draft, context(facts=[DELIVERY]))
    assert result.blocked and result.text == ""
    assert any(w.startswith(warning) for w in result.warnings), result.warnings


def test_the_guard_removes_the_brands_own_handle() -> None:
    draft = "@OndineMobile Sorry for the wait! Send us a private message and we'll check it."
    result = guard(draft, context())
    assert not result.blocked
    assert result.text == "Sorry for the wait! Send us a private message and we'll check it."
    assert result.warnings == ["sense: Removed “@OndineMobile”: the brand addresses itself."]


def test_the_guard_removes_a_greeting_to_the_brand_in_french() -> None:
    draft = "Bonjour l'équipe Ondine, désolés pour l'attente ! Écrivez-nous en message privé."
    result = guard(draft, context(comment="Mon colis a 10 jours de retard."))
    assert not result.blocked
    assert result.text == "Désolés pour l'attente ! Écrivez-nous en message privé."


def test_the_guard_passes_a_sound_reply_with_its_facts() -> None:
    draft = "Sorry for the wait! In France, delivery takes 2 to 3 business days with Colissimo."
    assert guard(draft, context(facts=[DELIVERY])) == guard(draft, context())
    assert not guard(draft, context(facts=[DELIVERY])).blocked


def test_a_post_may_name_its_account_and_what_its_brief_gives() -> None:
    brief = "Our new Huila harvest is in the e-shop"
    draft = "New harvest from Huila, freshly roasted in Lyon! Tag @OndineCoffee. #Lyon"
    post = context(kind="post", comment=None, sources=[DELIVERY, brief], max_hashtags=2)
    result = guard(draft, post)
    assert not result.blocked and "@OndineCoffee" in result.text
    invented = guard("New harvest from Huila! Try it with our Winter Box.", post)
    assert invented.blocked
    assert any("Winter Box" in w for w in invented.warnings)


def test_a_post_about_a_death_may_offer_condolences() -> None:
    brief = "Our founder's mentor passed away; a short tribute post"
    draft = "Our thoughts are with his family in this difficult time."
    post = context(kind="post", comment=None, sources=[brief])
    assert not guard(draft, post).blocked
    assert guard(draft, context(kind="post", comment=None, sources=["New harvest"])).blocked
