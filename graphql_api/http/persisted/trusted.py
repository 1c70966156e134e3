"""Trusted documents: in this mode only the operations of a manifest are executed.

The manifest is the JSON object graphql-codegen's client preset writes with
`persistedDocuments: true` (`persisted-documents.json`): SHA-256 hash -> document text. Clients
send the hash (Apollo's `extensions.persistedQuery.sha256Hash`, or `documentId`); a document sent
as text is accepted only when its hash is in the manifest.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path

_HASH = re.compile(r"[0-9a-f]{64}")


class ManifestError(Exception):
    """The manifest cannot be used; the message is one line."""


def digest(query: str) -> str:
    return hashlib.sha256(query.encode("utf-8", "surrogatepass")).hexdigest()


def load_manifest(path: Path) -> Mapping[str, str]:
    """Read and check a manifest: every key must be the SHA-256 of its document."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ManifestError(f"cannot read {path} ({exc.strerror})") from None
    except ValueError as exc:
        raise ManifestError(f"{path} is not JSON ({exc})") from None
    if not isinstance(raw, dict) or not raw:
        raise ManifestError(f"{path} must be a non-empty JSON object of hash -> document")
    documents: dict[str, str] = {}
    for key, document in raw.items():
        if not isinstance(document, str):
            raise ManifestError(f"{path}: the entry {key[:16]}... is not a document string")
        hashed = key.lower().removeprefix("sha256:")
        if not _HASH.fullmatch(hashed) or digest(document) != hashed:
            raise ManifestError(f"{path}: the key {key[:16]}... is not the SHA-256 of its document")
        documents[hashed] = document
    return documents
