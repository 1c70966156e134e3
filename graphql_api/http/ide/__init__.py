"""GraphiQL served by the API itself, so it works without the internet.

Its assets come from npm (tools/graphiql, pinned by its package-lock.json) and are copied into
`assets/` by `scripts/build-graphiql` (the Docker image does this in a Node stage). Without them
the page falls back to Strawberry's, which loads the same libraries from a public CDN.
"""

from __future__ import annotations

import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
ASSETS = HERE / "assets"
PREFIX = "/graphiql"

# Served name -> file inside node_modules, in the order the page loads them.
VENDORED = {
    "graphiql.min.css": "graphiql/graphiql.min.css",
    "plugin-explorer.css": "@graphiql/plugin-explorer/dist/style.css",
    "react.production.min.js": "react/umd/react.production.min.js",
    "react-dom.production.min.js": "react-dom/umd/react-dom.production.min.js",
    "graphiql.min.js": "graphiql/graphiql.min.js",
    "plugin-explorer.umd.js": "@graphiql/plugin-explorer/dist/index.umd.js",
}
# Our own files, committed beside this module.
OWN = ("ide.css", "start.js")

MEDIA_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}


def built() -> bool:
    return all((ASSETS / name).is_file() for name in VENDORED)


def asset_path(name: str) -> Path | None:
    """The file for a served name, or None: only the listed names are ever served."""
    if name in OWN:
        return HERE / name
    if name in VENDORED and (ASSETS / name).is_file():
        return ASSETS / name
    return None


def page() -> str:
    """The GraphiQL page; every asset it references is served by this API."""
    styles = [n for n in (*VENDORED, *OWN) if n.endswith(".css")]
    scripts = [n for n in (*VENDORED, *OWN) if n.endswith(".js")]
    links = "\n".join(f'    <link rel="stylesheet" href="{PREFIX}/{n}">' for n in styles)
    tags = "\n".join(f'    <script src="{PREFIX}/{n}"></script>' for n in scripts)
    return f"""<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Travel API · GraphiQL</title>
{links}
  </head>
  <body>
    <div id="graphiql">Loading…</div>
{tags}
  </body>
</html>
"""


# Only this origin's scripts run on the page; GraphiQL sets inline styles and data: icons.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"
)


def install(node_modules: Path) -> None:
    """Copy the vendored files out of an npm install."""
    ASSETS.mkdir(parents=True, exist_ok=True)
    for name, source in VENDORED.items():
        shutil.copyfile(node_modules / source, ASSETS / name)
