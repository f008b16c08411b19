import { beforeEach, describe, expect, it, vi } from "vitest";
import { Controls } from "../../js/controls.js";

/** @param {HTMLInputElement | HTMLSelectElement} el @param {string} value @param {string} type */
function userSets(el, value, type) {
  el.value = value;
  el.dispatchEvent(new Event(type, { bubbles: true }));
}

describe("Controls", () => {
  let events;
  let controls;

  beforeEach(() => {
    document.body.innerHTML = "";
    events = { onRange: vi.fn(), onColorscale: vi.fn(), onThreshold: vi.fn() };
    controls = new Controls(document.body, events);
    controls.setBounds(-0.2, 1);
    controls.update({ zmin: 0.1, zmax: 0.8, colorscale: "Blues" });
  });

  it("has the accessible names users and tests rely on", () => {
    const byLabel = (name) => document.querySelector(`[aria-label="${name}"]`);
    expect(byLabel("Color range minimum").type).toBe("range");
    expect(byLabel("Color range maximum").type).toBe("range");
    expect(byLabel("Color range minimum value").type).toBe("number");
    expect(byLabel("Colorscale").tagName).toBe("SELECT");
    expect(byLabel("Reverse colorscale").type).toBe("checkbox");
  });

  it("bounds the sliders by the matrix range and shows the state", () => {
    expect(controls.minSlider.min).toBe("-0.2");
    expect(controls.maxSlider.max).toBe("1");
    expect(controls.minSlider.valueAsNumber).toBeCloseTo(0.1, 2);
    expect(controls.maxBox.value).toBe("0.8");
    expect(controls.select.value).toBe("Blues");
  });

  it("reports slider moves while dragging and once more when let go", () => {
    userSets(controls.minSlider, "0.3", "input");
    expect(events.onRange).toHaveBeenLastCalledWith(expect.closeTo(0.3, 2), 0.8, false);
    userSets(controls.minSlider, "0.3", "change");
    expect(events.onRange).toHaveBeenLastCalledWith(expect.closeTo(0.3, 2), 0.8, true);
  });

  it("does not let a handle pass the other", () => {
    userSets(controls.minSlider, "0.95", "input");
    const [zmin, zmax] = events.onRange.mock.lastCall;
    expect(zmin).toBeLessThanOrEqual(zmax);
    expect(zmax).toBe(0.8);
  });

  it("takes typed values, beyond the slider bounds too", () => {
    userSets(controls.maxBox, "1.5", "change");
    expect(events.onRange).toHaveBeenLastCalledWith(0.1, 1.5, true);
  });

  it("ignores a cleared number box", () => {
    userSets(controls.minBox, "", "change");
    expect(events.onRange).not.toHaveBeenCalled();
  });

  it("reports colorscale and reverse choices as one trait value", () => {
    userSets(controls.select, "Viridis", "change");
    expect(events.onColorscale).toHaveBeenLastCalledWith("Viridis");
    controls.reverse.checked = true;
    controls.reverse.dispatchEvent(new Event("change"));
    expect(events.onColorscale).toHaveBeenLastCalledWith("Viridis_r");
  });

  it("sends a typed threshold, null when cleared, and ignores what is not a number", () => {
    const box = document.querySelector('[aria-label="Threshold"]');
    expect(box.value).toBe(""); // no threshold: an empty box
    userSets(box, "0.9", "change");
    userSets(box, "", "change");
    box.value = "0.8";
    box.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
    expect(events.onThreshold.mock.calls).toEqual([[0.9], [null], [0.8]]);
    controls.update({ zmin: 0.1, zmax: 0.8, colorscale: "Blues", threshold: 0.75 });
    expect(box.value).toBe("0.75"); // applied (Enter), so Python's value shows even in focus
    box.focus();
    userSets(box, "0.6", "input");
    controls.update({ zmin: 0.1, zmax: 0.8, colorscale: "Blues", threshold: 0.75 });
    expect(box.value).toBe("0.6"); // not while the user is typing
  });

  it("shows a reversed scale from Python", () => {
    controls.update({ zmin: 0, zmax: 1, colorscale: "RdBu_r" });
    expect(controls.select.value).toBe("RdBu");
    expect(controls.reverse.checked).toBe(true);
  });
});
