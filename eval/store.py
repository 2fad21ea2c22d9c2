"""Runs, outputs, check results, reviewer scores and A/B preferences in one SQLite file.

`VOIX_HOME/eval.sqlite3`, created on first use. Each output keeps everything needed to
re-check or review it later without the model: the scenario as it was, every draft, the
triage, and the full text of the sources the drafts were grounded in. A connection per call
keeps the store safe from Litestar's worker threads and from a runner writing meanwhile.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec

from eval.rubric import CHOICES, CRITERIA, SCALE
from eval.scenario import Scenario
from server.sqlite_file import SQLiteFile

EVAL_FILE = "eval.sqlite3"
SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    created_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    total INTEGER NOT NULL,
    config TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS outputs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    scenario_id TEXT NOT NULL,
    task TEXT NOT NULL,
    brand TEXT NOT NULL,
    scenario TEXT NOT NULL,
    language TEXT,
    drafts TEXT NOT NULL,
    triage TEXT,
    note TEXT,
    sources TEXT NOT NULL,
    error TEXT,
    seconds REAL NOT NULL,
    UNIQUE (run_id, scenario_id)
);
CREATE TABLE IF NOT EXISTS checks (
    output_id INTEGER NOT NULL REFERENCES outputs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    family TEXT NOT NULL,
    passed INTEGER NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (output_id, name)
);
CREATE TABLE IF NOT EXISTS scores (
    output_id INTEGER NOT NULL REFERENCES outputs(id) ON DELETE CASCADE,
    reviewer TEXT NOT NULL,
    criterion TEXT NOT NULL,
    value INTEGER NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (output_id, reviewer, criterion)
);
CREATE TABLE IF NOT EXISTS comments (
    output_id INTEGER NOT NULL REFERENCES outputs(id) ON DELETE CASCADE,
    reviewer TEXT NOT NULL,
    comment TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (output_id, reviewer)
);
CREATE TABLE IF NOT EXISTS preferences (
    run_a TEXT NOT NULL,
    run_b TEXT NOT NULL,
    scenario_id TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    winner TEXT NOT NULL,
    left_run TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (run_a, run_b, scenario_id, reviewer)
);
CREATE INDEX IF NOT EXISTS outputs_run ON outputs (run_id, position);
"""
REVIEWER_MAX = 60


class RunNotFound(LookupError):
    def __init__(self, ref: str, known: Sequence[str]) -> None:
        hint = f" Known runs: {', '.join(known[:10])}." if known else " No run is stored yet."
        super().__init__(f"No eval run {ref!r}.{hint} See `voix eval list`.")
        self.ref = ref


class InvalidReview(ValueError):
    """A score, reviewer name or preference the rubric does not allow."""


class RunConfig(msgspec.Struct, kw_only=True, omit_defaults=True):
    """What a run's outputs depend on: two runs differing here explain a change in scores."""

    backend: str
    model: str
    llm: str
    """VOIX_LLM as given (`llamacpp`, `ollama:qwen2.5:7b`, ...)."""
    embedding_model: str
    prompts: dict[str, str]
    """Prompt file -> hash of its text."""
    prompts_hash: str
    kb: dict[str, str]
    """Brand -> hash of its indexed entries (ids hash content)."""
    kb_hash: str
    scenarios: str
    """The path the scenarios were read from."""
    scenarios_hash: str
    git_commit: str | None = None
    git_dirty: bool | None = None
    version: str = ""
    judge: str | None = None
    """The Ollama model judging outputs on the rubric, if any."""
    max_new_tokens: int | None = None


class Run(msgspec.Struct, kw_only=True):
    id: str
    label: str
    created_at: str
    finished_at: str | None
    status: str
    """running, done, interrupted or failed."""
    total: int
    config: RunConfig
    done: int = 0


class DraftOut(msgspec.Struct, kw_only=True, omit_defaults=True):
    platform: str
    text: str
    chars: int
    limit: int
    thread: list[str] = msgspec.field(default_factory=list)
    warnings: list[str] = msgspec.field(default_factory=list)
    hashtags: list[str] = msgspec.field(default_factory=list)
    angle: str | None = None

    @property
    def parts(self) -> list[str]:
        return self.thread or [self.text]


class SourceOut(msgspec.Struct, kw_only=True):
    kind: str
    source: str
    text: str
    """The whole entry, not the API's shortened excerpt: grounding is checked against it."""


class CheckResult(msgspec.Struct, kw_only=True):
    name: str
    family: str
    passed: bool
    detail: str


class Output(msgspec.Struct, kw_only=True):
    run_id: str
    position: int
    scenario: Scenario
    drafts: list[DraftOut] = msgspec.field(default_factory=list)
    language: str | None = None
    triage: dict[str, Any] | None = None
    """Replies: the triage; trends: the fit (score, verdict, risks, why)."""
    note: str | None = None
    sources: list[SourceOut] = msgspec.field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0
    checks: list[CheckResult] = msgspec.field(default_factory=list)
    id: int = 0

    @property
    def scenario_id(self) -> str:
        return self.scenario.id

    @property
    def task(self) -> str:
        return self.scenario.task


class Score(msgspec.Struct, kw_only=True):
    output_id: int
    run_id: str
    scenario_id: str
    task: str
    reviewer: str
    criterion: str
    value: int


class Review(msgspec.Struct, kw_only=True):
    """One reviewer's scores and comment on one output."""

    scores: dict[str, int] = msgspec.field(default_factory=dict)
    comment: str = ""


class Preference(msgspec.Struct, kw_only=True):
    run_a: str
    run_b: str
    scenario_id: str
    reviewer: str
    winner: str
    """a, b or tie, in terms of run_a and run_b."""
    left_run: str
    """a or b: which run was shown on the left, to see position bias."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def clean_reviewer(name: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > REVIEWER_MAX or any(ord(ch) < 32 for ch in name):
        raise InvalidReview(f"A reviewer name is 1 to {REVIEWER_MAX} printable characters.")
    return name


class EvalStore:
    def __init__(self, home: Path) -> None:
        self.path = home / EVAL_FILE
        self._connect = SQLiteFile(self.path, SCHEMA, foreign_keys=True).connect

    # --- runs ---------------------------------------------------------------------------

    def create_run(self, label: str, config: RunConfig, total: int) -> Run:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        run = Run(
            id=f"{stamp}-{secrets.token_hex(2)}",
            label=label,
            created_at=now(),
            finished_at=None,
            status="running",
            total=total,
            config=config,
        )
        with self._connect() as db:
            db.execute(
                "INSERT INTO runs (id, label, created_at, finished_at, status, total, config) "
                "VALUES (?, ?, ?, NULL, ?, ?, ?)",
                (run.id, label, run.created_at, run.status, total, _json(config)),
            )
        return run

    def finish_run(self, run_id: str, status: str = "done") -> None:
        with self._connect() as db:
            db.execute(
                "UPDATE runs SET status = ?, finished_at = ? WHERE id = ?", (status, now(), run_id)
            )

    def runs(self) -> list[Run]:
        """Newest first, with how many outputs each holds."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT r.id, r.label, r.created_at, r.finished_at, r.status, r.total, r.config, "
                "(SELECT COUNT(*) FROM outputs o WHERE o.run_id = r.id) "
                "FROM runs r ORDER BY r.created_at DESC, r.id DESC"
            ).fetchall()
        return [_run(row) for row in rows]

    def run(self, ref: str) -> Run:
        """A run by id, unique id prefix, label (its latest run) or `latest`."""
        runs = self.runs()
        if ref == "latest" and runs:
            return runs[0]
        for run in runs:
            if run.id == ref:
                return run
        prefixed = [r for r in runs if r.id.startswith(ref)]
        if len(prefixed) == 1:
            return prefixed[0]
        labelled = [r for r in runs if r.label == ref]
        if labelled:
            return labelled[0]
        raise RunNotFound(ref, [r.id for r in runs])

    def delete_run(self, run_id: str) -> None:
        with self._connect() as db:
            db.execute("DELETE FROM preferences WHERE run_a = ? OR run_b = ?", (run_id, run_id))
            db.execute("DELETE FROM runs WHERE id = ?", (run_id,))

    # --- outputs and checks -------------------------------------------------------------

    def add_output(self, output: Output) -> int:
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO outputs (run_id, position, scenario_id, task, brand, scenario, "
                "language, drafts, triage, note, sources, error, seconds) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    output.run_id,
                    output.position,
                    output.scenario.id,
                    output.scenario.task,
                    output.scenario.brand,
                    _json(output.scenario),
                    output.language,
                    _json(output.drafts),
                    _json(output.triage) if output.triage is not None else None,
                    output.note,
                    _json(output.sources),
                    output.error,
                    output.seconds,
                ),
            )
            output_id = int(cursor.lastrowid or 0)
            _write_checks(db, output_id, output.checks)
        output.id = output_id
        return output_id

    def replace_checks(self, output_id: int, checks: Sequence[CheckResult]) -> None:
        with self._connect() as db:
            db.execute("DELETE FROM checks WHERE output_id = ?", (output_id,))
            _write_checks(db, output_id, checks)

    def outputs(self, run_id: str) -> list[Output]:
        with self._connect() as db:
            rows = db.execute(
                f"SELECT {OUTPUT_COLUMNS} FROM outputs WHERE run_id = ? ORDER BY position",
                (run_id,),
            ).fetchall()
            checks = _checks_by_output(db, "o.run_id = ?", (run_id,))
        return [_output(row, checks.get(row[0], [])) for row in rows]

    def output(self, output_id: int) -> Output | None:
        with self._connect() as db:
            row = db.execute(
                f"SELECT {OUTPUT_COLUMNS} FROM outputs WHERE id = ?", (output_id,)
            ).fetchone()
            checks = _checks_by_output(db, "o.id = ?", (output_id,))
        return _output(row, checks.get(output_id, [])) if row else None

    # --- reviews ------------------------------------------------------------------------

    def save_review(
        self, output_id: int, reviewer: str, scores: dict[str, int], comment: str = ""
    ) -> None:
        """One reviewer's scores (any subset of the rubric) and comment, replacing earlier ones."""
        reviewer = clean_reviewer(reviewer)
        for criterion, value in scores.items():
            if criterion not in CRITERIA:
                raise InvalidReview(f"Unknown criterion {criterion!r}: use {', '.join(CRITERIA)}.")
            if value not in SCALE:
                raise InvalidReview(f"Scores are 1 to 5, not {value!r}.")
        if len(comment) > 5000:
            raise InvalidReview("A comment is at most 5000 characters.")
        if self.output(output_id) is None:
            raise InvalidReview(f"No output {output_id}.")
        at = now()
        with self._connect() as db:
            db.executemany(
                "INSERT INTO scores (output_id, reviewer, criterion, value, at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (output_id, reviewer, criterion) "
                "DO UPDATE SET value = excluded.value, at = excluded.at",
                [(output_id, reviewer, c, v, at) for c, v in scores.items()],
            )
            if comment.strip():
                db.execute(
                    "INSERT INTO comments (output_id, reviewer, comment, at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (output_id, reviewer) DO UPDATE SET comment = excluded.comment, "
                    "at = excluded.at",
                    (output_id, reviewer, comment.strip(), at),
                )
            else:
                db.execute(
                    "DELETE FROM comments WHERE output_id = ? AND reviewer = ?",
                    (output_id, reviewer),
                )

    def reviews(self, run_id: str, reviewer: str) -> dict[int, Review]:
        """Output id -> this reviewer's review, for the outputs of one run."""
        found: dict[int, Review] = {}
        with self._connect() as db:
            for output_id, criterion, value in db.execute(
                "SELECT s.output_id, s.criterion, s.value FROM scores s "
                "JOIN outputs o ON o.id = s.output_id WHERE o.run_id = ? AND s.reviewer = ?",
                (run_id, reviewer),
            ):
                found.setdefault(output_id, Review()).scores[criterion] = value
            for output_id, comment in db.execute(
                "SELECT c.output_id, c.comment FROM comments c "
                "JOIN outputs o ON o.id = c.output_id WHERE o.run_id = ? AND c.reviewer = ?",
                (run_id, reviewer),
            ):
                found.setdefault(output_id, Review()).comment = comment
        return found

    def scores(self, run_id: str) -> list[Score]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT s.output_id, o.run_id, o.scenario_id, o.task, s.reviewer, s.criterion, "
                "s.value FROM scores s JOIN outputs o ON o.id = s.output_id "
                "WHERE o.run_id = ? ORDER BY o.position, s.reviewer, s.criterion",
                (run_id,),
            ).fetchall()
        return [
            Score(
                output_id=r[0],
                run_id=r[1],
                scenario_id=r[2],
                task=r[3],
                reviewer=r[4],
                criterion=r[5],
                value=r[6],
            )
            for r in rows
        ]

    def comments(self, run_id: str) -> dict[int, dict[str, str]]:
        """Output id -> reviewer -> comment."""
        found: dict[int, dict[str, str]] = {}
        with self._connect() as db:
            for output_id, reviewer, comment in db.execute(
                "SELECT c.output_id, c.reviewer, c.comment FROM comments c "
                "JOIN outputs o ON o.id = c.output_id WHERE o.run_id = ?",
                (run_id,),
            ):
                found.setdefault(output_id, {})[reviewer] = comment
        return found

    # --- A/B preferences ----------------------------------------------------------------

    def save_preference(self, preference: Preference) -> None:
        """Stored with the two runs in a fixed order, so that (x, y) and (y, x) are one pair."""
        if preference.winner not in CHOICES or preference.left_run not in ("a", "b"):
            raise InvalidReview("A preference is a, b or tie, and a run shown left (a or b).")
        p = preference
        if p.run_a == p.run_b:
            raise InvalidReview("A/B compares two different runs.")
        if p.run_a > p.run_b:
            swap = {"a": "b", "b": "a", "tie": "tie"}
            p = Preference(
                run_a=p.run_b,
                run_b=p.run_a,
                scenario_id=p.scenario_id,
                reviewer=p.reviewer,
                winner=swap[p.winner],
                left_run=swap[p.left_run],
            )
        reviewer = clean_reviewer(p.reviewer)
        with self._connect() as db:
            db.execute(
                "INSERT INTO preferences (run_a, run_b, scenario_id, reviewer, winner, left_run, "
                "at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_a, run_b, scenario_id, "
                "reviewer) DO UPDATE SET winner = excluded.winner, left_run = excluded.left_run, "
                "at = excluded.at",
                (p.run_a, p.run_b, p.scenario_id, reviewer, p.winner, p.left_run, now()),
            )

    def preferences(self, run_a: str, run_b: str) -> list[Preference]:
        """Every preference between the two runs, with `winner` in the order asked for."""
        first, second = sorted((run_a, run_b))
        with self._connect() as db:
            rows = db.execute(
                "SELECT scenario_id, reviewer, winner, left_run FROM preferences "
                "WHERE run_a = ? AND run_b = ? ORDER BY scenario_id, reviewer",
                (first, second),
            ).fetchall()
        swap = {"a": "b", "b": "a", "tie": "tie"}
        flip = first != run_a
        return [
            Preference(
                run_a=run_a,
                run_b=run_b,
                scenario_id=r[0],
                reviewer=r[1],
                winner=swap[r[2]] if flip else r[2],
                left_run=swap[r[3]] if flip else r[3],
            )
            for r in rows
        ]


OUTPUT_COLUMNS = (
    "id, run_id, position, scenario, language, drafts, triage, note, sources, error, seconds"
)


def _json(value: Any) -> str:
    return msgspec.json.encode(value).decode()


def _write_checks(db: sqlite3.Connection, output_id: int, checks: Sequence[CheckResult]) -> None:
    db.executemany(
        "INSERT INTO checks (output_id, name, family, passed, detail) VALUES (?, ?, ?, ?, ?)",
        [(output_id, c.name, c.family, int(c.passed), c.detail) for c in checks],
    )


def _checks_by_output(
    db: sqlite3.Connection, where: str, params: tuple[Any, ...]
) -> dict[int, list[CheckResult]]:
    found: dict[int, list[CheckResult]] = {}
    for output_id, name, family, passed, detail in db.execute(
        "SELECT c.output_id, c.name, c.family, c.passed, c.detail FROM checks c "
        f"JOIN outputs o ON o.id = c.output_id WHERE {where} ORDER BY c.rowid",
        params,
    ):
        found.setdefault(output_id, []).append(
            CheckResult(name=name, family=family, passed=bool(passed), detail=detail)
        )
    return found


def _run(row: Sequence[Any]) -> Run:
    return Run(
        id=row[0],
        label=row[1],
        created_at=row[2],
        finished_at=row[3],
        status=row[4],
        total=row[5],
        config=msgspec.json.decode(row[6], type=RunConfig),
        done=row[7],
    )


def _output(row: Sequence[Any], checks: list[CheckResult]) -> Output:
    return Output(
        id=row[0],
        run_id=row[1],
        position=row[2],
        scenario=msgspec.json.decode(row[3], type=Scenario),
        language=row[4],
        drafts=msgspec.json.decode(row[5], type=list[DraftOut]),
        triage=msgspec.json.decode(row[6]) if row[6] else None,
        note=row[7],
        sources=msgspec.json.decode(row[8], type=list[SourceOut]),
        error=row[9],
        seconds=row[10],
        checks=checks,
    )
