/**
 * One replaying tab at a time: a Web Lock, or, where Web Locks are missing, a lease in
 * localStorage that a tab takes, checks after a moment (a tab that wrote at the same moment wins
 * or loses there) and gives back when done; a crashed tab's lease runs out.
 */
const LOCK_NAME = "travel-client-outbox";
const LEASE_KEY = "travel-client-outbox-lease";
export const LEASE_MS = 30_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Run `work` while holding the lock named for `namespace`. `locks` undefined means the browser's
 * own Web Locks; null forces the lease (tests).
 */
export async function withTabLock(
  namespace: string,
  tabId: string,
  locks: LockManager | null | undefined,
  work: () => Promise<void>,
): Promise<void> {
  const manager = locks !== undefined ? locks : typeof navigator !== "undefined" ? navigator.locks : undefined;
  if (manager) {
    await manager.request(`${LOCK_NAME}:${namespace}`, work);
    return;
  }
  if (typeof localStorage === "undefined") {
    await work();
    return;
  }
  const key = `${LEASE_KEY}:${namespace}`;
  for (;;) {
    const [holder, until] = (localStorage.getItem(key) ?? ":0").split(":");
    if (!holder || Number(until) < Date.now() || holder === tabId) {
      localStorage.setItem(key, `${tabId}:${Date.now() + LEASE_MS}`);
      await sleep(30);
      if (localStorage.getItem(key)?.startsWith(`${tabId}:`)) break;
    }
    await sleep(200);
  }
  // A replay may take longer than the lease: renew it while the work runs.
  const renew = setInterval(() => {
    if (localStorage.getItem(key)?.startsWith(`${tabId}:`)) localStorage.setItem(key, `${tabId}:${Date.now() + LEASE_MS}`);
  }, LEASE_MS / 3);
  try {
    await work();
  } finally {
    clearInterval(renew);
    if (localStorage.getItem(key)?.startsWith(`${tabId}:`)) localStorage.removeItem(key);
  }
}
