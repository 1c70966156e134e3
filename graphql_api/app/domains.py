"""The domains the API is made of, by their parts of Query, Mutation and Subscription, in schema
order.

A new domain is its folder under domains/, a line here, its migration, and the regenerated
schema.graphql.
"""

from __future__ import annotations

from graphql_api.domains.cart.mutations import CartMutation
from graphql_api.domains.cart.queries import CartQuery
from graphql_api.domains.cart.subscriptions import CartSubscription
from graphql_api.domains.catalog.queries import CatalogQuery
from graphql_api.domains.journeys.mutations import JourneyPlanMutation
from graphql_api.domains.journeys.queries import JourneyPlanQuery
from graphql_api.domains.journeys.subscriptions import JourneyPlanSubscription
from graphql_api.domains.traveler import TravelerQuery

QUERIES: tuple[type, ...] = (CatalogQuery, TravelerQuery, CartQuery, JourneyPlanQuery)
MUTATIONS: tuple[type, ...] = (CartMutation, JourneyPlanMutation)
SUBSCRIPTIONS: tuple[type, ...] = (CartSubscription, JourneyPlanSubscription)
