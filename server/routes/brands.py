from dataclasses import dataclass
from typing import Annotated, Any

from litestar import Controller, Request, delete, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, JSONBody, PathParameter, QueryParameter

from knowledge.audit import AuditEntry
from knowledge.chunking import Kind
from knowledge.sync import SyncReport
from server.openapi import problem_response
from server.schemas import (
    BrandDetail,
    BrandSummary,
    SearchResponse,
    SyncRequest,
    search_hit,
)
from server.services import Services

BrandId = Annotated[str, PathParameter(pattern=r"^[a-z0-9][a-z0-9_-]{0,62}$")]


@dataclass
class DocumentUpload:
    file: UploadFile
    kind: Kind


def _actor(request: Request[Any, Any, Any], what: str) -> str:
    """Who asked, for the audit log: the bearer-token holder (every brand route is guarded),
    at the socket's address (proxy headers are not trusted unless VOIX_TRUSTED_PROXIES)."""
    client = request.client.host if request.client else "unknown"
    return f"api {what} (bearer token, from {client})"


class BrandsController(Controller):
    path = "/v1/brands"
    tags = ["brands"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/", summary="List the synced brands")
    async def list_brands(self, services: NamedDependency[Services]) -> list[BrandSummary]:
        return services.brands.all()

    @get("/{brand_id:str}", summary="A brand's profile, entry counts and documents")
    async def get_brand(
        self, brand_id: BrandId, services: NamedDependency[Services]
    ) -> BrandDetail:
        return services.brands.detail(brand_id)

    @get("/{brand_id:str}/history", summary="The brand's sync audit log, newest first")
    async def history(
        self,
        brand_id: BrandId,
        services: NamedDependency[Services],
        limit: Annotated[int, QueryParameter(ge=1, le=1000)] = 50,
    ) -> list[AuditEntry]:
        return services.brands.history(brand_id, limit)

    @post(
        "/{brand_id:str}/sync",
        summary="Re-sync the brand's folder",
        status_code=200,
        responses={
            409: problem_response(
                409,
                "A sync of this brand is already running, or `folder` is not the brand's "
                "registered folder and `replace` was not sent",
                "Brand 'ondine' is synced from /home/me/ondine (162 entries); syncing /tmp/x as "
                "'ondine' would remove 162 of them and register the new folder. Send "
                '"replace": true (CLI: --replace) to confirm, or "dry_run": true to see the plan.',
                "folder-change",
            )
        },
    )
    async def sync(
        self,
        brand_id: BrandId,
        request: Request[Any, Any, Any],
        services: NamedDependency[Services],
        data: JSONBody[SyncRequest | None] = None,
    ) -> SyncReport:
        body = data or SyncRequest()
        return await services.brands.sync(
            brand_id, body.folder, _actor(request, "sync"), body.dry_run, body.replace
        )

    @delete(
        "/{brand_id:str}/documents/{document:path}",
        summary="Delete one file of the brand and its entries",
        status_code=200,
        responses={
            404: problem_response(
                404,
                "Unknown brand or document",
                "Brand 'ondine' has no document 'faq/old.md'; GET /v1/brands/ondine lists its "
                "documents.",
                "document-not-found",
                document="faq/old.md",
            ),
            409: problem_response(
                409,
                "A sync of this brand is running, or the document is a symbolic link",
                "faq/notes.md in brand 'ondine' is a symbolic link; Voix never writes or deletes "
                "through links or over folders. Replace it with a real file or folder.",
                "unsafe-path",
            ),
        },
    )
    async def delete_document(
        self,
        brand_id: BrandId,
        document: FromPath[str],
        request: Request[Any, Any, Any],
        services: NamedDependency[Services],
    ) -> SyncReport:
        return await services.brands.delete_document(
            brand_id, document.lstrip("/"), _actor(request, "delete")
        )

    @get("/{brand_id:str}/search", summary="Hybrid search of the brand's knowledge")
    async def search(
        self,
        brand_id: BrandId,
        services: NamedDependency[Services],
        q: Annotated[str, QueryParameter(min_length=1, max_length=1000)],
        k: Annotated[int, QueryParameter(ge=1, le=50)] = 5,
        kind: FromQuery[Kind | None] = None,
        platform: Annotated[str | None, QueryParameter(max_length=32)] = None,
        language: Annotated[str | None, QueryParameter(pattern=r"^[a-z]{2}$")] = None,
    ) -> SearchResponse:
        hits = await services.brands.search(brand_id, q, k, kind, platform, language)
        return SearchResponse(hits=[search_hit(h) for h in hits])


class UploadsController(Controller):
    """Apart from the other brand routes so that its router can carry the upload size limit
    (VOIX_MAX_UPLOAD_BYTES) instead of the smaller limit on every other body."""

    path = "/v1/brands"
    tags = ["brands"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post(
        "/{brand_id:str}/documents",
        summary="Upload one file into the brand and index it at once",
        status_code=201,
        responses={
            409: problem_response(
                409,
                "A sync of this brand is running, or the target is a symbolic link",
                "faq/faq.csv in brand 'ondine' is a symbolic link; Voix never writes or deletes "
                "through links or over folders. Replace it with a real file or folder.",
                "unsafe-path",
            ),
            413: problem_response(
                413,
                "The file is larger than VOIX_MAX_UPLOAD_BYTES",
                "big.csv is 120,000 bytes; the limit is 50,000 bytes (VOIX_MAX_UPLOAD_BYTES)",
                "upload-rejected",
            ),
            415: problem_response(
                415,
                "A file type the brand folder does not hold, or a body that is not multipart",
                ".exe is not accepted for faqs; accepted: .csv, .docx, .html, .jsonl, .md, .yaml",
                "upload-rejected",
            ),
            422: problem_response(
                422,
                "An empty, unreadable or mis-columned file, or a missing form field",
                "broken.csv lacks column(s) question (found: title)",
                "upload-rejected",
            ),
        },
    )
    async def upload(
        self,
        brand_id: BrandId,
        request: Request[Any, Any, Any],
        services: NamedDependency[Services],
        data: Annotated[DocumentUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> SyncReport:
        content = await data.file.read()
        return await services.brands.upload(
            brand_id, data.kind, data.file.filename, content, _actor(request, "upload")
        )
