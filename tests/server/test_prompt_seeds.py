"""A generation of the embedded model depends on its own prompt, not on what came before."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.messages import HumanMessage, SystemMessage

from server.llm import LLMBackend, build_backend
from server.llm.seeds import PromptSeeds
from server.settings import Settings

SAMPLING = {"max_tokens": 60, "temperature": 0.7, "top_p": 0.9, "stop": []}


def payload(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


def test_the_first_sampling_of_a_prompt_always_gets_the_same_seed() -> None:
    first, second = PromptSeeds(7), PromptSeeds(7)
    second.next(payload("something else"), SAMPLING)
    assert first.next(payload("Where is my order?"), SAMPLING) == second.next(
        payload("Where is my order?"), SAMPLING
    )


def test_asking_again_draws_a_new_seed_and_settings_count() -> None:
    seeds = PromptSeeds(7)
    asked = [seeds.next(payload("Where is my order?"), SAMPLING) for _ in range(3)]
    assert len(set(asked)) == 3
    hotter = PromptSeeds(7).next(payload("Where is my order?"), {**SAMPLING, "temperature": 1.0})
    assert hotter != asked[0]
    assert PromptSeeds(8).next(payload("Where is my order?"), SAMPLING) != asked[0]


def test_memory_is_bounded_and_forgets_the_oldest_prompt() -> None:
    seeds = PromptSeeds(7, remember=2)
    a = seeds.next(payload("a"), SAMPLING)
    seeds.next(payload("b"), SAMPLING)
    seeds.next(payload("c"), SAMPLING)  # "a" is forgotten: asking it again starts over
    assert seeds.next(payload("a"), SAMPLING) == a


@pytest.mark.slow
def test_a_draft_is_the_same_whatever_the_model_wrote_before(
    embedded_llm: LLMBackend, tmp_path: Path
) -> None:
    def ask(backend: LLMBackend, question: str) -> str:
        messages = [
            SystemMessage("You answer customers of a coffee roaster."),
            HumanMessage(question),
        ]
        return str(backend.chat.invoke(messages, temperature=0.7, max_tokens=60).content)

    question = "My beans arrived late, what can you do?"
    ask(embedded_llm, "Write a haiku about espresso.")
    ask(embedded_llm, "Which grind suits a French press?")
    after_others = ask(embedded_llm, question)
    fresh = build_backend(Settings(home=tmp_path, llm="llamacpp"))
    try:
        assert ask(fresh, question) == after_others
    finally:
        fresh.close()
