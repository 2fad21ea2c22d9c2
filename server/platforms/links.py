"""Links as the platforms find them: twitter-text's URL extractor (X) and Mastodon's patch of
it, on the vendored list of top-level domains (`tlds.txt`)."""

from __future__ import annotations

import functools
from importlib.resources import files
from typing import Final, NamedTuple

import regex


def x_links(text: str) -> list[str]:
    """The links X finds in `text`, in order, as twitter-text's `extractUrls` gives them: what
    `x_weighted_length` counts 23 each."""
    return [text[start:end] for start, end in x_url_spans(text)]


_X_TCO_CODE_MAX: Final = 40
"""twitter-text's MAX_TCO_SLUG_LENGTH: a longer t.co code is no link."""
_X_URL_MAX: Final = 4096
"""twitter-text's MAX_URL_LENGTH, in UTF-16 units: a longer URL is no link."""
_RESERVED_TLDS: Final = ("example", "test", "invalid", "localhost")
"""RFC 2606 names, accepted so that sample links count like the real ones they stand for."""


def x_url_spans(text: str) -> list[tuple[int, int]]:
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
    patterns = url_patterns()
    spans: list[tuple[int, int]] = []
    for match in patterns.x_url.finditer(text):
        start, end = match.span()
        scheme = match.group("scheme") or "https://"  # twitter-text's default protocol
        if len((scheme + match.group()).encode("utf-16-le")) > 2 * _X_URL_MAX:
            continue
        if match.group("scheme"):
            domain = match.group("domain")
            if not labels_fit(domain) or (
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
        if not labels_fit(match.group("bare")):
            continue
        if match.group("path"):
            spans.append((start, end))  # the domain with its port, path and query
        else:
            spans.append(match.span("bare"))  # without a path, only the domain is the link
    return spans


def labels_fit(domain: str) -> bool:
    """DNS labels are 1 to 63 characters once punycode-encoded; longer is not a domain."""
    for label in domain.split("."):
        size = len(label) if label.isascii() else 4 + len(label.encode("punycode"))
        if not 1 <= size <= 63:
            return False
    return True


class UrlPatterns(NamedTuple):
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
def url_patterns() -> UrlPatterns:
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
    return UrlPatterns(
        regex.compile(x_url, regex.IGNORECASE),
        regex.compile(x_tco, regex.IGNORECASE),
        regex.compile(ascii_domain, regex.IGNORECASE),
        regex.compile(mastodon_url, regex.IGNORECASE),
    )
