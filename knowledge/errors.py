"""Domain errors of the knowledge base; the API maps them to problem responses once."""


class KnowledgeError(Exception):
    """Base class: the message says what went wrong and what to do next."""


class BrandNotFound(KnowledgeError):
    def __init__(self, brand_id: str, known: list[str]) -> None:
        hint = f"known brands: {', '.join(known)}" if known else "no brand is synced yet"
        super().__init__(f"Unknown brand {brand_id!r} ({hint}). Sync it with `voix kb sync PATH`.")
        self.brand_id = brand_id


class InvalidBrand(KnowledgeError):
    """A brand folder or its brand.toml cannot be used."""


class IndexLocked(KnowledgeError):
    """Another process owns the embedded index (see knowledge.index)."""


class SyncInProgress(KnowledgeError):
    def __init__(self, brand_id: str) -> None:
        super().__init__(
            f"A sync of brand {brand_id!r} is already running; try again when it ends."
        )
        self.brand_id = brand_id


class DocumentNotFound(KnowledgeError):
    def __init__(self, brand_id: str, document: str) -> None:
        super().__init__(
            f"Brand {brand_id!r} has no document {document!r}; "
            f"GET /v1/brands/{brand_id} lists its documents."
        )
        self.brand_id = brand_id
        self.document = document


class FolderChange(KnowledgeError):
    """A sync would register a brand to another folder: what that removes needs a yes first."""

    def __init__(
        self, brand_id: str, registered: str, folder: str, indexed: int, removed: int
    ) -> None:
        super().__init__(
            f"Brand {brand_id!r} is synced from {registered} ({indexed} entries); syncing "
            f"{folder} as {brand_id!r} would remove {removed} of them and register the new "
            'folder. Send "replace": true (CLI: --replace) to confirm, or "dry_run": true '
            "to see the plan."
        )
        self.brand_id = brand_id
        self.registered = registered
        self.folder = folder
        self.indexed = indexed
        self.removed = removed


class UnsafePath(KnowledgeError):
    """A write or delete that would go through a symbolic link, out of the brand folder."""

    def __init__(self, brand_id: str, path: str, reason: str = "is a symbolic link") -> None:
        super().__init__(
            f"{path} in brand {brand_id!r} {reason}; Voix never writes or deletes through "
            "links or over folders. Replace it with a real file or folder."
        )
        self.brand_id = brand_id
        self.path = path
