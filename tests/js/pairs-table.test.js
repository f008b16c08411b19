import { beforeEach, describe, expect, it, vi } from "vitest";
import { PAGE_SIZE, PairsTable, entries, findSelected } from "../../js/pairs-table.js";
import { fakeInsight } from "./fake-model.js";

const TEXTS = ["first text", '<img src=x onerror="window.__xss = 1">', "third text ".repeat(20).trim()];
const LABELS = ["a", "<b>b</b>", "c"];

const tab = (name) => [...document.querySelectorAll('[role="tab"]')].find((t) => t.textContent === name);
const rows = () => [...document.querySelectorAll(".simheat-row")];

describe("entries and findSelected", () => {
  const { tables } = fakeInsight();

  it("lists a tab's rows with the cell each selects, filtered by kind", () => {
    expect(entries(tables, "top").map((e) => e.cell)).toEqual([
      [0, 2],
      [1, 2],
      [0, 1],
    ]);
    expect(entries(tables, "top", "same words").map((e) => e.cell)).toEqual([[1, 2]]);
    expect(entries(tables, "outliers")[0]).toMatchObject({ cell: [1, 2], value: "0.400", texts: [1, 2] });
    expect(entries(tables, "hubs")[0]).toMatchObject({ cell: [2, 2], value: "2×", texts: [2] });
  });

  it("finds a pair in either order, and a hub by its text", () => {
    const top = entries(tables, "top");
    expect(findSelected(top, [2, 1])).toBe(1);
    expect(findSelected(top, [1, 2])).toBe(1);
    expect(findSelected(top, [2, 2])).toBe(-1);
    expect(findSelected(top, null)).toBe(-1);
    expect(findSelected(entries(tables, "hubs"), [0, 2])).toBe(0);
  });
});

describe("PairsTable", () => {
  let table;
  let onSelect;

  beforeEach(() => {
    document.body.innerHTML = "";
    onSelect = vi.fn();
    table = new PairsTable(document.body, { onSelect });
  });

  it("says the pairs are coming before the pass is done", () => {
    expect(document.body.textContent).toContain("once the neighbour pass is done");
    expect(rows()).toEqual([]);
  });

  it("has the five tabs, one selected, as a WAI-ARIA tab list", () => {
    table.setTables(fakeInsight().tables, TEXTS, LABELS);
    const tabs = [...document.querySelectorAll('[role="tablist"] [role="tab"]')];
    expect(tabs.map((t) => t.textContent)).toEqual(["Most similar", "Above threshold", "Least similar", "Outliers", "Hubs"]);
    expect(tabs.map((t) => t.getAttribute("aria-selected"))).toEqual(["true", "false", "false", "false", "false"]);
    tabs[0].dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
    expect(tab("Above threshold").getAttribute("aria-selected")).toBe("true");
    expect(document.activeElement).toBe(tab("Above threshold"));
    expect(document.body.textContent).toContain("No pairs at or above the threshold");
  });

  it("shows each row's similarity, labels, truncated texts with the full text on hover, and kind", () => {
    table.setTables(fakeInsight().tables, TEXTS, LABELS);
    const [first] = rows();
    expect(first.tagName).toBe("BUTTON");
    expect(first.textContent).toContain("0.900");
    expect(first.textContent).toContain("semantic");
    const third = first.querySelectorAll(".simheat-row-text")[1];
    expect(third.textContent.length).toBeLessThan(TEXTS[2].length);
    expect(third.title).toBe(`c: ${TEXTS[2]}`);
  });

  it("renders texts and labels as text, never as HTML", () => {
    table.setTables(fakeInsight().tables, TEXTS, LABELS);
    expect(document.querySelector(".simheat-rows img, .simheat-rows b")).toBeNull();
    expect(document.body.textContent).toContain("<b>b</b>");
    expect(window.__xss).toBeUndefined();
  });

  it("selects a row's cell on click and marks the selected cell's row", () => {
    table.setTables(fakeInsight().tables, TEXTS, LABELS);
    rows()[1].click();
    expect(onSelect).toHaveBeenCalledWith(1, 2);
    table.highlight([2, 1]);
    expect(rows().map((r) => r.getAttribute("aria-pressed"))).toEqual(["false", "true", "false"]);
    tab("Outliers").click();
    rows()[0].click();
    expect(onSelect).toHaveBeenLastCalledWith(1, 2);
    tab("Hubs").click();
    expect(rows()[0].textContent).toContain("2×");
  });

  it("filters pair tabs by kind, and has no kind filter for outliers and hubs", () => {
    table.setTables(fakeInsight().tables, TEXTS, LABELS);
    const kind = document.querySelector('[aria-label="Kind"]');
    kind.value = "identical";
    kind.dispatchEvent(new Event("change"));
    expect(rows().map((r) => r.textContent.slice(0, 5))).toEqual(["0.200"]);
    tab("Outliers").click();
    expect(kind.hidden).toBe(true);
  });

  it("shows 10,000 rows a page of 100 at a time and turns to the selected row's page", () => {
    const above = Array.from({ length: 10_000 }, (_, i) => ({ row: 0, col: i + 1, similarity: 1 - i / 1e5, kind: "semantic" }));
    const texts = Array.from({ length: 10_001 }, (_, i) => `text ${i}`);
    table.setTables({ ...fakeInsight().tables, above }, texts, texts);
    tab("Above threshold").click();
    expect(rows()).toHaveLength(PAGE_SIZE);
    expect(document.querySelector(".simheat-page-status").textContent).toBe("1–100 of 10,000");
    const next = [...document.querySelectorAll(".simheat-page")].find((b) => b.textContent.startsWith("Next"));
    next.click();
    expect(rows()[0].textContent).toContain("text 101");
    table.highlight([9_500, 0]);
    expect(rows()).toHaveLength(PAGE_SIZE); // never more in the page than a page
    expect(document.querySelector(".simheat-page-status").textContent).toBe("9,401–9,500 of 10,000");
    expect(document.querySelector('[aria-pressed="true"]').textContent).toContain("text 9500");
  });
});
