"""Server's commands of `voix`: manage brand knowledge, draft from the terminal, check the
machine, the token and pairing. `voix.cli` mounts them at the root beside `voix eval`, with
`voix serve`, which serves the application composed there."""

from __future__ import annotations

import asyncio
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, TypeVar

import httpx
import msgspec
import typer
from rich.console import Console
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from knowledge.audit import AuditLog, default_actor
from knowledge.brand import BrandRegistry, load_profile
from knowledge.chunking import KINDS
from knowledge.embedding import Embedder
from knowledge.errors import IndexLocked, KnowledgeError
from knowledge.index import KnowledgeIndex, open_index
from knowledge.registration import confirm_folder
from knowledge.retrieval import Retriever
from knowledge.sync import SyncReport, sync_brand
from server.drafting.errors import DraftingError
from server.drafting.events import final
from server.llm import BackendUnavailable
from server.schemas import (
    Draft,
    PairingCode,
    PostRequest,
    PostResponse,
    ReplyRequest,
    ReplyResponse,
    SearchResponse,
    SyncRequest,
    TrendRequest,
    TrendResponse,
    search_hit,
)
from server.security import (
    load_or_create_token,
    write_token,
)
from server.settings import Settings

app = typer.Typer(
    help="Server's commands: doctor, token, pair, kb, draft.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
kb = typer.Typer(help="Sync and search brand knowledge.", no_args_is_help=True)
draft = typer.Typer(help="Draft from the terminal (through the running API when there is one).")
app.add_typer(kb, name="kb")
app.add_typer(draft, name="draft")

T = TypeVar("T")
console = Console()
err = Console(stderr=True)


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


@app.command()
def doctor(
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            help="Run only this check (repeatable): python, cpu, model, embedding, index, "
            "brands, token, server, extension.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the checks as JSON.")] = False,
) -> None:
    """Check this machine and this Voix, each with what to do when it fails.

    Exits with code 1 when a failure blocks drafting (model, embeddings, index, brands).
    """
    from server.doctor import CHECKS, blocking_failures, run_checks

    unknown = [name for name in only or [] if name not in CHECKS]
    if unknown:
        raise _fail(f"no check named {', '.join(unknown)}; the checks: {', '.join(CHECKS)}.")
    settings = Settings.from_env()
    with err.status("Checking…", spinner="dots") if not as_json else nullcontext():
        checks = run_checks(settings, only)
    if as_json:
        typer.echo(msgspec.json.encode(checks).decode())
    else:
        table = Table(title="voix doctor", show_lines=False)
        for column in ("", "check", "what was found", "what to do"):
            table.add_column(column, overflow="fold")
        for c in checks:
            if c.ok:
                mark = "[yellow]![/]" if c.fix else "[green]✓[/]"
            else:
                mark = "[red]✗[/]" if c.blocking else "[yellow]![/]"
            found = c.detail + (f" [dim]({c.seconds:.2f} s)[/]" if c.seconds is not None else "")
            table.add_row(mark, c.name, found, c.fix or "")
        console.print(table)
    blocking = blocking_failures(checks)
    if blocking:
        if not as_json:
            err.print(
                f"[bold red]{len(blocking)} check(s) block drafting:[/] "
                + ", ".join(c.name for c in blocking)
            )
        raise typer.Exit(1)


@app.command()
def token(
    rotate: Annotated[
        bool, typer.Option("--rotate", help="Replace the token with a new random one.")
    ] = False,
) -> None:
    """Print the API token (created on first use, stored 0600 in VOIX_HOME)."""
    settings = Settings.from_env()
    if not rotate:
        typer.echo(load_or_create_token(settings.home, settings.token))
        return
    if settings.token:
        raise _fail("VOIX_TOKEN is set and overrides the stored token; change it there instead.")
    typer.echo(write_token(settings.home))
    err.print(
        "New token stored; a running `voix serve` uses it at once and refuses the old one. "
        "Pair the extension again with `voix pair`."
    )


@app.command()
def pair() -> None:
    """Show a one-time code that pairs the browser extension with this Voix."""
    settings = Settings.from_env()
    token = load_or_create_token(settings.home, settings.token)
    try:
        response = httpx.post(
            f"{settings.base_url}/v1/pairing/codes",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
    except httpx.HTTPError:
        raise _fail(
            f"no Voix server answers at {settings.base_url}. Start it with `voix serve` "
            "(or `make run`) in another terminal, then run `voix pair` again."
        ) from None
    if response.status_code != 201:
        raise _fail(f"{response.status_code}: {_problem_detail(response)}")
    issued = msgspec.json.decode(response.content, type=PairingCode)
    minutes = max(1, round(issued.expires_in / 60))
    console.print()
    console.print(
        Panel(
            Text("  ".join(issued.code), style="bold", justify="center"),
            title="Voix pairing code",
            subtitle=f"valid {minutes} min, once",
            padding=(1, 6),
            expand=False,
        )
    )
    console.print(
        "\n  1. Open the Voix extension's options page (right-click the Voix icon → Options).\n"
        f"  2. Check that the API address is {settings.base_url}.\n"
        "  3. Enter this code and press Pair.\n\n"
        "  The code works once; if it expires, run `voix pair` again.\n"
    )


@kb.command("sync")
def kb_sync(
    path: Annotated[Path, typer.Argument(help="The brand folder (with brand.toml).")],
    brand: Annotated[str | None, typer.Option(help="Brand id; default: brand.toml's id.")] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the plan; change nothing.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Confirm re-registering a brand synced from another folder (what is not in "
            "PATH is removed).",
        ),
    ] = False,
) -> None:
    """Index a brand folder: adds, updates and removes exactly what changed.

    Unreadable files are reported and skipped (exit code 2); what they held stays indexed.
    A brand already synced from another folder is re-registered only with --replace.
    While `voix serve` runs, the sync goes through its API (it owns the index).
    """
    if not path.is_dir():
        raise _fail(f"{path} is not a folder; pass the brand folder that holds brand.toml.")
    settings = Settings.from_env()
    actor = default_actor("cli")
    try:
        index = open_index(settings.home, settings.chroma_url, "voix kb sync")
    except IndexLocked as exc:
        try:
            brand_id = brand or load_profile(path).id
        except KnowledgeError as invalid:
            raise _fail(str(invalid)) from invalid
        body = SyncRequest(folder=str(path.resolve()), dry_run=dry_run, replace=replace)
        response = _api(settings, "POST", f"/v1/brands/{brand_id}/sync", exc, body)
        report = msgspec.json.decode(response.content, type=SyncReport)
    else:
        try:
            report = _sync_in_process(settings, index, path, brand, dry_run, as_json, replace)
        finally:
            index.close()
        if not dry_run:
            AuditLog(settings.home).record(report, actor)
    if as_json:
        typer.echo(msgspec.json.encode(report).decode())
    else:
        _print_report(report)
    if report.failed:
        raise typer.Exit(2)


def _sync_in_process(
    settings: Settings,
    index: KnowledgeIndex,
    path: Path,
    brand: str | None,
    dry_run: bool,
    quiet: bool,
    replace: bool = False,
) -> SyncReport:
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=quiet,
    ) as bar:
        task = bar.add_task("Embedding", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            embedder = Embedder(settings.embedding_model)
            registry = BrandRegistry(settings.home)
            if not dry_run:
                confirm_folder(
                    path, index, embedder, registry, brand, replace=replace, limits=settings.limits
                )
            return sync_brand(
                path,
                index,
                embedder,
                registry,
                brand,
                progress,
                dry_run=dry_run,
                limits=settings.limits,
            )
        except KnowledgeError as exc:
            raise _fail(str(exc)) from exc


def _api(
    settings: Settings,
    method: str,
    path: str,
    locked: IndexLocked,
    body: msgspec.Struct | None = None,
    params: dict[str, str | int] | None = None,
) -> httpx.Response:
    """Call the running server that owns the index; without one, say why we could not."""
    token = load_or_create_token(settings.home, settings.token)
    try:
        response = httpx.request(
            method,
            f"{settings.base_url}{path}",
            content=msgspec.json.encode(body) if body is not None else None,
            params=params,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            timeout=600,
        )
    except httpx.HTTPError:
        raise _fail(f"{locked} (no Voix server answers at {settings.base_url}).") from None
    if response.status_code >= 400:
        raise _fail(f"{response.status_code}: {_problem_detail(response)}")
    return response


def _problem_detail(response: httpx.Response) -> str:
    try:
        return str(response.json().get("detail", response.text))
    except ValueError:
        return response.text


@kb.command("history")
def kb_history(
    brand: Annotated[str, typer.Argument(help="Brand id.")],
    limit: Annotated[int, typer.Option(min=1, help="How many syncs to show.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print entries as JSON.")] = False,
) -> None:
    """Show the brand's sync audit log: when, who or what, and what changed."""
    settings = Settings.from_env()
    entries = AuditLog(settings.home).history(brand, limit)
    if as_json:
        typer.echo(msgspec.json.encode(entries).decode())
        return
    if not entries:
        err.print(f"No sync of {brand!r} is recorded in {settings.home}.")
        return
    table = Table(title=f"Syncs of {brand}")
    for column in ("when (UTC)", "by", "added", "updated", "removed", "failed", "seconds"):
        table.add_column(column)
    for e in entries:
        total = {
            field: sum(getattr(c, field) for c in e.counts.values())
            for field in ("added", "updated", "removed")
        }
        table.add_row(
            e.at,
            e.actor,
            str(total["added"]),
            str(total["updated"]),
            str(total["removed"]),
            str(len(e.failed)),
            f"{e.seconds:.1f}",
        )
    console.print(table)


def _print_report(report: SyncReport) -> None:
    title = "Plan (dry run)" if report.dry_run else "Sync"
    table = Table(title=f"{title} of {report.brand} ({report.seconds:.1f} s)")
    columns = ("added", "updated", "removed", "unchanged", "failed")
    table.add_column("kind")
    for column in columns:
        table.add_column(column, justify="right")
    for kind, c in report.counts.items():
        table.add_row(kind, *(str(getattr(c, column)) for column in columns))
    console.print(table)
    verb = "would embed" if report.dry_run else "embedded"
    console.print(f"{verb} {report.embedded} text(s)")
    for failure in report.failed:
        err.print(f"[yellow]skipped[/] {failure.path}: {failure.reason}")


@kb.command("search")
def kb_search(
    brand: Annotated[str, typer.Argument(help="Brand id.")],
    query: Annotated[str, typer.Argument(help="What to look for.")],
    k: Annotated[int, typer.Option("--k", min=1, max=50, help="Number of hits.")] = 5,
    kind: Annotated[
        str | None, typer.Option(help="Only this kind: guideline, faq, post or reply.")
    ] = None,
    platform: Annotated[
        str | None, typer.Option(help="Only this platform's posts/replies.")
    ] = None,
    language: Annotated[str | None, typer.Option(help="Only this language (fr, en, ...).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print hits as JSON.")] = False,
) -> None:
    """Show the brand knowledge nearest a query, with kind, source and score."""
    if kind is not None and kind not in KINDS:
        raise _fail(f"--kind must be one of {', '.join(KINDS)}.")
    settings = Settings.from_env()
    try:
        index = open_index(settings.home, settings.chroma_url, "voix kb search")
    except IndexLocked as exc:
        params: dict[str, str | int] = {"q": query, "k": k}
        params.update(
            {n: v for n, v in (("kind", kind), ("platform", platform), ("language", language)) if v}
        )
        response = _api(settings, "GET", f"/v1/brands/{brand}/search", exc, params=params)
        hits = msgspec.json.decode(response.content, type=SearchResponse).hits
    else:
        try:
            BrandRegistry(settings.home).get(brand)
            found = Retriever(index, Embedder(settings.embedding_model)).search(
                brand,
                query,
                k,
                (kind,) if kind else KINDS,
                platform=platform,
                language=language,
            )
        except KnowledgeError as exc:
            raise _fail(str(exc)) from exc
        finally:
            index.close()
        hits = [search_hit(h) for h in found]
    if as_json:
        typer.echo(msgspec.json.encode(hits).decode())
        return
    table = Table(title=f"{brand}: {query}")
    for column in ("score", "similarity", "kind", "source", "excerpt"):
        table.add_column(column)
    for hit in hits:
        excerpt = hit.excerpt.replace("\n", " ")
        table.add_row(
            f"{hit.score:.3f}", f"{hit.similarity:.3f}", hit.kind, hit.source, excerpt[:100]
        )
    console.print(table)


Platforms = Annotated[
    list[str], typer.Option("--platform", "-p", help="Repeat for several platforms.")
]
Variants = Annotated[int, typer.Option(min=1, max=5, help="Drafts per platform.")]
Language = Annotated[str | None, typer.Option(help="Language; default: detected.")]
Json = Annotated[bool, typer.Option("--json", help="Print the response as JSON.")]


@draft.command("reply")
def draft_reply(
    comment: Annotated[str, typer.Argument(help="The comment to answer.")],
    brand: Annotated[str, typer.Option(help="Brand id.")],
    platform: Annotated[str, typer.Option(help="x, linkedin, instagram, facebook, ...")] = "x",
    context: Annotated[str | None, typer.Option(help="The post being answered.")] = None,
    language: Language = None,
    variants: Variants = 1,
    as_json: Json = False,
) -> None:
    """Triage a comment and draft replies grounded in the brand's FAQ and approved replies."""
    request = ReplyRequest(
        brand=brand,
        platform=platform,
        comment=comment,
        context=context,
        language=language,
        variants=variants,
    )
    response = _draft(request, "reply", ReplyResponse)
    if as_json:
        typer.echo(msgspec.json.encode(response).decode())
        return
    if response.triage:
        t = response.triage
        flags = (["personal data: " + ", ".join(t.pii)] if t.pii else []) + (
            ["injection suspected"] if t.injection_suspected else []
        )
        console.print(
            f"[bold]triage[/] {t.category} · severity {t.severity} · {t.sentiment} · "
            f"{t.language} → [bold]{t.action}[/]" + (f" ({'; '.join(flags)})" if flags else "")
        )
        console.print(f"  [dim]{t.why}[/]", markup=True)
    if response.note:
        console.print(f"[bold magenta]note:[/] {response.note}", markup=False)
    _print_drafts(response.drafts)


@draft.command("post")
def draft_post(
    brief: Annotated[str, typer.Argument(help="What the post is about.")],
    brand: Annotated[str, typer.Option(help="Brand id.")],
    platforms: Platforms,
    tone: Annotated[str | None, typer.Option(help="e.g. playful, formal")] = None,
    language: Language = None,
    variants: Variants = 1,
    as_json: Json = False,
) -> None:
    """Draft a post for several platforms at once, in each one's conventions."""
    request = PostRequest(
        brand=brand,
        platforms=platforms,
        brief=brief,
        tone=tone,
        language=language,
        variants=variants,
    )
    response = _draft(request, "post", PostResponse)
    if as_json:
        typer.echo(msgspec.json.encode(response).decode())
        return
    for group in response.platforms:
        console.print(
            f"[bold]{group.platform}[/] · visual: {group.visual.format} {group.visual.aspect}"
        )
        _print_drafts(group.drafts)


@draft.command("trend")
def draft_trend(
    trend: Annotated[str, typer.Argument(help="The trend, in a sentence.")],
    brand: Annotated[str, typer.Option(help="Brand id.")],
    platforms: Platforms,
    example: Annotated[
        list[str] | None, typer.Option(help="An example post of the trend (repeatable).")
    ] = None,
    language: Language = None,
    variants: Variants = 1,
    as_json: Json = False,
) -> None:
    """Judge whether a trend fits the brand, then adapt it per platform."""
    request = TrendRequest(
        brand=brand,
        trend=trend,
        platforms=platforms,
        examples=example or [],
        language=language,
        variants=variants,
    )
    response = _draft(request, "trend", TrendResponse)
    if as_json:
        typer.echo(msgspec.json.encode(response).decode())
        return
    fit = response.fit
    colour = {"go": "green", "caution": "yellow", "skip": "red"}.get(fit.verdict, "white")
    console.print(f"[bold {colour}]{fit.verdict}[/] (fit {fit.score:.2f}): {fit.why}")
    for group in response.platforms:
        console.print(f"[bold]{group.platform}[/]")
        _print_drafts(group.drafts)


def _print_drafts(drafts: list[Draft]) -> None:
    if not drafts:
        err.print("[yellow]no draft[/]")
    for number, d in enumerate(drafts, start=1):
        angle = f" · {d.angle}" if d.angle else ""
        console.print(f"[bold]#{number}[/] {d.platform} ({d.chars}/{d.limit}){angle}")
        for part in d.thread or [d.text]:
            console.print(part, markup=False)
        for warning in d.warnings:
            err.print(f"[yellow]warning:[/] {warning}", markup=False)
        for source in d.sources:
            console.print(f"  [dim]{source.kind}: {source.source}[/]")


def _draft(request: msgspec.Struct, kind: str, result: type[T]) -> T:
    """Through the running server when there is one (it owns the index), else in-process."""
    settings = Settings.from_env()
    token = load_or_create_token(settings.home, settings.token)
    try:
        response = httpx.post(
            f"{settings.base_url}/v1/drafts/{kind}",
            content=msgspec.json.encode(request),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            timeout=600,
        )
    except httpx.ConnectError:
        return _draft_in_process(settings, request, kind, result)
    except httpx.HTTPError as exc:
        raise _fail(f"the API at {settings.base_url} failed: {exc}") from exc
    if response.status_code != 200:
        raise _fail(f"{response.status_code}: {_problem_detail(response)}")
    return msgspec.json.decode(response.content, type=result)


def _draft_in_process(settings: Settings, request: msgspec.Struct, kind: str, result: type[T]) -> T:
    from server.services import Services

    try:
        services = Services.build(settings)
    except (KnowledgeError, BackendUnavailable) as exc:
        raise _fail(str(exc)) from exc
    service = {"reply": services.replies, "post": services.posts, "trend": services.trends}[kind]
    try:
        return asyncio.run(final(service.stream(request), result))  # type: ignore[attr-defined]
    except (KnowledgeError, DraftingError, BackendUnavailable) as exc:
        raise _fail(str(exc)) from exc
    finally:
        services.close()
