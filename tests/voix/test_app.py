"""The application composed at its root: the API and eval's review pages, mounted together by
`voix.app`, while the API built alone (`server.app`) serves no review page."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from server.app import create_app as create_api
from tests.conftest import AUTH, fake_backend
from voix.app import create_app


def paths(app: Litestar) -> set[str]:
    return {route.path for route in app.routes}


async def test_the_root_mounts_the_api_and_the_review_pages(make_app: Any) -> None:
    app = make_app(fake_backend("ok"))  # tests.conftest builds it with voix.app.create_app
    assert make_app.__module__ == "tests.conftest" and create_app.__module__ == "voix.app"
    mounted = paths(app)
    assert any(path.startswith("/v1/") for path in mounted)
    assert any(path.startswith("/review") for path in mounted)
    async with AsyncTestClient(app=app) as client:
        brands = await client.get("/v1/brands", headers=AUTH)
        assert brands.status_code == 200
        assert any(brand["id"] == "ondine" for brand in brands.json())
        review = await client.get("/review", headers={"Accept": "text/html"})
        assert review.status_code == 401  # mounted, and asks for a sign-in
        assert "voix eval review" in review.text
        asset = await client.get("/review/assets/review.css")
        assert asset.status_code == 200


async def test_the_api_alone_mounts_no_review_page(make_app: Any) -> None:
    composed = make_app(fake_backend("ok"))
    services = composed.state.services
    api = create_api(services)
    assert not any(path.startswith("/review") for path in paths(api))
    review = {path for path in paths(composed) if path.startswith("/review")}
    assert paths(api) | review == paths(composed), "the root adds the review pages, nothing else"
