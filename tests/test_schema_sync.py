from __future__ import annotations

from pathlib import Path

from graphql_api.__main__ import main

COMMITTED = Path(__file__).resolve().parent.parent / "schema.graphql"


def test_committed_schema_is_current(tmp_path: Path) -> None:
    fresh = tmp_path / "schema.graphql"
    assert main(["export-schema", str(fresh)]) == 0
    assert COMMITTED.read_text(encoding="utf-8") == fresh.read_text(encoding="utf-8"), (
        "schema.graphql is stale: run `graphql-api export-schema schema.graphql`"
    )
