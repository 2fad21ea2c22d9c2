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
    twitter-text extracts: with http(s):// or without (`www.example.com`, `example.com/path`),
    on a known top-level domain; a bare one-label domain on a country TLD and no path
    (`site.fr`) is not a link, except on .co and .tv. Deviations: the reserved TLDs .example,
    .test, .invalid and .localhost count as real ones, so that sample links count like the
    links they stand for; an emoji ZWJ sequence counts 2 even where twemoji does not know it.
    """
    text = unicodedata.normalize("NFC", text)
    total = 0
    position = 0
    for start, end in _x_url_spans(text):
        total += _x_text_weight(text[position:start]) + URL_WEIGHT
        position = end
    return total + _x_text_weight(text[position:])


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
    """(start, end) of the URLs twitter-text extracts (`extractUrlsWithIndices`)."""
    if "." not in text:
        return []
    spans: list[tuple[int, int]] = []
    for match in _patterns().x_url.finditer(text):
        if match.group("scheme"):
            if _labels_fit(match.group("domain")):
                spans.append(match.span())
            continue
        domain = match.group("bare")
        if not _labels_fit(domain):
            continue
        labels = domain.lower().split(".")
        short = len(labels) == 2 and labels[1] in _CCTLDS and labels[1] not in ("co", "tv")
        if match.group("path"):
            spans.append(match.span())  # the domain with its port, path and query
        elif not short:
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
    fit, or after a CJK comma or full stop that keeps the part at least half full."""
    bounds = [match.end() for match in _GRAPHEME.finditer(text, start, end)]

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
    mastodon_url: regex.Pattern[str]


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
    names = sorted((*_GTLDS, *_CCTLDS, *_RESERVED_TLDS), key=len, reverse=True)
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
    return _Patterns(
        regex.compile(x_url, regex.IGNORECASE), regex.compile(mastodon_url, regex.IGNORECASE)
    )


# Top-level domains twitter-text v3 knows (its validGTLD and validCCTLD lists, Apache-2.0);
# Mastodon extracts URLs with the same. A URL must end its host with one of them.
_RESERVED_TLDS: Final = ("example", "test", "invalid", "localhost")
"""RFC 2606 names, accepted so that sample links count like the real ones they stand for."""
_GTLDS: Final = frozenset(
    """
    aaa aarp abarth abb abbott abbvie abc able abogado abudhabi academy accenture accountant
    accountants aco active actor adac ads adult aeg aero aetna afamilycompany afl africa agakhan
    agency aig aigo airbus airforce airtel akdn alfaromeo alibaba alipay allfinanz allstate ally
    alsace alstom americanexpress americanfamily amex amfam amica amsterdam analytics android
    anquan anz aol apartments app apple aquarelle arab aramco archi army arpa art arte asda asia
    associates athleta attorney auction audi audible audio auspost author auto autos avianca aws
    axa azure baby baidu banamex bananarepublic band bank bar barcelona barclaycard barclays
    barefoot bargains baseball basketball bauhaus bayern bbc bbt bbva bcg bcn beats beauty beer
    bentley berlin best bestbuy bet bharti bible bid bike bing bingo bio biz black blackfriday
    blanco blockbuster blog bloomberg blue bms bmw bnl bnpparibas boats boehringer bofa bom bond
    boo book booking boots bosch bostik boston bot boutique box bradesco bridgestone broadway
    broker brother brussels budapest bugatti build builders business buy buzz bzh cab cafe cal
    call calvinklein cam camera camp cancerresearch canon capetown capital capitalone car caravan
    cards care career careers cars cartier casa case caseih cash casino cat catering catholic cba
    cbn cbre cbs ceb center ceo cern cfa cfd chanel channel charity chase chat cheap chintai chloe
    christmas chrome chrysler church cipriani circle cisco citadel citi citic city cityeats claims
    cleaning click clinic clinique clothing cloud club clubmed coach codes coffee college cologne
    com comcast commbank community company compare computer comsec condos construction consulting
    contact contractors cooking cookingchannel cool coop corsica country coupon coupons courses
    cpa credit creditcard creditunion cricket crown crs cruise cruises csc cuisinella cymru cyou
    dabur dad dance data date dating datsun day dclk dds deal dealer deals degree delivery dell
    deloitte delta democrat dental dentist desi design dev dhl diamonds diet digital direct
    directory discount discover dish diy dnp docs doctor dodge dog doha domains doosan dot
    download drive dtv dubai duck dunlop duns dupont durban dvag dvr earth eat eco edeka edu
    education email emerck energy engineer engineering enterprises epost epson equipment ericsson
    erni esq estate esurance etisalat eurovision eus events everbank exchange expert exposed
    express extraspace fage fail fairwinds faith family fan fans farm farmers fashion fast fedex
    feedback ferrari ferrero fiat fidelity fido film final finance financial fire firestone
    firmdale fish fishing fit fitness flickr flights flir florist flowers flsmidth fly foo food
    foodnetwork football ford forex forsale forum foundation fox free fresenius frl frogans
    frontdoor frontier ftr fujitsu fujixerox fun fund furniture futbol fyi gal gallery gallo
    gallup game games gap garden gay gbiz gdn gea gent genting george ggee gift gifts gives giving
    glade glass gle global globo gmail gmbh gmo gmx godaddy gold goldpoint golf goo goodhands
    goodyear goog google gop got gov grainger graphics gratis green gripe grocery group guardian
    gucci guge guide guitars guru hair hamburg hangout haus hbo hdfc hdfcbank health healthcare
    help helsinki here hermes hgtv hiphop hisamitsu hitachi hiv hkt hockey holdings holiday
    homedepot homegoods homes homesense honda honeywell horse hospital host hosting hot hoteles
    hotels hotmail house how hsbc htc hughes hyatt hyundai ibm icbc ice icu ieee ifm iinet ikano
    imamat imdb immo immobilien inc industries infiniti info ing ink institute insurance insure
    int intel international intuit investments ipiranga irish iselect ismaili ist istanbul itau
    itv iveco iwc jaguar java jcb jcp jeep jetzt jewelry jio jlc jll jmp jnj jobs joburg jot joy
    jpmorgan jprs juegos juniper kaufen kddi kerryhotels kerrylogistics kerryproperties kfh kia
    kim kinder kindle kitchen kiwi koeln komatsu kosher kpmg kpn krd kred kuokgroup kyoto lacaixa
    ladbrokes lamborghini lamer lancaster lancia lancome land landrover lanxess lasalle lat latino
    latrobe law lawyer lds lease leclerc lefrak legal lego lexus lgbt liaison lidl life
    lifeinsurance lifestyle lighting like lilly limited limo lincoln linde link lipsy live living
    lixil llc llp loan loans locker locus loft lol london lotte lotto love lpl lplfinancial ltd
    ltda lundbeck lupin luxe luxury macys madrid maif maison makeup man management mango map
    market marketing markets marriott marshalls maserati mattel mba mcd mcdonalds mckinsey med
    media meet melbourne meme memorial men menu meo merckmsd metlife miami microsoft mil mini mint
    mit mitsubishi mlb mls mma mobi mobile mobily moda moe moi mom monash money monster montblanc
    mopar mormon mortgage moscow moto motorcycles mov movie movistar msd mtn mtpc mtr museum
    mutual mutuelle nab nadex nagoya name nationwide natura navy nba nec net netbank netflix
    network neustar new newholland news next nextdirect nexus nfl ngo nhk nico nike nikon ninja
    nissan nissay nokia northwesternmutual norton now nowruz nowtv nra nrw ntt nyc obi observer
    off office okinawa olayan olayangroup oldnavy ollo omega one ong onion onl online onyourside
    ooo open oracle orange org organic orientexpress origins osaka otsuka ott ovh page
    pamperedchef panasonic panerai paris pars partners parts party passagens pay pccw pet pfizer
    pharmacy phd philips phone photo photography photos physio piaget pics pictet pictures pid pin
    ping pink pioneer pizza place play playstation plumbing plus pnc pohl poker politie porn post
    pramerica praxi press prime pro prod productions prof progressive promo properties property
    protection pru prudential pub pwc qpon quebec quest qvc racing radio raid read realestate
    realtor realty recipes red redstone redumbrella rehab reise reisen reit reliance ren rent
    rentals repair report republican rest restaurant review reviews rexroth rich richardli ricoh
    rightathome ril rio rip rmit rocher rocks rodeo rogers room rsvp rugby ruhr run rwe ryukyu
    saarland safe safety sakura sale salon samsclub samsung sandvik sandvikcoromant sanofi sap
    sapo sarl sas save saxo sbi sbs sca scb schaeffler schmidt scholarships school schule schwarz
    science scjohnson scor scot search seat secure security seek select sener services ses seven
    sew sex sexy sfr shangrila sharp shaw shell shia shiksha shoes shop shopping shouji show
    showtime shriram silk sina singles site ski skin sky skype sling smart smile sncf soccer
    social softbank software sohu solar solutions song sony soy space spiegel sport spot
    spreadbetting srl srt stada staples star starhub statebank statefarm statoil stc stcgroup
    stockholm storage store stream studio study style sucks supplies supply support surf surgery
    suzuki swatch swiftcover swiss sydney symantec systems tab taipei talk taobao target
    tatamotors tatar tattoo tax taxi tci tdk team tech technology tel telecity telefonica temasek
    tennis teva thd theater theatre tiaa tickets tienda tiffany tips tires tirol tjmaxx tjx tkmaxx
    tmall today tokyo tools top toray toshiba total tours town toyota toys trade trading training
    travel travelchannel travelers travelersinsurance trust trv tube tui tunes tushu tvs ubank ubs
    uconnect unicom university uno uol ups vacations vana vanguard vegas ventures verisign
    versicherung vet viajes video vig viking villas vin vip virgin visa vision vista vistaprint
    viva vivo vlaanderen vodka volkswagen volvo vote voting voto voyage vuelos wales walmart
    walter wang wanggou warman watch watches weather weatherchannel webcam weber website wed
    wedding weibo weir whoswho wien wiki williamhill win windows wine winners wme wolterskluwer
    woodside work works world wow wtc wtf xbox xerox xfinity xihuan xin xperia xxx xyz yachts
    yahoo yamaxun yandex yodobashi yoga yokohama you youtube yun zappos zara zero zip zippo zone
    zuerich vermögensberater vermögensberatung дети католик ком москва онлайн орг рус сайт קום
    ابوظبي اتصالات ارامكو العليان بازار بيتك شبكة عرب كاثوليك كوم موبايلي موقع همراه कॉम नेट संगठन
    คอม みんな クラウド グーグル コム ストア セール ファッション ポイント 世界 中信 中文网 企业
    佛山 信息 健康 八卦 公司 公益 商城 商店 商标 嘉里 嘉里大酒店 在线 大众汽车 大拿 天主教 娱乐
    家電 工行 广东 微博 慈善 我爱你 手机 手表 招聘 政务 政府 新闻 时尚 書籍 机构 淡马锡 游戏 点看
    珠宝 移动 组织机构 网址 网店 网站 网络 联通 诺基亚 谷歌 购物 通販 集团 電訊盈科 飞利浦 食品
    餐厅 香格里拉 닷넷 닷컴 삼성
    """.split()  # noqa: SIM905 - a word list reads better than 1,500 quoted strings
)
_CCTLDS: Final = frozenset(
    """
    ac ad ae af ag ai al am an ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bl bm bn bo
    bq br bs bt bv bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm
    do dz ec ee eg eh er es et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs
    gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp
    kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mf mg mh mk ml mm mn mo mp mq mr ms
    mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps
    pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st su sv sx sy sz
    tc td tf tg th tj tk tl tm tn to tp tr tt tv tw tz ua ug uk um us uy uz va vc ve vg vi vn vu
    wf ws ye yt za zm zw ελ ευ бг бел ею мкд мон рф срб укр қаз հայ الاردن البحرين الجزائر
    السعودية المغرب امارات ایران بارت بھارت تونس سودان سورية عراق عمان فلسطين قطر مصر مليسيا
    موريتانيا پاکستان ڀارت भारत भारतम् भारोत বাংলা ভারত ভাৰত ਭਾਰਤ ભારત ଭାରତ இந்தியா இலங்கை
    சிங்கப்பூர் భారత్ ಭಾರತ ഭാരതം ලංකා ไทย ລາວ გე 中国 中國 台湾 台灣 新加坡 澳門 香港 한국
    """.split()  # noqa: SIM905 - a word list reads better than 1,500 quoted strings
)
