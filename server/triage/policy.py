"""Policy on top of the neighbours' vote: how surface cues nudge it, and what a category
means for sentiment, severity and the action to take.

The bonuses are additive votes on a scale where the neighbours' vote sums to 1.
"""

from __future__ import annotations

from collections.abc import Sequence

from server.triage.cues import Cues
from server.triage.types import Action, Category, Sentiment

CRISIS_VOTE = 0.6
"""Without a crisis keyword, escalate only when the neighbours clearly agree it is one."""
PRAISE_BONUS = 0.3
QUESTION_BONUS = 0.3
QUESTION_FORM_BONUS = 0.15
COMPLAINT_BONUS = 0.25
INCIDENT_BONUS = 0.15
SARCASM_BONUS = 0.3
TROLL_BONUS = 0.4
SPAM_BONUS = 0.3
IRONY_BONUS = 0.3
"""Sarcastic praise or a thank-you for a grievance: towards complaint or criticism."""
DEMAND_BONUS = 0.4
"""A question that demands a remedy ("when will you refund me?") is a complaint."""
RHETORIC_BONUS = 0.35
"""A question or remark that judges the brand ("is this really the best you can do?")."""
REMARK_BONUS = 0.25
"""Per remark cue (an acknowledgement, a tag, a shared headline), at most two."""
GRIEVANCE_FLOOR = 0.1
UNCUED_GRIEVANCE = 0.6
"""Complaint and criticism votes kept for a statement with no grievance cue at all (no
negative word, denial, anger, irony, demand or rhetorical question): the neighbours group
comments by topic, so "saw your delivery van" sits beside late-delivery complaints. Questions
keep their votes: "is the app down or is it just me?" is a complaint where the brand's own
examples say so."""
UNCUED_PRAISE = 0.6
"""Praise without a single positive word is kept, but weighed down (observations look alike)."""
UNCUED_TROLL = 0.5
"""Provocation without a single mocking marker is unlikely; grievances look alike."""
UNCUED_QUESTION = 0.5
"""A question with neither a "?" nor an interrogative opening is unlikely."""


def nudge(votes: dict[Category, float], cues: Cues) -> dict[Category, float]:
    """Adjust the neighbours' vote with surface cues.

    The embedding model groups comments by topic (a late order and a praised early order
    look alike), so polarity words, "?" and sarcasm markers decide between the categories
    the neighbours hesitate on. Crisis and abuse are the rules' call: the vote alone never
    escalates, and rudeness without an insult is treated as provocation.
    """
    votes = dict(votes)
    votes["abuse"] = 0.0
    if votes["crisis"] < CRISIS_VOTE:
        votes["crisis"] = 0.0
    polarity = cues.positive - cues.negative
    mocking = cues.sarcasm or cues.troll
    if polarity > 0 and not mocking:
        votes["praise"] += PRAISE_BONUS * min(polarity, 2)
    if cues.negative:
        votes["praise"] *= 0.5**cues.negative
    if not cues.positive:
        votes["praise"] *= UNCUED_PRAISE
    grievance = cues.irony or cues.demand or cues.rhetorical
    asking = cues.question and cues.negative <= 1 and not cues.angry and not mocking
    asking = asking and not grievance
    if asking:
        votes["question"] += QUESTION_BONUS + (QUESTION_FORM_BONUS if cues.interrogative else 0)
    if cues.question and (cues.negative >= 2 or (cues.negative and cues.incident >= 2)):
        # a grievance told in the first person, then a question: a complaint phrased as one
        votes["complaint"] += COMPLAINT_BONUS
    elif cues.negative >= 2 and not mocking and not cues.question:
        # two grievance words and no mockery: a grievance to answer, not a provocation
        votes["complaint" if cues.incident > cues.opinion else "criticism"] += COMPLAINT_BONUS
    if not cues.question:
        votes["question"] *= UNCUED_QUESTION
    if not asking:
        # A problem that happened to me is a complaint; a judgement on the brand, criticism.
        if cues.incident > cues.opinion:
            votes["complaint"] += INCIDENT_BONUS
        elif cues.opinion > cues.incident:
            # an opinion with only praise words is praise ("great to see…")
            praising = cues.positive and not cues.negative and not mocking
            votes["praise" if praising else "criticism"] += INCIDENT_BONUS
    if cues.irony:
        votes["praise"] = 0.0
        votes["complaint" if cues.incident >= cues.opinion else "criticism"] += IRONY_BONUS
    if cues.demand:
        votes["question"] *= 0.3
        votes["complaint"] += DEMAND_BONUS
    if cues.rhetorical:
        votes["question"] *= 0.3
        votes["criticism"] += RHETORIC_BONUS
    # What the neighbours saw as a remark is, with a "?", a question; with a grievance word,
    # a complaint or a criticism: a question is never a remark, and silence is the costliest
    # mistake to make with a grievance.
    grieving: Category = "complaint" if cues.incident >= cues.opinion else "criticism"
    if cues.question:
        votes["question"] += votes["remark"]
        votes["remark"] = 0.0
    elif grievance or cues.negative:
        votes[grieving] += votes["remark"]
        votes["remark"] = 0.0
    else:
        votes["remark"] += REMARK_BONUS * min(cues.remark, 2)
        # Polarity, denials ("couldn't", "never") and a first-person account all say that
        # something happened to someone: a remark is the least likely reading then.
        weight = cues.denial
        if not cues.remark_form:
            weight += cues.positive + (cues.incident >= 2)
        votes["remark"] *= 0.5**weight
    if cues.negative and not cues.positive and not mocking and not cues.question:
        # grievance words and no praise word: never praise, and answered even when no
        # neighbour voted for a grievance ("vos sachets soi-disant écolos, du greenwashing")
        votes["praise"] = 0.0
        votes["complaint" if cues.incident > cues.opinion else "criticism"] += GRIEVANCE_FLOOR
    if not (cues.negative or cues.denial or cues.angry or grievance or mocking or cues.question):
        votes["complaint"] *= UNCUED_GRIEVANCE
        votes["criticism"] *= UNCUED_GRIEVANCE
    if cues.troll:
        votes["troll"] += TROLL_BONUS
    elif cues.sarcasm and cues.negative <= 1 and not grievance:
        votes["troll"] += SARCASM_BONUS
    if not mocking:
        votes["troll"] *= UNCUED_TROLL
    if cues.spam >= 2:
        votes["spam"] += SPAM_BONUS
    else:
        # Spam without a single spam signal (link, promotion, "DM me to earn") is unlikely.
        votes["spam"] *= 0.5 if cues.spam else 0.0
    return votes


def sentiment_of(category: Category, cues: Cues) -> Sentiment:
    """The category decides, except where it says nothing about mood (questions, spam)."""
    if category == "praise":
        return "negative" if cues.negative > cues.positive + 1 else "positive"
    if category in ("complaint", "criticism", "abuse", "crisis", "troll"):
        return "negative"
    if cues.negative > cues.positive:
        return "negative"
    if cues.positive > cues.negative and category == "question":
        return "positive"
    return "neutral"


def severity_of(category: Category, cues: Cues, sentiment: Sentiment) -> int:
    """0 praise or plain question, 1 mild, 2 angry / repeated / abusive, 3 crisis."""
    if category == "crisis":
        return 3
    if category == "abuse":
        return 2
    if category == "complaint":
        return 2 if cues.angry or cues.repeated else 1
    if category == "criticism":
        return 2 if cues.angry else 1
    if category in ("troll", "spam"):
        return 1
    if category == "question":
        return 1 if sentiment == "negative" else 0
    return 0


def action_for(category: Category, pii: Sequence[str], account_issue: bool) -> Action:
    """Crisis first; then moderation; then personal data; never moderation for criticism.

    A complaint about the person's own order, bill or booking goes to private messages too:
    solving it needs details that must not be exchanged in public.

    Spam and abuse are moderated even with personal data in them: hiding them per the
    netiquette also hides the exposed data, and a private reply would reward a spammer.
    Trolls get no reply (do not feed the troll), unless they expose personal data, in which
    case the comment should be hidden. Remarks (a headline, banter, "ok") need no reply; one
    that exposes the person's own data gets a private message, like any legitimate comment.
    Criticism with personal data moves to private messages (a public acknowledgement that
    invites a DM), it is never moderated.
    """
    if category == "crisis":
        return "escalate"
    if category in ("spam", "abuse"):
        return "moderate"
    if category == "troll":
        return "moderate" if pii else "no_reply"
    if category == "remark":
        return "move_to_private" if pii else "no_reply"
    if pii or (category == "complaint" and account_issue):
        return "move_to_private"
    return "reply_public"
