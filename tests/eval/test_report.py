"""Reports: numbers in JSON match the agreement and interval math, the HTML carries its charts
inline and escapes what it shows, the CSVs hold every row; and the `voix eval` commands."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eval.agreement import cohen_kappa
from eval.report import write_report
from eval.stats import wilson
from eval.store import EvalStore
from tests.eval.helpers import ANA, BO, fill
from voix.cli import app


def test_report_numbers_charts_and_exports(store: EvalStore, tmp_path: Path) -> None:
    base, nxt = fill(store)
    out = tmp_path / "report"
    written = write_report(store, store.run(base), store.run(nxt), out)
    names = {p.name for p in written}
    assert names == {
        "report.html",
        "report.json",
        "outputs.csv",
        "checks.csv",
        "scores.csv",
        "preferences.csv",
    }
    data = json.loads((out / "report.json").read_text())
    first, second = data["runs"]
    grounding = next(r for r in first["checks"] if r["name"] == "grounding")
    assert (grounding["passed"], grounding["total"]) == (3, 6)
    assert grounding["low"] == pytest.approx(wilson(3, 6)[0])
    assert next(r for r in second["checks"] if r["name"] == "grounding")["rate"] == 1.0
    assert {t["name"]: t["passed"] for t in first["tasks"]} == {"post": 1, "reply": 2}

    voice = next(s for s in first["scores"] if s["criterion"] == "voice")
    assert voice["n"] == 12 and voice["reviewers"] == 2 and voice["items_with_two_reviewers"] == 6
    assert voice["counts"] == [2, 3, 1, 4, 2]
    (pair,) = voice["kappa"]
    expected = cohen_kappa(ANA, BO, "quadratic", [1, 2, 3, 4, 5])
    assert pair["n"] == 6 and pair["kappa"] == pytest.approx(expected)
    assert 0 < voice["alpha_ordinal"] <= 1

    ab = data["ab"]
    assert (ab["rates"]["a"]["wins"], ab["rates"]["b"]["wins"], ab["ties"]) == (1, 4, 1)
    assert ab["rates"]["b"]["rate"] == pytest.approx(4 / 5)
    assert ab["rates"]["b"]["low"] == pytest.approx(wilson(4, 5)[0])
    assert data["comparable"]

    html = (out / "report.html").read_text()
    assert html.count("<svg") >= 4  # checks, tasks, tags, scores, A/B
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)" in html
    assert "http" not in html.split("<body>", 1)[1].replace("http://www.w3.org/2000/svg", "")

    with (out / "checks.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 24 and {r["run"] for r in rows} == {base, nxt}
    with (out / "scores.csv").open() as handle:
        assert len(list(csv.DictReader(handle))) == 12
    with (out / "preferences.csv").open() as handle:
        assert [r["winner"] for r in csv.DictReader(handle)] == ["b", "b", "b", "a", "tie", "b"]


def test_eval_commands_list_report_and_review_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VOIX_HOME", str(tmp_path))
    monkeypatch.setenv("VOIX_TOKEN", "cli-token-0123456789")
    base, _ = fill(EvalStore(tmp_path))
    cli = CliRunner()
    listed = cli.invoke(app, ["eval", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    # JSON on stdout alone: a note (such as the home being made private) goes to stderr
    assert {r["label"] for r in json.loads(listed.stdout)} == {"base", "next"}
    out = tmp_path / "out"
    report = cli.invoke(app, ["eval", "report", "base", "--vs", "next", "--out", str(out)])
    assert report.exit_code == 0, report.output
    assert (out / "report.html").is_file() and (out / "preferences.csv").is_file()
    missing = cli.invoke(app, ["eval", "report", "nope", "--out", str(out)])
    assert missing.exit_code == 1 and "No eval run 'nope'" in missing.output
    same = cli.invoke(app, ["eval", "report", base, "--vs", base, "--out", str(out)])
    assert same.exit_code == 1
    link = cli.invoke(app, ["eval", "review"])
    assert link.exit_code == 0 and "/review/login?ticket=" in link.output
    assert "cli-token-0123456789" not in link.output


def test_eval_run_explains_what_it_cannot_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_home: Path, demo_index: object
) -> None:
    """Bad scenarios and a held index stop `voix eval run` with a reason, before any draft."""
    cli = CliRunner()
    monkeypatch.setenv("VOIX_HOME", str(demo_home))
    missing = cli.invoke(app, ["eval", "run", str(tmp_path / "none.yaml")])
    assert missing.exit_code == 1 and "does not exist" in missing.output
    shipped = str(Path(__file__).resolve().parents[2] / "eval" / "scenarios")
    nothing = cli.invoke(app, ["eval", "run", shipped, "--only", "no-such-*"])
    assert nothing.exit_code == 1 and "no scenario matches" in nothing.output
    # The session's demo index holds the lock, as a running `voix serve` would.
    locked = cli.invoke(app, ["eval", "run", shipped, "--limit", "1", "--llm", "llamacpp"])
    assert locked.exit_code == 1 and "stop `voix serve`" in locked.output.replace("\n", " ")
