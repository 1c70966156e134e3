import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { AddToCart, App, CartBadge } from "./App.tsx";

// The test opens #api=<url>&token=<jwt>&service=<id>&date=<yyyy-mm-dd>.
const settings = new URLSearchParams(window.location.hash.slice(1));
const session = { token: settings.get("token"), refresh: async () => null };

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App apiUrl={settings.get("api") ?? "/graphql"} session={session}>
      <CartBadge />
      <AddToCart serviceId={settings.get("service") ?? ""} bookingDate={settings.get("date") ?? ""} />
    </App>
  </StrictMode>,
);
