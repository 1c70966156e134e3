"""GraphiQL works without the internet: the page names only assets this API serves."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from graphql_api.http import ide
from tests.harness import Harness, settings_for_tests

HTML = {"Accept": "text/html"}
NODE = shutil.which("npm") is not None


def referenced(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', page)


def test_the_assets_are_built_wherever_node_is_installed() -> None:
    # scripts/test builds them when npm is present; without Node the fallback below is tested.
    assert ide.built() or not NODE, "run scripts/build-graphiql"


@pytest.mark.skipif(not ide.built(), reason="GraphiQL's assets need Node.js to build")
def test_the_page_references_only_same_origin_assets_and_each_is_served(api: Harness) -> None:
    response = api.get("/graphql", headers=HTML)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    urls = referenced(response.text)
    assert len(urls) == len(ide.VENDORED) + len(ide.OWN)
    for url in urls:
        parts = urlsplit(url)
        assert not parts.scheme, url
        assert not parts.netloc, url
        assert url.startswith("/"), url
        asset = api.get(url)
        assert asset.status_code == 200, url
        assert asset.content, url
        kind = "text/css" if url.endswith(".css") else "text/javascript"
        assert asset.headers["content-type"].startswith(kind), url
    assert "<script>" not in response.text  # no inline script: the policy allows none


def test_only_listed_names_are_served(api: Harness) -> None:
    for path in ["__init__.py", "..%2F__init__.py", "assets", "nothing.js"]:
        assert api.get(f"{ide.PREFIX}/{path}").status_code == 404, path


def test_without_built_assets_the_page_still_loads_and_the_log_says_how_to_build(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(ide, "ASSETS", tmp_path)
    with caplog.at_level(logging.WARNING, logger="graphql_api.app.factory"):
        harness = Harness()
    try:
        assert "scripts/build-graphiql" in caplog.text
        response = harness.get("/graphql", headers=HTML)
        assert response.status_code == 200
        assert "GraphiQL" in response.text
        assert f"{ide.PREFIX}/start.js" not in response.text
        assert harness.get(f"{ide.PREFIX}/graphiql.min.js").status_code == 404
    finally:
        harness.close()


def test_with_the_ide_off_nothing_is_served() -> None:
    harness = Harness(settings_for_tests(graphql_ide=False))
    try:
        assert harness.get("/graphql", headers=HTML).status_code != 200
        assert harness.get(f"{ide.PREFIX}/start.js").status_code == 404
    finally:
        harness.close()


def test_the_page_keeps_the_pasted_authorization_header() -> None:
    start = (ide.HERE / "start.js").read_text(encoding="utf-8")
    assert "shouldPersistHeaders: true" in start
    assert "isHeadersEditorEnabled: true" in start
