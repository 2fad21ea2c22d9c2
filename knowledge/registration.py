"""Re-registering a brand to another folder: a wrong folder would otherwise wipe the brand
(every entry not found there is removed), so it needs an explicit confirmation."""

from __future__ import annotations

from pathlib import Path

from knowledge.brand import BrandRegistry, load_profile
from knowledge.chunking import KINDS
from knowledge.embedding import Embedder
from knowledge.errors import BrandNotFound, FolderChange
from knowledge.index import KnowledgeIndex
from knowledge.limits import DEFAULT_LIMITS, Limits
from knowledge.sync import sync_brand


def confirm_folder(
    folder: Path,
    index: KnowledgeIndex,
    embedder: Embedder,
    registry: BrandRegistry,
    brand_id: str | None = None,
    *,
    replace: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> None:
    """Raise FolderChange when `folder` is not the brand's registered folder and `replace` is
    not given; the error says how many entries, indexed from which folder, would go."""
    if replace:
        return
    profile = load_profile(folder, brand_id)
    try:
        registered = registry.folder(profile.id)
    except BrandNotFound:
        return  # a new brand: nothing to lose
    if Path(registered) == folder.resolve():
        return
    plan = sync_brand(folder, index, embedder, registry, profile.id, dry_run=True, limits=limits)
    raise FolderChange(
        profile.id,
        registered,
        str(folder.resolve()),
        indexed=sum(index.count(profile.id, kind) for kind in KINDS),
        removed=sum(counts.removed for counts in plan.counts.values()),
    )
