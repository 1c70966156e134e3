"""The application: its factory (wiring only) and its settings.

`graphql_api.app:create_app` stays the factory's address for uvicorn and deployments; it is
looked up lazily so that importing the settings does not import the whole application.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graphql_api.app.factory import create_app as create_app


def __getattr__(name: str) -> object:
    if name == "create_app":
        from graphql_api.app.factory import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
