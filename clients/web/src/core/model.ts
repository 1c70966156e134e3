/**
 * The kit's model: queued operations, and how each changes the local copy before the server has
 * answered (optimistically). What the app shows is always the server's last answer with the queued
 * operations applied on top, so dropping an operation rolls its change back.
 */
import type {
  CartCheckoutInput,
  CartClearInput,
  CartFieldsFragment,
  CartItemAddInput,
  CartItemRemoveInput,
  CartItemUpdateInput,
  CartLineFieldsFragment,
  CartMergeInput,
  JourneyPlanCreateInput,
  JourneyPlanDeleteInput,
  JourneyPlanTransitionInput,
  JourneyPlanUpdateInput,
  PlanFieldsFragment,
} from "../generated/graphql.js";
import { sumByCurrency, times } from "./money.js";

export type Cart = CartFieldsFragment;
export type CartLine = CartLineFieldsFragment;
export type Plan = PlanFieldsFragment;

export type Operation =
  | { op: "cartItemAdd"; input: CartItemAddInput }
  | { op: "cartItemUpdate"; input: CartItemUpdateInput }
  | { op: "cartItemRemove"; input: CartItemRemoveInput }
  | { op: "cartClear"; input?: CartClearInput }
  | { op: "cartMerge"; input: CartMergeInput }
  | { op: "cartCheckout"; input: CartCheckoutInput }
  | { op: "journeyPlanCreate"; input: JourneyPlanCreateInput }
  | { op: "journeyPlanUpdate"; input: JourneyPlanUpdateInput }
  | { op: "journeyPlanTransition"; input: JourneyPlanTransitionInput }
  | { op: "journeyPlanDelete"; input: JourneyPlanDeleteInput };

export type OperationName = Operation["op"];

export interface OutboxEntry {
  /** Unique across tabs and devices; part of the entry's idempotency key. */
  id: string;
  /** The order operations were made in on this device (not the clock, which may be set back). */
  seq?: number;
  operation: Operation;
  createdAt: number;
  /** Times it was sent without a clear answer: it may have landed. */
  attempts: number;
  /** When it was first sent in a way that could have reached the server (its key's first use). */
  firstSentAt?: number;
}

/** Outbox order: by sequence number, then id (entries stored before sequence numbers: by id). */
export function byQueueOrder(a: OutboxEntry, b: OutboxEntry): number {
  const bySeq = (a.seq ?? 0) - (b.seq ?? 0);
  return bySeq !== 0 ? bySeq : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Ids of objects the client made before the server knew them: `local:<entry id>`. */
export const LOCAL = "local:";

export function isLocalId(id: string): boolean {
  return id.startsWith(LOCAL);
}

export function localIdOf(entry: OutboxEntry): string {
  return LOCAL + entry.id;
}

/** The local ids an operation refers to (it cannot be sent before they are real). */
export function localRefs(operation: Operation): string[] {
  if (!("input" in operation)) return [];
  const id = (operation.input as { id?: unknown }).id;
  return typeof id === "string" && isLocalId(id) ? [id] : [];
}

export function emptyCart(id = "local"): Cart {
  return { id, revision: 0, itemCount: 0, totalQuantity: 0, updatedAt: null, subtotals: [], items: [] };
}

function withTotals(cart: Cart, items: CartLine[]): Cart {
  const priced = items.map((line) =>
    line.unitPrice ? { ...line, subtotal: { ...line.unitPrice, amount: times(line.unitPrice.amount, line.quantity) } } : line,
  );
  return {
    ...cart,
    items: priced,
    itemCount: priced.length,
    totalQuantity: priced.reduce((sum, line) => sum + line.quantity, 0),
    subtotals: sumByCurrency(priced.filter((l) => l.available && l.subtotal).map((l) => l.subtotal!)),
  };
}

function newLine(id: string, input: { serviceId: string; bookingDate: string; quantity?: number | null; participants?: number | null; specialRequests?: string | null }, known?: Catalog): CartLine {
  const service = known?.(input.serviceId);
  return {
    id,
    serviceId: input.serviceId,
    bookingDate: input.bookingDate,
    quantity: input.quantity ?? 1,
    participants: input.participants ?? 1,
    specialRequests: input.specialRequests ?? null,
    version: 1,
    available: true,
    unitPrice: service?.price ?? null,
    subtotal: null,
    warnings: [], // the server's answer says what applies
    service: service ? { id: service.id, name: service.name } : null,
  };
}

/** What the kit knows of a service, for optimistic lines (price and name). */
export type Catalog = (serviceId: string) => { id: string; name: string; price: { amount: string; currencyCode: string } } | undefined;

/** The API's last answer for the cart and every plan, as stored on this device. */
export interface ServerCopy {
  cart: Cart;
  plans: Plan[];
  /** Where the plans' change feed continues (the server's cursor). */
  cursor?: string;
}

export interface LocalState {
  cart: Cart;
  plans: Plan[];
}

function planFrom(id: string, input: JourneyPlanCreateInput, now: string): Plan {
  return {
    id,
    title: input.title ?? null,
    country: input.country,
    region: input.region ?? null,
    district: input.district ?? null,
    area: input.area ?? null,
    travelersCount: input.travelersCount ?? 1,
    startDate: input.startDate ?? null,
    endDate: input.endDate ?? null,
    notes: input.notes ?? null,
    status: "DRAFT",
    allowedTransitions: [],
    version: 1,
    createdAt: now,
    updatedAt: now,
    totalCost: { amount: "0", currencyCode: "EUR" },
    services: [],
  };
}

/** The local copy after one more queued operation. */
export function applyOptimistic(state: LocalState, entry: OutboxEntry, catalog?: Catalog): LocalState {
  const { cart, plans } = state;
  const operation = entry.operation;
  const now = new Date(entry.createdAt).toISOString();
  switch (operation.op) {
    case "cartItemAdd": {
      const input = operation.input;
      const same = cart.items.find((l) => l.serviceId === input.serviceId && l.bookingDate === input.bookingDate);
      const items = same
        ? cart.items.map((l) =>
            l === same
              ? { ...l, quantity: l.quantity + (input.quantity ?? 1), participants: input.participants ?? l.participants, version: l.version + 1 }
              : l,
          )
        : [...cart.items, newLine(localIdOf(entry), input, catalog)];
      return { cart: withTotals(cart, items), plans };
    }
    case "cartItemUpdate": {
      const { id, expectedVersion: _expected, ...changes } = operation.input;
      const items = cart.items.map((l) => {
        if (l.id !== id) return l;
        const next = { ...l };
        if (changes.quantity != null) next.quantity = changes.quantity;
        if (changes.participants != null) next.participants = changes.participants;
        if (changes.bookingDate != null) next.bookingDate = changes.bookingDate;
        if (changes.specialRequests !== undefined) next.specialRequests = changes.specialRequests?.trim() || null;
        // The server moves a line's version only when a field really changes.
        const changed =
          next.quantity !== l.quantity ||
          next.participants !== l.participants ||
          next.bookingDate !== l.bookingDate ||
          next.specialRequests !== l.specialRequests;
        return changed ? { ...next, version: l.version + 1 } : l;
      });
      return { cart: withTotals(cart, items), plans };
    }
    case "cartItemRemove":
      return { cart: withTotals(cart, cart.items.filter((l) => l.id !== operation.input.id)), plans };
    case "cartClear":
      return { cart: withTotals(cart, []), plans };
    case "cartMerge": {
      let items = [...cart.items];
      operation.input.items.forEach((line, index) => {
        const same = items.find((l) => l.serviceId === line.serviceId && l.bookingDate === line.bookingDate);
        if (same) {
          items = items.map((l) => (l === same ? { ...l, quantity: Math.max(l.quantity, line.quantity) } : l));
        } else {
          items.push(newLine(`${localIdOf(entry)}:${index}`, line, catalog));
        }
      });
      return { cart: withTotals(cart, items), plans };
    }
    case "cartCheckout": {
      const plan = planFrom(localIdOf(entry), operation.input, now);
      plan.services = cart.items
        .filter((l) => l.unitPrice)
        .map((l) => ({
          serviceId: l.serviceId,
          bookingDate: l.bookingDate,
          quantity: l.quantity,
          unitPrice: l.unitPrice!,
          subtotal: l.subtotal ?? l.unitPrice!,
          service: l.service ?? null,
        }));
      return { cart: withTotals(cart, []), plans: [plan, ...plans] };
    }
    case "journeyPlanCreate":
      return { cart, plans: [planFrom(localIdOf(entry), operation.input, now), ...plans] };
    case "journeyPlanUpdate": {
      const { id, expectedVersion: _expected, services: _services, idempotencyKey: _key, ...changes } = operation.input;
      return {
        cart,
        plans: plans.map((p) => {
          if (p.id !== id) return p;
          const next: Plan = { ...p, version: p.version + 1, updatedAt: now };
          for (const [key, value] of Object.entries(changes)) {
            if (value !== undefined) (next as Record<string, unknown>)[key] = value;
          }
          return next;
        }),
      };
    }
    case "journeyPlanTransition":
      return {
        cart,
        plans: plans.map((p) =>
          p.id === operation.input.id ? { ...p, status: operation.input.to, version: p.version + 1, updatedAt: now } : p,
        ),
      };
    case "journeyPlanDelete":
      return { cart, plans: plans.filter((p) => p.id !== operation.input.id) };
  }
}
