"""Idempotency fingerprints are stable data: the same request digests the same across releases.

A stored key answers a retry only when the retry's digest matches, for 24 h. The digests below
are what this release stores for fixed requests: a test that fails here means a change of names
or meaning, which needs a new version and the old spelling kept (see kernel/idempotency.py). The
`BEFORE` digests were stored by the release before fingerprints were domain terms; retries in
flight across that deploy must still match them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from graphql_api.domains.cart import compat
from graphql_api.domains.cart.checkout import CheckoutRequest
from graphql_api.domains.cart.models import NewLine
from graphql_api.domains.cart.service import AddRequest, UpdateRequest
from graphql_api.domains.journeys.models import PlanDetails, PlanDraft, PlannedServiceRequest
from graphql_api.graphql.errors import api_path
from graphql_api.kernel.errors import InvalidInput, Issue, error_from_doc, error_to_doc
from graphql_api.kernel.idempotency import Fingerprint

LINES = (
    NewLine("svc-1", date(2027, 1, 2), 2, 3, "a window seat"),
    NewLine("svc-2", date(2027, 1, 3)),
)
DETAILS = PlanDetails(
    "Japan",
    title="Spring",
    travelers_count=2,
    start_date=date(2027, 1, 1),
    end_date=date(2027, 1, 9),
)
DRAFT = PlanDraft(
    DETAILS,
    (PlannedServiceRequest("svc-1", date(2027, 1, 2), 2), PlannedServiceRequest("svc-2", None, 1)),
)


def merge_fingerprint() -> Fingerprint:
    lines = [line.fingerprint() for line in LINES]
    return Fingerprint("cart.merge", 1, lines, compat.merge(lines))


FINGERPRINTS: dict[str, Callable[[], Fingerprint]] = {
    "add": lambda: AddRequest(LINES[0], replace_special_requests=True).fingerprint(),
    "merge": merge_fingerprint,
    "checkout": lambda: CheckoutRequest("k", DETAILS).fingerprint(),
    "create": DRAFT.fingerprint,
    "update": lambda: UpdateRequest(
        "64b000000000000000000001",
        quantity=3,
        special_requests="x",
        special_requests_sent=True,
        expected_version=4,
    ).fingerprint(),
}
NOW = {
    "add": "6d77d4ffde79c562f918584012e75c2ada8b84690a0ea0230131dc70e87ae677",
    "merge": "ee0039d569982ca73e3c384eca372ac53cb159a29b418749fc354c216b526613",
    "checkout": "54179720ee8c6137915a1d69ad370b7a25720a8d3ee06cd3bd48abb63cc115f1",
    "create": "938614de5f167860221b578c6cc366af81aea1127b69022a07b0e845a07573da",
    "update": "c335f2618b10f14a8c63b2c50e6b79d3749341dff81f785a8020098eabb78c9b",
}
BEFORE = {
    "add": "1063bca4c152ecf51c3673f4f0bd2709a5845abbd31224d06435d8cf7f2a00f3",
    "merge": "6f201b4da2fb02a9a1200d78633e49af5f994eac7c9b560923cbd932d32a705e",
    "checkout": "b132ac82238bc8bed6618670173c5ca0fc34e5ae93e6e5621030edf8f9040819",
    "create": "2919075c157b9ca86e54064412d1bd5f621ef5384b1eabe9ba0700484e39d6ff",
    # The update's fingerprint did not change: its digest is the one stored before.
    "update": "c335f2618b10f14a8c63b2c50e6b79d3749341dff81f785a8020098eabb78c9b",
}


@pytest.mark.parametrize("name", sorted(FINGERPRINTS))
def test_a_request_digests_as_this_release_stores_it(name: str) -> None:
    assert FINGERPRINTS[name]().digest() == NOW[name]


@pytest.mark.parametrize("name", sorted(FINGERPRINTS))
def test_a_key_stored_by_the_release_before_still_matches(name: str) -> None:
    assert BEFORE[name] in FINGERPRINTS[name]().accepted()


def test_another_request_matches_no_stored_digest() -> None:
    other = AddRequest(LINES[1]).fingerprint()
    assert not other.accepted() & {*NOW.values(), *BEFORE.values()}


def test_issue_paths_are_spelled_the_apis_way() -> None:
    assert api_path(Issue(("items", "0", "booking_date"), "m")) == [
        "input",
        "items",
        "0",
        "bookingDate",
    ]
    assert api_path(Issue(("cart",), "m", "state")) == ["cart"]


def test_stored_issues_read_back_in_either_spelling() -> None:
    issue = Issue(("items", "3", "special_requests"), "too long")
    state = Issue(("cart",), "empty", "state")
    stored = error_to_doc(InvalidInput([issue, state]))
    assert error_from_doc(stored).issues == [issue, state]  # type: ignore[attr-defined]
    # As merge results stored them before issue paths were domain terms.
    before = {
        "code": "INVALID_INPUT",
        "message": "Invalid input: input.items.3.specialRequests, cart",
        "issues": [
            {"field": ["input", "items", "3", "specialRequests"], "message": "too long"},
            {"field": ["cart"], "message": "empty"},
        ],
    }
    assert error_from_doc(before).issues == [issue, state]  # type: ignore[attr-defined]
