from litestar import get
from litestar.di import NamedDependency

from server import __version__
from server.schemas import Health
from server.services import Services


@get("/health", tags=["health"], summary="Liveness, backend and brand count (no token needed)")
async def health(services: NamedDependency[Services]) -> Health:
    model = services.llm.status()
    return Health(
        status="ok",
        backend=services.llm.backend,
        model=services.llm.model,
        model_status=model.state,
        model_restarts=model.restarts,
        brands=len(services.registry.ids()),
        version=__version__,
    )
