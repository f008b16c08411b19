/**
 * The shape of Python's `_insight` trait (the neighbour pass's results), and the lookups
 * the table and the panel share. Indices are input indices, as everywhere Python speaks.
 */

/** @typedef {"identical" | "same words" | "semantic"} Kind */
/** @typedef {{row: number, col: number, similarity: number, kind: Kind | null}} PairRow */
/** @typedef {{index: number, neighbor: number, similarity: number}} OutlierRow */
/** @typedef {{index: number, count: number}} HubRow */
/** @typedef {{index: number, similarity: number}} StabilityRow  Text `index` against its perturbed version. */
/**
 * @typedef {object} Tables
 * @property {PairRow[]} top
 * @property {PairRow[]} above  At most 10,000 rows, most similar first.
 * @property {PairRow[]} bottom
 * @property {OutlierRow[]} outliers  Most isolated first.
 * @property {HubRow[]} hubs  Most frequent first (empty for two sets of texts).
 * @property {import("./comparison.js").DisagreementRow[]} [disagreements]  Two models compared: largest rank difference first.
 * @property {PairRow[]} [leakage]  Two sets: rows whose best column reaches the leakage threshold, most similar first.
 * @property {StabilityRow[]} [stability]  Paired: least stable first.
 */
/** @typedef {{edges: number[], counts: number[]}} HistogramData  Off-diagonal pairs, each once. */
/**
 * @typedef {object} Stats
 * @property {number} n  Rows.
 * @property {number} [n_cols]  Two sets of texts: columns (their cells are n × n_cols "pairs").
 * @property {number} pairs
 * @property {number} mean
 * @property {number} std
 * @property {number} min
 * @property {number} p5
 * @property {number} median
 * @property {number} p95
 * @property {number} max
 * @property {number | null} share_above_threshold
 * @property {number | null} count_above_threshold
 * @property {number | null} anisotropy  None for two sets.
 * @property {number | null} effective_rank  None for two sets.
 * @property {number} width
 * @property {Stability} [stability]  Paired: text i against its perturbed version i.
 */
/**
 * @typedef {object} Stability  The diagonal of a paired matrix, with ValidMind's pass rule.
 * @property {number} mean
 * @property {number} min
 * @property {number} median
 * @property {number} threshold
 * @property {boolean} passed  mean ≥ threshold.
 */
/** @typedef {{sign: string, message: string, value: number, limit: number, source: string}} Verdict */
/**
 * @typedef {object} GroupStats
 * @property {string[]} names
 * @property {number[]} within
 * @property {number[][]} between
 * @property {number | null} separation
 */
/**
 * @typedef {object} Insight
 * @property {"running" | "ready" | "error"} status
 * @property {number} progress  0 to 1.
 * @property {string | null} error
 * @property {Stats | null} stats  Null while running.
 * @property {HistogramData | null} histogram
 * @property {Verdict[]} verdicts
 * @property {GroupStats | null} groups
 * @property {Tables | null} tables
 * @property {number | null} above_total  Pairs at or above the threshold (may exceed the table's rows).
 */

/** The table's tab that shows the evidence of each sign of risk (insight.py's `sign`s). */
export const TAB_OF_SIGN = /** @type {Record<string, TabName>} */ ({
  "near-duplicates": "above",
  "isolated texts": "outliers",
  leakage: "leakage",
  "unstable embeddings": "stability",
});

/** @typedef {"top" | "above" | "bottom" | "outliers" | "hubs" | "disagreements" | "leakage" | "stability"} TabName */
