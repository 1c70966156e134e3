"""A plan's content as requested, checked and priced from the catalog in exact minor units."""

from __future__ import annotations

import dataclasses
from typing import Any

from graphql_api.domains.catalog.models import Service, ServiceLookup, not_bookable
from graphql_api.domains.journeys.models import (
    MAX_COUNTRY,
    MAX_NOTES,
    MAX_PLACE,
    MAX_QUANTITY,
    MAX_SERVICES,
    MAX_TITLE,
    MAX_TRAVELERS,
    JourneyPlan,
    PlanContent,
    PlanDetails,
    PlanDraft,
    PlannedItem,
    PlannedServiceRequest,
)
from graphql_api.kernel.errors import IssueCollector
from graphql_api.kernel.money import MoneyValue
from graphql_api.kernel.text import check_storable, clean_text

# Text details: (limit, required).
TEXT_LIMITS = {
    "country": (MAX_COUNTRY, True),
    "title": (MAX_TITLE, False),
    "region": (MAX_PLACE, False),
    "district": (MAX_PLACE, False),
    "area": (MAX_PLACE, False),
    "notes": (MAX_NOTES, False),
}


def draft_of(plan: JourneyPlan) -> PlanDraft:
    """The plan's content as a request, to apply a partial update to."""
    return PlanDraft(
        plan.content.details,
        tuple(
            PlannedServiceRequest(item.service_id, item.booking_date, item.quantity)
            for item in plan.content.services
        ),
    )


def clean_details(details: PlanDetails, issues: IssueCollector) -> PlanDetails:
    cleaned: dict[str, Any] = {
        name: clean_text(getattr(details, name), (name,), issues, limit=limit, required=required)
        for name, (limit, required) in TEXT_LIMITS.items()
    }
    cleaned["country"] = cleaned["country"] or ""
    if not 1 <= details.travelers_count <= MAX_TRAVELERS:
        issues.add(("travelers_count",), f"must be between 1 and {MAX_TRAVELERS}")
    start, end = details.start_date, details.end_date
    if start is not None and end is not None and start > end:
        issues.add(("end_date",), "must not be before the start date")
    return dataclasses.replace(details, **cleaned)


async def price(
    services: ServiceLookup,
    default_currency: str,
    draft: PlanDraft,
    issues: IssueCollector | None = None,
) -> tuple[PlanContent, MoneyValue]:
    """Validate a requested content and price it from the catalog, in exact minor units;
    `issues` already found are reported together with these."""
    issues = issues if issues is not None else IssueCollector()
    details = clean_details(draft.details, issues)
    start, end = details.start_date, details.end_date
    requests = draft.services
    if len(requests) > MAX_SERVICES:
        issues.add(("services",), f"a plan holds at most {MAX_SERVICES} services")
        issues.raise_if_any()
    for index, request in enumerate(requests):
        path = ("services", str(index))
        check_storable(request.service_id, (*path, "service_id"), issues)
        if not 1 <= request.quantity <= MAX_QUANTITY:
            issues.add((*path, "quantity"), f"must be between 1 and {MAX_QUANTITY}")
        day = request.booking_date
        if day is not None and start is not None and end is not None and not start <= day <= end:
            issues.add(
                (*path, "booking_date"),
                f"must be within the plan's dates ({start.isoformat()}..{end.isoformat()})",
            )
    found = await services.load_many([r.service_id for r in requests])
    currencies = sorted({s.price.currency for s in found if s is not None and s.bookable})
    if len(currencies) > 1:
        issues.add(
            ("services",),
            f"all services of a plan must share one currency (found {', '.join(currencies)})",
        )
    issues.raise_if_any()
    items: list[PlannedItem] = []
    for request, service in zip(requests, found, strict=True):
        if service is None or not service.bookable:
            raise not_bookable(request.service_id, service)
        items.append(planned_item(request, service))
    currency = currencies[0] if currencies else default_currency
    total = MoneyValue(sum(item.subtotal.amount_minor for item in items), currency)
    content = PlanContent(details, tuple(items))
    return content, total


def planned_item(request: PlannedServiceRequest, service: Service) -> PlannedItem:
    return PlannedItem(
        service_id=str(service.id),
        booking_date=request.booking_date,
        quantity=request.quantity,
        unit_price=service.price,
    )
