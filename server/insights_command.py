"""`voix insights BRAND`: what performs in the brand's past posts, as tables or as the API's
JSON. While `voix serve` runs (it owns the index) the figures come from its API."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import httpx
import msgspec
import typer
from rich.console import Console
from rich.table import Table

from knowledge.brand import BrandRegistry
from knowledge.errors import IndexLocked, KnowledgeError
from knowledge.index import open_index
from knowledge.insights import Insights
from server.insights import InsightsService
from server.security import load_or_create_token
from server.settings import Settings

console = Console()
err = Console(stderr=True)


def insights(
    brand: Annotated[str, typer.Argument(help="Brand id.")],
    start: Annotated[
        str | None, typer.Option("--from", help="First day, YYYY-MM-DD (default: first post).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last day, inclusive (default: last post).")
    ] = None,
    platform: Annotated[
        str | None, typer.Option("--platform", "-p", help="Only this network.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the API's JSON (GET /v1/brands/ID/insights).")
    ] = False,
) -> None:
    """KPIs against the previous period, formats, best times and topics of a brand's posts."""
    first, last = _day(start, "--from"), _day(end, "--to")
    settings = Settings.from_env()
    try:
        index = open_index(settings.home, settings.chroma_url, "voix insights")
    except IndexLocked as exc:
        result = _from_api(settings, brand, start, end, platform, exc)
    else:
        try:
            result = InsightsService(BrandRegistry(settings.home), index).compute(
                brand, first, last, platform
            )
        except KnowledgeError as exc:
            raise _fail(str(exc)) from exc
        finally:
            index.close()
    if as_json:
        typer.echo(msgspec.json.encode(result).decode())
    else:
        _print(result)


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(f"{option} {value!r} is not a date: write it YYYY-MM-DD.") from None


def _from_api(
    settings: Settings,
    brand: str,
    start: str | None,
    end: str | None,
    platform: str | None,
    locked: IndexLocked,
) -> Insights:
    params = {k: v for k, v in (("from", start), ("to", end), ("platform", platform)) if v}
    token = load_or_create_token(settings.home, settings.token)
    try:
        response = httpx.get(
            f"{settings.base_url}/v1/brands/{brand}/insights",
            params=params,
            headers={"Authorization": f"Bearer {token}"},
            timeout=600,
        )
    except httpx.HTTPError:
        raise _fail(f"{locked} (no Voix server answers at {settings.base_url}).") from None
    if response.status_code >= 400:
        try:
            detail = str(response.json().get("detail", response.text))
        except ValueError:
            detail = response.text
        raise _fail(f"{response.status_code}: {detail}")
    return msgspec.json.decode(response.content, type=Insights)


def _print(result: Insights) -> None:
    period = f"{result.period.start} to {result.period.end}" if result.period else "all posts"
    kpis = Table(title=f"{result.brand}: {period} ({result.timezone})")
    for column in ("platform", "posts", "impressions", "reach", "engagements", "rate", "vs prev"):
        kpis.add_column(column, justify="left" if column == "platform" else "right")
    for row in result.kpis:
        kpis.add_row(
            row.platform,
            str(row.posts),
            f"{row.impressions:,}",
            "—" if row.reach is None else f"{row.reach:,}",
            f"{row.engagements:,}",
            _percent(row.engagement_rate),
            _signed(row.change.engagement_rate),
        )
    console.print(kpis)
    if result.formats:
        table = Table(title="Formats (median rate over the platform's)")
        for column in ("platform", "format", "posts", "median rate", "lift"):
            table.add_column(column)
        for f in result.formats:
            table.add_row(
                f.platform,
                f.format + (" (few posts)" if f.low_confidence else ""),
                str(f.posts),
                _percent(f.median_engagement_rate),
                _lift(f.lift),
            )
        console.print(table)
    if result.best_times:
        table = Table(title=f"Best times ({result.timezone})")
        for column in ("platform", "weekday", "hour", "posts", "lift"):
            table.add_column(column)
        for s in result.best_times:
            table.add_row(s.platform, s.weekday, f"{s.hour:02d}:00", str(s.posts), _lift(s.lift))
        console.print(table)
    if result.topics:
        table = Table(title="Topics")
        for column in ("topic", "posts", "lift", "example"):
            table.add_column(column)
        for t in result.topics:
            example = t.examples[0].text.replace("\n", " ")[:70] if t.examples else ""
            table.add_row(t.label, str(t.posts), _lift(t.lift), example)
        console.print(table)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.2%}"


def _signed(value: float | None) -> str:
    return "—" if value is None else f"{value:+.0%}"


def _lift(value: float | None) -> str:
    return "—" if value is None else f"×{value:.2f}"


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)
