import { beforeEach, describe, expect, it, vi } from "vitest";
import { InsightView, groupsLine, statsLine } from "../../js/insight-view.js";
import { fakeInsight } from "./fake-model.js";

describe("statsLine", () => {
  it("gives n, pairs, mean ± std, median, p5–p95, anisotropy and effective rank / width", () => {
    expect(statsLine(fakeInsight().stats)).toBe(
      "n 3 · 3 pairs · mean 0.500 ± 0.294 · median 0.400 · p5–p95 0.220 to 0.850 · anisotropy 0.500 · effective rank 2.4 / 32",
    );
  });

});

describe("groupsLine", () => {
  it("gives the mean within each group, between groups and the separation", () => {
    const between = [
      [0.8, 0.1, 0.3],
      [0.1, 0.7, 0.2],
      [0.3, 0.2, 0.6],
    ];
    const groups = { names: ["a", "<b>", "c"], within: [0.8, 0.7, 0.6], between, separation: 0.4567 };
    expect(groupsLine(groups)).toBe("within groups: a 0.800, <b> 0.700, c 0.600 · between groups 0.200 · separation 0.457");
    expect(groupsLine({ ...groups, separation: null })).not.toContain("separation");
  });
});

describe("InsightView", () => {
  let view;
  let onOpen;

  beforeEach(() => {
    document.body.innerHTML = "";
    onOpen = vi.fn();
    view = new InsightView(document.body, { onOpen });
  });

  it("shows a progress bar with its value while the pass runs, and no stats yet", () => {
    view.update(fakeInsight({ status: "running", progress: 0.42, stats: null, verdicts: [] }), false);
    const bar = document.querySelector('[role="progressbar"]');
    expect(bar.getAttribute("aria-valuenow")).toBe("42");
    expect(bar.textContent).toContain("42 %");
    expect(document.querySelector(".simheat-stats")).toBeNull();
  });

  it("shows the stats line and every verdict with its message once ready", () => {
    view.update(fakeInsight(), false);
    expect(document.querySelector('[role="progressbar"]')).toBeNull();
    expect(document.querySelector(".simheat-stats").textContent).toContain("anisotropy 0.500");
    const verdicts = [...document.querySelectorAll(".simheat-verdict")];
    expect(verdicts.map((v) => v.textContent)).toEqual([
      "near-duplicates 1 pair(s) of texts have similarity ≥ 0.95.",
      "collapsed space Anisotropy 0.700: every text looks alike.",
      "isolated texts 1 text(s) are far from every other text.",
    ]);
    expect(verdicts[1].title).toBe("Ethayarajh (2019)");
  });

  it("opens the tab with the evidence: most similar, or above the threshold once set; outliers", () => {
    view.update(fakeInsight(), false);
    const signs = () => [...document.querySelectorAll("button.simheat-verdict-sign")];
    expect(signs().map((b) => b.textContent)).toEqual(["near-duplicates", "isolated texts"]);
    signs()[0].click();
    signs()[1].click();
    view.update(fakeInsight(), true);
    signs()[0].click();
    expect(onOpen.mock.calls).toEqual([["top"], ["outliers"], ["above"]]);
  });

  it("shows the error of a failed pass, as text", () => {
    view.update(fakeInsight({ status: "error", error: "<b>out of memory</b>", stats: null, verdicts: [] }), false);
    expect(document.querySelector(".simheat-error").textContent).toBe("Insight failed: <b>out of memory</b>");
    expect(document.querySelector("b")).toBeNull();
  });

  it("adds the groups line when Python gave groups", () => {
    const groups = { names: ["a", "b"], within: [0.8, 0.7], between: [[0.8, 0.1], [0.1, 0.7]], separation: 0.5 };
    view.update(fakeInsight({ groups }), false);
    const lines = [...document.querySelectorAll(".simheat-stats")].map((p) => p.textContent);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe("within groups: a 0.800, b 0.700 · between groups 0.100 · separation 0.500");
  });

  it("shows nothing before Python's first update", () => {
    view.update(null, false);
    expect(view.root.textContent).toBe("");
  });
});
