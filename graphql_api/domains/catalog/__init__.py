"""The read-only catalog of bookable services."""
