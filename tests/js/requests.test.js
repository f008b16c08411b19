import { describe, expect, it } from "vitest";
import { RequestClient, RequestError } from "../../js/requests.js";
import { FakeModel } from "./fake-model.js";

/** Python's reply to a request, as the comm delivers it to every view. */
const reply = (id, fields) => ({ type: "reply", id, ...fields });

describe("RequestClient", () => {
  it("sends a request with an id of its view and resolves on the reply with that id", async () => {
    const model = new FakeModel({});
    const client = new RequestClient(model);
    const pending = client.request("window", { rows: [0, 4], cols: [0, 4] });
    const sent = model.sent.at(-1);
    expect(sent).toEqual({ type: "request", id: `${client.viewId}:1`, kind: "window", payload: { rows: [0, 4], cols: [0, 4] } });
    const buffer = new DataView(new ArrayBuffer(4));
    model.receive(reply(sent.id, { ok: true, result: { shape: [1, 1] } }), [buffer]);
    await expect(pending).resolves.toEqual({ result: { shape: [1, 1] }, buffers: [buffer] });
  });

  it("gives ids unique across requests and across two clients of one model", () => {
    const model = new FakeModel({});
    const [a, b] = [new RequestClient(model), new RequestClient(model)];
    for (let i = 0; i < 3; i++) for (const client of [a, b]) client.request("window", {});
    const ids = model.sent.map((message) => message.id);
    expect(new Set(ids).size).toBe(6);
    expect(a.viewId).not.toBe(b.viewId);
    expect(a.viewId).toMatch(/^[0-9a-f]{16}$/);
  });

  it("ignores a reply to another view's id, and each view takes its own", async () => {
    const model = new FakeModel({});
    const [a, b] = [new RequestClient(model), new RequestClient(model)];
    const settled = [];
    a.request("window", {}).then(({ result }) => settled.push(["a", result.n]));
    b.request("window", {}).then(({ result }) => settled.push(["b", result.n]));
    const [idA, idB] = model.sent.map((message) => message.id);
    model.receive(reply(idB, { ok: true, result: { n: 2 } }), []); // reaches both views
    model.receive(reply("somebody-else:1", { ok: true, result: { n: 9 } }), []);
    await Promise.resolve();
    expect(settled).toEqual([["b", 2]]);
    model.receive(reply(idA, { ok: true, result: { n: 1 } }), []);
    model.receive(reply(idA, { ok: true, result: { n: 3 } }), []); // a repeat: already settled
    await Promise.resolve();
    expect(settled).toEqual([["b", 2], ["a", 1]]);
  });

  it("rejects on an error reply with Python's message", async () => {
    const model = new FakeModel({});
    const client = new RequestClient(model);
    const pending = client.request("select_block", { rows: [5, 1] });
    model.receive(reply(model.sent.at(-1).id, { ok: false, error: "rows [5, 1] is empty or reversed" }), []);
    await expect(pending).rejects.toThrow(RequestError);
    await expect(pending).rejects.toThrow("rows [5, 1] is empty or reversed");
  });

  it("ignores messages that are not replies", async () => {
    const model = new FakeModel({});
    const client = new RequestClient(model);
    let done = false;
    client.request("window", {}).finally(() => (done = true));
    const { id } = model.sent.at(-1);
    for (const message of [null, "text", { type: "window", id }, { type: "reply", id: 1, ok: true }]) {
      model.receive(message, []);
    }
    await Promise.resolve();
    expect(done).toBe(false);
  });

  it("stops listening on dispose", () => {
    const model = new FakeModel({});
    const client = new RequestClient(model);
    expect(model.listenerCount()).toBe(1);
    client.dispose();
    expect(model.listenerCount()).toBe(0);
  });
});
