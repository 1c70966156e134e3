/** Test helpers shared by the engine's unit tests: a tiny cart server, lines, Web Locks. */
import { emptyCart, type Cart, type CartLine } from "../../src/core/model";
import type { Handler } from "./fake-api.js";

export function line(id: string, quantity: number, version = 1): CartLine {
  return {
    id,
    serviceId: `svc-${id}`,
    quantity,
    bookingDate: "2027-03-14",
    participants: 1,
    specialRequests: null,
    version,
    available: true,
    unitPrice: { amount: "10.00", currencyCode: "EUR" },
    subtotal: { amount: "10.00", currencyCode: "EUR" },
    warnings: [],
    service: null,
  };
}

export function cartOf(items: CartLine[], revision = 1): Cart {
  return { ...emptyCart("cart-1"), revision, items, itemCount: items.length, totalQuantity: items.reduce((s, l) => s + l.quantity, 0) };
}

/** A tiny cart server: enough to answer the operations these tests send. */
export function cartServer(start: CartLine[] = []) {
  let items = [...start];
  let revision = 1;
  let ids = 100;
  const seenKeys = new Map<string, unknown>();
  const handler: Handler = (field, input) => {
    const key = input?.idempotencyKey as string | undefined;
    if (key && seenKeys.has(key)) return seenKeys.get(key);
    let result: unknown;
    switch (field) {
      case "cart":
        return cartOf(items, revision);
      case "journeyPlans":
        return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
      case "journeyPlanChanges":
        return { plans: [], deletedIds: [], cursor: "c0", hasMore: false };
      case "cartItemAdd": {
        const same = items.find((l) => l.serviceId === input!.serviceId);
        let changed: CartLine;
        if (same) {
          changed = { ...same, quantity: same.quantity + (input!.quantity as number), version: same.version + 1 };
          items = items.map((l) => (l === same ? changed : l));
        } else {
          changed = { ...line(`srv${ids++}`, input!.quantity as number), serviceId: input!.serviceId as string };
          items = [...items, changed];
        }
        revision++;
        result = { __typename: "CartItemAddSuccess", cartItem: changed, cart: cartOf(items, revision) };
        break;
      }
      case "cartItemUpdate": {
        const found = items.find((l) => l.id === input!.id);
        if (!found) return { __typename: "NotFoundError", code: "NOT_FOUND", message: "no such line" };
        if (input!.expectedVersion != null && input!.expectedVersion !== found.version) {
          return { __typename: "VersionConflictError", code: "VERSION_CONFLICT", message: "changed meanwhile", current: found };
        }
        // As the API: a line's version moves only when a field changes.
        const quantity = (input!.quantity as number) ?? found.quantity;
        const changed = quantity === found.quantity ? found : { ...found, quantity, version: found.version + 1 };
        items = items.map((l) => (l === found ? changed : l));
        revision++;
        result = { __typename: "CartItemUpdateSuccess", cartItem: changed, cart: cartOf(items, revision) };
        break;
      }
      case "cartClear": {
        const removedCount = items.length;
        items = [];
        revision++;
        result = { __typename: "CartClearSuccess", removedCount, cart: cartOf(items, revision) };
        break;
      }
      case "cartItemRemove": {
        const removed = items.some((l) => l.id === input!.id);
        items = items.filter((l) => l.id !== input!.id);
        if (removed) revision++;
        result = { __typename: "CartItemRemoveSuccess", removed, cart: cartOf(items, revision) };
        break;
      }
      default:
        throw new Error(`unexpected field ${field}`);
    }
    if (key) seenKeys.set(key, result);
    return result;
  };
  return { handler, items: () => items };
}

/** Web Locks for tabs of one test: exclusive, in request order. */
export function fakeLocks(): LockManager {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    request: ((_name: string, callback: () => Promise<unknown>) => {
      const run = tail.then(callback, callback);
      tail = run.catch(() => undefined);
      return run;
    }) as LockManager["request"],
    query: async () => ({ held: [], pending: [] }),
  };
}


/** Plans as the API keeps them, with a change log: answers the change feed (cursor = log
 * position) and, for comparison, the older list-since-a-time reads. */
export function planFeed() {
  const plans = new Map<string, Record<string, unknown>>();
  const log: { id: string; deleted: boolean }[] = [];
  let clock = Date.parse("2027-01-01T00:00:00Z");
  const stamp = () => new Date((clock += 1000)).toISOString();
  const put = (id: string, title: string) => {
    const old = plans.get(id);
    const at = stamp();
    plans.set(id, {
      id, title, country: "Italy", region: null, district: null, area: null, travelersCount: 1, startDate: null, endDate: null,
      notes: null, status: "DRAFT", allowedTransitions: [], version: ((old?.version as number) ?? 0) + 1,
      createdAt: (old?.createdAt as string) ?? at, updatedAt: at, totalCost: { amount: "0", currencyCode: "EUR" }, services: [],
    });
    log.push({ id, deleted: false });
    return plans.get(id)!;
  };
  const remove = (id: string) => {
    plans.delete(id);
    log.push({ id, deleted: true });
  };
  const handler: Handler = (field, input) => {
    void input;
    throw new Error(`unexpected ${field}`);
  };
  const answer = (field: string, variables: Record<string, unknown> = {}): unknown => {
    if (field === "journeyPlanChanges") {
      const from = variables.after == null ? 0 : Number(variables.after);
      const first = variables.first as number;
      const ids: string[] = [];
      const deleted: string[] = [];
      let at = from;
      for (; at < log.length && ids.length < first; at++) {
        const change = log[at]!;
        if (change.deleted) {
          if (from > 0) deleted.push(change.id);
        } else if (plans.has(change.id) && !ids.includes(change.id)) ids.push(change.id);
      }
      return { plans: ids.filter((id) => plans.has(id)).map((id) => plans.get(id)), deletedIds: deleted, cursor: String(at), hasMore: at < log.length };
    }
    if (field === "journeyPlans") {
      const since = variables.updatedSince as string | null;
      const all = [...plans.values()]
        .filter((p) => !since || (p.updatedAt as string) >= since)
        .sort((a, b) => ((a.updatedAt as string) < (b.updatedAt as string) ? 1 : -1))
        .slice(0, variables.first as number);
      return { edges: all.map((node) => ({ cursor: node.id, node })), pageInfo: { hasNextPage: false, endCursor: null } };
    }
    if (field === "deletedJourneyPlanIds") return log.filter((c) => c.deleted).map((c) => c.id);
    return handler(field, variables);
  };
  return { plans, put, remove, answer };
}
