"""Travelers' carts: one document per line in `cart_items`, plus one head per traveler."""
