"""The domains: catalog, cart (with checkout, cart -> plan), journeys, traveler. Each holds
its model, repository (every query, scoped by traveler), service and GraphQL types."""
