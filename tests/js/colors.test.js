import { describe, expect, it } from "vitest";
import {
  COLORSCALE_NAMES,
  buildLut,
  colorscaleStops,
  hexToRgb,
  joinColorscale,
  parseColorscale,
} from "../../js/colors.js";

/** Unpack entry i of a packed lookup table into [r, g, b, a]. */
function rgba(lut, i) {
  return Array.from(new Uint8ClampedArray(lut.buffer, i * 4, 4));
}

describe("colorscales", () => {
  it("lists Plotly's named scales", () => {
    expect(COLORSCALE_NAMES).toEqual(expect.arrayContaining(["Blues", "Viridis", "RdBu", "Turbo", "Plasma"]));
    expect(COLORSCALE_NAMES.length).toBeGreaterThan(80);
  });

  it("splits and joins the _r suffix", () => {
    expect(parseColorscale("Viridis_r")).toEqual({ base: "Viridis", reversed: true });
    expect(parseColorscale("Blues")).toEqual({ base: "Blues", reversed: false });
    expect(joinColorscale("RdBu", true)).toBe("RdBu_r");
    expect(joinColorscale("RdBu", false)).toBe("RdBu");
  });

  it("reverses the stops of a _r scale", () => {
    const forward = colorscaleStops("Viridis");
    const backward = colorscaleStops("Viridis_r");
    expect(backward[0][1]).toBe(forward.at(-1)[1]);
    expect(backward.at(-1)[1]).toBe(forward[0][1]);
    expect(backward.map(([p]) => p)).toEqual(forward.map(([p]) => 1 - p).reverse());
  });

  it("parses hex colours", () => {
    expect(hexToRgb("#ff8000")).toEqual([255, 128, 0]);
  });
});

describe("buildLut", () => {
  it("starts and ends on the scale's end colours, opaque", () => {
    const stops = colorscaleStops("Viridis");
    const lut = buildLut(stops);
    expect(lut.length).toBe(256);
    expect(rgba(lut, 0)).toEqual([...hexToRgb(stops[0][1]), 255]);
    expect(rgba(lut, 255)).toEqual([...hexToRgb(stops.at(-1)[1]), 255]);
  });

  it("interpolates linearly between stops", () => {
    const lut = buildLut(
      [
        [0, "#000000"],
        [1, "#ffffff"],
      ],
      3,
    );
    expect(rgba(lut, 1)).toEqual([128, 128, 128, 255]);
  });

  it("honours uneven stop positions", () => {
    const lut = buildLut(
      [
        [0, "#000000"],
        [0.25, "#ff0000"],
        [1, "#ff0000"],
      ],
      5,
    );
    expect(rgba(lut, 1)).toEqual([255, 0, 0, 255]);
    expect(rgba(lut, 0)).toEqual([0, 0, 0, 255]);
  });
});
