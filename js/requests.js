/**
 * Requests to Python over anywidget's custom messages, each answered by one reply.
 *
 * Browser → Python: `{type: "request", id: "<viewId>:<n>", kind, payload}`.
 * Python → browser: `{type: "reply", id, ok: true, result}` with binary buffers, or
 * `{type: "reply", id, ok: false, error}`. Every view of a widget receives every reply:
 * an id made of a random view id and a counter lets each view take only its own.
 */

/** A reply's result and the binary buffers that came with it. */
/** @typedef {{ result: any, buffers: DataView[] }} Reply */

/**
 * The part of anywidget's model a client needs.
 * @typedef {object} MessageModel
 * @property {(content: any, callbacks?: any, buffers?: ArrayBuffer[]) => void} send
 * @property {(event: string, callback: (message: any, buffers: DataView[]) => void) => void} on
 * @property {(event: string, callback: (message: any, buffers: DataView[]) => void) => void} off
 */

/** An error reply from Python: its message says what Python refused or what failed. */
export class RequestError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "RequestError";
  }
}

/** 64 random bits as hex: two views (of one page or of two) never share an id. */
function randomViewId() {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** One view's requests: unique ids, a promise per request, replies to others ignored. */
export class RequestClient {
  /** @param {MessageModel} model */
  constructor(model) {
    this.model = model;
    this.viewId = randomViewId();
    this.count = 0;
    /** @type {Map<string, {resolve: (reply: Reply) => void, reject: (error: Error) => void}>} */
    this.pending = new Map();
    /** @param {any} message @param {DataView[]} buffers */
    this.onMessage = (message, buffers) => {
      if (message?.type !== "reply" || typeof message.id !== "string") return;
      const waiting = this.pending.get(message.id);
      if (!waiting) return; // another view's reply
      this.pending.delete(message.id);
      if (message.ok === true) waiting.resolve({ result: message.result, buffers: buffers ?? [] });
      else waiting.reject(new RequestError(String(message.error ?? "Python sent no reason")));
    };
    model.on("msg:custom", this.onMessage);
  }

  /**
   * Ask Python; resolves with the reply's result, rejects with a `RequestError`.
   * @param {string} kind
   * @param {Record<string, any>} payload
   * @returns {Promise<Reply>}
   */
  request(kind, payload) {
    this.count += 1;
    const id = `${this.viewId}:${this.count}`;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.model.send({ type: "request", id, kind, payload });
    });
  }

  /** Stop listening; requests still pending never settle. */
  dispose() {
    this.model.off("msg:custom", this.onMessage);
    this.pending.clear();
  }
}
