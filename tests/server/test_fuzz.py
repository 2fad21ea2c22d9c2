"""Schemathesis against the app's own OpenAPI schema, in-process: valid and invalid requests for
every operation must never give a 5xx, and every answer must be one the schema documents
(status, content type, body).

The app runs over a small private copy of the demo brand (uploads, deletes and syncs change its
folder) with a fake chat model, so the run is about routing, validation and errors, not about
the model.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from litestar import Litestar
from litestar.testing import TestClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from knowledge.brand import BrandRegistry
from knowledge.embedding import Embedder
from knowledge.index import open_index
from knowledge.sync import sync_brand
from server.app import create_app
from server.services import Services
from server.settings import Settings
from tests.conftest import AUTH, DEMO_BRAND, TOKEN, fake_backend

EXAMPLES_PER_PASS = 20
"""Per operation and pass (valid, valid for the known brand, invalid): ~15 x 3 x 20 at most."""
PLATFORMS = ["x", "linkedin", "instagram", "facebook"]
MIN_REQUESTS = 300
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def small_brand(target: Path) -> Path:
    """The demo brand's profile and English FAQ, and a few of its posts and replies."""
    target.mkdir(parents=True)
    shutil.copy(DEMO_BRAND / "brand.toml", target / "brand.toml")
    (target / "faq").mkdir()
    shutil.copy(DEMO_BRAND / "faq" / "faq-en.md", target / "faq" / "faq-en.md")
    for kind, name in (("posts", "posts.csv"), ("replies", "replies.jsonl")):
        (target / kind).mkdir()
        lines = (DEMO_BRAND / kind / name).read_text(encoding="utf-8").splitlines(keepends=True)
        (target / kind / name).write_text("".join(lines[:16]), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Litestar]:
    home = tmp_path_factory.mktemp("fuzz-home")
    brand = small_brand(tmp_path_factory.mktemp("fuzz-brand") / "ondine")
    index = open_index(home)
    sync_brand(brand, index, embedder, BrandRegistry(home))
    settings = Settings(home=home, token=TOKEN, llm="fake", rate_limit=0, max_upload_bytes=20_000)
    replies = [
        "Thanks for asking! Our FAQ has the details.",
        "Merci ! Nous regardons cela tout de suite.",
        "New roast this week: come and taste it.",
    ]
    services = Services.build(settings, llm=fake_backend(*replies), index=index, embedder=embedder)
    yield create_app(services)
    index.close()


def known_brand(case: schemathesis.Case, platforms: list[str]) -> None:
    """Point a generated valid request at the synced brand and real platforms, so that the
    success paths (drafts, search, feedback) are exercised and their answers checked too."""
    if "brand_id" in (case.path_parameters or {}):
        case.path_parameters["brand_id"] = "ondine"
    if isinstance(case.query, dict) and "brand" in case.query:
        case.query["brand"] = "ondine"
    if isinstance(case.body, dict):
        if "brand" in case.body:
            case.body["brand"] = "ondine"
        if "platform" in case.body:
            case.body["platform"] = platforms[len(str(case.body)) % len(platforms)]
        if isinstance(case.body.get("platforms"), list) and case.body["platforms"]:
            case.body["platforms"] = platforms[: len(case.body["platforms"]) % 3 + 1]


def fuzz(
    operation: schemathesis.APIOperation,
    name: str,
    mode: schemathesis.GenerationMode,
    statuses: Counter[tuple[str, str, int]],
) -> None:
    """One pass of bounded, reproducible examples over one operation."""
    checks = [*CHECKS, negative_data_rejection] if mode.is_negative else CHECKS

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_PASS,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: schemathesis.Case) -> None:
        if name == "valid, known brand":
            known_brand(case, PLATFORMS)
        response = case.call_and_validate(headers=AUTH, checks=checks)
        statuses[(operation.label, name, response.status_code)] += 1

    try:
        run()
    except Unsatisfiable:
        # nothing to make invalid: no parameters and no body (e.g. GET /health)
        assert mode.is_negative, f"no valid request for {operation.label}"


def test_no_operation_gives_a_5xx_or_breaks_its_schema(fuzz_app: Litestar) -> None:
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", fuzz_app)
    statuses: Counter[tuple[str, str, int]] = Counter()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        fuzz(operation, "valid", schemathesis.GenerationMode.POSITIVE, statuses)
        fuzz(operation, "valid, known brand", schemathesis.GenerationMode.POSITIVE, statuses)
        fuzz(operation, "invalid", schemathesis.GenerationMode.NEGATIVE, statuses)
    assert sum(statuses.values()) >= MIN_REQUESTS, statuses
    succeeded = {label for (label, _, status) in statuses if status < 300}
    for label in ("POST /v1/drafts/reply", "POST /v1/drafts/post", "POST /v1/drafts/trend"):
        assert label in succeeded, f"{label} never succeeded: {statuses}"


OPENERS = {"[": "]", '{"a": ': "}", '{"comment": [': "]}"}


@st.composite
def nested_json(draw: st.DrawFn) -> bytes:
    """A JSON value nested 65 to 3,000 deep (arrays, objects, both), inside a real field or
    at the top: deeper than any request of the API, as deep as breaks a recursive decoder."""
    openers = draw(st.lists(st.sampled_from(sorted(OPENERS)), min_size=65, max_size=3000))
    value = "".join(openers) + draw(st.sampled_from(["0", '"x"', "[]", "{}"]))
    value += "".join(OPENERS[o] for o in reversed(openers))
    if draw(st.booleans()):
        value = '{"brand": "ondine", "platform": "x", "comment": ' + value + "}"
    return value.encode()


def test_nested_json_is_a_documented_400_on_every_json_operation(fuzz_app: Litestar) -> None:
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", fuzz_app)
    operations = [
        (operation.method.upper(), operation.path, operation.definition.raw["responses"])
        for operation in (result.ok() for result in schema.get_all_operations())
        if "application/json" in operation.get_request_payload_content_types()
    ]
    assert len(operations) >= 6
    seen: set[str] = set()
    # no `with`: the app's lifespan (its shutdown closes the shared index) is not run here
    client = TestClient(app=fuzz_app)

    @given(operation=st.sampled_from(operations), body=nested_json())
    @settings(max_examples=60, deadline=None, database=None, derandomize=True)
    def run(operation: tuple[str, str, dict[str, object]], body: bytes) -> None:
        method, path, responses = operation
        response = client.request(
            method,
            path.replace("{brand_id}", "ondine"),
            content=body,
            headers={**AUTH, "Content-Type": "application/json"},
        )
        assert response.status_code == 400, (method, path, response.text)
        assert "400" in responses, f"{method} {path} does not document its 400"
        assert response.headers["content-type"].startswith("application/problem+json")
        seen.add(path)

    run()
    assert len(seen) >= 4, seen
