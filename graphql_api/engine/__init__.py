"""Fast paths that reach into Strawberry's and graphql-core's internals, kept together: compiled
completion of plain-data subtrees (execution) and compiled input conversion (inputs).

They were checked against the versions in CHECKED only: with any other version installed, or with
GRAPHQL_FAST_PATHS=false, the schema runs on the libraries' own paths (a test compares both), and
a test fails on an unchecked version so that upgrading means checking them again.
"""

from __future__ import annotations

import logging
from importlib.metadata import PackageNotFoundError, version

log = logging.getLogger(__name__)

# The library versions whose internals the fast paths were read and tested against.
CHECKED = {"strawberry-graphql": "0.341.2", "graphql-core": "3.3.2"}


def unchecked() -> dict[str, str]:
    """The installed versions that differ from CHECKED (library -> installed version)."""
    found = {}
    for name, checked in CHECKED.items():
        try:
            installed = version(name)
        except PackageNotFoundError:  # pragma: no cover - both are dependencies
            installed = "absent"
        if installed != checked:
            found[name] = installed
    return found


def usable(wanted: bool) -> bool:
    """Whether the fast paths may run: wanted, and the libraries are the checked versions."""
    if not wanted:
        return False
    other = unchecked()
    if other:
        log.warning("fast paths off: not checked against %s", other)
        return False
    return True
