"use client";
// The React layer: providers and hooks over the core (imports it as `@travel/web-client/react`).
export { TravelSyncProvider, useTravelSync, type TravelSyncProps } from "./TravelSyncProvider.js";
export { CartProvider, useCart, type CartValue } from "./cart.js";
export { JourneyPlanProvider, useJourneyPlans, type JourneyPlansValue } from "./plans.js";
