"""`voix eval`: run scenarios, list runs, re-check, report, and open the review pages."""

from __future__ import annotations

import asyncio
import fnmatch
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import msgspec
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from eval.scenario import Scenario, ScenarioError, load_scenarios
from eval.store import EvalStore, Output, Run, RunNotFound
from eval.triage_accuracy import SENTIMENTS
from server.settings import Settings

if TYPE_CHECKING:
    from eval.runner import Runner
    from eval.triage_accuracy import Agreement, Rate

app = typer.Typer(
    help="Evaluate drafts: scenarios, automatic checks, reviewer scores, reports.",
    no_args_is_help=True,
)
console = Console()
err = Console(stderr=True)
LOCKED_HINT = (
    "An eval drafts in-process, through the same services as the API, and needs the index: "
    "stop `voix serve` while it runs (or share the index through VOIX_CHROMA_URL)."
)


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


def _select(scenarios: list[Scenario], only: list[str], limit: int | None) -> list[Scenario]:
    if only:
        scenarios = [
            s
            for s in scenarios
            if any(
                fnmatch.fnmatch(s.id, pattern) or pattern in s.tags or pattern == s.task
                for pattern in only
            )
        ]
    return scenarios[:limit] if limit else scenarios


@app.command("run")
def run(
    scenarios: Annotated[
        list[Path], typer.Argument(help="Scenario files or folders (YAML or JSONL).")
    ],
    llm: Annotated[
        str | None,
        typer.Option(help="Model to draft with (VOIX_LLM): llamacpp, ollama:MODEL, auto."),
    ] = None,
    label: Annotated[str | None, typer.Option(help="A name for the run, e.g. baseline.")] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Only the first N scenarios.")] = None,
    only: Annotated[
        list[str] | None,
        typer.Option(help="Only scenarios whose id matches (glob), or with this tag or task."),
    ] = None,
    judge: Annotated[
        str | None,
        typer.Option(help="An Ollama model that also scores outputs on the rubric."),
    ] = None,
) -> None:
    """Draft every scenario through the API's own services, check and store each output."""
    from eval.judge import build_judge
    from eval.runner import Runner
    from knowledge.errors import IndexLocked, KnowledgeError
    from server.llm import BackendUnavailable
    from server.services import Services

    try:
        chosen = _select(load_scenarios(*scenarios), only or [], limit)
    except ScenarioError as exc:
        raise _fail(str(exc)) from exc
    if not chosen:
        raise _fail("no scenario matches --only.")
    settings = Settings.from_env()
    if llm:
        settings = msgspec.structs.replace(settings, llm=llm)
    try:
        judge_model = build_judge(settings, judge) if judge else None
        services = Services.build(settings)
    except IndexLocked as exc:
        raise _fail(f"{exc} {LOCKED_HINT}") from exc
    except (KnowledgeError, BackendUnavailable) as exc:
        raise _fail(str(exc)) from exc
    try:
        for brand in sorted({s.brand for s in chosen}):
            services.registry.get(brand)
        runner = Runner(services, EvalStore(settings.home), judge_model)
        label = label or services.llm.model
        console.print(
            f"[bold]eval[/] {len(chosen)} scenarios with {services.llm.backend} "
            f"({services.llm.model}) as [bold]{label}[/]"
        )
        result = _run_with_progress(runner, chosen, label, ", ".join(map(str, scenarios)))
    except KnowledgeError as exc:
        raise _fail(str(exc)) from exc
    finally:
        services.close()
    outputs = runner.store.outputs(result.id)
    _print_rates(outputs)
    console.print(
        f"run [bold]{result.id}[/] ({result.status}): {len(outputs)} outputs in "
        f"{sum(o.seconds for o in outputs):.0f} s. Next: `voix eval report {result.id} --out DIR`"
        " or `voix eval review`."
    )


def _run_with_progress(runner: Runner, chosen: list[Scenario], label: str, source: str) -> Run:
    tally = Counter[str]()
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[checks]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
    ) as bar:
        task = bar.add_task("drafting", total=len(chosen), checks="")

        def progress(done: int, total: int, output: Output) -> None:
            tally.update("passed" if c.passed else "failed" for c in output.checks)
            if output.error:
                tally["errors"] += 1
            checked = tally["passed"] + tally["failed"]
            rate = f"checks {tally['passed'] / checked:.0%} pass" if checked else ""
            errors = f", {tally['errors']} errors" if tally["errors"] else ""
            upcoming = chosen[done].id if done < total else "done"
            bar.update(task, completed=done, description=upcoming, checks=rate + errors)

        bar.update(task, description=chosen[0].id)
        try:
            return asyncio.run(runner.run(chosen, label=label, source=source, progress=progress))
        except KeyboardInterrupt:
            err.print("[yellow]interrupted:[/] the outputs drafted so far are stored.")
            raise typer.Exit(130) from None


def _print_rates(outputs: list[Output]) -> None:
    from eval.summary import check_rates

    table = Table(title="Checks")
    for column in ("check", "passed", "of", "rate"):
        table.add_column(column, justify="left" if column == "check" else "right")
    for rate in check_rates(outputs):
        table.add_row(rate.name, str(rate.passed), str(rate.total), f"{rate.rate:.0%}")
    console.print(table)


def _store() -> EvalStore:
    return EvalStore(Settings.from_env().home)


def _run_or_fail(store: EvalStore, ref: str) -> Run:
    try:
        return store.run(ref)
    except RunNotFound as exc:
        raise _fail(str(exc)) from exc


@app.command("list")
def list_runs(
    as_json: Annotated[bool, typer.Option("--json", help="Print runs as JSON.")] = False,
) -> None:
    """Stored runs, newest first."""
    runs = _store().runs()
    if as_json:
        typer.echo(msgspec.json.encode(runs).decode())
        return
    if not runs:
        err.print("No eval run yet: `voix eval run eval/scenarios/ --label baseline`.")
        return
    table = Table(title="Eval runs")
    for column in ("id", "label", "when (UTC)", "status", "outputs", "model", "prompts", "kb"):
        table.add_column(column)
    for r in runs:
        table.add_row(
            r.id,
            r.label,
            r.created_at,
            r.status,
            f"{r.done}/{r.total}",
            f"{r.config.backend}:{r.config.model}",
            r.config.prompts_hash,
            r.config.kb_hash,
        )
    console.print(table)


@app.command("recheck")
def recheck(run_ref: Annotated[str, typer.Argument(help="Run id, label or `latest`.")]) -> None:
    """Re-run the automatic checks on a stored run, without the model (after a check changed)."""
    from eval.runner import Runner
    from knowledge.errors import IndexLocked, KnowledgeError
    from server.llm import LLMBackend
    from server.services import Services

    settings = Settings.from_env()
    store = EvalStore(settings.home)
    chosen = _run_or_fail(store, run_ref)
    try:
        # No model is called: a placeholder backend keeps the real one from loading.
        from langchain_core.language_models.fake_chat_models import FakeListChatModel

        placeholder = LLMBackend(FakeListChatModel(responses=[""]), "none", "none")
        services = Services.build(settings, llm=placeholder)
    except IndexLocked as exc:
        raise _fail(f"{exc} {LOCKED_HINT}") from exc
    except KnowledgeError as exc:
        raise _fail(str(exc)) from exc
    try:
        outputs = Runner(services, store).recheck(chosen.id)
    finally:
        services.close()
    _print_rates(outputs)


@app.command("report")
def report(
    run_ref: Annotated[str, typer.Argument(help="Run id, label or `latest`.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for report.html, JSON and CSV.")],
    vs: Annotated[
        str | None, typer.Option("--vs", help="A second run to compare with (A/B).")
    ] = None,
) -> None:
    """Write an HTML report with charts, and JSON and CSV exports, for one run or two."""
    from eval.report import write_report

    store = _store()
    first = _run_or_fail(store, run_ref)
    second = _run_or_fail(store, vs) if vs else None
    if second is not None and second.id == first.id:
        raise _fail("--vs names the same run.")
    written = write_report(store, first, second, out)
    for path in written:
        console.print(f"wrote {path}")


@app.command("triage")
def triage(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="CSV files of labelled real comments: `sentiment,text` or `category,text` "
            "(e.g. ../shared/data/airline-tweets.csv).",
            exists=True,
            dir_okay=False,
        ),
    ],
    half: Annotated[
        str,
        typer.Option(
            help="`tune` (the half rules may be adjusted on), `held-out` (the figure to "
            "report), `both` (each half apart) or `all` (the whole file).",
        ),
    ] = "both",
    misses: Annotated[
        int,
        typer.Option(min=0, help="Misclassified comments to show, from the tuning half only."),
    ] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Measure triage against people's labels on real comments (no model, no index needed).

    Each file is split by a hash of each comment's text into a tuning and a held-out half
    (`eval.triage_accuracy.half_of`); misses are shown from the tuning half only, so that
    the held-out half stays unseen.
    """
    from eval.triage_accuracy import HALVES, SPLIT_SALT, TriageDataError, load, measure, select
    from knowledge.embedding import Embedder
    from knowledge.errors import KnowledgeError
    from server.triage.triager import Triager

    if half not in (*HALVES, "both", "all"):
        raise _fail(f"--half {half!r}: expected tune, held-out, both or all.", code=2)
    try:
        labelled = {path: load(path) for path in files}
    except TriageDataError as exc:
        raise _fail(str(exc)) from exc
    settings = Settings.from_env()
    results = []
    with err.status("Triaging…", spinner="dots") as status:
        try:
            embedder = Embedder(settings.embedding_model)
            triager = Triager(embedder)
        except KnowledgeError as exc:
            raise _fail(str(exc)) from exc
        for path, comments in labelled.items():
            for name in (*HALVES,) if half == "both" else (half,):
                subset = select(comments, name)
                status.update(f"Triaging {len(subset)} comments of {path.name} ({name})…")
                shown = misses if name == "tune" else 0
                results.append(
                    measure(triager, embedder, subset, str(path), keep_misses=shown, half=name)
                )
    if as_json:
        typer.echo(msgspec.json.encode(results).decode())
        return
    console.print(f"split: sha256(salt={SPLIT_SALT!r} + text), even first byte = tune")
    for result in results:
        _print_agreement(result)


def _print_agreement(result: Agreement) -> None:
    def rate(r: Rate) -> str:
        return f"{r.passed}/{r.total} = {r.rate:.0%} (95% CI {r.low:.0%}–{r.high:.0%})"

    console.print(f"\n[bold]{result.source}[/] ({result.half}): {result.total} comments")
    if result.sentiment is not None:
        console.print(f"  sentiment as annotated      {rate(result.sentiment)}")
    console.print(f"  complaints caught           {rate(result.grievances_caught)}")
    console.print(f"  complaints given an answer  {rate(result.grievances_answered)}")
    if result.neutral_no_reply is not None:
        console.print(f"  neutral given no reply      {rate(result.neutral_no_reply)}")
    if result.confusion:
        table = Table(title="annotated sentiment (rows) × triage's sentiment (columns)")
        table.add_column("")
        for column in SENTIMENTS:
            table.add_column(column, justify="right")
        for expected in SENTIMENTS:
            row = result.confusion.get(expected, {})
            table.add_row(expected, *(str(row.get(c, 0)) for c in SENTIMENTS))
        console.print(table)
    table = Table(title="the file's label × triage's category")
    table.add_column("label")
    table.add_column("n", justify="right")
    table.add_column("triage's categories")
    for label, counts in result.categories.items():
        ranked = sorted(counts.items(), key=lambda item: -item[1])
        table.add_row(label, str(sum(counts.values())), ", ".join(f"{c} {n}" for c, n in ranked))
    console.print(table)
    console.print("  actions: " + ", ".join(f"{a} {n}" for a, n in result.actions.items()))
    for miss in result.misses:
        text = miss.text if len(miss.text) <= 100 else miss.text[:99] + "…"
        got = f"{miss.got} ({miss.category})" if miss.category != miss.got else miss.got
        console.print(f"  [dim]expected {miss.expected}, got {got}:[/] {text}", highlight=False)


@app.command("review")
def review(
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the link in the default browser.")
    ] = False,
) -> None:
    """Print a one-time login link to the review pages of the running `voix serve`."""
    from eval.web.auth import login_ticket
    from server.security import load_or_create_token

    settings = Settings.from_env()
    token = load_or_create_token(settings.home, settings.token)
    url = f"{settings.base_url}/review/login?ticket={login_ticket(token)}"
    console.print(
        "Open this link within 5 minutes (it works once) in a browser on this machine:\n"
        f"  {url}\n(`voix serve` must be running.)",
        highlight=False,
        soft_wrap=True,
    )
    if open_browser:
        import webbrowser

        webbrowser.open(url)
