/** Why a request failed, and whether sending it again could ever help. */
export type FailureKind = "network" | "timeout" | "http" | "graphql" | "unauthenticated" | "infrastructure" | "storage";

// Codes the API uses for failures that a retry of the same request may fix.
const RETRYABLE_CODES = new Set(["UNAVAILABLE", "INTERNAL_SERVER_ERROR", "TIMEOUT", "RATE_LIMITED", "REQUEST_TIMEOUT"]);

export class ApiError extends Error {
  readonly kind: FailureKind;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  /** Seconds the server asked us to wait (429, 503). */
  readonly retryAfter: number | undefined;

  constructor(
    kind: FailureKind,
    message: string,
    options: { status?: number; code?: string; requestId?: string; retryAfter?: number } = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.kind = kind;
    this.status = options.status;
    this.code = options.code;
    this.requestId = options.requestId;
    this.retryAfter = options.retryAfter;
  }

  /** True when the API itself answered (a GraphQL response): only then is a refusal a verdict. */
  get fromApi(): boolean {
    return this.kind === "http" || this.kind === "graphql" || this.kind === "unauthenticated";
  }

  /**
   * Network errors, timeouts, answers that are not the API's (HTML pages of proxies and portals),
   * 408, 429, 5xx and the API's transient codes; never a verdict of the API on the request.
   */
  get retryable(): boolean {
    if (this.kind === "network" || this.kind === "timeout" || this.kind === "infrastructure") return true;
    if (this.code !== undefined && RETRYABLE_CODES.has(this.code)) return true;
    const status = this.status ?? 0;
    return status === 408 || status === 429 || status >= 500;
  }
}

/** A typed error the API returned inside `data`: a final answer about that input. */
export interface TypedError {
  __typename: string;
  code: string;
  message: string;
}

export function isTypedError(value: unknown): value is TypedError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { __typename?: unknown }).__typename === "string" &&
    (value as { __typename: string }).__typename.endsWith("Error") &&
    typeof (value as { code?: unknown }).code === "string"
  );
}
