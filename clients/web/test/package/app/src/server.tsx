import { renderToString } from "react-dom/server";
import { AddToCart, App, CartBadge } from "./App.tsx";

/** The README's app rendered on a server (no window, no storage): the providers must not need one. */
export function render(token: string | null): string {
  return renderToString(
    <App apiUrl="http://127.0.0.1:9/graphql" session={{ token, refresh: async () => null }}>
      <CartBadge />
      <AddToCart serviceId="svc" bookingDate="2027-03-14" />
    </App>,
  );
}
