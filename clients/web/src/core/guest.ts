/**
 * A guest's cart and plans, handed to the traveler who signs in: one cartMerge keyed by the
 * guest cart, and one journeyPlanCreate per plan keyed `import-<local id>`, so that signing in
 * twice (or a crash before the guest copy is deleted) adds nothing twice.
 */
import type { Operation, ServerCopy } from "./model.js";

const keyPart = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, "");

export function guestImports(guest: ServerCopy): Operation[] {
  const operations: Operation[] = [];
  const lines = guest.cart.items;
  if (lines.length > 0) {
    operations.push({
      op: "cartMerge",
      input: {
        idempotencyKey: `merge-${keyPart(guest.cart.id).slice(0, 56)}`,
        items: lines.map((l) => ({
          serviceId: l.serviceId,
          bookingDate: l.bookingDate,
          quantity: l.quantity,
          participants: l.participants,
          specialRequests: l.specialRequests ?? null,
        })),
      },
    });
  }
  for (const plan of guest.plans) {
    operations.push({
      op: "journeyPlanCreate",
      input: {
        idempotencyKey: `import-${keyPart(plan.id).slice(-50)}`,
        title: plan.title,
        country: plan.country,
        region: plan.region,
        district: plan.district,
        area: plan.area,
        travelersCount: plan.travelersCount,
        startDate: plan.startDate,
        endDate: plan.endDate,
        notes: plan.notes,
        services: plan.services.map((s) => ({ serviceId: s.serviceId, bookingDate: s.bookingDate, quantity: s.quantity })),
      },
    });
  }
  return operations;
}
