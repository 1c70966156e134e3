"""Property tests of offline sync through the GraphQL API (issue 5)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.cart_ops import ACTIVE, ADD, CART, CLEAR, REMOVE, day
from tests.conftest import make_token
from tests.harness import Harness
from tests.sync_ops import MERGE

TOKEN = make_token("sync-traveler")
POOL = [s for s in ACTIVE if s.max_participants >= 2][:4]
KEYS = st.tuples(st.sampled_from(range(len(POOL))), st.integers(0, 2))
LINES = st.lists(st.tuples(KEYS, st.integers(1, 99)), max_size=8)


def key_of(pair: tuple[int, int]) -> tuple[str, str]:
    return str(POOL[pair[0]].id), day(pair[1])


def guest_items(lines: list[tuple[tuple[int, int], int]]) -> list[dict[str, Any]]:
    return [
        {"serviceId": key_of(k)[0], "bookingDate": key_of(k)[1], "quantity": q} for k, q in lines
    ]


def quantities(api: Harness) -> dict[tuple[str, str], int]:
    items = api.data(CART, token=TOKEN)["cart"]["items"]
    return {(i["serviceId"], i["bookingDate"]): i["quantity"] for i in items}


@given(server=LINES, guest=LINES)
def test_merging_once_or_twice_gives_the_models_cart(
    server: list[tuple[tuple[int, int], int]], guest: list[tuple[tuple[int, int], int]]
) -> None:
    """Merge is idempotent, never lowers a server line, and equals max-per-line."""
    with Harness() as api:
        model: dict[tuple[str, str], int] = {}
        for pair, quantity in server:
            variables = {"serviceId": key_of(pair)[0], "bookingDate": key_of(pair)[1]}
            merged = min(99, model.get(key_of(pair), 0) + quantity)
            if merged == model.get(key_of(pair), 0) + quantity:
                api.data(ADD, {"input": {**variables, "quantity": quantity}}, token=TOKEN)
                model[key_of(pair)] = merged
        before = quantities(api)
        assert before == model
        for pair, quantity in guest:
            model[key_of(pair)] = max(model.get(key_of(pair), 0), quantity)
        once = api.data(MERGE, {"input": {"items": guest_items(guest)}}, token=TOKEN)["cartMerge"]
        assert once["skipped"] == []
        after_once = quantities(api)
        assert after_once == model
        assert all(after_once[key] >= quantity for key, quantity in before.items())
        api.data(MERGE, {"input": {"items": guest_items(guest)}}, token=TOKEN)
        assert quantities(api) == after_once


OPERATION = st.tuples(
    st.integers(0, 1),  # device
    st.sampled_from(["add", "merge", "remove", "clear"]),
    KEYS,
    st.integers(1, 5),
    st.integers(1, 2),  # times sent: a retry repeats the request unchanged
)


@given(operations=st.lists(OPERATION, min_size=1, max_size=10))
def test_two_devices_with_retries_equal_each_operation_once(
    operations: list[tuple[int, str, tuple[int, int], int, int]],
) -> None:
    """Any interleaving of two devices' operations, each sent up to twice with its key, leaves
    the cart of applying each operation once."""
    tokens = [make_token("sync-traveler", device=n) for n in range(2)]
    with Harness() as api:
        model: dict[tuple[str, str], int] = {}
        ids: dict[tuple[str, str], str] = {}
        for number, (device, kind, pair, quantity, sends) in enumerate(operations):
            key = key_of(pair)
            request: tuple[str, dict[str, Any]]
            fields = {"serviceId": key[0], "bookingDate": key[1], "quantity": quantity}
            if kind == "add":
                request = (ADD, {"input": {**fields, "idempotencyKey": f"op{number}"}})
                if model.get(key, 0) + quantity <= 99:
                    model[key] = model.get(key, 0) + quantity
            elif kind == "merge":
                request = (MERGE, {"input": {"items": [fields], "idempotencyKey": f"op{number}"}})
                model[key] = max(model.get(key, 0), quantity)
            elif kind == "remove":
                request = (REMOVE, {"id": ids.get(key, "000000000000000000000000")})
                model.pop(key, None)
            else:
                request = (CLEAR, {})
                model.clear()
            for _ in range(sends):
                api.data(*request, token=tokens[device])
            items = api.data(CART, token=tokens[1 - device])["cart"]["items"]
            ids = {(i["serviceId"], i["bookingDate"]): i["id"] for i in items}
            assert model == {(i["serviceId"], i["bookingDate"]): i["quantity"] for i in items}
