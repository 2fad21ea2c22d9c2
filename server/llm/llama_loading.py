"""Loading a GGUF model into llama.cpp the way that runs on every x86-64 CPU.

llama.cpp repacks weights into "extra buffer types" when the CPU offers a faster layout. On
CPUs with AMX (Intel Sapphire Rapids and later, common in clouds) a build made with
`-march=native` moves the weights into its AMX buffer type, and the first decode segfaults
(llama.cpp issue 20824, "segfault in ggml_backend_amx_mul_mat"). We load every model with
`use_extra_bufts = false` rather than building without AMX:

- it holds whatever the build: pip reuses a wheel it built earlier on another machine, a
  prebuilt wheel may carry AMX, and `-march=native` decides at build time, on the CPU of the
  machine that built, what the machine that runs will do;
- it is checkable at run time: `Llama.model_params` is the very struct llama.cpp received,
  so a test proves the guard on any CPU, AMX or not;
- it costs nothing measurable here: SmolLM2's Q4_1 and Q8_0 tensors have no CPU repack
  either way (docs/benchmarks.md, "Embedded model").

`Llama.__init__` builds its parameters from `llama_model_default_params()` and loads at once,
with no argument for this field, so the model's process replaces that function by one that
returns the defaults with extra buffer types off. Only the process that runs the model (or a
test's own llama.cpp server) calls `use_safe_buffers`; `load_llama` refuses to hand back a
model that was not loaded that way.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

_installed = threading.Lock()
_done = False


class UnsafeLoad(RuntimeError):
    """llama.cpp received parameters that allow the crashing buffer types."""


def use_safe_buffers() -> None:
    """From now on, every llama.cpp model this process loads skips extra buffer types."""
    global _done
    import llama_cpp.llama_cpp as raw

    with _installed:
        if _done:
            return
        defaults = raw.llama_model_default_params

        def safe_defaults() -> Any:
            params = defaults()
            params.use_extra_bufts = False
            return params

        safe_defaults.__wrapped__ = defaults  # type: ignore[attr-defined]
        raw.llama_model_default_params = safe_defaults
        _done = True


def received_extra_buffers(llama: Any) -> bool:
    """What llama.cpp was told for this model: True means the AMX path was allowed."""
    return bool(llama.model_params.use_extra_bufts)


def load_llama(
    path: Path, *, n_ctx: int, n_threads: int, seed: int, kind: type | None = None
) -> Any:
    """`llama_cpp.Llama` (or its subclass `kind`) for `path`, loaded without extra buffer
    types (checked)."""
    from llama_cpp import Llama

    use_safe_buffers()
    llama = (kind or Llama)(
        model_path=str(path),
        n_ctx=n_ctx,
        n_threads=n_threads,
        n_threads_batch=n_threads,
        seed=seed,
        verbose=False,
    )
    if received_extra_buffers(llama):
        llama.close()
        raise UnsafeLoad(
            "llama.cpp was asked to use extra buffer types (the AMX path that crashes); "
            "this llama-cpp-python no longer reads llama_model_default_params."
        )
    return llama


def system_info() -> str:
    """llama.cpp's own line of the CPU features it was built for, e.g. `AVX2 = 1 | ...`."""
    import llama_cpp

    raw = llama_cpp.llama_print_system_info()
    return (raw.decode() if isinstance(raw, bytes) else str(raw)).strip()
