"""LLM backends behind LangChain's chat-model interface, chosen by `VOIX_LLM`.

The names are loaded on first use: the embedded model's own process (`server.llm.runner`)
lives in this package and must not pay for importing LangChain and the HTTP clients.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from server.llm.errors import BackendUnavailable

if TYPE_CHECKING:
    from server.llm.selection import LLMBackend, build_backend

__all__ = ["BackendUnavailable", "LLMBackend", "build_backend"]


def __getattr__(name: str) -> Any:
    if name in {"LLMBackend", "build_backend"}:
        from server.llm import selection

        return getattr(selection, name)
    raise AttributeError(name)
