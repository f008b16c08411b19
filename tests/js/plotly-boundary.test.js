// @vitest-environment node
// Only js/plotly-adapter.js may touch plotly.js: its private fields, its events and the
// bundle itself. Anything else reaching into Plotly would break unseen on an upgrade.
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";

const JS = new URL("../../js/", import.meta.url);
const ADAPTER = "plotly-adapter.js";
/** The bundle's entry point (plotly.js) and its types (plotly.d.ts) are Plotly's own. */
const PLOTLY_ITSELF = ["plotly.js", "plotly.d.ts"];
const INTERNALS = /\b(_fullLayout|_offset|_length|_size|l2p|p2l)\b|plotly_\w+|from "\.\/plotly\.js"/g;

/** @param {string} name */
const read = (name) => readFileSync(new URL(name, JS), "utf8");

describe("the Plotly boundary", () => {
  it("no module but the adapter touches Plotly's internals, events or bundle", () => {
    const sources = readdirSync(JS).filter((name) => /\.(m?js|ts)$/.test(name) && ![ADAPTER, ...PLOTLY_ITSELF].includes(name));
    expect(sources).toContain("figure.js");
    const found = sources.flatMap((name) => (read(name).match(INTERNALS) ?? []).map((hit) => `${name}: ${hit}`));
    expect(found).toEqual([]);
  });

  it("the adapter is where they are (so the pattern above still finds them)", () => {
    const hits = new Set(read(ADAPTER).match(INTERNALS));
    for (const name of ["_fullLayout", "_offset", "_length", "_size", "p2l", "plotly_relayout", 'from "./plotly.js"']) {
      expect(hits).toContain(name);
    }
  });
});
