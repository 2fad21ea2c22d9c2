"""Domain errors of drafting; the API maps them to problem responses in one place."""


class DraftingError(Exception):
    pass


class UnknownPlatform(DraftingError):
    def __init__(self, platform: str, supported: list[str]) -> None:
        super().__init__(f"Unknown platform {platform!r}; supported: {', '.join(supported)}.")
        self.supported = supported
