"""Per-prompt seeds, so that a draft depends on its input only.

Without them, llama.cpp's sampler carries on from whatever the process generated before: an
eval re-run of a subset, or of a reordered set, would give a scenario another draft than the
full run gave it. The first sampling of a prompt gets a seed drawn from the prompt and its
sampling settings; each later sampling of the same prompt (a regeneration, a Regenerate
click) gets the next one, so that it can write something else.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from typing import Any

SAMPLING_KEYS = ("max_tokens", "temperature", "top_p", "stop")


class PromptSeeds:
    def __init__(self, base: int, remember: int = 4096) -> None:
        self.base = base
        self.remember = remember
        self._asked: OrderedDict[str, int] = OrderedDict()
        self._lock = threading.Lock()

    def next(self, payload: list[dict[str, str]], params: dict[str, Any]) -> int:
        sampling = {k: params.get(k) for k in SAMPLING_KEYS}
        key = hashlib.sha256(
            json.dumps([self.base, payload, sampling], sort_keys=True).encode()
        ).hexdigest()
        with self._lock:
            asked = self._asked.pop(key, -1) + 1
            self._asked[key] = asked
            while len(self._asked) > self.remember:
                self._asked.popitem(last=False)
        return (int(key[:8], 16) + asked) % 2**31
