"""The HTTP side of a request, before and around GraphQL: the edge (request ids, bounded bodies,
malformed requests, deadlines), content negotiation, the direct POST path, persisted queries.
It never imports a domain."""
