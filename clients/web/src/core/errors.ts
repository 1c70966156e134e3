/** Why a request failed, and whether sending it again could ever help. */
export type FailureKind = "network" | "timeout" | "http" | "graphql" | "unauthenticated";

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

  /** Network errors, timeouts, 408, 429, 5xx and the API's transient codes; never a 4xx verdict. */
  get retryable(): boolean {
    if (this.kind === "network" || this.kind === "timeout") return true;
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
