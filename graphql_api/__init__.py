"""GraphQL persistence API for travel carts and journey plans."""
