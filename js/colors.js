/**
 * Plotly's named colorscales (the same table Python validates against) and the lookup
 * table that turns a similarity into a pixel colour.
 */
import json from "../src/simheat/colorscales.json";

/** @typedef {[number, string][]} Stops  Positions in [0, 1] with "#rrggbb" colours. */

const table = /** @type {Record<string, Stops>} */ (/** @type {unknown} */ (json));

/** Every colorscale name, in the order of the dropdown. */
export const COLORSCALE_NAMES = Object.keys(table);

/** Number of colours in a lookup table: finer than the eye can tell apart. */
export const LUT_SIZE = 256;

/**
 * Split a trait value such as "Viridis_r" into its base name and whether it is reversed.
 * @param {string} name
 * @returns {{base: string, reversed: boolean}}
 */
export function parseColorscale(name) {
  const reversed = name.toLowerCase().endsWith("_r");
  return { base: reversed ? name.slice(0, -2) : name, reversed };
}

/**
 * Join a base name and a reverse flag into a trait value.
 * @param {string} base
 * @param {boolean} reversed
 */
export function joinColorscale(base, reversed) {
  return reversed ? `${base}_r` : base;
}

/**
 * The stops of a named colorscale, reversed for a "_r" name (unknown names fall back to Blues).
 * @param {string} name
 * @returns {Stops}
 */
export function colorscaleStops(name) {
  const { base, reversed } = parseColorscale(name);
  const stops = table[base] ?? table.Blues;
  return reversed ? stops.map(([p, c]) => /** @type {[number, string]} */ ([1 - p, c])).reverse() : stops;
}

/**
 * Parse "#rrggbb" into [r, g, b].
 * @param {string} hex
 * @returns {[number, number, number]}
 */
export function hexToRgb(hex) {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/**
 * A lookup table of `size` opaque colours sampled evenly along the stops, linearly
 * interpolated in RGB as Plotly does. Each entry is one RGBA pixel packed into a
 * Uint32 in the machine's byte order, ready to be written into ImageData.
 * @param {Stops} stops
 * @param {number} [size]
 * @returns {Uint32Array}
 */
export function buildLut(stops, size = LUT_SIZE) {
  const lut = new Uint32Array(size);
  const bytes = new Uint8ClampedArray(lut.buffer);
  const rgb = stops.map(([, c]) => hexToRgb(c));
  let k = 0;
  for (let i = 0; i < size; i++) {
    const t = size === 1 ? 0 : i / (size - 1);
    while (k < stops.length - 2 && t > stops[k + 1][0]) k++;
    const [p0] = stops[k];
    const [p1] = stops[Math.min(k + 1, stops.length - 1)];
    const f = p1 > p0 ? Math.min(1, Math.max(0, (t - p0) / (p1 - p0))) : 0;
    const a = rgb[k];
    const b = rgb[Math.min(k + 1, rgb.length - 1)];
    for (let ch = 0; ch < 3; ch++) bytes[i * 4 + ch] = a[ch] + (b[ch] - a[ch]) * f;
    bytes[i * 4 + 3] = 255;
  }
  return lut;
}
