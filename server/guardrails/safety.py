"""What blocks a draft outright: a leak of its instructions, obeying instructions injected in
the comment, an insult."""

from __future__ import annotations

import re

from knowledge.text import fold
from server.guardrails.facts import bare_url
from server.guardrails.injection import injected_part, injection_signals
from server.guardrails.marks import URL
from server.guardrails.text import joined, words_of
from server.guardrails.types import GuardContext

INSULTS = re.compile(
    r"\b(?:idiots?|stupid|morons?|dumb(?:ass)?|losers?|imbeciles?|cretins?|connards?|connasses?|"
    r"abrutie?s?|debiles?|shut\s+up|ta\s+gueule|fermez?[- ]la|bastards?|assholes?|jerks?|"
    r"fuck\w*|shit\w*|merde|putain|salaud|salope|encule\w*|bouffons?|tocards?|pathetic|"
    r"pathetique)\b"
)
"""Matched on folded text (lowercase, no accents)."""
CHARGED = re.compile(
    r"\b(?:poison\w*|scams?|fraud\w*|arnaque\w*|escroc\w*|toxi(?:c|que)s?|garbage|trash|"
    r"poubelles?|disgusting|degueulasses?|worst|pire|hate|detestes?|sucks?|pwned|hacked|"
    r"pirate[sd]?|rats?|rotten|pourri(?:e|s|es)?)\b"
)
"""Words that, coming from an injected instruction, make a draft a smear of the brand."""
LEAK_MARKERS = re.compile(
    r"\b(?:system\s+prompt|prompt\s+systeme|my\s+(?:instructions|rules\s+are|guidelines\s+are)|"
    r"mes\s+(?:instructions|consignes)|i\s+(?:was|am|have\s+been)\s+(?:told|instructed|"
    r"programmed)\s+to|on\s+m['’]a\s+(?:demande|programme)|untrusted\s+data|<\s*comment\s*>)"
)
CANARY = re.compile(
    r"\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Z])[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*\b"
)
SHOUTED = re.compile(r"\b[A-Z]{3,}\b")
QUOTED = re.compile(r"[\"“«]\s*([^\"”»\n]{2,160}?)\s*[\"”»]")


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


STOPWORDS = _wordset(
    """a an the and or of to in on at for with by from is are was were be been it its this that
    these those you your yours we our us i me my he she they them their his her as so if not no
    do does did can will would should could have has had just very all any some more most than
    then there here what which who how when where why about into out up
    le la les l un une des de du d et ou au aux en dans sur pour par avec sans ce cet cette ces
    vous votre vos nous notre nos je j me m moi tu te t toi ton ta tes il elle ils elles on se s
    son sa ses leur leurs qui que qu quoi dont ne n pas plus est sont etre ete fait y c ca si tres
    bien tout tous toute toutes"""
)
REPLY_WORDS = _wordset(
    """thanks thank please sorry hello hi send private message messages dm look looking into
    reply answer help team happy glad comment customer person invite question merci bonjour
    desole desoles envoyer envoyez prive mp regarder reponse aide equipe"""
)
"""Words any polite reply shares with its instructions: never evidence of a leak on their own."""
LEAK_RUN = 8
LEAK_RUN_WHEN_ASKED = 3
"""A comment that asks for the instructions makes even a short verbatim run suspect."""
ECHO_RUN = 4
ACRONYMS = frozenset({"FAQ", "SAV", "CGV", "DM", "MP", "USA", "URL", "EUR", "USD", "GBP", "TVA"})


def public_text(context: GuardContext) -> str:
    """What the draft may quote without leaking anything: sources, the brand's public profile."""
    profile = context.profile
    parts = [*context.sources, profile.name, profile.description, profile.voice.description]
    return "\n".join([*parts, profile.website])


def prompt_leak(text: str, context: GuardContext) -> str | None:
    """Why the draft repeats its instructions, or None: a run of the system prompt's words
    that the sources and the brand profile do not also hold."""
    if LEAK_MARKERS.search(fold(text)):
        return "It talks about its instructions (system prompt leak)."
    if not context.system_prompt:
        return None
    asked = "asks to reveal the prompt" in injection_signals(context.comment or "")
    run = LEAK_RUN_WHEN_ASKED if asked else LEAK_RUN
    common = STOPWORDS | REPLY_WORDS | set(words_of(context.profile.name))
    prompt = joined(words_of(context.system_prompt))
    public = joined(words_of(public_text(context)))
    words = words_of(text)
    for i in range(len(words) - run + 1):
        chunk = words[i : i + run]
        if asked and set(chunk) <= common:
            continue
        if joined(chunk) in prompt and joined(chunk) not in public:
            return f"It repeats its instructions (“{' '.join(chunk)}…”: system prompt leak)."
    return None


def _has(text: str, needle: str) -> bool:
    return bool(re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", text))


def injection_followed(text: str, comment: str | None, public: str = "") -> str | None:
    """Why the draft obeys instructions hidden in the comment, or None: it repeats the
    comment's link, canary token, quoted string, a smear word or a 4-word run of the injected
    part. Text the sources also hold does not count."""
    injected = injected_part(comment or "")
    if not comment or not injected:
        return None
    draft, known = fold(text), fold(public)
    for m in URL.finditer(comment):
        bare = bare_url(m.group()).split("/")[0]
        if bare and bare in draft and bare not in known:
            return f"it posts the comment's link {m.group()}"
    for token in CANARY.findall(comment):
        if _has(draft, fold(token)) and fold(token) not in known:
            return f"it repeats the string {token}"
    for word in SHOUTED.findall(injected):
        if word not in ACRONYMS and _has(text, word) and fold(word) not in known:
            return f"it repeats the word {word}"
    for quoted in QUOTED.findall(injected):
        quote = " ".join(words_of(quoted))
        if len(quote.split()) >= 2 and _has(" ".join(words_of(text)), quote) and quote not in known:
            return f"it says what the comment dictated (“{quoted}”)"
    for word in CHARGED.findall(fold(injected)):
        if _has(draft, word):
            return f"it repeats “{word}” from the comment's instructions"
    return _echoed_run(text, injected, public)


def _echoed_run(text: str, injected: str, public: str) -> str | None:
    source, known = joined(words_of(injected)), joined(words_of(public))
    words = words_of(text)
    for i in range(len(words) - ECHO_RUN + 1):
        chunk = words[i : i + ECHO_RUN]
        content = [w for w in chunk if w not in STOPWORDS and w not in REPLY_WORDS]
        if len(content) >= 2 and joined(chunk) in source and joined(chunk) not in known:
            return f"it repeats the comment's instructions (“{' '.join(chunk)}”)"
    return None


def insult(text: str) -> str | None:
    """The insult in the draft, or None: a brand never insults, whoever asks."""
    match = INSULTS.search(fold(text))
    return match.group() if match else None
