"""Trusted documents: with a manifest configured, only its operations run."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from graphql_api.app.factory import create_app
from graphql_api.app.settings import ConfigError
from tests.conftest import make_token
from tests.harness import Harness, settings_for_tests

ALICE = make_token("alice")
CART = "query CartCount { cart { itemCount } }"
ADD = "mutation Add($input: CartItemAddInput!) { cartItemAdd(input: $input) { __typename } }"
OTHER = "query Me { me { id } }"


def sha(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    path = tmp_path / "persisted-documents.json"
    path.write_text(json.dumps({sha(CART): CART, sha(ADD): ADD}))
    return path


@pytest.fixture
def trusted(manifest: Path) -> Iterator[Harness]:
    harness = Harness(settings_for_tests(graphql_trusted_documents=manifest))
    yield harness
    harness.close()


def by_hash(document: str) -> dict[str, object]:
    return {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha(document)}}}


def test_a_listed_operation_runs_by_hash_by_document_id_and_as_its_text(trusted: Harness) -> None:
    expected = {"data": {"cart": {"itemCount": 0}}}
    assert trusted.post(by_hash(CART), token=ALICE).json() == expected
    assert trusted.post({"documentId": f"sha256:{sha(CART)}"}, token=ALICE).json() == expected
    assert trusted.post({"query": CART}, token=ALICE).json() == expected
    url = "/graphql?extensions=" + quote(json.dumps(by_hash(CART)["extensions"]))
    get = trusted.get(url, headers={"Authorization": f"Bearer {ALICE}"})
    assert get.json() == expected


@pytest.mark.parametrize(
    "body",
    [
        {"query": OTHER},
        by_hash(OTHER),
        {"query": OTHER, **by_hash(OTHER)},
        {"documentId": f"sha256:{sha(OTHER)}"},
        # Text that differs from the listed document by one space is another document.
        {"query": CART.replace("{ cart", "{  cart")},
    ],
)
def test_anything_else_is_refused_with_a_final_typed_error(
    trusted: Harness, body: dict[str, object]
) -> None:
    response = trusted.post(body, token=ALICE)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_ALLOWED"
    # Not Apollo's "not found": that would make a client send the text, which cannot help.
    assert error["message"] != "PersistedQueryNotFound"


def test_an_unlisted_get_query_is_refused_too(trusted: Harness) -> None:
    response = trusted.get(
        "/graphql?query=" + quote(OTHER), headers={"Authorization": f"Bearer {ALICE}"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_ALLOWED"


def test_a_hash_sent_with_other_text_is_bad_request(trusted: Harness) -> None:
    response = trusted.post({"query": OTHER, **by_hash(CART)}, token=ALICE)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_trusted_mode_stores_nothing(trusted: Harness) -> None:
    trusted.post({"query": OTHER, **by_hash(OTHER)}, token=ALICE)
    trusted.post({"query": CART, **by_hash(CART)}, token=ALICE)
    stored = trusted.run(trusted.mongo.db["persisted_queries"].count_documents({}))
    assert stored == 0


def test_a_listed_mutation_runs_with_variables(trusted: Harness) -> None:
    variables = {
        "input": {
            "serviceId": "6500000064656d6f00000001",
            "bookingDate": "2027-03-14",
            "quantity": 1,
            "participants": 1,
        }
    }
    response = trusted.post({**by_hash(ADD), "variables": variables}, token=ALICE)
    assert response.json() == {"data": {"cartItemAdd": {"__typename": "CartItemAddSuccess"}}}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("not json", "is not JSON"),
        ("[]", "non-empty JSON object"),
        (json.dumps({"0" * 64: CART}), "not the SHA-256"),
        (json.dumps({sha(CART): 5}), "not a document string"),
    ],
)
def test_a_bad_manifest_stops_start_up_with_one_line(
    tmp_path: Path, content: str, reason: str
) -> None:
    path = tmp_path / "manifest.json"
    path.write_text(content)
    with pytest.raises(ConfigError, match=reason):
        create_app(settings_for_tests(graphql_trusted_documents=path))


def test_a_missing_manifest_stops_start_up(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        create_app(settings_for_tests(graphql_trusted_documents=tmp_path / "absent.json"))


CLIENT_MANIFEST = (
    Path(__file__).resolve().parents[2] / "clients/web/src/generated/persisted-documents.json"
)


def test_the_web_clients_generated_manifest_is_a_valid_trusted_documents_file() -> None:
    harness = Harness(settings_for_tests(graphql_trusted_documents=CLIENT_MANIFEST))
    try:
        documents = json.loads(CLIENT_MANIFEST.read_text(encoding="utf-8"))
        [cart_get] = [h for h, text in documents.items() if "query CartGet " in text]
        response = harness.post({"documentId": f"sha256:{cart_get}"}, token=ALICE)
        assert response.json()["data"]["cart"]["itemCount"] == 0
        # The kit sends a document's text as generated (the manifest is keyed by that text), so
        # its reads and single writes run in trusted mode as they are.
        response = harness.post({"query": documents[cart_get]}, token=ALICE)
        assert response.json()["data"]["cart"]["itemCount"] == 0
        [clear] = [text for text in documents.values() if "mutation CartClear(" in text]
        response = harness.post({"query": clear, "variables": {}}, token=ALICE)
        assert response.json()["data"]["cartClear"]["__typename"] == "CartClearSuccess"
    finally:
        harness.close()


def test_the_web_clients_largest_requests_fit_the_document_limits() -> None:
    """The kit pages plans and plans outbox batches by each operation's node cost; the table it
    reads is generated from the server's measure of its documents and must be current, equal to
    what the server's document check counts, and its budgets below the server's limits."""
    import re

    from graphql import OperationDefinitionNode, parse

    from graphql_api.app.node_costs import TABLE, current
    from graphql_api.app.schema import schema
    from graphql_api.graphql.limits import Limits, check_document, lexical_refusal

    assert TABLE.read_text(encoding="utf-8") == current(CLIENT_MANIFEST), (
        "the kit's node-costs.ts is stale: run `python -m graphql_api export-node-costs`"
    )
    source = "\n".join(
        path.read_text(encoding="utf-8")
        for path in (CLIENT_MANIFEST.parents[1] / "core").glob("*.ts")
    )
    page = int(re.search(r"PLAN_PAGE = (\d+)", source).group(1))  # type: ignore[union-attr]
    budget = int(re.search(r"NODE_BUDGET = (\d+)", source).group(1))  # type: ignore[union-attr]
    table = TABLE.read_text(encoding="utf-8")
    assumed = {name: int(cost) for name, cost in re.findall(r"(\w+): (\d+),", table)}
    limits = Limits()
    assert budget <= limits.max_nodes
    tokens = int(re.search(r"TOKEN_BUDGET = (\d+)", source).group(1))  # type: ignore[union-attr]
    assert tokens <= limits.max_tokens
    for document in json.loads(CLIENT_MANIFEST.read_text(encoding="utf-8")).values():
        assert lexical_refusal(document, limits) is None

    def nodes(document: str, variables: dict[str, object]) -> int:
        """The count in the refusal a one-node budget gives: the check requests meet."""
        errors, _ = check_document(
            schema._schema, document, parse(document), variables, Limits(max_nodes=1)
        )
        found = [e.message for e in errors if "nodes" in e.message]
        return int(re.findall(r"([\d,]+) nodes", found[0])[0].replace(",", "")) if found else 0

    measured = {}
    for document in json.loads(CLIENT_MANIFEST.read_text(encoding="utf-8")).values():
        ast = parse(document)
        [operation] = [d for d in ast.definitions if isinstance(d, OperationDefinitionNode)]
        assert operation.name is not None
        if operation.operation.value == "mutation":
            field = operation.selection_set.selections[0].name.value  # type: ignore[attr-defined]
            measured[field] = nodes(document, {})
        else:
            cost = nodes(document, {"first": page})
            assert cost <= limits.max_nodes, (operation.name.value, cost)
    assert measured == assumed
    assert all(cost > 1 for cost in measured.values())
