"""GET /v1/brands/{id}/insights over the synced demo brand, and `voix insights` on a small
brand of its own: the totals are the export's column sums, bad queries are 4xx/clear errors,
and --json prints exactly what the API serves."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import msgspec
import pytest
from typer.testing import CliRunner

from knowledge.brand import NETWORKS, BrandRegistry
from knowledge.embedding import Embedder
from knowledge.index import open_index
from knowledge.insights import Insights
from knowledge.sync import sync_brand
from server.platforms.rules import PLATFORMS
from tests.conftest import AUTH, DEMO_BRAND, fake_backend
from voix.cli import app


def test_cadence_networks_are_the_drafting_platforms() -> None:
    assert set(NETWORKS) == set(PLATFORMS)


def _export_sums() -> dict[str, int]:
    with (DEMO_BRAND / "posts" / "posts.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {
        "posts": len(rows),
        "impressions": sum(int(r["impressions"]) for r in rows),
        "engagements": sum(int(r["likes"]) + int(r["comments"]) + int(r["shares"]) for r in rows),
    }


async def test_totals_equal_the_demo_export_sums(client_for: Any) -> None:
    client = await client_for(fake_backend())
    response = await client.get("/v1/brands/ondine/insights", headers=AUTH)
    assert response.status_code == 200, response.text
    result = msgspec.json.decode(response.content, type=Insights)
    total = next(k for k in result.kpis if k.platform == "all")
    assert {
        "posts": total.posts,
        "impressions": total.impressions,
        "engagements": total.engagements,
    } == _export_sums()
    platforms = [k for k in result.kpis if k.platform != "all"]
    assert sum(k.impressions for k in platforms) == total.impressions
    assert result.topics and all(len(t.examples) == 2 for t in result.topics if t.posts > 1)


async def test_a_platform_and_period_narrow_the_figures(client_for: Any) -> None:
    client = await client_for(fake_backend())
    response = await client.get(
        "/v1/brands/ondine/insights",
        params={"platform": "LinkedIn", "from": "2025-01-01", "to": "2025-06-30"},
        headers=AUTH,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["platform"] == "linkedin"
    assert body["period"] == {"start": "2025-01-01", "end": "2025-06-30"}
    assert body["previous_period"] == {"start": "2024-07-04", "end": "2024-12-31"}
    assert {k["platform"] for k in body["kpis"]} == {"linkedin", "all"}


@pytest.mark.parametrize(
    ("params", "status", "says"),
    [
        ({"from": "2025-13-01"}, 422, '"key":"from"'),
        ({"to": "yesterday"}, 422, "`to` is 'yesterday', not a date"),
        ({"from": "2025-03-08", "to": "2025-03-01"}, 400, "swap --from and --to"),
        ({"platform": "myspace"}, 400, "its platforms:"),
    ],
)
async def test_bad_queries_are_client_errors(
    client_for: Any, params: dict[str, str], status: int, says: str
) -> None:
    client = await client_for(fake_backend())
    response = await client.get("/v1/brands/ondine/insights", params=params, headers=AUTH)
    assert response.status_code == status, response.text
    assert says in response.text


async def test_an_unknown_brand_is_404(client_for: Any) -> None:
    client = await client_for(fake_backend())
    response = await client.get("/v1/brands/nobody/insights", headers=AUTH)
    assert response.status_code == 404


POSTS = """platform,Publish time,Post type,text,likes,comments,shares,impressions,Reach,saves
instagram,2025-03-03T17:30:00Z,Reel,Notre espresso du mois est arrivé,90,10,5,1000,900,12
instagram,2025-03-10T17:30:00Z,reel,Un nouveau café d'Éthiopie en espresso,80,9,4,1000,850,11
instagram,2025-03-17T17:30:00Z,REEL,Latte art : la rosette pas à pas,85,8,3,1000,870,9
instagram,2025-03-05T08:00:00Z,Photo,Atelier cupping samedi à la brûlerie,20,2,1,1000,700,2
instagram,2025-03-12T08:00:00Z,photo,Les ateliers barista reprennent en avril,25,3,1,1000,720,3
linkedin,2025-03-06T09:00:00+01:00,text,Nous recrutons un torréfacteur,40,6,8,2000,,
"""


@pytest.fixture
def cli_home(tmp_path: Path, embedder: Embedder) -> dict[str, str]:
    brand = tmp_path / "acme"
    (brand / "posts").mkdir(parents=True)
    (brand / "brand.toml").write_text(
        'id = "acme"\nname = "Acme"\n[calendar]\ntimezone = "Europe/Paris"\n'
        '[columns.post]\npublished_at = "Publish time"\nformat = "Post type"\nreach = "Reach"\n',
        encoding="utf-8",
    )
    (brand / "posts" / "posts.csv").write_text(POSTS, encoding="utf-8")
    home = tmp_path / "home"
    index = open_index(home)
    try:
        report = sync_brand(brand, index, embedder, BrandRegistry(home))
    finally:
        index.close()
    assert not report.failed
    return {"VOIX_HOME": str(home)}


def test_the_cli_prints_tables_and_the_api_json(cli_home: dict[str, str]) -> None:
    runner = CliRunner()
    shown = runner.invoke(app, ["insights", "acme"], env=cli_home)
    assert shown.exit_code == 0, shown.output
    assert "Best times (Europe/Paris)" in shown.output
    assert "monday" in shown.output and "18:00" in shown.output  # 17:30 UTC in March, Paris

    printed = runner.invoke(app, ["insights", "acme", "--json"], env=cli_home)
    assert printed.exit_code == 0, printed.output
    result = msgspec.json.decode(printed.stdout, type=Insights)
    total = next(k for k in result.kpis if k.platform == "all")
    assert (total.posts, total.impressions, total.reach) == (6, 7000, 900 + 850 + 870 + 700 + 720)
    assert total.engagements == 90 + 10 + 5 + 12 + 80 + 9 + 4 + 11 + 85 + 8 + 3 + 9 + (
        20 + 2 + 1 + 2
    ) + (25 + 3 + 1 + 3) + (40 + 6 + 8)
    instagram = [f for f in result.formats if f.platform == "instagram"]
    assert [f.format for f in instagram] == ["reel", "photo"]
    best = next(s for s in result.best_times if s.platform == "instagram")
    assert (best.weekday, best.hour, best.posts) == ("monday", 18, 3)


def test_the_cli_refuses_a_malformed_date(cli_home: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["insights", "acme", "--from", "03/01/2025"], env=cli_home)
    assert result.exit_code == 1
    assert "--from '03/01/2025' is not a date" in result.output
