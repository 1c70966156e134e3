"""What a WebSocket may run. Only subscriptions: a query or a mutation goes over HTTP, through the
edge (its limits, persisted and trusted documents, request deadline). With trusted documents,
only theirs, as over HTTP: a socket is not a way around the manifest."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

ONLY_SUBSCRIPTIONS = "Over a WebSocket only subscriptions run: send queries and mutations over HTTP"
UNTRUSTED = (
    "This server runs only its trusted documents, and this subscription is not one of them: "
    "build the client with the server's manifest"
)


class SocketOperations(SchemaExtension):
    trusted: Collection[str] | None = None

    def on_validate(self) -> Iterator[None]:
        execution = self.execution_context
        if getattr(execution.context, "over_socket", False):
            refusal = None
            if execution.operation_type is not OperationType.SUBSCRIPTION:
                refusal = GraphQLError(ONLY_SUBSCRIPTIONS, extensions={"code": "BAD_REQUEST"})
            elif self.trusted is not None and execution.query not in self.trusted:
                code = "PERSISTED_QUERY_NOT_ALLOWED"
                refusal = GraphQLError(UNTRUSTED, extensions={"code": code})
            if refusal is not None:
                # As a validation error: the protocol's `error` message, and nothing runs.
                execution.pre_execution_errors = [refusal]
        yield


def socket_operations(trusted: Collection[str] | None) -> type[SocketOperations]:
    """The extension class for this app's trusted documents (their texts), or None for any."""
    return type("ConfiguredSocketOperations", (SocketOperations,), {"trusted": trusted})
