"""Property tests of the cart through the GraphQL API (issue 3: properties 1, 2, 4, 6, 7, 8)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from tests.cart_ops import (
    ACTIVE,
    ADD,
    CART,
    CLEAR,
    INACTIVE,
    REMOVE,
    UPDATE,
    cart,
    day,
    stored_cart_docs,
)
from tests.conftest import make_token
from tests.harness import Harness

# A small pool so adds often collide and merge; one service allows a single participant.
POOL = [
    next(s for s in ACTIVE if s.max_participants == 1),
    *[s for s in ACTIVE if s.max_participants >= 4][:3],
]
OFFSETS = [0, 1, 2, 3]
UNSENT = object()
REQUESTS = st.sampled_from([UNSENT, None, "", "  vegan  ", "late check-in"])


def cleaned(text: str | None) -> str | None:
    return (text.strip() or None) if text is not None else None


@dataclass
class Line:
    id: str
    service_id: str
    booking_date: str
    quantity: int
    participants: int
    special_requests: str | None
    version: int = 1


@dataclass
class CartModel:
    """What the cart should hold: lines in creation order."""

    lines: list[Line] = field(default_factory=list)

    def find(self, service_id: str, booking_date: str) -> Line | None:
        return next(
            (
                ln
                for ln in self.lines
                if (ln.service_id, ln.booking_date) == (service_id, booking_date)
            ),
            None,
        )

    def view(self) -> list[tuple[Any, ...]]:
        return [
            (
                ln.id,
                ln.service_id,
                ln.booking_date,
                ln.quantity,
                ln.participants,
                ln.special_requests,
                ln.version,
            )
            for ln in self.lines
        ]


def real_view(cart_data: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (
            i["id"],
            i["serviceId"],
            i["bookingDate"],
            i["quantity"],
            i["participants"],
            i["specialRequests"],
            i["version"],
        )
        for i in cart_data["items"]
    ]


def max_participants(service_id: str) -> int:
    return min(next(s for s in POOL if str(s.id) == service_id).max_participants, 100)


class CartMachine(RuleBasedStateMachine):
    """Random adds, updates, removes and clears against CartModel (property 2)."""

    devices = 1

    def __init__(self) -> None:
        super().__init__()
        self.api = Harness()
        self.model = CartModel()
        # Each device has its own HTTP client and its own token for the same traveler.
        self.clients = [
            httpx.AsyncClient(transport=httpx.ASGITransport(app=self.api.app), base_url="http://d")
            for _ in range(self.devices)
        ]
        self.tokens = [make_token("prop-traveler", device=n) for n in range(self.devices)]

    def teardown(self) -> None:
        for client in self.clients:
            self.api.run(client.aclose())
        self.api.close()

    def call(self, device: int, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        response = self.api.run(
            self.clients[device % self.devices].post(
                "/graphql",
                json={"query": query, "variables": variables},
                headers={"Authorization": f"Bearer {self.tokens[device % self.devices]}"},
            )
        )
        body = response.json()
        assert response.status_code == 200, body
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data

    @rule(
        device=st.integers(0, 1),
        service=st.sampled_from(POOL),
        offset=st.sampled_from(OFFSETS),
        quantity=st.integers(1, 60),
        participants=st.integers(1, 4),
        requests=REQUESTS,
    )
    def add(
        self,
        device: int,
        service: Any,
        offset: int,
        quantity: int,
        participants: int,
        requests: Any,
    ) -> None:
        sid, booking_date = str(service.id), day(offset)
        variables: dict[str, Any] = {
            "serviceId": sid,
            "bookingDate": booking_date,
            "quantity": quantity,
            "participants": participants,
        }
        if requests is not UNSENT:
            variables["specialRequests"] = requests
        result = self.call(device, ADD, {"input": variables})["cartItemAdd"]
        existing = self.model.find(sid, booking_date)
        if participants > max_participants(sid):
            assert result["__typename"] == "ValidationError"
            return
        if existing is not None and existing.quantity + quantity > 99:
            assert (result["__typename"], result["limit"]) == ("LimitExceededError", 99)
            return
        assert result["__typename"] == "CartItemAddSuccess", result
        item = result["cartItem"]
        if existing is None:
            self.model.lines.append(
                Line(
                    item["id"],
                    sid,
                    booking_date,
                    quantity,
                    participants,
                    cleaned(requests) if requests is not UNSENT else None,
                )
            )
        else:
            assert item["id"] == existing.id
            existing.quantity += quantity
            existing.participants = participants
            if requests is not UNSENT:
                existing.special_requests = cleaned(requests)
            existing.version += 1
        assert real_view(result["cart"]) == self.model.view()

    @rule(
        device=st.integers(0, 1),
        pick=st.integers(0, 20),
        quantity=st.none() | st.integers(1, 99),
        participants=st.none() | st.integers(1, 4),
        offset=st.none() | st.sampled_from(OFFSETS),
        stale=st.booleans(),
    )
    def update(
        self,
        device: int,
        pick: int,
        quantity: int | None,
        participants: int | None,
        offset: int | None,
        stale: bool,
    ) -> None:
        if not self.model.lines:
            return
        line = self.model.lines[pick % len(self.model.lines)]
        variables: dict[str, Any] = {"id": line.id}
        if quantity is not None:
            variables["quantity"] = quantity
        if participants is not None:
            variables["participants"] = participants
        if offset is not None:
            variables["bookingDate"] = day(offset)
        if stale:
            variables["expectedVersion"] = line.version - 1
        result = self.call(device, UPDATE, {"input": variables})["cartItemUpdate"]
        if stale:
            assert result["__typename"] == "VersionConflictError"
            assert result["current"]["version"] == line.version
            return
        if participants is not None and participants > max_participants(line.service_id):
            assert result["__typename"] == "ValidationError"
            return
        if offset is not None and day(offset) != line.booking_date:
            clash = self.model.find(line.service_id, day(offset))
            if clash is not None:
                assert result["__typename"] == "ValidationError"
                assert result["issues"][0]["field"] == ["input", "bookingDate"]
                return
        assert result["__typename"] == "CartItemUpdateSuccess", result
        if len(variables) > 1:
            line.quantity = quantity or line.quantity
            line.participants = participants or line.participants
            line.booking_date = day(offset) if offset is not None else line.booking_date
            line.version += 1

    @rule(device=st.integers(0, 1), pick=st.integers(0, 20), bogus=st.booleans())
    def remove(self, device: int, pick: int, bogus: bool) -> None:
        if bogus or not self.model.lines:
            line_id = "000000000000000000000000"
            removed = False
        else:
            line = self.model.lines.pop(pick % len(self.model.lines))
            line_id, removed = line.id, True
        result = self.call(device, REMOVE, {"id": line_id})["cartItemRemove"]
        assert result["removed"] is removed

    @rule(device=st.integers(0, 1))
    def clear(self, device: int) -> None:
        result = self.call(device, CLEAR, {})["cartClear"]
        assert result["removedCount"] == len(self.model.lines)
        self.model.lines.clear()

    @invariant()
    def cart_matches_model(self) -> None:
        views = [self.call(d, CART, {})["cart"] for d in range(self.devices)]
        for view in views:
            assert view == views[0]  # every device reads the identical cart (property 6)
            assert real_view(view) == self.model.view()
            assert all(1 <= i["quantity"] <= 99 for i in view["items"])
            keys = [(i["serviceId"], i["bookingDate"]) for i in view["items"]]
            assert len(keys) == len(set(keys))


class TwoDeviceCartMachine(CartMachine):
    """Property 6: two clients of one traveler interleave; both always read the model's cart."""

    devices = 2


TestCartMachine = CartMachine.TestCase
TestCartMachine.settings = settings(max_examples=12, stateful_step_count=25, deadline=None)
TestTwoDeviceCartMachine = TwoDeviceCartMachine.TestCase
TestTwoDeviceCartMachine.settings = settings(max_examples=12, stateful_step_count=25, deadline=None)

TOKEN = make_token("prop-traveler")


@given(
    service=st.sampled_from(ACTIVE),
    offset=st.integers(0, 730),
    quantity=st.integers(1, 99),
    participants=st.integers(1, 100),
    requests=st.none() | st.text(max_size=500),
)
def test_add_round_trips(
    service: Any, offset: int, quantity: int, participants: int, requests: str | None
) -> None:
    """Property 1: a valid add reads back with the same service, date, quantity, people, text."""
    participants = min(participants, service.max_participants)
    with Harness() as api:
        variables = {
            "serviceId": str(service.id),
            "bookingDate": day(offset),
            "quantity": quantity,
            "participants": participants,
            "specialRequests": requests,
        }
        result = api.data(ADD, {"input": variables}, token=TOKEN)["cartItemAdd"]
        assert result["__typename"] == "CartItemAddSuccess", result
        (item,) = cart(api, TOKEN)["items"]
        assert (item["serviceId"], item["bookingDate"], item["quantity"], item["participants"]) == (
            str(service.id),
            day(offset),
            quantity,
            participants,
        )
        assert item["specialRequests"] == cleaned(requests)


@given(
    lines=st.lists(st.tuples(st.sampled_from(POOL[1:]), st.sampled_from(OFFSETS)), max_size=8),
    picks=st.lists(st.integers(0, 10), max_size=4),
    clear=st.booleans(),
)
def test_removing_twice_equals_removing_once(
    lines: list[tuple[Any, int]], picks: list[int], clear: bool
) -> None:
    """Property 4: remove or clear applied twice leaves the state of applying it once."""
    with Harness() as api:
        ids = []
        for service, offset in lines:
            added = api.data(
                ADD,
                {"input": {"serviceId": str(service.id), "bookingDate": day(offset)}},
                token=TOKEN,
            )["cartItemAdd"]
            ids.append(added["cartItem"]["id"])
        targets = [ids[p % len(ids)] for p in picks] if ids else ["000000000000000000000000"]

        def apply() -> None:
            for target in targets:
                api.data(REMOVE, {"id": target}, token=TOKEN)
            if clear:
                api.data(CLEAR, token=TOKEN)

        apply()
        once = (stored_cart_docs(api), cart(api, TOKEN)["items"])
        apply()
        twice = (stored_cart_docs(api), cart(api, TOKEN)["items"])
        # The second round finds nothing to remove: it writes nothing, the version included.
        assert once[1] == twice[1]
        assert once[0] == twice[0]


# Each generated override makes the add invalid; at least one is always present.
INVALID_ADD = st.fixed_dictionaries(
    {},
    optional={
        "quantity": st.integers(-5, 0) | st.integers(100, 10_000),
        "participants": st.integers(-5, 0) | st.integers(101, 500),
        "bookingDate": st.integers(-400, -1).map(day) | st.integers(731, 2000).map(day),
        "specialRequests": st.text(min_size=501, max_size=600).filter(
            lambda t: len(t.strip()) > 500
        ),
        "serviceId": st.sampled_from(["", "x", "000000000000000000000000", str(INACTIVE[0].id)]),
        "idempotencyKey": st.sampled_from(["", "has space", "ü", "k" * 65]),
    },
).filter(bool)


@given(
    variables=INVALID_ADD,
    update_fields=st.fixed_dictionaries(
        {},
        optional={
            "quantity": st.none() | st.integers(-5, 0) | st.integers(100, 10_000),
            "participants": st.none() | st.integers(101, 500),
            "bookingDate": st.none() | st.integers(-400, -1).map(day),
            "expectedVersion": st.integers(2, 50),
        },
    ).filter(bool),
)
def test_invalid_input_is_a_typed_error_and_changes_nothing(
    variables: dict[str, Any], update_fields: dict[str, Any]
) -> None:
    """Property 7: invalid input gives a typed error, never a top-level one, and writes nothing."""
    with Harness() as api:
        seeded = api.data(
            ADD, {"input": {"serviceId": str(ACTIVE[0].id), "bookingDate": day(1)}}, token=TOKEN
        )["cartItemAdd"]["cartItem"]
        before = stored_cart_docs(api)
        full = {"serviceId": str(ACTIVE[0].id), "bookingDate": day(1), **variables}
        add_result = api.data(ADD, {"input": full}, token=TOKEN)["cartItemAdd"]
        assert add_result["__typename"] in {
            "ValidationError",
            "ServiceNotBookableError",
            "LimitExceededError",
        }, add_result
        update_result = api.data(
            UPDATE, {"input": {"id": seeded["id"], **update_fields}}, token=TOKEN
        )["cartItemUpdate"]
        assert update_result["__typename"] in {"ValidationError", "VersionConflictError"}
        assert stored_cart_docs(api) == before


OPERATIONS = st.sampled_from(["cart", "add", "update", "remove", "clear"])
BAD_AUTH = st.sampled_from(["none", "garbage", "expired", "wrong-key", "no-sub"])


def bad_token(kind: str) -> str | None:
    return {
        "none": None,
        "garbage": "abc.def.ghi",
        "expired": make_token("alice", ttl=-3600),
        "wrong-key": make_token("alice", key="a-different-secret-that-is-long-enough"),
        "no-sub": make_token(None),
    }[kind]


def document_for(operation: str, line_id: str) -> tuple[str, dict[str, Any]]:
    documents: dict[str, tuple[str, dict[str, Any]]] = {
        "cart": (CART, {}),
        "add": (ADD, {"input": {"serviceId": str(ACTIVE[1].id), "bookingDate": day(2)}}),
        "update": (UPDATE, {"input": {"id": line_id, "quantity": 5}}),
        "remove": (REMOVE, {"id": line_id}),
        "clear": (CLEAR, {}),
    }
    return documents[operation]


@given(operations=st.lists(st.tuples(OPERATIONS, BAD_AUTH), min_size=1, max_size=6))
def test_no_valid_token_no_access_and_no_foreign_access(
    operations: list[tuple[str, str]],
) -> None:
    """Property 8: without a valid token every cart field is 401; bob never sees alice's lines."""
    alice, bob = make_token("alice"), make_token("bob")
    with Harness() as api:
        line = api.data(
            ADD, {"input": {"serviceId": str(ACTIVE[0].id), "bookingDate": day(1)}}, token=alice
        )["cartItemAdd"]["cartItem"]
        alice_before = cart(api, alice)
        for operation, auth in operations:
            query, variables = document_for(operation, line["id"])
            response = api.post({"query": query, "variables": variables}, token=bad_token(auth))
            assert response.status_code == 401
            assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
            as_bob = api.data(query, variables, token=bob)
            if operation == "update":
                assert as_bob["cartItemUpdate"]["__typename"] == "NotFoundError"
            if operation == "remove":
                assert as_bob["cartItemRemove"]["removed"] is False
            if operation == "cart":
                assert all(i["id"] != line["id"] for i in as_bob["cart"]["items"])
        assert cart(api, alice) == alice_before
