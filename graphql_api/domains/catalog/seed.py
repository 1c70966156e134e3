"""A deterministic demo catalog, loaded by `seed-demo` and by `serve` on the embedded store."""

from __future__ import annotations

from bson import ObjectId
from pymongo.errors import BulkWriteError

from graphql_api.domains.catalog.models import Category, Location, Service
from graphql_api.domains.catalog.repository import COLLECTION, service_to_doc
from graphql_api.infra.mongo import Database
from graphql_api.kernel.money import MoneyValue

DUPLICATE_KEY = 11000

# Fixed ObjectId prefix (timestamp + marker) so ids, and so the catalog order, never change.
_ID_PREFIX = bytes.fromhex("65000000") + b"demo\x00"

C = Category
# (name, category, price in minor units, currency, (country, region, district, area), max, active)
_ROWS: list[tuple[str, Category, int, str, tuple[str, str, str, str], int, bool]] = [
    (
        "Gion Machiya Stay",
        C.ACCOMMODATION,
        28000,
        "JPY",
        ("Japan", "Kansai", "Kyoto", "Gion"),
        4,
        True,
    ),
    (
        "Fushimi Inari Dawn Walk",
        C.TOUR,
        6500,
        "JPY",
        ("Japan", "Kansai", "Kyoto", "Fushimi"),
        12,
        True,
    ),
    (
        "Kyoto Tea Ceremony",
        C.ACTIVITY,
        4500,
        "JPY",
        ("Japan", "Kansai", "Kyoto", "Higashiyama"),
        8,
        True,
    ),
    (
        "Nishiki Market Tasting",
        C.DINING,
        8000,
        "JPY",
        ("Japan", "Kansai", "Kyoto", "Nakagyo"),
        10,
        True,
    ),
    (
        "Osaka Street Food Guide",
        C.GUIDE,
        12000,
        "JPY",
        ("Japan", "Kansai", "Osaka", "Namba"),
        6,
        True,
    ),
    (
        "Kansai Rail Day Pass",
        C.TRANSPORT,
        2800,
        "JPY",
        ("Japan", "Kansai", "Osaka", "Umeda"),
        1,
        True,
    ),
    (
        "Shinjuku Capsule Hotel",
        C.ACCOMMODATION,
        5500,
        "JPY",
        ("Japan", "Kanto", "Tokyo", "Shinjuku"),
        1,
        True,
    ),
    (
        "Tsukiji Sushi Workshop",
        C.ACTIVITY,
        15000,
        "JPY",
        ("Japan", "Kanto", "Tokyo", "Chuo"),
        8,
        True,
    ),
    (
        "Mount Fuji Day Trip",
        C.TOUR,
        18000,
        "JPY",
        ("Japan", "Kanto", "Yamanashi", "Kawaguchiko"),
        20,
        True,
    ),
    ("Tokyo Pocket Wi-Fi", C.OTHER, 3000, "JPY", ("Japan", "Kanto", "Tokyo", "Minato"), 1, True),
    (
        "Hakone Ropeway Ticket",
        C.TRANSPORT,
        2500,
        "JPY",
        ("Japan", "Kanto", "Kanagawa", "Hakone"),
        1,
        False,
    ),
    (
        "Trastevere Apartment",
        C.ACCOMMODATION,
        14000,
        "EUR",
        ("Italy", "Lazio", "Rome", "Trastevere"),
        5,
        True,
    ),
    ("Colosseum Skip-the-Line", C.TOUR, 5900, "EUR", ("Italy", "Lazio", "Rome", "Celio"), 25, True),
    ("Roman Pasta Class", C.ACTIVITY, 7500, "EUR", ("Italy", "Lazio", "Rome", "Monti"), 10, True),
    ("Vatican Art Historian", C.GUIDE, 22000, "EUR", ("Italy", "Lazio", "Rome", "Prati"), 8, True),
    (
        "Rome Airport Transfer",
        C.TRANSPORT,
        5500,
        "EUR",
        ("Italy", "Lazio", "Rome", "Fiumicino"),
        4,
        True,
    ),
    (
        "Chianti Vineyard Lunch",
        C.DINING,
        9500,
        "EUR",
        ("Italy", "Tuscany", "Siena", "Chianti"),
        12,
        True,
    ),
    (
        "Florence Duomo Climb",
        C.TOUR,
        3500,
        "EUR",
        ("Italy", "Tuscany", "Florence", "Duomo"),
        15,
        True,
    ),
    (
        "Oltrarno Artisan Walk",
        C.GUIDE,
        12000,
        "EUR",
        ("Italy", "Tuscany", "Florence", "Oltrarno"),
        6,
        True,
    ),
    (
        "Tuscan Farmhouse",
        C.ACCOMMODATION,
        18000,
        "EUR",
        ("Italy", "Tuscany", "Siena", "Val d'Orcia"),
        6,
        True,
    ),
    (
        "Florence Luggage Storage",
        C.OTHER,
        800,
        "EUR",
        ("Italy", "Tuscany", "Florence", "Santa Maria Novella"),
        1,
        True,
    ),
    (
        "Cusco Boutique Hotel",
        C.ACCOMMODATION,
        12000,
        "USD",
        ("Peru", "Cusco", "Cusco", "San Blas"),
        3,
        True,
    ),
    (
        "Machu Picchu Guided Tour",
        C.TOUR,
        16500,
        "USD",
        ("Peru", "Cusco", "Urubamba", "Aguas Calientes"),
        16,
        True,
    ),
    (
        "Sacred Valley Horse Ride",
        C.ACTIVITY,
        6000,
        "USD",
        ("Peru", "Cusco", "Urubamba", "Ollantaytambo"),
        8,
        True,
    ),
    (
        "Vistadome Train",
        C.TRANSPORT,
        9000,
        "USD",
        ("Peru", "Cusco", "Urubamba", "Ollantaytambo"),
        1,
        True,
    ),
    (
        "Quechua-speaking Guide",
        C.GUIDE,
        8000,
        "USD",
        ("Peru", "Cusco", "Cusco", "Centro"),
        10,
        True,
    ),
    (
        "Lima Ceviche Tasting",
        C.DINING,
        4500,
        "USD",
        ("Peru", "Lima", "Lima", "Miraflores"),
        12,
        True,
    ),
    (
        "Barranco Street Art Walk",
        C.TOUR,
        3000,
        "USD",
        ("Peru", "Lima", "Lima", "Barranco"),
        15,
        True,
    ),
    ("Lima Surf Lesson", C.ACTIVITY, 5000, "USD", ("Peru", "Lima", "Lima", "Miraflores"), 4, False),
    (
        "Rainbow Mountain Trek",
        C.TOUR,
        7000,
        "USD",
        ("Peru", "Cusco", "Quispicanchi", "Pitumarca"),
        14,
        True,
    ),
    (
        "Alfama Fado Dinner",
        C.DINING,
        6500,
        "EUR",
        ("Portugal", "Lisbon", "Lisbon", "Alfama"),
        10,
        True,
    ),
    (
        "Sintra Palaces Tour",
        C.TOUR,
        8900,
        "EUR",
        ("Portugal", "Lisbon", "Sintra", "Sintra"),
        18,
        True,
    ),
    (
        "Douro Valley Cruise",
        C.TOUR,
        11000,
        "EUR",
        ("Portugal", "Norte", "Porto", "Ribeira"),
        30,
        True,
    ),
    (
        "Porto Riverside Hostel",
        C.ACCOMMODATION,
        3500,
        "EUR",
        ("Portugal", "Norte", "Porto", "Ribeira"),
        2,
        True,
    ),
    (
        "Lisbon Tram 28 Pass",
        C.TRANSPORT,
        1000,
        "EUR",
        ("Portugal", "Lisbon", "Lisbon", "Baixa"),
        1,
        True,
    ),
    (
        "Travel Insurance Add-on",
        C.OTHER,
        2500,
        "EUR",
        ("Portugal", "Lisbon", "Lisbon", "Baixa"),
        1,
        True,
    ),
]


def demo_id(index: int) -> ObjectId:
    return ObjectId(_ID_PREFIX + index.to_bytes(3, "big"))


def demo_services() -> list[Service]:
    """The demo catalog as models, in id order."""
    services = []
    for index, (name, category, minor, currency, place, max_p, active) in enumerate(_ROWS, 1):
        country, region, district, area = place
        services.append(
            Service(
                id=demo_id(index),
                name=name,
                category=category,
                description=f"{name} in {area}, {district} ({country}).",
                price=MoneyValue(minor, currency),
                location=Location(country, region, district, area),
                max_participants=max_p,
                active=active,
            )
        )
    return services


async def seed_demo(db: Database) -> int:
    """Put the demo catalog in place by id; running it again changes nothing. Returns the count."""
    services = demo_services()
    collection = db[COLLECTION]
    wanted = {service.id: service_to_doc(service) for service in services}
    found = await collection.find({"_id": {"$in": list(wanted)}}).to_list(None)
    stored = {doc["_id"]: doc for doc in found}
    # A server commits each write on its own, so new catalogs go in with one command.
    missing = [doc for oid, doc in wanted.items() if oid not in stored]
    if missing:
        try:
            await collection.insert_many(missing, ordered=False)
        except BulkWriteError as exc:
            # Another instance seeding at the same moment inserted some first: same documents.
            if any(error["code"] != DUPLICATE_KEY for error in exc.details["writeErrors"]):
                raise
    for oid, doc in wanted.items():
        if oid in stored and stored[oid] != doc:
            await collection.replace_one({"_id": oid}, doc)
    return len(services)
