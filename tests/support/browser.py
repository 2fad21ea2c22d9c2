"""What the browser tests share: Debian's Chromium with the flags that work on these
machines, and the whole app served by uvicorn on loopback, on the port its settings name."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from tests.conftest import fake_backend, free_port

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
needs_chromium = pytest.mark.skipif(
    shutil.which(CHROMIUM) is None, reason="needs Debian's Chromium: make browser"
)


@contextmanager
def live_app(make_app: Callable[..., Any]) -> Iterator[str]:
    """The app in a thread of this process; its base URL while the block runs."""
    import uvicorn

    port = free_port()
    app = make_app(fake_backend("ok"), port=port, rate_limit=0)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
