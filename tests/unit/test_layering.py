"""The package's layers: Motor (in critical-fix-only support) only in infra/mongo.py and the
repositories; domain code never reaching the GraphQL library; kernel/ and infra/ below the rest."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "graphql_api"


def imports_motor(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(
            a.name.split(".")[0] == "motor" for a in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "motor":
            return True
    return False


def test_motor_is_imported_only_by_the_database_module_and_repositories() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if imports_motor(path)
        and path.relative_to(PACKAGE).as_posix() != "infra/mongo.py"
        and path.name != "repository.py"
    ]
    assert offenders == []
    assert imports_motor(PACKAGE / "infra" / "mongo.py")


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def module_path(name: str) -> Path | None:
    parts = name.split(".")
    if parts[0] != "graphql_api":
        return None
    base = PACKAGE.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def reachable(start: Path) -> dict[Path, set[str]]:
    """Every project module `start` imports, directly or not, with its own imports."""
    seen: dict[Path, set[str]] = {}
    pending = [start]
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen[path] = imported_modules(path)
        pending.extend(p for p in map(module_path, seen[path]) if p is not None)
    return seen


DOMAIN = [
    *PACKAGE.glob("domains/*/models.py"),
    *PACKAGE.glob("domains/*/service.py"),
    *PACKAGE.glob("domains/*/repository.py"),
    PACKAGE / "domains" / "cart" / "checkout.py",
    PACKAGE / "domains" / "journeys" / "pricing.py",
    PACKAGE / "domains" / "journeys" / "changes.py",
    PACKAGE / "infra" / "idempotency.py",
    PACKAGE / "infra" / "changes.py",
]
GRAPHQL_LIBRARIES = ("strawberry", "graphql", "fastapi", "starlette")


def test_domain_code_does_not_reach_the_graphql_library() -> None:
    assert len(DOMAIN) == 14
    offenders = {
        f"{start.relative_to(PACKAGE)} -> {path.relative_to(PACKAGE)}: {name}"
        for start in DOMAIN
        for path, names in reachable(start).items()
        for name in names
        if name.split(".")[0] in GRAPHQL_LIBRARIES
    }
    assert offenders == set()


# What each lower layer may import of the package: kernel/ only itself; infra/ the kernel and the
# settings it is configured by (app/settings.py, which imports no other layer).
BELOW = {"kernel": {"kernel"}, "infra": {"kernel", "infra", "app.settings"}}


def test_kernel_and_infra_import_nothing_above_them() -> None:
    offenders = set()
    for layer, allowed in BELOW.items():
        files = list((PACKAGE / layer).rglob("*.py"))
        assert files, layer
        for path in files:
            for name in imported_modules(path):
                parts = name.split(".")
                inside = {parts[1], ".".join(parts[1:3])} if len(parts) > 1 else set()
                if parts[0] == "graphql_api" and len(parts) > 1 and not inside & allowed:
                    offenders.add(f"{path.relative_to(PACKAGE)}: {name}")
    assert offenders == set()


def test_the_settings_import_no_other_layer() -> None:
    names = imported_modules(PACKAGE / "app" / "settings.py")
    assert {name for name in names if name.startswith("graphql_api")} == set()


# Every entry at the top of the package is a layer or the command line.
LAYERS = {"app", "http", "graphql", "engine", "kernel", "infra", "domains"}


def test_the_top_of_the_package_holds_only_layers_and_the_entry_point() -> None:
    entries = {
        path.name
        for path in PACKAGE.iterdir()
        if path.name != "__pycache__" and not path.name.endswith(".egg-info")
    }
    assert entries == LAYERS | {"__init__.py", "__main__.py"}


def test_the_layers_below_the_domains_import_no_domain() -> None:
    # The domains sit above the GraphQL layer: app/ composes them (app/domains.py).
    offenders = set()
    for layer in ("graphql", "http", "engine", "infra", "kernel"):
        for path in (PACKAGE / layer).rglob("*.py"):
            for name in imported_modules(path):
                parts = name.split(".")
                if parts[:2] == ["graphql_api", "domains"]:
                    offenders.add(f"{path.relative_to(PACKAGE)}: {name}")
    assert offenders == set()


# A module a newcomer can read in one sitting; the demo catalog's seed is data, not code.
MAX_MODULE_LINES = 350
LONG_BY_NATURE = {"domains/catalog/seed.py"}


def test_no_module_is_longer_than_a_sitting() -> None:
    long = {
        f"{path.relative_to(PACKAGE)}: {lines}"
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).as_posix() not in LONG_BY_NATURE
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == set()


# The files where a domain's rules live: they name fields the domain's way (snake_case), never
# the API's; the GraphQL layer translates issue paths (graphql/errors.py api_path).
RULE_FILES = {"models.py", "service.py", "pricing.py", "checkout.py", "repository.py"}
CAMEL = re.compile(r"(?<![\w$.])[a-z]+[A-Z][A-Za-z0-9]*")


def camel_case_strings(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found += [f"{node.lineno}: {word}" for word in CAMEL.findall(node.value)]
    return found


def test_domain_rules_speak_the_domains_language() -> None:
    files = sorted(p for p in (PACKAGE / "domains").glob("*/*.py") if p.name in RULE_FILES)
    assert len(files) >= 8
    offenders = {
        str(path.relative_to(PACKAGE)): words
        for path in files
        if (words := camel_case_strings(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
    assert camel_case_strings('x = ("input", "bookingDate")') == ["1: bookingDate"]
