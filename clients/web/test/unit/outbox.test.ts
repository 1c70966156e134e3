import "fake-indexeddb/auto";
import { readFileSync } from "node:fs";
import { buildSchema, Lexer, parse, Source, TokenKind, validate } from "graphql";
import { describe, expect, it, vi } from "vitest";
import { buildBatch, DOCUMENTS, MAX_BATCH, NODE_BUDGET, NODE_COST, TOKEN_BUDGET, tokenCount } from "../../src/core/batch";
import * as generated from "../../src/generated/graphql";
import { ApiError } from "../../src/core/errors";
import { emptyCart, type Cart, type CartLine, type OutboxEntry, type ServerCopy } from "../../src/core/model";
import { guestImports } from "../../src/core/guest";
import { IndexedDbStore, LocalStorageStore, MemoryStore, type KeyValueStore } from "../../src/core/storage";
import { SyncEngine, type SyncReport } from "../../src/core/sync";
import { fakeApi } from "./fake-api.js";
import { cartOf, cartServer, fakeLocks, line } from "./helpers.js";

const SCHEMA = buildSchema(readFileSync(new URL("../../../../schema.graphql", import.meta.url), "utf8"));


function engine(
  transport: ReturnType<typeof fakeApi>["transport"],
  store: KeyValueStore = new MemoryStore(),
  reports: SyncReport[] = [],
  locks: LockManager | null = fakeLocks(),
) {
  return new SyncEngine({ transport, traveler: "alice", store, locks, channel: null, onReport: (r) => reports.push(r), retryIntervalMs: 60_000 });
}

const add = (serviceId: string, quantity = 1) => ({ op: "cartItemAdd" as const, input: { serviceId, bookingDate: "2027-03-14", quantity, participants: 1 } });

describe("batches", () => {
  it("put each operation under an alias, in order, with its own variables, valid against the schema", () => {
    const entries: OutboxEntry[] = Array.from({ length: MAX_BATCH }, (_, i) => ({
      id: `e${i}`,
      createdAt: 0,
      attempts: 0,
      operation: i % 2 ? add(`s${i}`) : { op: "cartItemRemove", input: { id: `line${i}` } },
    }));
    const batch = buildBatch(entries);
    expect(batch.aliases).toEqual(entries.map((_, i) => `q${i}`));
    expect(validate(SCHEMA, parse(batch.query))).toEqual([]);
    expect(batch.variables.q1_input).toEqual(add("s1").input);
    expect(batch.variables.q2_input).toEqual({ id: "line2" });
    expect(batch.query.indexOf("q0: cartItemRemove")).toBeLessThan(batch.query.indexOf("q1: cartItemAdd"));
    expect(() => buildBatch([...entries, entries[0]!])).toThrow();
  });
});

function lexerCount(query: string): number {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count += 1;
  return count;
}

describe("batches without graphql's runtime", () => {
  const ops = Object.keys(DOCUMENTS) as (keyof typeof DOCUMENTS)[];
  const inputs: Record<string, unknown> = { cartClear: { idempotencyKey: "k" } };
  const entry = (op: keyof typeof DOCUMENTS, i: number) =>
    ({ id: `e${i}`, createdAt: 0, attempts: 0, operation: { op, input: inputs[op] ?? {} } }) as unknown as OutboxEntry;

  it("holds every kind of write at once, each under its alias with its fragments once, valid against the schema", () => {
    const batch = buildBatch(ops.map(entry));
    expect(validate(SCHEMA, parse(batch.query))).toEqual([]);
    const operation = parse(batch.query).definitions[0]!;
    expect(operation.kind === "OperationDefinition" && operation.selectionSet.selections.map((s) => s.kind === "Field" && `${s.alias?.value}:${s.name.value}`)).toEqual(
      ops.map((op, i) => `q${i}:${op}`),
    );
    expect(Object.keys(batch.variables)).toEqual(ops.map((_, i) => `q${i}_input`));
    expect(batch.query.match(/fragment CartFields /g)).toHaveLength(1);
  });

  it("counts tokens as graphql's lexer does, for every generated document and for batches", () => {
    const texts = (Object.values(generated) as unknown[]).filter((value) => value instanceof generated.TypedDocumentString).map(String);
    expect(texts.length).toBeGreaterThan(15);
    for (let size = 1; size <= ops.length; size++) texts.push(buildBatch(ops.slice(0, size).map(entry)).query);
    texts.push('query A($a: Int = -1.5e3, $b: [String!] = ["x\\"y", "z"]) { a(x: $a) @skip(if: false) { ...F } } # not a token');
    for (const text of texts) expect(tokenCount(text)).toBe(lexerCount(text));
  });
});

describe("trusted documents", () => {
  it("with maxBatch 1, every request is the text of a document in the generated manifest", async () => {
    const manifest = JSON.parse(readFileSync(new URL("../../src/generated/persisted-documents.json", import.meta.url), "utf8")) as Record<string, string>;
    const listed = new Set(Object.values(manifest));
    const server = cartServer([line("a", 1)]);
    const api = fakeApi(server.handler);
    const sync = new SyncEngine({ transport: api.transport, traveler: "alice", store: new MemoryStore(), locks: fakeLocks(), channel: null, maxBatch: 1, retryIntervalMs: 60_000 });
    await sync.start();
    api.fail(new ApiError("network", "offline"));
    await sync.enqueue(add("svc-a"));
    await sync.enqueue({ op: "cartItemRemove", input: { id: "a" } });
    await sync.enqueue({ op: "cartClear", input: {} });
    api.fail(null);
    await sync.flush();
    await sync.reconcile();
    expect(api.sent.length).toBeGreaterThanOrEqual(5);
    for (const request of api.sent) expect(listed.has(request.query)).toBe(true);
  });
});

describe("the outbox", () => {
  it("is stored before anything is sent, and survives a reload with its optimistic change", async () => {
    const store = new MemoryStore();
    const server = cartServer([line("a", 1)]);
    const api = fakeApi(server.handler);
    const first = engine(api.transport, store);
    await first.start();
    api.fail(new ApiError("network", "offline"));
    const outcome = await first.enqueue(add("svc-a", 2));
    expect(outcome).toEqual({ kind: "queued" });
    first.stop();
    // A new page on the same device (same store), still offline.
    const again = engine(api.transport, store);
    await again.reload();
    expect(again.getSnapshot().pending).toBe(1);
    expect(again.getSnapshot().cart.items[0]?.quantity).toBe(3);
    // Online again: the queued add lands once.
    api.fail(null);
    await again.sync();
    expect(server.items()[0]?.quantity).toBe(3);
    expect(again.getSnapshot().pending).toBe(0);
    expect(await store.keys("traveler:alice/outbox/")).toEqual([]);
  });

  it("replays queued operations in order, in one request, each once, with the keys fixed when queued", async () => {
    const server = cartServer([line("a", 1), line("b", 5)]);
    const api = fakeApi(server.handler);
    const sync = engine(api.transport);
    await sync.start();
    api.fail(new ApiError("timeout", "slow"));
    await sync.enqueue(add("svc-a"));
    await sync.enqueue({ op: "cartItemUpdate", input: { id: "b", quantity: 2 } });
    await sync.enqueue({ op: "cartItemRemove", input: { id: "a" } });
    await sync.flush(); // fails again: the same keys must be sent next time
    api.fail(null);
    api.sent.length = 0;
    await sync.flush();
    expect(api.sent).toHaveLength(1);
    expect(api.sent[0]?.fields).toEqual(["cartItemAdd", "cartItemUpdate", "cartItemRemove"]);
    const [addKey] = Object.values(api.sent[0]!.variables).map((v) => (v as { idempotencyKey?: string }).idempotencyKey);
    expect(addKey).toMatch(/^k-[A-Za-z0-9_-]+$/);
    expect(api.sent[0]?.variables.q1_input).toMatchObject({ id: "b", quantity: 2, expectedVersion: 1 });
    expect(server.items().map((l) => [l.id, l.quantity])).toEqual([["b", 2]]);
    // Sending the same queue again changes nothing on the server.
    await sync.flush();
    expect(api.sent).toHaveLength(1);
  });

  it("drops a refused operation, rolls back its optimistic change and reports it", async () => {
    const api = fakeApi((field) =>
      field === "cart"
        ? cartOf([line("a", 1)])
        : field === "journeyPlanChanges"
          ? { plans: [], deletedIds: [], cursor: "c0", hasMore: false }
          : { __typename: "ServiceNotBookableError", code: "SERVICE_NOT_BOOKABLE", message: "not bookable" },
    );
    const reports: SyncReport[] = [];
    const sync = engine(api.transport, new MemoryStore(), reports);
    await sync.start();
    const outcome = await sync.enqueue(add("svc-gone"));
    expect(outcome).toMatchObject({ kind: "rejected", error: { code: "SERVICE_NOT_BOOKABLE" } });
    expect(sync.getSnapshot().cart.items.map((l) => l.id)).toEqual(["a"]);
    expect(sync.getSnapshot().pending).toBe(0);
    expect(reports).toMatchObject([{ kind: "rejected", message: "not bookable" }]);
  });

  it("keeps the server's state on a version conflict and reports it", async () => {
    const server = cartServer([line("a", 1, 1)]);
    const api = fakeApi(server.handler);
    const reports: SyncReport[] = [];
    const sync = engine(api.transport, new MemoryStore(), reports);
    await sync.start();
    // Another device changes the line meanwhile.
    server.handler("cartItemUpdate", { id: "a", quantity: 7 });
    const outcome = await sync.enqueue({ op: "cartItemUpdate", input: { id: "a", quantity: 4 } });
    expect(outcome.kind).toBe("conflict");
    expect(sync.getSnapshot().cart.items[0]?.quantity).toBe(7);
    expect(reports.map((r) => r.kind)).toEqual(["conflict"]);
  });

  it("sends a change to a line added offline with the line's real id, after the add", async () => {
    const server = cartServer();
    const api = fakeApi(server.handler);
    const sync = engine(api.transport);
    await sync.start();
    api.fail(new ApiError("network", "offline"));
    await sync.enqueue(add("svc-new", 1));
    const local = sync.getSnapshot().cart.items[0]!;
    expect(local.id).toMatch(/^local:/);
    await sync.enqueue({ op: "cartItemUpdate", input: { id: local.id, quantity: 5 } });
    api.fail(null);
    await sync.flush();
    expect(api.sent.map((s) => s.fields)).toEqual([["cart"], ["journeyPlanChanges"], ["cartItemAdd"], ["cartItemUpdate"]]);
    expect(api.sent[3]?.variables.input).toMatchObject({ id: "srv100", quantity: 5 });
    expect(server.items().map((l) => l.quantity)).toEqual([5]);
  });

  it("while the browser is offline, queues without sending", async () => {
    const api = fakeApi(cartServer().handler);
    const sync = engine(api.transport);
    vi.stubGlobal("navigator", { onLine: false });
    try {
      expect(await sync.enqueue(add("svc-x"))).toEqual({ kind: "queued" });
      expect(api.sent).toEqual([]);
      expect(sync.getSnapshot().status).toBe("offline");
    } finally {
      vi.unstubAllGlobals();
      sync.stop();
    }
  });

  it("is replayed by one tab at a time: two tabs coming online apply each operation once", async () => {
    await twoTabsComeOnline(fakeLocks());
  });
});

/** Two tabs of one device share a queue of two adds; both come online at once. */
async function twoTabsComeOnline(locks: LockManager | null): Promise<void> {
  const store = new MemoryStore();
  const server = cartServer([line("a", 1)]);
  const api = fakeApi(server.handler);
  const tabA = engine(api.transport, store, [], locks);
  const tabB = engine(api.transport, store, [], locks);
  await tabA.start();
  await tabB.start();
  api.fail(new ApiError("network", "offline"));
  await tabA.enqueue(add("svc-a", 1));
  await tabA.enqueue(add("svc-a", 1));
  api.fail(null);
  api.sent.length = 0;
  await Promise.all([tabA.flush(), tabB.flush()]);
  expect(api.sent.flatMap((s) => s.fields).filter((f) => f === "cartItemAdd")).toHaveLength(2);
  expect(server.items()[0]?.quantity).toBe(3);
}

describe("without Web Locks", () => {
  it("a lease in localStorage still lets one tab replay at a time", async () => {
    vi.stubGlobal("localStorage", memoryStorage());
    try {
      await twoTabsComeOnline(null);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe("storage", () => {
  it.each([
    ["IndexedDB", () => new IndexedDbStore(indexedDB, `test-${Math.random()}`)],
    ["localStorage", () => new LocalStorageStore(memoryStorage())],
  ])("%s keeps values and lists keys by prefix in order", async (_name, make) => {
    const store = make();
    await store.set("ns/outbox/b", { n: 2 });
    await store.set("ns/outbox/a", { n: 1 });
    await store.set("other", 3);
    expect(await store.keys("ns/outbox/")).toEqual(["ns/outbox/a", "ns/outbox/b"]);
    expect(await store.get("ns/outbox/a")).toEqual({ n: 1 });
    await store.delete("ns/outbox/a");
    expect(await store.keys("ns/")).toEqual(["ns/outbox/b"]);
  });
});

function memoryStorage(): Storage {
  const data = new Map<string, string>();
  return {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (k) => data.get(k) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (k) => void data.delete(k),
    setItem: (k, v) => void data.set(k, v),
  };
}

describe("batch planning", () => {
  it("keeps each request inside the API's node budget", async () => {
    const server = cartServer();
    let merges = 0;
    const api = fakeApi((field, input) => {
      if (field !== "cartMerge") return server.handler(field, input);
      merges++;
      return { __typename: "CartMergeSuccess", merged: 1, skipped: [], cart: cartOf([]) };
    });
    const sync = engine(api.transport);
    await sync.start();
    api.fail(new ApiError("network", "offline"));
    for (let i = 0; i < 10; i++) await sync.enqueue({ op: "cartMerge", input: { items: [{ serviceId: `s${i}`, bookingDate: "2027-03-14", quantity: 1 }] } });
    api.fail(null);
    api.sent.length = 0;
    await sync.flush();
    expect(merges).toBe(10);
    // As many merges as fit in the budget by their generated cost (5 of 1,672 nodes in 9,000).
    const fit = Math.floor(NODE_BUDGET / NODE_COST.cartMerge);
    expect(fit).toBeLessThan(10);
    expect(api.sent.map((s) => s.fields.length)).toEqual([fit, 10 - fit]);
  });

  it("keeps each request's document inside the API's token limit", async () => {
    const server = cartServer(Array.from({ length: 20 }, (_, i) => line(`l${i}`, 1)));
    const api = fakeApi(server.handler);
    const sync = engine(api.transport);
    await sync.start();
    api.fail(new ApiError("network", "offline"));
    for (let i = 0; i < 20; i++) await sync.enqueue({ op: "cartItemUpdate", input: { id: `l${i}`, quantity: 2 } });
    api.fail(null);
    api.sent.length = 0;
    await sync.flush();
    expect(server.items().every((l) => l.quantity === 2)).toBe(true);
    // Twenty updates print as ~1,075 tokens: more than one request, each within the budget.
    expect(api.sent.length).toBeGreaterThan(1);
    expect(api.sent.reduce((n, s) => n + s.fields.length, 0)).toBe(20);
    for (const request of api.sent) expect(tokenCount(request.query)).toBeLessThanOrEqual(TOKEN_BUDGET);
  });
});

describe("backoff with fake timers", () => {
  it("waits 1 s, then 2 s, then 4 s of real timer time", async () => {
    vi.useFakeTimers();
    try {
      let calls = 0;
      const { createTransport } = await import("../../src/core/transport");
      const transport = createTransport({
        url: "http://api.test/graphql",
        random: () => 0.5,
        fetch: (async () => {
          calls++;
          return new Response(JSON.stringify({ errors: [{ message: "down", extensions: { code: "UNAVAILABLE" } }] }), { status: 503 });
        }) as typeof fetch,
      });
      const failure = transport.request(parse("query CartRevision { cart { revision } }")).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(0);
      expect(calls).toBe(1);
      await vi.advanceTimersByTimeAsync(999);
      expect(calls).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(calls).toBe(2);
      await vi.advanceTimersByTimeAsync(2000);
      expect(calls).toBe(3);
      await vi.advanceTimersByTimeAsync(4000);
      expect(calls).toBe(4);
      expect(await failure).toBeInstanceOf(ApiError);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("reload and reconcile", () => {
  it("an IndexedDB outbox survives a simulated reload", async () => {
    const store = new IndexedDbStore(indexedDB, `reload-${Math.random()}`);
    const server = cartServer([line("a", 1)]);
    const api = fakeApi(server.handler);
    const before = engine(api.transport, store);
    await before.start();
    api.fail(new ApiError("network", "offline"));
    await before.enqueue({ op: "cartItemRemove", input: { id: "a" } });
    before.stop();
    const after = engine(api.transport, store);
    await after.reload();
    expect(after.getSnapshot().pending).toBe(1);
    expect(after.getSnapshot().cart.items).toEqual([]);
    api.fail(null);
    await after.sync();
    expect(server.items()).toEqual([]);
  });

  it("takes plans changed and deleted on other devices, and a cart whose revision moved", async () => {
    const plan = (id: string, updatedAt: string, title: string) => ({
      id, title, country: "Italy", region: null, district: null, area: null, travelersCount: 1, startDate: null, endDate: null,
      notes: null, status: "DRAFT", allowedTransitions: [], version: 1, createdAt: updatedAt, updatedAt,
      totalCost: { amount: "0", currencyCode: "EUR" }, services: [],
    });
    let plans = [plan("p1", "2027-01-01T00:00:00+00:00", "one"), plan("p2", "2027-01-02T00:00:00+00:00", "two")];
    let deleted: string[] = [];
    let revision = 1;
    const seen: unknown[] = [];
    const api = fakeApi((field, input) => {
      seen.push(field);
      if (field === "cart") return cartOf([line("a", revision)], revision);
      if (field === "journeyPlanChanges") {
        const page = { plans, deletedIds: deleted, cursor: `c${revision}`, hasMore: false };
        plans = [];
        deleted = [];
        return page;
      }
      throw new Error(`unexpected ${field} ${JSON.stringify(input)}`);
    });
    const sync = engine(api.transport);
    await sync.start();
    expect(sync.getSnapshot().plans.map((p) => p.title)).toEqual(["two", "one"]); // newest first
    // Elsewhere: p2 renamed, p1 deleted, a line added to the cart.
    plans = [plan("p2", "2027-01-03T00:00:00+00:00", "two, renamed")];
    deleted = ["p1"];
    revision = 2;
    await sync.reconcile();
    expect(sync.getSnapshot().plans.map((p) => p.title)).toEqual(["two, renamed"]);
    expect(sync.getSnapshot().cart.revision).toBe(2);
  });
});

describe("old operations and the facade", () => {
  it("an attempted keyed operation older than 20 h is not sent again but reported as stale", async () => {
    let now = Date.parse("2027-03-01T00:00:00Z");
    const server = cartServer();
    const api = fakeApi(server.handler);
    const reports: SyncReport[] = [];
    const sync = new SyncEngine({ transport: api.transport, traveler: "alice", store: new MemoryStore(), locks: fakeLocks(), channel: null, now: () => now, onReport: (r) => reports.push(r), retryIntervalMs: 60_000 });
    await sync.start();
    api.fail(new ApiError("timeout", "no answer")); // it may have landed
    await sync.enqueue(add("svc-late"));
    now += 21 * 60 * 60 * 1000;
    api.fail(null);
    api.sent.length = 0;
    await sync.flush();
    expect(api.sent.flatMap((s) => s.fields)).not.toContain("cartItemAdd");
    expect(reports.map((r) => r.kind)).toEqual(["stale"]);
    expect(sync.getSnapshot().pending).toBe(0);
  });

  it("an old keyed write that was never sent is sent, also behind a stale one", async () => {
    let now = Date.parse("2027-03-01T00:00:00Z");
    const server = cartServer();
    const api = fakeApi(server.handler);
    const reports: SyncReport[] = [];
    const sync = new SyncEngine({ transport: api.transport, traveler: "alice", store: new MemoryStore(), locks: fakeLocks(), channel: null, now: () => now, onReport: (r) => reports.push(r), retryIntervalMs: 60_000 });
    await sync.start();
    api.fail(new ApiError("timeout", "no answer"));
    await sync.enqueue(add("svc-sent")); // sent once, answer unknown: it may have landed
    vi.stubGlobal("navigator", { onLine: false });
    try {
      await sync.enqueue(add("svc-unsent")); // offline: queued, never sent
    } finally {
      vi.unstubAllGlobals();
    }
    now += 21 * 60 * 60 * 1000;
    api.fail(null);
    await sync.flush();
    expect(reports.map((r) => [r.kind, (r.operation as { input: { serviceId: string } }).input.serviceId])).toEqual([["stale", "svc-sent"]]);
    expect(server.items().map((l) => l.serviceId)).toEqual(["svc-unsent"]);
    expect(sync.getSnapshot().pending).toBe(0);
    sync.stop();
  });

  it("cartAPI and journeyPlansAPI keep the old frontend's names", async () => {
    const { createCartAPI, createJourneyPlansAPI } = await import("../../src/core/facade");
    const server = cartServer([line("a", 1)]);
    const sync = engine(fakeApi(server.handler).transport);
    await sync.start();
    const cartAPI = createCartAPI(sync);
    const plansAPI = createJourneyPlansAPI(sync);
    expect(Object.keys(cartAPI).sort()).toEqual(["checkout", "clear", "create", "delete", "getAll", "merge", "update"]);
    expect(Object.keys(plansAPI).sort()).toEqual(["create", "delete", "getAll", "getById", "transition", "update"]);
    expect(await cartAPI.create({ serviceId: "svc-a", bookingDate: "2027-03-14" })).toMatchObject({ kind: "applied" });
    expect((await cartAPI.getAll()).map((l) => l.quantity)).toEqual([2]);
    expect(await cartAPI.update("a", { quantity: 5 })).toMatchObject({ kind: "applied" });
    expect(await cartAPI.delete("a")).toMatchObject({ kind: "applied" });
    expect(await cartAPI.getAll()).toEqual([]);
  });
});

describe("batch size", () => {
  it("keeps each request's body well inside the API's 64 KiB", async () => {
    const server = cartServer();
    const api = fakeApi((field, input) =>
      field === "journeyPlanCreate" ? { __typename: "JourneyPlanCreateSuccess", journeyPlan: null } : server.handler(field, input),
    );
    const sync = engine(api.transport);
    await sync.start();
    api.fail(new ApiError("network", "offline"));
    const services = Array.from({ length: 50 }, (_, i) => ({ serviceId: `6500000064656d6f000000${String(i).padStart(2, "0")}`, bookingDate: "2027-03-14", quantity: 2 }));
    for (let i = 0; i < 20; i++) await sync.enqueue({ op: "journeyPlanCreate", input: { country: "Italy", title: `Trip ${i}`, services } });
    api.fail(null);
    api.sent.length = 0;
    await sync.flush();
    const bodies = api.sent.map((s) => JSON.stringify({ query: s.query, variables: s.variables }).length);
    expect(bodies.length).toBeGreaterThan(1);
    expect(Math.max(...bodies)).toBeLessThan(60 * 1024);
    expect(api.sent.flatMap((s) => s.fields)).toHaveLength(20);
  });
});

describe("lifecycle", () => {
  it("a stopped engine started again (React's development remount) still replays", async () => {
    const server = cartServer([line("a", 1)]);
    const api = fakeApi(server.handler);
    const sync = engine(api.transport);
    await sync.start();
    sync.stop();
    await sync.start();
    expect(await sync.enqueue(add("svc-a"))).toMatchObject({ kind: "applied" });
    expect(server.items()[0]?.quantity).toBe(2);
  });
});

describe("refusals of a whole request", () => {
  it("a 401 during replay keeps every queued write for after sign-in", async () => {
    const store = new MemoryStore();
    const server = cartServer([line("a", 1)]);
    const api = fakeApi(server.handler);
    const sync = engine(api.transport, store);
    await sync.start();
    api.fail(new ApiError("network", "offline"));
    await sync.enqueue(add("svc-a"));
    await sync.enqueue({ op: "cartItemRemove", input: { id: "nope" } });
    api.fail(new ApiError("unauthenticated", "expired", { status: 401, code: "UNAUTHENTICATED" }));
    await sync.flush();
    expect(sync.getSnapshot().status).toBe("error");
    expect(sync.getSnapshot().pending).toBe(2);
    expect((await store.keys("traveler:alice/outbox/")).length).toBe(2);
    api.fail(null);
    await sync.flush();
    expect(sync.getSnapshot().pending).toBe(0);
    expect(server.items()[0]?.quantity).toBe(2);
  });

  it("a batch refused as a whole is sent again one write at a time, and only the bad one is dropped", async () => {
    const server = cartServer([line("a", 1)]);
    let refuseBatches = true;
    const api = fakeApi((field, input) => {
      if (field === "cartItemAdd" && input?.serviceId === "svc-bad") {
        return { __typename: "ServiceNotBookableError", code: "SERVICE_NOT_BOOKABLE", message: "gone" };
      }
      return server.handler(field, input);
    });
    const original = api.transport.requestText;
    api.transport.requestText = async (query, variables) => {
      if (refuseBatches && query.startsWith("mutation OutboxReplay")) {
        throw new ApiError("http", "too large", { status: 413, code: "PAYLOAD_TOO_LARGE" });
      }
      return original(query, variables);
    };
    const reports: SyncReport[] = [];
    const sync = engine(api.transport, new MemoryStore(), reports);
    await sync.start();
    api.fail(new ApiError("network", "offline"));
    await sync.enqueue(add("svc-a"));
    await sync.enqueue(add("svc-bad"));
    await sync.enqueue(add("svc-a"));
    api.fail(null);
    await sync.flush();
    refuseBatches = false;
    expect(server.items()[0]?.quantity).toBe(3);
    expect(reports.map((r) => r.kind)).toEqual(["rejected"]);
    expect(sync.getSnapshot().pending).toBe(0);
  });
});

describe("a guest's data at sign-in", () => {
  it("becomes one keyed merge and one keyed import per plan, the same keys every time", () => {
    const cart = cartOf([line("a", 2), line("b", 1)]);
    cart.id = "guest-12ab/34";
    const plan = { id: "local:plan:01-x", title: "Rome", country: "Italy", region: null, district: null, area: null, travelersCount: 2, startDate: null, endDate: null, notes: null, services: [{ serviceId: "svc-a", bookingDate: "2027-03-14", quantity: 1 }] };
    const guest = { cart, plans: [plan] } as unknown as ServerCopy;
    const first = guestImports(guest);
    expect(first.map((o) => o.op)).toEqual(["cartMerge", "journeyPlanCreate"]);
    expect(first).toEqual(guestImports(guest));
    const inputs = first.map((o) => ("input" in o ? (o.input as Record<string, unknown>) : {}));
    const keys = inputs.map((input) => input.idempotencyKey as string);
    expect(keys).toEqual(["merge-guest-12ab34", "import-localplan01-x"]);
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    const merge = inputs[0] as { items: { serviceId: string; quantity: number }[] };
    expect(merge.items.map((i) => [i.serviceId, i.quantity])).toEqual([["svc-a", 2], ["svc-b", 1]]);
    expect(guestImports({ cart: cartOf([]), plans: [] } as ServerCopy)).toEqual([]);
  });
});
