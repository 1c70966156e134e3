"""The date, time and decimal scalars, with the specifications their text follows (@specifiedBy).

Strawberry's built-ins parse and print these; only the descriptions and specification links differ.
Code generators read the links (the README maps all three to `string` in TypeScript).
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal

from strawberry.schema.types.base_scalars import (
    DateDefinition,
    DateTimeDefinition,
    DecimalDefinition,
)
from strawberry.types.scalar import ScalarDefinition

DATE_TIME_SPEC = "https://scalars.graphql.org/andimarek/date-time"
DATE_SPEC = "https://scalars.graphql.org/andimarek/local-date"
DECIMAL_SPEC = "https://speleotrove.com/decimal/daconvs.html"


def _specified(base: ScalarDefinition, description: str, url: str) -> ScalarDefinition:
    return dataclasses.replace(base, description=description, specified_by_url=url)


SCALAR_OVERRIDES: dict[object, ScalarDefinition] = {
    datetime.datetime: _specified(
        DateTimeDefinition,
        "An instant as RFC 3339 text with a UTC offset, e.g. 2027-03-14T09:30:00+00:00",
        DATE_TIME_SPEC,
    ),
    datetime.date: _specified(
        DateDefinition, "A calendar date as ISO 8601 text (YYYY-MM-DD), e.g. 2027-03-14", DATE_SPEC
    ),
    decimal.Decimal: _specified(
        DecimalDefinition,
        'An exact decimal number as a string, e.g. "140.00" (never a JSON number, '
        "which would round)",
        DECIMAL_SPEC,
    ),
}
