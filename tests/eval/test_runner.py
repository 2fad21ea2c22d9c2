"""The runner drafts through the API's services with a fake chat model: outputs, checks and
run config are stored; failures are recorded, not fatal; stored runs can be re-checked."""

from __future__ import annotations

from pathlib import Path

from eval.runner import Runner, request_for
from eval.scenario import load_scenarios
from eval.store import EvalStore
from server.schemas import PostRequest, ReplyRequest, TrendRequest
from tests.eval.conftest import MakeServices

SCENARIOS = """
defaults: {brand: ondine}
scenarios:
  - id: belgium
    task: reply
    platform: x
    language: en
    tags: [question]
    input: {comment: "How long does shipping to Belgium take, and how much is it?"}
    expect:
      category: question
      action: reply_public
      must_mention: [["€9.90", "9,90 €"], Belgium]
  - id: pii
    task: reply
    platform: facebook
    language: en
    tags: [pii]
    input: {comment: "Order #58213 never arrived, email me at tom.baker@example.com"}
    expect:
      category: complaint
      action: move_to_private
      must_not_mention: [tom.baker@example.com]
  - id: spam
    task: reply
    platform: instagram
    language: en
    input: {comment: "Want 10k real followers?? Check my profile for the best growth service"}
    expect: {category: spam, action: moderate, drafts: false}
  - id: eu-shipping
    task: post
    platforms: [x, linkedin]
    language: en
    input: {brief: "Remind EU customers that shipping to Belgium costs €9.90"}
    expect: {must_mention: [Belgium]}
  - id: tragedy
    task: trend
    platforms: [x]
    language: en
    input: {trend: "Memes joking about the victims of this week's deadly earthquake"}
    expect: {verdict: skip, drafts: false}
  - id: myspace
    task: reply
    platform: myspace
    language: en
    input: {comment: "Hello?"}
"""
ANSWER = "Shipping to Belgium costs €9.90, and each parcel is sent from Lyon."


def scenarios(tmp_path: Path) -> list:  # type: ignore[type-arg]
    path = tmp_path / "set.yaml"
    path.write_text(SCENARIOS, encoding="utf-8")
    return load_scenarios(path)


def test_requests_are_the_apis_own(tmp_path: Path) -> None:
    belgium, _, _, eu_shipping, tragedy, _ = scenarios(tmp_path)
    assert isinstance(request_for(belgium), ReplyRequest)
    post = request_for(eu_shipping)
    assert isinstance(post, PostRequest) and post.platforms == ["x", "linkedin"]
    assert isinstance(request_for(tragedy), TrendRequest)


async def test_a_run_stores_outputs_checks_and_config(
    tmp_path: Path, make_services: MakeServices, store: EvalStore
) -> None:
    chosen = scenarios(tmp_path)
    services = make_services(ANSWER)
    seen: list[tuple[int, int, str]] = []
    run = await Runner(services, store).run(
        chosen,
        label="fake",
        source="set.yaml",
        progress=lambda done, total, output: seen.append((done, total, output.scenario_id)),
    )
    assert run.status == "done" and run.total == 6 and run.done == 6
    assert seen == [(i + 1, 6, s.id) for i, s in enumerate(chosen)]
    config = run.config
    assert config.backend == "fake" and config.llm == "fake"
    assert set(config.prompts) >= {"reply.system.md", "post.system.md", "phrases.toml"}
    assert config.kb.keys() == {"ondine"} and len(config.kb_hash) == 12
    assert config.scenarios == "set.yaml" and config.git_commit  # the tests run in a checkout

    outputs = {o.scenario_id: o for o in store.outputs(run.id)}
    belgium = outputs["belgium"]
    assert belgium.drafts[0].text == ANSWER and belgium.language == "en"
    assert belgium.triage and belgium.triage["category"] == "question"
    assert {s.kind for s in belgium.sources} == {"faq", "reply"}
    # Sources are the whole entries, not the API's 280-character excerpts.
    assert any(len(s.text) > 281 for s in belgium.sources)
    got = {c.name: c for c in belgium.checks}
    assert got["must_mention"].passed and got["grounding"].passed, got["grounding"].detail
    assert got["triage_category"].passed and got["platform_limit"].passed

    pii = {c.name: c for c in outputs["pii"].checks}
    assert pii["triage_action"].passed and pii["pii_echo"].passed
    assert pii["must_not_mention"].passed

    spam = {c.name: c for c in outputs["spam"].checks}
    assert outputs["spam"].drafts == [] and spam["drafts_expected"].passed

    post = outputs["eu-shipping"]
    assert [d.platform for d in post.drafts] == ["x", "linkedin"]
    post_checks = {c.name: c for c in post.checks}
    assert post_checks["must_mention"].passed and post_checks["grounding"].passed
    assert post_checks["duplication"].passed

    tragedy = {c.name: c for c in outputs["tragedy"].checks}
    assert tragedy["trend_verdict"].passed and tragedy["drafts_expected"].passed

    failed = outputs["myspace"]
    assert failed.error and "myspace" in failed.error and failed.drafts == []
    assert [(c.name, c.passed) for c in failed.checks] == [("completed", False)]


async def test_runs_are_comparable_and_rechecked_without_the_model(
    tmp_path: Path, make_services: MakeServices, store: EvalStore
) -> None:
    chosen = scenarios(tmp_path)[:1]
    services = make_services("Shipping takes a while.")
    runner = Runner(services, store)
    first = await runner.run(chosen, label="one", source="s")
    second = await runner.run(chosen, label="two", source="s")
    assert first.id != second.id
    assert first.config.scenarios_hash == second.config.scenarios_hash
    assert first.config.prompts_hash == second.config.prompts_hash
    assert first.config.kb_hash == second.config.kb_hash
    assert store.run("two").id == second.id and store.run("latest").id == second.id

    (output,) = store.outputs(first.id)
    assert not {c.name: c for c in output.checks}["must_mention"].passed
    store.replace_checks(output.id, [])
    rechecked = runner.recheck(first.id)
    assert {c.name for c in rechecked[0].checks} == {c.name for c in output.checks}
    assert store.outputs(first.id)[0].checks == rechecked[0].checks
    assert len(services.llm.chat.prompts) == 2  # type: ignore[attr-defined] - two runs, no recheck
