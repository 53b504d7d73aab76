"""Start a local server in its own process and wait for its "listening on URL" line."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def running(
    args: list[str], *, env: dict[str, str] | None = None, timeout: float = 60
) -> Iterator[str]:
    """Run `python <args>` from the repository root; yield its base URL; stop it after."""
    process = subprocess.Popen(  # noqa: S603 - our own script, no shell
        [sys.executable, *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = ""
    lines: list[str] = []
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([process.stdout], [], [], 0.5)
            if ready:
                line = process.stdout.readline()
                if not line:
                    break
                lines.append(line)
                if line.startswith("listening on "):
                    url = line.split("listening on ", 1)[1].strip()
                    break
            elif process.poll() is not None:
                break
        if not url:
            raise RuntimeError(f"{args[0]} did not start:\n" + "".join(lines[-30:]))
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
