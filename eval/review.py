"""What the review pages need from the store: runs to pick, outputs with this reviewer's
scores, blind A/B pairs, and saving scores and preferences. No HTTP here."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import msgspec

from eval.rubric import CHOICES
from eval.store import EvalStore, InvalidReview, Output, Preference, Review, Run

SIDES = ("left", "right", "tie")


class Pair(msgspec.Struct, kw_only=True):
    """One scenario drafted by two runs, in the order this reviewer sees them."""

    scenario_id: str
    left: Output
    right: Output
    left_run: str
    """a or b: which of the two runs is shown left (never shown on the page)."""
    chosen: str | None = None
    """left, right or tie, when this reviewer already chose."""


class ReviewService:
    def __init__(self, home: Path) -> None:
        self.store = EvalStore(home)

    def runs(self) -> list[Run]:
        return self.store.runs()

    def run(self, ref: str) -> Run:
        return self.store.run(ref)

    def outputs(self, run_id: str, reviewer: str | None) -> tuple[list[Output], dict[int, Review]]:
        outputs = self.store.outputs(run_id)
        reviews = self.store.reviews(run_id, reviewer) if reviewer else {}
        return outputs, reviews

    def save_review(
        self, output_id: int, reviewer: str, scores: dict[str, int], comment: str
    ) -> Review:
        self.store.save_review(output_id, reviewer, scores, comment)
        output = self.store.output(output_id)
        assert output is not None  # save_review refuses unknown outputs
        return self.store.reviews(output.run_id, reviewer.strip()).get(output_id, Review())

    @staticmethod
    def left_run(key: bytes, reviewer: str, run_a: str, run_b: str, scenario_id: str) -> str:
        """Which run this reviewer sees left for this scenario: secret, stable across reloads,
        the same whichever order the runs were named in, and 50/50 over scenarios."""
        first, second = sorted((run_a, run_b))
        message = f"{reviewer}|{first}|{second}|{scenario_id}".encode()
        first_left = hmac.new(key, message, hashlib.sha256).digest()[0] & 1 == 0
        return "a" if (first == run_a) == first_left else "b"

    def pairs(self, run_a: str, run_b: str, reviewer: str, key: bytes) -> list[Pair]:
        """Scenarios both runs drafted, each side randomised per reviewer."""
        if run_a == run_b:
            raise InvalidReview("A/B compares two different runs.")
        mine = {
            p.scenario_id: p for p in self.store.preferences(run_a, run_b) if p.reviewer == reviewer
        }
        theirs = {o.scenario_id: o for o in self.store.outputs(run_b)}
        pairs: list[Pair] = []
        for output in self.store.outputs(run_a):
            other = theirs.get(output.scenario_id)
            if other is None:
                continue
            left_run = self.left_run(key, reviewer, run_a, run_b, output.scenario_id)
            left, right = (output, other) if left_run == "a" else (other, output)
            chosen = None
            previous = mine.get(output.scenario_id)
            if previous is not None:
                chosen = (
                    "tie"
                    if previous.winner == "tie"
                    else ("left" if previous.winner == left_run else "right")
                )
            pairs.append(
                Pair(
                    scenario_id=output.scenario_id,
                    left=left,
                    right=right,
                    left_run=left_run,
                    chosen=chosen,
                )
            )
        return pairs

    def prefer(
        self, run_a: str, run_b: str, scenario_id: str, reviewer: str, side: str, key: bytes
    ) -> Preference:
        """Record a choice made on the page (left, right or tie) as a preference between
        the runs; the server, not the page, knows which run was left."""
        if side not in SIDES:
            raise InvalidReview(f"Choose one of {', '.join(SIDES)}.")
        run_ids = {o.scenario_id for o in self.store.outputs(run_a)}
        if scenario_id not in run_ids or scenario_id not in {
            o.scenario_id for o in self.store.outputs(run_b)
        }:
            raise InvalidReview(f"Scenario {scenario_id!r} is not in both runs.")
        left_run = self.left_run(key, reviewer, run_a, run_b, scenario_id)
        winner = (
            "tie"
            if side == "tie"
            else (left_run if side == "left" else ("b" if left_run == "a" else "a"))
        )
        assert winner in CHOICES
        preference = Preference(
            run_a=run_a,
            run_b=run_b,
            scenario_id=scenario_id,
            reviewer=reviewer,
            winner=winner,
            left_run=left_run,
        )
        self.store.save_preference(preference)
        return preference
