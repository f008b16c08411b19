import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ViewControl, comparisonLines, disagreementValue, isComparison, viewChoices } from "../../js/comparison.js";
import { valueWords } from "../../js/format.js";
import { describeCell, readCell } from "../../js/tooltip.js";
import { PairsTable, entries } from "../../js/pairs-table.js";
import { SelectionPanel } from "../../js/panel.js";
import { FakeModel, fakeInsight, wireTile } from "./fake-model.js";

vi.mock("../../js/plotly.js", () => import("./fake-plotly.js"));
const { default: plotly } = await import("./fake-plotly.js");

const { render } = await import("../../js/widget.js");

const NAMES = ["MiniLM", "lexical"];
const PAIR = { similarity_a: 0.8123, similarity_b: 0.1049, rank_a: 1, rank_b: 1234, difference: 0.7074, rank_difference: 0.55 };

describe("the comparison's pure parts", () => {
  it("knows a comparison by its two names", () => {
    expect(isComparison(NAMES)).toBe(true);
    expect(isComparison([])).toBe(false);
    expect(isComparison(undefined)).toBe(false);
  });

  it("offers the four views, named after the models", () => {
    expect(viewChoices(NAMES)).toEqual([
      ["a", "MiniLM"],
      ["b", "lexical"],
      ["difference", "MiniLM − lexical"],
      ["rank difference", "rank difference"],
    ]);
    expect(viewChoices(["x".repeat(40), "y"])[0][1].length).toBe(24);
  });

  it("says what each model gives the pair, with ranks and signed differences", () => {
    expect(comparisonLines(PAIR, NAMES)).toEqual([
      "MiniLM 0.812 · rank 1",
      "lexical 0.105 · rank 1,234",
      "MiniLM − lexical +0.707",
      "Rank difference +0.550",
    ]);
    expect(comparisonLines({ ...PAIR, rank_a: null, rank_b: null, difference: -0.25 }, NAMES)[0]).toBe("MiniLM 0.812");
    expect(comparisonLines({ ...PAIR, difference: -0.25 }, NAMES)[2]).toBe("MiniLM − lexical -0.250");
    expect(comparisonLines(null, NAMES)).toEqual(["MiniLM –", "lexical –", "MiniLM − lexical –", "Rank difference –"]);
  });

  it("names a difference view's values as differences, for the tooltip and screen readers", () => {
    expect(valueWords({ view: "difference" }).value).toBe("difference");
    expect(valueWords({ view: "rank difference" }).value).toBe("rank difference");
    expect(valueWords({ view: "a" }).value).toBe("similarity");
    expect(valueWords().value).toBe("similarity");
    const exact = { exact: true, value: -0.25, rows: [0, 1], cols: [1, 2], aggregation: "exact" };
    expect(readCell([0, 1], exact, ["0", "b"], { view: "difference" })).toBe("Row 0; column 1, b; difference -0.250");
    expect(readCell([0, 1], exact, ["0", "b"])).toBe("Row 0; column 1, b; similarity -0.250");
    const block = { exact: false, value: 0.5, rows: [0, 10], cols: [10, 20], aggregation: "max" };
    expect(readCell([0, 10], block, [], { view: "difference" })).toContain("max difference 0.500; Enter selects its pair of largest difference");
    expect(describeCell([0, 10], block, [], [], [], { view: "rank difference" })[1]).toContain("click to select its pair of largest rank difference");
    expect(describeCell([0, 10], block, [], [])[1]).toContain("click to select its most similar pair");
  });

  it("shows both similarities in a disagreement row", () => {
    expect(disagreementValue({ row: 0, col: 1, similarity_a: 0.9, similarity_b: -0.1 }, NAMES)).toBe("MiniLM 0.900 · lexical -0.100");
  });
});

describe("ViewControl", () => {
  beforeEach(() => {
    document.body.innerHTML = "";
  });

  it("hides without two models, and offers the views with them", () => {
    const onView = vi.fn();
    const control = new ViewControl(document.body, onView);
    expect(control.label.hidden).toBe(true);
    control.setNames(NAMES);
    expect(control.label.hidden).toBe(false);
    expect([...control.select.options].map((o) => o.textContent)).toEqual(["MiniLM", "lexical", "MiniLM − lexical", "rank difference"]);
    control.update("difference");
    expect(control.select.value).toBe("difference");
    control.select.value = "b";
    control.select.dispatchEvent(new Event("change"));
    expect(onView).toHaveBeenCalledWith("b");
    expect(document.querySelector('select[aria-label="View"]')).toBe(control.select);
  });
});

describe("model names are data", () => {
  it("shows names with markup as text in the dropdown, the panel and the table, never as HTML", () => {
    document.body.innerHTML = "";
    const names = ['<img src=x onerror="window.__xss = 1">', "<b>B</b>"];
    const control = new ViewControl(document.body, () => {});
    control.setNames(names);
    const panel = new SelectionPanel(document.body);
    panel.show({ row: 0, col: 1, labelRow: "0", labelCol: "1", textRow: "a", textCol: "b", similarity: 0.5, comparison: comparisonLines(PAIR, names) });
    const table = new PairsTable(document.body, { onSelect: () => {} });
    table.names = names;
    table.setTables({ ...fakeInsight().tables, disagreements: [{ row: 0, col: 1, similarity_a: 0.9, similarity_b: 0.1 }] }, ["a", "b", "c"], ["a", "b", "c"]);
    table.open("disagreements");
    expect(document.querySelector("img, b")).toBeNull();
    expect(document.body.textContent).toContain("<b>B</b> 0.105");
    expect(control.select.options[1].textContent).toBe("<b>B</b>");
    expect(window.__xss).toBeUndefined();
  });
});

describe("the Disagreements tab and the panel", () => {
  const TEXTS = ["first", "second", "<b>third</b>"];
  const tables = { ...fakeInsight().tables, disagreements: [{ row: 0, col: 2, similarity_a: 0.9, similarity_b: 0.05 }] };

  beforeEach(() => {
    document.body.innerHTML = "";
  });

  it("lists the disagreements with both values; a row click selects its pair", () => {
    const onSelect = vi.fn();
    const table = new PairsTable(document.body, { onSelect });
    const tabs = () => [...document.querySelectorAll('[role="tab"]')].map((t) => t.textContent);
    table.setTables(fakeInsight().tables, TEXTS, TEXTS);
    expect(tabs()).not.toContain("Disagreements"); // one model: no such tab
    table.names = NAMES;
    table.setTables(tables, TEXTS, TEXTS);
    expect(tabs().at(-1)).toBe("Disagreements");
    table.open("disagreements");
    const rows = [...document.querySelectorAll(".simheat-row")];
    expect(rows).toHaveLength(1);
    expect(rows[0].textContent).toContain("MiniLM 0.900 · lexical 0.050");
    expect(rows[0].textContent).toContain("<b>third</b>");
    expect(document.querySelector(".simheat-kind").hidden).toBe(true);
    rows[0].click();
    expect(onSelect).toHaveBeenCalledWith(0, 2);
    expect(entries(tables, "disagreements", "", NAMES)[0].cell).toEqual([0, 2]);
  });

  it("shows both models' lines instead of one similarity", () => {
    const panel = new SelectionPanel(document.body);
    const lines = comparisonLines(PAIR, NAMES);
    panel.show({ row: 0, col: 1, labelRow: "0", labelCol: "1", textRow: "a", textCol: "b", similarity: 0.81, comparison: lines });
    const shown = [...panel.root.querySelectorAll(".simheat-similarity")].map((e) => e.textContent);
    expect(shown).toEqual(lines);
    expect(panel.root.textContent).not.toContain("Similarity 0.810");
  });
});

class StubResizeObserver {
  observe() {}
  disconnect() {}
}

class StubImageData {
  constructor(width, height) {
    this.width = width;
    this.height = height;
    this.data = new Uint8ClampedArray(width * height * 4);
  }
}

const A = [
  [1, 0.2, 0.9],
  [0.2, 1, 0.4],
  [0.9, 0.4, 1],
];
const DIFFERENCE = [
  [0, -0.3, 0.6],
  [-0.3, 0, 0.1],
  [0.6, 0.1, 0],
];
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("render, comparing two models", () => {
  let el;
  let model;

  beforeEach(async () => {
    vi.stubGlobal("ResizeObserver", StubResizeObserver);
    vi.stubGlobal("ImageData", StubImageData);
    plotly.calls.length = 0;
    document.body.innerHTML = "";
    el = document.createElement("div");
    document.body.append(el);
    model = new FakeModel({
      _overview: wireTile(A),
      _order: null,
      _bounds: [0.2, 1],
      _texts: ["first text", "second text", "third text"],
      _labels: ["a", "b", "c"],
      _names: NAMES,
      zmin: 0.2,
      zmax: 0.9,
      height: 500,
    });
    render({ model, el });
    await settle();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("has a View dropdown that sets the view in Python", () => {
    const select = el.querySelector('select[aria-label="View"]');
    expect(select.closest("label").hidden).toBe(false);
    expect(select.value).toBe("a");
    select.value = "difference";
    select.dispatchEvent(new Event("change"));
    expect(model.saved.at(-1)).toEqual({ view: "difference" });
  });

  it("recolours when Python switches the view and keeps the selection and both values", async () => {
    model.setFromPython("selection", [0, 2]);
    model.setFromPython("selected", { row: 0, col: 2, similarity: 0.9, ...PAIR, neighbors: [] });
    await settle();
    const panel = () => el.querySelector('[aria-label="Selected pair"]').textContent;
    expect(panel()).toContain("MiniLM 0.812 · rank 1");
    expect(panel()).toContain("lexical 0.105 · rank 1,234");
    // What Python sends on a switch: the view, its colours and range, its cells.
    model.setFromPython("view", "difference");
    model.setFromPython("colorscale", "RdBu");
    model.setFromPython("zmin", -0.6);
    model.setFromPython("zmax", 0.6);
    model.setFromPython("_bounds", [-0.6, 0.6]);
    model.setFromPython("_overview", wireTile(DIFFERENCE));
    await settle();
    const { data, layout } = plotly.calls.at(-1);
    expect([data[0].zmin, data[0].zmax]).toEqual([-0.6, 0.6]);
    expect(data[0].colorscale[0][1]).toBe("#67001f"); // RdBu's first colour
    expect(layout.shapes[0]).toMatchObject({ x0: 1.5, x1: 2.5, y0: -0.5, y1: 0.5 }); // still (0, 2)
    expect(el.querySelector('select[aria-label="View"]').value).toBe("difference");
    expect(model.get("selection")).toEqual([0, 2]);
    expect(panel()).toContain("MiniLM − lexical +0.707");
  });

  it("draws model A's histogram behind the slider only in A's view", () => {
    model.setFromPython("_insight", fakeInsight());
    const histogram = () => el.querySelector("svg.simheat-histogram");
    expect(histogram().style.display).toBe("");
    expect(histogram().children.length).toBeGreaterThan(0);
    model.setFromPython("view", "b");
    expect(histogram().style.display).toBe("none");
    model.setFromPython("view", "a");
    expect(histogram().style.display).toBe("");
  });
});
