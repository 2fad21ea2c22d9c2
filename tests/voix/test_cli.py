"""The `voix` command is one root mounting every command group: server's (serve, doctor,
token, pair, kb, draft) at the top level and eval's under `voix eval`."""

from __future__ import annotations

import os
import subprocess
import sys

from typer.testing import CliRunner

from voix.cli import app

runner = CliRunner()
GROUPS = ("serve", "doctor", "token", "pair", "kb", "draft", "eval")


def listed(output: str) -> set[str]:
    """The command names of a help screen's Commands panel."""
    panel = output.split("Commands", 1)[1]
    return {line.strip("│ ").split(" ", 1)[0] for line in panel.splitlines() if "│" in line}


def test_help_lists_every_command_group() -> None:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "120", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert set(GROUPS) <= listed(result.output)


def test_each_group_keeps_its_commands() -> None:
    env = {"COLUMNS": "120", "NO_COLOR": "1"}
    for group, commands in {
        "kb": {"sync", "history", "search"},
        "draft": {"reply", "post", "trend"},
        "eval": {"run", "list", "recheck", "report", "triage", "review"},
    }.items():
        result = runner.invoke(app, [group, "--help"], env=env)
        assert result.exit_code == 0, result.output
        assert commands <= listed(result.output), group


def test_python_m_voix_is_the_same_command() -> None:
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "voix", "--help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert set(GROUPS) <= listed(result.stdout)
