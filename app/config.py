"""Settings, read once from `COMMONGROUND_*` environment variables.

A production instance refuses to start with a missing or default secret key: a forum
whose sessions can be forged is worse than a forum that is down (the FastAPI full-stack
template's `core/config.py` does the same). In development the key is generated once and
kept under `var/`, so `make run` needs no set-up and sessions survive a restart.
"""

import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECRET = "change-me"  # noqa: S105 - the placeholder that production refuses
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
# Answers of GZIP_MIN_SIZE bytes or more are compressed, at level 1 (nginx's default):
# half the time of level 6 for a page 10% larger, paid on every signed-in page.
GZIP_LEVEL = 1
GZIP_MIN_SIZE = 500


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COMMONGROUND_", extra="ignore")

    env: Literal["development", "production"] = "development"
    var_dir: Path = PROJECT_ROOT / "var"
    database_url: str = ""
    secret_key: SecretStr = SecretStr("")
    site_name: str = "Common Ground"
    # The address members use; links in mail are built from it, never from the request.
    base_url: str = DEFAULT_BASE_URL
    # Proxies whose X-Forwarded-For/-Proto are believed (client IP, https). Behind a TLS
    # proxy on another host, list it here, or forms fail the same-origin check.
    forwarded_allow_ips: str = "127.0.0.1,::1"

    redis_url: str = ""
    # FastAPI runs plain `def` routes on a thread pool; a small pool beats 40 threads
    # fighting over the GIL and SQLite's single write lock (shared/PERFORMANCE.md).
    thread_pool_size: int = 8
    # FastAPI's own OpenTelemetry spans and metrics, for a deployment that collects them.
    # Off by default: with nothing collecting, asking whether anything is costs ~8 µs on
    # every request, a tenth of what serving a cached page costs.
    opentelemetry: Literal["on", "off"] = "off"
    session_days: int = 30
    # The largest request body taken: an idea's 100,000 characters, even written as JSON
    # escapes, fit; a 200 MB upload is refused before it is read.
    max_body_bytes: int = Field(default=2 * 1024 * 1024, ge=1024)
    # Tests set this so a test client sees an unhandled error; a server never does (the
    # error page ends the error, and the connection stays usable).
    raise_server_errors: bool = False

    mail_backend: Literal["console", "file", "smtp"] = "console"
    mail_from: str = "Common Ground <noreply@commonground.invalid>"
    smtp_host: str = "localhost"
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    smtp_timeout: float = 10.0
    # The mail worker: a thread started with the app (`off` when `commonground send-mail`
    # runs it as a separate process, and in tests).
    mail_worker: Literal["on", "off"] = "on"
    mail_poll_seconds: float = 5.0
    # A claimed mail is another worker's to retry after this long (a crashed worker's
    # claim expires); far longer than an SMTP conversation can take.
    mail_lease_seconds: int = 300
    mail_max_attempts: int = 10
    mail_retry_seconds: int = 60  # the first retry; each later one waits twice as long
    # Digests go out at this hour (UTC): daily ones every day, weekly ones on this weekday
    # (0 = Monday).
    digest_hour: int = Field(default=8, ge=0, le=23)
    digest_weekday: int = Field(default=0, ge=0, le=6)

    sign_in_link_minutes: int = 15
    password_reset_minutes: int = 60
    email_change_hours: int = 24

    # Distinct open reports from different members that hide an idea or comment until a
    # moderator reviews it (Decidim hides after three).
    flag_threshold: int = Field(default=3, ge=1)

    # The insight (/insight, where the groups agree): who may read it, and when the
    # app's insight worker recomputes it (a thread, `off` when `commonground
    # compute-insight` runs on a schedule instead, and in tests).
    insight_visibility: Literal["public", "members", "moderators"] = "members"
    insight_worker: Literal["on", "off"] = "on"
    insight_poll_seconds: float = 30.0
    # Recompute once this many answers (votes and stances) were given since the last
    # run, or once the last run is this old and anything has changed.
    insight_every_answers: int = Field(default=50, ge=1)
    insight_max_age_seconds: int = Field(default=3600, ge=60)
    # Members with fewer answers are in no group and in neither consensus score.
    insight_min_answers: int = Field(default=5, ge=2)

    # Similar ideas: load the embedding model and this database's vectors in a background
    # thread at start, so a process's first search does not wait for them (seconds at
    # 100,000 ideas). With `off` (the tests' choice) only the model is loaded at start.
    similar_warm_up: Literal["on", "off"] = "on"

    rate_limits: Literal["on", "off"] = "on"
    rate_limit_login_ip: str = "20 per minute"
    # Sign-in attempts for one account from one client address, and for one account from
    # browsers that never signed in to it (app/web/accounts.py: a stranger's guesses never
    # block the owner's correct password on the owner's own browser).
    rate_limit_login_email: str = "10 per 15 minutes"
    rate_limit_login_account: str = "50 per hour"
    rate_limit_signup_ip: str = "10 per hour"
    rate_limit_signup_email: str = "3 per hour"
    # Mail to one address: a cool-down between mails, so a stranger cannot use up the
    # owner's allowance for the hour.
    rate_limit_mail_email: str = "1 per 2 minutes"
    rate_limit_mail_ip: str = "20 per hour"
    rate_limit_data_export: str = "3 per day"
    # What one member may write, per window (several limits with ";"): a person writing
    # by hand stays far below them, a script does not.
    rate_limit_ideas: str = "5 per minute; 20 per hour"
    rate_limit_comments: str = "10 per minute; 100 per hour"
    rate_limit_votes: str = "60 per minute; 600 per hour"  # votes and stances together
    rate_limit_flags: str = "5 per minute; 20 per hour"
    rate_limit_mentions: str = "20 per minute; 100 per hour"  # members mentioned
    # The API, per personal token (reads and writes apart), and per client address for
    # requests without a token.
    rate_limit_api_read: str = "300 per minute"
    rate_limit_api_write: str = "60 per minute"
    rate_limit_api_anonymous: str = "120 per minute"

    # Who may download the inquiry's open data (/data): moderators, or everyone.
    open_data: Literal["moderators", "everyone"] = "moderators"
    # How long the link to a member's "download my data" works.
    data_export_hours: int = Field(default=72, ge=1)
    # Webhooks: the first retry (each later one waits twice as long), the attempts before
    # giving up, and how long a receiver may take to answer.
    webhook_retry_seconds: int = 30
    webhook_max_attempts: int = 8
    webhook_timeout: float = 10.0
    # Whether webhooks may be sent to loopback and private addresses. Off, an admin
    # cannot point one at a service inside the network (server-side request forgery).
    webhook_private_addresses: Literal["on", "off"] = "off"

    @model_validator(mode="after")
    def _fill_development_defaults(self) -> "Settings":
        if not self.database_url:
            self.database_url = f"sqlite:///{self.var_dir / 'commonground.db'}"
        key = self.secret_key.get_secret_value()
        if self.env == "production":
            if not key or key == DEFAULT_SECRET or len(key) < 32:
                raise ValueError(
                    "COMMONGROUND_SECRET_KEY must be set to a random value of at least "
                    "32 characters in production (python -c 'import secrets; "
                    "print(secrets.token_urlsafe(48))')"
                )
            if self.base_url == DEFAULT_BASE_URL:
                raise ValueError(
                    "COMMONGROUND_BASE_URL must be set in production: links in mail use it"
                )
        elif not key:
            self.secret_key = SecretStr(_development_secret(self.var_dir))
        return self

    @property
    def mail_dir(self) -> Path:
        return self.var_dir / "mail"

    @property
    def export_dir(self) -> Path:
        return self.var_dir / "exports"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _development_secret(var_dir: Path) -> str:
    """The development secret: generated on first use, then read back from var/."""
    path = var_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    # Written aside, then linked into place: when several workers start at once, exactly
    # one key wins and every worker reads a complete file.
    draft = var_dir / f".secret_key.{secrets.token_hex(8)}"
    draft.write_text(secrets.token_urlsafe(48))
    draft.chmod(0o600)
    try:
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    return path.read_text().strip()


@lru_cache
def get_settings() -> Settings:
    return Settings()
