"""Debian's headless Chromium, as the end-to-end tests and the benchmarks start it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

# A closed network: no background connections, no component updates, no QUIC probes.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--disable-quic",
]
MISSING = "apt-get install chromium (or set CHROMIUM_PATH)"


def chromium_path() -> str | None:
    """Debian's Chromium (or CHROMIUM_PATH), or None when it is not installed."""
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    return path if Path(path).exists() else None
