"""An optional LLM-as-judge: a capable Ollama model scores each output on the reviewers'
rubric. Only with a model named (`--judge MODEL`) that Ollama serves; otherwise the run goes on
without it, said once. The tiny embedded model is never used as a judge: it cannot judge."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

import msgspec
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from rich.console import Console

from eval.rubric import CRITERIA
from eval.runner import Judge
from eval.store import CheckResult, Output
from knowledge.brand import BrandProfile
from server.llm import BackendUnavailable
from server.llm.selection import build_ollama
from server.settings import Settings

FAMILY = "judge"
PASS_SCORE = 4
JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)


@cache
def judge_prompt() -> str:
    return files(__package__).joinpath("prompts/judge.md").read_text(encoding="utf-8").strip()


def parse_scores(text: str) -> tuple[dict[str, int], str] | None:
    """The rubric scores and the judge's reason from its answer, or None when unusable."""
    match = JSON_OBJECT.search(text)
    if not match:
        return None
    try:
        raw = msgspec.json.decode(match.group())
    except msgspec.DecodeError:
        return None
    if not isinstance(raw, dict):
        return None
    scores: dict[str, int] = {}
    for criterion in CRITERIA:
        value = raw.get(criterion)
        if isinstance(value, int | float) and 1 <= value <= 5:
            scores[criterion] = round(value)
    return (scores, str(raw.get("why", ""))) if scores else None


class OllamaJudge(Judge):
    def __init__(self, chat: BaseChatModel, name: str) -> None:
        self.chat = chat
        self.name = name

    async def judge(self, output: Output, profile: BrandProfile) -> list[CheckResult]:
        scenario = output.scenario
        given = scenario.input
        system = judge_prompt().format(
            brand=profile.name,
            voice=profile.voice.description,
            avoid=", ".join(profile.words.avoid),
            platform=", ".join(scenario.platforms),
        )
        sources = "\n---\n".join(s.text for s in output.sources) or "(none)"
        drafts = "\n---\n".join(f"[{d.platform}] {d.text}" for d in output.drafts)
        task_input = given.comment or given.brief or given.trend or ""
        human = (
            f"TASK: {scenario.task}\nINPUT:\n{task_input}\n\n"
            f"SOURCES:\n{sources}\n\nDRAFT:\n{drafts}"
        )
        answer = await self.chat.ainvoke([SystemMessage(system), HumanMessage(human)])
        parsed = parse_scores(str(answer.content))
        if parsed is None:
            return [
                CheckResult(name="judge", family=FAMILY, passed=False, detail="no usable score")
            ]
        scores, why = parsed
        return [
            CheckResult(
                name=f"judge_{criterion}",
                family=FAMILY,
                passed=value >= PASS_SCORE,
                detail=f"{value}/5" + (f": {why}" if why else ""),
            )
            for criterion, value in scores.items()
        ]


def build_judge(settings: Settings, model: str) -> Judge | None:
    """The judge, or None (said on stderr) when Ollama does not serve `model`."""
    try:
        backend = build_ollama(settings, model)
    except BackendUnavailable as exc:
        Console(stderr=True).print(f"[yellow]no judge:[/] {exc}", highlight=False)
        return None
    return OllamaJudge(backend.chat, f"ollama:{model}")
