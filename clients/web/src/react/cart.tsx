"use client";
import { createContext, useContext, useMemo, type ReactNode } from "react";
import type { CartItemChanges, NewCartItem } from "../core/facade.js";
import type { Money } from "../core/money.js";
import type { CartLine } from "../core/model.js";
import type { Outcome, SyncStatus } from "../core/sync.js";
import type { CartCheckoutInput } from "../generated/graphql.js";
import { useTravelSync } from "./TravelSyncProvider.js";

export interface CartValue {
  items: CartLine[];
  totals: { itemCount: number; totalQuantity: number; subtotals: Money[] };
  revision: number;
  /** loading: nothing known yet; offline: the API cannot be reached (changes are queued). */
  status: SyncStatus;
  /** Cart changes made on this device and not yet confirmed by the server. */
  pending: number;
  /** False when this device's storage failed: queued changes are lost if the page closes. */
  durable: boolean;
  error: string | null;
  guest: boolean;
  add(item: NewCartItem): Promise<Outcome>;
  update(id: string, changes: CartItemChanges): Promise<Outcome>;
  remove(id: string): Promise<Outcome>;
  clear(): Promise<Outcome>;
  checkout(input: Omit<CartCheckoutInput, "idempotencyKey">): Promise<Outcome>;
}

const CartContext = createContext<CartValue | null>(null);

/** The traveler's cart, optimistic and durable; inside a <TravelSyncProvider>. */
export function CartProvider({ children }: { children: ReactNode }) {
  const { snapshot, cartAPI } = useTravelSync();
  const value = useMemo<CartValue>(
    () => ({
      items: snapshot.cart.items,
      totals: { itemCount: snapshot.cart.itemCount, totalQuantity: snapshot.cart.totalQuantity, subtotals: snapshot.cart.subtotals },
      revision: snapshot.cart.revision,
      status: snapshot.status,
      pending: snapshot.pendingCart,
      durable: snapshot.durable,
      error: snapshot.error,
      guest: snapshot.guest,
      add: cartAPI.create,
      update: cartAPI.update,
      remove: cartAPI.delete,
      clear: cartAPI.clear,
      checkout: cartAPI.checkout,
    }),
    [snapshot, cartAPI],
  );
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): CartValue {
  const value = useContext(CartContext);
  if (!value) throw new Error("useCart needs a <CartProvider>");
  return value;
}
