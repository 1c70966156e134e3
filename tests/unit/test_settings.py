from __future__ import annotations

from pathlib import Path

import pytest

from graphql_api.__main__ import main
from graphql_api.app.settings import DEV_JWT_SECRET, ConfigError, Settings, load_settings

STRONG = "f3a91c0b7e5d2a84f6c1b9e0d7a3f5c2-kept-in-a-vault"
URI = "mongodb://db.example:27017/?replicaSet=rs0"


def prod(**values: object) -> Settings:
    return Settings(app_env="production", **values)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "MONGODB_URI",
        "JWT_SECRET",
        "APP_ENV",
        "JWT_ALGORITHMS",
        "JWT_PUBLIC_KEY",
        "JWT_SECRET_FILE",
        "MONGODB_URI_FILE",
        "JWT_PUBLIC_KEY_FILE",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"jwt_secret": STRONG}, "MONGODB_URI"),
        ({"mongodb_uri": URI}, "JWT_SECRET"),
        ({"mongodb_uri": URI, "jwt_secret": DEV_JWT_SECRET}, "development JWT_SECRET"),
        ({"mongodb_uri": URI, "jwt_secret": "short"}, "at least 32 bytes"),
        ({"mongodb_uri": URI, "jwt_secret": "s" * 40}, "too weak"),
        ({"mongodb_uri": URI, "jwt_secret": "abcdefgh" * 6}, "too weak"),
        ({"mongodb_uri": URI, "jwt_algorithms": "RS256"}, "JWT_PUBLIC_KEY"),
    ],
)
def test_production_refuses_unsafe_config(values: dict[str, object], reason: str) -> None:
    with pytest.raises(ConfigError, match=reason) as info:
        prod(**values).ensure_safe()
    assert "\n" not in str(info.value)


def test_production_accepts_safe_config() -> None:
    settings = prod(mongodb_uri=URI, jwt_secret=STRONG)
    settings.ensure_safe()
    assert not settings.ide_enabled
    assert not settings.introspection_enabled
    assert not settings.suggestions_enabled


def test_production_with_public_key_needs_no_secret() -> None:
    prod(mongodb_uri=URI, jwt_algorithms="RS256", jwt_public_key="PEM").ensure_safe()


def test_development_defaults_are_usable() -> None:
    settings = Settings()
    settings.ensure_safe()
    assert settings.hmac_secret == DEV_JWT_SECRET
    assert settings.ide_enabled
    assert settings.introspection_enabled
    assert (settings.host, settings.port, settings.mongodb_db) == ("127.0.0.1", 8000, "travel")


def test_environment_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JWT_ALGORITHMS", "HS256, RS256")
    monkeypatch.setenv("JWT_PUBLIC_KEY", "PEM")
    monkeypatch.setenv("GRAPHQL_IDE", "false")
    settings = load_settings()
    assert settings.jwt_algorithms == ("HS256", "RS256")
    assert settings.ide_enabled is False


def test_unknown_algorithm_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JWT_ALGORITHMS", "none")
    with pytest.raises(ConfigError, match="JWT_ALGORITHMS"):
        load_settings()


def test_cli_refuses_to_serve_unsafe_production(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("JWT_SECRET", STRONG)
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "MONGODB_URI" in err


def test_a_weak_secret_is_refused_in_development_too() -> None:
    with pytest.raises(ConfigError, match="too weak"):
        Settings(jwt_secret="ab" * 20).ensure_safe()


def test_secrets_can_come_from_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "jwt"
    secret.write_text(STRONG + "\n", encoding="utf-8")
    uri = tmp_path / "uri"
    uri.write_text(URI, encoding="utf-8")
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("JWT_SECRET_FILE", str(secret))
    monkeypatch.setenv("MONGODB_URI_FILE", str(uri))
    settings = load_settings()
    assert (settings.jwt_secret, settings.mongodb_uri) == (STRONG, URI)


def test_a_secret_file_that_cannot_be_read_or_doubles_a_value_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JWT_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ConfigError, match="JWT_SECRET_FILE: cannot read"):
        load_settings()
    (tmp_path / "jwt").write_text(STRONG, encoding="utf-8")
    monkeypatch.setenv("JWT_SECRET_FILE", str(tmp_path / "jwt"))
    monkeypatch.setenv("JWT_SECRET", STRONG)
    with pytest.raises(ConfigError, match="not both"):
        load_settings()
