"""The ``_insight`` payload of two sets of texts (rows × columns), for the insight runner.

The same shape as one set's (``widget/insight_pass.py``), so the stats line, histogram and
pairs table read it alike, with what only two sets have: ``stats`` gains ``n_cols`` (its
``anisotropy`` and ``effective_rank`` are None: they describe one set), ``tables`` gains
``leakage`` (rows whose best column reaches the leakage threshold: ``{"row", "col",
"similarity", "kind"}``, most similar first) and, paired, ``stability`` (``{"index",
"similarity"}``, least stable first) beside a ``stability`` summary (mean, min, median, threshold,
passed, in ``stats``). ``hubs`` is empty: hubness is a property of one set's neighbour lists.
"""

from __future__ import annotations

from typing import Any

from ..core.cross_insight import CrossInsight
from ..core.insight import NEAR_DUPLICATE, pair_kind
from ..core.neighbors import Cancel
from .insight_pass import ABOVE_ROWS, HISTOGRAM_BINS, TABLE_ROWS, Parts, _plain, rebin

STABILITY_KEYS = ("mean", "min", "median", "threshold", "passed")
VERDICT_KEYS = ("sign", "message", "value", "limit", "source")


def static_part(core: CrossInsight) -> dict[str, Any]:
    """What no threshold changes: statistics, histogram, verdicts and the cell tables."""
    stats = core.stats()
    names = ("n", "n_cols", "pairs", "mean", "std", "min", "p5", "median", "p95", "max")
    counts, edges = core.histogram()
    tables: dict[str, Any] = {
        "top": _cell_rows(core, core.top_pairs(TABLE_ROWS)),
        "bottom": _cell_rows(core, core.bottom_pairs(TABLE_ROWS)),
        "outliers": [
            {"index": r["index"], "neighbor": r["neighbor"], "similarity": r["similarity"]}
            for r in core.outliers(TABLE_ROWS)
        ],
        "hubs": [],
    }
    return _plain(
        {
            "status": "ready",
            "progress": 1.0,
            "error": None,
            "stats": {
                **{name: stats[name] for name in names},
                "anisotropy": None,
                "effective_rank": None,
                "width": stats["d"],
            },
            "histogram": rebin(counts, edges, HISTOGRAM_BINS),
            "verdicts": [],
            "groups": None,
            "tables": tables,
        }
    )


def threshold_part(
    core: CrossInsight, threshold: float | None, cancel: Cancel | None = None
) -> dict[str, Any]:
    """What follows the thresholds (``threshold`` and ``stability_threshold``).

    The count and share of cells at or above ``threshold``, their table and total, the
    leakage table, the verdicts and, paired, the stability summary (in ``stats``) and table.
    """
    if threshold is None:
        count = share = None
        above: list[dict[str, Any]] = []
    else:
        count = core.count_at_least(threshold, cancel)
        share = count / core.cells
        above = _cell_rows(core, core.pairs_above(threshold, limit=ABOVE_ROWS))
    leak = NEAR_DUPLICATE if threshold is None else threshold
    tables = {"leakage": _cell_rows(core, core.leakage(leak)[:ABOVE_ROWS])}
    stats: dict[str, Any] = {"share_above_threshold": share, "count_above_threshold": count}
    if core.paired:
        summary = core.stability()
        stats["stability"] = {key: summary[key] for key in STABILITY_KEYS}
        tables["stability"] = [
            {"index": r["index"], "similarity": r["similarity"]}
            for r in core.least_stable(TABLE_ROWS)
        ]
    return _plain(
        {
            "stats": stats,
            "above": above,
            "above_total": count,
            "tables": tables,
            "verdicts": [{key: v[key] for key in VERDICT_KEYS} for v in core.verdicts()],
        }
    )


def _answered(core: CrossInsight, threshold: float | None) -> bool:
    return threshold is None or core.complete_at_least(threshold)


def _cell_rows(core: CrossInsight, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Table rows of cells, each with how its two texts are alike (``identical``...)."""
    return [
        {
            "row": r["row"],
            "col": r["col"],
            "similarity": r["similarity"],
            "kind": None
            if r["text_row"] is None or r["text_col"] is None
            else pair_kind(r["text_row"], r["text_col"]),
        }
        for r in records
    ]


CROSS = Parts(static_part, threshold_part, _answered)
