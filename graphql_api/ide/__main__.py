"""python -m graphql_api.ide NODE_MODULES: copy GraphiQL's assets out of an npm install."""

import sys
from pathlib import Path

from graphql_api.ide import ASSETS, install

install(Path(sys.argv[1]))
print(f"GraphiQL assets installed in {ASSETS}")
