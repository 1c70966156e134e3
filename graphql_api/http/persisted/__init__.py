"""Automatic persisted queries (Apollo's protocol): documents sent once, then by their hash."""
