/**
 * The sync engine: a local copy of the traveler's cart and plans that survives reloads, and a
 * durable outbox of their changes, replayed in order, once each, when the API can be reached.
 *
 * What the app sees is always `server` (the API's last answer, stored) with the outbox applied on top
 * (see model.ts). Every write is stored in the outbox, with its idempotency key or expectedVersion
 * fixed, before it is sent. Only one tab replays at a time (tablock.ts), and tabs tell each other
 * about changes over a BroadcastChannel. Requests are planned and built in batch.ts; a guest's
 * data becomes operations in guest.ts.
 */
import { CartGetDocument, CartRevisionDocument, JourneyPlanChangesDocument } from "../generated/graphql.js";
import { buildBatch, DOCUMENTS, MAX_BATCH, planBatch } from "./batch.js";
import { ApiError, isTypedError, type TypedError } from "./errors.js";
import { randomHex } from "./ids.js";
import {
  applyOptimistic,
  byQueueOrder,
  emptyCart,
  isLocalId,
  localIdOf,
  localRefs,
  type Cart,
  type Catalog,
  type LocalState,
  type Operation,
  type OutboxEntry,
  type Plan,
  type ServerCopy,
} from "./model.js";
import { defaultStore, type KeyValueStore } from "./storage.js";
import { guestImports } from "./guest.js";
import { withTabLock } from "./tablock.js";
import type { Transport } from "./transport.js";

export type SyncStatus = "loading" | "ready" | "offline" | "error";

/** Something the app should tell the traveler: a change the server did not take as made. */
export interface SyncReport {
  kind: "conflict" | "rejected" | "stale";
  operation: Operation;
  message: string;
  error?: TypedError;
}

export type Outcome =
  | { kind: "applied"; data: Record<string, unknown> }
  | { kind: "queued" }
  | { kind: "rejected"; error: TypedError }
  | { kind: "conflict"; error: TypedError };

export interface SyncSnapshot extends LocalState {
  status: SyncStatus;
  /** Queued operations not yet confirmed by the server. */
  pending: number;
  /** Of those, the cart's and the plans'. */
  pendingCart: number;
  pendingPlans: number;
  /** False when this device's storage failed and queued changes live only in memory. */
  durable: boolean;
  /** The last failure's message while `status` is "error" or "offline". */
  error: string | null;
  /** True for a guest: the cart lives only on this device until sign-in. */
  guest: boolean;
}

export interface SyncOptions {
  transport: Transport;
  /** The traveler (the token's `sub`), or null for a guest. */
  traveler: string | null;
  store?: KeyValueStore;
  catalog?: Catalog;
  onReport?: (report: SyncReport) => void;
  now?: () => number;
  /** Operations per request: 1 sends each operation's own document (trusted-documents servers). */
  maxBatch?: number;
  /** While offline or with a failed replay, try again this often. */
  retryIntervalMs?: number;
  /** Web Locks; null forces the localStorage lease (tests). */
  locks?: LockManager | null;
  /** Notifications between tabs; null turns them off. */
  channel?: BroadcastChannel | null;
}

// Every write carries an idempotency key, which the server keeps 24 h from its first use. A write
// first sent (in a way that could have reached the server) longer ago than this may have landed
// under a key the server is about to forget, so it is not sent again: the traveler is asked to
// check instead. A write never sent, or sent only to be refused unheard (401), is sent however old.
export const STALE_AFTER_MS = 20 * 60 * 60 * 1000;
/** Plans per page: each may hold 50 services, and a page must stay inside the API's node budget. */
export const PLAN_PAGE = 40;

let counter = 0;

/** Sortable, unique across tabs, and valid inside an idempotency key ([A-Za-z0-9_-]). */
export function newEntryId(now: number): string {
  counter = (counter + 1) % 1_000_000;
  const random = randomHex(12);
  return `${now.toString(36).padStart(10, "0")}-${counter.toString(36).padStart(4, "0")}-${random}`;
}

function isAnswer(result: unknown): boolean {
  return typeof result === "object" && result !== null && typeof (result as { __typename?: unknown }).__typename === "string";
}

export class SyncEngine {
  private readonly transport: Transport;
  private readonly store: KeyValueStore;
  private readonly namespace: string;
  private readonly options: SyncOptions;
  private readonly now: () => number;
  private readonly listeners = new Set<() => void>();
  private readonly waiting = new Map<string, (outcome: Outcome) => void>();
  private server: ServerCopy = { cart: emptyCart(), plans: [] };
  private outbox: OutboxEntry[] = [];
  private snapshot: SyncSnapshot;
  private busy: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private started = false;
  /** Whether the copy shown came from the server (stored or fetched), not an empty placeholder. */
  private known = false;
  private readonly tabId = randomHex(32);
  private channel: BroadcastChannel | null = null;

  constructor(options: SyncOptions) {
    this.options = options;
    this.transport = options.transport;
    this.store = options.store ?? defaultStore();
    this.namespace = options.traveler ? `traveler:${options.traveler}` : "guest";
    this.now = options.now ?? Date.now;
    this.snapshot = {
      cart: emptyCart(),
      plans: [],
      status: "loading",
      pending: 0,
      pendingCart: 0,
      pendingPlans: 0,
      durable: true,
      error: null,
      guest: !options.traveler,
    };
  }

  private openChannel(): void {
    if (this.channel || this.options.channel === null) return;
    this.channel = this.options.channel ?? (typeof BroadcastChannel !== "undefined" ? new BroadcastChannel("travel-client") : null);
    if (this.channel) {
      this.channel.onmessage = (event: MessageEvent) => {
        // Not while this tab replays: a reload read before a settled write is deleted would bring it back.
        if (event.data?.namespace === this.namespace && event.data?.from !== this.tabId) void this.exclusive(() => this.reload());
      };
    }
  }

  get guest(): boolean {
    return this.options.traveler === null;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SyncSnapshot => this.snapshot;

  /** Show the stored copy at once, then bring it up to date with the server. */
  async start(): Promise<void> {
    // Also after stop(): React's development mode mounts, unmounts and mounts again.
    this.stopped = false;
    this.started = true;
    this.openChannel();
    await this.reload();
    if (this.guest) {
      this.setStatus("ready", null);
      return;
    }
    await this.sync();
  }

  /** Stop syncing; from now on answers still on their way change nothing here. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.channel && this.channel !== this.options.channel) this.channel.close();
    this.channel = null;
    this.settleQueued();
  }

  /**
   * The traveler signs out: the engine stops, and with `purge` this device forgets their copy and
   * any changes still queued (they are lost unless another device has them).
   */
  async signOut({ purge = false }: { purge?: boolean } = {}): Promise<void> {
    this.stop();
    await this.exclusive(async () => {
      if (!purge) return;
      for (const key of await this.store.keys(`${this.namespace}/`)) await this.store.delete(key);
      this.server = { cart: emptyCart(), plans: [] };
      this.outbox = [];
      this.recompute();
    });
  }

  /** Replay the outbox, then refresh from the server (on start, reconnect and focus). */
  async sync(): Promise<void> {
    if (this.guest) return;
    await this.flush();
    if (this.outbox.length === 0) await this.refresh();
  }

  // ---- writes ----------------------------------------------------------------------------------

  /** Queue an operation: stored first, applied to the local copy, sent when possible. */
  async enqueue(operation: Operation): Promise<Outcome> {
    if (this.stopped && this.started) {
      const error: TypedError = { __typename: "EngineStoppedError", code: "STOPPED", message: "this traveler's sync has stopped (signed out)" };
      return { kind: "rejected", error };
    }
    const { settled } = await this.put(operation);
    void this.flush().catch((error: unknown) => this.failed(error));
    return settled;
  }

  /** Store an operation in the outbox and show it; the promise settles with its outcome. */
  private async put(operation: Operation): Promise<{ settled: Promise<Outcome> }> {
    const createdAt = this.now();
    const id = newEntryId(createdAt);
    const entry: OutboxEntry = { id, operation: this.fixed(operation, id), createdAt, attempts: 0 };
    if (this.guest) {
      // A guest's changes stay on this device; they go to the server at sign-in.
      this.server = applyOptimistic(this.server, { ...entry, operation: entry.operation }, this.options.catalog);
      await this.save(`${this.namespace}/server`, this.server);
      this.recompute();
      return { settled: Promise.resolve({ kind: "queued" }) };
    }
    entry.operation = this.withExpectedVersion(entry.operation);
    entry.seq = await this.nextSeq();
    await this.save(`${this.namespace}/outbox/${entry.id}`, entry);
    this.outbox.push(entry);
    this.outbox.sort(byQueueOrder);
    this.recompute();
    this.announce();
    return { settled: new Promise<Outcome>((resolve) => this.waiting.set(entry.id, resolve)) };
  }

  /** The next sequence number of this traveler's outbox, above every stored one. */
  private async nextSeq(): Promise<number> {
    const stored = (await this.store.get<number>(`${this.namespace}/seq`).catch(() => undefined)) ?? 0;
    const next = Math.max(stored, ...this.outbox.map((e) => e.seq ?? 0)) + 1;
    await this.save(`${this.namespace}/seq`, next);
    return next;
  }

  /**
   * Every write gets its idempotency key when it is made, so every retry and replay sends the
   * same one: a replay after a lost answer is answered from the key instead of applied again.
   */
  private fixed(operation: Operation, id: string): Operation {
    const input = ("input" in operation ? operation.input : undefined) ?? {};
    if ((input as { idempotencyKey?: string | null }).idempotencyKey) return operation;
    return { ...operation, input: { ...input, idempotencyKey: `k-${id}` } } as Operation;
  }

  /** Updates and moves carry the version they were made against (as the local copy shows it). */
  private withExpectedVersion(operation: Operation): Operation {
    if (operation.op === "cartItemUpdate" && operation.input.expectedVersion == null) {
      const line = this.snapshot.cart.items.find((l) => l.id === operation.input.id);
      if (line && !isLocalId(line.id)) return { ...operation, input: { ...operation.input, expectedVersion: line.version } };
    }
    if ((operation.op === "journeyPlanUpdate" || operation.op === "journeyPlanTransition") && operation.input.expectedVersion == null) {
      const plan = this.snapshot.plans.find((p) => p.id === operation.input.id);
      if (plan && !isLocalId(plan.id)) return { ...operation, input: { ...operation.input, expectedVersion: plan.version } } as Operation;
    }
    return operation;
  }

  // ---- guest to traveler -----------------------------------------------------------------------

  /** Hand a guest's cart and plans to this traveler (see guest.ts), once. */
  async adoptGuest(guestStore: KeyValueStore = this.store): Promise<void> {
    const guest = await guestStore.get<ServerCopy>("guest/server");
    if (!guest) return;
    // Queued, not awaited: their answers come whenever the engine replays (also after a remount).
    for (const operation of guestImports(guest)) await this.put(operation);
    // Only once the merge and imports are queued durably: a crash before this repeats them, and
    // their keys make the repeat harmless.
    await guestStore.delete("guest/server");
    void this.flush().catch((error: unknown) => this.failed(error));
  }

  // ---- reading ---------------------------------------------------------------------------------

  /** Load the stored copy and outbox (also when another tab changed them). */
  async reload(): Promise<void> {
    const stored = await this.store.get<ServerCopy>(`${this.namespace}/server`);
    if (stored) this.server = stored;
    else if (this.guest) this.server = { cart: emptyCart(`guest-${randomHex(32)}`), plans: [] };
    const keys = await this.store.keys(`${this.namespace}/outbox/`);
    const entries = await Promise.all(keys.map((k) => this.store.get<OutboxEntry>(k)));
    this.outbox = entries.filter((e): e is OutboxEntry => e !== undefined).sort(byQueueOrder);
    if (stored || this.guest) this.known = true;
    if (this.snapshot.status === "loading" && this.known) this.snapshot = { ...this.snapshot, status: "ready" };
    this.recompute();
  }

  /** Fetch the cart and every plan from the server (and the plans' change cursor). */
  async refresh(): Promise<void> {
    await this.exclusive(async () => {
      try {
        const { cart } = await this.transport.request(CartGetDocument);
        const { plans, cursor } = await this.planChanges(null, new Map());
        if (this.stopped) return; // answers for an engine that stopped (a signed-out traveler)
        this.server = { cart, plans, cursor };
        this.known = true;
        await this.store.set(`${this.namespace}/server`, this.server);
        this.recompute();
        this.setStatus("ready", null);
        this.announce();
      } catch (error) {
        this.failed(error);
      }
    });
  }

  /**
   * A change the server pushed (see live/), applied to its copy as a fetched answer is, under the
   * outbox. Ignored until a copy is held: the first refresh reads what it would have changed.
   */
  receive(update: (server: ServerCopy) => ServerCopy): Promise<void> {
    return this.exclusive(async () => {
      const next = update(this.server);
      if (this.stopped || !this.known || next === this.server) return;
      this.server = next;
      try {
        await this.save(`${this.namespace}/server`, next);
      } catch (error) {
        this.failed(error);
      }
      this.recompute();
      this.announce();
    });
  }

  /**
   * Every page of plan changes after `after` (every plan from null), applied to `plans`: the
   * server gives the cursor, so changes other devices made are found whatever this copy holds.
   */
  private async planChanges(after: string | null, plans: Map<string, Plan>): Promise<{ plans: Plan[]; cursor: string }> {
    let cursor = after;
    for (;;) {
      const { journeyPlanChanges: page } = await this.transport.request(JourneyPlanChangesDocument, { first: PLAN_PAGE, after: cursor });
      for (const plan of page.plans) plans.set(plan.id, plan);
      for (const id of page.deletedIds) plans.delete(id);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    const sorted = [...plans.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    return { plans: sorted, cursor };
  }

  /**
   * Cheap check for changes from other devices: the cart's revision, and the plans' change feed
   * from the cursor the server gave last time.
   */
  async reconcile(): Promise<void> {
    if (this.guest) return;
    let full = false;
    await this.exclusive(async () => {
      try {
        const { cart } = await this.transport.request(CartRevisionDocument);
        let server = this.server;
        if (cart.revision !== server.cart.revision) {
          server = { ...server, cart: (await this.transport.request(CartGetDocument)).cart };
        }
        if (!server.cursor) {
          full = true;
          return;
        }
        const { plans, cursor } = await this.planChanges(server.cursor, new Map(server.plans.map((p) => [p.id, p])));
        server = { ...server, plans, cursor };
        if (this.stopped) return;
        this.server = server;
        await this.store.set(`${this.namespace}/server`, server);
        this.recompute();
        this.setStatus("ready", null);
      } catch (error) {
        // A cursor the server no longer takes (older than its deletion history): read it all.
        if (error instanceof ApiError && error.code === "BAD_USER_INPUT") full = true;
        else this.failed(error);
      }
    });
    if (full) await this.refresh();
  }

  // ---- replay ----------------------------------------------------------------------------------

  /** Send the outbox, in order, in batches, under the cross-tab lock. */
  async flush(): Promise<void> {
    if (this.guest || this.stopped) return;
    if (typeof navigator !== "undefined" && navigator.onLine === false) {
      this.setStatus("offline", "no network");
      this.settleQueued();
      this.scheduleRetry();
      return;
    }
    await this.exclusive(() => withTabLock(this.namespace, this.tabId, this.options.locks, () => this.replay()));
  }

  private async replay(): Promise<void> {
    try {
      await this.replayOutbox();
    } catch (error) {
      // The device's storage failed (quota, a closed database): keep what is in memory.
      this.failed(new ApiError("storage", `storage failed: ${error instanceof Error ? error.message : String(error)}`));
      this.settleQueued();
    }
  }

  private async replayOutbox(): Promise<void> {
    // Another tab may have replayed (or queued) meanwhile: the stored outbox is the truth.
    await this.reload();
    let maxBatch = Math.max(1, Math.min(this.options.maxBatch ?? MAX_BATCH, MAX_BATCH));
    if (await this.dropStale()) {
      await this.store.set(`${this.namespace}/server`, this.server);
      this.recompute();
      this.announce();
    }
    while (this.outbox.length > 0 && !this.stopped) {
      await this.dropOrphans();
      const batch = planBatch(this.outbox, maxBatch);
      if (batch.length === 0) break;
      const firstSends = new Set<string>();
      for (const entry of batch) {
        entry.attempts += 1;
        if (entry.firstSentAt === undefined) {
          entry.firstSentAt = this.now();
          firstSends.add(entry.id);
        }
        await this.store.set(`${this.namespace}/outbox/${entry.id}`, entry);
      }
      let results: unknown[];
      try {
        results = await this.send(batch);
      } catch (error) {
        if (error instanceof ApiError && error.kind === "unauthenticated") {
          // Refused before anything ran: not an attempt, and not a verdict on the writes. Keep
          // every one until the traveler signs in again.
          for (const entry of batch) {
            entry.attempts -= 1;
            if (firstSends.has(entry.id)) delete entry.firstSentAt;
            await this.store.set(`${this.namespace}/outbox/${entry.id}`, entry);
          }
          this.failed(error);
          this.settleQueued();
          return;
        }
        const verdict = error instanceof ApiError && error.fromApi && !error.retryable;
        if (verdict && batch.length > 1) {
          // Refused as a whole: find the operation at fault by sending them one at a time.
          maxBatch = 1;
          continue;
        }
        if (verdict) {
          // The API refused this one write, sent alone (say, a document it cannot validate).
          results = [this.rejection(error as ApiError)];
        } else {
          // Anything else says nothing about the writes: keep them all and try again later.
          this.failed(error);
          this.settleQueued();
          this.scheduleRetry();
          return;
        }
      }
      if (this.stopped) return;
      if (!results.every(isAnswer)) {
        // A reply without an answer for each write is not the API's: keep them all.
        this.failed(new ApiError("infrastructure", "the reply held no answer for a queued write"));
        this.settleQueued();
        this.scheduleRetry();
        return;
      }
      const outcomes: [string, Outcome][] = [];
      for (let i = 0; i < batch.length; i++) {
        outcomes.push([batch[i]!.id, await this.settle(batch[i]!, results[i])]);
      }
      if (outcomes.some(([, o]) => o.kind === "conflict")) {
        // Another device changed the cart meanwhile: take the whole of it, not just the line.
        await this.refreshServerOnly().catch(() => undefined);
      }
      await this.store.set(`${this.namespace}/server`, this.server);
      this.recompute();
      this.announce();
      // Whoever waits sees the local copy with this answer in it.
      for (const [id, outcome] of outcomes) this.resolve(id, outcome);
    }
    // A first visit on this device is not "ready" before the server's copy arrives.
    if (this.known) this.setStatus("ready", null);
  }

  private rejection(error: ApiError): TypedError {
    return { __typename: "RequestRefusedError", code: error.code ?? "BAD_REQUEST", message: error.message };
  }

  private async send(batch: OutboxEntry[]): Promise<unknown[]> {
    if (batch.length === 1) {
      const [entry] = batch;
      const variables = "input" in entry!.operation ? { input: entry!.operation.input } : {};
      const data = await this.transport.requestText(DOCUMENTS[entry!.operation.op].toString(), variables);
      return [data[entry!.operation.op]];
    }
    const { query, variables, aliases } = buildBatch(batch);
    const data = await this.transport.requestText(query, variables);
    return aliases.map((alias) => data[alias]);
  }

  /** Apply one answer to the stored copy, drop the entry, and tell whoever waits. */
  private async settle(entry: OutboxEntry, result: unknown): Promise<Outcome> {
    let outcome: Outcome;
    const typename = (result as { __typename?: string }).__typename ?? "";
    if (typename.endsWith("Success")) {
      await this.adopt(entry, result as Record<string, unknown>);
      outcome = { kind: "applied", data: result as Record<string, unknown> };
    } else if (typename === "VersionConflictError" || typename === "JourneyPlanVersionConflictError") {
      const current = (result as { current: unknown }).current;
      this.adoptCurrent(entry, current);
      if (this.showsChange(entry.operation, current)) {
        // A replay of an update that had landed: the server already holds it.
        outcome = { kind: "applied", data: result as Record<string, unknown> };
      } else {
        outcome = { kind: "conflict", error: result as TypedError };
        this.report({ kind: "conflict", operation: entry.operation, message: (result as TypedError).message, error: result as TypedError });
      }
    } else if (typename === "StaleOperationError") {
      outcome = { kind: "rejected", error: result as TypedError };
      this.report({ kind: "stale", operation: entry.operation, message: (result as TypedError).message, error: result as TypedError });
    } else {
      const error = isTypedError(result) ? result : { __typename: "UnknownError", code: "UNKNOWN", message: "unexpected answer" };
      outcome = { kind: "rejected", error };
      this.report({ kind: "rejected", operation: entry.operation, message: error.message, error });
      await this.dropDependents(entry);
    }
    await this.store.delete(`${this.namespace}/outbox/${entry.id}`);
    this.outbox = this.outbox.filter((e) => e.id !== entry.id);
    if (typename === "StaleOperationError") await this.refreshServerOnly().catch(() => undefined);
    return outcome;
  }

  private resolve(id: string, outcome: Outcome): void {
    this.waiting.get(id)?.(outcome);
    this.waiting.delete(id);
  }

  private async refreshServerOnly(): Promise<void> {
    const { cart } = await this.transport.request(CartGetDocument);
    this.server = { ...this.server, cart };
  }

  /**
   * A keyed write that was sent before, long ago, may have landed under a key the server has
   * since forgotten: sending it again could apply it twice. Instead the cart is fetched again and
   * the traveler is asked to check. A write never sent is safe to send, however old.
   */
  private async dropStale(): Promise<boolean> {
    const now = this.now();
    let dropped = false;
    for (const entry of [...this.outbox]) {
      // Entries stored before first sends were recorded count from when they were made.
      const firstSent = entry.firstSentAt ?? (entry.attempts > 0 ? entry.createdAt : undefined);
      if (firstSent !== undefined && now - firstSent > STALE_AFTER_MS) {
        const stale: TypedError = {
          __typename: "StaleOperationError",
          code: "STALE",
          message: "first sent over 20 h ago and may have been applied; check and redo it if needed",
        };
        this.resolve(entry.id, await this.settle(entry, stale));
        dropped = true;
      }
    }
    return dropped;
  }

  /** An operation naming a local object that no queued operation makes can never be sent. */
  private async dropOrphans(): Promise<void> {
    const makers = new Set(this.outbox.map((e) => localIdOf(e)));
    for (const entry of [...this.outbox]) {
      const [ref] = localRefs(entry.operation);
      if (ref === undefined) continue;
      const maker = ref.split(":").slice(0, 2).join(":");
      if (!makers.has(maker)) await this.dropDependents({ ...entry, id: "-" }, [ref]);
    }
  }

  /** Operations on an object whose creation was refused can never succeed: drop them too. */
  private async dropDependents(entry: OutboxEntry, orphans: string[] = []): Promise<void> {
    const made = localIdOf(entry);
    const depends = (ref: string) => ref === made || ref.startsWith(`${made}:`) || orphans.includes(ref);
    for (const other of [...this.outbox]) {
      if (other.id !== entry.id && localRefs(other.operation).some(depends)) {
        await this.store.delete(`${this.namespace}/outbox/${other.id}`);
        this.outbox = this.outbox.filter((e) => e.id !== other.id);
        const error: TypedError = { __typename: "DependencyFailedError", code: "NOT_FOUND", message: "the object it changes was never created" };
        this.report({ kind: "rejected", operation: other.operation, message: error.message, error });
        this.resolve(other.id, { kind: "rejected", error });
      }
    }
  }

  private async adopt(entry: OutboxEntry, result: Record<string, unknown>): Promise<void> {
    const cart = result.cart as Cart | undefined;
    if (cart) this.server = { ...this.server, cart };
    const plan = result.journeyPlan as Plan | undefined;
    if (plan) this.server = { ...this.server, plans: [plan, ...this.server.plans.filter((p) => p.id !== plan.id)] };
    const operation = entry.operation;
    if (operation.op === "journeyPlanDelete") {
      const id = operation.input.id;
      this.server = { ...this.server, plans: this.server.plans.filter((p) => p.id !== id) };
    }
    // Later operations that named the object by its local id now name the real one (stored
    // before this entry is dropped, so a crash in between cannot lose the mapping).
    const made = localIdOf(entry);
    const real = new Map<string, string>();
    if (operation.op === "cartItemAdd") {
      const id = (result.cartItem as { id?: string } | undefined)?.id;
      if (id) real.set(made, id);
    } else if ((operation.op === "journeyPlanCreate" || operation.op === "cartCheckout") && plan) {
      real.set(made, plan.id);
    } else if (operation.op === "cartMerge" && cart) {
      operation.input.items.forEach((line, index) => {
        const found = cart.items.find((l) => l.serviceId === line.serviceId && l.bookingDate === line.bookingDate);
        if (found) real.set(`${made}:${index}`, found.id);
      });
    }
    if (real.size > 0) await this.resolveLocalIds(real);
  }

  private async resolveLocalIds(real: Map<string, string>): Promise<void> {
    for (const other of this.outbox) {
      const [ref] = localRefs(other.operation);
      const id = ref === undefined ? undefined : real.get(ref);
      if (id === undefined) continue;
      other.operation = { ...other.operation, input: { ...(other.operation as { input: object }).input, id } } as Operation;
      await this.store.set(`${this.namespace}/outbox/${other.id}`, other);
    }
  }

  private adoptCurrent(entry: OutboxEntry, current: unknown): void {
    if (!current || typeof current !== "object") return;
    if (entry.operation.op === "cartItemUpdate") {
      const line = current as Cart["items"][number];
      this.server = { ...this.server, cart: { ...this.server.cart, items: this.server.cart.items.map((l) => (l.id === line.id ? line : l)) } };
    } else {
      const plan = current as Plan;
      this.server = { ...this.server, plans: this.server.plans.map((p) => (p.id === plan.id ? plan : p)) };
    }
  }

  /** Does the server's current object already show what this update asked for? */
  private showsChange(operation: Operation, current: unknown): boolean {
    if (!("input" in operation) || !current || typeof current !== "object") return false;
    const { id: _id, expectedVersion: _version, idempotencyKey: _key, ...wanted } = operation.input as Record<string, unknown>;
    if (operation.op === "journeyPlanTransition") return (current as Plan).status === (operation.input.to as string);
    return Object.entries(wanted).every(([key, value]) => value === undefined || JSON.stringify((current as Record<string, unknown>)[key]) === JSON.stringify(value));
  }

  // ---- plumbing --------------------------------------------------------------------------------

  private recompute(): void {
    let state: LocalState = { cart: this.server.cart, plans: this.server.plans };
    for (const entry of this.outbox) state = applyOptimistic(state, entry, this.options.catalog);
    const pendingCart = this.outbox.filter((e) => e.operation.op.startsWith("cart")).length;
    const durable = (this.store as { durable?: boolean }).durable ?? true;
    const previous = this.snapshot;
    const next: SyncSnapshot = {
      ...previous,
      ...state,
      pending: this.outbox.length,
      pendingCart,
      pendingPlans: this.outbox.length - pendingCart,
      durable,
      guest: this.guest,
    };
    // A snapshot is replaced only when something in it changed (React re-renders on identity).
    if (JSON.stringify(next) === JSON.stringify(previous)) return;
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }

  /** A write to the store; a failure is the storage's, reported as such. */
  private async save(key: string, value: unknown): Promise<void> {
    try {
      await this.store.set(key, value);
    } catch (error) {
      throw new ApiError("storage", `storage failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private setStatus(status: SyncStatus, error: string | null): void {
    if (this.snapshot.status === status && this.snapshot.error === error) return;
    this.snapshot = { ...this.snapshot, status, error };
    for (const listener of this.listeners) listener();
  }

  private failed(error: unknown): void {
    if (error instanceof ApiError && !error.retryable) {
      this.setStatus("error", error.message);
    } else {
      this.setStatus("offline", error instanceof Error ? error.message : String(error));
      this.scheduleRetry();
    }
  }

  /** Writes waiting for an answer learn they are queued (the app can move on). */
  private settleQueued(): void {
    for (const [id, resolve] of this.waiting) {
      resolve({ kind: "queued" });
      this.waiting.delete(id);
    }
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.sync(), this.options.retryIntervalMs ?? 5000);
  }

  private report(report: SyncReport): void {
    this.options.onReport?.(report);
  }

  private announce(): void {
    this.channel?.postMessage({ namespace: this.namespace, from: this.tabId });
  }

  /** One reader or replayer at a time in this tab. */
  private exclusive(work: () => Promise<void>): Promise<void> {
    const run = this.busy.then(work, work);
    this.busy = run.catch(() => undefined);
    return run;
  }
}
