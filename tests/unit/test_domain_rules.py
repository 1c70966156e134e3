"""The domain's pure rules, called directly: cart merge and limits, a line's field rules, the
plan status machine. The same rules are proven through GraphQL in tests/api; these pin them
where they live, without a store."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphql_api.domains.cart import models
from graphql_api.domains.cart.line_rules import validated_line
from graphql_api.domains.cart.models import (
    MAX_LINES,
    MAX_QUANTITY,
    Cart,
    CartItemVersionConflict,
    CartLine,
    LineChanges,
    NewLine,
)
from graphql_api.domains.journeys.models import TRANSITIONS, PlanStatus, can_transition
from graphql_api.kernel import clock
from graphql_api.kernel.errors import InvalidInput, IssueCollector, LimitExceeded

NOW = datetime(2027, 1, 1, tzinfo=UTC)
DAYS = st.dates(date(2027, 2, 1), date(2027, 2, 5))
SERVICES = st.sampled_from(["s1", "s2", "s3"])
LINES = st.builds(NewLine, SERVICES, DAYS, st.integers(1, MAX_QUANTITY))


def cart_of(lines: list[NewLine]) -> Cart:
    cart = Cart("t")
    for line in lines:
        if cart.find(line.service_id, line.booking_date) is None:
            new = CartLine.new(line.service_id, line.booking_date, line.quantity, 1, None, NOW)
            cart = Cart("t", (*cart.lines, new), cart.version + 1)
    return cart


@given(st.lists(LINES, max_size=8), st.lists(LINES, max_size=8))
def test_a_merge_takes_the_larger_quantity_and_never_lowers_or_removes(
    server: list[NewLine], guest: list[NewLine]
) -> None:
    cart = cart_of(server)
    lines, merged, skipped = models.merge(cart, list(enumerate(guest)), NOW)
    after = Cart("t", lines if lines is not None else cart.lines)
    assert merged == len(guest)
    assert skipped == []
    for line in cart.lines:
        kept = after.find(line.service_id, line.booking_date)
        assert kept is not None
        assert kept.quantity >= line.quantity
    for item in guest:
        found = after.find(item.service_id, item.booking_date)
        assert found is not None
        assert found.quantity >= item.quantity
    # Merging the same guest lines again changes nothing: a replay is harmless.
    assert models.merge(after, list(enumerate(guest)), NOW)[0] is None


def test_a_merge_skips_new_lines_beyond_the_cart_limit() -> None:
    full = cart_of([NewLine(f"s{n}", date(2027, 2, 1)) for n in range(MAX_LINES)])
    lines, merged, skipped = models.merge(
        full, [(0, NewLine("s0", date(2027, 2, 1), 5)), (1, NewLine("new", date(2027, 2, 1)))], NOW
    )
    assert lines is not None
    assert len(lines) == MAX_LINES
    assert merged == 1
    assert [(index, type(error)) for index, error in skipped] == [(1, LimitExceeded)]


def test_adding_to_a_line_sums_quantities_up_to_the_limit() -> None:
    cart = cart_of([NewLine("s1", date(2027, 2, 1), MAX_QUANTITY - 1)])
    lines, line = models.add(cart, NewLine("s1", date(2027, 2, 1), 1), False, NOW)
    assert (len(lines), line.quantity, line.version) == (1, MAX_QUANTITY, 2)
    with pytest.raises(LimitExceeded):
        models.add(Cart("t", lines), NewLine("s1", date(2027, 2, 1), 1), False, NOW)
    full = cart_of([NewLine(f"s{n}", date(2027, 2, 1)) for n in range(MAX_LINES)])
    with pytest.raises(LimitExceeded):
        models.add(full, NewLine("other", date(2027, 2, 1)), False, NOW)


def test_an_update_checks_the_version_and_refuses_a_taken_date() -> None:
    cart = cart_of([NewLine("s1", date(2027, 2, 1)), NewLine("s1", date(2027, 2, 2))])
    first = cart.lines[0]
    with pytest.raises(CartItemVersionConflict):
        models.update(cart, first, LineChanges(quantity=2), first.version + 1, NOW)
    assert models.update(cart, first, LineChanges(quantity=first.quantity), None, NOW)[0] is None
    with pytest.raises(InvalidInput) as refused:
        models.update(cart, first, LineChanges(booking_date=date(2027, 2, 2)), None, NOW)
    assert [issue.field for issue in refused.value.issues] == [("booking_date",)]


def test_a_lines_issues_name_its_fields_the_domains_way() -> None:
    today = clock.today()
    line = NewLine("s1", today - timedelta(days=1), 0, 1, " ")
    with pytest.raises(InvalidInput) as refused:
        validated_line(line, None, ("items", "2"), IssueCollector())
    assert {issue.field for issue in refused.value.issues} == {
        ("items", "2", "quantity"),
        ("items", "2", "booking_date"),
    }
    assert all(issue.about == "input" for issue in refused.value.issues)


@given(st.sampled_from(list(PlanStatus)), st.sampled_from(list(PlanStatus)))
def test_the_status_machine_allows_exactly_its_table(
    current: PlanStatus, target: PlanStatus
) -> None:
    assert can_transition(current, target) == (target in TRANSITIONS[current])
    assert not can_transition(current, current)
    if not TRANSITIONS[current]:
        assert current in {PlanStatus.COMPLETED, PlanStatus.CANCELLED}


def test_every_status_is_reachable_from_draft() -> None:
    reached, frontier = {PlanStatus.DRAFT}, [PlanStatus.DRAFT]
    while frontier:
        for target in TRANSITIONS[frontier.pop()]:
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == set(PlanStatus)
