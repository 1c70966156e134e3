// The kit's core: no React, nothing run on import (safe in server components and on Node).
export { createTransport, DEFAULT_BACKOFF_MS, type Transport, type TransportOptions, type TypedDocument } from "./core/transport.js";
export { ApiError, isTypedError, type TypedError } from "./core/errors.js";
export { SyncEngine, type Outcome, type SyncReport, type SyncSnapshot, type SyncStatus } from "./core/sync.js";
export { createCartAPI, createJourneyPlansAPI, type CartAPI, type CartItemChanges, type JourneyPlansAPI, type NewCartItem } from "./core/facade.js";
export { IndexedDbStore, LocalStorageStore, MemoryStore, defaultStore, type KeyValueStore } from "./core/storage.js";
export { travelerOf } from "./core/tokens.js";
export type { Money } from "./core/money.js";
export type { Cart, CartLine, Catalog, Plan, Operation } from "./core/model.js";
