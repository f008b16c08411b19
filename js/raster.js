/**
 * Paint similarity values into pixels. This is the hot path of a colour-range change:
 * one pass over the matrix with a lookup table, no allocation.
 */

/**
 * @typedef {object} Highlight  Cells at or above `threshold` keep their colour; the rest
 *   take the same colour from `dimmed` (a table from `dimLut`).
 * @property {number} threshold
 * @property {Uint32Array} dimmed
 */

/**
 * Write one pixel per value: values ≤ zmin get the first colour, ≥ zmax the last.
 * @param {ArrayLike<number>} values  Row-major matrix values.
 * @param {Uint32Array} lut  Packed RGBA colours from `buildLut`.
 * @param {number} zmin
 * @param {number} zmax
 * @param {Uint32Array} pixels  Packed RGBA output, as long as `values`.
 * @param {Highlight | null} [highlight]  Dim the cells below a threshold.
 */
export function paintCells(values, lut, zmin, zmax, pixels, highlight = null) {
  const last = lut.length - 1;
  const scale = zmax > zmin ? last / (zmax - zmin) : 0;
  const n = values.length;
  if (!highlight) {
    for (let i = 0; i < n; i++) {
      const t = (values[i] - zmin) * scale;
      // NaN and values below the range take the first colour.
      pixels[i] = lut[t > 0 ? (t < last ? (t + 0.5) | 0 : last) : 0];
    }
    return;
  }
  const { threshold, dimmed } = highlight;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const t = (v - zmin) * scale;
    const k = t > 0 ? (t < last ? (t + 0.5) | 0 : last) : 0;
    // NaN is not ≥ the threshold: dimmed.
    pixels[i] = v >= threshold ? lut[k] : dimmed[k];
  }
}

/**
 * A lookup table of the same colours made translucent: on the transparent canvas the
 * widget's background shows through, so a dimmed cell is its colour blended with whatever
 * background the theme gives, with nothing to read from the page.
 * @param {Uint32Array} lut  Packed RGBA colours.
 * @param {number} [keep]  Opacity kept, 0 (the background) to 1 (unchanged).
 * @returns {Uint32Array}
 */
export function dimLut(lut, keep = 0.25) {
  const out = new Uint32Array(lut);
  const bytes = new Uint8ClampedArray(out.buffer);
  for (let i = 3; i < bytes.length; i += 4) bytes[i] = bytes[i] * keep;
  return out;
}
