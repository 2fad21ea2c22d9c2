"""LLM backends behind LangChain's chat-model interface, chosen by `VOIX_LLM`."""

from server.llm.errors import BackendUnavailable
from server.llm.selection import LLMBackend, build_backend

__all__ = ["BackendUnavailable", "LLMBackend", "build_backend"]
