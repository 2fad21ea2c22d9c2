class BackendUnavailable(Exception):
    """The configured LLM cannot be used; the message says what to run.

    `retry_after` (whole seconds) is set when the backend is expected back by itself, e.g. the
    embedded model restarting after a crash: the API answers 503 with `Retry-After`.
    """

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
