"""The API's types: msgspec Structs shared by routes, services, the CLI and the eval harness."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from knowledge.brand import MAX_FOLDER_CHARS, BrandProfile
from knowledge.retrieval import Hit

MAX_COMMENT_CHARS = 5000


class Base(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Every request and response type: unknown request fields are refused, not ignored."""


BrandField = Annotated[str, Meta(min_length=1, max_length=64, examples=["ondine"])]
PlatformField = Annotated[str, Meta(min_length=1, max_length=32, examples=["x"])]
LanguageField = Annotated[
    str, Meta(pattern=r"^[a-z]{2}$", description="ISO 639-1 code, e.g. fr or en")
]
Variants = Annotated[int, Meta(ge=1, le=5, description="How many drafts to propose")]


class ReplyRequest(Base):
    brand: BrandField
    platform: PlatformField
    comment: Annotated[
        str,
        Meta(
            min_length=1,
            max_length=MAX_COMMENT_CHARS,
            description="The comment to answer. Treated as untrusted data, never as instructions.",
            examples=["Ma commande n'est toujours pas arrivée, ça fait 10 jours !"],
        ),
    ]
    context: (
        Annotated[
            str,
            Meta(max_length=MAX_COMMENT_CHARS, description="The post or thread being answered"),
        ]
        | None
    ) = None
    author: Annotated[str, Meta(max_length=100)] | None = None
    language: LanguageField | None = None
    """Reply language; default: the comment's."""
    variants: Variants = 1


class SourceRef(Base):
    kind: str
    source: str
    excerpt: str


class Citation(Base):
    """Where a sentence of a draft comes from, so that it can be trusted at a glance."""

    text: str
    """The draft's sentence (as posted) that carries the fact."""
    kind: str
    """`faq`, `reply` (an approved reply), `post`, `guideline`, `profile` or `brief`."""
    label: str
    """What a person reads next to the draft, e.g. "FAQ: How long does delivery take?"."""
    source: str
    """The knowledge file (and entry) it was taken from."""


class Visual(Base):
    format: str
    aspect: str


class Draft(Base):
    text: str
    platform: str
    chars: int
    """Length as the platform counts it (X: weighted); for a thread, the longest part."""
    limit: int
    sources: list[SourceRef]
    warnings: list[str] = msgspec.field(default_factory=list)
    citations: list[Citation] = msgspec.field(default_factory=list)
    """The draft's sentences that carry a fact, each with the source it came from."""
    thread: list[str] = msgspec.field(default_factory=list)
    """Numbered parts, when the text is posted as a thread."""
    hashtags: list[str] = msgspec.field(default_factory=list)
    angle: str | None = None


class TriageOut(Base):
    category: str
    sentiment: str
    severity: int
    language: str
    pii: list[str]
    """Kinds of personal data found in the comment (never the data itself)."""
    injection_suspected: bool
    action: str
    why: str


class Timings(Base):
    """Milliseconds spent in each stage of the request, summed over its generations."""

    total_ms: float
    triage_ms: float
    retrieval_ms: float
    prompt_ms: float
    """From asking the model to its first token: mostly evaluating the prompt."""
    generation_ms: float
    """From the first token to the last."""
    guardrails_ms: float
    generations: int
    """Model calls: one per variant, more when a draft was rejected and regenerated."""


class ReplyResponse(Base):
    drafts: list[Draft]
    language: str
    triage: TriageOut | None = None
    note: str | None = None
    """For the community manager, not for posting: escalation or moderation guidance."""
    timings: Timings | None = None


class PostRequest(Base):
    brand: BrandField
    platforms: Annotated[list[PlatformField], Meta(min_length=1, max_length=8)]
    brief: Annotated[
        str,
        Meta(
            min_length=3,
            max_length=2000,
            examples=["Announce the new Kenya Nyeri single origin, back in stock this week"],
        ),
    ]
    language: LanguageField | None = None
    tone: Annotated[str, Meta(max_length=100)] | None = None
    variants: Variants = 1


class PlatformDrafts(Base):
    platform: str
    drafts: list[Draft]
    visual: Visual
    warnings: list[str] = msgspec.field(default_factory=list)
    """Why fewer drafts than asked came back (variants dropped by the guardrails)."""


class PostResponse(Base):
    language: str
    platforms: list[PlatformDrafts]


class TrendRequest(Base):
    brand: BrandField
    trend: Annotated[
        str,
        Meta(
            min_length=3,
            max_length=1000,
            examples=["'Tell me you're a X without telling me you're a X' memes"],
        ),
    ]
    platforms: Annotated[list[PlatformField], Meta(min_length=1, max_length=8)]
    examples: Annotated[list[Annotated[str, Meta(max_length=1000)]], Meta(max_length=5)] = (
        msgspec.field(default_factory=list)
    )
    language: LanguageField | None = None
    variants: Variants = 1


class TrendFit(Base):
    score: float
    verdict: str
    """go, caution or skip."""
    risks: list[str]
    why: str


class TrendResponse(Base):
    fit: TrendFit
    language: str
    platforms: list[PlatformDrafts]


class Health(Base):
    status: str
    """`ok` while the API answers, whatever the model's state."""
    backend: str
    model: str
    model_status: str
    """`ready`, `starting`, `restarting` (after a crash of the embedded model), `failed`, or
    `external` for a model another program runs (Ollama, an OpenAI-compatible server)."""
    model_restarts: int
    """Times the embedded model's process was started again since Voix started."""
    brands: int
    version: str


class BrandSummary(Base):
    id: str
    name: str
    description: str
    languages: list[str]
    chunks: int
    """Entries indexed, all kinds together."""


class DocumentInfo(Base):
    id: str
    """The file's path in the brand folder, e.g. `faq/faq-fr.md`; use it to delete the file."""
    kind: str
    chunks: int


class BrandDetail(Base):
    profile: BrandProfile
    folder: str
    counts: dict[str, int]
    documents: list[DocumentInfo]


class SyncRequest(Base):
    """The audit log records who asked from the authenticated request, never from the body."""

    folder: (
        Annotated[
            str,
            Meta(
                min_length=1,
                max_length=MAX_FOLDER_CHARS,
                description="Sync this folder as the brand (registers it).",
            ),
        ]
        | None
    ) = None
    dry_run: bool = False
    replace: Annotated[
        bool,
        Meta(
            description="Confirm re-registering the brand to `folder` when it is synced from "
            "another one: every entry not found in `folder` is removed. Without it, 409."
        ),
    ] = False


class SearchHit(Base):
    kind: str
    source: str
    excerpt: str
    score: float
    similarity: float
    language: str
    platform: str | None = None


class SearchResponse(Base):
    hits: list[SearchHit]


def search_hit(hit: Hit) -> SearchHit:
    return SearchHit(
        kind=hit.kind,
        source=hit.source,
        excerpt=hit.excerpt,
        score=hit.score,
        similarity=hit.similarity,
        language=str(hit.metadata.get("language", "")),
        platform=str(hit.metadata["platform"]) if "platform" in hit.metadata else None,
    )


class PairingCode(Base):
    code: Annotated[str, Meta(examples=["K7Q4-MZ2P"], description="Enter it in the extension")]
    expires_in: Annotated[int, Meta(examples=[300], description="Seconds the code stays valid")]


class PairRequest(Base):
    code: Annotated[
        str,
        Meta(
            min_length=1,
            max_length=32,
            examples=["K7Q4-MZ2P"],
            description="The code `voix pair` shows; case, spaces and dashes do not matter.",
        ),
    ]


class PairResponse(Base):
    token: Annotated[
        str,
        Meta(
            examples=["0pZk3P6mV0m1sQ2w9VgC3y4nq8a1bR7cXzT5uE-LhJk"],
            description="The API token, to send as `Authorization: Bearer TOKEN`.",
        ),
    ]


FeedbackKind = Literal["reply", "post", "trend"]
DraftText = Annotated[str, Meta(min_length=1, max_length=20_000)]


class FeedbackIn(Base):
    """What became of a draft the extension inserted: the learning loop's raw material."""

    brand: BrandField
    kind: FeedbackKind
    platform: Annotated[
        str, Meta(min_length=1, max_length=32, pattern=r"^[a-z0-9_-]+$", examples=["x"])
    ]
    draft: Annotated[
        DraftText,
        Meta(
            description="The draft as Voix proposed it",
            examples=["Merci pour votre patience ! Écrivez-nous en message privé."],
        ),
    ]
    final: (
        Annotated[
            str,
            Meta(
                max_length=20_000,
                description="The text in the editor when it was posted; null when unknown",
            ),
        ]
        | None
    ) = None
    edited: bool = False
    variant: Annotated[
        int, Meta(ge=0, le=9, description="Which variant was inserted (0-based)")
    ] = 0
    site: Annotated[str, Meta(max_length=200, examples=["x.com"])] | None = None


class FeedbackCreated(Base):
    id: Annotated[int, Meta(examples=[42])]


class FeedbackEntry(Base):
    id: int
    at: Annotated[str, Meta(description="When it was recorded (UTC, ISO 8601)")]
    brand: str
    kind: str
    platform: str
    draft: str
    final: str | None
    edited: bool
    variant: int
    site: str | None
