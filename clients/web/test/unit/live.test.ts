import { describe, expect, it } from "vitest";
import { connectLive, withCart, withPlanChange, type LiveState, type LiveTarget } from "../../src/live/index";
import { emptyCart, type Plan, type ServerCopy } from "../../src/core/model";
import { MemoryStore } from "../../src/core/storage";
import { SyncEngine } from "../../src/core/sync";
import { fakeApi } from "./fake-api.js";
import { cartOf, cartServer, fakeLocks, line } from "./helpers.js";

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

function plan(id: string, version: number, createdAt = "2026-12-01T00:00:00Z"): Plan {
  return { id, version, createdAt, updatedAt: createdAt, title: id } as unknown as Plan;
}

describe("pushed changes applied to the server's copy", () => {
  const copy: ServerCopy = { cart: cartOf([line("a", 1)], 5), plans: [plan("p1", 3)] };

  it("takes a later cart revision and keeps the copy for an earlier or equal one", () => {
    expect(withCart(cartOf([line("a", 2)], 6))(copy).cart.revision).toBe(6);
    expect(withCart(cartOf([line("a", 9)], 5))(copy)).toBe(copy);
    expect(withCart(cartOf([], 4))(copy)).toBe(copy);
  });

  it("takes a plan's later version, a new plan in order, and a deletion; ignores what it holds", () => {
    const newer = withPlanChange({ plan: plan("p1", 4), deletedId: null, at: "" } as never)(copy);
    expect(newer.plans.map((p) => p.version)).toEqual([4]);
    expect(withPlanChange({ plan: plan("p1", 3), deletedId: null, at: "" } as never)(copy)).toBe(copy);
    const added = withPlanChange({ plan: plan("p0", 1, "2026-12-02T00:00:00Z"), deletedId: null, at: "" } as never)(copy);
    expect(added.plans.map((p) => p.id)).toEqual(["p0", "p1"]);
    expect(withPlanChange({ plan: null, deletedId: "p1", at: "" } as never)(copy).plans).toEqual([]);
    expect(withPlanChange({ plan: null, deletedId: "gone", at: "" } as never)(copy)).toBe(copy);
  });

  it("shows a pushed cart under the queued changes, and ignores pushes before a copy is held", async () => {
    const api = cartServer([line("a", 1)]);
    const transport = fakeApi(api.handler);
    const engine = new SyncEngine({ transport: transport.transport, traveler: "alice", store: new MemoryStore(), locks: fakeLocks(), channel: null, retryIntervalMs: 60_000 });
    await engine.receive(withCart(cartOf([line("x", 7)], 50)));
    expect(engine.getSnapshot().cart.items).toEqual([]); // nothing held yet: the first read decides
    await engine.start();
    transport.fail(new (await import("../../src/core/errors")).ApiError("network", "offline"));
    void engine.enqueue({ op: "cartClear", input: {} } as never);
    await tick(10);
    await engine.receive(withCart(cartOf([line("a", 1), line("b", 2)], 50)));
    expect(engine.getSnapshot().cart.revision).toBe(50);
    expect(engine.getSnapshot().cart.items).toEqual([]); // the queued clear stays on top
    expect(engine.getSnapshot().pending).toBe(1);
    engine.stop();
  });
});

// ---- the connector, against a scripted server -------------------------------------------------

type Sent = { type: string; id?: string; payload?: { Authorization?: string; query?: string } };

class ScriptedSocket {
  static opened: ScriptedSocket[] = [];
  static behave: (socket: ScriptedSocket) => void = () => undefined;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  sent: Sent[] = [];
  constructor(
    readonly url: string,
    readonly protocol: string,
  ) {
    ScriptedSocket.opened.push(this);
    setTimeout(() => ScriptedSocket.behave(this), 0);
  }
  send(text: string) {
    const message = JSON.parse(text) as Sent;
    this.sent.push(message);
    if (message.type === "connection_init") this.onInitFor?.(message);
  }
  onInitFor?: (message: Sent) => void;
  close(code = 1000) {
    setTimeout(() => this.onclose?.({ code }), 0);
  }
  push(message: object) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

function target() {
  const received: ((s: ServerCopy) => ServerCopy)[] = [];
  let reconciled = 0;
  const t: LiveTarget = {
    receive: async (update) => void received.push(update),
    reconcile: async () => void reconciled++,
  };
  return { t, received, reconciled: () => reconciled };
}

async function until(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) await tick(5);
  expect(check()).toBe(true);
}

describe("connectLive", () => {
  it("subscribes after the ack, feeds pushes in, and catches up on connecting", async () => {
    ScriptedSocket.opened = [];
    ScriptedSocket.behave = (s) => {
      s.onInitFor = () => setTimeout(() => s.push({ type: "connection_ack" }), 0);
      s.onopen?.();
    };
    const { t, received, reconciled } = target();
    const states: LiveState[] = [];
    const live = connectLive(t, { url: "http://api/graphql", getToken: () => "tok", onState: (s) => states.push(s), WebSocket: ScriptedSocket as never });
    await until(() => states.includes("websocket"));
    const socket = ScriptedSocket.opened[0]!;
    expect(socket.url).toBe("ws://api/graphql");
    expect(socket.protocol).toBe("graphql-transport-ws");
    expect(socket.sent[0]).toEqual({ type: "connection_init", payload: { Authorization: "Bearer tok" } });
    expect(socket.sent.slice(1).map((m) => [m.id, m.type])).toEqual([
      ["cart", "subscribe"],
      ["plans", "subscribe"],
    ]);
    expect(reconciled()).toBe(1);
    socket.push({ type: "ping" });
    expect(socket.sent.at(-1)).toEqual({ type: "pong" });
    socket.push({ id: "cart", type: "next", payload: { data: { cartChanged: cartOf([], 9) } } });
    expect(received.length).toBe(1);
    expect(received[0]!({ cart: emptyCart(), plans: [] }).cart.revision).toBe(9);
    live.close();
  });

  it("reconnects with a fresh token after a 4403 close, once per refusal", async () => {
    ScriptedSocket.opened = [];
    const tokens: string[] = [];
    ScriptedSocket.behave = (s) => {
      s.onInitFor = (m) => {
        tokens.push(m.payload!.Authorization!);
        if (m.payload!.Authorization === "Bearer old") s.close(4403);
        else s.push({ type: "connection_ack" });
      };
      s.onopen?.();
    };
    const { t } = target();
    let refreshes = 0;
    const states: LiveState[] = [];
    const live = connectLive(t, {
      url: "https://api/graphql",
      getToken: () => "old",
      refreshToken: async () => (refreshes++, "new"),
      onState: (s) => states.push(s),
      WebSocket: ScriptedSocket as never,
    });
    await until(() => states.includes("websocket"));
    expect(tokens).toEqual(["Bearer old", "Bearer new"]);
    expect(refreshes).toBe(1);
    expect(ScriptedSocket.opened[0]!.url).toBe("wss://api/graphql");
    live.close();
  });

  it("falls back to event streams when the WebSocket never opens, and to polling when they fail too", async () => {
    ScriptedSocket.opened = [];
    ScriptedSocket.behave = (s) => s.close(1006);
    const requests: RequestInit[] = [];
    const failing = async (_url: unknown, init?: RequestInit) => {
      requests.push(init!);
      return new Response("<h1>502</h1>", { status: 502, headers: { "Content-Type": "text/html" } });
    };
    const { t } = target();
    const states: LiveState[] = [];
    const live = connectLive(t, { url: "http://api/graphql", getToken: () => "tok", onState: (s) => states.push(s), WebSocket: ScriptedSocket as never, fetch: failing as never, backoffMs: [10_000] });
    await until(() => states.includes("polling"));
    expect(ScriptedSocket.opened.length).toBe(1);
    expect(requests.length).toBe(2); // one stream per subscription
    expect(new Headers(requests[0]!.headers).get("Accept")).toBe("text/event-stream");
    expect(new Headers(requests[0]!.headers).get("Authorization")).toBe("Bearer tok");
    await tick(50);
    expect(ScriptedSocket.opened.length).toBe(1); // waits before the next round
    live.close();
  });

  it("takes a refused subscription (the per-traveler cap) as a failure to wait on, not a reconnect loop", async () => {
    ScriptedSocket.opened = [];
    ScriptedSocket.behave = (s) => {
      s.onInitFor = () => {
        s.push({ type: "connection_ack" });
        s.push({ id: "cart", type: "error", payload: [{ message: "too many", extensions: { code: "LIMIT_EXCEEDED" } }] });
      };
      s.onopen?.();
    };
    const { t } = target();
    const states: LiveState[] = [];
    const live = connectLive(t, { url: "http://api/graphql", getToken: () => "tok", onState: (s) => states.push(s), WebSocket: ScriptedSocket as never, backoffMs: [10_000] });
    await until(() => states.includes("polling"));
    await tick(100);
    expect(ScriptedSocket.opened.length).toBe(1);
    live.close();
  });

  it("has nothing to listen to for a guest", async () => {
    ScriptedSocket.opened = [];
    const { t } = target();
    const states: LiveState[] = [];
    connectLive(t, { url: "http://api/graphql", getToken: () => null, onState: (s) => states.push(s), WebSocket: ScriptedSocket as never });
    await until(() => states.includes("polling"));
    expect(ScriptedSocket.opened.length).toBe(0);
  });
});
