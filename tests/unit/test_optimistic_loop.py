"""The one optimistic-write loop (kernel/concurrency.py) every service uses."""

from __future__ import annotations

import asyncio

import pytest

from graphql_api.kernel import concurrency
from graphql_api.kernel.concurrency import LOST, MAX_ATTEMPTS, Lost, optimistically
from graphql_api.kernel.errors import Unavailable


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    waits: list[int] = []

    async def backoff(attempt: int) -> None:
        waits.append(attempt)

    monkeypatch.setattr(concurrency, "backoff", backoff)
    return waits


def test_an_attempt_that_lost_is_run_again_after_a_backoff(no_waiting: list[int]) -> None:
    answers: list[str | Lost] = [LOST, LOST, "written"]

    async def attempt() -> str | Lost:
        return answers.pop(0)

    assert asyncio.run(optimistically(attempt, "cart")) == "written"
    assert no_waiting == [0, 1]


def test_falsy_results_are_results() -> None:
    async def attempt() -> bool | Lost:
        return False

    assert asyncio.run(optimistically(attempt, "journey plan")) is False


def test_after_every_attempt_lost_it_is_unavailable_naming_the_document() -> None:
    runs = 0

    async def attempt() -> int | Lost:
        nonlocal runs
        runs += 1
        return LOST

    with pytest.raises(Unavailable, match="The cart is changing too fast; retry"):
        asyncio.run(optimistically(attempt, "cart"))
    assert runs == MAX_ATTEMPTS


def test_an_error_inside_an_attempt_ends_the_loop() -> None:
    async def attempt() -> int | Lost:
        raise ValueError("a refusal")

    with pytest.raises(ValueError, match="a refusal"):
        asyncio.run(optimistically(attempt, "cart"))
