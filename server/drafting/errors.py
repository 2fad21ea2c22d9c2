"""Domain errors of drafting; the API maps them to problem responses in one place."""


class DraftingError(Exception):
    pass


class UnknownPlatform(DraftingError):
    def __init__(self, platform: str, supported: list[str]) -> None:
        super().__init__(f"Unknown platform {platform!r}; supported: {', '.join(supported)}.")
        self.supported = supported


class DraftTimeout(Exception):
    """A draft ran past the configured time limit; its generation was cancelled.

    Raised by the HTTP layer's stream and mapped by `server.problems`: it lives here, below
    both, so that the problem table never imports a route."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(
            f"Drafting took longer than {seconds:g} s and was stopped. Try again, or raise "
            "VOIX_DRAFT_TIMEOUT, or use a faster model (VOIX_LLM=ollama:MODEL)."
        )


class ClientGone(Exception):
    """The client closed the connection before its JSON answer was ready."""
