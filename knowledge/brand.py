"""A brand's profile, read from `brand.toml`, and the registry of synced brands."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import msgspec

from knowledge.errors import BrandNotFound, InvalidBrand

BRAND_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


class Voice(msgspec.Struct, frozen=True, kw_only=True):
    attributes: list[str] = msgspec.field(default_factory=list)
    description: str = ""
    greet_by_name: bool = False
    """Open replies with the person's first name ("Hi Marie!"), when the author has one."""


class Words(msgspec.Struct, frozen=True, kw_only=True):
    use: list[str] = msgspec.field(default_factory=list)
    avoid: list[str] = msgspec.field(default_factory=list)


class EmojiPolicy(msgspec.Struct, frozen=True, kw_only=True):
    policy: str = "sparingly"
    """`none`, `sparingly` or `freely`."""
    allowed: list[str] = msgspec.field(default_factory=list)
    max_per_post: int = 2


class HashtagPolicy(msgspec.Struct, frozen=True, kw_only=True):
    max: int = 2
    preferred: list[str] = msgspec.field(default_factory=list)
    banned: list[str] = msgspec.field(default_factory=list)


class Escalation(msgspec.Struct, frozen=True, kw_only=True):
    contact: str = ""
    name: str = ""
    phone: str = ""
    when: str = ""


class BrandProfile(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    name: str
    description: str = ""
    languages: list[str] = msgspec.field(default_factory=lambda: ["en"])
    website: str = ""
    handles: list[str] = msgspec.field(default_factory=list)
    """The brand's own accounts ("@OndineCoffee"): a reply never addresses them."""
    netiquette: str = ""
    voice: Voice = msgspec.field(default_factory=Voice)
    words: Words = msgspec.field(default_factory=Words)
    emoji: EmojiPolicy = msgspec.field(default_factory=EmojiPolicy)
    hashtags: HashtagPolicy = msgspec.field(default_factory=HashtagPolicy)
    signature: dict[str, str] = msgspec.field(default_factory=dict)
    escalation: Escalation = msgspec.field(default_factory=Escalation)
    columns: dict[str, dict[str, str]] = msgspec.field(default_factory=dict)
    """Per kind, our field name -> an export's column, e.g. columns.post.text = "Message"."""

    def signature_for(self, language: str) -> str:
        return self.signature.get(language) or next(iter(self.signature.values()), "")


def load_profile(folder: Path, brand_id: str | None = None) -> BrandProfile:
    """Read `folder/brand.toml`; `brand_id` overrides the id written there."""
    path = folder / "brand.toml"
    if not path.is_file():
        raise InvalidBrand(f"{folder} has no brand.toml: a brand folder needs one (see README).")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidBrand(f"{path} is not valid TOML: {exc}") from exc
    raw["id"] = brand_id or raw.get("id") or folder.name
    raw.setdefault("name", raw["id"])
    try:
        profile = msgspec.convert(raw, BrandProfile)
    except msgspec.ValidationError as exc:
        raise InvalidBrand(f"{path}: {exc}") from exc
    if not BRAND_ID.match(profile.id):
        raise InvalidBrand(
            f"Brand id {profile.id!r} must be lowercase letters, digits, '-' or '_' "
            "(set `id` in brand.toml or pass --brand)."
        )
    return profile


class BrandEntry(msgspec.Struct, frozen=True, kw_only=True):
    profile: BrandProfile
    folder: str
    """Where the brand's files were synced from, for re-syncs."""


class BrandRegistry:
    """The brands synced into one Voix home, stored as one JSON file per brand."""

    def __init__(self, home: Path) -> None:
        self.root = home / "brands"

    def save(self, profile: BrandProfile, folder: Path) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        entry = BrandEntry(profile=profile, folder=str(folder.resolve()))
        target = self.root / f"{profile.id}.json"
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(msgspec.json.encode(entry))
        tmp.replace(target)

    def ids(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.stem for p in self.root.glob("*.json"))

    def get(self, brand_id: str) -> BrandEntry:
        path = self.root / f"{brand_id}.json"
        if not BRAND_ID.match(brand_id) or not path.is_file():
            raise BrandNotFound(brand_id, self.ids())
        return msgspec.json.decode(path.read_bytes(), type=BrandEntry)

    def profile(self, brand_id: str) -> BrandProfile:
        return self.get(brand_id).profile
