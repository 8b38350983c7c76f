"""The ASGI application: `app.main:app`, or `create_app(settings)` in tests."""

from contextlib import asynccontextmanager
from functools import lru_cache

import anyio.to_thread
from fastapi import Depends, FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from sqlalchemy import Engine

from app.api import PREFIX as API_PREFIX
from app.api import create_api, openapi_schema
from app.config import GZIP_LEVEL, GZIP_MIN_SIZE, PROJECT_ROOT, Settings, get_settings
from app.db import make_engine
from app.deps import optional_user
from app.fast import FastLane, watch_writes
from app.ratelimit import WRITING, RateLimiter
from app.security import SecurityHeadersMiddleware, redact_server_logs, verify_csrf
from app.services.finding import vectors
from app.services.site import first_admin
from app.web import accounts, insight, members, pages, profile_questions, rounds, sharing, site
from app.web import settings as account_settings
from app.web.boundary import RequestBoundary
from app.web.errors import ServerErrorPages, install_error_pages
from app.web.ideas import comments, deck, idea_page, lists, proposing, themes, votes
from app.web.moderation import audit, ideas, queues, reports, segments, webhooks
from app.web.moderation import members as member_moderation
from app.web.moderation import rounds as round_curation
from app.web.moderation import site as site_admin
from app.web.moderation import themes as theme_curation
from app.web.notifying import feeds, follows, notifications
from app.web.static import VersionedStaticFiles
from app.worker import InsightWorker, MailWorker

# See Settings.opentelemetry.
TELEMETRY_OFF = {"tracing": False, "metrics": False, "logs": False}

# In this order: /ideas/new, /ideas/similar and /ideas/deck before /ideas/{idea_id}.
ROUTERS = (
    pages, accounts, profile_questions, lists, proposing, deck, idea_page, votes, comments, themes,
    reports, queues, ideas, theme_curation, member_moderation, audit, segments, webhooks,
    follows, notifications, feeds, insight, members, account_settings, sharing,
    rounds, round_curation, site, site_admin,
)  # fmt: skip


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """The application for `settings`; tests may hand in an engine to share between apps."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.thread_pool_size
        workers = []
        if settings.mail_worker == "on":
            workers.append(MailWorker(app.state.engine, settings))
        if settings.insight_worker == "on":
            workers.append(InsightWorker(app.state.engine, settings))
        for worker in workers:
            worker.start()
        # In the background: neither the first page nor the first search waits for them.
        warm = app.state.engine if settings.similar_warm_up == "on" else None
        app.state.similar_warm_up = vectors.warm_up(warm)
        if setup_link := first_admin.link_if_no_admin(app.state.engine, settings):
            # As Discourse and Grafana do: whoever runs the server creates the first admin.
            print(f"\nThis forum has no admin yet. Create one at:\n  {setup_link}\n", flush=True)
        yield
        for worker in workers:
            await anyio.to_thread.run_sync(worker.stop)
        close_app(app)
        if engine is None:
            app.state.engine.dispose()

    app = FastAPI(
        title=settings.site_name,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,  # /openapi.json is the API's (app/web/sharing.py)
        telemetry=None if settings.opentelemetry == "on" else TELEMETRY_OFF,
        # CSRF is checked before anything else runs; the signed-in member is looked up
        # once per request and shared with every route and template.
        dependencies=[Depends(verify_csrf), Depends(optional_user)],
    )
    app.state.settings = settings
    redact_server_logs()  # one-time tokens never reach the access log
    # More connections than threads, so a thread never waits for one.
    pool_size = settings.thread_pool_size + 2
    app.state.engine = engine or make_engine(settings.database_url, pool_size=pool_size)
    app.state.rate_limiter = RateLimiter(
        storage_url=settings.redis_url,
        enabled=settings.rate_limits == "on",
        writing={name: getattr(settings, f"rate_limit_{name}") for name in WRITING},
    )
    fast_lane = app.state.fast_lane = FastLane(settings, app.state.engine)
    app.state.page_caching = fast_lane  # the port routes see: app.web.caching.PageCaching

    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_SIZE, compresslevel=GZIP_LEVEL)
    app.mount("/static", VersionedStaticFiles(directory=PROJECT_ROOT / "static"), name="static")
    for module in ROUTERS:
        app.include_router(module.router)
    state = {name: getattr(app.state, name) for name in ("settings", "engine", "rate_limiter")}
    api = create_api(state={**state, "page_caching": fast_lane})
    app.mount(API_PREFIX, api, name="api")
    app.state.api_schema = lambda: openapi_schema(api)
    install_error_pages(app)
    fast_lane.wrap(app)  # outside the other middleware but these two:
    app.add_middleware(RequestBoundary, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(ServerErrorPages, raise_again=settings.raise_server_errors)
    return app


def close_app(app: FastAPI) -> None:
    """Stop what the app runs beside its requests (the fast lane's writer and lookups)."""
    app.state.fast_lane.stop()


def command_engine(settings: Settings, *, pool_size: int = 5) -> Engine:
    """An engine for the command line whose committed writes move the page generation on,
    so that servers running beside the command stop serving pages cached before them."""
    engine = make_engine(settings.database_url, pool_size=pool_size)
    watch_writes(engine, settings)
    return engine


@lru_cache
def _default_app() -> FastAPI:
    return create_app()


def __getattr__(name: str) -> FastAPI:
    """`app.main:app` is built on first use, not on import, so that importing this module
    (tests, tools) does not read the environment or create files under var/."""
    if name == "app":
        return _default_app()
    raise AttributeError(name)
