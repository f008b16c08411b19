import { describe, expect, it, vi } from "vitest";
import { cellUnder, followPointer } from "../../js/pointer.js";

/** A 4 × 4 matrix on a 200 × 200 plot area at (30, 20); y runs downwards from row -0.5. */
const AREA = {
  x: { range: [-0.5, 3.5], offset: 30, length: 200, toValue: (px) => -0.5 + px / 50 },
  y: { range: [3.5, -0.5], offset: 20, length: 200, toValue: (px) => -0.5 + px / 50 },
};

describe("cellUnder", () => {
  it("finds the cell whose square holds the point", () => {
    expect(cellUnder(AREA, 30 + 125, 20 + 30, 4)).toEqual([0, 2]);
    expect(cellUnder(AREA, 30 + 199, 20 + 199, 4)).toEqual([3, 3]);
  });

  it("is null outside the plot area or the matrix", () => {
    expect(cellUnder(AREA, 29, 50, 4)).toBeNull();
    expect(cellUnder(AREA, 50, 20 + 201, 4)).toBeNull();
    expect(cellUnder(AREA, 30 + 190, 50, 3)).toBeNull(); // column 3 of a 3 × 3 matrix
  });
});

describe("followPointer", () => {
  /** @param {string} type @param {Record<string, number>} init */
  const pointer = (type, init) => new MouseEvent(type, { bubbles: true, ...init });

  function setUp() {
    const element = document.createElement("div");
    document.body.append(element);
    const events = { onClick: vi.fn(), onHover: vi.fn(), onLeave: vi.fn() };
    return { element, events, stop: followPointer(element, events) };
  }

  it("takes a press and release a few pixels apart for a click, a longer drag for none", () => {
    const { element, events, stop } = setUp();
    element.dispatchEvent(pointer("pointerdown", { clientX: 10, clientY: 10, button: 0 }));
    window.dispatchEvent(pointer("pointerup", { clientX: 12, clientY: 13 }));
    expect(events.onClick).toHaveBeenCalledWith(12, 13);
    element.dispatchEvent(pointer("pointerdown", { clientX: 10, clientY: 10, button: 0 }));
    window.dispatchEvent(pointer("pointerup", { clientX: 40, clientY: 10 }));
    element.dispatchEvent(pointer("pointerdown", { clientX: 10, clientY: 10, button: 2 }));
    window.dispatchEvent(pointer("pointerup", { clientX: 10, clientY: 10 }));
    expect(events.onClick).toHaveBeenCalledTimes(1);
    stop();
  });

  it("hovers with no button down, leaves while dragging, and stops when told", () => {
    const { element, events, stop } = setUp();
    element.dispatchEvent(pointer("pointermove", { clientX: 5, clientY: 6 }));
    expect(events.onHover).toHaveBeenCalledWith(5, 6);
    element.dispatchEvent(pointer("pointermove", { clientX: 7, clientY: 6, buttons: 1 }));
    element.dispatchEvent(pointer("pointerleave", {}));
    expect(events.onLeave).toHaveBeenCalledTimes(2);
    stop();
    element.dispatchEvent(pointer("pointermove", { clientX: 5, clientY: 6 }));
    element.dispatchEvent(pointer("pointerdown", { clientX: 10, clientY: 10, button: 0 }));
    window.dispatchEvent(pointer("pointerup", { clientX: 10, clientY: 10 }));
    expect(events.onHover).toHaveBeenCalledTimes(1);
    expect(events.onClick).not.toHaveBeenCalled();
  });
});
