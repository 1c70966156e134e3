import type { DocumentTypeDecoration } from "@graphql-typed-document-node/core";
import { ApiError } from "./errors.js";
import { randomHex } from "./ids.js";

export interface TransportOptions {
  /** The GraphQL endpoint, e.g. "https://api.example/graphql". */
  url: string;
  /** The current bearer token, or null for a guest. */
  getToken?: () => string | null | Promise<string | null>;
  /** Asked once after a 401 for a fresh token; null gives up. */
  refreshToken?: () => Promise<string | null>;
  /** Each attempt is abandoned after this long (default 10 s, the server's own deadline). */
  timeoutMs?: number;
  /** Waits before each retry (default 1 s, 2 s, 4 s: three retries). */
  backoffMs?: readonly number[];
  /** Spread of each wait, as a fraction (default 0.2: 0.8x..1.2x). */
  jitter?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  newRequestId?: () => string;
}

export const DEFAULT_BACKOFF_MS = [1000, 2000, 4000] as const;

type Variables = Record<string, unknown>;

/**
 * A typed operation: the kit's generated documents (strings), or a parsed document that kept its
 * source text (graphql-tag's `gql`, graphql's `parse`); the kit ships no GraphQL printer.
 */
export type TypedDocument<TData, TVariables> = DocumentTypeDecoration<TData, TVariables> | { readonly kind: string; readonly definitions: readonly unknown[] };

export interface Transport {
  request<TData = Record<string, unknown>, TVariables extends Variables = Variables>(
    document: TypedDocument<TData, TVariables>,
    variables?: TVariables,
  ): Promise<TData>;
  /** The same for a document given as text (the outbox's aliased batches). */
  requestText(query: string, variables?: Variables): Promise<Record<string, unknown>>;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function defaultRequestId(): string {
  return randomHex(32);
}

type Payload = { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };

/** The body as a GraphQL response (an object with `data` or an `errors` list), or undefined. */
function graphqlPayload(text: string): Payload | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const payload = parsed as Payload;
  const hasErrors = Array.isArray(payload.errors) && payload.errors.length > 0;
  if (!hasErrors && !("data" in payload)) return undefined;
  return payload;
}

function textOf(document: object): string {
  if (document instanceof String) return document.toString();
  const body = (document as { loc?: { source?: { body?: unknown } } }).loc?.source?.body;
  if (typeof body === "string") return body;
  throw new TypeError("a document without source text: pass a generated one, or one from gql or parse()");
}

/** A fetch-based GraphQL transport: per-attempt timeout, request ids, retries only where a retry can help. */
export function createTransport(options: TransportOptions): Transport {
  // Options are read on each request, so an object with getters can change them later.
  async function attempt(body: string, requestId: string, token: string | null): Promise<unknown> {
    const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    const timeoutMs = options.timeoutMs ?? 10_000;
    const controller = new AbortController();
    // The deadline covers the whole answer, body included: a stalled body is abandoned too.
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      Accept: "application/graphql-response+json, application/json;q=0.9",
      "X-Request-ID": requestId,
    };
    if (token) headers.Authorization = `Bearer ${token}`;
    let response: Response;
    let text: string;
    try {
      response = await doFetch(options.url, { method: "POST", headers, body, signal: controller.signal });
      text = await response.text();
    } catch (error) {
      const timedOut = controller.signal.aborted;
      throw new ApiError(timedOut ? "timeout" : "network", timedOut ? `no answer within ${timeoutMs} ms` : String(error), {
        requestId,
      });
    } finally {
      clearTimeout(timer);
    }
    const retryAfterHeader = response.headers.get("Retry-After");
    const retryAfter = retryAfterHeader !== null && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : undefined;
    const payload = graphqlPayload(text);
    if (payload === undefined) {
      // Not the API's answer: a proxy's or a firewall's page, an app's fallback page, a captive
      // portal. Nothing about the request itself, so it is worth sending again later.
      throw new ApiError("infrastructure", `HTTP ${response.status}: not a GraphQL response`, {
        status: response.status,
        requestId,
        retryAfter,
      });
    }
    const first = payload.errors?.[0];
    if (response.status === 401) {
      throw new ApiError("unauthenticated", first?.message ?? "unauthenticated", { status: 401, code: "UNAUTHENTICATED", requestId });
    }
    if (first !== undefined || !response.ok || payload.data == null) {
      throw new ApiError(response.ok ? "graphql" : "http", first?.message ?? `HTTP ${response.status}`, {
        status: response.status,
        code: first?.extensions?.code,
        requestId,
        retryAfter,
      });
    }
    return payload.data;
  }

  async function send(query: string, variables: Variables | undefined): Promise<unknown> {
      const body = JSON.stringify({ query, variables: variables ?? {} });
      const requestId = (options.newRequestId ?? defaultRequestId)();
      let token = options.getToken ? await options.getToken() : null;
      let refreshed = false;
      const backoff = options.backoffMs ?? DEFAULT_BACKOFF_MS;
      for (let retry = 0; ; retry++) {
        try {
          return (await attempt(body, requestId, token)) as never;
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          if (error.kind === "unauthenticated") {
            // Once: a fresh token, then the same request again (not counted as a retry).
            if (refreshed || !options.refreshToken) throw error;
            refreshed = true;
            token = await options.refreshToken();
            if (!token) throw error;
            retry--;
            continue;
          }
          if (!error.retryable || retry >= backoff.length) throw error;
          const base = backoff[retry] ?? 0;
          const spread = base * (options.jitter ?? 0.2) * (2 * (options.random ?? Math.random)() - 1);
          const wait = Math.max(base + spread, (error.retryAfter ?? 0) * 1000);
          await (options.sleep ?? defaultSleep)(wait);
        }
      }
  }

  return {
    request: async (document, variables) => send(textOf(document), variables) as never,
    requestText: (query, variables) => send(query, variables) as Promise<Record<string, unknown>>,
  };
}
