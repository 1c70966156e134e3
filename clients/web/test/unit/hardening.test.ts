/**
 * The kit never drops, doubles or leaks a write for a reason that is not about that write. Each
 * test here failed on the kit before these fixes.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../src/core/errors";
import type { OutboxEntry, ServerCopy } from "../../src/core/model";
import { FallbackStore, IndexedDbStore, MemoryStore, defaultStore, type KeyValueStore } from "../../src/core/storage";
import { SyncEngine, STALE_AFTER_MS, type SyncReport } from "../../src/core/sync";
import { LEASE_MS, withTabLock } from "../../src/core/tablock";
import { boundToken } from "../../src/core/tokens";
import { createTransport } from "../../src/core/transport";
import { fakeApi } from "./fake-api.js";
import { cartOf, cartServer, fakeLocks, line, planFeed } from "./helpers.js";

const add = (serviceId: string, quantity = 1) => ({ op: "cartItemAdd" as const, input: { serviceId, bookingDate: "2027-03-14", quantity, participants: 1 } });

function engineOn(transport: ReturnType<typeof fakeApi>["transport"], extra: Partial<ConstructorParameters<typeof SyncEngine>[0]> = {}) {
  const reports: SyncReport[] = [];
  const sync = new SyncEngine({
    transport,
    traveler: "alice",
    store: new MemoryStore(),
    locks: fakeLocks(),
    channel: null,
    retryIntervalMs: 60_000,
    onReport: (r) => reports.push(r),
    ...extra,
  });
  return { sync, reports };
}

async function offline<T>(work: () => Promise<T>): Promise<T> {
  vi.stubGlobal("navigator", { onLine: false });
  try {
    return await work();
  } finally {
    vi.unstubAllGlobals();
  }
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("answers that are not the API's", () => {
  const pages: [string, number][] = [
    ["404 page", 404],
    ["403 firewall page", 403],
    ["502 proxy page", 502],
    ["200 fallback or portal page", 200],
  ];
  for (const [name, status] of pages) {
    it(`a ${name} keeps all five queued writes, which land once the API answers again`, async () => {
      const server = cartServer();
      const api = fakeApi(server.handler);
      let html = true;
      const fetch = async (_url: unknown, init?: RequestInit): Promise<Response> => {
        if (html) return new Response("<!doctype html><title>Unavailable</title>", { status, headers: { "Content-Type": "text/html" } });
        const { query, variables } = JSON.parse(String(init?.body)) as { query: string; variables: Record<string, unknown> };
        return new Response(JSON.stringify({ data: await api.transport.requestText(query, variables) }), { status: 200 });
      };
      const transport = createTransport({ url: "http://api.test/graphql", fetch: fetch as typeof globalThis.fetch, sleep: async () => undefined });
      const store = new MemoryStore();
      const { sync, reports } = engineOn(transport, { store });
      await offline(async () => {
        for (let i = 0; i < 5; i++) await sync.enqueue(add(`svc-${i}`));
      });
      await sync.flush();
      expect(reports).toEqual([]);
      expect(sync.getSnapshot().pending).toBe(5);
      expect(sync.getSnapshot().status).toBe("offline");
      expect(await store.keys("traveler:alice/outbox/")).toHaveLength(5);
      html = false;
      await sync.flush();
      expect(server.items().map((l) => l.serviceId)).toEqual(["svc-0", "svc-1", "svc-2", "svc-3", "svc-4"]);
      expect(sync.getSnapshot().pending).toBe(0);
      sync.stop();
    });
  }

  it("a reply without an answer for a queued write keeps it", async () => {
    const server = cartServer();
    let empty = true;
    const api = fakeApi((field, input) => (empty && field === "cartItemAdd" ? undefined : server.handler(field, input)));
    const { sync, reports } = engineOn(api.transport);
    await offline(() => sync.enqueue(add("svc-a")));
    await sync.flush();
    expect(reports).toEqual([]);
    expect(sync.getSnapshot().pending).toBe(1);
    empty = false;
    await sync.flush();
    expect(server.items()).toHaveLength(1);
  });
});

describe("keys on every write", () => {
  it("every queued write carries its own key, fixed when queued", async () => {
    const store = new MemoryStore();
    const { sync } = engineOn(fakeApi(cartServer([line("a", 1)]).handler).transport, { store });
    await offline(async () => {
      await sync.enqueue({ op: "cartClear" });
      await sync.enqueue(add("svc-x"));
      await sync.enqueue({ op: "cartItemUpdate", input: { id: "a", quantity: 2 } });
      await sync.enqueue({ op: "cartItemRemove", input: { id: "a" } });
      await sync.enqueue({ op: "journeyPlanUpdate", input: { id: "p", title: "t" } });
      await sync.enqueue({ op: "journeyPlanTransition", input: { id: "p", to: "PLANNED" } });
      await sync.enqueue({ op: "journeyPlanDelete", input: { id: "p" } });
    });
    const entries = await Promise.all((await store.keys("traveler:alice/outbox/")).map((k) => store.get<OutboxEntry>(k)));
    const keys = entries.map((e) => (e!.operation as { input: { idempotencyKey?: string } }).input.idempotencyKey);
    expect(keys.every((k) => typeof k === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(k))).toBe(true);
    expect(new Set(keys).size).toBe(7);
  });

  it("a batch [clear, add X] whose answer was lost, sent again, leaves X in the cart", async () => {
    const server = cartServer([line("a", 1)]);
    let loseAnswer = true;
    const api = fakeApi(server.handler);
    const requestText = api.transport.requestText;
    api.transport.requestText = async (query, variables) => {
      const data = await requestText(query, variables); // the server applied the batch...
      if (loseAnswer) {
        loseAnswer = false;
        throw new ApiError("timeout", "no answer"); // ...and the answer never arrived
      }
      return data;
    };
    const { sync } = engineOn(api.transport);
    await offline(async () => {
      await sync.enqueue({ op: "cartClear" });
      await sync.enqueue(add("svc-x"));
    });
    await sync.flush();
    await sync.flush();
    expect(server.items().map((l) => l.serviceId)).toEqual(["svc-x"]);
    expect(sync.getSnapshot().cart.items.map((l) => l.serviceId)).toEqual(["svc-x"]);
  });
});

describe("stale writes", () => {
  it("a write queued offline and first sent 21 h later is not stale after a network blip", async () => {
    let now = Date.parse("2027-03-01T00:00:00Z");
    const server = cartServer();
    const api = fakeApi(server.handler);
    const { sync, reports } = engineOn(api.transport, { now: () => now });
    await offline(() => sync.enqueue(add("svc-late")));
    now += 21 * 60 * 60 * 1000;
    api.fail(new ApiError("network", "blip"));
    await sync.flush();
    now += 5_000;
    api.fail(null);
    await sync.flush();
    expect(reports).toEqual([]);
    expect(server.items().map((l) => l.serviceId)).toEqual(["svc-late"]);
  });

  it("a 401 is not a send: refused unheard, the write is still sent a day later", async () => {
    let now = Date.parse("2027-03-01T00:00:00Z");
    const server = cartServer();
    const api = fakeApi(server.handler);
    const { sync, reports } = engineOn(api.transport, { now: () => now });
    api.fail(new ApiError("unauthenticated", "expired", { status: 401, code: "UNAUTHENTICATED" }));
    await sync.enqueue(add("svc-a"));
    now += STALE_AFTER_MS + 60_000;
    api.fail(null);
    await sync.flush();
    expect(reports).toEqual([]);
    expect(server.items()).toHaveLength(1);
  });

  it("stale means first sent, possibly heard, over 20 h ago: then it is set aside, not sent", async () => {
    let now = Date.parse("2027-03-01T00:00:00Z");
    const server = cartServer();
    const api = fakeApi(server.handler);
    const { sync, reports } = engineOn(api.transport, { now: () => now });
    await offline(() => sync.enqueue(add("svc-a")));
    now += 10 * 60 * 60 * 1000; // queued 10 h before its first send
    api.fail(new ApiError("timeout", "no answer"));
    await sync.flush();
    now += STALE_AFTER_MS - 60_000; // 30 h after queueing, under 20 h after the first send
    api.fail(null);
    await sync.flush();
    expect(reports).toEqual([]);
    expect(server.items()).toHaveLength(1);
  });
});

describe("one traveler per engine", () => {
  it("a token of another traveler is never sent", () => {
    const aliceToken = `x.${btoa(JSON.stringify({ sub: "alice" }))}.y`;
    const bobToken = `x.${btoa(JSON.stringify({ sub: "bob" }))}.y`;
    expect(boundToken("alice", aliceToken)).toBe(aliceToken);
    expect(() => boundToken("alice", bobToken)).toThrow(ApiError);
    expect(() => boundToken("alice", null)).toThrow(ApiError);
    expect(boundToken(null, bobToken)).toBeNull();
  });

  it("a stopped engine stores nothing that arrives after it stopped, and queues nothing", async () => {
    const store = new MemoryStore();
    const server = cartServer([line("bobs", 7)]);
    const api = fakeApi(server.handler);
    const { sync } = engineOn(api.transport, { store });
    let release!: () => void;
    api.holdUntil(new Promise<void>((resolve) => (release = resolve)));
    const starting = sync.start();
    await new Promise((resolve) => setTimeout(resolve, 10));
    sync.stop(); // the app switched travelers while the first fetch was on its way
    release();
    await starting;
    expect(await store.get("traveler:alice/server")).toBeUndefined();
    const outcome = await sync.enqueue(add("svc-a"));
    expect(outcome.kind).toBe("rejected");
    expect(await store.keys("traveler:alice/outbox/")).toEqual([]);
  });

  it("signOut({ purge: true }) removes that traveler's local data, and only theirs", async () => {
    const store = new MemoryStore();
    const { sync } = engineOn(fakeApi(cartServer([line("a", 1)]).handler).transport, { store });
    await sync.start();
    await offline(() => sync.enqueue(add("svc-q")));
    await store.set("traveler:bob/server", { cart: cartOf([]), plans: [] });
    expect((await store.keys("traveler:alice/")).length).toBeGreaterThan(1);
    await sync.signOut({ purge: true });
    expect(await store.keys("traveler:alice/")).toEqual([]);
    expect(await store.keys("traveler:bob/")).toEqual(["traveler:bob/server"]);
    expect(sync.getSnapshot().cart.items).toEqual([]);
  });
});

describe("React's development remount", () => {
  it("with a guest cart at sign-in, an engine stopped and started again still syncs it", async () => {
    const store = new MemoryStore();
    const guest: ServerCopy = { cart: { ...cartOf([line("g", 2)]), id: "guest-1" }, plans: [] };
    await store.set("guest/server", guest);
    const server = cartServer();
    const merged: unknown[] = [];
    const api = fakeApi((field, input) => {
      if (field !== "cartMerge") return server.handler(field, input);
      merged.push(input);
      return { __typename: "CartMergeSuccess", merged: 1, skipped: [], cart: cartOf([line("g", 2)], 2) };
    });
    const { sync } = engineOn(api.transport, { store });
    const mount = async () => {
      await sync.adoptGuest(store);
      await sync.start();
    };
    const first = mount();
    sync.stop(); // StrictMode: unmounted at once
    const second = mount();
    const done = await Promise.race([
      Promise.all([first, second]).then(() => "done"),
      new Promise((resolve) => setTimeout(() => resolve("hung"), 2000)),
    ]);
    expect(done).toBe("done");
    expect(merged.length).toBeGreaterThanOrEqual(1);
    expect(sync.getSnapshot().pending).toBe(0);
    expect(sync.getSnapshot().status).toBe("ready");
  });
});

describe("versions the server will have", () => {
  it("an update that changes nothing does not move the line's version, so the next one does not conflict", async () => {
    const server = cartServer([line("a", 2)]);
    const { sync, reports } = engineOn(fakeApi(server.handler).transport);
    await sync.start();
    await offline(async () => {
      await sync.enqueue({ op: "cartItemUpdate", input: { id: "a", quantity: 2 } });
      await sync.enqueue({ op: "cartItemUpdate", input: { id: "a", quantity: 3 } });
    });
    expect(sync.getSnapshot().cart.items[0]?.version).toBe(2);
    await sync.flush();
    expect(reports).toEqual([]);
    expect(server.items()[0]).toMatchObject({ quantity: 3, version: 2 });
  });
});

describe("storage that fails", () => {
  function failingIndexedDb(): IDBFactory {
    return {
      open: () => {
        const request = { error: new DOMException("private mode", "InvalidStateError") } as unknown as IDBOpenDBRequest;
        setTimeout(() => (request.onerror as ((e: Event) => void) | null)?.(new Event("error")), 0);
        return request;
      },
    } as unknown as IDBFactory;
  }

  it("IndexedDB that fails to open: the page still loads, in memory, and says it is not durable", async () => {
    vi.stubGlobal("indexedDB", failingIndexedDb());
    const { sync } = engineOn(fakeApi(cartServer([line("a", 1)]).handler).transport, { store: defaultStore() });
    const started = await Promise.race([sync.start().then(() => "started"), new Promise((r) => setTimeout(() => r("hung"), 2000))]);
    expect(started).toBe("started");
    expect(sync.getSnapshot().status).toBe("ready");
    expect(sync.getSnapshot().durable).toBe(false);
    expect(await sync.enqueue(add("svc-a"))).toMatchObject({ kind: "applied" });
  });

  it("falls back to the next store that works", async () => {
    const next = new MemoryStore();
    const store = new FallbackStore([() => new IndexedDbStore(failingIndexedDb()), () => next]);
    await store.set("k", 1);
    expect(await next.get("k")).toBe(1);
  });

  it("a quota error during replay settles the write and reports the storage", async () => {
    const inner = new MemoryStore();
    let full = false;
    const store: KeyValueStore = {
      get: (k) => inner.get(k),
      keys: (p) => inner.keys(p),
      delete: (k) => inner.delete(k),
      set: async (k, v) => {
        if (full) throw new DOMException("quota", "QuotaExceededError");
        return inner.set(k, v);
      },
    };
    const api = fakeApi(cartServer().handler);
    const { sync } = engineOn(api.transport, { store });
    await sync.start();
    api.fail(new ApiError("network", "offline"));
    const first = await sync.enqueue(add("svc-a"));
    expect(first.kind).toBe("queued");
    api.fail(null);
    full = true;
    const unhandled = vi.fn();
    process.on("unhandledRejection", unhandled);
    try {
      await sync.flush();
      const second = sync.enqueue(add("svc-b"));
      await expect(second).rejects.toThrow(/storage/);
      await new Promise((r) => setTimeout(r, 20));
    } finally {
      process.off("unhandledRejection", unhandled);
    }
    expect(unhandled).not.toHaveBeenCalled();
    expect(sync.getSnapshot().status).toBe("error");
    expect(sync.getSnapshot().error).toMatch(/storage/);
  });
});

describe("queue order", () => {
  it("follows the order writes were made in, not the device clock (set back between them)", async () => {
    let now = Date.parse("2027-03-01T12:00:00Z");
    const server = cartServer([line("a", 1)]);
    const { sync } = engineOn(fakeApi(server.handler).transport, { now: () => now });
    await sync.start();
    await offline(async () => {
      await sync.enqueue({ op: "cartClear" });
      now -= 60 * 60 * 1000; // the clock is set back an hour
      await sync.enqueue(add("svc-x"));
    });
    await sync.flush();
    expect(server.items().map((l) => l.serviceId)).toEqual(["svc-x"]);
  });
});

describe("tabs", () => {
  it("a message from another tab during a replay does not bring a sent write back", async () => {
    const inner = new MemoryStore();
    const slow: KeyValueStore = {
      // Reads see the store as it was when they began, and take a while.
      get: async (k) => {
        const value = await inner.get(k);
        await new Promise((r) => setTimeout(r, 20));
        return value as never;
      },
      keys: (p) => inner.keys(p),
      delete: (k) => inner.delete(k),
      set: (k, v) => inner.set(k, v),
    };
    const channel = { postMessage: () => undefined, close: () => undefined, onmessage: null } as unknown as BroadcastChannel;
    const server = cartServer();
    const api = fakeApi(server.handler);
    const { sync } = engineOn(api.transport, { store: slow, channel });
    await sync.start();
    await offline(() => sync.enqueue(add("svc-a")));
    let release!: () => void;
    api.holdUntil(new Promise<void>((resolve) => (release = resolve)));
    const flushing = sync.flush();
    await new Promise((r) => setTimeout(r, 80)); // the replay is waiting for its answer
    (channel.onmessage as (e: MessageEvent) => void)({ data: { namespace: "traveler:alice", from: "other-tab" } } as MessageEvent);
    await new Promise((r) => setTimeout(r, 30)); // that tab's reload is reading
    api.holdUntil(null);
    release();
    await flushing;
    await new Promise((r) => setTimeout(r, 200));
    expect(sync.getSnapshot().pending).toBe(0);
    api.sent.length = 0;
    await sync.flush();
    expect(api.sent.flatMap((s) => s.fields)).not.toContain("cartItemAdd");
    expect(server.items()).toHaveLength(1);
  });

  it("the localStorage lease is renewed while a long replay runs", async () => {
    vi.useFakeTimers();
    const data = new Map<string, string>();
    vi.stubGlobal("localStorage", {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
      removeItem: (k: string) => void data.delete(k),
    });
    const order: string[] = [];
    let finishA!: () => void;
    const a = withTabLock("traveler:alice", "tab-a", null, async () => {
      order.push("a starts");
      await new Promise<void>((resolve) => (finishA = resolve));
      order.push("a ends");
    });
    await vi.advanceTimersByTimeAsync(100);
    const b = withTabLock("traveler:alice", "tab-b", null, async () => {
      order.push("b starts");
    });
    await vi.advanceTimersByTimeAsync(LEASE_MS * 2); // a's replay outlasts two leases
    expect(order).toEqual(["a starts"]);
    finishA();
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all([a, b]);
    expect(order).toEqual(["a starts", "a ends", "b starts"]);
  });
});

describe("a first visit", () => {
  it("is 'loading', not 'ready' with an empty cart, until the server's copy arrives", async () => {
    const server = cartServer([line("a", 3)]);
    const api = fakeApi(server.handler);
    const { sync } = engineOn(api.transport);
    const seen: string[] = [];
    sync.subscribe(() => seen.push(`${sync.getSnapshot().status}:${sync.getSnapshot().cart.items.length}`));
    await sync.start();
    expect(seen).not.toContain("ready:0");
    expect(sync.getSnapshot()).toMatchObject({ status: "ready" });
    expect(sync.getSnapshot().cart.items).toHaveLength(1);
  });
});

describe("the transport", () => {
  it("abandons an answer whose body stalls after the headers", async () => {
    const fetch = async (_url: unknown, init?: RequestInit): Promise<Response> => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"data": {"cart": '));
          init?.signal?.addEventListener("abort", () => controller.error(new DOMException("aborted", "AbortError")));
        },
      });
      return new Response(body, { status: 200, headers: { "Content-Type": "application/json" } });
    };
    const transport = createTransport({ url: "http://api.test/graphql", fetch: fetch as typeof globalThis.fetch, timeoutMs: 50, backoffMs: [] });
    const outcome = await Promise.race([
      transport.requestText("{ cart { id } }").then(
        () => "answered",
        (error: ApiError) => error.kind,
      ),
      new Promise((resolve) => setTimeout(() => resolve("hung"), 1000)),
    ]);
    expect(outcome).toBe("timeout");
  });

  it("makes request ids without crypto.randomUUID (missing on plain-HTTP pages)", async () => {
    const sent: string[] = [];
    vi.stubGlobal("crypto", { getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto) });
    const fetch = async (_url: unknown, init?: RequestInit): Promise<Response> => {
      sent.push((init?.headers as Record<string, string>)["X-Request-ID"]!);
      return new Response(JSON.stringify({ data: { cart: null } }), { status: 200 });
    };
    const transport = createTransport({ url: "http://api.test/graphql", fetch: fetch as typeof globalThis.fetch });
    await transport.requestText("{ cart { id } }");
    expect(sent[0]).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe("other devices' plan changes", () => {
  it("are all found from the server's cursor, also older than this device's own writes and more than a page", async () => {
    const feed = planFeed();
    for (let i = 0; i < 3; i++) feed.put(`p${i}`, `plan ${i}`);
    const server = cartServer();
    const api = fakeApi((field, input, args) => {
      if (field === "journeyPlanUpdate") {
        const plan = feed.put(input!.id as string, input!.title as string);
        return { __typename: "JourneyPlanUpdateSuccess", journeyPlan: plan };
      }
      if (field.startsWith("journeyPlan") || field === "deletedJourneyPlanIds") return feed.answer(field, args);
      return server.handler(field, input, args);
    });
    const { sync } = engineOn(api.transport);
    await sync.start();
    expect(sync.getSnapshot().plans).toHaveLength(3);
    // Another device renames p0, then this device renames p1 (its own write is newer)...
    feed.put("p0", "renamed elsewhere");
    expect(await sync.enqueue({ op: "journeyPlanUpdate", input: { id: "p1", title: "renamed here" } })).toMatchObject({ kind: "applied" });
    // ...and the other device adds 45 plans and deletes p2.
    for (let i = 0; i < 45; i++) feed.put(`n${i}`, `new ${i}`);
    feed.remove("p2");
    await sync.reconcile();
    const titles = new Map(sync.getSnapshot().plans.map((p) => [p.id, p.title]));
    expect(titles.get("p0")).toBe("renamed elsewhere");
    expect(titles.get("p1")).toBe("renamed here");
    expect(titles.has("p2")).toBe(false);
    expect(titles.size).toBe(2 + 45);
  });
});
