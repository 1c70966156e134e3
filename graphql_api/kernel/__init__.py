"""Plain code every domain uses: domain errors and issue paths, money, clock, ids, text, the
optimistic-write loop. It imports no other layer of the package."""
