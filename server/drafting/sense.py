"""Sense checks: drafts that are fluent, sourced and polite, and still make no sense as this
brand's answer to this comment.

A small model writes "I'm sorry for your loss, unfortunately we will be unable to assist you
with the next issue. @OndineMobile Send us a private message" to someone whose SIM card never
arrived: condolences nobody asked for, a refusal to help, the brand addressing its own account.
It also names products, places and people nobody gave it, and restates a fact with the wrong
number ("2 days" where the FAQ says "2 to 3 business days"). Each check here is a pure function
of the draft and what the draft was written from, and answers with `Problem`s a person can
read; the guard decides what to fix and what to block, and the eval reuses the same checks.

Word lists, English and French, are in `sense.toml`. Everything is compared folded (lowercase,
no accents); this module keeps its own small readers of text rather than the guard's, because
the guard imports it.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from importlib.resources import files
from typing import Any

import msgspec

from knowledge.brand import BrandProfile


class Problem(msgspec.Struct, frozen=True):
    check: str
    """`condolences`, `refusal`, `self_mention`, `entity` or `contradiction`."""
    reason: str
    """Short and for a person: "condolences without a loss"."""
    excerpt: str
    """The words at fault, as the draft wrote them."""

    @property
    def warning(self) -> str:
        return f"sense: {self.reason} (“{self.excerpt}”)."


@cache
def _table() -> dict[str, Any]:
    text = files(__package__).joinpath("sense.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def fold(text: str) -> str:
    """Lowercase without accents, ’ as ', one character for one: a match in the folded text
    is at the same place in the text."""
    out: list[str] = []
    for ch in text:
        low = ch.lower() if len(ch.lower()) == 1 else ch
        base = "".join(
            c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c)
        )
        out.append(base if len(base) == 1 else low)
    return "".join(out).replace("’", "'")


def _alternation(entries: Iterable[str]) -> str:
    """Phrases as one regex alternative, longest first, any spacing between words."""
    phrases = sorted({" ".join(fold(e).split()) for e in entries if e.strip()}, key=len)
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in reversed(phrases))


def _phrase_pattern(entries: Iterable[str]) -> re.Pattern[str]:
    """Whole phrases: a hyphen joins words, so "gluten-free" does not say "free"."""
    return re.compile(rf"(?<![\w-])(?:{_alternation(entries)})(?![\w-])")


SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


@cache
def _fillers() -> re.Pattern[str]:
    return _phrase_pattern(_table()["fillers"])


def _plain(text: str) -> str:
    """Folded, without the adverbs a model slips into a fixed phrase."""
    return " ".join(_fillers().sub(" ", fold(text)).split())


# --- (1) condolences without a loss -------------------------------------------------------


@cache
def _condolence() -> re.Pattern[str]:
    return _phrase_pattern(_table()["condolences"]["phrases"])


@cache
def _bereavement() -> re.Pattern[str]:
    table = _table()["bereavement"]
    loss = _alternation(table["loss_words"])
    kin = _alternation(table["kin"])
    return re.compile(
        rf"(?<![\w-])(?:{_alternation(table['phrases'])})(?![\w-])"
        rf"|(?<![\w-])(?:{loss})\s+(?:[\w'-]+\s+){{0,2}}?(?:{kin})(?![\w-])"
    )


def bereaved(given: str) -> bool:
    """Whether `given` (a comment, a brief) speaks of a death: "lost my father", "décès",
    "funeral"; "lost my bag" is no bereavement."""
    return _bereavement().search(_plain(given)) is not None


def condolences(text: str, given: str | None) -> list[Problem]:
    """Sympathy for a loss ("sorry for your loss", "toutes nos condoléances", "RIP") where
    `given` (the comment; for a post, its brief) mentions no death."""
    if bereaved(given or ""):
        return []
    return [
        Problem("condolences", "condolences without a loss", sentence)
        for sentence in sentences(text)
        if _condolence().search(_plain(sentence))
    ]


# --- (2) refusing to help ---------------------------------------------------------------


@cache
def _refusal() -> re.Pattern[str]:
    return _phrase_pattern(_table()["refusal"]["phrases"])


def refusals(text: str) -> list[Problem]:
    """Refusals of help ("we will be unable to assist you", "nous ne pouvons pas vous aider").
    A stated limit ("we can't ship to Switzerland") is an answer, not a refusal."""
    return [
        Problem("refusal", "refuses to help", sentence)
        for sentence in sentences(text)
        if _refusal().search(_plain(sentence))
    ]


# --- (3) the brand addressing itself ------------------------------------------------------

MENTION = re.compile(r"(?<![\w@.])@[\w.]*\w")


def _compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", fold(text))


@cache
def _common() -> frozenset[str]:
    return frozenset(fold(word) for word in _table()["entities"]["common"])


def _name_words(profile: BrandProfile) -> list[str]:
    return re.findall(r"\w+", fold(profile.name))


def _distinctive_first_word(profile: BrandProfile) -> str | None:
    """The name's first word when it names the brand on its own ("Ondine" of "Ondine Coffee
    Roasters"), not when it is a common word ("Le", "Café")."""
    words = _name_words(profile)
    suffixes = {fold(s) for s in _table()["self_address"]["handle_suffixes"]}
    if words and len(words[0]) >= 4 and words[0] not in _common() and words[0] not in suffixes:
        return words[0]
    return None


def _own_names(profile: BrandProfile) -> set[str]:
    """The brand's handles and names, compacted ("ondinecoffeeroasters", "ondine")."""
    names = {_compact(profile.name), _compact(profile.id), *map(_compact, profile.handles)}
    first = _distinctive_first_word(profile)
    return {name for name in (*names, first or "") if name}


def _suffixes_only(rest: str, suffixes: frozenset[str]) -> bool:
    """Whether `rest` is made of handle suffixes ("coffeefr" = "coffee" + "fr")."""
    if not rest:
        return True
    return any(rest.startswith(s) and _suffixes_only(rest[len(s) :], suffixes) for s in suffixes)


def is_own_handle(mention: str, profile: BrandProfile) -> bool:
    """Whether an @mention is one of the brand's accounts: its handles, name or id however
    written (@OndineCoffee, @ondine_coffee_roasters), or one starting with its name where the
    rest is a new word (@OndineMobile, @Ondine_FR, @ondinesupport; not @ondinette)."""
    handle = mention.lstrip("@")
    names = _own_names(profile)
    if _compact(handle) in names:
        return True
    suffixes = frozenset(_compact(s) for s in _table()["self_address"]["handle_suffixes"])
    kept = [(i, ch) for i, ch in enumerate(handle) if _compact(ch)]
    compact = "".join(fold(ch) for _, ch in kept)
    for name in names:
        if not compact.startswith(name) or len(compact) == len(name):
            continue
        end, start = kept[len(name) - 1][0], kept[len(name)][0]
        new_word = start > end + 1 or handle[start].isupper() or handle[start].isdigit()
        if new_word or _suffixes_only(compact[len(name) :], suffixes):
            return True
    return False


@cache
def _greeting_words() -> tuple[str, str]:
    table = _table()["self_address"]
    return _alternation(table["greetings"]), _alternation(table["team"])


def _greeting(profile: BrandProfile) -> re.Pattern[str]:
    """A sentence opening with a greeting to the brand: "Dear Ondine,", "Hi Ondine team!",
    "Bonjour l'équipe Ondine", "Hello @OndineCoffee"."""
    greet, team = _greeting_words()
    words = _name_words(profile)
    aliases = {" ".join(words[:n]) for n in range(2, len(words) + 1)}
    aliases |= {" ".join(re.findall(r"\w+", fold(profile.id.replace("_", " "))))}
    aliases |= {fold(h.lstrip("@")) for h in profile.handles}
    aliases.add(_distinctive_first_word(profile) or "")
    names = _alternation(a for a in aliases if a)
    return re.compile(
        rf"^\W*(?:{greet})[\s,]+(?:(?:{team})\s*)?(?P<who>@[\w.]*\w|(?:{names})(?!\w))"
        rf"(?:\s+(?:{team})(?!\w))?[\s,!.:;—–-]*"
    )


def _own_mentions(sentence: str, profile: BrandProfile) -> list[re.Match[str]]:
    return [m for m in MENTION.finditer(sentence) if is_own_handle(m.group(), profile)]


def unaddress(sentence: str, profile: BrandProfile) -> tuple[str | None, str | None]:
    """`sentence` without the brand greeting or mentioning itself, and what was taken out.

    A greeting or a handle at either end goes on its own ("@OndineMobile Send us a private
    message" keeps "Send us a private message"); a handle inside the sentence takes the
    sentence with it (None), since "thanks for writing to" would be left.
    """
    removed: list[str] = []
    rest = sentence
    while True:
        greeting = _greeting(profile).match(fold(rest))
        if greeting and (
            not greeting.group("who").startswith("@")
            or is_own_handle(greeting.group("who"), profile)
        ):
            removed.append(rest[: greeting.end()].strip(" ,!.:;—–-"))
            rest = rest[greeting.end() :]
            continue
        lead = re.match(r"^\W*?(@[\w.]*\w)[\s,:;—–-]*", rest)
        if lead and is_own_handle(lead.group(1), profile):
            removed.append(lead.group(1))
            rest = rest[lead.end() :]
            continue
        break
    while (tail := re.search(r"[\s,]*(@[\w.]*\w)(\W*)$", rest)) and is_own_handle(
        tail.group(1), profile
    ):
        removed.append(tail.group(1))
        rest = rest[: tail.start()] + tail.group(2).strip(" ,")
    inside = [m.group() for m in _own_mentions(rest, profile)]
    if inside or (removed and not re.search(r"\w", rest)):
        return None, ", ".join(removed + inside)
    if not removed:
        return sentence, None
    rest = rest.strip()
    if sentence[:1].isupper() or sentence[:1] == "@":
        rest = rest[:1].upper() + rest[1:]
    return rest, ", ".join(removed)


def self_mentions(text: str, profile: BrandProfile) -> list[Problem]:
    """The brand's own handle in a reply, or a greeting to the brand ("Dear Ondine")."""
    problems: list[Problem] = []
    for sentence in sentences(text):
        for match in _own_mentions(sentence, profile):
            problems.append(
                Problem("self_mention", "mentions the brand's own account", match.group())
            )
        greeting = _greeting(profile).match(fold(sentence))
        if greeting and not greeting.group("who").startswith("@"):
            excerpt = sentence[: greeting.end()].strip(" ,!.:;—–-")
            problems.append(Problem("self_mention", "greets the brand itself", excerpt))
    return problems


# --- (4) names nobody gave ----------------------------------------------------------------

MASKED = re.compile(r"\S*(?:://|@|#|\w\.\w{2,})\S*")
"""Links, emails, mentions and hashtags: their words are not names (mentions are check 3)."""
WORD = re.compile(r"[^\W\d_](?:[\w'-]*\w)?|\b\w+\b")
CODE = re.compile(r"^(?=[A-Z0-9]*\d)(?=(?:\d*[A-Z]){2})[A-Z0-9]{4,12}$")
"""A promo code (NOEL20, WELCOME10): capitals and digits, an offer nobody may invent."""
ELISION = re.compile(r"^(?:l|d|j|qu|n|s|c|m|t|jusqu|lorsqu|puisqu|quelqu)'(?=\w)")
LINKERS = frozenset({"de", "du", "des", "d'", "la", "le", "of", "&", "van", "von", "del"})
INITIAL_BEFORE = re.compile(r"[\s\"'“”«»()\[\]*•·\-–—]*$")
TITLE_CASE = 0.7
"""Share of capitalised words above which a sentence is written in title case: its capitals
name nothing."""


def words(text: str) -> set[str]:
    """The folded words of `text`, hyphenated ones whole and by part."""
    found: set[str] = set()
    for token in re.findall(r"[\w'-]+", fold(text)):
        token = token.strip("'-")
        found.add(token)
        found |= set(re.split(r"['-]", token))
    return found


def _variants(word: str) -> set[str]:
    """A word's plural, singular and possessive forms, for "Capucins" given "Capucin"."""
    word = re.sub(r"'s$", "", word)
    forms = {word, word + "s", word + "x", word + "es"}
    if word.endswith(("s", "x")):
        forms.add(word[:-1])
    if word.endswith("es"):
        forms.add(word[:-2])
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    return forms


def _known(token: str, allowed: set[str]) -> bool:
    folded = ELISION.sub("", fold(token))
    if folded in _common() or _variants(folded) & allowed:
        return True
    parts = [p for p in re.split(r"['-]", folded) if p]
    return len(parts) > 1 and all(p in _common() or _variants(p) & allowed for p in parts)


def _capitalised(token: str) -> bool:
    return token[:1].isupper() and not (len(token) > 1 and token.isupper()) and len(token) > 1


def _tokens(sentence: str) -> Iterator[tuple[str, bool]]:
    """(word, whether the word opens a sentence or clause), links and handles left out."""
    masked = MASKED.sub(lambda m: " " * len(m.group()), sentence)
    for match in WORD.finditer(masked):
        token, start = match.group(), match.start()
        elided = ELISION.match(fold(token))
        if elided:
            token, start = token[elided.end() :], start + elided.end()
        before = INITIAL_BEFORE.sub("", masked[: match.start()])
        initial = not before or not (before[-1].isalnum() or before[-1] == ",")
        yield token, initial and not elided


def _names(sentence: str) -> list[list[str]]:
    """Runs of capitalised words that are not there only because a sentence starts, and
    promo codes. A sentence's first word counts only when it is no common word and clearly a
    name: followed by another capitalised word, or with a capital inside (OndinePlus)."""
    tokens = list(_tokens(sentence))
    worded = [t for t, _ in tokens if any(ch.isalpha() for ch in t)]
    capitals = [t for t in worded if t[:1].isupper()]
    if len(worded) >= 4 and len(capitals) >= TITLE_CASE * len(worded):
        return []
    runs: list[list[str]] = []
    run: list[str] = []
    for i, (token, initial) in enumerate(tokens):
        if CODE.match(token):
            runs.append([token])
            continue
        if not _capitalised(token):
            if run and fold(token) in LINKERS and i + 1 < len(tokens):
                nxt = tokens[i + 1][0]
                if _capitalised(nxt):
                    run.append(token)
                    continue
            if run:
                runs.append(run)
            run = []
            continue
        if initial:
            if run:
                runs.append(run)
            run = []
            nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
            folded = fold(token)
            camel = any(ch.isupper() for ch in token[1:]) and not token.isupper()
            if folded in _common() or not (camel or _capitalised(nxt)):
                continue
        run.append(token)
    if run:
        runs.append(run)
    return [r for r in runs if any(ch.isalpha() for ch in " ".join(r))]


def invented_entities(text: str, allowed: Iterable[str]) -> list[Problem]:
    """Names (products, offers, places, people) and promo codes that none of the `allowed`
    texts has: the sources, the comment or brief, the brand's profile, the fixed phrases.

    Compared folded, word by word, plurals and possessives allowed: "Ondine's Capucins café"
    passes where the sources say "Ondine Capucins". Hashtags, links and @handles are not
    names here (the brand's own handle is check 3).
    """
    known = set().union(*(words(t) for t in allowed))
    problems: list[Problem] = []
    for sentence in sentences(text):
        for run in _names(sentence):
            named = [t for t in run if fold(t) not in LINKERS]
            unknown = [t for t in named if not _known(t, known)]
            if unknown:
                name = " ".join(run).strip()
                problems.append(Problem("entity", "names something nobody gave", name))
    return list({p.excerpt: p for p in problems}.values())


def brand_texts(profile: BrandProfile) -> list[str]:
    """What the brand's profile says about itself: names a draft may use."""
    return [
        profile.name,
        profile.id.replace("-", " ").replace("_", " "),
        profile.description,
        profile.website,
        profile.voice.description,
        *profile.voice.attributes,
        *profile.words.use,
        *profile.hashtags.preferred,
        *profile.signature.values(),
        profile.escalation.name,
        *profile.handles,
    ]


@cache
def fixed_phrases() -> tuple[str, ...]:
    """Every sentence Voix adds itself (server/prompts/phrases.toml), placeholders aside."""
    text = files("server.prompts").joinpath("phrases.toml").read_text(encoding="utf-8")
    found: list[str] = []
    for table in tomllib.loads(text).values():
        for value in table.values() if isinstance(table, dict) else ():
            for wording in [value] if isinstance(value, str) else value:
                found.append(re.sub(r"\{\w+\}", " ", str(wording)))
    return tuple(found)


# --- (5) saying otherwise than the facts ------------------------------------------------


class Quantity(msgspec.Struct, frozen=True):
    kind: str
    """`price:eur`, `pct`, `time` (minutes) or `months`."""
    low: float
    high: float
    bound: str = ""
    """`max` ("within 5 days"), `min` ("at least 48 hours") or empty."""
    written: str = ""

    def agrees(self, other: Quantity) -> bool:
        if self.kind != other.kind:
            return False
        if self.bound == "max":
            return self.high == other.high
        if self.bound == "min":
            return self.low == other.low
        return (self.low, self.high) == (other.low, other.high)


AMOUNT = r"\d{1,3}(?:[   .,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"


def _amount(value: str) -> float:
    """'1 299,00', '1,299.00' and '1299' are 1299; '14,5' and '14.50' are 14.5."""
    value = re.sub(r"\s", "", value)
    if re.search(r"[.,]\d{3}$", value) or ("," in value and "." in value):
        value = re.sub(r"[.,](?=\d{3}\b)", "", value)
    return float(value.replace(",", "."))


@cache
def _quantity_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(prices, percentages, durations), on folded text."""
    table = _table()["contradiction"]
    currency = _alternation(table["currencies"])
    price = re.compile(
        rf"(?P<c1>{currency})\s?(?P<v1>{AMOUNT})(?!\d)|(?<![\d.,])(?P<v2>{AMOUNT})\s?(?P<c2>{currency})(?![a-z])"
    )
    percent = re.compile(rf"(?<![\d.,])(?P<v>{AMOUNT})\s?(?:%|percent\b|pour\s?cent\b)")
    number = rf"\d+(?:[.,]\d+)?|(?:{_alternation(table['numbers'])})(?![\w-])"
    joiner = _alternation([*table["range_words"], *table["either_words"]])
    units = _alternation([*table["units_minutes"], *table["units_months"]])
    qualifier = _alternation(table["unit_qualifiers"])
    bound = _alternation([*table["upper_bounds"], *table["lower_bounds"]])
    duration = re.compile(
        rf"(?:(?<![\w-])(?P<bound>{bound})\s+)?(?:(?:between|entre)\s+)?(?<![\w.,-])"
        rf"(?P<a>{number})(?:\s*(?P<join>{joiner})\s*(?P<b>{number}))?"
        rf"(?:\s*-\s*|\s+)?(?:(?:{qualifier})\s+)?(?P<unit>{units})(?![\w])(?!\s*\d)"
    )
    return price, percent, duration


def _number(value: str) -> float:
    words_table: dict[str, int] = _table()["contradiction"]["numbers"]
    return float(words_table[value]) if value in words_table else _amount(value)


def _blank(match: re.Match[str]) -> str:
    """As many spaces as the match: positions stay those of the text."""
    return " " * len(match.group())


def quantities(text: str) -> list[Quantity]:
    """The prices, percentages and durations `text` states, comparable however written:
    "€5.90" is "5,90 €", "48 hours" is "2 days", "2 or 4 weeks" is 2, 4 or 2 to 4."""
    table = _table()["contradiction"]
    price, percent, duration = _quantity_patterns()
    folded = fold(text)
    found: list[Quantity] = []
    for m in price.finditer(folded):
        code = table["currencies"].get(m.group("c1") or m.group("c2"), "")
        value = _amount(m.group("v1") or m.group("v2"))
        found.append(Quantity(f"price:{code}", value, value, written=text[m.start() : m.end()]))
    for m in percent.finditer(folded):
        value = _amount(m.group("v"))
        found.append(Quantity("pct", value, value, written=text[m.start() : m.end()]))
    masked = price.sub(_blank, percent.sub(_blank, folded))
    upper = {" ".join(fold(b).split()) for b in table["upper_bounds"]}
    for m in duration.finditer(masked):
        unit = m.group("unit")
        if unit in table["units_minutes"]:
            kind, factor = "time", table["units_minutes"][unit]
        else:
            kind, factor = "months", table["units_months"][unit]
        bound = m.group("bound")
        bound = "" if not bound else "max" if " ".join(bound.split()) in upper else "min"
        a = _number(m.group("a")) * factor
        b = _number(m.group("b")) * factor if m.group("b") else a
        written = text[m.start() : m.end()]
        low, high = min(a, b), max(a, b)
        found.append(Quantity(kind, low, high, bound, written))
        if m.group("join") and m.group("join") in table["either_words"]:
            found += [Quantity(kind, a, a, bound, written), Quantity(kind, b, b, bound, written)]
    return found


@cache
def _subject_stop() -> frozenset[str]:
    table = _table()["contradiction"]
    stop = set(_common()) | {fold(w) for w in table["generic"]}
    stop |= {fold(w) for w in (*table["units_minutes"], *table["units_months"])}
    stop |= {fold(w) for w in (*table["numbers"], *table["unit_qualifiers"])}
    for pair in table["antonyms"]:
        stop |= {
            fold(w) for phrase in (*pair["positive"], *pair["negative"]) for w in phrase.split()
        }
    return frozenset(stop)


def _stem(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("s", "x")) and len(word) > 3:
        return word[:-1]
    return word


def subject_words(text: str) -> set[str]:
    """What a sentence is about: its content words, stemmed, without numbers, units, poles
    and the words every answer has."""
    stop = _subject_stop()
    return {
        _stem(w) for w in re.findall(r"[^\W\d_][\w]*", fold(text)) if len(w) >= 3 and w not in stop
    }


def _answer(fact: str) -> str:
    """A FAQ entry's answer ("Q: …\nA: …" gives what follows "A:")."""
    match = re.search(r"(?:^|\n)\s*(?:A|R)\s*:\s*", fact)
    return fact[match.end() :] if match else fact


@cache
def _poles() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]:
    pairs = _table()["contradiction"]["antonyms"]
    return tuple(
        (pair["name"], _phrase_pattern(pair["positive"]), _phrase_pattern(pair["negative"]))
        for pair in pairs
    )


NOT_POLES = re.compile(
    r"(?<![\w-])feel\s+free|free\s+to\s+(?:ask|contact|reach|send|write|message|dm|tell|let)\b"
)


def _within(inner: re.Match[str], outer: re.Match[str]) -> bool:
    return outer.start() <= inner.start() and inner.end() <= outer.end()


def _pole(
    text: str, positive: re.Pattern[str], negative: re.Pattern[str]
) -> tuple[str, str] | None:
    """("+" or "-", the words) when `text` stands on one pole only, longer phrases first."""
    folded = NOT_POLES.sub(" ", fold(text))
    pos = list(positive.finditer(folded))
    neg = list(negative.finditer(folded))
    # a longer phrase of one pole that holds the other's word wins ("no extra cost", "not free")
    pos = [p for p in pos if not any(_within(p, n) for n in neg)]
    neg = [n for n in neg if not any(_within(n, p) for p in pos)]
    if bool(pos) == bool(neg):
        return None
    found = pos or neg
    return ("+" if pos else "-"), text[found[0].start() : found[0].end()]


@cache
def _condition() -> re.Pattern[str]:
    return _phrase_pattern(_table()["contradiction"]["conditions"])


@cache
def _negation() -> re.Pattern[str]:
    """Words that negate a clause; "n't" and "n'" are parts of words, the others whole."""
    listed = [fold(w) for w in _table()["contradiction"]["negations"]]
    whole = _alternation(w for w in listed if "'" not in w)
    return re.compile(rf"(?<![\w'-])(?:{whole})(?![\w'-])|n't(?!\w)|(?<![\w'])n'(?=\w)")


@cache
def _yes() -> re.Pattern[str]:
    return re.compile(rf"^\W*(?:{_alternation(_table()['contradiction']['yes'])})(?!\w)")


CLAUSE = re.compile(r"[;:]|,\s*(?:and|but|et|mais)\s+|\s+(?:but|mais)\s+")


def _fact_sentences(facts: Sequence[str]) -> list[str]:
    return [s for fact in facts for s in sentences(_answer(fact))]


def _named(clause: str) -> set[str]:
    """Capitalised words of a fact that are no common word: places, products ("Switzerland")."""
    return {
        _stem(fold(w))
        for w in re.findall(r"[^\W\d_][\w]*", clause)
        if w[:1].isupper() and fold(w) not in _common()
    }


def _said_yes_to_no(sentence: str, facts: Sequence[str]) -> Problem | None:
    """A "yes" where a fact says "not" about the same subject: "Yes, we ship to Switzerland"
    against "Switzerland is not served". The fact's negated clause must share its subject
    with the draft, and either its predicate or one of its names."""
    if not _yes().match(fold(sentence)) or _negation().search(fold(sentence)):
        return None
    said = subject_words(sentence)
    for fact_sentence in _fact_sentences(facts):
        for clause in CLAUSE.split(fact_sentence):
            negated = _negation().search(fold(clause))
            if not negated:
                continue
            subject = subject_words(clause[: negated.start()])
            predicate = subject_words(clause[negated.end() :])
            shared = said & subject
            if shared and (said & predicate or shared & _named(clause)):
                return Problem(
                    "contradiction", f"says yes where the facts say “{clause.strip()}”", sentence
                )
    return None


def _opposite_pole(sentence: str, facts: Sequence[str], given: str) -> Problem | None:
    """A pole opposite the fact's: "extra" where it says "free", "épuisé" where it says
    "disponible"; only where the fact sentence shares the draft's subject and neither states
    a case ("free from €45")."""
    if _condition().search(fold(sentence)):
        return None
    said = subject_words(sentence)
    for _name, positive, negative in _poles():
        pole = _pole(sentence, positive, negative)
        if pole is None or _phrase_pattern([pole[1]]).search(fold(given)):
            continue
        for fact_sentence in _fact_sentences(facts):
            other = _pole(fact_sentence, positive, negative)
            if other is None or other[0] == pole[0] or _condition().search(fold(fact_sentence)):
                continue
            if said & subject_words(fact_sentence):
                return Problem(
                    "contradiction",
                    f"says “{pole[1]}” where the facts say “{other[1]}”",
                    sentence,
                )
    return None


def _other_value(sentence: str, facts: Sequence[str], given: str) -> Problem | None:
    """A price, percentage or duration that no fact states, where a fact about the same thing
    states one of the same kind: "2 days" against "allow 2 to 3 business days"."""
    stated = quantities(sentence)
    if not stated:
        return None
    said = subject_words(sentence)
    everything = [q for fact in facts for q in quantities(_answer(fact))] + quantities(given)
    for q in stated:
        if any(q.agrees(known) for known in everything):
            continue
        related = [
            known
            for fact in facts
            if said & subject_words(fact)
            for known in quantities(_answer(fact))
            if known.kind == q.kind
        ]
        if related:
            values = ", ".join(dict.fromkeys(k.written.strip() for k in related))
            return Problem(
                "contradiction", f"says {q.written.strip()} where the facts say {values}", sentence
            )
    return None


def _yes_sentences(text: str) -> list[str]:
    """Sentences, a lone "Yes!" joined to the one it answers with."""
    merged: list[str] = []
    pending = ""
    for sentence in sentences(text):
        if _yes().match(fold(sentence)) and not subject_words(sentence):
            pending = f"{pending} {sentence}".strip()
            continue
        merged.append(f"{pending} {sentence}".strip())
        pending = ""
    return merged + ([pending] if pending else [])


def contradictions(text: str, facts: Sequence[str], given: str | None = None) -> list[Problem]:
    """Sentences that say otherwise than the facts the reply was meant to carry: another
    number about the same thing, the opposite pole ("extra" for "free"), "yes" for "not".

    Precise rather than broad: a sentence must share the fact's subject words, a value the
    facts or `given` (the comment) state anywhere agrees, and a sentence without a value or a
    pole says nothing to contradict.
    """
    if not facts:
        return []
    problems: list[Problem] = []
    for sentence in _yes_sentences(text):
        found = (
            _other_value(sentence, facts, given or "")
            or _opposite_pole(sentence, facts, given or "")
            or _said_yes_to_no(sentence, facts)
        )
        if found:
            problems.append(found)
    return problems


# --- all of them --------------------------------------------------------------------------


def check_sense(
    text: str,
    *,
    comment: str | None,
    sources: Sequence[str],
    profile: BrandProfile,
    facts: Sequence[str] = (),
    kind: str = "reply",
    also_allowed: Sequence[str] = (),
) -> list[Problem]:
    """Every sense problem of a draft. Replies are judged on their comment; posts and trends,
    which answer nobody, on their brief and sources (condolences fit a brief about a death),
    and the brand may name its own account in them."""
    given = comment if kind == "reply" else "\n".join([comment or "", *sources])
    allowed = [*sources, comment or "", *brand_texts(profile), *fixed_phrases(), *also_allowed]
    problems = condolences(text, given)
    if kind == "reply":
        problems += refusals(text) + self_mentions(text, profile)
    problems += invented_entities(text, allowed)
    return problems + contradictions(text, facts, comment)
