"""The brand's empathy frame around replies to complaints and criticism."""

from __future__ import annotations

from server.drafting.empathy import frame, markers


def test_a_bare_complaint_reply_gets_an_apology_first_and_a_next_step_last() -> None:
    framed = frame("Your parcel left our roastery on Monday.", "complaint", "en")
    text, warnings = framed.around("Your parcel left our roastery on Monday."), framed.warnings
    assert text.startswith("We're sorry about this")
    assert text.endswith("Send us a private message and we'll look into it with you.")
    assert all(markers(text).values())
    assert len(warnings) == 2


def test_criticism_gets_acknowledgement_but_no_apology() -> None:
    framed = frame("Nos prix suivent ceux des producteurs.", "criticism", "fr")
    text, warnings = framed.around("Nos prix suivent ceux des producteurs."), framed.warnings
    assert text.startswith("Merci pour votre retour")
    assert "désolés" not in text
    assert text.endswith("Écrivez-nous en message privé, nous regardons cela avec vous.")
    found = markers(text)
    assert found["acknowledgement"] and found["next_step"] and not found["apology"]
    assert len(warnings) == 2


def test_a_reply_that_already_has_the_shape_is_left_alone() -> None:
    good = "We're sorry to hear your bag arrived torn. Could you DM us a photo? We'll resend it."
    assert frame(good, "complaint", "en") == ("", "", [])
    assert frame("Thanks so much! See you at the roastery.", "praise", "en").around("Hi") == "Hi"
