import { StrictMode, useEffect, useMemo, useState } from "react";
import { createRoot } from "react-dom/client";
// The demo imports the kit as an app does (vite.config.ts and tsconfig.json map the names to src/).
import { createTransport, type SyncReport } from "@travel/web-client";
import { ServiceListDocument, type ServiceListQuery } from "@travel/web-client/operations";
import { connectLive } from "@travel/web-client/live";
import { CartProvider, JourneyPlanProvider, TravelSyncProvider, useCart, useJourneyPlans, useTravelSync } from "@travel/web-client/react";

type Service = ServiceListQuery["services"]["edges"][number]["node"];

// Settings come from the URL fragment: #token=...&api=http://host:port/graphql&backoff=100
const fragment = new URLSearchParams(window.location.hash.slice(1));
const API = fragment.get("api") ?? "http://127.0.0.1:8000/graphql";
const TOKEN = fragment.get("token");
// Another traveler signs in on this page: a new token in the fragment, without a reload.
function useToken(): string | null {
  const [token, setToken] = useState(TOKEN);
  useEffect(() => {
    const changed = () => setToken(new URLSearchParams(window.location.hash.slice(1)).get("token"));
    window.addEventListener("hashchange", changed);
    return () => window.removeEventListener("hashchange", changed);
  }, []);
  return token;
}
const BACKOFF = fragment.get("backoff");
const RETRY = fragment.get("retry");
const transportOptions = BACKOFF ? { backoffMs: [Number(BACKOFF), Number(BACKOFF) * 2, Number(BACKOFF) * 4], timeoutMs: 3000 } : {};
const CATALOG_KEY = "travel-demo-catalog";

function useCatalog(): Service[] {
  const [services, setServices] = useState<Service[]>(() => JSON.parse(localStorage.getItem(CATALOG_KEY) ?? "[]"));
  useEffect(() => {
    const transport = createTransport({ url: API, ...transportOptions });
    transport
      .request(ServiceListDocument, { first: 20, after: null })
      .then((data) => {
        const found = data.services.edges.map((e) => e.node);
        setServices(found);
        try {
          localStorage.setItem(CATALOG_KEY, JSON.stringify(found));
        } catch {
          // storage refused (full, or a private mode): the catalog is fetched again next time
        }
      })
      .catch(() => undefined); // offline: the stored catalog stays
  }, []);
  return services;
}

function SyncStatus() {
  const cart = useCart();
  const { live } = useTravelSync();
  let text: string;
  if (cart.status === "error") text = `error: ${cart.error}`;
  else if (cart.status === "offline") text = "offline";
  else if (cart.pending > 0) text = `pending ${cart.pending}`;
  else if (cart.status === "loading") text = "loading";
  else text = "synced";
  return (
    <p>
      Sync: <span data-testid="sync-status">{text}</span> (other devices: <span data-testid="live-status">{live}</span>)
      {cart.status === "offline" && cart.pending > 0 ? <span data-testid="pending-count"> ({cart.pending} queued)</span> : null}
      {cart.durable ? null : <span data-testid="not-durable"> (changes are kept in memory only)</span>}
    </p>
  );
}

function Services({ services, date }: { services: Service[]; date: string }) {
  const cart = useCart();
  return (
    <ul data-testid="service-list">
      {services.map((s) => (
        <li key={s.id}>
          {s.name} ({s.price.amount} {s.price.currencyCode}){" "}
          <button data-testid={`add-${s.id}`} onClick={() => void cart.add({ serviceId: s.id, bookingDate: date })}>
            Add
          </button>
        </li>
      ))}
    </ul>
  );
}

function Cart({ services }: { services: Service[] }) {
  const cart = useCart();
  const country = services.find((s) => s.id === cart.items[0]?.serviceId)?.location.country ?? "Italy";
  return (
    <section>
      <h2>
        Cart: <span data-testid="cart-total-quantity">{cart.totals.totalQuantity}</span> items
      </h2>
      <ul data-testid="cart">
        {cart.items.map((line) => (
          <li key={line.id} data-testid="cart-line" data-service-id={line.serviceId}>
            {line.service?.name ?? line.serviceId} on {line.bookingDate}: <span data-testid="line-quantity">{line.quantity}</span>{" "}
            <button data-testid="line-inc" onClick={() => void cart.update(line.id, { quantity: line.quantity + 1 })}>
              +
            </button>
            <button
              data-testid="line-dec"
              onClick={() => void (line.quantity > 1 ? cart.update(line.id, { quantity: line.quantity - 1 }) : cart.remove(line.id))}
            >
              −
            </button>
            <button data-testid="line-remove" onClick={() => void cart.remove(line.id)}>
              Remove
            </button>
            {line.warnings.map((w) => (
              // Any code, also one this page does not know yet, is shown: its message says what to do.
              <span key={w.code} data-testid="line-warning" data-code={w.code}>
                {" "}
                ⚠ {w.message}
              </span>
            ))}
          </li>
        ))}
      </ul>
      <p>{cart.totals.subtotals.map((m) => `${m.amount} ${m.currencyCode}`).join(" + ") || "—"}</p>
      <button data-testid="checkout" disabled={cart.items.length === 0} onClick={() => void cart.checkout({ country, title: "Demo trip" })}>
        Check out
      </button>
    </section>
  );
}

function Plans() {
  const { plans } = useJourneyPlans();
  return (
    <section>
      <h2>Journey plans</h2>
      <ul data-testid="plans">
        {plans.map((p) => (
          <li key={p.id} data-testid="plan">
            {p.title ?? p.country}: <span data-testid="plan-status">{p.status}</span> ({p.totalCost.amount} {p.totalCost.currencyCode})
          </li>
        ))}
      </ul>
    </section>
  );
}

function App() {
  const services = useCatalog();
  const token = useToken();
  const [date, setDate] = useState("2027-03-14");
  const [reports, setReports] = useState<SyncReport[]>([]);
  const catalog = useMemo(() => {
    const byId = new Map(services.map((s) => [s.id, s]));
    return (id: string) => byId.get(id);
  }, [services]);
  return (
    <TravelSyncProvider
      url={API}
      token={token}
      catalog={catalog}
      live={connectLive}
      retryIntervalMs={RETRY ? Number(RETRY) : undefined} transport={transportOptions} onReport={(r) => setReports((all) => [...all, r])}>
      <CartProvider>
        <JourneyPlanProvider>
          <h1>Travel cart demo {token ? "" : "(guest)"}</h1>
          <SyncStatus />
          <label>
            Date <input data-testid="booking-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
          </label>
          <Services services={services} date={date} />
          <Cart services={services} />
          <Plans />
          <ul data-testid="reports">
            {reports.map((r, i) => (
              <li key={i} data-testid="report">
                {r.kind}: {r.message}
              </li>
            ))}
          </ul>
        </JourneyPlanProvider>
      </CartProvider>
    </TravelSyncProvider>
  );
}

// Keep the page's own files for offline reloads: the service worker serves them when the network
// is gone; the page stores what it was loaded with, since that happened before the worker ran.
if ("serviceWorker" in navigator) {
  void navigator.serviceWorker.register("/sw.js").then(async () => {
    await navigator.serviceWorker.ready;
    const own = performance
      .getEntriesByType("resource")
      .map((entry) => entry.name)
      .filter((url) => url.startsWith(window.location.origin) && !url.includes("/graphql"));
    const cache = await caches.open("travel-demo-shell");
    // One by one: a resource that cannot be fetched again must not keep the others out.
    const results = await Promise.allSettled(own.map((url) => cache.add(url)));
    results.forEach((result, i) => {
      if (result.status === "rejected") console.warn(`not kept for offline use: ${own[i]}`);
    });
    await cache.add(window.location.pathname);
    document.documentElement.dataset.offlineReady = "true";
  });
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
