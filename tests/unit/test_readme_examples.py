"""Every GraphQL example in the READMEs and docs/ is a named operation that the schema accepts,
the codegen config maps every custom scalar the schema has, and every link between them lands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import (
    GraphQLScalarType,
    OperationDefinitionNode,
    build_schema,
    parse,
    specified_scalar_types,
    validate,
)

ROOT = Path(__file__).resolve().parents[2]
READMES = [
    ROOT / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    *sorted((ROOT / "clients").glob("*/README.md")),
]
SCHEMA = build_schema((ROOT / "schema.graphql").read_text(encoding="utf-8"))


def blocks(language: str) -> list[tuple[str, str]]:
    fence = re.compile(rf"^```{language}\n(.*?)^```", re.DOTALL | re.MULTILINE)
    found = []
    for readme in READMES:
        text = readme.read_text(encoding="utf-8")
        found += [(readme.relative_to(ROOT).as_posix(), m.group(1)) for m in fence.finditer(text)]
    return found


EXAMPLES = blocks("graphql")


def test_there_are_examples_to_check() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize(("readme", "example"), EXAMPLES)
def test_each_example_is_valid_against_the_schema(readme: str, example: str) -> None:
    # "…" stands for an id the reader fills in.
    document = parse(example.replace("…", "6500000064656d6f00000001"))
    errors = validate(SCHEMA, document)
    assert not errors, f"{readme}: {[e.message for e in errors]}"


def test_every_operation_is_named_and_names_are_unique() -> None:
    names: list[str] = []
    for readme, example in EXAMPLES:
        for definition in parse(example).definitions:
            if isinstance(definition, OperationDefinitionNode):
                assert definition.name is not None, f"{readme}: an anonymous operation"
                names.append(definition.name.value)
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates, f"operation names used twice: {duplicates}"


def test_the_codegen_config_maps_every_custom_scalar_to_string() -> None:
    custom = {
        name
        for name, kind in SCHEMA.type_map.items()
        if isinstance(kind, GraphQLScalarType) and name not in specified_scalar_types
    }
    assert custom == {"Date", "DateTime", "Decimal"}
    configs = [code for _, code in blocks("ts") if "CodegenConfig" in code]
    assert configs, "README has no codegen config"
    for config in configs:
        scalars = re.search(r"scalars:\s*\{(.*?)\}", config, re.DOTALL)
        assert scalars is not None
        mapped = dict(re.findall(r"(\w+):\s*\"(\w+)\"", scalars.group(1)))
        assert mapped == dict.fromkeys(custom, "string")


def test_each_custom_scalar_names_its_specification() -> None:
    for name in ("Date", "DateTime", "Decimal"):
        scalar = SCHEMA.type_map[name]
        assert isinstance(scalar, GraphQLScalarType)
        assert (scalar.specified_by_url or "").startswith("https://"), name


def slug(heading: str) -> str:
    return re.sub(r"[^a-z0-9 -]", "", heading.strip().lower()).replace(" ", "-")


def test_every_local_link_and_anchor_lands() -> None:
    headings = {
        path: {slug(h) for h in re.findall(r"(?m)^#{1,4} (.+)$", path.read_text(encoding="utf-8"))}
        for path in READMES
    }
    broken = []
    for path in READMES:
        for link in re.findall(r"\]\(([^)\s]+)\)", path.read_text(encoding="utf-8")):
            if link.startswith(("http:", "https:", "mailto:")):
                continue
            target, _, anchor = link.partition("#")
            resolved = (path.parent / target).resolve() if target else path
            missing_anchor = bool(anchor) and anchor not in headings.get(resolved, {anchor})
            if not resolved.exists() or missing_anchor:
                broken.append(f"{path.relative_to(ROOT)}: {link}")
    assert broken == []
