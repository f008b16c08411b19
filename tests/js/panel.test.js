import { beforeEach, describe, expect, it } from "vitest";
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

  it("renders markup in texts and labels as text, never as HTML", () => {
    const attack = '<img src=x onerror="window.__xss = 1">';
    panel.show({ row: 0, col: 1, labelRow: "<b>bold</b>", labelCol: "1", textRow: attack, textCol: "<script>x()</script>", similarity: 0.5 });
    expect(panel.root.querySelector("img, b, script")).toBeNull();
    expect(panel.root.textContent).toContain(attack);
    expect(panel.root.textContent).toContain("<b>bold</b>");
    expect(window.__xss).toBeUndefined();
  });

  it("goes back to the hint when the selection is cleared", () => {
    panel.show({ row: 0, col: 1, labelRow: "0", labelCol: "1", textRow: "a", textCol: "b", similarity: 0.5 });
    panel.show(null);
    expect(panel.root.textContent).toContain("Click a cell");
    expect(panel.root.textContent).not.toContain("Similarity");
  });
});
