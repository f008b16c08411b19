import { beforeEach, describe, expect, it } from "vitest";
import { Histogram, captionText, histogramBars } from "../../js/histogram.js";

const DATA = { edges: [0, 0.25, 0.5, 0.75, 1], counts: [4, 16, 0, 1] };

describe("histogramBars", () => {
  it("places bars on the slider's scale, heights by the square root of the counts", () => {
    // Slider bounds [0, 1] over 1000 viewBox units: 250 units a bin.
    const bars = histogramBars(DATA, [0, 1]);
    expect(bars.map((b) => [b.x, b.width])).toEqual([
      [0, 250],
      [250, 250],
      [500, 250],
      [750, 250],
    ]);
    expect(bars.map((b) => b.height)).toEqual([50, 100, 0, 25]);
  });

  it("clips bins outside the slider's bounds to its edges", () => {
    const bars = histogramBars(DATA, [0.5, 1]);
    expect(bars.map((b) => [b.x, b.width])).toEqual([
      [0, 0],
      [0, 0],
      [0, 500],
      [500, 500],
    ]);
  });
});

describe("captionText", () => {
  it("gives the threshold's pair count, or nothing without a threshold", () => {
    expect(captionText(null, 5)).toBe("");
    expect(captionText(0.9, 12_345)).toBe("≥ 0.900: 12,345 pairs");
    expect(captionText(0.9, 1)).toBe("≥ 0.900: 1 pair");
    expect(captionText(0.9, null)).toBe("≥ 0.900: counting…");
  });
});

describe("Histogram", () => {
  let track;
  let histogram;
  const state = { histogram: DATA, bounds: [0, 1], zmin: 0.3, zmax: 0.8, threshold: null, aboveTotal: null };

  beforeEach(() => {
    document.body.innerHTML = "";
    track = document.createElement("div");
    document.body.append(track);
    histogram = new Histogram(track, document.body);
  });

  const bars = () => [...track.querySelectorAll("rect.simheat-bar")];

  it("draws nothing before the pass is done", () => {
    expect(bars()).toEqual([]);
    expect(histogram.svg.style.display).toBe("none");
  });

  it("draws the non-empty bins, shading those inside [zmin, zmax], and follows the handles", () => {
    histogram.update(state);
    expect(bars()).toHaveLength(3);
    // Bins [0, .25], [.25, .5] and [.75, 1] (the empty one is not drawn); [0, .25] is below 0.3.
    expect(bars().map((b) => b.classList.contains("simheat-bar-in"))).toEqual([false, true, true]);
    const shade = track.querySelector(".simheat-histogram-range");
    expect([shade.getAttribute("x"), shade.getAttribute("width")]).toEqual(["300", "500"]);
    histogram.update({ ...state, zmin: 0.6, zmax: 0.7 });
    // [0.6, 0.7] falls in the empty bin: no drawn bar is inside.
    expect(bars().map((b) => b.classList.contains("simheat-bar-in"))).toEqual([false, false, false]);
    histogram.update({ ...state, zmin: 0.6, zmax: 0.8 });
    expect(bars().map((b) => b.classList.contains("simheat-bar-in"))).toEqual([false, false, true]);
  });

  it("marks the threshold with a line and its pair count", () => {
    histogram.update({ ...state, threshold: 0.75, aboveTotal: 1 });
    const line = track.querySelector(".simheat-histogram-threshold");
    expect(line.getAttribute("x1")).toBe("750");
    expect(histogram.caption.textContent).toBe("≥ 0.750: 1 pair");
    histogram.update({ ...state, threshold: null });
    expect(track.querySelector(".simheat-histogram-threshold")).toBeNull();
    expect(histogram.caption.textContent).toBe("");
  });
});
