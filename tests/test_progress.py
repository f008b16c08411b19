"""Progress on long embedding work, and a clean stop on Ctrl-C."""

import numpy as np
import pytest

import simheat.models.progress as progress_module
from simheat import SimilarityHeatmap
from simheat.models.progress import Progress


class Clock:
    """A fake perf_counter the test moves forward."""

    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(progress_module.time, "perf_counter", clock)
    return clock


def test_nothing_is_shown_for_short_work(clock, capsys):
    with Progress(100, "Embedding") as bar:
        clock.now += 0.5
        bar.advance(50)
    assert capsys.readouterr().err == ""


def test_long_work_shows_batches_rate_and_time_left_then_clears(clock, capsys):
    with Progress(1000, "Embedding") as bar:
        clock.now += 2.0
        bar.advance(250)
        shown = capsys.readouterr().err
    assert "Embedding: 250/1,000 texts, batch 1, 125 texts/s, 6s left" in shown
    assert capsys.readouterr().err.endswith("\r\x1b[K")


def test_notebook_display_is_updated_in_place_and_removed(clock, monkeypatch):
    shown = []

    class Handle:
        def update(self, obj):
            shown.append(("update", obj.data))

    def display(obj, display_id=False):
        shown.append(("display", obj.data))
        return Handle()

    monkeypatch.setattr(progress_module, "_in_notebook", lambda: True)
    monkeypatch.setattr("IPython.display.display", display)
    with Progress(100, "Embedding") as bar:
        clock.now += 1.5
        bar.advance(40)
        clock.now += 1.5
        bar.advance(40)
    assert [kind for kind, _ in shown] == ["display", "update", "update"]
    assert "<progress" in shown[0][1] and "40/100 texts" in shown[0][1]
    assert "80/100 texts, batch 2" in shown[1][1]
    assert shown[-1] == ("update", "")


def test_progress_can_be_turned_off(clock, capsys):
    with Progress(10, "Embedding", enabled=False) as bar:
        clock.now += 5
        bar.advance(10)
    assert capsys.readouterr().err == ""


def test_widget_embedding_reports_progress_per_batch(clock, capsys):
    def slow_model(batch):
        clock.now += 1.0
        return np.ones((len(batch), 2)) + np.arange(len(batch))[:, None]

    SimilarityHeatmap([f"t{i}" for i in range(10)], slow_model, batch_size=4)
    err = capsys.readouterr().err
    assert "10/10 texts, batch 3" in err
    assert err.endswith("\r\x1b[K")


def test_ctrl_c_stops_cleanly_and_clears_the_bar(clock, capsys):
    calls = []

    def interrupted_on_second_batch(batch):
        calls.append(len(batch))
        clock.now += 2.0
        if len(calls) == 2:
            raise KeyboardInterrupt
        return np.ones((len(batch), 3))

    heatmap = None
    with pytest.raises(KeyboardInterrupt):
        heatmap = SimilarityHeatmap(
            [f"t{i}" for i in range(10)], interrupted_on_second_batch, batch_size=4
        )
    assert heatmap is None
    assert calls == [4, 4]  # stopped at once: no retries, no further batches
    assert capsys.readouterr().err.endswith("\r\x1b[K")
