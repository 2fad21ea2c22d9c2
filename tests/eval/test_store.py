"""Scores per reviewer, A/B preferences in either order, and what the store refuses."""

from __future__ import annotations

import pytest

from eval.store import (
    CheckResult,
    EvalStore,
    InvalidReview,
    Output,
    Preference,
    RunNotFound,
)
from tests.eval.helpers import CONFIG, draft, scenario


def add_run(store: EvalStore, label: str, ids: list[str]) -> tuple[str, list[int]]:
    run = store.create_run(label, CONFIG, len(ids))
    output_ids = []
    for position, scenario_id in enumerate(ids):
        out = Output(
            run_id=run.id,
            position=position,
            scenario=scenario(id=scenario_id),
            drafts=[draft(f"Draft {scenario_id} of {label}")],
            checks=[CheckResult(name="language", family="language", passed=True, detail="en")],
        )
        output_ids.append(store.add_output(out))
    store.finish_run(run.id)
    return run.id, output_ids


def test_runs_are_found_by_id_prefix_label_or_latest(store: EvalStore) -> None:
    first, _ = add_run(store, "baseline", ["a"])
    second, _ = add_run(store, "tuned", ["a"])
    assert store.run(first).label == "baseline"
    assert store.run("tuned").id == second
    assert store.run("latest").id in {first, second}
    with pytest.raises(RunNotFound, match="voix eval list"):
        store.run("nope")
    done = store.run(first)
    assert done.status == "done" and done.done == 1 and done.config == CONFIG


def test_each_reviewer_has_their_own_scores(store: EvalStore) -> None:
    run_id, (one, two) = add_run(store, "r", ["a", "b"])
    store.save_review(one, "Ana", {"voice": 4, "accuracy": 5}, "Good, a bit long.")
    store.save_review(one, "Bo", {"voice": 2})
    store.save_review(one, "Ana", {"voice": 5}, "")  # a later save replaces that score only
    ana = store.reviews(run_id, "Ana")
    assert ana[one].scores == {"voice": 5, "accuracy": 5} and ana[one].comment == ""
    assert store.reviews(run_id, "Bo")[one].scores == {"voice": 2}
    assert two not in ana
    assert sorted((s.reviewer, s.criterion, s.value) for s in store.scores(run_id)) == [
        ("Ana", "accuracy", 5),
        ("Ana", "voice", 5),
        ("Bo", "voice", 2),
    ]


@pytest.mark.parametrize(
    ("scores", "reviewer", "message"),
    [
        ({"voice": 6}, "Ana", "1 to 5"),
        ({"tone": 3}, "Ana", "Unknown criterion"),
        ({"voice": 3}, "", "reviewer name"),
        ({"voice": 3}, "x" * 61, "reviewer name"),
    ],
)
def test_invalid_reviews_are_refused(
    store: EvalStore, scores: dict[str, int], reviewer: str, message: str
) -> None:
    _, (one,) = add_run(store, "r", ["a"])
    with pytest.raises(InvalidReview, match=message):
        store.save_review(one, reviewer, scores)


def test_a_review_of_an_unknown_output_is_refused(store: EvalStore) -> None:
    with pytest.raises(InvalidReview, match="No output"):
        store.save_review(999, "Ana", {"voice": 3})


def test_preferences_are_one_pair_whichever_order_the_runs_come_in(store: EvalStore) -> None:
    a, _ = add_run(store, "a", ["s1", "s2"])
    b, _ = add_run(store, "b", ["s1", "s2"])
    store.save_preference(
        Preference(run_a=b, run_b=a, scenario_id="s1", reviewer="Ana", winner="a", left_run="b")
    )
    store.save_preference(
        Preference(run_a=a, run_b=b, scenario_id="s2", reviewer="Ana", winner="tie", left_run="a")
    )
    as_asked = store.preferences(a, b)
    # s1 was saved naming b first: its winner "a" is run b, its left "b" is run a.
    assert [(p.scenario_id, p.winner, p.left_run) for p in as_asked] == [
        ("s1", "b", "a"),
        ("s2", "tie", "a"),
    ]
    reversed_view = store.preferences(b, a)
    assert [(p.winner, p.left_run) for p in reversed_view] == [("a", "b"), ("tie", "b")]
    store.save_preference(
        Preference(run_a=a, run_b=b, scenario_id="s1", reviewer="Ana", winner="a", left_run="a")
    )
    assert [p.winner for p in store.preferences(a, b)] == ["a", "tie"]  # replaced, not added
    with pytest.raises(InvalidReview):
        store.save_preference(
            Preference(run_a=a, run_b=a, scenario_id="s1", reviewer="A", winner="a", left_run="a")
        )


def test_deleting_a_run_removes_its_outputs_scores_and_preferences(store: EvalStore) -> None:
    a, (one,) = add_run(store, "a", ["s1"])
    b, _ = add_run(store, "b", ["s1"])
    store.save_review(one, "Ana", {"voice": 3})
    store.save_preference(
        Preference(run_a=a, run_b=b, scenario_id="s1", reviewer="Ana", winner="a", left_run="a")
    )
    store.delete_run(a)
    assert store.output(one) is None and store.preferences(a, b) == []
    with pytest.raises(RunNotFound):
        store.run(a)
