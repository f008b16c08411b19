import { describe, expect, it } from "vitest";
import { axisTicks, escapePlotlyText, formatSimilarity, niceStride, truncate } from "../../js/format.js";

describe("truncate", () => {
  it("keeps short text and cuts long text with an ellipsis", () => {
    expect(truncate("short", 10)).toBe("short");
    expect(truncate("a fairly long sentence", 10)).toBe("a fairly…");
    expect(truncate("a fairly long sentence", 10).length).toBeLessThanOrEqual(10);
  });

  it("folds white space", () => {
    expect(truncate("  line one\n\nline   two ", 40)).toBe("line one line two");
  });
});

describe("formatSimilarity", () => {
  it("shows three decimals", () => {
    expect(formatSimilarity(0.87654)).toBe("0.877");
    expect(formatSimilarity(-1)).toBe("-1.000");
    expect(formatSimilarity(NaN)).toBe("–");
  });
});

describe("niceStride", () => {
  it("rounds up to 1, 2, 5 times a power of ten", () => {
    expect([0.3, 1, 1.5, 3, 7, 12, 260].map(niceStride)).toEqual([1, 1, 2, 5, 10, 20, 500]);
  });
});

describe("axisTicks", () => {
  const labels = Array.from({ length: 100 }, (_, i) => `a much longer label ${i}`);

  it("labels every cell when there is room", () => {
    const { tickvals, ticktext } = axisTicks([-0.5, 4.5], 5, labels, 500);
    expect(tickvals).toEqual([0, 1, 2, 3, 4]);
    expect(ticktext[0]).toBe("a much longer…");
  });

  it("skips labels when they would crowd", () => {
    const { tickvals } = axisTicks([-0.5, 99.5], 100, labels, 400);
    expect(tickvals.length).toBeLessThanOrEqual(400 / 16 + 1);
    expect(tickvals.length).toBeGreaterThan(5);
    expect(tickvals[1] - tickvals[0]).toBe(5);
  });

  it("only labels the visible cells of a zoomed axis, on either axis direction", () => {
    const { tickvals } = axisTicks([30.5, 20.5], 100, labels, 400);
    expect(tickvals).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
  });
});

describe("escapePlotlyText", () => {
  it("keeps markup in labels literal for Plotly", () => {
    expect(escapePlotlyText('<b>x</b> & <a href="javascript:1">')).toBe(
      '&lt;b&gt;x&lt;/b&gt; &amp; &lt;a href="javascript:1"&gt;',
    );
    const { ticktext } = axisTicks([-0.5, 0.5], 1, ["<b>bold</b>"], 500);
    expect(ticktext).toEqual(["&lt;b&gt;bold&lt;/b&gt;"]);
  });
});
