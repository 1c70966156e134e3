from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphql_api.domains.catalog.models import Category, Service
from graphql_api.domains.catalog.seed import demo_services
from tests.harness import Harness

SERVICE = """
query ($id: ID!) {
  service(id: $id) {
    id name category description active maxParticipants
    price { amount currencyCode }
    location { country region district area }
  }
}
"""

PAGE = """
query ($first: Int!, $after: String, $country: String, $region: String, $district: String,
       $area: String, $category: ServiceCategory) {
  services(first: $first, after: $after, country: $country, region: $region,
           district: $district, area: $area, category: $category) {
    edges { cursor node { id } }
    pageInfo { hasNextPage endCursor }
  }
}
"""

CATALOG = demo_services()


def walk(api: Harness, first: int, **filters: Any) -> list[str]:
    """Every id of a filtered listing, page by page, checking the page invariants."""
    ids: list[str] = []
    after = None
    for _ in range(len(CATALOG) + 2):
        page = api.data(PAGE, {"first": first, "after": after, **filters})["services"]
        edges = page["edges"]
        assert len(edges) <= first
        ids += [edge["node"]["id"] for edge in edges]
        info = page["pageInfo"]
        if not info["hasNextPage"]:
            return ids
        assert len(edges) == first
        assert info["endCursor"] == edges[-1]["cursor"]
        after = info["endCursor"]
    raise AssertionError("pagination did not end")


def expected(**filters: Any) -> list[str]:
    def keep(s: Service) -> bool:
        loc = s.location
        return all(
            value is None or value == actual
            for value, actual in (
                (filters.get("country"), loc.country),
                (filters.get("region"), loc.region),
                (filters.get("district"), loc.district),
                (filters.get("area"), loc.area),
                (filters.get("category"), s.category.value),
            )
        )

    return [str(s.id) for s in CATALOG if keep(s)]


def test_service_by_id_has_every_field(api: Harness) -> None:
    svc = next(s for s in CATALOG if s.price.currency == "EUR")
    got = api.data(SERVICE, {"id": str(svc.id)})["service"]
    assert got == {
        "id": str(svc.id),
        "name": svc.name,
        "category": svc.category.value,
        "description": svc.description,
        "active": svc.active,
        "maxParticipants": svc.max_participants,
        "price": {"amount": f"{svc.price.amount_minor / 100:.2f}", "currencyCode": "EUR"},
        "location": {
            "country": svc.location.country,
            "region": svc.location.region,
            "district": svc.location.district,
            "area": svc.location.area,
        },
    }


def test_zero_decimal_currency_has_no_fraction(api: Harness) -> None:
    svc = next(s for s in CATALOG if s.price.currency == "JPY")
    price = api.data(SERVICE, {"id": str(svc.id)})["service"]["price"]
    assert price == {"amount": str(svc.price.amount_minor), "currencyCode": "JPY"}


@pytest.mark.parametrize(
    "bad_id", ["000000000000000000000000", "nope", "", "x" * 500, "6500000064656d6f00ZZZZZZ"]
)
def test_unknown_or_malformed_id_is_null(api: Harness, bad_id: str) -> None:
    assert api.data(SERVICE, {"id": bad_id}) == {"service": None}


@pytest.mark.parametrize("first", [1, 7, 20, 100])
def test_pagination_visits_every_service_once(api: Harness, first: int) -> None:
    assert walk(api, first) == expected()


@pytest.mark.parametrize(
    "filters",
    [
        {"country": "Italy"},
        {"country": "Japan", "region": "Kansai"},
        {"country": "Peru", "region": "Cusco", "district": "Urubamba"},
        {"area": "Miraflores"},
        {"category": "TOUR"},
        {"country": "Portugal", "category": "DINING"},
        {"country": "Atlantis"},
    ],
)
def test_filters_match_stored_fields(api: Harness, filters: dict[str, str]) -> None:
    ids = walk(api, 5, **filters)
    assert ids == expected(**filters)
    assert bool(ids) == (filters != {"country": "Atlantis"})


@given(
    first=st.integers(1, 100),
    country=st.sampled_from([None, "Japan", "Italy", "Peru", "Portugal"]),
    category=st.sampled_from([None, *[c.value for c in Category]]),
)
def test_any_page_size_and_filter_lists_exactly_the_matches(
    first: int, country: str | None, category: str | None
) -> None:
    with Harness() as api:
        assert walk(api, first, country=country, category=category) == expected(
            country=country, category=category
        )


@pytest.mark.parametrize("first", [0, -1, 101])
def test_first_out_of_range_is_bad_user_input(api: Harness, first: int) -> None:
    body = api.execute(PAGE, {"first": first})
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "first" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    "after", ["garbage", "eyJ4IjoxfQ", "WyJwbGFuIiwiMSJd", "WyJzZXJ2aWNlIiwibm8iXQ"]
)
def test_bad_cursor_is_bad_user_input(api: Harness, after: str) -> None:
    body = api.execute(PAGE, {"first": 5, "after": after})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_many_services_in_one_request_are_one_find(api: Harness) -> None:
    ids = [str(s.id) for s in CATALOG[:12]] + ["000000000000000000000000", "bad"]
    fields = " ".join(f'a{i}: service(id: "{sid}") {{ id name }}' for i, sid in enumerate(ids))
    with api.counter.measure() as counts:
        data = api.data(f"query {{ {fields} }}")
    assert dict(counts) == {"find": 1}
    assert [data[f"a{i}"] and data[f"a{i}"]["id"] for i in range(len(ids))] == [
        *ids[:12],
        None,
        None,
    ]
