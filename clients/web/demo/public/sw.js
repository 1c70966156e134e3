// The demo page's service worker: the page itself loads while offline (its data comes from the
// kit's own storage). Network first, so an online page is always fresh; the cache is the fallback.
const SHELL = "travel-demo-shell";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        const copy = response.clone();
        caches.open(SHELL).then((cache) => cache.put(request, copy));
        return response;
      })
      // ignoreVary: a dev server answers `Vary: Origin`, and a module script's request carries an
      // Origin that the stored navigation did not, so a Vary-aware match would never hit.
      .catch(() => caches.match(request, { ignoreSearch: true, ignoreVary: true }).then((hit) => hit ?? Response.error())),
  );
});
