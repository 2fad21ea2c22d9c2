"""Two brands with the same vocabulary in one index: neither ever sees the other's content."""

from __future__ import annotations

from pathlib import Path

from knowledge.brand import BrandRegistry
from knowledge.embedding import Embedder
from knowledge.index import KnowledgeIndex, open_index
from knowledge.retrieval import Retriever
from knowledge.sync import sync_brand
from server.drafting.reply import ReplyService
from server.schemas import ReplyRequest
from server.triage.triager import Triager
from tests.conftest import fake_backend


def _brand(root: Path, brand_id: str, days: str, price: str) -> Path:
    folder = root / brand_id
    (folder / "faq").mkdir(parents=True)
    (folder / "brand.toml").write_text(f'id = "{brand_id}"\nname = "{brand_id.title()}"\n')
    (folder / "faq" / "faq.md").write_text(
        f"## How long does delivery take?\nDelivery takes {days} business days.\n"
        f"## How much is shipping?\nShipping costs {price}.\n",
        encoding="utf-8",
    )
    (folder / "replies").mkdir()
    (folder / "replies" / "r.csv").write_text(
        f"comment,reply\nMy parcel is late,Sorry! {brand_id.title()} re-ships after {days} days.\n",
        encoding="utf-8",
    )
    return folder


async def test_brands_sharing_vocabulary_never_mix(tmp_path: Path, embedder: Embedder) -> None:
    index = open_index(tmp_path / "home")
    try:
        await _check_isolation(tmp_path, index, embedder, BrandRegistry(tmp_path / "home"))
    finally:
        index.close()


async def _check_isolation(
    tmp_path: Path, index: KnowledgeIndex, embedder: Embedder, registry: BrandRegistry
) -> None:
    for brand_id, days, price in (("alpha", "2", "€4.10"), ("beta", "9", "€7.70")):
        sync_brand(_brand(tmp_path, brand_id, days, price), index, embedder, registry)
    retriever = Retriever(index, embedder)
    for brand_id, mine, theirs in (("alpha", "€4.10", "€7.70"), ("beta", "€7.70", "€4.10")):
        hits = retriever.search(brand_id, "shipping cost delivery late parcel", k=10)
        text = " ".join(h.excerpt for h in hits)
        assert mine in text and theirs not in text
        assert "Ondine" not in text

    backend = fake_backend("Thanks for asking!")
    service = ReplyService(registry, retriever, backend, Triager(embedder))
    await service.draft(ReplyRequest(brand="alpha", platform="x", comment="How much is shipping?"))
    prompt = " ".join(str(m.content) for m in backend.chat.prompts[-1])  # type: ignore[attr-defined]
    assert "€4.10" in prompt and "€7.70" not in prompt and "Beta" not in prompt
