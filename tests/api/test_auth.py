from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from graphql_api.__main__ import main
from graphql_api.app.settings import Settings
from tests.conftest import make_token
from tests.harness import TEST_SECRET, Harness, settings_for_tests

ME = "query { me { id } }"
SERVICES = "query { services(first: 1) { edges { node { id } } } }"

PRIVATE_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PUBLIC_PEM = (
    PRIVATE_KEY.public_key()
    .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    .decode()
)


def assert_unauthenticated(response: Any, header: str) -> None:
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == header
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "Traceback" not in response.text


def test_valid_token_reaches_me(api: Harness) -> None:
    assert api.data(ME, token=make_token("alice"))["me"] == {"id": "alice"}


def test_missing_token_on_protected_field_is_401(api: Harness) -> None:
    response = api.post({"query": ME})
    assert_unauthenticated(response, "Bearer")


def test_public_fields_need_no_token(api: Harness) -> None:
    assert len(api.data(SERVICES)["services"]["edges"]) == 1


def _none_alg_token() -> str:
    import base64

    def b64(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    claims = {"sub": "mallory", "exp": int(time.time()) + 600}
    return f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims)}."


INVALID_TOKENS = {
    "bad signature": lambda: make_token("alice", key="another-secret-of-sufficient-length-xx"),
    "expired": lambda: make_token("alice", ttl=-3600),
    "alg none": _none_alg_token,
    "rs token where only HS is accepted": lambda: make_token(
        "alice", key=PRIVATE_KEY, algorithm="RS256"
    ),
    "missing sub": lambda: make_token(None),
    "empty sub": lambda: make_token(""),
    "missing exp": lambda: jwt.encode({"sub": "alice"}, TEST_SECRET, algorithm="HS256"),
    "garbage": lambda: "not.a.token",
    "HS384 not allowed": lambda: make_token("alice", algorithm="HS384"),
}


@pytest.mark.parametrize("make", INVALID_TOKENS.values(), ids=INVALID_TOKENS.keys())
def test_invalid_tokens_are_401_even_on_public_fields(api: Harness, make: Any) -> None:
    for query in (ME, SERVICES):
        response = api.post({"query": query}, token=make())
        assert_unauthenticated(response, 'Bearer error="invalid_token"')


def test_non_bearer_authorization_is_401(api: Harness) -> None:
    response = api.post({"query": SERVICES}, headers={"Authorization": "Basic YWxhZGRpbjpvcGVu"})
    assert_unauthenticated(response, 'Bearer error="invalid_token"')


def test_tokens_never_reach_logs_or_responses(
    api: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    bad = make_token("alice", key="another-secret-of-sufficient-length-xx")
    good = make_token("bob")
    with caplog.at_level(logging.DEBUG):
        bad_response = api.post({"query": ME}, token=bad)
        good_response = api.post({"query": "{ me { id } nope }"}, token=good)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for token, response in ((bad, bad_response), (good, good_response)):
        assert token not in logged
        assert token not in response.text
    assert TEST_SECRET not in logged


@pytest.fixture
def issuer_api() -> Iterator[Harness]:
    with Harness(
        settings_for_tests(jwt_issuer="https://auth.test", jwt_audience="travel-api")
    ) as h:
        yield h


def test_issuer_and_audience_are_enforced(issuer_api: Harness) -> None:
    good = make_token("alice", iss="https://auth.test", aud="travel-api")
    assert issuer_api.data(ME, token=good)["me"]["id"] == "alice"
    for bad in (
        make_token("alice", iss="https://evil.test", aud="travel-api"),
        make_token("alice", iss="https://auth.test", aud="other-api"),
        make_token("alice"),
    ):
        response = issuer_api.post({"query": ME}, token=bad)
        assert_unauthenticated(response, 'Bearer error="invalid_token"')


def test_leeway_accepts_small_clock_skew(api: Harness) -> None:
    assert api.data(ME, token=make_token("alice", ttl=-10))["me"]["id"] == "alice"


@pytest.fixture
def rsa_api() -> Iterator[Harness]:
    with Harness(settings_for_tests(jwt_algorithms="RS256", jwt_public_key=PUBLIC_PEM)) as h:
        yield h


def test_rs256_with_public_key(rsa_api: Harness) -> None:
    good = make_token("alice", key=PRIVATE_KEY, algorithm="RS256")
    assert rsa_api.data(ME, token=good)["me"]["id"] == "alice"


def test_hs_rs_confusion_is_rejected(rsa_api: Harness) -> None:
    # The classic attack: HMAC-sign with the server's public key as the secret.
    import base64
    import hashlib
    import hmac

    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = b64(json.dumps({"sub": "mallory", "exp": int(time.time()) + 600}).encode())
    signature = hmac.new(PUBLIC_PEM.encode(), f"{header}.{claims}".encode(), hashlib.sha256)
    forged = f"{header}.{claims}.{b64(signature.digest())}"
    response = rsa_api.post({"query": ME}, token=forged)
    assert_unauthenticated(response, 'Bearer error="invalid_token"')


@pytest.fixture
def jwks_server() -> Iterator[tuple[str, list[int]]]:
    """A JWKS endpoint on loopback; yields its URL and a list that grows per fetch."""
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(PRIVATE_KEY.public_key()))
    body = json.dumps({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]}).encode()
    hits: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(1)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/jwks.json", hits
    finally:
        server.shutdown()
        server.server_close()


def rs_token(sub: str, kid: str) -> str:
    claims = {"sub": sub, "exp": int(time.time()) + 600}
    return jwt.encode(claims, PRIVATE_KEY, algorithm="RS256", headers={"kid": kid})


def test_jwks_keys_are_fetched_and_cached(jwks_server: tuple[str, list[int]]) -> None:
    url, hits = jwks_server
    with Harness(settings_for_tests(jwt_algorithms="RS256", jwt_jwks_url=url)) as api:
        for sub in ("alice", "bob", "carol"):
            assert api.data(ME, token=rs_token(sub, "k1"))["me"]["id"] == sub
        assert len(hits) == 1
        response = api.post({"query": ME}, token=rs_token("alice", "k9"))
        assert_unauthenticated(response, 'Bearer error="invalid_token"')


def test_unreachable_jwks_is_503_not_401() -> None:
    settings = settings_for_tests(jwt_algorithms="RS256", jwt_jwks_url="http://127.0.0.1:9/jwks")
    with Harness(settings) as api:
        response = api.post({"query": ME}, token=rs_token("alice", "k1"))
        assert response.status_code == 503
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAVAILABLE"


def test_token_command_prints_one_verifiable_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JWT_SECRET", TEST_SECRET)
    monkeypatch.delenv("APP_ENV", raising=False)
    assert main(["token", "alice", "--ttl-minutes", "5"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    claims = jwt.decode(out.strip(), TEST_SECRET, algorithms=["HS256"])
    assert claims["sub"] == "alice"
    assert 290 <= claims["exp"] - time.time() <= 301


def test_token_command_is_refused_in_production(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("JWT_SECRET", TEST_SECRET)
    monkeypatch.setenv("MONGODB_URI", "mongodb://db.example:27017")
    assert main(["token", "alice"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "production" in captured.err


def test_dev_token_verifies_against_the_api(api: Harness) -> None:
    from graphql_api.graphql.auth import mint_dev_token

    settings: Settings = api.settings
    assert api.data(ME, token=mint_dev_token(settings, "carol"))["me"]["id"] == "carol"
