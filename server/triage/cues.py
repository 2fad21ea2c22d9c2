"""Surface cues the embedding does not see well: polarity words, "?", sarcasm and irony,
demands and rhetorical questions, anger, the form of a remark. They nudge the neighbours'
vote (`server.triage.policy`) and decide sentiment, severity and action."""

from __future__ import annotations

import re

import msgspec

from server.triage.lexicon import (
    ACCOUNT_ISSUE,
    ACKNOWLEDGEMENT,
    ANGER,
    DEMAND,
    DENIAL,
    DM_SENT,
    ECHO,
    FORWARDED,
    GRATITUDE,
    HANDLE,
    HARM,
    INCIDENT,
    IRONIC_OPENER,
    IRONIC_PHRASE,
    IRONY_MARKER,
    LINK,
    NEGATED_NEGATIVE,
    NEGATION,
    NEGATIVE,
    NOT_LANGUAGE,
    OPINION,
    POLITE,
    POSITIVE,
    PRONOUNS,
    QUESTION_WORDS,
    REPEATED,
    RESOLVED,
    RHETORICAL,
    SARCASM,
    SCARE_QUOTED,
    SENTENCES,
    STILL,
    THANKS_FOR,
    TROLL,
    WHY_QUESTION,
    WORD,
)
from server.triage.questions import is_question
from server.triage.rules import spam_signals
from server.triage.text import blank, count_matches


def thanks_spans(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Spans of gratitude for a fix (its grievance words are not counted) and of sarcastic
    thanks for a harm ("thanks for nothing", "merci pour rien"): their thank-you is not praise."""
    grateful: list[tuple[int, int]] = []
    ironic: list[tuple[int, int]] = []
    for match in THANKS_FOR.finditer(text):
        what = re.split(r",|\bbut\b|\bmais\b", match.group("what"), maxsplit=1)[0]
        end = match.start("what") + len(what)
        head = " ".join(what.split()[:2])
        if GRATITUDE.search(what) and not NEGATION.search(head):
            grateful.append((match.start("what"), end))
        elif HARM.search(what) or NEGATIVE.search(what):
            ironic.append((match.start(), end))
    return grateful, ironic


def irony_spans(text: str) -> list[tuple[int, int]]:
    """Spans of praise words used sarcastically: a stock compliment before a grievance,
    "love how..." around one, scare quotes, and thanks for a harm."""
    spans = thanks_spans(text)[1]
    opener = IRONIC_OPENER.search(text)
    if opener:
        rest = text[opener.end() :]
        if NEGATIVE.search(rest) and not POSITIVE.search(rest) and not RESOLVED.search(rest):
            spans.append(opener.span())
    offset = 0
    for sentence in SENTENCES.split(text):
        start = text.find(sentence, offset)
        offset = start + len(sentence)
        if IRONY_MARKER.search(sentence):
            spans.append((start, offset))
            continue
        phrase = IRONIC_PHRASE.search(sentence)
        if phrase:
            after = sentence[phrase.end() :]
            if NEGATIVE.search(after) and not RESOLVED.search(after):
                spans.append((start + phrase.start(), start + phrase.end()))
    spans.extend(match.span() for match in SCARE_QUOTED.finditer(text))
    return spans


def demands(text: str) -> bool:
    """A question that claims something owed, or asks why a grievance happened."""
    if DEMAND.search(text):
        return True
    for sentence in SENTENCES.split(text):
        why = is_question(sentence) and WHY_QUESTION.search(sentence)
        if why and NEGATIVE.search(NEGATED_NEGATIVE.sub(" ", sentence)):
            return True
    return False


def core_words(text: str) -> str:
    """The words of a comment without links, handles, hashtags, emoji and punctuation."""
    return " ".join(re.findall(r"[\w'+]+", NOT_LANGUAGE.sub(" ", text))).casefold()


def shouting(text: str) -> bool:
    """Several words in capitals, or most of a short comment: acronyms alone do not count."""
    words = [w for w in WORD.findall(text) if len(w) >= 3 and w.isalpha()]
    caps = [w for w in words if w.isupper()]
    return len(caps) >= 3 or (len(caps) >= 2 and len(caps) >= 0.5 * len(words))


class Cues(msgspec.Struct, frozen=True, kw_only=True):
    """Surface cues the embedding does not see well: polarity, "?", sarcasm, anger."""

    question: bool
    interrogative: bool
    """Both a "?" and an interrogative opening: the form of a real question."""
    positive: int
    negative: int
    sarcasm: bool
    troll: bool
    incident: int
    opinion: int
    spam: int
    angry: bool
    repeated: bool
    account_issue: bool
    irony: bool = False
    """Praise words used sarcastically, or thanks for a harm: negative, never praise."""
    demand: bool = False
    """A question claiming a remedy or asking why a grievance happened: a complaint."""
    rhetorical: bool = False
    """A judgement phrased as a question or a remark: criticism."""
    remark: int = 0
    """Cues of a remark that needs no answer: acknowledgement, echo, tag, headline, DM note."""
    remark_form: bool = False
    """The form of a remark whatever its words: an acknowledgement, an echo, a bare tag..."""
    denial: int = 0
    """Negations ("not", "couldn't", "jamais"): a comment that denies something tells of a
    problem more often than it remarks."""
    echo: bool = False
    """"Same here", "moi aussi": it means what the thread it answers says."""
    still: bool = False
    """A short "still down here": an update on a problem already raised."""
    dm: bool = False
    """Says they wrote in private messages."""


def read_cues(text: str) -> Cues:
    grateful = thanks_spans(text)[0]
    ironic = irony_spans(text)
    flipped = count_matches(NEGATED_NEGATIVE, text)
    plain = NEGATED_NEGATIVE.sub(" ", text)
    # Grievance words inside a thank-you for their fix ("thanks for the refund") are not one.
    negative_text = blank(plain, grateful)
    question = is_question(text)
    demand = demands(text)
    rhetorical = bool(RHETORICAL.search(text))
    negative = count_matches(NEGATIVE, negative_text) + bool(ironic) + (demand or rhetorical)
    # A thank-you that is sarcastic, or only closes a question or a grievance, is not praise.
    core = core_words(text)
    acknowledgement = bool(ACKNOWLEDGEMENT.search(core))
    positive_text = blank(plain, ironic)
    if question or negative or acknowledgement:
        positive_text = POLITE.sub(" ", positive_text)
    positive = count_matches(POSITIVE, positive_text) + flipped
    incident = count_matches(INCIDENT, text)
    words = len(core.split())
    echo = bool(ECHO.search(core))
    still = bool(STILL.search(core)) and words <= 5
    dm = bool(DM_SENT.search(text))
    remark, form = 0, False
    if not question and not (ironic or demand or rhetorical):
        tag_only = bool(HANDLE.search(text)) and words == 0
        # What a comment is (an acknowledgement, an echo, a retweet, a DM note, a bare tag)...
        form = acknowledgement or echo or tag_only or dm or bool(FORWARDED.search(text))
        remark = 2 * form
        if not positive and not negative:
            # ... or what it lacks: a shared link, or a few words, with no polarity at all.
            headline = bool(LINK.search(text)) and not PRONOUNS.search(LINK.sub(" ", text))
            remark += headline + (incident == 0) + (bool(HANDLE.search(text)) and words <= 3)
    return Cues(
        question=question,
        interrogative="?" in text and bool(QUESTION_WORDS.search(text)),
        positive=positive,
        negative=negative,
        sarcasm=bool(SARCASM.search(text)),
        troll=bool(TROLL.search(text)),
        incident=incident,
        opinion=count_matches(OPINION, text),
        spam=spam_signals(text)[0],
        angry=bool(ANGER.search(text)) or shouting(text),
        repeated=bool(REPEATED.search(text)),
        account_issue=bool(ACCOUNT_ISSUE.search(text)),
        irony=bool(ironic),
        demand=demand,
        rhetorical=rhetorical,
        remark=remark,
        remark_form=form,
        denial=count_matches(DENIAL, text),
        echo=echo,
        still=still,
        dm=dm,
    )
