"""The insights use case: a brand's synced posts, its timezone, one pure computation.

Reading the index blocks (Chroma), so the route runs it in a worker thread."""

from __future__ import annotations

from datetime import date

from knowledge.brand import BrandRegistry
from knowledge.index import KnowledgeIndex
from knowledge.insights import Insights, compute_insights, indexed_rows


class InsightsService:
    def __init__(self, registry: BrandRegistry, index: KnowledgeIndex) -> None:
        self.registry = registry
        self.index = index

    def compute(
        self,
        brand_id: str,
        start: date | None = None,
        end: date | None = None,
        platform: str | None = None,
    ) -> Insights:
        """Raises BrandNotFound, or InvalidInsightsQuery for a reversed period or a platform
        the brand has no post on."""
        timezone = self.registry.profile(brand_id).calendar.timezone
        rows = indexed_rows(self.index, brand_id, timezone)
        return compute_insights(brand_id, rows, timezone, start, end, platform)
