import { ApiError } from "./errors.js";

/** The traveler a token names (its `sub`), read without checking it: the server does that. */
export function travelerOf(token: string | null | undefined): string | null {
  if (!token) return null;
  try {
    const payload = token.split(".")[1] ?? "";
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    return typeof sub === "string" && sub ? sub : null;
  } catch {
    return null;
  }
}

/**
 * The token an engine of `traveler` may send: `candidate` only if it names that traveler. A
 * guest's engine sends none. Anything else is refused before a request leaves, as a 401 would
 * be, so the engine keeps its writes for when its traveler is back.
 */
export function boundToken(traveler: string | null, candidate: string | null | undefined): string | null {
  if (traveler === null) return null;
  if (!candidate || travelerOf(candidate) !== traveler) {
    throw new ApiError("unauthenticated", "no token of this traveler's", { status: 401, code: "UNAUTHENTICATED" });
  }
  return candidate;
}
