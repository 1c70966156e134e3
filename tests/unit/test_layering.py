"""Motor is in critical-fix-only support: only db.py and repositories may import it."""

from __future__ import annotations

import ast
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
        if imports_motor(path) and path.name not in {"db.py", "repository.py"}
    ]
    assert offenders == []
    assert imports_motor(PACKAGE / "db.py")
