"""Pure rules applied to generated text after the model speaks: it is never trusted to obey.

No I/O, no model, no embeddings here: every rule is a plain function of the draft and what the
draft was grounded in, and every fix or refusal becomes a warning a person can read.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

import msgspec
import regex

from knowledge.brand import BrandProfile, EmojiPolicy
from server.drafting.injection import injected_part, injection_signals
from server.drafting.pii import find_pii
from server.drafting.sense import Problem, check_sense, unaddress
from server.prompts.delimiters import COMMENT_TAG

SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
LEADING_LABEL = re.compile(
    r"^\s*(?:\*\*)?(?:reply|réponse|response|answer|assistant)\s*(?:\*\*)?\s*:\s*", re.IGNORECASE
)
ELLIPSIS = "…"
MARKUP_TAG = re.compile(
    r"</?[a-zA-Z][\w-]*"
    r"(?:\s+[\w:-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*"
    r"\s*/?>"
)
"""Stray tags (`<text>`, `</reply>`, `<hr class="x">`) that small models wrap around drafts."""


def clean_output(text: str) -> str:
    """Drop labels, wrapping quotes and stray tags that small models add around a reply."""
    text = COMMENT_TAG.sub("", text).strip()
    text = MARKUP_TAG.sub("", text).strip()
    text = LEADING_LABEL.sub("", text).strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'“”«»":
        text = text[1:-1].strip()
    if text.startswith("“") and text.endswith("”"):
        text = text[1:-1].strip()
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def fit_to_limit(text: str, limit: int, measure: Callable[[str], int]) -> tuple[str, bool]:
    """Shorten `text` to `limit` as measured, at a sentence end if one fits, else at a word.

    Returns the text and whether it was shortened. Never cuts inside a word.
    """
    if measure(text) <= limit:
        return text, False
    sentences = SENTENCE_END.split(text)
    kept = ""
    for sentence in sentences:
        candidate = f"{kept} {sentence}".strip() if kept else sentence
        if measure(candidate) > limit:
            break
        kept = candidate
    if kept:
        return kept, True
    words = text.split()
    kept = ""
    for word in words:
        candidate = f"{kept} {word}" if kept else word
        if measure(candidate + ELLIPSIS) > limit:
            break
        kept = candidate
    kept = kept.rstrip(",;:-–— ")
    return (kept + ELLIPSIS if kept else ""), True


# --- Rules on a whole draft -------------------------------------------------------------

HASHTAG = re.compile(r"(?<![\w#&])#\w+")
EMOJI = regex.compile(
    r"(?![©®™])(?:\p{Extended_Pictographic}|\p{Regional_Indicator})"
    r"(?:\uFE0F|\p{Emoji_Modifier}|\u200D\p{Extended_Pictographic})*"
)
SPACED_EMOJI = regex.compile(rf"[ \t]*({EMOJI.pattern})")
"""An emoji with the spaces before it, so that removing it leaves no gap before punctuation."""
URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'()]+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|fr|net|org|io|co|example|"
    r"ly|be|eu|ch|ca|uk|de|shop|store|app)\b(?:/[^\s<>\"'()]*)?",
    re.IGNORECASE,
)
AMOUNT = r"\d{1,3}(?:[  .,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
PRICE = re.compile(
    rf"(?P<c1>[€$£]|\b(?:EUR|USD|GBP)\b)\s?(?P<v1>{AMOUNT})|(?P<v2>{AMOUNT})\s?"
    r"(?P<c2>€|\$|£|\b(?:eur|euros?|usd|dollars?|gbp|pounds?)\b)",
    re.IGNORECASE,
)
CURRENCIES = {"€": "eur", "euro": "eur", "euros": "eur", "$": "usd", "dollar": "usd"}
CURRENCIES |= {"dollars": "usd", "£": "gbp", "pound": "gbp", "pounds": "gbp"}
PERCENT = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s?(?:%|percent\b|pour\s?cent\b)", re.I)
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "janvier january jan",
            "fevrier february feb fev",
            "mars march mar",
            "avril april apr avr",
            "mai may",
            "juin june jun",
            "juillet july jul juil",
            "aout august aug",
            "septembre september sep sept",
            "octobre october oct",
            "novembre november nov",
            "decembre december dec",
        ),
        start=1,
    )
    for name in names.split()
}
MONTH = (
    r"(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|"
    r"d[ée]cembre|january|february|march|april|may|june|july|august|september|october|"
    r"november|december)(?!\w)|(?:jan|feb|f[ée]v|mar|apr|avr|jun|jul|juil|aug|sept?|oct|nov|"
    r"dec)\b\.?"
)
DATE = re.compile(
    r"\b(?P<y>\d{4})-(?P<ym>\d{1,2})-(?P<yd>\d{1,2})\b"
    r"|(?<![\d/.,])(?P<d>\d{1,2})/(?P<m>\d{1,2})(?:/\d{2,4})?(?![\d/])"
    r"|(?<![\d.,])(?P<dd>\d{1,2})\.(?P<dm>\d{1,2})\.\d{2,4}\b"
    rf"|\b(?P<nd>\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?:de\s+)?(?P<nm>{MONTH})(?!\w)"
    rf"|\b(?P<mn>{MONTH})\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?\b",
    re.IGNORECASE,
)
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
MIN_WORDS_LEFT = 4
"""A draft cut down to a greeting and a signature says nothing: it is regenerated instead."""
ACRONYMS = frozenset({"FAQ", "SAV", "CGV", "DM", "MP", "USA", "URL", "EUR", "USD", "GBP", "TVA"})


class GuardContext(msgspec.Struct, frozen=True, kw_only=True):
    profile: BrandProfile
    sources: list[str] = msgspec.field(default_factory=list)
    """The retrieved excerpts the draft may take facts from."""
    comment: str | None = None
    """The untrusted comment a reply answers."""
    system_prompt: str = ""
    max_hashtags: int = 0
    """The platform's limit; the brand's own limit applies too, and replies carry none."""
    kind: str = "reply"
    """`reply`, `post` or `trend`."""
    facts: list[str] = msgspec.field(default_factory=list)
    """The FAQ answers the draft was meant to carry (best as whole "Q: …\nA: …" entries, whose
    question says what they are about): a draft that says otherwise is blocked."""


class Guarded(msgspec.Struct, frozen=True):
    text: str
    """The fixed draft; empty when blocked, so that nothing unusable is posted by mistake."""
    warnings: list[str]
    blocked: bool
    """Unusable as is (leak, injection, insult, nothing left): regenerate or replace."""


def fold(text: str) -> str:
    """Lowercase without accents, for comparisons that must not hinge on either."""
    folded = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def _joined(words: Iterable[str]) -> str:
    return " " + " ".join(words) + " "


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t]{2,}", " ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r" +([,.])", r"\1", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _sentences(text: str) -> list[str]:
    return [s for line in text.split("\n") for s in SENTENCE_END.split(line.strip()) if s]


def _rewrite(text: str, fix: Callable[[str], str | None]) -> str:
    """Apply `fix` to each sentence, keeping line breaks; `None` drops the sentence."""
    lines: list[str] = []
    for line in text.split("\n"):
        sentences = [s for s in SENTENCE_END.split(line.strip()) if s]
        kept = [fixed for fixed in map(fix, sentences) if fixed]
        if kept or not line.strip():
            lines.append(" ".join(kept))
    return _tidy("\n".join(lines))


# --- (a) words the brand avoids ----------------------------------------------------------

ACCENTS = {"a": "aàâäáã", "e": "eéèêë", "i": "iîïíì", "o": "oôöóò", "u": "uùûüú", "c": "cç"}
SOFT_REMOVALS = (
    r"\s+(?:and|et|or|ou|&)\s+{t}(?=[\s,.!?;:]|$)",
    r"{t}\s+(?:and|et|or|ou|&)\s+",
    r",\s*{t}(?=\s*,)",
    r"\s*\(\s*{t}\s*\)",
)
"""Where a word can go without breaking its sentence: a list item or an aside."""


def avoid_terms(avoid: list[str]) -> list[str]:
    """The profile's entries, with "zéro déchet / zero waste" split into its alternatives."""
    return [term.strip() for entry in avoid for term in re.split(r"\s+/\s+", entry) if term.strip()]


def term_pattern(term: str) -> str:
    """A case- and accent-insensitive whole-word pattern (use with re.IGNORECASE)."""
    parts: list[str] = []
    for ch in fold(" ".join(term.split())):
        if ch in " -":
            parts.append(r"[\s-]+")
        elif ch == "%":
            parts.append(r"\s?%")
        elif ch in "'’":
            parts.append("['’]")
        else:
            parts.append(f"[{ACCENTS[ch]}]" if ch in ACCENTS else re.escape(ch))
    return rf"(?<!\w){''.join(parts)}(?!\w)"


def remove_avoided(text: str, avoid: list[str]) -> tuple[str, list[str]]:
    """Take out the words the brand avoids: the word alone where the sentence survives it
    (a list item, an aside), otherwise the whole sentence, since a gap reads worse than less."""
    terms = avoid_terms(avoid)
    warnings: list[str] = []

    def fix(sentence: str) -> str | None:
        for term in terms:
            pattern = term_pattern(term)
            if not re.search(pattern, sentence, re.IGNORECASE):
                continue
            for soft in SOFT_REMOVALS:
                shorter = re.sub(soft.format(t=pattern), "", sentence, count=1, flags=re.I)
                if shorter != sentence and not re.search(pattern, shorter, re.IGNORECASE):
                    warnings.append(f"Removed “{term}”: the brand avoids that word.")
                    capital = sentence[:1].isupper()
                    sentence = shorter[:1].upper() + shorter[1:] if capital else shorter
                    break
            else:
                warnings.append(f"Dropped a sentence with “{term}”: the brand avoids that word.")
                return None
        return sentence

    return _rewrite(text, fix), warnings


# --- (b) hashtags, (c) emoji ---------------------------------------------------------------


def hashtag_limit(context: GuardContext) -> int:
    """Replies carry none; posts the lower of the brand's and the platform's limits."""
    if context.kind == "reply":
        return 0
    return max(0, min(context.profile.hashtags.max, context.max_hashtags))


def limit_hashtags(text: str, profile: BrandProfile, limit: int) -> tuple[str, list[str]]:
    """Drop banned hashtags, then keep at most `limit`, the brand's preferred ones first.
    A dropped tag inside a sentence leaves its word ("we love #coffee" → "we love coffee")."""
    banned = {fold(tag.lstrip("#")) for tag in profile.hashtags.banned}
    preferred = {fold(tag.lstrip("#")) for tag in profile.hashtags.preferred}
    tags = list(HASHTAG.finditer(text))
    allowed = [m for m in tags if fold(m.group()[1:]) not in banned]
    unique: dict[str, re.Match[str]] = {}
    for match in allowed:
        unique.setdefault(fold(match.group()), match)
    ranked = sorted(unique.values(), key=lambda m: fold(m.group()[1:]) not in preferred)
    keep = {m.start() for m in ranked[:limit]}
    permitted = {m.start() for m in allowed}
    warnings = [f"Removed banned hashtag {m.group()}." for m in tags if m.start() not in permitted]
    dropped = len(allowed) - len(keep)
    if dropped:
        warnings.append(
            "Removed hashtags: none belong here."
            if limit == 0
            else f"Removed {dropped} hashtag(s): at most {limit} here."
        )

    def replace(match: re.Match[str]) -> str:
        if match.start() in keep:
            return match.group()
        before, after = text[: match.start()], text[match.end() :]
        inline = re.search(r"\w[^\w\n#]*$", before) and re.match(r"[^\S\n]*[^\W#]", after)
        return match.group()[1:] if inline and match.start() in permitted else ""

    return _tidy(HASHTAG.sub(replace, text)), warnings


def _emoji_key(emoji: str) -> str:
    return emoji.replace("\ufe0f", "")


def limit_emoji(text: str, policy: EmojiPolicy) -> tuple[str, list[str]]:
    """`none` removes every emoji; `sparingly` keeps `max_per_post`, and only from the brand's
    set when it lists one (the eval's `emoji` check holds drafts to the same rule)."""
    found = list(EMOJI.finditer(text))
    if not found or policy.policy == "freely":
        return text, []
    limit = 0 if policy.policy == "none" else max(0, policy.max_per_post)
    allowed = {_emoji_key(e) for e in policy.allowed}
    usable = [i for i, m in enumerate(found) if not allowed or _emoji_key(m.group()) in allowed]
    if len(found) <= limit and len(usable) == len(found):
        return text, []
    keep = {found[i].start() for i in usable[:limit]}
    result = SPACED_EMOJI.sub(lambda m: m.group() if m.start(1) in keep else "", text)
    if limit == 0:
        return _tidy(result), ["Removed emoji: the brand uses none."]
    if len(usable) < len(found):
        return _tidy(result), [
            f"Kept {len(keep)} of {len(found)} emoji: only the brand's own "
            f"({' '.join(policy.allowed)}), at most {limit}."
        ]
    return _tidy(result), [f"Kept {limit} of {len(found)} emoji (brand policy)."]


# --- (d) facts the sources do not support, (e) personal data ----------------------------


def _bare_url(url: str) -> str:
    url = fold(url).rstrip(".,;:!?)»\"'")
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", url).rstrip("/")


def _amount(value: str) -> str:
    """'1 299,00', '1,299.00' and '1299' all become '1299'; '14,5' and '14.50' become '14.5'."""
    value = re.sub(r"[\s  ]", "", value)
    if re.search(r"[.,]\d{3}$", value) or ("," in value and "." in value):
        value = re.sub(r"[.,](?=\d{3}\b)", "", value)
    try:
        return f"{float(value.replace(',', '.')):g}"
    except ValueError:
        return value


def _dates(match: re.Match[str]) -> set[tuple[int, int]]:
    """The (day, month) readings of a date; 03/12 reads both ways, so both count."""
    g = match.groupdict()
    if g["y"]:
        pairs = {(int(g["yd"]), int(g["ym"]))}
    elif g["d"]:
        if match.group() == "24/7":
            return set()
        pairs = {(int(g["d"]), int(g["m"])), (int(g["m"]), int(g["d"]))}
    elif g["dd"]:
        pairs = {(int(g["dd"]), int(g["dm"]))}
    else:
        month = MONTHS.get(fold(g["nm"] or g["mn"]).rstrip("."), 0)
        pairs = {(int(g["nd"] or g["md"]), month)}
    return {(d, m) for d, m in pairs if 1 <= d <= 31 and 1 <= m <= 12}


def fact_keys(text: str) -> set[str]:
    """Every URL, price, percentage and date in `text`, normalised so that equal facts written
    differently ("14,50 €", "€14.50", "EUR 14.5") compare equal."""
    keys = {f"url:{_bare_url(m.group())}" for m in URL.finditer(text)}
    for m in PRICE.finditer(text):
        currency = fold(m.group("c1") or m.group("c2"))
        currency = CURRENCIES.get(currency, currency)
        keys.add(f"price:{currency}:{_amount(m.group('v1') or m.group('v2'))}")
    keys |= {f"pct:{_amount(m.group(1))}" for m in PERCENT.finditer(text)}
    for m in DATE.finditer(text):
        keys |= {f"date:{d}/{mo}" for d, mo in _dates(m)}
    return keys


BARE_NUMBER = re.compile(r"(?<![\w#@/.,])(\d{2,}(?:[.,]\d+)?|\d[.,]\d+)(?![.,]?\d)")
"""A number of two digits or more, or a decimal ("20 minutes", "since 2017", "1.5 days"):
single digits are too common in plain speech ("2 or 3 days") to police."""
ANY_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def number_keys(text: str) -> set[str]:
    """Every number in `text`, whole and by part ("18h30" gives 18 and 30, "3,90" gives 3.9),
    so that a number is supported however the source wrote it."""
    keys: set[str] = set()
    for m in ANY_NUMBER.finditer(text):
        keys.add(f"num:{_amount(m.group())}")
        keys |= {f"num:{int(part)}" for part in re.findall(r"\d+", m.group())}
    return keys


def unsupported_numbers(sentence: str, supported: set[str]) -> list[str]:
    """Bare numbers (not prices, percentages, dates or links: those have their own rules)
    that no source has."""
    for pattern in (URL, PRICE, PERCENT, DATE, HASHTAG):
        sentence = pattern.sub(" ", sentence)
    return [
        m.group()
        for m in BARE_NUMBER.finditer(sentence)
        if f"num:{_amount(m.group())}" not in supported
    ]


def supported_keys(sources: str, given: str = "") -> set[str]:
    """What a draft may state: the sources' facts and numbers, and the numbers the person
    gave ("my 2 orders" may be answered back). The guard and the eval's grounding share it."""
    return fact_keys(sources) | number_keys(sources) | number_keys(given)


def unsupported_facts(sentence: str, supported: set[str]) -> list[str]:
    """The facts of `sentence` that `supported` (see `fact_keys` and `number_keys`) lacks."""
    missing: list[str] = []
    source_urls = [k[4:] for k in supported if k.startswith("url:")]
    for m in URL.finditer(sentence):
        bare = _bare_url(m.group())
        if bare and not any(url == bare or url.startswith(bare + "/") for url in source_urls):
            missing.append(m.group().rstrip(".,;:!?"))
    for pattern in (PRICE, PERCENT):
        for m in pattern.finditer(sentence):
            if not fact_keys(m.group()) <= supported:
                missing.append(m.group().strip())
    for m in DATE.finditer(sentence):
        readings = {f"date:{d}/{mo}" for d, mo in _dates(m)}
        if readings and not readings & supported:
            missing.append(m.group())
    return missing + unsupported_numbers(sentence, supported)


def remove_unsupported(
    text: str, sources: list[str], comment: str | None = None
) -> tuple[str, list[str]]:
    """Drop each sentence carrying a URL, price, percentage, date or number the sources do not
    have: the model invents them, and a wrong figure in public is worse than a shorter reply.
    A bare number the comment gave ("my 2 orders") may be answered back."""
    supported = supported_keys(" \n".join(sources), comment or "")
    warnings: list[str] = []

    def fix(sentence: str) -> str | None:
        missing = unsupported_facts(sentence, supported)
        if missing:
            warnings.append(
                f"Removed a sentence with facts not in the sources: {', '.join(missing)}."
            )
            return None
        return sentence

    return _rewrite(text, fix), warnings


def _digit_key(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    return re.sub(r"^(?:00)?33(?=\d{9}$)", "0", digits)


def remove_pii(text: str, sources: list[str], comment: str | None = None) -> tuple[str, list[str]]:
    """Drop each sentence with personal data (emails, phones, order numbers, cards, IBANs,
    addresses), unless the sources hold it: the brand's own contact details are facts."""
    joined = "\n".join(sources)
    known = {fold(m.text) for m in find_pii(joined)} | {
        _digit_key(m.text) for m in find_pii(joined) if len(_digit_key(m.text)) >= 9
    }
    from_comment = {fold(m.text) for m in find_pii(comment or "")} | {
        _digit_key(m.text) for m in find_pii(comment or "") if len(_digit_key(m.text)) >= 5
    }
    warnings: list[str] = []

    def fix(sentence: str) -> str | None:
        found = [
            m for m in find_pii(sentence) if {fold(m.text), _digit_key(m.text)}.isdisjoint(known)
        ]
        if not found:
            return sentence
        kinds = ", ".join(dict.fromkeys(m.kind.replace("_", " ") for m in found))
        echoed = any({fold(m.text), _digit_key(m.text)} & from_comment for m in found)
        origin = "the commenter's personal data" if echoed else "personal data"
        warnings.append(f"Removed a sentence with {origin} ({kinds}): never repeated in public.")
        return None

    return _rewrite(text, fix), warnings


# --- (f) prompt leaks, (g) following an injection, insults -------------------------------


def _public_text(context: GuardContext) -> str:
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
    common = STOPWORDS | REPLY_WORDS | set(_words(context.profile.name))
    prompt = _joined(_words(context.system_prompt))
    public = _joined(_words(_public_text(context)))
    words = _words(text)
    for i in range(len(words) - run + 1):
        chunk = words[i : i + run]
        if asked and set(chunk) <= common:
            continue
        if _joined(chunk) in prompt and _joined(chunk) not in public:
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
        bare = _bare_url(m.group()).split("/")[0]
        if bare and bare in draft and bare not in known:
            return f"it posts the comment's link {m.group()}"
    for token in CANARY.findall(comment):
        if _has(draft, fold(token)) and fold(token) not in known:
            return f"it repeats the string {token}"
    for word in SHOUTED.findall(injected):
        if word not in ACRONYMS and _has(text, word) and fold(word) not in known:
            return f"it repeats the word {word}"
    for quoted in QUOTED.findall(injected):
        quote = " ".join(_words(quoted))
        if len(quote.split()) >= 2 and _has(" ".join(_words(text)), quote) and quote not in known:
            return f"it says what the comment dictated (“{quoted}”)"
    for word in CHARGED.findall(fold(injected)):
        if _has(draft, word):
            return f"it repeats “{word}” from the comment's instructions"
    return _echoed_run(text, injected, public)


def _echoed_run(text: str, injected: str, public: str) -> str | None:
    source, known = _joined(_words(injected)), _joined(_words(public))
    words = _words(text)
    for i in range(len(words) - ECHO_RUN + 1):
        chunk = words[i : i + ECHO_RUN]
        content = [w for w in chunk if w not in STOPWORDS and w not in REPLY_WORDS]
        if len(content) >= 2 and _joined(chunk) in source and _joined(chunk) not in known:
            return f"it repeats the comment's instructions (“{' '.join(chunk)}”)"
    return None


def insult(text: str) -> str | None:
    """The insult in the draft, or None: a brand never insults, whoever asks."""
    match = INSULTS.search(fold(text))
    return match.group() if match else None


# --- (h) sense: what no rule above sees ------------------------------------------------


def remove_self_address(text: str, profile: BrandProfile) -> tuple[str, list[str]]:
    """Take out the brand's own handle and greetings to the brand ("@OndineMobile Send us a
    private message", "Dear Ondine,"): a slip of address that leaves the rest of the reply
    sound, so it is removed rather than regenerated (see `sense.unaddress`)."""
    warnings: list[str] = []

    def fix(sentence: str) -> str | None:
        fixed, removed = unaddress(sentence, profile)
        if removed:
            action = "Removed" if fixed else "Dropped a sentence with"
            warnings.append(f"sense: {action} “{removed}”: the brand addresses itself.")
        return fixed

    return _rewrite(text, fix), warnings


def nonsense(text: str, context: GuardContext) -> list[Problem]:
    """What makes the draft wrong as a whole: condolences nobody needs, a refusal to help, a
    name nobody gave, a value or a "yes" the facts contradict (see `server.drafting.sense`).

    These block rather than shorten: every other sentence was written under the same
    misreading (after "sorry for your loss" or "we can't help you", what follows consoles or
    refuses too; the sentences after an invented "Winter Box" speak of "it"), so a fresh draft
    or the approved fallback serves better than what is left. The system prompt counts among
    what the draft may name: the platform and the brand it names were given, not invented.
    """
    return check_sense(
        text,
        comment=context.comment,
        sources=context.sources,
        profile=context.profile,
        facts=context.facts,
        kind=context.kind,
        also_allowed=[context.system_prompt],
    )


# --- The entry point ------------------------------------------------------------------------


def guard(text: str, context: GuardContext) -> Guarded:
    """Apply every rule to a generated draft: fix what can be fixed (with a warning each),
    block what cannot (leak, obeyed injection, insult, nonsense, nothing left)."""
    if not text.strip():
        return Guarded("", ["The model wrote nothing."], True)
    leak = prompt_leak(text, context)
    if leak:
        return Guarded("", [leak], True)
    followed = injection_followed(text, context.comment, _public_text(context))
    if followed:
        return Guarded("", [f"It obeyed instructions hidden in the comment: {followed}."], True)
    rude = insult(text)
    if rude:
        return Guarded("", [f"It contains an insult (“{rude}”)."], True)

    sources = [*context.sources, context.profile.website, context.profile.description]
    warnings: list[str] = []
    before = len(_sentences(text))
    text, found = remove_pii(text, sources, context.comment)
    warnings += found
    text, found = remove_unsupported(text, sources, context.comment)
    warnings += found
    text, found = remove_avoided(text, context.profile.words.avoid)
    warnings += found
    if context.kind == "reply":  # a post may name its own account ("tag @OndineCoffee")
        text, found = remove_self_address(text, context.profile)
        warnings += found
    dropped = len(_sentences(text)) < before
    text, found = limit_hashtags(text, context.profile, hashtag_limit(context))
    warnings += found
    text, found = limit_emoji(text, context.profile.emoji)
    warnings += found
    warnings = list(dict.fromkeys(warnings))
    if _substance(text, context.profile) < (MIN_WORDS_LEFT if dropped else 1):
        return Guarded("", [*warnings, "Nothing usable was left."], True)
    problems = nonsense(text, context)
    if problems:
        return Guarded("", [*warnings, *dict.fromkeys(p.warning for p in problems)], True)
    return Guarded(text, warnings, False)


def _substance(text: str, profile: BrandProfile) -> int:
    """How many words the draft says, hashtags and the brand's signature aside."""
    for signature in profile.signature.values():
        text = text.replace(signature, " ")
    return len(_words(HASHTAG.sub(" ", text)))
