"""Travelers' carts: one document per traveler in `carts`, its lines embedded."""
