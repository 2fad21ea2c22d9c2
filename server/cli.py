"""The `voix` command: serve the API, manage brand knowledge, draft from the terminal."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Annotated

import httpx
import msgspec
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table

from knowledge.brand import BrandRegistry
from knowledge.embedding import Embedder
from knowledge.errors import KnowledgeError
from knowledge.index import KnowledgeIndex, open_index
from knowledge.retrieval import Retriever
from knowledge.sync import SyncReport, sync_brand
from server.drafting.errors import DraftingError
from server.llm import BackendUnavailable
from server.schemas import ReplyRequest, ReplyResponse
from server.security import load_or_create_token
from server.settings import Settings

app = typer.Typer(
    help="Voix: drafts for community managers, grounded in each brand's knowledge.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
kb = typer.Typer(help="Sync and search brand knowledge.", no_args_is_help=True)
draft = typer.Typer(help="Draft from the terminal (through the running API when there is one).")
app.add_typer(kb, name="kb")
app.add_typer(draft, name="draft")

console = Console()
err = Console(stderr=True)


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


def _open(settings: Settings) -> KnowledgeIndex:
    try:
        return open_index(settings.home, settings.chroma_url)
    except KnowledgeError as exc:
        raise _fail(str(exc)) from exc


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind (VOIX_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (VOIX_PORT).")] = None,
) -> None:
    """Serve the local API (default http://127.0.0.1:8765)."""
    import uvicorn

    from server.app import create_app
    from server.services import Services

    settings = Settings.from_env()
    settings = msgspec.structs.replace(
        settings, host=host or settings.host, port=port or settings.port
    )
    try:
        services = Services.build(settings)
    except (KnowledgeError, BackendUnavailable) as exc:
        raise _fail(str(exc)) from exc
    token = load_or_create_token(settings.home, settings.token)
    console.print(f"[bold]Voix[/] serving with {services.llm.backend} ({services.llm.model})")
    console.print(f"  API:      {settings.base_url}")
    console.print(f"  Docs:     {settings.base_url}/schema")
    console.print(f"  Token:    {token}")
    console.print(
        f"  Brands:   {', '.join(services.registry.ids()) or '(none: voix kb sync PATH)'}"
    )
    uvicorn.run(create_app(services), host=settings.host, port=settings.port, log_level="info")


@app.command()
def token() -> None:
    """Print the API token (created on first use, stored 0600 in VOIX_HOME)."""
    settings = Settings.from_env()
    typer.echo(load_or_create_token(settings.home, settings.token))


@kb.command("sync")
def kb_sync(
    path: Annotated[Path, typer.Argument(help="The brand folder (with brand.toml).")],
    brand: Annotated[str | None, typer.Option(help="Brand id; default: brand.toml's id.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Index a brand folder: adds, updates and removes exactly what changed."""
    if not path.is_dir():
        raise _fail(f"{path} is not a folder; pass the brand folder that holds brand.toml.")
    settings = Settings.from_env()
    index = _open(settings)
    try:
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=as_json,
        ) as bar:
            task = bar.add_task("Embedding", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            report = sync_brand(
                path,
                index,
                Embedder(settings.embedding_model),
                BrandRegistry(settings.home),
                brand,
                progress,
            )
    except KnowledgeError as exc:
        raise _fail(str(exc)) from exc
    finally:
        index.close()
    if as_json:
        typer.echo(msgspec.json.encode(report).decode())
    else:
        _print_report(report)
    if report.failed:
        raise typer.Exit(2)


def _print_report(report: SyncReport) -> None:
    table = Table(title=f"Sync of {report.brand} ({report.seconds:.1f} s)")
    for column in ("kind", "added", "removed", "unchanged"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for kind, c in report.counts.items():
        table.add_row(kind, str(c.added), str(c.removed), str(c.unchanged))
    console.print(table)
    for failure in report.failed:
        err.print(f"[yellow]skipped[/] {failure.path}: {failure.reason}")


@kb.command("search")
def kb_search(
    brand: Annotated[str, typer.Argument(help="Brand id.")],
    query: Annotated[str, typer.Argument(help="What to look for.")],
    k: Annotated[int, typer.Option("--k", min=1, max=50, help="Number of hits.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print hits as JSON.")] = False,
) -> None:
    """Show the brand knowledge nearest a query, with kind, source and score."""
    settings = Settings.from_env()
    registry = BrandRegistry(settings.home)
    index = _open(settings)
    try:
        registry.get(brand)
        hits = Retriever(index, Embedder(settings.embedding_model)).search(brand, query, k)
    except KnowledgeError as exc:
        raise _fail(str(exc)) from exc
    finally:
        index.close()
    if as_json:
        typer.echo(msgspec.json.encode(hits).decode())
        return
    table = Table(title=f"{brand}: {query}")
    for column in ("score", "kind", "source", "excerpt"):
        table.add_column(column)
    for hit in hits:
        excerpt = hit.excerpt.replace("\n", " ")
        table.add_row(f"{hit.score:.3f}", hit.kind, hit.source, excerpt[:120])
    console.print(table)


@draft.command("reply")
def draft_reply(
    comment: Annotated[str, typer.Argument(help="The comment to answer.")],
    brand: Annotated[str, typer.Option(help="Brand id.")],
    platform: Annotated[str, typer.Option(help="x, linkedin, instagram, facebook, ...")] = "x",
    language: Annotated[
        str | None, typer.Option(help="Reply language; default: the comment's.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the response as JSON.")] = False,
) -> None:
    """Draft a reply to a comment, grounded in the brand's FAQ and approved replies."""
    settings = Settings.from_env()
    request = ReplyRequest(brand=brand, platform=platform, comment=comment, language=language)
    response = _reply_via_api(settings, request) or _reply_in_process(settings, request)
    if as_json:
        typer.echo(msgspec.json.encode(response).decode())
        return
    for d in response.drafts:
        console.print(f"[bold]{d.platform}[/] ({d.chars}/{d.limit}, {response.language})")
        console.print(d.text, markup=False)
        for warning in d.warnings:
            err.print(f"[yellow]warning:[/] {warning}")
        for source in d.sources:
            console.print(f"  [dim]{source.kind}: {source.source}[/]")


def _reply_via_api(settings: Settings, request: ReplyRequest) -> ReplyResponse | None:
    """The running server owns the index; ask it. None when no server answers."""
    token = load_or_create_token(settings.home, settings.token)
    try:
        response = httpx.post(
            f"{settings.base_url}/v1/drafts/reply",
            content=msgspec.json.encode(request),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            timeout=300,
        )
    except httpx.ConnectError:
        return None
    except httpx.HTTPError as exc:
        raise _fail(f"the API at {settings.base_url} failed: {exc}") from exc
    if response.status_code != 200:
        detail = response.json().get("detail", response.text) if response.content else ""
        raise _fail(f"{response.status_code}: {detail}")
    return msgspec.json.decode(response.content, type=ReplyResponse)


def _reply_in_process(settings: Settings, request: ReplyRequest) -> ReplyResponse:
    from server.services import Services

    try:
        services = Services.build(settings)
    except (KnowledgeError, BackendUnavailable) as exc:
        raise _fail(str(exc)) from exc
    try:
        return asyncio.run(services.replies.draft(request))
    except (KnowledgeError, DraftingError, BackendUnavailable) as exc:
        raise _fail(str(exc)) from exc
    finally:
        services.close()


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
