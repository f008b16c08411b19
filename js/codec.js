/**
 * NumPy arrays from Python arrive as `{view, dtype, shape}`: ipywidgets turns the raw
 * buffer into a DataView, and this module turns it back into a typed array.
 */

/** @typedef {{view: DataView, dtype: string, shape: number[]}} WireArray */

const TYPED_ARRAYS = {
  float32: Float32Array,
  uint16: Uint16Array,
  uint8: Uint8Array,
  int32: Int32Array,
};

/**
 * Decode a wire array into a flat typed array (row-major) and its shape.
 * @param {WireArray} wire
 * @returns {{values: Float32Array | Uint16Array | Uint8Array | Int32Array, shape: number[]}}
 */
export function decodeArray(wire) {
  const Type = TYPED_ARRAYS[/** @type {keyof typeof TYPED_ARRAYS} */ (wire.dtype)];
  if (!Type) throw new Error(`simheat: unsupported dtype ${wire.dtype}`);
  const { buffer, byteOffset, byteLength } = wire.view;
  const count = byteLength / Type.BYTES_PER_ELEMENT;
  const expected = wire.shape.reduce((a, b) => a * b, 1);
  if (count !== expected) {
    throw new Error(`simheat: buffer holds ${count} values, shape ${wire.shape} needs ${expected}`);
  }
  // A typed array view needs an aligned offset; copy only in the rare case it is not.
  const bytes = /** @type {ArrayBuffer} */ (buffer);
  const values =
    byteOffset % Type.BYTES_PER_ELEMENT === 0
      ? new Type(bytes, byteOffset, count)
      : new Type(bytes.slice(byteOffset, byteOffset + byteLength));
  return { values, shape: wire.shape };
}
