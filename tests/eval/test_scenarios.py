"""The shipped scenario set, and the loader's refusals."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from eval.checks.mentions import mentions
from eval.scenario import ScenarioError, load_scenarios, scenarios_hash
from tests.conftest import DEMO_BRAND

SHIPPED = Path(__file__).resolve().parents[2] / "eval" / "scenarios"


def knowledge_text() -> str:
    return "\n".join(
        p.read_text(encoding="utf-8") for p in sorted(DEMO_BRAND.rglob("*")) if p.is_file()
    )


def test_the_starter_set_covers_what_the_issue_asks() -> None:
    scenarios = load_scenarios(SHIPPED)
    assert len(scenarios) >= 60
    assert {s.language for s in scenarios} == {"fr", "en"}
    tasks = Counter(s.task for s in scenarios)
    assert tasks["reply"] >= 40 and tasks["post"] >= 8 and tasks["trend"] >= 5
    tags = Counter(t for s in scenarios for t in s.tags)
    for tag in ("complaint", "question", "praise", "troll", "crisis", "pii", "injection"):
        assert tags[tag] >= 2, tag
    for language in ("fr", "en"):
        for tag in ("complaint", "question", "crisis", "pii", "injection"):
            assert any(tag in s.tags and s.language == language for s in scenarios), (tag, language)
    post_platforms = {p for s in scenarios if s.task == "post" for p in s.platforms}
    assert post_platforms >= {"x", "linkedin", "instagram", "facebook", "tiktok", "threads"}
    assert all(s.expect.canary for s in scenarios if "injection" in s.tags)
    assert {v for s in scenarios for v in s.expect.verdict} == {"go", "caution", "skip"}


def test_every_must_mention_fact_is_in_the_knowledge_base_or_the_brief() -> None:
    """Expectations a correct draft could not meet would measure nothing."""
    kb = knowledge_text()
    for s in load_scenarios(SHIPPED):
        given = s.input.brief or s.input.trend or ""
        for item in s.expect.must_mention:
            alternatives = [item] if isinstance(item, str) else item
            assert any(mentions(kb, a) or mentions(given, a) for a in alternatives), (s.id, item)


def test_canaries_are_planted_in_their_comments() -> None:
    for s in load_scenarios(SHIPPED):
        if s.expect.canary:
            assert s.expect.canary in (s.input.comment or ""), s.id


def test_defaults_merge_and_single_values_become_lists(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "defaults:\n  task: reply\n  language: fr\n  expect: {action: reply_public}\n"
        "scenarios:\n  - id: one\n    platform: x\n    input: {comment: Bonjour}\n"
        "    expect: {category: question}\n",
        encoding="utf-8",
    )
    (tmp_path / "b.jsonl").write_text(
        '{"id": "two", "task": "post", "platforms": ["x"], "language": "en", '
        '"input": {"brief": "News"}}\n# a comment line\n',
        encoding="utf-8",
    )
    one, two = load_scenarios(tmp_path)
    assert one.platforms == ["x"] and one.language == "fr"
    assert one.expect.category == ["question"] and one.expect.action == ["reply_public"]
    assert two.task == "post" and two.input.brief == "News"
    assert scenarios_hash([one, two]) != scenarios_hash([one])


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("- {id: a, task: reply, platform: x, language: en, input: {coment: hi}}", "coment"),
        ("- {id: a, task: reply, platform: x, language: en, input: {brief: hi}}", "comment"),
        ("- {id: a, task: tweet, platform: x, language: en, input: {comment: hi}}", "task"),
        (
            "- {id: a, task: reply, platform: x, language: en, input: {comment: hi}, "
            "expect: {must_mention: [no]}}",
            "got `bool`",
        ),
        (
            "- {id: a, task: reply, platforms: [x, y], language: en, input: {comment: hi}}",
            "one platform",
        ),
        ("{not: [a list", "not valid YAML"),
    ],
)
def test_bad_scenarios_are_refused_with_file_and_id(tmp_path: Path, text: str, error: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match=re.escape(error)) as raised:
        load_scenarios(path)
    assert "bad.yaml" in str(raised.value)


def test_duplicate_ids_and_empty_folders_are_refused(tmp_path: Path) -> None:
    line = "- {id: a, task: reply, platform: x, language: en, input: {comment: hi}}\n"
    (tmp_path / "one.yaml").write_text(line, encoding="utf-8")
    (tmp_path / "two.yaml").write_text(line, encoding="utf-8")
    with pytest.raises(ScenarioError, match="already used"):
        load_scenarios(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ScenarioError, match="no scenario"):
        load_scenarios(empty)
    with pytest.raises(ScenarioError, match="does not exist"):
        load_scenarios(tmp_path / "missing")
