/**
 * The names the current frontend already calls (`cartAPI`, `journeyPlansAPI`), backed by the sync
 * engine: reads come from the local copy (refreshed from the server when it can be reached),
 * writes go through the outbox and resolve with the server's answer, or `{kind: "queued"}` while
 * offline.
 */
import type {
  CartCheckoutInput,
  CartMergeLineInput,
  JourneyPlanCreateInput,
  JourneyPlanStatus,
  JourneyPlanUpdateInput,
} from "../generated/graphql.js";
import type { CartLine, Plan } from "./model.js";
import type { Outcome, SyncEngine } from "./sync.js";

export interface NewCartItem {
  serviceId: string;
  bookingDate: string;
  quantity?: number;
  participants?: number;
  specialRequests?: string | null;
}

export interface CartItemChanges {
  quantity?: number;
  participants?: number;
  bookingDate?: string;
  specialRequests?: string | null;
}

export function createCartAPI(engine: SyncEngine) {
  return {
    /** Add a service on a date (merging into the line for the same service and date). */
    create: (item: NewCartItem): Promise<Outcome> =>
      engine.enqueue({ op: "cartItemAdd", input: { quantity: 1, participants: 1, ...item } }),
    /** The cart's lines as this device knows them, after trying the server. */
    getAll: async (): Promise<CartLine[]> => {
      await engine.sync();
      return engine.getSnapshot().cart.items;
    },
    update: (id: string, changes: CartItemChanges): Promise<Outcome> =>
      engine.enqueue({ op: "cartItemUpdate", input: { id, ...changes } }),
    delete: (id: string): Promise<Outcome> => engine.enqueue({ op: "cartItemRemove", input: { id } }),
    /** Remove every line; with `expectedRevision`, only if no other change came first. */
    clear: (options: { expectedRevision?: number } = {}): Promise<Outcome> => engine.enqueue({ op: "cartClear", input: { ...options } }),
    merge: (items: CartMergeLineInput[]): Promise<Outcome> => engine.enqueue({ op: "cartMerge", input: { items } }),
    checkout: (input: Omit<CartCheckoutInput, "idempotencyKey">): Promise<Outcome> =>
      engine.enqueue({ op: "cartCheckout", input: { ...input, idempotencyKey: "" } }),
  };
}

export function createJourneyPlansAPI(engine: SyncEngine) {
  return {
    create: (plan: Omit<JourneyPlanCreateInput, "idempotencyKey">): Promise<Outcome> =>
      engine.enqueue({ op: "journeyPlanCreate", input: plan }),
    getAll: async (): Promise<Plan[]> => {
      await engine.sync();
      return engine.getSnapshot().plans;
    },
    getById: async (id: string): Promise<Plan | undefined> => engine.getSnapshot().plans.find((p) => p.id === id),
    update: (id: string, changes: Omit<JourneyPlanUpdateInput, "id">): Promise<Outcome> =>
      engine.enqueue({ op: "journeyPlanUpdate", input: { id, ...changes } }),
    transition: (id: string, to: JourneyPlanStatus): Promise<Outcome> =>
      engine.enqueue({ op: "journeyPlanTransition", input: { id, to } }),
    delete: (id: string): Promise<Outcome> => engine.enqueue({ op: "journeyPlanDelete", input: { id } }),
  };
}

export type CartAPI = ReturnType<typeof createCartAPI>;
export type JourneyPlansAPI = ReturnType<typeof createJourneyPlansAPI>;
