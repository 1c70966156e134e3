"""python -m graphql_api.http.ide NODE_MODULES: copy GraphiQL's assets out of an npm install."""

import sys
from pathlib import Path

from graphql_api.http.ide import ASSETS, install

install(Path(sys.argv[1]))
print(f"GraphiQL assets installed in {ASSETS}")
