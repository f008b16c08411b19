"""A quiet progress bar for long work: shown only once the work has taken over a second.

In a notebook it is one output line updated in place (``display_id``), which JupyterLab,
Notebook 7, VS Code and Colab all support; elsewhere it writes one line to stderr. It
disappears when the work ends, however it ends.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType

SHOW_AFTER_S = 1.0


def _in_notebook() -> bool:
    """True inside a Jupyter kernel (where rich display works)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


def _duration(seconds: float) -> str:
    """Format seconds as ``"1:05"`` or ``"12s"``."""
    seconds = max(0, round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds >= 60 else f"{seconds}s"


class Progress:
    """Context manager reporting ``done`` of ``total`` items in batches, after a second of work.

    Use ``with Progress(total, "Embedding") as progress: ... progress.advance(k)``.
    """

    def __init__(self, total: int, what: str, enabled: bool = True) -> None:
        self.total = total
        self.what = what
        self.enabled = enabled
        self.done = 0
        self.batches = 0
        self.start = time.perf_counter()
        self._handle = None
        self._stderr_shown = False

    def __enter__(self) -> Progress:
        self.start = time.perf_counter()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def message(self) -> str:
        """The progress line: batches, items done, rate and time left."""
        elapsed = time.perf_counter() - self.start
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else float("inf")
        eta = _duration(left) if left != float("inf") else "?"
        return (
            f"{self.what}: {self.done:,}/{self.total:,} texts, batch {self.batches}, "
            f"{rate:,.0f} texts/s, {eta} left"
        )

    def advance(self, items: int) -> None:
        """Count ``items`` more as done and refresh the display if it is due."""
        self.done += items
        self.batches += 1
        if not self.enabled or time.perf_counter() - self.start < SHOW_AFTER_S:
            return
        if _in_notebook():
            self._show_html()
        else:
            print(f"\r{self.message()}", end="", file=sys.stderr, flush=True)
            self._stderr_shown = True

    def _show_html(self) -> None:
        from IPython.display import HTML, display

        fraction = self.done / self.total if self.total else 1.0
        body = HTML(
            f'<progress value="{fraction:.4f}" max="1" style="width: 240px"></progress> '
            f"<span>{self.message()}</span>"
        )
        if self._handle is None:
            self._handle = display(body, display_id=True)
        else:
            self._handle.update(body)

    def close(self) -> None:
        """Remove the progress display."""
        if self._handle is not None:
            from IPython.display import HTML

            self._handle.update(HTML(""))
            self._handle = None
        if self._stderr_shown:
            print("\r\033[K", end="", file=sys.stderr, flush=True)
            self._stderr_shown = False
