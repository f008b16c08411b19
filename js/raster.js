/**
 * Paint similarity values into pixels. This is the hot path of a colour-range change:
 * one pass over the matrix with a lookup table, no allocation.
 */

/**
 * Write one pixel per value: values ≤ zmin get the first colour, ≥ zmax the last.
 * @param {ArrayLike<number>} values  Row-major matrix values.
 * @param {Uint32Array} lut  Packed RGBA colours from `buildLut`.
 * @param {number} zmin
 * @param {number} zmax
 * @param {Uint32Array} pixels  Packed RGBA output, as long as `values`.
 */
export function paintCells(values, lut, zmin, zmax, pixels) {
  const last = lut.length - 1;
  const scale = zmax > zmin ? last / (zmax - zmin) : 0;
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const t = (values[i] - zmin) * scale;
    // NaN and values below the range take the first colour.
    pixels[i] = lut[t > 0 ? (t < last ? (t + 0.5) | 0 : last) : 0];
  }
}
