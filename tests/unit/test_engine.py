"""The fast paths into library internals (graphql_api/engine/): checked versions only, and one
setting that turns them off with the API answering the same."""

from __future__ import annotations

import pytest

from graphql_api import engine
from graphql_api.app.schema import build_schema
from graphql_api.engine.execution import FastExecutionContext
from graphql_api.engine.inputs import _BUILDERS
from graphql_api.graphql.schema import input_classes
from tests.cart_ops import ADD, cart, day
from tests.conftest import make_token
from tests.harness import Harness, settings_for_tests
from tests.plan_ops import EUR

ALICE = make_token("alice")


def test_the_installed_libraries_are_the_versions_the_fast_paths_were_checked_against() -> None:
    # On an upgrade: read engine/ against the new internals, run the suite, then update CHECKED.
    assert engine.unchecked() == {}


def test_on_an_unchecked_version_the_fast_paths_stay_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(engine.CHECKED, "graphql-core", "0.0.1")
    assert engine.usable(True) is False
    built = build_schema()
    assert built.execution_context_class is not FastExecutionContext
    assert not any(cls in _BUILDERS for cls in input_classes(built))
    monkeypatch.undo()
    assert engine.usable(True) is True
    assert build_schema().execution_context_class is FastExecutionContext


def test_with_the_setting_off_the_api_runs_on_the_libraries_own_paths_and_answers_the_same() -> (
    None
):
    answers = []
    for fast in (False, True):
        with Harness(settings_for_tests(graphql_fast_paths=fast)) as api:
            compiled = any(cls in _BUILDERS for cls in input_classes(build_schema(fast_paths=fast)))
            assert compiled is fast
            variables = {
                "input": {"serviceId": str(EUR[0].id), "bookingDate": day(1), "quantity": 2}
            }
            added = api.data(ADD, variables, token=ALICE)["cartItemAdd"]
            lines = cart(api, ALICE)["items"]
            answers.append(
                (added["__typename"], [(line["serviceId"], line["quantity"]) for line in lines])
            )
    assert answers[0] == answers[1]
    assert answers[0][0] == "CartItemAddSuccess"
