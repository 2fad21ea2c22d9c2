"""llama-cpp-python's own OpenAI-compatible server (`python -m llama_cpp.server`), loaded the
crash-safe way: the tests of `VOIX_LLM=openai:MODEL` run against it on loopback, and on a CPU
with AMX its unguarded load would segfault on the first decode, as Voix's own would.

    python -m tests.support.llama_cpp_server --model PATH --port N [llama_cpp.server options]
"""

from __future__ import annotations

from server.llm.llama_loading import use_safe_buffers

if __name__ == "__main__":
    use_safe_buffers()
    from llama_cpp.server.__main__ import main

    main()
