from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from server.pairing import PairingCodes, record_pairing
from server.schemas import PairingCode, PairRequest, PairResponse
from server.security import TokenStore

PAIRING = (
    "Pairing gives the browser extension the API token without copying it by hand: "
    "`voix pair` asks for a code, the user types it in the extension's options page, and the "
    "extension trades it here for the token. Codes expire (5 minutes by default), work once, "
    "and five wrong codes void every pending one."
)


class PairingController(Controller):
    """`POST /v1/pairing/codes` needs the token; `POST /v1/pair` is public (the code is the
    credential)."""

    path = "/v1"
    tags = ["pairing"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post(
        "/pairing/codes",
        summary="Issue a one-time pairing code (what `voix pair` shows)",
        description=PAIRING + " A new code replaces any code still pending.",
        status_code=201,
    )
    async def issue_code(self, pairing: NamedDependency[PairingCodes]) -> PairingCode:
        issued = pairing.issue()
        return PairingCode(code=issued.code, expires_in=issued.expires_in)


class PairController(Controller):
    path = "/v1"
    tags = ["pairing"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post(
        "/pair",
        summary="Trade a pairing code for the API token (no token needed)",
        description=PAIRING,
        status_code=200,
        security=[],
    )
    async def pair(
        self,
        data: JSONBody[PairRequest],
        pairing: NamedDependency[PairingCodes],
        tokens: NamedDependency[TokenStore],
    ) -> PairResponse:
        pairing.redeem(data.code)
        token = tokens.current()
        record_pairing(tokens.home, token)
        return PairResponse(token=token)
