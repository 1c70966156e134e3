"""Apollo's automatic persisted queries: by hash once the document is known, over POST and GET."""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import quote

from tests.conftest import make_token
from tests.harness import Harness

ALICE = make_token("alice")
QUERY = "query Revision { cart { revision itemCount } }"
HASH = hashlib.sha256(QUERY.encode()).hexdigest()


def persisted(digest: str = HASH) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


def test_an_unknown_hash_asks_for_the_document_then_the_hash_alone_works(api: Harness) -> None:
    missing = api.post({"extensions": persisted()}, token=ALICE)
    assert missing.status_code == 200
    [error] = missing.json()["errors"]
    assert error["message"] == "PersistedQueryNotFound"
    assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    registered = api.post({"query": QUERY, "extensions": persisted()}, token=ALICE)
    assert registered.json() == {"data": {"cart": {"revision": 0, "itemCount": 0}}}
    by_hash = api.post({"extensions": persisted()}, token=ALICE)
    assert by_hash.json() == registered.json()
    stored = api.run(api.mongo.db["persisted_queries"].find_one({"_id": HASH}))
    assert stored is not None
    assert stored["query"] == QUERY


def test_a_hash_that_does_not_match_the_document_is_refused_and_not_stored(api: Harness) -> None:
    wrong = "0" * 64
    response = api.post({"query": QUERY, "extensions": persisted(wrong)}, token=ALICE)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    again = api.post({"extensions": persisted(wrong)}, token=ALICE)
    assert again.json()["errors"][0]["message"] == "PersistedQueryNotFound"


def test_a_malformed_persisted_query_extension_is_bad_request(api: Harness) -> None:
    for extension in [{"version": 2, "sha256Hash": HASH}, {"version": 1, "sha256Hash": "x"}, 5]:
        response = api.post({"extensions": {"persistedQuery": extension}}, token=ALICE)
        assert response.status_code == 400, extension
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_queries_by_hash_work_over_get(api: Harness) -> None:
    api.post({"query": QUERY, "extensions": persisted()}, token=ALICE)
    url = "/graphql?extensions=" + quote(json.dumps(persisted()))
    response = api.get(url, headers={"Authorization": f"Bearer {ALICE}"})
    assert response.json() == {"data": {"cart": {"revision": 0, "itemCount": 0}}}
    unknown = "/graphql?extensions=" + quote(json.dumps(persisted("a" * 64)))
    missing = api.get(unknown, headers={"Authorization": f"Bearer {ALICE}"})
    assert missing.json()["errors"][0]["message"] == "PersistedQueryNotFound"


def test_a_known_hash_costs_no_database_read(api: Harness) -> None:
    api.post({"query": QUERY, "extensions": persisted()}, token=ALICE)
    with api.counter.measure() as commands:
        by_hash = api.post({"extensions": persisted()}, token=ALICE)
    assert by_hash.json() == {"data": {"cart": {"revision": 0, "itemCount": 0}}}
    assert sum(commands.values()) == 1, commands  # the cart's read alone


def test_the_documents_kept_in_memory_are_the_most_recently_used() -> None:
    from graphql_api.http.persisted.middleware import KnownDocuments

    known = KnownDocuments(size=2)
    known.add("a", "A")
    known.add("b", "B")
    assert known.get("a") == "A"  # now the most recent
    known.add("c", "C")
    assert (known.get("a"), known.get("b"), known.get("c")) == ("A", None, "C")
