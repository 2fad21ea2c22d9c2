class BackendUnavailable(Exception):
    """The configured LLM cannot be used; the message says what to run."""
