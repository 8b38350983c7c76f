"""compose.yaml, the production shape, checked without Docker: every service, variable,
volume, mounted file and health check it names exists, and the settings it gives the app
are ones the app accepts in production. (tests/scale/ runs the same processes without
containers.)"""

import re

import pytest
import yaml
from typer.main import get_command

from app.cli import cli
from app.config import PROJECT_ROOT, Settings
from app.web import pages

COMPOSE = PROJECT_ROOT / "compose.yaml"
ENV_EXAMPLE = PROJECT_ROOT / "deploy" / "env.example"
CADDYFILE = PROJECT_ROOT / "deploy" / "Caddyfile"
SERVICES = {"app", "worker", "db", "redis", "proxy"}
# COMMONGROUND_* names that are compose's and Caddy's, not the app's settings.
NOT_SETTINGS = {"COMMONGROUND_DOMAIN"}
_VARIABLE = re.compile(r"\$\{(\w+)(:-[^}]*)?\}")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def _example() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def _environment(service: dict) -> dict[str, str]:
    return {k: str(v) for k, v in (service.get("environment") or {}).items()}


def _substitute(text: str, values: dict[str, str]) -> str:
    return _VARIABLE.sub(lambda m: values.get(m[1], (m[2] or ":-")[2:]), text)


def test_every_service_is_there_with_a_health_check(compose):
    services = compose["services"]
    assert set(services) == SERVICES
    for name, service in services.items():
        assert "image" in service or "build" in service, name
        test = service.get("healthcheck", {}).get("test")
        assert test and test[0] in ("CMD", "CMD-SHELL"), f"{name} has no health check"


def test_what_services_wait_for_exists_and_reports_health(compose):
    services = compose["services"]
    for name, service in services.items():
        for other, condition in (service.get("depends_on") or {}).items():
            assert other in services, f"{name} depends on a missing {other}"
            if condition.get("condition") == "service_healthy":
                assert "healthcheck" in services[other], f"{other} has no health check"


def test_every_variable_is_given_by_the_example_env_or_has_a_default(compose):
    example = _example()
    for name, default in _VARIABLE.findall(COMPOSE.read_text()):
        assert name in example or default, f"${{{name}}} is neither in env.example nor defaulted"


def test_every_app_setting_named_is_one_the_app_has(compose):
    fields = set(Settings.model_fields)
    names = set(_example())
    for service in compose["services"].values():
        names |= set(_environment(service))
    for name in sorted(names):
        if name.startswith("COMMONGROUND_") and name not in NOT_SETTINGS:
            assert name.removeprefix("COMMONGROUND_").lower() in fields, name


def test_the_app_accepts_the_settings_in_production(compose, tmp_path):
    example = _example()
    given = {**example, **_environment(compose["services"]["app"])}
    settings = {
        name.removeprefix("COMMONGROUND_").lower(): _substitute(value, example)
        for name, value in given.items()
        if name.startswith("COMMONGROUND_") and name not in NOT_SETTINGS
    }
    parsed = Settings(**{**settings, "env": "production", "var_dir": tmp_path})
    assert parsed.redis_url == "redis://redis:6379/0"
    assert parsed.mail_worker == "off", "the worker service sends the mail"
    db = compose["services"]["db"]["environment"]
    assert parsed.database_url.startswith(
        f"postgresql://{db['POSTGRES_USER']}:{example['POSTGRES_PASSWORD']}@db:5432/"
        f"{db['POSTGRES_DB']}"
    )
    assert parsed.base_url == f"https://{example['COMMONGROUND_DOMAIN']}"


def test_volumes_and_mounted_files_exist(compose):
    declared = set(compose.get("volumes") or {})
    for name, service in compose["services"].items():
        for volume in service.get("volumes") or []:
            source = volume.split(":")[0]
            if source.startswith("."):
                assert (PROJECT_ROOT / source).is_file(), f"{name} mounts a missing {source}"
            else:
                assert source in declared, f"{name} uses an undeclared volume {source}"


def test_commands_and_health_checks_name_what_the_app_has(compose):
    services = compose["services"]
    worker = services["worker"]["command"]
    assert worker[0] == "commonground" and worker[1] in get_command(cli).commands
    app_check = " ".join(services["app"]["healthcheck"]["test"])
    port, path = re.search(r"http://127\.0\.0\.1:(\d+)(/\w+)", app_check).groups()
    assert f"COMMONGROUND_PORT={port}" in (PROJECT_ROOT / "Dockerfile").read_text()
    assert path in {route.path for route in pages.router.routes}


def test_the_proxy_sends_requests_to_the_app(compose):
    target = re.search(r"reverse_proxy\s+(\w+):(\d+)", CADDYFILE.read_text())
    assert target[1] in compose["services"] and target[1] == "app"
    assert target[2] == "8000"
    assert "{$COMMONGROUND_DOMAIN}" in CADDYFILE.read_text()
    assert "COMMONGROUND_DOMAIN" in compose["services"]["proxy"]["environment"]
