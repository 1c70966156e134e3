"""The lock files pin, with hashes, versions that pyproject.toml allows (see scripts/lock)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
_PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)(?:\s*;[^\\]*)?\s*\\$")


def pins(name: str) -> dict[str, tuple[Version, int]]:
    """Package -> (pinned version, number of hashes)."""
    found: dict[str, tuple[Version, int]] = {}
    current: str | None = None
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            current = canonicalize_name(match.group(1))
            found[current] = (Version(match.group(2)), 0)
        elif line.strip().startswith("--hash=sha256:") and current is not None:
            version, hashes = found[current]
            found[current] = (version, hashes + 1)
        elif line.strip() and not line.lstrip().startswith("#"):
            current = None
    return found


def wanted(extras: list[str]) -> list[Requirement]:
    requirements = [Requirement(r) for r in PROJECT["dependencies"]]
    pending = list(extras)
    while pending:
        for text in PROJECT["optional-dependencies"][pending.pop()]:
            requirement = Requirement(text)
            if canonicalize_name(requirement.name) == canonicalize_name(PROJECT["name"]):
                pending += sorted(requirement.extras)  # the project's own extras
            else:
                requirements.append(requirement)
    return requirements


@pytest.mark.parametrize(
    ("lock", "extras"), [("requirements.lock", []), ("requirements-dev.lock", ["dev"])]
)
def test_every_requirement_is_pinned_within_its_range_with_hashes(
    lock: str, extras: list[str]
) -> None:
    pinned = pins(lock)
    assert pinned, lock
    for requirement in wanted(extras):
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{lock} lacks {name}: run scripts/lock"
        version, _ = pinned[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock} pins {name}=={version}, outside {requirement.specifier}: run scripts/lock"
        )
    unhashed = [name for name, (_, hashes) in pinned.items() if hashes == 0]
    assert not unhashed, f"pins without hashes: {unhashed}"


def test_serve_and_test_run_the_same_versions() -> None:
    runtime, dev = pins("requirements.lock"), pins("requirements-dev.lock")
    differ = {n: (v, dev.get(n)) for n, (v, _) in runtime.items() if dev.get(n, (None,))[0] != v}
    assert not differ, f"runtime and dev locks disagree: {differ}"
