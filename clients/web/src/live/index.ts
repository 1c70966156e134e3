/**
 * Live updates: the API pushes the cart and plan changes (GraphQL subscriptions), and the engine
 * takes them as it takes fetched answers, under its outbox. WebSocket (graphql-transport-ws)
 * first; where that cannot open, server-sent events (GraphQL over SSE, distinct connections);
 * where neither works, the state is "polling" and the app keeps checking (TravelSyncProvider does
 * every 30 s) while this tries again later. Its own entry point: an app pays for it only when it
 * imports it.
 */
import { CartChangedDocument, JourneyPlansChangedDocument, type JourneyPlansChangedSubscription } from "../generated/graphql.js";
import type { Cart, Plan, ServerCopy } from "../core/model.js";

export type LiveState = "connecting" | "websocket" | "sse" | "polling";

/** What live updates feed: the sync engine (SyncEngine.receive, SyncEngine.reconcile). */
export interface LiveTarget {
  receive(update: (server: ServerCopy) => ServerCopy): Promise<void>;
  reconcile(): Promise<void>;
}

export interface LiveOptions {
  /** The GraphQL endpoint (http or https: the WebSocket is the same URL as ws or wss). */
  url: string;
  /** The traveler's bearer token; a guest (null, or a throw) has nothing to listen to. */
  getToken: () => string | null | Promise<string | null>;
  /** Asked for a fresh token when the server refuses or closes on an expired one. */
  refreshToken?: () => Promise<string | null>;
  onState?: (state: LiveState) => void;
  /** Waits before reconnecting after failures (default 0.5 s doubling to 30 s; ±20%). */
  backoffMs?: readonly number[];
  WebSocket?: typeof WebSocket;
  fetch?: typeof fetch;
}

export interface LiveConnection {
  readonly state: LiveState;
  close(): void;
}

/** A connector as TravelSyncProvider's `live` prop takes it. */
export type LiveConnector = (target: LiveTarget, options: LiveOptions) => LiveConnection;

const DEFAULT_BACKOFF_MS = [500, 1000, 2000, 5000, 10_000, 30_000] as const;
// A connection not up by then is taken as unusable here (a proxy that holds an upgrade or buffers
// an event stream): the next transport is tried.
const OPEN_TIMEOUT_MS = 10_000;
// A plan change made while a (re)connection is being set up may fall between the catch-up read
// and the server's start of listening; asking for the last two minutes again covers it
// (a change already held is ignored: versions only grow).
const OVERLAP_MS = 120_000;

type Change = JourneyPlansChangedSubscription["journeyPlansChanged"];
type Result = { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };

function newestFirst(a: Plan, b: Plan): number {
  return a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0;
}

/** The server's copy with a pushed cart: only a later revision replaces the one held. */
export function withCart(cart: Cart): (server: ServerCopy) => ServerCopy {
  return (server) => (cart.revision > server.cart.revision || server.cart.id !== cart.id ? { ...server, cart } : server);
}

/** The server's copy with a pushed plan change: a later version, or a deletion. */
export function withPlanChange(change: Change): (server: ServerCopy) => ServerCopy {
  return (server) => {
    const { plan, deletedId } = change;
    if (deletedId) {
      return server.plans.some((p) => p.id === deletedId) ? { ...server, plans: server.plans.filter((p) => p.id !== deletedId) } : server;
    }
    if (!plan) return server;
    const held = server.plans.find((p) => p.id === plan.id);
    if (held && held.version >= plan.version) return server;
    return { ...server, plans: [plan, ...server.plans.filter((p) => p.id !== plan.id)].sort(newestFirst) };
  };
}

class Failure extends Error {
  constructor(
    message: string,
    /** The token was refused: a fresh one is needed before trying again. */
    readonly auth = false,
    /** This transport cannot work here (refused, unsupported): try the next one. */
    readonly unusable = false,
  ) {
    super(message);
  }
}

function authError(result: Result): boolean {
  return (result.errors ?? []).some((e) => e.extensions?.code === "UNAUTHENTICATED");
}

/**
 * Connect `target` to the API's pushes and keep it connected until `close()`: reconnecting with
 * backoff, with a fresh token after an auth refusal or expiry, and catching up (reconcile) each
 * time a connection is up.
 */
export const connectLive: LiveConnector = (target, options) => {
  let state: LiveState = "connecting";
  let closed = false;
  let failures = 0;
  let token: string | null = null;
  let stop: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const setState = (next: LiveState) => {
    if (next === state || closed) return;
    state = next;
    options.onState?.(next);
  };
  const deliver = (id: string, result: Result) => {
    const data = result.data;
    if (!data) return;
    if (id === "cart") void target.receive(withCart(data.cartChanged as Cart));
    else void target.receive(withPlanChange(data.journeyPlansChanged as Change));
  };
  const documents = () => ({
    cart: { query: CartChangedDocument.toString() },
    plans: { query: JourneyPlansChangedDocument.toString(), variables: { since: new Date(Date.now() - OVERLAP_MS).toISOString() } },
  });

  /** One WebSocket; resolves when it closes after having been up, rejects if it never was. */
  function websocket(bearer: string): Promise<void> {
    const Socket = options.WebSocket ?? globalThis.WebSocket;
    if (!Socket) return Promise.reject(new Failure("no WebSocket here", false, true));
    return new Promise((resolve, reject) => {
      const socket = new Socket(options.url.replace(/^http/, "ws"), "graphql-transport-ws");
      let up = false;
      let refused = false;
      const send = (message: object) => socket.send(JSON.stringify(message));
      stop = () => socket.close(1000);
      const timer = setTimeout(() => socket.close(1000), OPEN_TIMEOUT_MS);
      socket.onopen = () => send({ type: "connection_init", payload: { Authorization: `Bearer ${bearer}` } });
      socket.onmessage = (event) => {
        let message: { type?: string; id?: string; payload?: unknown };
        try {
          message = JSON.parse(String(event.data));
        } catch {
          return socket.close(4400);
        }
        if (message.type === "ping") send({ type: "pong" });
        else if (message.type === "connection_ack") {
          up = true;
          clearTimeout(timer);
          for (const [id, payload] of Object.entries(documents())) send({ id, type: "subscribe", payload });
          setState("websocket");
          failures = 0;
          void target.reconcile();
        } else if (message.type === "next" && message.id) {
          const result = message.payload as Result;
          if (authError(result)) socket.close(4403);
          else deliver(message.id, result);
        } else if (message.type === "error") {
          // A subscription refused (the per-traveler cap): not worth trying again at once.
          refused = true;
          socket.close(1000);
        } else if (message.type === "complete") {
          socket.close(1000); // ended by the server: a fresh connection subscribes again
        }
      };
      socket.onclose = (event) => {
        stop = null;
        clearTimeout(timer);
        if (event.code === 4403 || event.code === 4401) reject(new Failure("token refused", true));
        else if (refused) reject(new Failure("subscription refused"));
        else if (up) resolve();
        else reject(new Failure(`WebSocket closed (${event.code})`, false, true));
      };
    });
  }

  /** One event stream per subscription; resolves when one ends after both were up. */
  function sse(bearer: string): Promise<void> {
    const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    const controller = new AbortController();
    stop = () => controller.abort();
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      controller.abort();
    }, OPEN_TIMEOUT_MS);
    const stream = async (id: string, body: object, opened: () => void) => {
      const response = await doFetch(options.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream", Authorization: `Bearer ${bearer}` },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      if (response.status === 401) throw new Failure("token refused", true);
      if (!response.ok || !response.body || !(response.headers.get("Content-Type") ?? "").startsWith("text/event-stream")) {
        throw new Failure(`event stream refused (HTTP ${response.status})`, false, true);
      }
      // The cart's stream is up at its first event (sent at once: a buffering proxy holds it), the
      // plans' at its headers.
      if (id === "plans") opened();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value.replace(/\r\n?/g, "\n");
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split("\n");
          const event = lines.find((l) => l.startsWith("event:"))?.slice(6).trim();
          const data = lines
            .filter((l) => l.startsWith("data:"))
            .map((l) => l.slice(5).trimStart())
            .join("\n");
          if (event === "complete") return;
          if (event !== "next" || !data) continue;
          const result = JSON.parse(data) as Result;
          if (authError(result)) throw new Failure("token expired", true);
          if (id === "cart" && !cartUp) {
            cartUp = true;
            opened();
          }
          deliver(id, result);
        }
      }
    };
    let open = 0;
    let cartUp = false;
    const opened = () => {
      if (++open < 2) return;
      clearTimeout(timer);
      setState("sse");
      failures = 0;
      void target.reconcile();
    };
    const streams = Object.entries(documents()).map(([id, body]) => stream(id, body, opened));
    // The first to end (or fail) ends both: the next connection subscribes to both afresh.
    return Promise.race(streams)
      .then(
        () => {
          if (open < 2) throw new Failure("event stream ended before it was up", false, true);
        },
        (error) => {
          throw late ? new Failure("event streams did not open", false, true) : error;
        },
      )
      .finally(() => {
        clearTimeout(timer);
        controller.abort();
        stop = null;
        void Promise.allSettled(streams);
      });
  }

  async function run(): Promise<void> {
    let useSse = false;
    let refreshed = false;
    while (!closed) {
      // After a connection that was up and ended: a moment, so a server closing at once is no busy loop.
      let wait = 250 * (0.8 + 0.4 * Math.random());
      try {
        token ??= await options.getToken();
        if (closed) return;
        if (!token) return setState("polling"); // a guest: nothing on the server to listen to
        await (useSse ? sse(token) : websocket(token));
        token = null; // the next connection asks for the app's token then (it may have a newer one)
        refreshed = false;
      } catch (error) {
        if (closed) return;
        const failure = error instanceof Failure ? error : new Failure(String(error));
        token = null;
        if (failure.auth && !refreshed) {
          // Once per refusal: a fresh token refused too waits like any other failure.
          refreshed = true;
          token = (await options.refreshToken?.().catch(() => null)) ?? null;
          if (token) continue;
        }
        if (failure.unusable && !useSse) {
          useSse = true; // the WebSocket never opened: straight to the event streams
          continue;
        }
        // Neither works now: the app polls, and the ladder starts again after a wait.
        setState("polling");
        useSse = false;
        refreshed = false;
        const backoff = options.backoffMs ?? DEFAULT_BACKOFF_MS;
        const base = backoff[Math.min(failures++, backoff.length - 1)] ?? 1000;
        wait = base * (0.8 + 0.4 * Math.random());
      }
      if (closed) return;
      await new Promise<void>((resolve) => {
        timer = setTimeout(resolve, wait);
      });
    }
  }

  void run();
  return {
    get state() {
      return state;
    },
    close() {
      closed = true;
      clearTimeout(timer);
      stop?.();
    },
  };
};
