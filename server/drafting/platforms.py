"""The one table of platform rules, and length counted the way each platform counts it.

Every limit, convention and counting rule the drafting code needs lives here, so a platform's
rule change (Instagram's hashtag cap, a Mastodon server's own limit) is one edit. Limits are
what each platform enforces; the conventions (hashtags, emoji, links, visual) are what reads
well there, and feed the prompts and the post-processing.
"""

from __future__ import annotations

import functools
import itertools
import unicodedata
from collections.abc import Callable
from importlib.resources import files
from typing import Final, Literal, NamedTuple

import msgspec
import regex

from server.drafting.errors import UnknownPlatform

Counter = Literal["x_weighted", "mastodon", "graphemes", "chars"]
"""How a platform measures text against its limits: see `count`."""
HashtagPlacement = Literal["inline", "end", "none"]
EmojiUse = Literal["ok", "sparingly", "rare"]
LinkHandling = Literal["counted_23", "not_clickable", "preview", "plain"]
"""counted_23: a link counts 23 whatever its length; not_clickable: links in the text do not
work, say "link in bio"; preview: the platform shows a card for the link; plain: none of these."""


class Visual(msgspec.Struct, frozen=True):
    """The visual to suggest with a post: each network crops and favours its own shapes."""

    format: str
    aspect: str


class PlatformSpec(msgspec.Struct, frozen=True, kw_only=True):
    """One platform's limits and conventions; frozen so the table cannot drift at runtime."""

    id: str
    name: str
    post_limit: int
    """For TikTok, the caption of a video; see `photo_post_limit`."""
    reply_limit: int
    """Limit of a comment or reply, which some platforms set lower than a post's."""
    counter: Counter = "chars"
    visual: Visual
    max_hashtags: int = 2
    """Most hashtags a post should carry (Instagram enforces its 5; elsewhere a convention)."""
    min_hashtags: int = 0
    """Low end of the usual range (X 1-2, LinkedIn and TikTok 3-5): where tags drive reach."""
    hashtag_placement: HashtagPlacement = "end"
    """inline: woven into the sentence, where space is scarce; end: grouped after the text."""
    emoji: EmojiUse = "ok"
    links: LinkHandling = "plain"
    threads: bool = False
    """Long posts become numbered threads (`split_thread`) rather than being shortened."""
    photo_post_limit: int | None = None
    """TikTok: photo and text posts take longer captions (4,000) than videos (2,200)."""


PLATFORMS: Final[dict[str, PlatformSpec]] = {
    spec.id: spec
    for spec in (
        PlatformSpec(
            id="x",
            name="X",
            post_limit=280,
            reply_limit=280,
            counter="x_weighted",
            visual=Visual("image", "16:9"),
            min_hashtags=1,
            max_hashtags=2,
            hashtag_placement="inline",  # every character counts
            links="counted_23",
            threads=True,
        ),
        PlatformSpec(
            id="threads",
            name="Threads",
            post_limit=500,
            reply_limit=500,
            visual=Visual("image", "4:5"),
            max_hashtags=1,  # Threads takes one topic tag per post
            hashtag_placement="inline",
            links="preview",
            threads=True,
        ),
        PlatformSpec(
            id="bluesky",
            name="Bluesky",
            post_limit=300,
            reply_limit=300,
            counter="graphemes",
            visual=Visual("image", "16:9"),
            max_hashtags=3,
            links="preview",
            threads=True,
        ),
        PlatformSpec(
            id="mastodon",
            name="Mastodon",
            post_limit=500,  # the default; each server sets its own, see get_platform
            reply_limit=500,
            counter="mastodon",
            visual=Visual("image with alt text", "16:9"),
            min_hashtags=1,  # no algorithm: hashtags are how posts get found
            max_hashtags=3,
            emoji="sparingly",  # screen readers, common there, read each one aloud
            links="counted_23",
            threads=True,
        ),
        PlatformSpec(
            id="linkedin",
            name="LinkedIn",
            post_limit=3000,
            reply_limit=1250,
            visual=Visual("image or document carousel", "1.91:1 or 4:5"),
            min_hashtags=3,
            max_hashtags=5,
            emoji="sparingly",
            links="preview",
        ),
        PlatformSpec(
            id="instagram",
            name="Instagram",
            post_limit=2200,
            reply_limit=2200,
            visual=Visual(
                "square or portrait image or carousel; Reel for video", "1:1 or 4:5; 9:16"
            ),
            max_hashtags=5,  # enforced; the current rule, it was 30
            links="not_clickable",
        ),
        PlatformSpec(
            id="facebook",
            name="Facebook",
            post_limit=63206,
            reply_limit=8000,
            visual=Visual("landscape link image or video", "1.91:1 or 16:9"),
            max_hashtags=2,
            links="preview",
        ),
        PlatformSpec(
            id="tiktok",
            name="TikTok",
            post_limit=2200,
            reply_limit=150,
            visual=Visual("vertical video", "9:16"),
            min_hashtags=3,
            max_hashtags=5,
            links="not_clickable",  # captions do not link; the bio does
            photo_post_limit=4000,
        ),
    )
}
ALIASES: Final[dict[str, str]] = {"twitter": "x", "bsky": "bluesky"}


def supported_platforms() -> list[str]:
    """Sorted platform ids, for error messages and help texts."""
    return sorted(PLATFORMS)


def get_platform(platform_id: str, mastodon_limit: int | None = None) -> PlatformSpec:
    """The spec of a platform id or alias (any case).

    Mastodon's 500 is only the default: each server sets its own limit, so callers pass the
    one of the brand's server (e.g. from their `VOIX_MASTODON_LIMIT` setting); it applies to
    posts and replies alike, and to Mastodon only.
    """
    if mastodon_limit is not None and mastodon_limit < 1:
        raise ValueError(f"mastodon_limit must be a positive number, not {mastodon_limit}")
    key = platform_id.strip().lower()
    spec = PLATFORMS.get(ALIASES.get(key, key))
    if spec is None:
        raise UnknownPlatform(platform_id, supported_platforms())
    if spec.id == "mastodon" and mastodon_limit is not None:
        spec = msgspec.structs.replace(spec, post_limit=mastodon_limit, reply_limit=mastodon_limit)
    return spec


def find_platform(platform_id: str) -> PlatformSpec | None:
    """The spec of a platform id or alias, or None for one Voix does not know: the lookup
    the chains are given to show each past reply in its own platform's terms."""
    try:
        return get_platform(platform_id)
    except UnknownPlatform:
        return None


def count(text: str, spec: PlatformSpec) -> int:
    """Length of `text` as `spec`'s platform measures it against its limits.

    x_weighted: X's weighted count (`x_weighted_length`). mastodon: Mastodon's count
    (`mastodon_length`). graphemes: Bluesky's 300 are user-perceived characters (the post
    record's maxGraphemes), so an emoji sequence is 1; links count in full, an upper bound as
    the Bluesky app shortens them on posting; the record's 3,000-byte cap is not checked, as
    only text of long emoji sequences nears it. chars: code points, for platforms that publish
    no finer rule (Threads, LinkedIn, Instagram, Facebook, TikTok); never fewer than the
    graphemes a reader sees.
    """
    if spec.counter == "x_weighted":
        return x_weighted_length(text)
    if spec.counter == "mastodon":
        return mastodon_length(text)
    if spec.counter == "graphemes":
        return _grapheme_count(text)
    return len(text)


def x_weighted_length(text: str) -> int:
    """X's count, twitter-text v3 (`parseTweet`), which X checks its 280 against.

    The text is NFC-normalised; each URL counts 23 whatever its length; each emoji, sequences
    included (a family, a flag, a skin tone), counts 2; every other code point counts 1 in the
    ranges 0-4351 (Latin, Greek, Cyrillic, Hebrew, Arabic, Indic...), 8192-8205, 8208-8223 and
    8242-8247 (spaces, dashes, quotes, primes) and 2 elsewhere (CJK, Hangul...). URLs are those
    twitter-text extracts (`_x_url_spans`): with http(s):// or without (`voix.ai`, `bit.ly/abc`,
    `www.example.com`), on a top-level domain of its list (`tlds.txt`). Deviations: the
    reserved TLDs .example, .test, .invalid and .localhost count as real ones, so that sample
    links count like the links they stand for; an emoji ZWJ sequence counts 2 even where
    twemoji does not know it.
    """
    text = unicodedata.normalize("NFC", text)
    total = 0
    position = 0
    for start, end in _x_url_spans(text):
        total += _x_text_weight(text[position:start]) + URL_WEIGHT
        position = end
    return total + _x_text_weight(text[position:])


def x_links(text: str) -> list[str]:
    """The links X finds in `text`, in order, as twitter-text's `extractUrls` gives them: what
    `x_weighted_length` counts 23 each."""
    return [text[start:end] for start, end in _x_url_spans(text)]


def mastodon_length(text: str) -> int:
    """Mastodon's count (`StatusLengthValidator`): graphemes, after each URL with a scheme
    becomes 23 characters and each remote mention `@user@server` becomes `@user`.

    Bare domains count in full there, unlike on X. A content warning would count too; Voix
    drafts none.
    """
    spans: list[tuple[int, int, str]] = []
    for match in _patterns().mastodon_url.finditer(text):
        if _labels_fit(match.group("domain")):
            spans.append((match.start(), match.end(), "x" * URL_WEIGHT))
    for match in MASTODON_REMOTE_MENTION.finditer(text):
        spans.append((match.start(), match.end(), f"@{match.group(1)}"))
    countable: list[str] = []
    position = 0
    for start, end, replacement in sorted(spans):
        if start < position:
            continue  # overlaps an entity already rewritten, as Mastodon drops it
        countable += [text[position:start], replacement]
        position = end
    countable.append(text[position:])
    return _grapheme_count("".join(countable))


def split_thread(text: str, spec: PlatformSpec) -> list[str]:
    """Numbered thread parts for a text longer than `spec.post_limit`.

    Each part starts with "i/n " (visible first, and the way readers number threads) and
    fits the limit as `count` measures it, numbering included. Breaks fall between paragraphs
    first, then sentences or lines, then words: the last such break that keeps the part at
    least half full wins, so a paragraph break is not bought with a near-empty post. A word is
    never cut, except one longer than a whole part, cut between graphemes as a last resort.
    Each part is a verbatim slice of the text, its line breaks kept.

    Text within the limit comes back whole, as `[text]`. Text over it on a platform that does
    not thread raises ValueError: there it must be shortened (see guardrails.fit_to_limit).
    """
    if count(text, spec) <= spec.post_limit:
        return [text]
    if not spec.threads:
        raise ValueError(f"{spec.name} does not thread; shorten the text to fit instead.")
    words = [(match.start(), match.end()) for match in regex.finditer(r"\S+", text)]
    if not words:
        return [text.strip()]
    breaks = [
        _break_strength(text[start:end], text[end:following])
        for (start, end), (following, _) in itertools.pairwise(words)
    ]
    breaks.append(_PARAGRAPH)
    for digits in range(1, 4):
        parts = _pack(text, words, breaks, spec, digits)
        if parts is not None:
            numbered = [f"{i}/{len(parts)} {part}" for i, part in enumerate(parts, start=1)]
            if all(count(part, spec) <= spec.post_limit for part in numbered):
                return numbered
    raise ValueError(f"Text too long for a {spec.name} thread of under 1,000 parts.")


URL_WEIGHT: Final = 23
"""X and Mastodon count every URL as this many characters (X's t.co links are 23 long)."""
X_LIGHT_RANGES: Final = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
"""twitter-text v3: code points in these ranges weigh 1, every other one 2."""
MASTODON_REMOTE_MENTION: Final = regex.compile(
    r"(?<![=/\w])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)@\w+(?:[.-]+\w+)*", regex.IGNORECASE
)
_X_TCO_CODE_MAX: Final = 40
"""twitter-text's MAX_TCO_SLUG_LENGTH: a longer t.co code is no link."""
_X_URL_MAX: Final = 4096
"""twitter-text's MAX_URL_LENGTH, in UTF-16 units: a longer URL is no link."""
_RESERVED_TLDS: Final = ("example", "test", "invalid", "localhost")
"""RFC 2606 names, accepted so that sample links count like the real ones they stand for."""
_GRAPHEME: Final = regex.compile(r"\X")
_X_EMOJI: Final = regex.compile(
    # twemoji-parser, which twitter-text v3 weighs 2 per match: keycaps, flags, pictographs
    # with their modifiers, tags and ZWJ links; © and ® only in their emoji (FE0F) form.
    r"[#*0-9]\uFE0F?\u20E3|[\u00A9\u00AE]\uFE0F|\p{Regional_Indicator}{2}"
    r"|(?![\u00A9\u00AE])\p{Extended_Pictographic}"
    r"(?:[\uFE0F\p{Emoji_Modifier}\U000E0020-\U000E007F]|\u200D\p{Extended_Pictographic})*"
)
_SENTENCE_END: Final = regex.compile(r"[.!?…。！？][\"'»”’)\]]*$")
_CLAUSE_ENDS: Final = "。！？；，、："
_WORD, _SENTENCE, _PARAGRAPH = 0, 1, 2


def _grapheme_count(text: str) -> int:
    return len(_GRAPHEME.findall(text))


def _x_text_weight(text: str) -> int:
    """Weight of text holding no URL: 2 an emoji, else per code point."""
    total = 0
    for grapheme in _GRAPHEME.findall(text):
        emoji = _X_EMOJI.match(grapheme)
        if emoji:
            total += 2
            grapheme = grapheme[emoji.end() :]
        for char in grapheme:
            code = ord(char)
            total += 1 if any(low <= code <= high for low, high in X_LIGHT_RANGES) else 2
    return total


def _x_url_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the URLs twitter-text v3 extracts (`extractUrlsWithIndices`).

    Without a scheme, any ASCII domain on a listed TLD is a link (since twitter-text 2.0.3,
    2018: `voix.ai`, `site.fr` too); it takes its port, path and query only when it has a
    path. A t.co link ends at its short code (and query): `https://t.co/abc's` links
    `https://t.co/abc`; a code over 40 characters makes no link at all. Nor does a URL over
    4,096 UTF-16 units (as twitter-text measures it: its scheme, or https://, plus the URL
    with that scheme), or a host starting `xn--` (punycode) that holds no ASCII domain.
    """
    if "." not in text:
        return []
    patterns = _patterns()
    spans: list[tuple[int, int]] = []
    for match in patterns.x_url.finditer(text):
        start, end = match.span()
        scheme = match.group("scheme") or "https://"  # twitter-text's default protocol
        if len((scheme + match.group()).encode("utf-16-le")) > 2 * _X_URL_MAX:
            continue
        if match.group("scheme"):
            domain = match.group("domain")
            if not _labels_fit(domain) or (
                domain.startswith("xn--") and not patterns.x_ascii_domain.search(domain)
            ):
                continue
            tco = patterns.x_tco.match(text, start, end)
            if tco:
                if len(tco.group(1)) > _X_TCO_CODE_MAX:
                    continue
                end = tco.end()
            spans.append((start, end))
            continue
        if not _labels_fit(match.group("bare")):
            continue
        if match.group("path"):
            spans.append((start, end))  # the domain with its port, path and query
        else:
            spans.append(match.span("bare"))  # without a path, only the domain is the link
    return spans


def _labels_fit(domain: str) -> bool:
    """DNS labels are 1 to 63 characters once punycode-encoded; longer is not a domain."""
    for label in domain.split("."):
        size = len(label) if label.isascii() else 4 + len(label.encode("punycode"))
        if not 1 <= size <= 63:
            return False
    return True


def _break_strength(word: str, gap: str) -> int:
    """How good a place to break a thread the whitespace `gap` after `word` is."""
    newlines = gap.count("\n")
    if newlines >= 2:
        return _PARAGRAPH
    if newlines == 1 or _SENTENCE_END.search(word):
        return _SENTENCE
    return _WORD


def _pack(
    text: str, words: list[tuple[int, int]], breaks: list[int], spec: PlatformSpec, digits: int
) -> list[str] | None:
    """Greedy thread parts, each leaving room for an "i/n " of `digits`-digit n; None when
    they need more parts than such an n can number."""
    words = list(words)  # a word cut by _hard_cut keeps its tail here
    parts: list[str] = []
    first = 0
    while first < len(words):
        if len(parts) == 10**digits - 1:
            return None
        label = f"{len(parts) + 1}/{'9' * digits} "
        start = words[first][0]

        def measure(word: int, label: str = label, start: int = start) -> int:
            return count(label + text[start : words[word][1]], spec)

        if measure(first) > spec.post_limit:  # a word longer than a whole part
            cut = _hard_cut(text, start, words[first][1], label, spec)
            parts.append(text[start:cut])
            words[first] = (cut, words[first][1])
            continue
        last = _last_true(first, len(words) - 1, lambda k: measure(k) <= spec.post_limit)
        following = last + 1
        if following < len(words):
            word = text[words[following][0] : words[following][1]]
            if count(label + word, spec) > spec.post_limit:  # to be cut anyway: fill this part
                cut = _hard_cut(text, start, words[following][1], label, spec)
                if cut > words[following][0]:
                    parts.append(text[start:cut])
                    words[following] = (cut, words[following][1])
                    first = following
                    continue
            half = _first_true(first, last, lambda k: measure(k) >= spec.post_limit / 2)
            last = _best_break(breaks, half, last)
        parts.append(text[start : words[last][1]])
        first = last + 1
    return parts


def _best_break(breaks: list[int], lowest: int, last: int) -> int:
    """The word to end a part on, among `lowest`..`last` (all fit, all fill at least half the
    part): the last paragraph break, else the last sentence or line break, else `last`."""
    for strength in (_PARAGRAPH, _SENTENCE):
        for candidate in range(last, lowest - 1, -1):
            if breaks[candidate] >= strength:
                return candidate
    return last


def _hard_cut(text: str, start: int, end: int, label: str, spec: PlatformSpec) -> int:
    """Where to cut text[start:end], too long for one part: after the most graphemes that
    fit, or after a CJK comma or full stop that keeps the part at least half full.

    Never inside a link (as X finds them) where the part can hold it whole: half a link
    would neither work nor count as one."""
    bounds = [match.end() for match in _GRAPHEME.finditer(text, start, end)]
    links = _x_url_spans(text[start:end])
    whole = [b for b in bounds if not any(s < b - start < e for s, e in links)]
    if count(label + text[start : whole[0]], spec) <= spec.post_limit:
        bounds = whole  # its last bound is `end`, outside any link

    def measure(bound: int) -> int:
        return count(label + text[start : bounds[bound]], spec)

    if measure(0) > spec.post_limit:
        raise ValueError(f"{spec.name}'s limit of {spec.post_limit} leaves no room to thread.")
    last = _last_true(0, len(bounds) - 1, lambda i: measure(i) <= spec.post_limit)
    half = _first_true(0, last, lambda i: measure(i) >= spec.post_limit / 2)
    for candidate in range(last, half - 1, -1):
        if text[bounds[candidate] - 1] in _CLAUSE_ENDS:
            return bounds[candidate]
    return bounds[last]


def _last_true(low: int, high: int, test: Callable[[int], bool]) -> int:
    """The last of low..high passing `test`, which `low` passes and, past some point, all fail."""
    while low < high:
        middle = (low + high + 1) // 2
        if test(middle):
            low = middle
        else:
            high = middle - 1
    return low


def _first_true(low: int, high: int, test: Callable[[int], bool]) -> int:
    """The first of low..high passing `test`, which all pass past some point; high + 1 if none."""
    high += 1
    while low < high:
        middle = (low + high) // 2
        if test(middle):
            high = middle
        else:
            low = middle + 1
    return low


class _Patterns(NamedTuple):
    x_url: regex.Pattern[str]
    x_tco: regex.Pattern[str]
    x_ascii_domain: regex.Pattern[str]
    mastodon_url: regex.Pattern[str]


@functools.cache
def _tlds() -> frozenset[str]:
    """twitter-text's top-level domains, vendored in `tlds.txt` (source and date in its header);
    Mastodon extracts URLs with the same list. A URL must end its host with one of them."""
    text = files(__package__).joinpath("tlds.txt").read_text(encoding="utf-8")
    return frozenset(
        name for line in text.splitlines() if (name := line.strip()) and not name.startswith("#")
    )


@functools.cache
def _patterns() -> _Patterns:
    """The URL extractors of twitter-text (X) and of Mastodon's patch of it, compiled once."""
    preceding = r"(?<![A-Za-z0-9@＠$#＃\uFFFE\uFEFF\uFFFF])"
    latin = (
        r"\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259"
        r"\u025B\u0263\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF"
    )
    cyrillic = r"\u0400-\u04FF"
    spaces = r"\t-\r \u0085\u00A0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"
    char = (  # of a domain label: not ASCII punctuation, space, invalid or directional
        r"[^!'#%&()*+,\\\-./:;<=>?@\[\]^_{|}~$"
        + spaces
        + r"\uFFFE\uFEFF\uFFFF\u202A-\u202E\u2066-\u2069]"
    )
    names = sorted({*_tlds(), *_RESERVED_TLDS}, key=lambda name: (-len(name), name))
    tld = (
        "(?:(?:" + "|".join(map(regex.escape, names)) + r")(?=[^0-9a-zA-Z@+\-]|$)"
        r"|xn--[\-0-9a-z]+)"
    )
    domain = rf"(?:{char}++(?:[_\-]++{char}++)*+\.)*(?:{char}++(?:-++{char}++)*+\.){tld}"
    ascii_domain = rf"(?:[\-a-z0-9{latin}]++\.)+{tld}"

    path_char = rf"[a-z{cyrillic}0-9!*';:=+,.$/%#\[\]\-\u2013_~@|&{latin}]"
    parens = rf"\((?:{path_char}+|{path_char}*\({path_char}+\){path_char}*)\)"
    path_end = rf"(?:[+\-a-z{cyrillic}0-9=_#/{latin}]|{parens})"
    path = rf"(?:{path_char}*(?:{parens}{path_char}*)*{path_end}|@{path_char}+/)"
    query = r"\?[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]*[a-z0-9\-_&=#/]"
    x_url = (
        rf"{preceding}(?:(?P<scheme>https?://)(?P<domain>{domain})"
        rf"|(?<![\-_./{latin}])(?P<bare>{ascii_domain}))"
        rf"(?::[0-9]+)?(?P<path>/{path}*)?(?:{query})?"
    )

    m_char = r"[^\s<>()?]"
    m_parens = rf"\((?:{m_char}+|{m_char}*\({m_char}+\){m_char}*)\)"
    m_path_end = rf"(?:[^\s()?!*\"'「」<>;:=,.$%\[\]~&|@]|{m_parens})"
    m_path = rf"(?:{m_char}*(?:{m_parens}{m_char}*)*{m_path_end}|{m_char}+/)"
    uchars = r"\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF\U00010000-\U0010FFFD"
    m_query = rf"\?[a-z0-9!?*'();:&=+$/%#\[\]\-_.,~|@^{uchars}]*[a-z0-9_&=#/\-{uchars}]"
    mastodon_url = (
        rf"{preceding}(?:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini)://(?P<domain>{domain})"
        rf"(?::[0-9]+)?(?:/{m_path}*)?(?:{m_query})?"
    )
    x_tco = rf"https?://t\.co/([a-z0-9]+)(?:{query})?"  # twitter-text's validTcoUrl
    return _Patterns(
        regex.compile(x_url, regex.IGNORECASE),
        regex.compile(x_tco, regex.IGNORECASE),
        regex.compile(ascii_domain, regex.IGNORECASE),
        regex.compile(mastodon_url, regex.IGNORECASE),
    )
