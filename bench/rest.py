"""The REST baselines: the same repository calls and the same JSON as the GraphQL cases, served
by plain FastAPI endpoints, (a) returning dicts, (b) through pydantic response models."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from fastapi import FastAPI, Header, HTTPException, Request
from pydantic import BaseModel

from graphql_api.app.settings import Settings
from graphql_api.domains.cart.models import NewLine
from graphql_api.domains.cart.service import AddRequest
from graphql_api.domains.cart.wiring import cart_service
from graphql_api.domains.catalog.models import Service
from graphql_api.domains.catalog.warnings import line_warnings
from graphql_api.domains.catalog.wiring import services_by_id
from graphql_api.domains.journeys.wiring import plan_service
from graphql_api.graphql.auth import TokenVerifier, Traveler, bearer_token
from graphql_api.graphql.context import Context
from graphql_api.graphql.pagination import encode_cursor
from graphql_api.infra.mongo import Mongo
from graphql_api.kernel import clock
from graphql_api.kernel.money import MoneyValue


def money(value: MoneyValue) -> dict[str, str]:
    return {"amount": str(value.amount), "currencyCode": value.currency}


async def cart_json(context: Context) -> dict[str, Any]:
    cart = await context.service(cart_service).cart()
    services: list[Service | None] = await context.service(services_by_id).load_many(
        [line.service_id for line in cart.lines]
    )
    items = []
    every_warning: list[dict[str, str]] = []
    today = clock.today()
    sums: dict[str, int] = defaultdict(int)
    for line, service in zip(cart.lines, services, strict=True):
        warnings = [
            {"code": w.code.value, "message": w.message}
            for w in line_warnings(*line.terms(), service, today)
        ]
        every_warning += warnings
        if service is not None and service.bookable:
            sums[service.price.currency] += service.price.amount_minor * line.quantity
        items.append(
            {
                "id": str(line.id),
                "serviceId": line.service_id,
                "quantity": line.quantity,
                "bookingDate": line.booking_date.isoformat(),
                "participants": line.participants,
                "specialRequests": line.special_requests,
                "version": line.version,
                "available": service is not None and service.bookable,
                "unitPrice": money(service.price) if service else None,
                "subtotal": money(service.price.times(line.quantity)) if service else None,
                "service": {"id": str(service.id), "name": service.name} if service else None,
                "acceptedUnitPrice": money(line.accepted_price) if line.accepted_price else None,
                "warnings": warnings,
            }
        )
    return {
        "id": cart.id,
        "revision": cart.version,
        "itemCount": len(cart.lines),
        "totalQuantity": cart.total_quantity,
        "updatedAt": cart.updated_at.isoformat() if cart.updated_at else None,
        "subtotals": [money(MoneyValue(sums[c], c)) for c in sorted(sums)],
        "warnings": every_warning,
        "items": items,
    }


async def plans_json(context: Context) -> dict[str, Any]:
    plans = await context.service(plan_service).page(None, None, 21)
    edges = []
    for plan in plans[:20]:
        node = {
            "id": str(plan.id),
            "title": plan.content.details.title,
            "country": plan.content.details.country,
            "status": plan.status.value,
            "version": plan.version,
            "totalCost": money(plan.total_cost),
            "services": [
                {
                    "serviceId": item.service_id,
                    "bookingDate": item.booking_date.isoformat() if item.booking_date else None,
                    "quantity": item.quantity,
                    "unitPrice": money(item.unit_price),
                    "subtotal": money(item.subtotal),
                }
                for item in plan.content.services
            ],
        }
        cursor = encode_cursor("journeyPlan", [plan.created_at.isoformat(), str(plan.id)])
        edges.append({"cursor": cursor, "node": node})
    return {
        "edges": edges,
        "pageInfo": {
            "hasNextPage": len(plans) > 20,
            "endCursor": edges[-1]["cursor"] if edges else None,
        },
    }


async def add_json(context: Context, body: dict[str, Any]) -> dict[str, Any]:
    line = body["input"]
    outcome = await context.service(cart_service).add(
        AddRequest(
            line=NewLine(
                service_id=line["serviceId"],
                booking_date=date.fromisoformat(line["bookingDate"]),
                quantity=line.get("quantity", 1),
                participants=line.get("participants", 1),
                special_requests=None,
            ),
            idempotency_key=None,
        )
    )
    cart = outcome.cart
    return {
        "__typename": "CartItemAddSuccess",
        "cartItem": {
            "id": str(outcome.line.id),
            "quantity": outcome.line.quantity,
            "version": outcome.line.version,
        },
        "cart": {
            "itemCount": len(cart.lines),
            "totalQuantity": cart.total_quantity,
            "revision": cart.version,
        },
    }


class MoneyModel(BaseModel):
    amount: str
    currencyCode: str  # noqa: N815 - the JSON's own name


class ServiceRef(BaseModel):
    id: str
    name: str


class WarningModel(BaseModel):
    code: str
    message: str


class CartLineModel(BaseModel):
    id: str
    serviceId: str  # noqa: N815
    quantity: int
    bookingDate: str  # noqa: N815
    participants: int
    specialRequests: str | None  # noqa: N815
    version: int
    available: bool
    unitPrice: MoneyModel | None  # noqa: N815
    subtotal: MoneyModel | None
    service: ServiceRef | None
    acceptedUnitPrice: MoneyModel | None  # noqa: N815
    warnings: list[WarningModel]


class CartModel(BaseModel):
    id: str
    revision: int
    itemCount: int  # noqa: N815
    totalQuantity: int  # noqa: N815
    updatedAt: str | None  # noqa: N815
    subtotals: list[MoneyModel]
    warnings: list[WarningModel]
    items: list[CartLineModel]


class PlannedModel(BaseModel):
    serviceId: str  # noqa: N815
    bookingDate: str | None  # noqa: N815
    quantity: int
    unitPrice: MoneyModel  # noqa: N815
    subtotal: MoneyModel


class PlanModel(BaseModel):
    id: str
    title: str | None
    country: str
    status: str
    version: int
    totalCost: MoneyModel  # noqa: N815
    services: list[PlannedModel]


class EdgeModel(BaseModel):
    cursor: str
    node: PlanModel


class PageInfoModel(BaseModel):
    hasNextPage: bool  # noqa: N815
    endCursor: str | None  # noqa: N815


class PlansModel(BaseModel):
    edges: list[EdgeModel]
    pageInfo: PageInfoModel  # noqa: N815


class CartEnvelope(BaseModel):
    cart: CartModel


class PlansEnvelope(BaseModel):
    journeyPlans: PlansModel  # noqa: N815


def create_rest_app(config: Settings, mongo: Mongo, *, models: bool) -> FastAPI:
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    verifier = TokenVerifier(config)

    async def context_for(request: Request, authorization: str | None) -> Context:
        token = bearer_token(authorization)
        traveler: Traveler | None = await verifier.verify(token) if token else None
        if traveler is None:
            raise HTTPException(401)
        return Context(db=mongo.db, settings=config, traveler=traveler, request_id="-")

    if models:

        @app.get("/cart", response_model=CartEnvelope)
        async def cart_models(
            request: Request, authorization: str | None = Header(None)
        ) -> dict[str, Any]:
            return {"cart": await cart_json(await context_for(request, authorization))}

        @app.get("/plans", response_model=PlansEnvelope)
        async def plans_models(
            request: Request, authorization: str | None = Header(None)
        ) -> dict[str, Any]:
            return {"journeyPlans": await plans_json(await context_for(request, authorization))}

    else:

        @app.get("/cart")
        async def cart_plain(
            request: Request, authorization: str | None = Header(None)
        ) -> dict[str, Any]:
            return {"cart": await cart_json(await context_for(request, authorization))}

        @app.get("/plans")
        async def plans_plain(
            request: Request, authorization: str | None = Header(None)
        ) -> dict[str, Any]:
            return {"journeyPlans": await plans_json(await context_for(request, authorization))}

    @app.post("/cart/items")
    async def add(request: Request, authorization: str | None = Header(None)) -> dict[str, Any]:
        body = await request.json()
        return {"cartItemAdd": await add_json(await context_for(request, authorization), body)}

    return app
