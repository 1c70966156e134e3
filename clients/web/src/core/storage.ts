/**
 * Durable key-value storage for the outbox and the local copy: IndexedDB, or localStorage where
 * IndexedDB is missing (some private modes), or memory (tests, server rendering).
 */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /** Keys starting with `prefix`, sorted. */
  keys(prefix: string): Promise<string[]>;
}

const DB_NAME = "travel-client";
const STORE = "kv";

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export class IndexedDbStore implements KeyValueStore {
  private db: Promise<IDBDatabase>;

  constructor(factory: IDBFactory = globalThis.indexedDB, name = DB_NAME) {
    this.db = new Promise<IDBDatabase>((resolve, reject) => {
      const open = factory.open(name, 1);
      open.onupgradeneeded = () => open.result.createObjectStore(STORE);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error ?? new Error("IndexedDB did not open"));
      // Another tab holding an old version open: this one would wait for ever.
      open.onblocked = () => reject(new Error("IndexedDB is blocked by another tab"));
    });
    this.db.catch(() => undefined); // reported by the first operation instead
  }

  private async run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.db;
    const transaction = db.transaction(STORE, mode);
    const result = promised(work(transaction.objectStore(STORE)));
    // Resolved only once the transaction is committed, so a write survives a reload right after.
    await new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
    return result;
  }

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.run("readonly", (s) => s.get(key))) as T | undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.run("readwrite", (s) => s.put(value, key));
  }

  async delete(key: string): Promise<void> {
    await this.run("readwrite", (s) => s.delete(key));
  }

  async keys(prefix: string): Promise<string[]> {
    const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`);
    const keys = await this.run("readonly", (s) => s.getAllKeys(range));
    return keys.map(String).sort();
  }
}

export class LocalStorageStore implements KeyValueStore {
  constructor(
    private readonly storage: Storage = globalThis.localStorage,
    private readonly root = `${DB_NAME}:`,
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    const raw = this.storage.getItem(this.root + key);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }

  async set(key: string, value: unknown): Promise<void> {
    this.storage.setItem(this.root + key, JSON.stringify(value));
  }

  async delete(key: string): Promise<void> {
    this.storage.removeItem(this.root + key);
  }

  async keys(prefix: string): Promise<string[]> {
    const found: string[] = [];
    for (let i = 0; i < this.storage.length; i++) {
      const key = this.storage.key(i);
      if (key?.startsWith(this.root + prefix)) found.push(key.slice(this.root.length));
    }
    return found.sort();
  }
}

export class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, string>();

  async get<T>(key: string): Promise<T | undefined> {
    const raw = this.data.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }

  async set(key: string, value: unknown): Promise<void> {
    this.data.set(key, JSON.stringify(value));
  }

  async delete(key: string): Promise<void> {
    this.data.delete(key);
  }

  async keys(prefix: string): Promise<string[]> {
    return [...this.data.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
}

const PROBE = "__probe__";

/** Does this store take a write and give it back? */
async function works(store: KeyValueStore): Promise<boolean> {
  try {
    await store.set(PROBE, 1);
    const back = await store.get<number>(PROBE);
    await store.delete(PROBE);
    return back === 1;
  } catch {
    return false;
  }
}

/**
 * The first of `candidates` that works here, chosen on first use: IndexedDB may exist and still
 * fail to open (private modes), localStorage may refuse writes. Memory always works, but is not
 * durable: `durable` says so, and the engine shows it.
 */
export class FallbackStore implements KeyValueStore {
  private chosen: Promise<KeyValueStore> | undefined;
  private current: KeyValueStore | undefined;

  constructor(private readonly candidates: readonly (() => KeyValueStore)[]) {}

  /** False once the store in use is memory only (known after the first operation). */
  get durable(): boolean {
    return !(this.current instanceof MemoryStore);
  }

  private store(): Promise<KeyValueStore> {
    this.chosen ??= (async () => {
      for (const make of this.candidates) {
        let candidate: KeyValueStore;
        try {
          candidate = make();
        } catch {
          continue;
        }
        if (await works(candidate)) return (this.current = candidate);
      }
      return (this.current = new MemoryStore());
    })();
    return this.chosen;
  }

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.store()).get<T>(key);
  }

  async set(key: string, value: unknown): Promise<void> {
    await (await this.store()).set(key, value);
  }

  async delete(key: string): Promise<void> {
    await (await this.store()).delete(key);
  }

  async keys(prefix: string): Promise<string[]> {
    return (await this.store()).keys(prefix);
  }
}

/** The most durable store that works in this environment. */
export function defaultStore(): KeyValueStore {
  const candidates: (() => KeyValueStore)[] = [];
  if (typeof globalThis.indexedDB !== "undefined") candidates.push(() => new IndexedDbStore());
  if (typeof globalThis.localStorage !== "undefined") candidates.push(() => new LocalStorageStore());
  return new FallbackStore(candidates);
}
