"""GET /v1/brands/{id}/insights: parse the period and platform, call the insights service."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.exceptions import ValidationException
from litestar.params import PathParameter, QueryParameter

from knowledge.insights import Insights
from server.openapi import problem_response
from server.services import Services

BrandId = Annotated[str, PathParameter(pattern=r"^[a-z0-9][a-z0-9_-]{0,62}$")]


class InsightsController(Controller):
    path = "/v1/brands"
    tags = ["insights"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get(
        "/{brand_id:str}/insights",
        summary="KPIs, formats, best times and topics from the brand's past posts",
        description=(
            "Every figure is computed from the brand's synced posts export. Without `from` "
            "and `to`, every post counts and the totals equal the export's column sums; the "
            "previous period has the same number of days and ends the day before `from`."
        ),
        sync_to_thread=True,
        responses={
            400: problem_response(
                400,
                "A period that ends before it starts, or a platform the brand has no post on",
                "No post of brand 'ondine' is on 'myspace'; its platforms: facebook, "
                "instagram, linkedin.",
                "invalid-insights-query",
            )
        },
    )
    def insights(
        self,
        brand_id: BrandId,
        services: NamedDependency[Services],
        start: Annotated[
            str | None, QueryParameter(name="from", description="First day (YYYY-MM-DD).")
        ] = None,
        end: Annotated[
            str | None, QueryParameter(name="to", description="Last day (YYYY-MM-DD), inclusive.")
        ] = None,
        platform: Annotated[
            str | None, QueryParameter(max_length=40, description="Only this network.")
        ] = None,
    ) -> Insights:
        return services.insights.compute(brand_id, _day(start, "from"), _day(end, "to"), platform)


def _day(value: str | None, name: str) -> date | None:
    """A YYYY-MM-DD query value; a malformed one is a 422 naming `from` or `to` as sent (a
    `date` annotation would name the handler's own argument instead)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationException(
            detail=f"`{name}` is {value[:40]!r}, not a date",
            extra=[{"message": "Expected a date, YYYY-MM-DD", "key": name, "source": "query"}],
        ) from None
