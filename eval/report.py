"""`voix eval report`: one run, or two compared, as an HTML page with inline SVG charts, plus
the same numbers as JSON and the raw rows as CSV for a spreadsheet or a notebook.

Pass rates carry Wilson 95% intervals, mean scores a bootstrap interval, A/B win rates a
Wilson interval; reviewer agreement is Krippendorff's alpha (all reviewers, missing scores
allowed) and Cohen's quadratic-weighted kappa per pair of reviewers.
"""

from __future__ import annotations

import csv
import math
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import msgspec

from eval import pages
from eval.agreement import interpret, krippendorff_alpha, pairwise_kappa, rating_units
from eval.charts import Bar, distribution_chart, fmt, rate_chart
from eval.rubric import RUBRIC
from eval.stats import bootstrap_mean, wilson
from eval.store import EvalStore, Output, Run
from eval.summary import Rate, check_rates, check_task_rates, tag_rates, task_rates


def _rate_dict(rate: Rate) -> dict[str, Any]:
    return msgspec.to_builtins(rate)


def score_summary(store: EvalStore, run: Run) -> list[dict[str, Any]]:
    """Per criterion: scores given, mean with its interval, counts of 1-5, agreement."""
    scores = store.scores(run.id)
    found: list[dict[str, Any]] = []
    for key, name, _ in RUBRIC:
        values = [s.value for s in scores if s.criterion == key]
        ratings: dict[str, dict[int, float]] = defaultdict(dict)
        for s in scores:
            if s.criterion == key:
                ratings[s.reviewer][s.output_id] = s.value
        units = rating_units(ratings)
        shared = sum(1 for unit in units if sum(v is not None for v in unit) >= 2)
        low, high = bootstrap_mean(values)
        counts = Counter(values)
        alpha = krippendorff_alpha(units, "ordinal") if shared else math.nan
        found.append(
            {
                "criterion": key,
                "name": name,
                "n": len(values),
                "reviewers": len(ratings),
                "mean": sum(values) / len(values) if values else None,
                "low": low if values else None,
                "high": high if values else None,
                "counts": [counts.get(v, 0) for v in range(1, 6)],
                "items_with_two_reviewers": shared,
                "alpha_ordinal": None if math.isnan(alpha) else alpha,
                "alpha_interval": (
                    None if not shared else _finite(krippendorff_alpha(units, "interval"))
                ),
                "agreement": interpret(alpha),
                "kappa": [
                    {"a": a, "b": b, "n": n, "kappa": _finite(k)}
                    for a, b, n, k in pairwise_kappa(ratings)
                    if n
                ],
            }
        )
    return found


def _finite(value: float) -> float | None:
    return None if math.isnan(value) else value


def run_summary(store: EvalStore, run: Run) -> dict[str, Any]:
    outputs = store.outputs(run.id)
    clean = sum(1 for o in outputs if all(c.passed for c in o.checks))
    return {
        "run": msgspec.to_builtins(run),
        "outputs": len(outputs),
        "clean": clean,
        "clean_rate": clean / len(outputs) if outputs else 0.0,
        "errors": sum(1 for o in outputs if o.error),
        "mean_seconds": sum(o.seconds for o in outputs) / len(outputs) if outputs else 0.0,
        "checks": [_rate_dict(r) for r in check_rates(outputs)],
        "tasks": [_rate_dict(r) for r in task_rates(outputs)],
        "tags": [_rate_dict(r) for r in tag_rates(outputs)],
        "checks_by_task": {
            task: [_rate_dict(r) for r in rates]
            for task, rates in check_task_rates(outputs).items()
        },
        "scores": score_summary(store, run),
        "failures": [_failure(o) for o in outputs if not all(c.passed for c in o.checks)],
    }


def _failure(output: Output) -> dict[str, Any]:
    return {
        "scenario": output.scenario_id,
        "task": output.task,
        "failed": [{"check": c.name, "detail": c.detail} for c in output.checks if not c.passed],
        "draft": output.drafts[0].text if output.drafts else (output.error or "(no draft)"),
    }


def ab_summary(store: EvalStore, run_a: Run, run_b: Run) -> dict[str, Any]:
    """Blind preferences between the runs: wins, ties, win rates with intervals, position."""
    prefs = store.preferences(run_a.id, run_b.id)
    wins = Counter(p.winner for p in prefs)
    decisive = wins["a"] + wins["b"]
    left = sum(1 for p in prefs if p.winner != "tie" and p.winner == p.left_run)
    rates: dict[str, Any] = {}
    for side in ("a", "b"):
        low, high = wilson(wins[side], decisive)
        rates[side] = {
            "wins": wins[side],
            "rate": wins[side] / decisive if decisive else None,
            "low": low if decisive else None,
            "high": high if decisive else None,
            "with_ties_as_half": (wins[side] + wins["tie"] / 2) / len(prefs) if prefs else None,
        }
    left_low, left_high = wilson(left, decisive)
    by_reviewer: dict[str, Counter[str]] = defaultdict(Counter)
    for p in prefs:
        by_reviewer[p.reviewer][p.winner] += 1
    return {
        "a": run_a.id,
        "b": run_b.id,
        "judgements": len(prefs),
        "ties": wins["tie"],
        "decisive": decisive,
        "rates": rates,
        "left_rate": left / decisive if decisive else None,
        "left_low": left_low if decisive else None,
        "left_high": left_high if decisive else None,
        "reviewers": {name: dict(counts) for name, counts in sorted(by_reviewer.items())},
    }


def _bars(summaries: list[dict[str, Any]], key: str) -> list[Bar]:
    """One bar group per name found in any run, one bar per run."""
    names = list(dict.fromkeys(r["name"] for s in summaries for r in s[key]))
    bars = []
    for name in names:
        found = [next((r for r in s[key] if r["name"] == name), None) for s in summaries]
        bars.append(
            Bar(
                label=name,
                values=[r["rate"] if r else None for r in found],
                lows=[r["low"] if r else None for r in found],
                highs=[r["high"] if r else None for r in found],
                notes=[f"{r['passed']}/{r['total']}" if r else "" for r in found],
            )
        )
    return bars


def build(store: EvalStore, run: Run, other: Run | None = None) -> dict[str, Any]:
    runs = [run] + ([other] if other else [])
    summaries = [run_summary(store, r) for r in runs]
    data: dict[str, Any] = {"runs": summaries}
    if other is not None:
        data["ab"] = ab_summary(store, run, other)
        data["comparable"] = run.config.scenarios_hash == other.config.scenarios_hash
    return data


def _charts(data: dict[str, Any]) -> dict[str, Any]:
    summaries = data["runs"]
    names = [f"{s['run']['label']} ({s['run']['id']})" for s in summaries]
    charts: dict[str, Any] = {
        "checks": rate_chart(_bars(summaries, "checks"), names, "Pass rate per check"),
        "tasks": rate_chart(
            _bars(summaries, "tasks"), names, "Outputs passing every check, per task"
        ),
        "tags": rate_chart(_bars(summaries, "tags"), names, "Outputs passing every check, per tag"),
        "scores": [],
    }
    for summary, name in zip(summaries, names, strict=True):
        rows = [(s["name"], s["counts"]) for s in summary["scores"] if s["n"]]
        if rows:
            charts["scores"].append(distribution_chart(rows, f"Reviewer scores: {name}"))
    ab = data.get("ab")
    if ab and ab["decisive"]:
        rates = ab["rates"]
        bars = [
            Bar(
                label=f"{summary['run']['label']} wins",
                values=[rates[side]["rate"]],
                lows=[rates[side]["low"]],
                highs=[rates[side]["high"]],
                notes=[f"{rates[side]['wins']}/{ab['decisive']}"],
            )
            for side, summary in zip(("a", "b"), summaries, strict=True)
        ]
        bars.append(
            Bar(
                label="left side picked",
                values=[ab["left_rate"]],
                lows=[ab["left_low"]],
                highs=[ab["left_high"]],
                notes=[f"of {ab['decisive']}"],
            )
        )
        charts["ab"] = rate_chart(bars, ["share"], "Blind A/B: win rate among decisive choices")
    return charts


def write_report(store: EvalStore, run: Run, other: Run | None, out: Path) -> list[Path]:
    """report.html, report.json and CSV exports in `out` (created)."""
    out.mkdir(parents=True, exist_ok=True)
    data = build(store, run, other)
    html = pages.render("report.html", data=data, charts=_charts(data), fmt=fmt)
    written = [out / "report.html", out / "report.json"]
    written[0].write_text(html, encoding="utf-8")
    written[1].write_bytes(msgspec.json.format(msgspec.json.encode(data)))
    runs = [run] + ([other] if other else [])
    written += _write_csvs(store, runs, out)
    if other is not None:
        written.append(_write_preferences(store, run, other, out))
    return written


def _write_csvs(store: EvalStore, runs: list[Run], out: Path) -> list[Path]:
    outputs_path, checks_path, scores_path = (
        out / "outputs.csv",
        out / "checks.csv",
        out / "scores.csv",
    )
    with (
        outputs_path.open("w", newline="", encoding="utf-8") as outputs_file,
        checks_path.open("w", newline="", encoding="utf-8") as checks_file,
        scores_path.open("w", newline="", encoding="utf-8") as scores_file,
    ):
        outputs_csv, checks_csv, scores_csv = (
            csv.writer(outputs_file),
            csv.writer(checks_file),
            csv.writer(scores_file),
        )
        outputs_csv.writerow(
            [
                "run",
                "label",
                "scenario",
                "task",
                "language",
                "platforms",
                "category",
                "action",
                "verdict",
                "drafts",
                "checks_passed",
                "checks_total",
                "seconds",
                "error",
                "text",
            ]
        )
        checks_csv.writerow(["run", "scenario", "task", "check", "family", "passed", "detail"])
        scores_csv.writerow(["run", "scenario", "task", "reviewer", "criterion", "value"])
        for run in runs:
            for o in store.outputs(run.id):
                triage = o.triage or {}
                outputs_csv.writerow(
                    [
                        run.id,
                        run.label,
                        o.scenario_id,
                        o.task,
                        o.scenario.language,
                        " ".join(o.scenario.platforms),
                        triage.get("category", ""),
                        triage.get("action", ""),
                        triage.get("verdict", ""),
                        len(o.drafts),
                        sum(c.passed for c in o.checks),
                        len(o.checks),
                        o.seconds,
                        o.error or "",
                        "\n---\n".join(d.text for d in o.drafts),
                    ]
                )
                for c in o.checks:
                    checks_csv.writerow(
                        [run.id, o.scenario_id, o.task, c.name, c.family, int(c.passed), c.detail]
                    )
            for s in store.scores(run.id):
                scores_csv.writerow(
                    [run.id, s.scenario_id, s.task, s.reviewer, s.criterion, s.value]
                )
    return [outputs_path, checks_path, scores_path]


def _write_preferences(store: EvalStore, run_a: Run, run_b: Run, out: Path) -> Path:
    path = out / "preferences.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["run_a", "run_b", "scenario", "reviewer", "winner", "left_run"])
        for p in store.preferences(run_a.id, run_b.id):
            writer.writerow([p.run_a, p.run_b, p.scenario_id, p.reviewer, p.winner, p.left_run])
    return path
