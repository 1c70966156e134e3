/**
 * Random ids from `crypto.getRandomValues`, which every browser has on every page;
 * `crypto.randomUUID` exists only on secure pages (https, localhost) and throws elsewhere.
 */
export function randomHex(length = 32): string {
  const bytes = new Uint8Array(Math.ceil(length / 2));
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("").slice(0, length);
}
