"use client";
import { QueryClient, QueryClientProvider, useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { createCartAPI, createJourneyPlansAPI, type CartAPI, type JourneyPlansAPI } from "../core/facade.js";
import type { KeyValueStore } from "../core/storage.js";
import { defaultStore } from "../core/storage.js";
import { SyncEngine, type SyncReport, type SyncSnapshot } from "../core/sync.js";
import { boundToken, travelerOf } from "../core/tokens.js";
import { createTransport, type TransportOptions } from "../core/transport.js";
import type { Catalog } from "../core/model.js";
import type { LiveConnector, LiveState } from "../live/index.js";

export interface TravelSyncProps {
  /** The GraphQL endpoint. */
  url: string;
  /** The bearer token; null or undefined for a guest (the cart stays on this device). */
  token?: string | null;
  /** Asked once after a 401 for a fresh token. */
  refreshToken?: () => Promise<string | null>;
  /** Prices and names for lines added while offline. */
  catalog?: Catalog;
  /** Changes the server did not take as made (conflicts, refusals): show them to the traveler. */
  onReport?: (report: SyncReport) => void;
  /** Transport settings (timeouts, backoff) for tests and special cases. */
  transport?: Partial<TransportOptions>;
  store?: KeyValueStore;
  /** While offline, try the API again this often (default 5 s). */
  retryIntervalMs?: number;
  /**
   * Pushed changes from other devices: `connectLive` from "@travel/web-client/live". While it is
   * connected the kit does not poll; without it, or while it cannot connect, it polls.
   */
  live?: LiveConnector;
  /** A TanStack Query client of the app's; one is made when absent. */
  queryClient?: QueryClient;
  children: ReactNode;
}

interface TravelSyncValue {
  engine: SyncEngine;
  snapshot: SyncSnapshot;
  cartAPI: CartAPI;
  journeyPlansAPI: JourneyPlansAPI;
  /** How other devices' changes arrive: "websocket" or "sse" (pushed), "polling", "connecting". */
  live: LiveState;
  /** Stop this traveler's sync before the app drops their token; `purge` forgets their local data. */
  signOut(options?: { purge?: boolean }): Promise<void>;
}

const TravelSyncContext = createContext<TravelSyncValue | null>(null);

export { travelerOf };

export function TravelSyncProvider(props: TravelSyncProps) {
  const [fallbackClient] = useState(() => new QueryClient());
  return (
    <QueryClientProvider client={props.queryClient ?? fallbackClient}>
      <EngineHost {...props} />
    </QueryClientProvider>
  );
}

function EngineHost({ url, token, refreshToken, catalog, onReport, transport: transportOptions, store: givenStore, retryIntervalMs, live, children }: TravelSyncProps) {
  const traveler = travelerOf(token);
  // Props read through refs: a new function or value on a later render is used from then on.
  const tokenRef = useRef(token ?? null);
  tokenRef.current = token ?? null;
  const reportRef = useRef(onReport);
  reportRef.current = onReport;
  const refreshRef = useRef(refreshToken);
  refreshRef.current = refreshToken;
  const catalogRef = useRef(catalog);
  catalogRef.current = catalog;
  const retryRef = useRef(retryIntervalMs);
  retryRef.current = retryIntervalMs;
  const transportRef = useRef(transportOptions);
  transportRef.current = transportOptions;
  const [store] = useState(() => givenStore ?? defaultStore());

  // Each engine sends only its own traveler's token: once the app holds another traveler's,
  // nothing of this one's goes out with it (and nothing comes back into its copy).
  const own = useMemo(
    (): TransportOptions & { getToken(): string | null } => ({
      url,
      getToken: () => boundToken(traveler, tokenRef.current),
      refreshToken: async () => {
        const fresh = await refreshRef.current?.();
        return fresh && travelerOf(fresh) === traveler ? fresh : null;
      },
    }),
    [url, traveler],
  );
  const engine = useMemo(() => {
    // The transport reads its options on each request: the latest `transport` prop applies.
    const current = new Proxy(own, {
      get: (target, key: keyof TransportOptions) => transportRef.current?.[key] ?? target[key],
    });
    const transport = createTransport(current);
    return new SyncEngine({
      transport,
      traveler,
      store,
      catalog: (serviceId) => catalogRef.current?.(serviceId),
      get retryIntervalMs() {
        return retryRef.current;
      },
      onReport: (r) => reportRef.current?.(r),
    });
    // A new traveler is a new local copy and outbox.
  }, [own, traveler, store]);

  const [liveState, setLiveState] = useState<LiveState>("polling");
  useEffect(() => {
    if (!live || traveler === null) return;
    const connection = live(engine, { ...own, onState: setLiveState });
    return () => {
      connection.close();
      setLiveState("polling");
    };
  }, [engine, live, own, traveler]);
  const pushed = liveState === "websocket" || liveState === "sse";

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      // Signed in (also after a redirect or reload): a guest cart and plans left on this device
      // go to the traveler, keyed so a repeat adds nothing twice.
      if (traveler !== null) await engine.adoptGuest(store);
      if (!cancelled) await engine.start();
    })();
    const online = () => void engine.sync();
    const offline = () => void engine.flush();
    window.addEventListener("online", online);
    window.addEventListener("offline", offline);
    return () => {
      cancelled = true;
      window.removeEventListener("online", online);
      window.removeEventListener("offline", offline);
      engine.stop();
    };
  }, [engine, store, traveler]);

  // TanStack Query decides when to look for changes from other devices: on focus and reconnect,
  // and every 30 s while the page is visible, unless they are pushed. The data itself is the
  // engine's local copy.
  const queryClient = useQueryClient();
  useQuery({
    queryKey: ["travel-sync", traveler],
    queryFn: async () => {
      await engine.flush();
      await engine.reconcile();
      return engine.getSnapshot().cart.revision;
    },
    enabled: traveler !== null,
    networkMode: "always",
    retry: false,
    refetchOnWindowFocus: !pushed,
    refetchOnReconnect: true,
    refetchInterval: pushed ? false : 30_000,
    staleTime: 5_000,
  });
  useEffect(() => () => queryClient.removeQueries({ queryKey: ["travel-sync", traveler] }), [queryClient, traveler]);

  const snapshot = useSyncExternalStore(engine.subscribe, engine.getSnapshot, engine.getSnapshot);
  // Callbacks stay the same functions for as long as the traveler does.
  const apis = useMemo(
    () => ({
      cartAPI: createCartAPI(engine),
      journeyPlansAPI: createJourneyPlansAPI(engine),
      signOut: (options?: { purge?: boolean }) => engine.signOut(options),
    }),
    [engine],
  );
  const value = useMemo(() => ({ engine, snapshot, live: liveState, ...apis }), [engine, snapshot, liveState, apis]);
  return <TravelSyncContext.Provider value={value}>{children}</TravelSyncContext.Provider>;
}

export function useTravelSync(): TravelSyncValue {
  const value = useContext(TravelSyncContext);
  if (!value) throw new Error("wrap the app in <TravelSyncProvider>");
  return value;
}
