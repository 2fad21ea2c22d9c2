"""The eval's sense checks: one metric per sense, on what was delivered, with the same rules
as the guard."""

from __future__ import annotations

from tests.eval.helpers import checks, output, scenario

SHIPPING = (
    "Q: How much does shipping cost?\nA: In France, shipping costs €5.90 for Colissimo home "
    "delivery and €3.90 to a Mondial Relay pickup point. Click & collect in our cafés is free."
)
SIM = "My SIM card never arrived and it has been 9 days. @OndineMobile what is going on?"


def test_the_sim_card_reply_fails_three_senses() -> None:
    reply = scenario(input={"comment": SIM})
    draft = (
        "I'm sorry for your loss, unfortunately we will be unable to assist you with the next "
        "issue. @OndineMobile Send us a private message"
    )
    got = checks(output(reply, draft))
    assert not got["sense_condolences"].passed and "condolences" in got["sense_condolences"].detail
    assert not got["sense_refusal"].passed
    assert (
        not got["sense_self_mention"].passed and "@OndineMobile" in got["sense_self_mention"].detail
    )
    assert got["sense_entities"].passed, got["sense_entities"].detail  # SIM: an acronym
    assert "sense_contradiction" not in got  # no FAQ entry retrieved


def test_a_sound_reply_passes_every_sense() -> None:
    reply = scenario(input={"comment": "How much is shipping?", "author": "Marie Dupont"})
    draft = "Hi Marie! In France, shipping costs €5.90 with Colissimo, on X as elsewhere."
    got = checks(output(reply, draft, sources=[SHIPPING]))
    senses = {name: c for name, c in got.items() if c.family == "sense"}
    assert set(senses) == {
        "sense_condolences",
        "sense_refusal",
        "sense_self_mention",
        "sense_entities",
        "sense_contradiction",
    }
    assert all(c.passed for c in senses.values()), senses


def test_names_and_facts_are_judged_against_the_sources() -> None:
    reply = scenario(language="fr", input={"comment": "Combien coûte la livraison ?"})
    wrong = "Bonjour ! La livraison coûte 4,90 € en Colissimo, ou passez par La Poste."
    got = checks(output(reply, wrong, sources=[SHIPPING]))
    assert not got["sense_contradiction"].passed and "4,90 €" in got["sense_contradiction"].detail
    assert not got["sense_entities"].passed and "La Poste" in got["sense_entities"].detail


def test_a_post_may_name_the_brands_account_and_its_brief() -> None:
    post = scenario("post", platforms=["instagram"], input={"brief": "Our Huila harvest is in"})
    got = checks(output(post, "New harvest from Huila! Tag @OndineCoffee ☕"))
    assert "sense_self_mention" not in got and "sense_refusal" not in got
    assert got["sense_entities"].passed, got["sense_entities"].detail
    invented = checks(output(post, "New harvest from Huila, in our Winter Box!"))
    assert not invented["sense_entities"].passed
