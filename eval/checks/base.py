"""What every check sees, and the shape of its answer.

A check is a plain function of one stored output (the scenario, drafts, triage and sources
as recorded) and the brand: no model, no network, so that a stored run can be re-checked
when a check improves, and two runs are always judged by the same rules.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from eval.scenario import Scenario
from eval.store import CheckResult, DraftOut, Output
from knowledge.brand import BrandProfile
from knowledge.embedding import Embedder


@dataclass(frozen=True)
class PastPost:
    source: str
    text: str
    vector: Sequence[float] | None = None
    """Its vector in the index, when known: saves embedding every past post again."""


@dataclass(frozen=True)
class CheckContext:
    output: Output
    profile: BrandProfile
    past_posts: Sequence[PastPost] = field(default_factory=tuple)
    embedder: Embedder | None = None
    """For near-duplicates in other words; without it, duplication is checked on words only."""

    @property
    def scenario(self) -> Scenario:
        return self.output.scenario

    @property
    def drafts(self) -> list[DraftOut]:
        return self.output.drafts

    @property
    def input_text(self) -> str:
        given = self.scenario.input
        return "\n".join(
            part
            for part in (given.comment, given.context, given.brief, given.trend, *given.examples)
            if part
        )


Check = Callable[[CheckContext], list[CheckResult]]


def result(name: str, family: str, passed: bool, detail: str) -> CheckResult:
    return CheckResult(name=name, family=family, passed=passed, detail=detail)


def label(draft: DraftOut, drafts: Sequence[DraftOut]) -> str:
    """How a detail names a draft: its platform, numbered when a platform has several."""
    same = [d for d in drafts if d.platform == draft.platform]
    if len(same) == 1:
        return draft.platform
    return f"{draft.platform} #{same.index(draft) + 1}"
