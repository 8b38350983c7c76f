import pytest
from pydantic import ValidationError

from app.config import DEFAULT_SECRET, Settings

SITE = "https://forum.example.org"


@pytest.mark.parametrize("secret", ["", DEFAULT_SECRET, "too-short"])
def test_production_refuses_a_missing_default_or_weak_secret(tmp_path, secret):
    with pytest.raises(ValidationError, match="COMMONGROUND_SECRET_KEY"):
        Settings(env="production", secret_key=secret, var_dir=tmp_path, base_url=SITE)


def test_production_needs_the_public_address_for_links_in_mail(tmp_path):
    with pytest.raises(ValidationError, match="COMMONGROUND_BASE_URL"):
        Settings(env="production", secret_key="s" * 48, var_dir=tmp_path)


def test_production_starts_with_a_real_secret(tmp_path):
    settings = Settings(env="production", secret_key="s" * 48, var_dir=tmp_path, base_url=SITE)
    assert settings.secret_key.get_secret_value() == "s" * 48


def test_development_generates_one_secret_and_keeps_it(tmp_path):
    first = Settings(env="development", var_dir=tmp_path)
    second = Settings(env="development", var_dir=tmp_path)

    key = first.secret_key.get_secret_value()
    assert len(key) >= 32
    assert second.secret_key.get_secret_value() == key
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_settings_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("COMMONGROUND_RATE_LIMITS", "off")
    monkeypatch.setenv("COMMONGROUND_MAIL_BACKEND", "file")
    settings = Settings(var_dir=tmp_path)

    assert settings.rate_limits == "off"
    assert settings.mail_backend == "file"
    assert settings.database_url == f"sqlite:///{tmp_path / 'commonground.db'}"


def test_the_report_threshold_defaults_to_three_and_must_be_positive(monkeypatch, tmp_path):
    assert Settings(var_dir=tmp_path).flag_threshold == 3
    monkeypatch.setenv("COMMONGROUND_FLAG_THRESHOLD", "5")
    assert Settings(var_dir=tmp_path).flag_threshold == 5
    monkeypatch.setenv("COMMONGROUND_FLAG_THRESHOLD", "0")
    with pytest.raises(ValidationError, match="flag_threshold"):
        Settings(var_dir=tmp_path)


@pytest.mark.parametrize("choice, traced", [("off", False), ("on", True)])
def test_fastapis_opentelemetry_is_off_unless_asked_for(tmp_path, choice, traced):
    from app.main import create_app

    settings = Settings(
        var_dir=tmp_path, opentelemetry=choice, mail_worker="off", insight_worker="off"
    )
    app = create_app(settings)
    try:
        assert app._telemetry["tracing"] is traced and app._telemetry["metrics"] is traced
    finally:
        app.state.engine.dispose()
