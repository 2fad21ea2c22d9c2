"""The `voix` command: server's command groups and `voix eval`, mounted at one root, and
`voix serve`, which serves the application composed in `voix.app`."""

from __future__ import annotations

import sys
from typing import Annotated

import msgspec
import typer
from rich.console import Console
from rich.markup import escape

from eval.cli import app as eval_app
from server.cli import app as server_commands
from server.insights_command import insights
from server.security import is_loopback, keep_new_files_private, tighten_home
from server.settings import Settings

app = typer.Typer(
    help="Voix: drafts for community managers, grounded in each brand's knowledge.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(server_commands)  # doctor, token, pair, kb …, draft … at the top level
app.add_typer(eval_app, name="eval")
app.command()(insights)

console = Console()
err = Console(stderr=True)


@app.callback()
def _private_home() -> None:
    # Before any command opens VOIX_HOME: new files private (umask), an existing home tightened.
    keep_new_files_private()
    try:
        home = Settings.from_env().home
    except ValueError:
        return  # the command itself reports the bad setting
    if changed := tighten_home(home):
        err.print(
            f"[yellow]note:[/] {escape(str(home))} was readable by other users: made "
            f"{changed} entries owner-only (folders 0700, files 0600)."
        )


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind (VOIX_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (VOIX_PORT).")] = None,
    allow_remote: Annotated[
        bool,
        typer.Option("--allow-remote", help="Allow binding an interface other machines can reach."),
    ] = False,
) -> None:
    """Serve the local API (default http://127.0.0.1:8765)."""
    import uvicorn

    from knowledge.errors import KnowledgeError
    from server.http_server import uvicorn_options
    from server.llm import BackendUnavailable
    from server.request_log import log_config
    from server.security import load_or_create_token
    from server.services import Services
    from voix.app import create_app

    settings = Settings.from_env()
    settings = msgspec.structs.replace(
        settings, host=host or settings.host, port=port or settings.port
    )
    if not is_loopback(settings.host):
        if not allow_remote:
            raise _fail(
                f"refusing to listen on {settings.host}: other machines could reach the API. "
                "Voix listens on 127.0.0.1 by default; to expose it anyway, add --allow-remote."
            )
        err.print(
            f"[bold yellow]warning:[/] listening on {settings.host}: anyone who can reach this "
            "machine on port "
            f"{settings.port} can try the API. Only the token protects it, and it travels "
            "unencrypted over plain HTTP; put it behind your own network controls."
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
    console.print("  Extension: pair it with `voix pair` (in another terminal)")
    uvicorn.run(
        create_app(services), **uvicorn_options(settings), log_config=log_config(), access_log=False
    )


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
