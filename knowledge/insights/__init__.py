"""Analytics over a brand's past posts: pure computations on rows, no HTTP, no model call.

One concept per module: `rows` (a post as analytics reads it), `period`, `kpis`, `formats`,
`times` (best times), `topics`, and `assemble`, the one entry point."""

from knowledge.insights.assemble import Insights, compute_insights, indexed_rows
from knowledge.insights.period import InvalidInsightsQuery, Period
from knowledge.insights.rows import PostRow

__all__ = [
    "Insights",
    "InvalidInsightsQuery",
    "Period",
    "PostRow",
    "compute_insights",
    "indexed_rows",
]
