"""Aggregates of a run: pass rates per check, per task and per tag, with Wilson intervals."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import msgspec

from eval.stats import wilson
from eval.store import Output


class Rate(msgspec.Struct, kw_only=True):
    name: str
    passed: int
    total: int
    rate: float
    low: float
    high: float
    family: str = ""


def rate(name: str, passed: int, total: int, family: str = "") -> Rate:
    low, high = wilson(passed, total)
    return Rate(
        name=name,
        passed=passed,
        total=total,
        rate=passed / total if total else 0.0,
        low=low,
        high=high,
        family=family,
    )


def check_rates(outputs: Sequence[Output]) -> list[Rate]:
    """Per named check: outputs it applied to and how many passed, in first-seen order."""
    counts: dict[str, list[int]] = {}
    families: dict[str, str] = {}
    for output in outputs:
        for check in output.checks:
            tally = counts.setdefault(check.name, [0, 0])
            tally[0] += int(check.passed)
            tally[1] += 1
            families[check.name] = check.family
    return [rate(name, p, t, families[name]) for name, (p, t) in counts.items()]


def _grouped(outputs: Iterable[Output], key: Callable[[Output], Iterable[str]]) -> list[Rate]:
    """Per group: the share of its outputs that passed every check that applied."""
    counts: dict[str, list[int]] = {}
    for output in outputs:
        clean = all(c.passed for c in output.checks)
        for group in key(output):
            tally = counts.setdefault(group, [0, 0])
            tally[0] += int(clean)
            tally[1] += 1
    return [rate(name, p, t) for name, (p, t) in counts.items()]


def task_rates(outputs: Sequence[Output]) -> list[Rate]:
    return _grouped(outputs, lambda o: [o.task])


def tag_rates(outputs: Sequence[Output]) -> list[Rate]:
    return sorted(_grouped(outputs, lambda o: o.scenario.tags), key=lambda r: r.name)


def check_task_rates(outputs: Sequence[Output]) -> dict[str, list[Rate]]:
    """Per task, the pass rate of each check on that task's outputs."""
    tasks = dict.fromkeys(o.task for o in outputs)
    return {task: check_rates([o for o in outputs if o.task == task]) for task in tasks}
