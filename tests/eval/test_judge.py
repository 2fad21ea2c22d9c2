"""The optional LLM judge: rubric scores parsed from a model's answer, checks from them, and a
clean skip when no Ollama serves the model."""

from __future__ import annotations

from pathlib import Path

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from eval.judge import OllamaJudge, build_judge, parse_scores
from server.settings import Settings
from tests.conftest import free_port
from tests.eval.helpers import PROFILE, output, scenario


def test_scores_are_parsed_from_a_chatty_answer() -> None:
    answer = 'Sure! {"voice": 4, "accuracy": 2, "empathy": 4.6, "as_is": 9, "why": "made up"} Bye'
    scores, why = parse_scores(answer)  # type: ignore[misc]
    assert scores == {"voice": 4, "accuracy": 2, "empathy": 5} and why == "made up"
    assert parse_scores("I cannot judge this.") is None
    assert parse_scores('{"voice": "great"}') is None


async def test_the_judge_turns_scores_into_checks() -> None:
    chat = FakeListChatModel(responses=['{"voice": 5, "accuracy": 3, "why": "an invented price"}'])
    judge = OllamaJudge(chat, "ollama:test")
    out = output(scenario(), "Shipping is €2.", sources=["Shipping costs €5.90."])
    found = {c.name: c for c in await judge.judge(out, PROFILE)}
    assert found["judge_voice"].passed and found["judge_voice"].detail.startswith("5/5")
    assert not found["judge_accuracy"].passed and "invented price" in found["judge_accuracy"].detail
    assert {c.family for c in found.values()} == {"judge"}


async def test_an_unusable_answer_is_a_failed_judge_check() -> None:
    judge = OllamaJudge(FakeListChatModel(responses=["no idea"]), "ollama:test")
    (check,) = await judge.judge(output(scenario(), "Hi"), PROFILE)
    assert check.name == "judge" and not check.passed


def test_no_ollama_means_no_judge(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, ollama_host=f"http://127.0.0.1:{free_port()}")
    assert build_judge(settings, "qwen2.5:7b") is None
