"""Build scenarios and outputs by hand, to test checks without a model."""

from __future__ import annotations

from typing import Any

import msgspec

from eval.checks import CheckContext, PastPost, run_checks
from eval.scenario import Scenario, normalise
from eval.store import CheckResult, DraftOut, EvalStore, Output, Preference, RunConfig, SourceOut
from knowledge.brand import BrandProfile, load_profile
from tests.conftest import DEMO_BRAND

PROFILE: BrandProfile = load_profile(DEMO_BRAND)


def scenario(task: str = "reply", **fields: Any) -> Scenario:
    raw: dict[str, Any] = {
        "id": fields.pop("id", "s1"),
        "task": task,
        "platform": fields.pop("platform", "x"),
        "language": fields.pop("language", "en"),
        "input": fields.pop("input", {"comment": "Hello?"}),
        **fields,
    }
    if "platforms" in raw:
        raw.pop("platform")
    return msgspec.convert(normalise(raw), Scenario)


def draft(text: str, platform: str = "x", thread: list[str] | None = None) -> DraftOut:
    return DraftOut(platform=platform, text=text, chars=len(text), limit=280, thread=thread or [])


def output(
    the_scenario: Scenario,
    *texts: str,
    sources: list[str] | None = None,
    triage: dict[str, Any] | None = None,
    drafts: list[DraftOut] | None = None,
    error: str | None = None,
) -> Output:
    return Output(
        run_id="r",
        position=0,
        scenario=the_scenario,
        drafts=drafts if drafts is not None else [draft(t, the_scenario.platform) for t in texts],
        sources=[SourceOut(kind="faq", source="faq/faq-en.md", text=s) for s in sources or []],
        triage=triage,
        error=error,
    )


def checks(out: Output, past: list[PastPost] | None = None) -> dict[str, CheckResult]:
    found = run_checks(CheckContext(output=out, profile=PROFILE, past_posts=past or []))
    return {c.name: c for c in found}


CONFIG = RunConfig(
    backend="fake",
    model="fake",
    llm="fake",
    embedding_model="e",
    prompts={"p.md": "abc"},
    prompts_hash="h",
    kb={"ondine": "k"},
    kb_hash="k",
    scenarios="s",
    scenarios_hash="sh",
)


ANA = [5, 4, 2, 3, 4, 1]
BO = [4, 4, 2, 2, 5, 1]


def fill(store: EvalStore, suffix: str = "") -> tuple[str, str]:
    """Two runs over six scenarios, two reviewers' voice scores, and A/B preferences."""
    ids = [f"s{i}" for i in range(6)]
    runs = []
    for label in ("base", "next"):
        run = store.create_run(label + suffix, CONFIG, len(ids))
        for position, scenario_id in enumerate(ids):
            task = "post" if position < 2 else "reply"
            text = "<script>alert(1)</script> Hello" if position == 0 else f"Draft {position}"
            passed = label == "next" or position % 2 == 1
            out = Output(
                run_id=run.id,
                position=position,
                scenario=scenario(task, id=scenario_id, tags=["complaint"]),
                drafts=[draft(text)],
                checks=[
                    CheckResult(name="language", family="language", passed=True, detail="en"),
                    CheckResult(name="grounding", family="grounding", passed=passed, detail="x"),
                ],
            )
            output_id = store.add_output(out)
            if label == "base":  # reviewed by two people
                store.save_review(output_id, "Ana", {"voice": ANA[position]})
                store.save_review(output_id, "Bo", {"voice": BO[position]})
        store.finish_run(run.id)
        runs.append(run.id)
    base, nxt = runs
    for i, winner in enumerate(["b", "b", "b", "a", "tie", "b"]):
        store.save_preference(
            Preference(
                run_a=base,
                run_b=nxt,
                scenario_id=ids[i],
                reviewer="Ana",
                winner=winner,
                left_run="a" if i % 2 else "b",
            )
        )
    return base, nxt
