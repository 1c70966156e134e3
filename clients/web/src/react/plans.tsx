"use client";
import { createContext, useContext, useMemo, useState, type ReactNode } from "react";
import type { Plan } from "../core/model.js";
import type { Outcome, SyncStatus } from "../core/sync.js";
import type { JourneyPlanCreateInput, JourneyPlanStatus, JourneyPlanUpdateInput } from "../generated/graphql.js";
import { useTravelSync } from "./TravelSyncProvider.js";

export interface JourneyPlansValue {
  /** The current page, newest first. */
  plans: Plan[];
  /** Every plan this device knows. */
  all: Plan[];
  page: number;
  pageCount: number;
  setPage(page: number): void;
  status: SyncStatus;
  /** Plan changes made on this device and not yet confirmed by the server. */
  pending: number;
  create(plan: Omit<JourneyPlanCreateInput, "idempotencyKey">): Promise<Outcome>;
  update(id: string, changes: Omit<JourneyPlanUpdateInput, "id">): Promise<Outcome>;
  transition(id: string, to: JourneyPlanStatus): Promise<Outcome>;
  remove(id: string): Promise<Outcome>;
}

const PlansContext = createContext<JourneyPlansValue | null>(null);

/** The traveler's journey plans, paged on this device; inside a <TravelSyncProvider>. */
export function JourneyPlanProvider({ children, pageSize = 10 }: { children: ReactNode; pageSize?: number }) {
  const { snapshot, journeyPlansAPI } = useTravelSync();
  const [page, setPage] = useState(0);
  const value = useMemo<JourneyPlansValue>(() => {
    const all = [...snapshot.plans].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    const pageCount = Math.max(1, Math.ceil(all.length / pageSize));
    const current = Math.min(page, pageCount - 1);
    return {
      plans: all.slice(current * pageSize, (current + 1) * pageSize),
      all,
      page: current,
      pageCount,
      setPage,
      status: snapshot.status,
      pending: snapshot.pendingPlans,
      create: journeyPlansAPI.create,
      update: journeyPlansAPI.update,
      transition: journeyPlansAPI.transition,
      remove: journeyPlansAPI.delete,
    };
  }, [snapshot, journeyPlansAPI, page, pageSize]);
  return <PlansContext.Provider value={value}>{children}</PlansContext.Provider>;
}

export function useJourneyPlans(): JourneyPlansValue {
  const value = useContext(PlansContext);
  if (!value) throw new Error("useJourneyPlans needs a <JourneyPlanProvider>");
  return value;
}
