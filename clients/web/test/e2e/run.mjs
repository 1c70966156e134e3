// End-to-end tests of the client kit in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core) against the real API. Run by tests/browser/test_web_client.py, which starts a
// MongoDB wire server and passes: API_BIN (graphql-api), MONGODB_URI, JWT_SECRET.
// Each scenario prints "ok <name>" or throws; the process exits 1 on the first failure.
import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { chromium } from "playwright-core";
import { freePort, servePages, until } from "../support.mjs";

const ROOT = new URL("../../demo/dist/", import.meta.url).pathname;
const API_BIN = process.env.API_BIN;
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const only = process.argv[2];

function assertEqual(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

// ---- the API (restartable: "the API stopped during a write") ----
const apiPort = await freePort();
const pagePort = await freePort();
const API = `http://127.0.0.1:${apiPort}/graphql`;
const PAGE_ORIGIN = `http://127.0.0.1:${pagePort}`;
const apiEnv = {
  ...process.env,
  PORT: String(apiPort),
  MONGODB_DB: process.env.MONGODB_DB ?? `e2e_${apiPort}`,
  CORS_ORIGINS: PAGE_ORIGIN,
  RATE_LIMIT_PER_SECOND: "0",
  LOG_LEVEL: "WARNING",
};
let api;
async function startApi() {
  api = spawn(API_BIN, ["serve"], { env: apiEnv, stdio: ["ignore", "ignore", "inherit"] });
  await until("the API to be ready", async () => (await fetch(`http://127.0.0.1:${apiPort}/readyz`)).ok);
}
async function stopApi() {
  const exited = new Promise((r) => api.once("exit", r));
  api.kill("SIGKILL");
  await exited;
}

// A change to the catalog as its owner makes it: straight to the `services` collection, with
// the API's own Python and driver.
function catalogChange(serviceId, update) {
  const python = API_BIN.replace(/graphql-api$/, "python");
  const script = [
    "import json, sys",
    "from bson import ObjectId",
    "from pymongo import MongoClient",
    "uri, db, sid, change = sys.argv[1:]",
    "MongoClient(uri)[db]['services'].update_one({'_id': ObjectId(sid)}, json.loads(change))",
  ].join("\n");
  execFileSync(python, ["-c", script, apiEnv.MONGODB_URI, apiEnv.MONGODB_DB, serviceId, JSON.stringify(update)]);
}

function token(traveler) {
  return execFileSync(API_BIN, ["token", traveler, "--ttl-minutes", "60"], { env: apiEnv }).toString().trim();
}

async function gql(tokenValue, query, variables = {}) {
  const response = await fetch(API, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${tokenValue}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function serverCart(tokenValue) {
  const { cart } = await gql(tokenValue, "query E2ECart { cart { items { serviceId quantity } } }");
  return Object.fromEntries(cart.items.map((l) => [l.serviceId, l.quantity]));
}

// ---- the demo page, built, served as static files ----
// Vary: Origin as Vite's dev server (scripts/demo) answers: the offline reload must work with it.
const pages = await servePages(ROOT, pagePort, { Vary: "Origin" });

// ---- a proxy between the page and the API that misbehaves on request ----
// mode: "pass"; "html404" / "html403" / "html200" (an HTML page of its own); "lose" (forward,
// let the API apply the request, then drop the connection before the answer); "stall" (forward,
// send the headers and half the body, then nothing).
const proxyPort = await freePort();
const PROXY = `http://127.0.0.1:${proxyPort}/graphql`;
const proxy = { mode: "pass", once: false, posts: 0 };
const proxyServer = createServer((request, response) => {
  const chunks = [];
  request.on("data", (c) => chunks.push(c));
  request.on("end", async () => {
    const body = Buffer.concat(chunks);
    const mode = request.method === "POST" ? proxy.mode : "pass";
    if (request.method === "POST") proxy.posts += 1;
    if (proxy.once && mode !== "pass") proxy.mode = "pass";
    const cors = { "Access-Control-Allow-Origin": PAGE_ORIGIN, Vary: "Origin" };
    if (mode.startsWith("html")) {
      const status = Number(mode.slice(4));
      response.writeHead(status, { "Content-Type": "text/html", ...cors });
      response.end("<!doctype html><title>Maintenance</title><p>Back soon.</p>");
      return;
    }
    // A proxy that forwards whole answers only: no WebSocket upgrades, event streams held.
    if (request.headers.upgrade) {
      response.writeHead(502, { "Content-Type": "text/plain", ...cors });
      response.end("no upgrades here");
      return;
    }
    const headers = { ...request.headers };
    delete headers.host;
    delete headers.connection;
    let upstream;
    let answer;
    try {
      upstream = await fetch(`http://127.0.0.1:${apiPort}${request.url}`, {
        method: request.method,
        headers,
        body: request.method === "POST" ? body : undefined,
      });
      answer = Buffer.from(await upstream.arrayBuffer());
    } catch {
      if (!response.headersSent) response.writeHead(502, cors);
      response.end();
      return;
    }
    if (mode === "lose") {
      response.socket.destroy(); // the API applied it; the answer never arrives
      return;
    }
    const out = Object.fromEntries(upstream.headers);
    delete out["content-length"];
    delete out["content-encoding"];
    delete out["transfer-encoding"];
    response.writeHead(upstream.status, out);
    if (mode === "stall") {
      response.write(answer.subarray(0, Math.floor(answer.length / 2)));
      return; // never finished
    }
    response.end(answer);
  });
});
await new Promise((r) => proxyServer.listen(proxyPort, "127.0.0.1", r));

function pageUrl(tokenValue, api = API) {
  const params = new URLSearchParams({ api, backoff: "100", retry: "500" });
  if (tokenValue) params.set("token", tokenValue);
  return `${PAGE_ORIGIN}/#${params}`;
}

const status = (page) => page.getByTestId("sync-status").textContent();
async function waitStatus(page, wanted) {
  await until(`sync-status ${wanted}`, async () => {
    const text = await status(page);
    if (typeof wanted === "string" ? text === wanted : wanted.test(text)) return text;
    throw new Error(`status is "${text}"`);
  });
}
async function lines(page) {
  return page.getByTestId("cart-line").evaluateAll((items) =>
    Object.fromEntries(items.map((li) => [li.dataset.serviceId, Number(li.querySelector('[data-testid="line-quantity"]').textContent)])),
  );
}
async function open(context, tokenValue, api = API) {
  const page = await context.newPage();
  page.on("pageerror", (error) => console.error("page error:", error.message));
  page.on("console", (message) => {
    if (message.type() === "warning") console.error("page warning:", message.text());
  });
  await page.goto(pageUrl(tokenValue, api));
  await page.getByTestId("service-list").locator("button").first().waitFor();
  return page;
}
async function serviceIds(page) {
  return page.getByTestId("service-list").locator("button").evaluateAll((buttons) => buttons.map((b) => b.dataset.testid.slice(4)));
}

/** Milliseconds until `selector` is on `page` (checked every frame), failing after `limitMs`. */
async function shownWithin(page, selector, limitMs, what) {
  const began = Date.now();
  await page.waitForFunction((s) => document.querySelector(s) !== null, selector, { timeout: limitMs, polling: "raf" }).catch(() => {
    throw new Error(`${what}: not shown within ${limitMs} ms`);
  });
  return Date.now() - began;
}

/** The page's HTTP requests to the API from now on (a WebSocket's frames are not requests). */
function apiRequests(page) {
  const seen = [];
  page.on("request", (request) => {
    if (request.url().includes("/graphql")) seen.push(`${request.method()} ${request.headers().accept ?? ""}`);
  });
  return seen;
}

const LIVE_LIMIT_MS = 1000;

// ---- scenarios ----
const scenarios = {
  async "another device's change is pushed: on screen within a second, with no polling"(browser) {
    const t = token("e2e-live");
    const a = await browser.newContext();
    const b = await browser.newContext();
    const writer = await open(a, t);
    const reader = await open(b, t);
    await waitStatus(reader, "synced");
    await until("the reader's live connection", async () => (await reader.getByTestId("live-status").textContent()) === "websocket");
    await new Promise((r) => setTimeout(r, 500)); // the catch-up read made on connecting is done
    const requests = apiRequests(reader);
    const [s1, s2] = await serviceIds(writer);
    const line = (id) => `[data-testid="cart-line"][data-service-id="${id}"]`;
    await writer.getByTestId(`add-${s1}`).click();
    const cartMs = await shownWithin(reader, line(s1), LIVE_LIMIT_MS, "the other device's new line");
    // A plan made on the writer (a checkout empties the cart into one) shows on the reader too.
    await waitStatus(writer, "synced");
    await writer.getByTestId("checkout").click();
    const planMs = await shownWithin(reader, '[data-testid="plan"]', LIVE_LIMIT_MS, "the other device's new plan");
    await until("the reader's emptied cart", async () => JSON.stringify(await lines(reader)) === "{}");
    assertEqual(requests, [], "the reader's requests to the API while it was told of the changes");

    // Where a proxy refuses WebSockets, the kit listens over server-sent events instead.
    let blocked = true;
    const c = await browser.newContext();
    await c.routeWebSocket(/\/graphql/, (ws) => (blocked ? ws.close({ code: 1008, reason: "no WebSockets here" }) : ws.connectToServer()));
    const sse = await open(c, t);
    await until("the SSE fallback", async () => (await sse.getByTestId("live-status").textContent()) === "sse");
    await new Promise((r) => setTimeout(r, 500));
    const sseRequests = apiRequests(sse);
    await writer.getByTestId(`add-${s2}`).click();
    const sseMs = await shownWithin(sse, line(s2), LIVE_LIMIT_MS, "the new line, over SSE");
    assertEqual(sseRequests, [], "the SSE reader's requests to the API while it was told of the change");

    // Neither possible: the kit polls, and goes back to pushes once they work again.
    const d = await browser.newContext();
    await d.routeWebSocket(/\/graphql/, (ws) => (blocked ? ws.close({ code: 1008, reason: "no WebSockets here" }) : ws.connectToServer()));
    await d.route("**/graphql", (route) =>
      blocked && (route.request().headers().accept ?? "").includes("text/event-stream")
        ? route.fulfill({ status: 502, contentType: "text/html", body: "<h1>502 Bad Gateway</h1>" })
        : route.continue(),
    );
    const polling = await open(d, t);
    await until("polling", async () => (await polling.getByTestId("live-status").textContent()) === "polling");
    await waitStatus(polling, "synced");
    blocked = false;
    await until("pushes again", async () => (await polling.getByTestId("live-status").textContent()) === "websocket");
    await writer.locator(line(s2)).getByTestId("line-inc").click();
    await until("the pushed change", async () => (await lines(polling))[s2] === 2, 2 * LIVE_LIMIT_MS);
    console.log(`  pushed to another device in ${cartMs} ms (cart), ${planMs} ms (plan), ${sseMs} ms (over SSE)`);
    for (const context of [a, b, c, d]) await context.close();
  },

  async "offline edits survive a reload and reach another device"(browser) {
    const t = token("e2e-devices");
    const a = await browser.newContext();
    const page = await open(a, t);
    const [s1, s2] = await serviceIds(page);
    await page.getByTestId(`add-${s1}`).click();
    await page.getByTestId(`add-${s1}`).click();
    await page.getByTestId(`add-${s2}`).click();
    await waitStatus(page, "synced");
    await until("both lines", async () => JSON.stringify(await lines(page)) === JSON.stringify({ [s1]: 2, [s2]: 1 }));
    // The page's own files are cached by its service worker, so it can reload offline.
    await page.locator('html[data-offline-ready="true"]').waitFor();
    await a.setOffline(true);
    await waitStatus(page, "offline");
    const first = page.locator(`[data-testid="cart-line"][data-service-id="${s1}"]`);
    await first.getByTestId("line-inc").click();
    await page.locator(`[data-testid="cart-line"][data-service-id="${s2}"]`).getByTestId("line-remove").click();
    await until("the optimistic cart while offline", async () => JSON.stringify(await lines(page)) === JSON.stringify({ [s1]: 3 }));
    // Reload while still offline: the page comes from its service worker, the queue from IndexedDB.
    await page.reload();
    await until("the queued cart after reload", async () => JSON.stringify(await lines(page)) === JSON.stringify({ [s1]: 3 }));
    await waitStatus(page, "offline");
    assertEqual(await serverCart(t), { [s1]: 2, [s2]: 1 }, "server cart before reconnecting");
    await a.setOffline(false);
    await waitStatus(page, "synced");
    assertEqual(await serverCart(t), { [s1]: 3 }, "server cart after reconnecting");
    const b = await browser.newContext();
    const other = await open(b, t);
    await until("device B's cart", async () => JSON.stringify(await lines(other)) === JSON.stringify({ [s1]: 3 }));
    await a.close();
    await b.close();
  },

  async "two tabs coming online together apply each queued change once"(browser) {
    const t = token("e2e-tabs");
    const context = await browser.newContext();
    const one = await open(context, t);
    const [s1] = await serviceIds(one);
    await one.getByTestId(`add-${s1}`).click();
    await waitStatus(one, "synced");
    const two = await open(context, t);
    await until("tab two sees the line", async () => (await lines(two))[s1] === 1);
    await context.setOffline(true);
    await waitStatus(one, "offline");
    const line = (page) => page.locator(`[data-testid="cart-line"][data-service-id="${s1}"]`).getByTestId("line-inc");
    await line(one).click();
    await until("tab two sees the queued change", async () => (await lines(two))[s1] === 2);
    await line(two).click();
    await until("tab one sees tab two's change", async () => (await lines(one))[s1] === 3);
    await line(one).click();
    await until("both tabs show 4", async () => (await lines(one))[s1] === 4 && (await lines(two))[s1] === 4);
    await context.setOffline(false);
    await waitStatus(one, "synced");
    await waitStatus(two, "synced");
    assertEqual(await serverCart(t), { [s1]: 4 }, "server cart after both tabs came online");
    // A second replay of the same queue would show up as version conflicts reported to the app.
    assertEqual([await one.getByTestId("report").count(), await two.getByTestId("report").count()], [0, 0], "reports");
    await context.close();
  },

  async "a guest cart and plan move to the traveler once, even when sign-in repeats"(browser) {
    const t = token("e2e-guest");
    const context = await browser.newContext();
    const guest = await open(context, null);
    const [s1, s2] = await serviceIds(guest);
    await guest.getByTestId(`add-${s1}`).click();
    await guest.getByTestId("checkout").click();
    await until("a guest plan", async () => (await guest.getByTestId("plan").count()) === 1);
    await guest.getByTestId(`add-${s2}`).click();
    await guest.getByTestId(`add-${s2}`).click();
    const saved = await guest.evaluate(
      () =>
        new Promise((resolve) => {
          const open = indexedDB.open("travel-client", 1);
          open.onsuccess = () => {
            const get = open.result.transaction("kv").objectStore("kv").get("guest/server");
            get.onsuccess = () => resolve(get.result);
          };
        }),
    );
    if (!saved || saved.cart.items.length !== 1) throw new Error("the guest copy was not stored");
    const signIn = async () => {
      await guest.goto(pageUrl(t));
      await guest.reload();
      await waitStatus(guest, "synced");
    };
    await signIn();
    const plans = async () => (await gql(t, "query E2EPlans { journeyPlans(first: 20) { edges { node { id } } } }")).journeyPlans.edges.length;
    assertEqual(await serverCart(t), { [s2]: 2 }, "cart after sign-in");
    assertEqual(await plans(), 1, "plans after sign-in");
    // The guest copy comes back (as after a crash between queueing and clearing it): sign in again.
    await guest.evaluate(
      (value) =>
        new Promise((resolve) => {
          const open = indexedDB.open("travel-client", 1);
          open.onsuccess = () => {
            const tx = open.result.transaction("kv", "readwrite");
            tx.objectStore("kv").put(value, "guest/server");
            tx.oncomplete = () => resolve(true);
          };
        }),
      saved,
    );
    await guest.goto(pageUrl(null));
    await guest.reload();
    await until("the guest copy is back", async () => (await lines(guest))[s2] === 2);
    await signIn();
    assertEqual(await serverCart(t), { [s2]: 2 }, "cart after repeated sign-in");
    assertEqual(await plans(), 1, "plans after repeated sign-in");
    await context.close();
  },

  async "a write made while the API is down lands once it is back"(browser) {
    const t = token("e2e-outage");
    const context = await browser.newContext();
    const page = await open(context, t);
    const [s1] = await serviceIds(page);
    await page.getByTestId(`add-${s1}`).click();
    await waitStatus(page, "synced");
    await stopApi();
    await page.getByTestId(`add-${s1}`).click();
    await waitStatus(page, /offline|pending 1/);
    await until("offline after the retries", async () => (await status(page)) === "offline");
    await until("the optimistic cart while the API is down", async () => (await lines(page))[s1] === 2);
    await startApi();
    await waitStatus(page, "synced");
    assertEqual(await serverCart(t), { [s1]: 2 }, "server cart after the API came back");
    await context.close();
  },

  async "through a failing proxy, every queued write reaches the server exactly once"(browser) {
    const t = token("e2e-proxy");
    const context = await browser.newContext();
    const page = await open(context, t, PROXY);
    const [s1, s2, s3] = await serviceIds(page);
    await waitStatus(page, "synced");
    // A deploy: the proxy answers with its own HTML pages, 404, then 403, then 200.
    for (const mode of ["html404", "html403", "html200"]) {
      proxy.mode = mode;
      proxy.once = false;
      const before = proxy.posts;
      await page.getByTestId(`add-${s1}`).click();
      await until(`${mode} answered`, async () => proxy.posts > before);
      await until("the queue parked", async () => /offline|pending/.test(await status(page)));
    }
    await page.getByTestId(`add-${s2}`).click();
    await page.getByTestId(`add-${s2}`).click();
    assertEqual(await page.getByTestId("report").count(), 0, "reports while the proxy misbehaved");
    await until("five queued writes shown", async () => JSON.stringify(await lines(page)) === JSON.stringify({ [s1]: 3, [s2]: 2 }));
    assertEqual(await serverCart(t), {}, "server cart while the proxy misbehaved");
    // The API comes back, but the first answer is lost after the API applied the batch.
    proxy.mode = "lose";
    proxy.once = true;
    await waitStatus(page, "synced");
    assertEqual(await serverCart(t), { [s1]: 3, [s2]: 2 }, "server cart after a lost answer");
    // A body that stalls halfway: the attempt is abandoned and retried.
    proxy.mode = "stall";
    proxy.once = true;
    const stalledBefore = proxy.posts;
    await page.getByTestId(`add-${s3}`).click();
    await until("the stalled attempt and its retry", async () => proxy.posts >= stalledBefore + 2);
    await waitStatus(page, "synced");
    assertEqual(await serverCart(t), { [s1]: 3, [s2]: 2, [s3]: 1 }, "server cart after a stalled answer");
    assertEqual(await page.getByTestId("report").count(), 0, "reports");
    await context.close();
  },

  async "two travelers in one browser keep their carts apart"(browser) {
    const alice = token("e2e-alice");
    const bob = token("e2e-bob");
    const context = await browser.newContext();
    const page = await open(context, alice);
    const [s1, s2] = await serviceIds(page);
    await page.getByTestId(`add-${s1}`).click();
    await until("alice's first write on the server", async () => JSON.stringify(await serverCart(alice)) === JSON.stringify({ [s1]: 1 }));
    // Bob signs in on the same page (a new token, no reload) while a write of Alice's is queued.
    await context.setOffline(true);
    await waitStatus(page, "offline");
    await page.getByTestId(`add-${s1}`).click();
    await page.evaluate((url) => (window.location.hash = new URL(url).hash), pageUrl(bob));
    await until("bob's empty cart", async () => JSON.stringify(await lines(page)) === "{}");
    await context.setOffline(false);
    await page.getByTestId(`add-${s2}`).click();
    await until("bob's write on the server", async () => JSON.stringify(await serverCart(bob)) === JSON.stringify({ [s2]: 1 }));
    assertEqual(await serverCart(alice), { [s1]: 1 }, "alice's cart while she is away");
    // Alice comes back: her queued write goes with her own token.
    await page.evaluate((url) => (window.location.hash = new URL(url).hash), pageUrl(alice));
    await until("alice's cart with her queued write", async () => JSON.stringify(await lines(page)) === JSON.stringify({ [s1]: 2 }));
    await until("alice's queued write on the server", async () => JSON.stringify(await serverCart(alice)) === JSON.stringify({ [s1]: 2 }));
    await waitStatus(page, "synced");
    assertEqual(await serverCart(bob), { [s2]: 1 }, "bob's cart after alice's queue ran");
    await context.close();
  },

  async "with IndexedDB failing to open the page works, and says changes are in memory only"(browser) {
    const t = token("e2e-no-idb");
    const context = await browser.newContext();
    await context.addInitScript(() => {
      const failing = {
        open() {
          const request = { error: new DOMException("private mode", "InvalidStateError") };
          setTimeout(() => request.onerror?.(new Event("error")), 0);
          return request;
        },
      };
      Object.defineProperty(window, "indexedDB", { value: failing, configurable: true });
      // localStorage refusing writes too (as a full or disabled storage does).
      Storage.prototype.setItem = () => {
        throw new DOMException("quota", "QuotaExceededError");
      };
    });
    const page = await open(context, t);
    const [s1] = await serviceIds(page);
    await page.getByTestId(`add-${s1}`).click();
    await until("the write on the server", async () => JSON.stringify(await serverCart(t)) === JSON.stringify({ [s1]: 1 }));
    await page.getByTestId("not-durable").waitFor();
    await context.close();
  },

  async "a line shows the warning of a catalog change"(browser) {
    const t = token("e2e-warnings");
    const context = await browser.newContext();
    const page = await open(context, t);
    const [s1] = await serviceIds(page);
    await page.getByTestId(`add-${s1}`).click();
    await waitStatus(page, "synced");
    // The catalog's owner raises the price in the database; the page's next read shows it.
    catalogChange(s1, { $inc: { "price.amount_minor": 700 } });
    await page.reload();
    const warning = page.locator(`[data-testid="cart-line"][data-service-id="${s1}"] [data-testid="line-warning"]`);
    await warning.waitFor();
    assertEqual(await warning.getAttribute("data-code"), "PRICE_CHANGED", "the line's warning");
    await context.close();
  },

  async "GraphiQL loads from the API alone, keeps the pasted Authorization header, and subscribes"(browser) {
    const t = token("e2e-graphiql");
    const context = await browser.newContext();
    // Nothing but the API's own origin answers: no CDN.
    await context.route((url) => !url.href.startsWith(`http://127.0.0.1:${apiPort}/`), (route) => route.abort());
    const page = await context.newPage();
    const ide = `http://127.0.0.1:${apiPort}/graphql`;
    await page.goto(ide);
    await page.locator(".graphiql-container").waitFor();
    // What the headers editor persists, as if the token had been pasted there.
    await page.evaluate((value) => localStorage.setItem("graphiql:headers", value), JSON.stringify({ Authorization: `Bearer ${t}` }));
    await page.evaluate(() => localStorage.setItem("graphiql:query", "query Me { me { id } }"));
    await page.reload();
    await page.locator(".graphiql-execute-button").click();
    await until("the query's answer", async () => (await page.locator(".result-window").textContent()).includes('"e2e-graphiql"'));
    // A subscription runs there too (over SSE), and shows each change as it comes.
    await page.evaluate((value) => {
      localStorage.removeItem("graphiql:tabState"); // a fresh tab: the query and headers below
      localStorage.setItem("graphiql:headers", value);
      localStorage.setItem("graphiql:query", "subscription Live { cartChanged { totalQuantity } }");
    }, JSON.stringify({ Authorization: `Bearer ${t}` }));
    await page.reload();
    await page.locator(".graphiql-execute-button").click();
    const shown = async (n) => {
      const text = (await page.locator(".result-window").textContent()).replace(/\s/g, "");
      if (!text.includes(`"totalQuantity":${n}`)) throw new Error(`the result window shows ${text.slice(0, 300)}`);
      return true;
    };
    await until("the subscription's first event", () => shown(0));
    const { services } = await gql(t, "query E2EServices { services(first: 1) { edges { node { id } } } }");
    const input = { serviceId: services.edges[0].node.id, bookingDate: "2027-03-14", quantity: 2 };
    await gql(t, "mutation E2EAdd($input: CartItemAddInput!) { cartItemAdd(input: $input) { __typename } }", { input });
    await until("the change, pushed", () => shown(2), 5000);
    await context.close();
  },
};

// A fresh database: migrate and load the demo catalog.
execFileSync(API_BIN, ["seed-demo"], { env: apiEnv, stdio: ["ignore", "ignore", "inherit"] });
await startApi();
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
let failed = false;
try {
  for (const [name, run] of Object.entries(scenarios)) {
    if (only && !name.includes(only)) continue;
    const began = Date.now();
    try {
      await run(browser);
      console.log(`ok ${name} (${((Date.now() - began) / 1000).toFixed(1)} s)`);
    } catch (error) {
      failed = true;
      console.log(`FAILED ${name}: ${error.stack ?? error}`);
      break;
    }
  }
} finally {
  await browser.close();
  await stopApi().catch(() => undefined);
  pages.close();
  proxyServer.close();
}
process.exit(failed ? 1 : 0);
