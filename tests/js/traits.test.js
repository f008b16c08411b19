import { describe, expect, it, vi } from "vitest";
import { TRAITS, fallbackState, readStyle, subscribe, traitNames } from "../../js/traits.js";
import { FakeModel } from "./fake-model.js";

describe("the table of synced traits", () => {
  it("sorts every trait into one role", () => {
    const roles = [traitNames("data"), traitNames("style"), traitNames("selection"), traitNames("insight")];
    expect(roles.flat().sort()).toEqual(Object.keys(TRAITS).sort());
    expect(traitNames("data")).toContain("_overview");
    expect(traitNames("selection")).toEqual(["selection", "selected"]);
    expect(traitNames("insight")).toEqual(["_insight"]);
  });

  it("builds the style object from the style traits, under their keys", () => {
    const model = new FakeModel({ xaxis_title: "Texts", zmax: 0.7, color_label: "cos" });
    const style = readStyle(model);
    expect(style).toMatchObject({ xaxisTitle: "Texts", zmax: 0.7, colorLabel: "cos", yaxisTitle: "Index" });
    expect(Object.keys(style).sort()).toEqual(traitNames("style").map((name) => TRAITS[name].key).sort());
  });

  it("calls the handler of the changed trait's role, until unsubscribed", () => {
    const model = new FakeModel({});
    const handlers = { data: vi.fn(), style: vi.fn(), selection: vi.fn(), insight: vi.fn() };
    const stop = subscribe(model, handlers);
    model.setFromPython("height", 600);
    model.setFromPython("_labels", ["a"]);
    model.setFromPython("selected", null);
    model.setFromPython("_insight", null);
    const calls = [handlers.data, handlers.style, handlers.selection, handlers.insight].map((h) => h.mock.calls.length);
    expect(calls).toEqual([1, 1, 1, 1]);
    expect(model.listenerCount()).toBe(Object.keys(TRAITS).length);
    stop();
    expect(model.listenerCount()).toBe(0);
  });

  it("gives a model without Python every style and selection trait", () => {
    const state = fallbackState();
    expect(Object.keys(state).sort()).toEqual([...traitNames("style"), ...traitNames("selection")].sort());
    expect(state).toMatchObject({ colorscale: "Blues", height: null, selection: null, threshold: null });
  });
});
