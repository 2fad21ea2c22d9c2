"""A brand's profile, read from `brand.toml`, and the registry of synced brands.

`brand.toml` is strict: a misspelt table or key (`[hashtag]`, `aviod`) would otherwise leave a
policy at its default without a word, so unknown names, enumerations and ranges are refused,
each naming the key and the closest known one.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import zoneinfo
from pathlib import Path
from typing import Annotated, Any, Literal, get_args, get_origin, get_type_hints

import msgspec
from msgspec import Meta

from knowledge.errors import BrandNotFound, InvalidBrand

BRAND_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
MAX_FOLDER_CHARS = 4096
"""PATH_MAX on Linux: a longer folder cannot exist, so it is refused before the filesystem is
asked (which would raise an error of its own)."""
Count = Annotated[int, Meta(ge=0)]
EmojiChoice = Literal["none", "sparingly", "freely"]
KIND_NAMES = ("guideline", "faq", "post", "reply")
"""The kinds a `[columns.KIND]` table may name (knowledge.chunking.KINDS, which imports us)."""
NETWORKS = ("x", "threads", "bluesky", "mastodon", "linkedin", "instagram", "facebook", "tiktok")
"""The networks a `[calendar] cadence` may name: server.platforms.rules' ids (knowledge
cannot import the server; a test keeps the two lists equal)."""
MAX_CADENCE = 100
"""Posts per week and network: beyond this a cadence is a typo (30 meant 3)."""


class Strict(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A table of brand.toml: unknown keys are errors, not silently ignored."""


class Voice(Strict, frozen=True):
    attributes: list[str] = msgspec.field(default_factory=list)
    description: str = ""
    greet_by_name: bool = False
    """Open replies with the person's first name ("Hi Marie!"), when the author has one."""


class Words(Strict, frozen=True):
    use: list[str] = msgspec.field(default_factory=list)
    avoid: list[str] = msgspec.field(default_factory=list)


class EmojiPolicy(Strict, frozen=True):
    policy: EmojiChoice = "sparingly"
    allowed: list[str] = msgspec.field(default_factory=list)
    max_per_post: Count = 2


class HashtagPolicy(Strict, frozen=True):
    max: Count = 2
    preferred: list[str] = msgspec.field(default_factory=list)
    banned: list[str] = msgspec.field(default_factory=list)


class Escalation(Strict, frozen=True):
    contact: str = ""
    name: str = ""
    phone: str = ""
    when: str = ""


class Calendar(Strict, frozen=True):
    """When the brand publishes: its clock, its countries' holidays, posts per week and network.

    The timezone places each past post on the brand's own weekday and hour (insights' best
    times); a post stamped 18:00+00:00 is 19:00 in Paris in winter."""

    timezone: str = "UTC"
    countries: list[Annotated[str, Meta(pattern=r"^[A-Z]{2}$")]] = msgspec.field(
        default_factory=list
    )
    """ISO 3166-1 alpha-2 codes ("FR"), for public holidays."""
    cadence: dict[str, int] = msgspec.field(default_factory=dict)
    """Network -> posts per week ("instagram" = 3)."""


class BrandProfile(Strict, frozen=True):
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
    calendar: Calendar = msgspec.field(default_factory=Calendar)

    def signature_for(self, language: str) -> str:
        return self.signature.get(language) or next(iter(self.signature.values()), "")


def check_folder(folder: str | Path) -> Path:
    """`folder` as a path, or InvalidBrand when no folder could have that name: a NUL byte, a
    name over 255 bytes or a path over PATH_MAX would make the filesystem raise instead."""
    text = str(folder)
    if not text.strip():
        raise InvalidBrand("The brand folder is empty: pass the folder that holds brand.toml.")
    if "\x00" in text:
        raise InvalidBrand("The brand folder contains a NUL byte; no folder has such a name.")
    if len(text.encode("utf-8", "surrogateescape")) > MAX_FOLDER_CHARS:
        raise InvalidBrand(
            f"The brand folder is {len(text):,} characters long; paths stop at "
            f"{MAX_FOLDER_CHARS:,} bytes."
        )
    path = Path(text).expanduser()
    for part in path.parts:
        if len(part.encode("utf-8", "surrogateescape")) > 255:
            raise InvalidBrand(
                f"A folder name in {text[:80]!r}… is over 255 bytes; no filesystem allows that."
            )
    return path


def load_profile(folder: Path, brand_id: str | None = None) -> BrandProfile:
    """Read `folder/brand.toml`; `brand_id` overrides the id written there.

    Unknown tables and keys, out-of-range counts and unknown choices are refused (InvalidBrand
    naming each key and the closest known one), so a sync keeps the profile it had."""
    folder = check_folder(folder)
    path = folder / "brand.toml"
    try:
        if not path.is_file():
            raise InvalidBrand(
                f"{folder} has no brand.toml: a brand folder needs one (see README)."
            )
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidBrand(f"{path} is not valid TOML: {exc}") from exc
    except OSError as exc:
        raise InvalidBrand(f"{path} cannot be read: {exc.strerror or exc}") from exc
    problems = _unknown_keys(raw, BrandProfile, ())
    if problems:
        raise InvalidBrand(f"{path}: " + "; ".join(problems) + ".")
    raw["id"] = brand_id or raw.get("id") or folder.name
    raw.setdefault("name", raw["id"])
    try:
        profile = msgspec.convert(raw, BrandProfile)
    except msgspec.ValidationError as exc:
        raise InvalidBrand(f"{path}: {_located(str(exc), raw)}.") from exc
    if not BRAND_ID.match(profile.id):
        raise InvalidBrand(
            f"Brand id {profile.id!r} must be lowercase letters, digits, '-' or '_' "
            "(set `id` in brand.toml or pass --brand)."
        )
    _check_calendar(path, profile.calendar)
    return profile


def _check_calendar(path: Path, calendar: Calendar) -> None:
    """The timezone must be one zoneinfo knows ("Europe/Paris", not "CET+1" or "Paris"), and a
    cadence names known networks: a typo would plan nothing for that network without a word."""
    try:
        zoneinfo.ZoneInfo(calendar.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        close = difflib.get_close_matches(
            calendar.timezone, sorted(zoneinfo.available_timezones()), n=1
        )
        hint = f" (did you mean {close[0]!r}?)" if close else " (e.g. 'Europe/Paris')"
        raise InvalidBrand(
            f"{path}: `calendar.timezone` is {calendar.timezone!r}: not an IANA timezone{hint}."
        ) from exc
    problems = []
    for name, count in calendar.cadence.items():
        if name not in NETWORKS:
            close = difflib.get_close_matches(name, NETWORKS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(
                f"`calendar.cadence.{name}` is not a known network{hint}; known: "
                f"{', '.join(NETWORKS)}"
            )
        elif not 0 <= count <= MAX_CADENCE:
            problems.append(
                f"`calendar.cadence.{name}` is {count}: posts per week go from 0 to {MAX_CADENCE}"
            )
    if problems:
        raise InvalidBrand(f"{path}: " + "; ".join(problems) + ".")


def _unknown_keys(
    raw: dict[str, Any], struct: type[msgspec.Struct], path: tuple[str, ...]
) -> list[str]:
    """Every key of `raw` that `struct` lacks, and every unknown choice, with a suggestion."""
    hints = _fields(struct)
    problems = []
    for key, value in raw.items():
        where = (*path, key)
        if key not in hints:
            problems.append(_unknown(where, value, hints))
            continue
        kind = hints[key]
        if isinstance(kind, type) and issubclass(kind, msgspec.Struct) and isinstance(value, dict):
            problems += _unknown_keys(value, kind, where)
        elif get_origin(kind) is Literal and isinstance(value, str):
            choices = [str(c) for c in get_args(kind)]
            if value not in choices:
                close = difflib.get_close_matches(value, choices, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                problems.append(
                    f"`{'.'.join(where)}` is {value!r}: it must be one of "
                    f"{', '.join(choices)}{hint}"
                )
        elif where == ("columns",) and isinstance(value, dict):
            problems += [
                _unknown((*where, k), v, dict.fromkeys(KIND_NAMES, dict))
                for k, v in value.items()
                if k not in KIND_NAMES
            ]
    return problems


def _fields(struct: type[msgspec.Struct]) -> dict[str, Any]:
    """Field name -> its type, `Annotated` constraints stripped."""
    hints = get_type_hints(struct, include_extras=True)
    stripped = {}
    for name in struct.__struct_fields__:
        kind = hints[name]
        stripped[name] = get_args(kind)[0] if get_origin(kind) is Annotated else kind
    return stripped


def _unknown(where: tuple[str, ...], value: Any, known: dict[str, Any]) -> str:
    """`[hashtag]`: did you mean `[hashtags]`? Or, with nothing close, the known names."""
    named = _name(where, isinstance(value, dict))
    key = where[-1]
    tables = {
        table: list(kind.__struct_fields__)
        for table, kind in known.items()
        if isinstance(kind, type) and issubclass(kind, msgspec.Struct)
    }
    # a key written outside its table (`avoid = [...]` at the top): point at the table
    for table, fields in tables.items():
        if key in fields:
            return f"{named}: did you mean {_name((*where[:-1], table, key), False)}?"
    close = difflib.get_close_matches(key, list(known), n=1)
    if close:
        suggestion = _name((*where[:-1], close[0]), _is_table(known[close[0]]))
        return f"{named}: did you mean {suggestion}?"
    for table, fields in tables.items():
        inner = difflib.get_close_matches(key, fields, n=1)
        if inner:
            return f"{named}: did you mean {_name((*where[:-1], table, inner[0]), False)}?"
    what = "table" if isinstance(value, dict) else "key"
    return f"{named}: unknown {what}; known: {', '.join(known)}"


def _is_table(kind: Any) -> bool:
    return (
        (isinstance(kind, type) and issubclass(kind, msgspec.Struct))
        or get_origin(kind) is dict
        or kind is dict
    )


def _name(where: tuple[str, ...], table: bool) -> str:
    dotted = ".".join(where)
    return f"`[{dotted}]`" if table else f"`{dotted}`"


def _located(message: str, raw: dict[str, Any] | None = None) -> str:
    """msgspec's "Expected `int` >= 0 - at `$.hashtags.max`" as "`hashtags.max` is -5:
    expected `int` >= 0", the key first as in the other errors."""
    what, at, where = message.rpartition(" - at `$")
    if not at:
        return message
    key = where.rstrip("`").lstrip(".")
    value: Any = raw
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    shown = f" is {value!r}" if isinstance(value, int | float | str | bool) else ""
    return f"`{key}`{shown}: {what[:1].lower()}{what[1:]}"


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
        try:
            return msgspec.json.decode(path.read_bytes(), type=BrandEntry)
        except msgspec.ValidationError as exc:
            # registered before brand.toml was strict, with a key or value it now refuses
            raise InvalidBrand(
                f"Brand {brand_id!r} was registered with a profile Voix no longer accepts "
                f"({_located(str(exc))}): fix brand.toml in {self.folder(brand_id)} and sync again."
            ) from exc

    def folder(self, brand_id: str) -> str:
        """Where the brand was synced from, read even when its stored profile no longer is."""
        path = self.root / f"{brand_id}.json"
        if not BRAND_ID.match(brand_id) or not path.is_file():
            raise BrandNotFound(brand_id, self.ids())
        return msgspec.json.decode(path.read_bytes(), type=_Folder).folder

    def profile(self, brand_id: str) -> BrandProfile:
        return self.get(brand_id).profile


class _Folder(msgspec.Struct):
    folder: str
