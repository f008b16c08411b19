import { describe, expect, it } from "vitest";
import { decodeArray } from "../../js/codec.js";

describe("decodeArray", () => {
  it("reads float32 values from the DataView without copying", () => {
    const source = new Float32Array([1, 0.5, 0.5, 1]);
    const { values, shape } = decodeArray({ view: new DataView(source.buffer), dtype: "float32", shape: [2, 2] });
    expect(Array.from(values)).toEqual([1, 0.5, 0.5, 1]);
    expect(shape).toEqual([2, 2]);
    expect(values.buffer).toBe(source.buffer);
  });

  it("copies when the buffer offset is not aligned", () => {
    const bytes = new Uint8Array(1 + 8);
    new DataView(bytes.buffer).setFloat32(1, 0.25, true);
    new DataView(bytes.buffer).setFloat32(5, -0.75, true);
    const { values } = decodeArray({ view: new DataView(bytes.buffer, 1, 8), dtype: "float32", shape: [2] });
    expect(Array.from(values)).toEqual([0.25, -0.75]);
  });

  it("reads uint16", () => {
    const source = new Uint16Array([0, 65535, 7]);
    const { values } = decodeArray({ view: new DataView(source.buffer), dtype: "uint16", shape: [3] });
    expect(Array.from(values)).toEqual([0, 65535, 7]);
  });

  it("refuses a buffer that does not fit the shape", () => {
    const view = new DataView(new Float32Array(3).buffer);
    expect(() => decodeArray({ view, dtype: "float32", shape: [2, 2] })).toThrow(/holds 3 values/);
  });

  it("refuses an unknown dtype", () => {
    const view = new DataView(new ArrayBuffer(8));
    expect(() => decodeArray({ view, dtype: "float64", shape: [1] })).toThrow(/unsupported dtype float64/);
  });
});
