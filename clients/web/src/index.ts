export { createTransport, DEFAULT_BACKOFF_MS, type Transport, type TransportOptions } from "./core/transport";
export { ApiError, isTypedError, type TypedError } from "./core/errors";
export { SyncEngine, type Outcome, type SyncReport, type SyncSnapshot, type SyncStatus } from "./core/sync";
export { createCartAPI, createJourneyPlansAPI, type CartAPI, type JourneyPlansAPI } from "./core/facade";
export { IndexedDbStore, LocalStorageStore, MemoryStore, defaultStore, type KeyValueStore } from "./core/storage";
export type { Cart, CartLine, Plan, Operation } from "./core/model";
export { TravelSyncProvider, useTravelSync, travelerOf } from "./react/TravelSyncProvider";
export { CartProvider, useCart, type CartValue } from "./react/cart";
export { JourneyPlanProvider, useJourneyPlans, type JourneyPlansValue } from "./react/plans";
