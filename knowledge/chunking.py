"""Turn each kind of source into chunks by its nature.

One chunk per FAQ entry, per past post and per approved reply; heading-aware chunks for
guidelines. A chunk's id hashes everything stored with it, so an unchanged chunk keeps its
id across syncs and is never embedded twice. Its `key` names the entry it comes from (a FAQ
question, a post, a reply's comment, a guideline section), so that a changed answer or new
engagement figures count as an update of that entry rather than an unrelated add and remove.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any, Literal

import msgspec

from knowledge.language import detect_language
from knowledge.post_fields import COUNT_FIELDS, read_count, read_format, read_published_at
from knowledge.sources import Section

Kind = Literal["guideline", "faq", "post", "reply"]
KINDS: tuple[Kind, ...] = ("guideline", "faq", "post", "reply")
Metadata = dict[str, str | int | float | bool]

GUIDELINE_MAX_CHARS = 1200
ENGAGEMENT_FIELDS = ("likes", "comments", "shares", "impressions")


class Chunk(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    key: str
    """The entry this chunk comes from, stable across edits of its content."""
    kind: Kind
    source: str
    document: str
    """What a reader and the prompt see."""
    embed_text: str
    """What is embedded: for an approved reply, the comment it answers."""
    metadata: Metadata


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


_DETECTED: dict[str, str] = {}
"""Embedded-text hash -> detected language: lingua costs ~0.3 ms a chunk, and a re-sync of
an unchanged 10,000-chunk brand must not pay it again for every chunk."""
_DETECTED_MAX = 500_000


def remember_detected(metadatas: Iterable[Metadata]) -> None:
    """Seed the detection cache from indexed chunks whose language was detected, not given."""
    if len(_DETECTED) > _DETECTED_MAX:
        _DETECTED.clear()
    for meta in metadatas:
        if meta.get("language_detected") and meta.get("embed_hash") and meta.get("language"):
            _DETECTED[str(meta["embed_hash"])] = str(meta["language"])


def _detect(embed_text: str, embed_hash: str) -> str:
    language = _DETECTED.get(embed_hash)
    if language is None:
        language = _DETECTED[embed_hash] = detect_language(embed_text)
    return language


def make_chunk(
    kind: Kind,
    source: str,
    document: str,
    *,
    key: str,
    embed_text: str | None = None,
    **meta: str | int | float,
) -> Chunk:
    embed_text = embed_text or document
    embed_hash = _digest(embed_text)
    given = str(meta.pop("language", "") or "")
    metadata: Metadata = {"kind": kind, "source": source}
    if given:
        metadata["language"] = given
    else:
        metadata["language"] = _detect(embed_text, embed_hash)
        metadata["language_detected"] = True
    metadata.update({k: v for k, v in meta.items() if v != ""})
    metadata["key"] = f"{source}#{_digest(key)}"
    metadata["embed_hash"] = embed_hash
    content = json.dumps(metadata, sort_keys=True, ensure_ascii=False)
    return Chunk(
        id=f"{kind}-{_digest(kind, source, document, embed_text, content)}",
        key=str(metadata["key"]),
        kind=kind,
        source=source,
        document=document,
        embed_text=embed_text,
        metadata=metadata,
    )


def guideline_chunks(sections: list[Section], source: str) -> list[Chunk]:
    chunks = []
    for section in sections:
        heading = " > ".join(section.titles)
        for number, part in enumerate(_split(section.body, GUIDELINE_MAX_CHARS)):
            document = f"{heading}\n{part}".strip() if heading else part
            chunks.append(
                make_chunk(
                    "guideline", source, document, key=f"{heading}#{number}", section=heading
                )
            )
    return chunks


def faq_chunks_from_sections(sections: list[Section], source: str) -> list[Chunk]:
    """A Markdown FAQ: each deepest heading is a question, its body the answer."""
    chunks = []
    for section in sections:
        if not section.titles or not section.body or section.level < 2:
            continue
        chunks.append(faq_chunk(section.titles[-1], section.body, source))
    return chunks


def faq_chunk(question: str, answer: str, source: str, language: str = "") -> Chunk:
    return make_chunk(
        "faq",
        source,
        f"Q: {question}\nA: {answer}",
        key=question.strip().lower(),
        question=question,
        language=language,
    )


def post_chunk(row: dict[str, str], source: str) -> Chunk:
    """One past post. The analytics fields (`published_at`, `format`, reach, clicks, saves,
    video views) are stored only when the export has them, so an export without them keeps
    its chunk ids; a cell that does not read raises `BadValue`."""
    likes, comments, shares, impressions = (_int(row.get(f, "")) for f in ENGAGEMENT_FIELDS)
    interactions = likes + 2 * comments + 3 * shares
    rate = interactions / impressions if impressions else 0.0
    extra: dict[str, Any] = {  # Any: mypy would match it against make_chunk(embed_text=)
        field: count
        for field in COUNT_FIELDS
        if (count := read_count(field, row.get(field, ""))) is not None
    }
    published_at = read_published_at("published_at", row.get("published_at", ""))
    if published_at:
        extra["published_at"] = published_at
    if row.get("format", "").strip():
        extra["format"] = read_format(row["format"])
    return make_chunk(
        "post",
        source,
        row["text"],
        key=row.get("id") or f"{row.get('platform', '')}|{row.get('date', '')}|{row['text']}",
        platform=row.get("platform", "").lower(),
        date=row.get("date", ""),
        language=row.get("language", ""),
        engagement=interactions,
        engagement_rate=round(rate, 5),
        likes=likes,
        comments=comments,
        shares=shares,
        impressions=impressions,
        **extra,
    )


def reply_chunk(row: dict[str, str], source: str) -> Chunk:
    return make_chunk(
        "reply",
        source,
        f"Comment: {row['comment']}\nReply: {row['reply']}",
        key=f"{row.get('platform', '')}|{row['comment']}",
        embed_text=row["comment"],
        platform=row.get("platform", "").lower(),
        language=row.get("language", ""),
        category=row.get("category", ""),
        reply=row["reply"],
    )


def _int(value: str) -> int:
    try:
        return max(0, int(float(value.replace(",", "").replace(" ", "") or 0)))
    except ValueError:
        return 0


def _split(text: str, limit: int) -> list[str]:
    """Paragraph-packed parts of at most `limit` characters (a longer paragraph stays whole)."""
    parts: list[str] = []
    current = ""
    for paragraph in (p.strip() for p in text.split("\n\n")):
        if not paragraph:
            continue
        if current and len(current) + len(paragraph) + 2 > limit:
            parts.append(current)
            current = paragraph
        else:
            current = f"{current}\n\n{paragraph}" if current else paragraph
    if current:
        parts.append(current)
    return parts
