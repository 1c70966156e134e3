import { describe, expect, it } from "vitest";
import { createTransport, type TransportOptions } from "../../src/core/transport";
import { ApiError } from "../../src/core/errors";
import { CartGetDocument } from "../../src/generated/graphql";

type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | Error;

function scripted(answers: Answer[], overrides: Partial<TransportOptions> = {}) {
  const sent: { headers: Record<string, string>; body: string }[] = [];
  const waits: number[] = [];
  const fetch = async (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    sent.push({ headers: init?.headers as Record<string, string>, body: String(init?.body) });
    const answer = answers.shift();
    if (answer === undefined) throw new Error("no more scripted answers");
    if (answer instanceof Error) throw answer;
    return new Response(answer.body === undefined ? "not json" : JSON.stringify(answer.body), {
      status: answer.status,
      headers: answer.headers,
    });
  };
  const transport = createTransport({
    url: "http://api.test/graphql",
    fetch: fetch as typeof globalThis.fetch,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5, // no jitter
    getToken: () => "token-1",
    ...overrides,
  });
  return { transport, sent, waits };
}

const CART_BODY = { data: { cart: { id: "c", revision: 1 } } };
const CART: Answer = { status: 200, body: CART_BODY };
const unavailable = { status: 503, body: { errors: [{ message: "down", extensions: { code: "UNAVAILABLE" } }] } };
const unauthenticated = { status: 401, body: { errors: [{ message: "expired", extensions: { code: "UNAUTHENTICATED" } }] } };

describe("retries", () => {
  it("waits 1 s, 2 s, 4 s between attempts and then gives up", async () => {
    const { transport, sent, waits } = scripted([unavailable, unavailable, unavailable, unavailable]);
    await expect(transport.request(CartGetDocument)).rejects.toMatchObject({ code: "UNAVAILABLE", status: 503 });
    expect(waits).toEqual([1000, 2000, 4000]);
    expect(sent).toHaveLength(4);
  });

  it("spreads each wait by the jitter", async () => {
    const low = scripted([unavailable, CART], { random: () => 0 });
    await low.transport.request(CartGetDocument);
    const high = scripted([unavailable, CART], { random: () => 0.999999 });
    await high.transport.request(CartGetDocument);
    expect(low.waits[0]).toBeCloseTo(800);
    expect(high.waits[0]).toBeCloseTo(1200, 0);
  });

  it.each([
    ["a network error", new TypeError("Failed to fetch")],
    ["a 500", { status: 500, body: { errors: [{ message: "x", extensions: { code: "INTERNAL_SERVER_ERROR" } }] } }],
    ["a 504", { status: 504, body: { errors: [{ message: "x", extensions: { code: "TIMEOUT" } }] } }],
    ["a 408", { status: 408, body: { errors: [{ message: "x", extensions: { code: "REQUEST_TIMEOUT" } }] } }],
    ["UNAVAILABLE in a 200", { status: 200, body: { data: null, errors: [{ message: "x", extensions: { code: "UNAVAILABLE" } }] } }],
  ] as [string, Answer][])("retries %s and then succeeds", async (_name, failure) => {
    const { transport, sent } = scripted([failure, CART]);
    await expect(transport.request(CartGetDocument)).resolves.toEqual(CART_BODY.data);
    expect(sent).toHaveLength(2);
  });

  it.each([
    ["BAD_REQUEST", 400],
    ["PAYLOAD_TOO_LARGE", 413],
    ["GRAPHQL_VALIDATION_FAILED", 400],
    ["GRAPHQL_PARSE_FAILED", 400],
    ["BAD_USER_INPUT", 200],
    ["PERSISTED_QUERY_NOT_ALLOWED", 400],
  ])("never retries %s", async (code, status) => {
    const { transport, sent, waits } = scripted([{ status, body: { errors: [{ message: "no", extensions: { code } }] } }]);
    const failure = await transport.request(CartGetDocument).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).retryable).toBe(false);
    expect(sent).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it("returns typed errors in data as answers, never retried", async () => {
    const typed = { data: { cartItemAdd: { __typename: "ValidationError", code: "INVALID_INPUT", message: "no" } } };
    const { transport, sent } = scripted([{ status: 200, body: typed }]);
    await expect(transport.request(CartGetDocument)).resolves.toEqual(typed.data);
    expect(sent).toHaveLength(1);
  });

  it("honours Retry-After when it is longer than the backoff", async () => {
    const limited = {
      status: 429,
      headers: { "Retry-After": "7" },
      body: { errors: [{ message: "slow", extensions: { code: "RATE_LIMITED" } }] },
    };
    const { transport, waits } = scripted([limited, CART]);
    await transport.request(CartGetDocument);
    expect(waits).toEqual([7000]);
  });

  it("gives up an attempt after the timeout and retries it", async () => {
    let calls = 0;
    const fetch = (_url: unknown, init?: RequestInit) =>
      new Promise<Response>((resolve, reject) => {
        calls++;
        if (calls === 2) {
          resolve(new Response(JSON.stringify(CART_BODY), { status: 200 }));
          return;
        }
        init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
      });
    const transport = createTransport({
      url: "http://api.test/graphql",
      fetch: fetch as typeof globalThis.fetch,
      timeoutMs: 20,
      sleep: async () => {},
    });
    await expect(transport.request(CartGetDocument)).resolves.toEqual(CART_BODY.data);
    expect(calls).toBe(2);
  });
});

describe("headers and tokens", () => {
  it("sends the token, a request id kept across retries, and the GraphQL response media type", async () => {
    const { transport, sent } = scripted([unavailable, CART]);
    await transport.request(CartGetDocument);
    const [first, second] = sent;
    expect(first?.headers.Authorization).toBe("Bearer token-1");
    expect(first?.headers["X-Request-ID"]).toMatch(/^[0-9a-f]{32}$/);
    expect(second?.headers["X-Request-ID"]).toBe(first?.headers["X-Request-ID"]);
    expect(first?.headers.Accept).toContain("application/graphql-response+json");
    expect(JSON.parse(first?.body ?? "{}").query).toContain("query CartGet");
  });

  it("asks once for a fresh token after a 401, then retries with it", async () => {
    let refreshes = 0;
    const { transport, sent } = scripted([unauthenticated, CART], {
      refreshToken: async () => {
        refreshes++;
        return "token-2";
      },
    });
    await expect(transport.request(CartGetDocument)).resolves.toEqual(CART_BODY.data);
    expect(refreshes).toBe(1);
    expect(sent[1]?.headers.Authorization).toBe("Bearer token-2");
  });

  it("does not loop when the fresh token is refused too", async () => {
    let refreshes = 0;
    const { transport, sent } = scripted([unauthenticated, unauthenticated, CART], {
      refreshToken: async () => {
        refreshes++;
        return "token-2";
      },
    });
    await expect(transport.request(CartGetDocument)).rejects.toMatchObject({ kind: "unauthenticated" });
    expect(refreshes).toBe(1);
    expect(sent).toHaveLength(2);
  });
});

describe("options and documents", () => {
  it("reads its options on each request, so a later value (as a re-rendered provider gives) applies", async () => {
    const answers: Answer[] = [unavailable, CART, unavailable, CART];
    const waits: number[] = [];
    const live: TransportOptions = {
      url: "http://api.test/graphql",
      fetch: (async () => {
        const answer = answers.shift() as { status: number; body: unknown };
        return new Response(JSON.stringify(answer.body), { status: answer.status });
      }) as typeof globalThis.fetch,
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0.5,
      backoffMs: [100],
    };
    const transport = createTransport(live);
    await transport.request(CartGetDocument);
    live.backoffMs = [700];
    await transport.request(CartGetDocument);
    expect(waits).toEqual([100, 700]);
  });

  it("sends a generated document's text as it is, and a parsed document by its source", async () => {
    const { transport, sent } = scripted([CART, CART]);
    await transport.request(CartGetDocument);
    expect(JSON.parse(sent[0]!.body).query).toBe(CartGetDocument.toString());
    const parsed = { kind: "Document", definitions: [], loc: { source: { body: "query Mine { cart { id } }" } } };
    await transport.request(parsed);
    expect(JSON.parse(sent[1]!.body).query).toBe("query Mine { cart { id } }");
    const sourceless = { kind: "Document", definitions: [] };
    await expect(transport.request(sourceless)).rejects.toThrow(TypeError);
  });
});
