"""Which operations each transport runs. A subscription needs a stream (a WebSocket, or an event
stream: `Accept: text/event-stream`); an ordinary POST or GET cannot carry one. A WebSocket runs
subscriptions only: a query or a mutation goes over HTTP, through the edge (its limits, persisted
and trusted documents, request deadline). With trusted documents, a socket runs only theirs, as
HTTP does: it is not a way around the manifest."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

NEEDS_A_STREAM = (
    "A subscription needs a stream: a WebSocket (graphql-transport-ws) or a POST with "
    "Accept: text/event-stream"
)
ONLY_SUBSCRIPTIONS = "Over a WebSocket only subscriptions run: send queries and mutations over HTTP"
UNTRUSTED = (
    "This server runs only its trusted documents, and this subscription is not one of them: "
    "build the client with the server's manifest"
)


class TransportRules(SchemaExtension):
    trusted: Collection[str] | None = None

    def on_validate(self) -> Iterator[None]:
        refusal = self._refusal()
        if refusal is not None:
            # As a validation error: nothing runs, and a socket gets the protocol's `error`.
            self.execution_context.pre_execution_errors = [refusal]
        yield

    def _refusal(self) -> GraphQLError | None:
        execution = self.execution_context
        if execution.graphql_document is None or execution.pre_execution_errors:
            return None  # refused already (a limit before parsing): that error stands
        try:
            subscription = execution.operation_type is OperationType.SUBSCRIPTION
        except RuntimeError:
            return None  # no such operation: validation says so
        request = execution.context
        if getattr(request, "over_socket", False):
            if not subscription:
                return GraphQLError(ONLY_SUBSCRIPTIONS, extensions={"code": "BAD_REQUEST"})
            if self.trusted is not None and execution.query not in self.trusted:
                code = "PERSISTED_QUERY_NOT_ALLOWED"
                return GraphQLError(UNTRUSTED, extensions={"code": code})
        elif subscription and not getattr(request, "streaming", False):
            return GraphQLError(NEEDS_A_STREAM, extensions={"code": "BAD_REQUEST"})
        return None


def transport_rules(trusted: Collection[str] | None) -> type[TransportRules]:
    """The extension class for this app's trusted documents (their texts), or None for any."""
    return type("ConfiguredTransportRules", (TransportRules,), {"trusted": trusted})
