import { beforeEach, describe, expect, it, vi } from "vitest";
import { SelectionPanel } from "../../js/panel.js";

describe("SelectionPanel", () => {
  let panel;

  beforeEach(() => {
    document.body.innerHTML = "";
    panel = new SelectionPanel(document.body);
  });

  it("is a region named Selected pair with a hint before any click", () => {
    expect(panel.root.getAttribute("role")).toBe("region");
    expect(panel.root.getAttribute("aria-label")).toBe("Selected pair");
    expect(panel.root.textContent).toContain("Click a cell");
  });

  it("shows both texts in full, labels, indices and the similarity", () => {
    const long = "word ".repeat(300).trim();
    panel.show({ row: 2, col: 7, labelRow: "rates", labelCol: "7", textRow: long, textCol: "short", similarity: 0.91234 });
    const text = panel.root.textContent;
    expect(text).toContain("Similarity 0.912");
    expect(text).toContain("Row 2 · rates");
    expect(text).toContain("Column 7");
    expect(text).not.toContain("Column 7 ·");
    expect(text).toContain(long);
    expect(text).toContain("short");
  });

  it("names the value after the metric", () => {
    const pair = { row: 0, col: 1, labelRow: "0", labelCol: "1", textRow: "a", textCol: "b", similarity: 2.5 };
    panel.show(pair, "euclidean");
    expect(panel.root.textContent).toContain("Distance 2.500");
    panel.show(pair, "dot");
    expect(panel.root.textContent).toContain("Dot product 2.500");
    expect(panel.root.textContent).not.toContain("Similarity");
  });

  it("renders markup in texts and labels as text, never as HTML", () => {
    const attack = '<img src=x onerror="window.__xss = 1">';
    panel.show({ row: 0, col: 1, labelRow: "<b>bold</b>", labelCol: "1", textRow: attack, textCol: "<script>x()</script>", similarity: 0.5 });
    expect(panel.root.querySelector("img, b, script")).toBeNull();
    expect(panel.root.textContent).toContain(attack);
    expect(panel.root.textContent).toContain("<b>bold</b>");
    expect(window.__xss).toBeUndefined();
  });

  it("lists the row's nearest texts as buttons that report the neighbour clicked", () => {
    document.body.innerHTML = "";
    const onNeighbor = vi.fn();
    panel = new SelectionPanel(document.body, { onNeighbor });
    const neighbors = [
      { index: 7, label: "7", text: "short", similarity: 0.9 },
      { index: 4, label: "<i>four</i>", text: "long ".repeat(50).trim(), similarity: 0.5 },
    ];
    panel.show({ row: 2, col: 7, labelRow: "2", labelCol: "7", textRow: "a", textCol: "short", similarity: 0.9, neighbors });
    const buttons = [...panel.root.querySelectorAll("button.simheat-neighbor")];
    expect(panel.root.textContent).toContain("Nearest texts to row 2");
    expect(buttons.map((b) => b.getAttribute("aria-pressed"))).toEqual(["true", "false"]);
    expect(buttons[1].textContent.length).toBeLessThan(100);
    expect(buttons[1].title).toBe(`<i>four</i>: ${neighbors[1].text}`);
    expect(panel.root.querySelector("i")).toBeNull();
    buttons[1].click();
    expect(onNeighbor).toHaveBeenCalledWith(4);
  });

  it("goes back to the hint when the selection is cleared", () => {
    panel.show({ row: 0, col: 1, labelRow: "0", labelCol: "1", textRow: "a", textCol: "b", similarity: 0.5 });
    panel.show(null);
    expect(panel.root.textContent).toContain("Click a cell");
    expect(panel.root.textContent).not.toContain("Similarity");
  });
});
