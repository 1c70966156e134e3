"""Per-request DataLoader for services by id."""

from __future__ import annotations

from collections.abc import Sequence

from strawberry.dataloader import DataLoader

from graphql_api.domains.catalog.models import Service
from graphql_api.domains.catalog.repository import ServiceRepository
from graphql_api.kernel.ids import parse_object_id

ServiceLoader = DataLoader[str, Service | None]


def service_loader(repository: ServiceRepository) -> ServiceLoader:
    """Batch every `load(id)` of one tick into a single `$in` query; None for missing ids."""

    async def load(keys: Sequence[str]) -> list[Service | None]:
        oids = [parse_object_id(key) for key in keys]
        found = await repository.get_many([oid for oid in oids if oid is not None])
        return [found.get(oid) if oid is not None else None for oid in oids]

    return DataLoader(load_fn=load)
