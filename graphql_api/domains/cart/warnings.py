"""A checkout refused for warnings (catalog/warnings.py): nothing changes until the lines are fixed
or their prices accepted."""

from __future__ import annotations

from graphql_api.domains.catalog.warnings import WarningCode
from graphql_api.kernel.errors import DomainError, ErrorCode


class CartHasWarnings(DomainError):
    """Checkout of a cart with warnings: nothing changes until they are fixed or accepted."""

    code = ErrorCode.CART_HAS_WARNINGS

    def __init__(self, line_ids: list[str], codes: list[WarningCode]) -> None:
        super().__init__(
            f"{len(line_ids)} line(s) cannot be booked as they stand "
            f"({', '.join(c.value for c in codes)}): fix them, or accept new prices "
            "(cartAcceptPrices), then check out"
        )
        self.line_ids = line_ids
        self.codes = codes
