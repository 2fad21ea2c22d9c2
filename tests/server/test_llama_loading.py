"""The embedded model is loaded the way that runs on every x86-64 CPU: without llama.cpp's
extra buffer types, whose AMX path segfaults on the first decode. Which CPU a machine has is
luck, so the guard is checked on the parameters llama.cpp received, on any CPU."""

from __future__ import annotations

import pytest

from server.llm import LLMBackend
from server.llm.llama_loading import load_llama, received_extra_buffers, system_info
from server.llm.shipped_model import shipped_model_path


def test_llama_cpp_receives_no_extra_buffer_types_and_still_generates() -> None:
    import llama_cpp.llama_cpp as raw

    llama = load_llama(shipped_model_path(), n_ctx=256, n_threads=1, seed=1)
    try:
        assert received_extra_buffers(llama) is False
        # ...which is a change: llama.cpp's own default would allow them (and AMX)
        unguarded = getattr(raw.llama_model_default_params, "__wrapped__", None)
        assert unguarded is not None and unguarded().use_extra_bufts is True
        out = llama.create_completion("Coffee is", max_tokens=8, temperature=0.0)
        assert out["usage"]["completion_tokens"] >= 1
        assert out["choices"][0]["text"].strip()
    finally:
        llama.close()


@pytest.mark.slow
def test_the_model_process_reports_the_safe_load(embedded_llm: LLMBackend) -> None:
    assert embedded_llm.supervisor is not None
    stats = embedded_llm.supervisor.stats()
    assert stats["extra_buffer_types"] is False
    assert stats["warmup_s"] > 0  # it generated a token before it said it was ready
    assert stats["system_info"] == system_info()
    # a real generation through that process (on an AMX CPU, the unguarded load dies here)
    answer = embedded_llm.chat.invoke("Name one coffee drink.", max_tokens=12)
    assert str(answer.content).strip()
    assert embedded_llm.supervisor.stats()["last"]["completion_tokens"] >= 1
