"""The ASGI application: `app.main:app`, or `create_app(settings)` in tests."""

from contextlib import asynccontextmanager
from functools import lru_cache

import anyio.to_thread
from fastapi import Depends, FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from sqlalchemy import Engine
from starlette.types import ASGIApp

from app.cache import AnonymousPageCache, page_generation, watch
from app.config import GZIP_LEVEL, GZIP_MIN_SIZE, PROJECT_ROOT, Settings, get_settings
from app.db import make_engine
from app.deps import optional_user
from app.ratelimit import RateLimiter
from app.security import SecurityHeadersMiddleware, verify_csrf
from app.services.votes import VoteWriter
from app.web import (
    accounts,
    comments,
    feeds,
    flags,
    follows,
    ideas,
    moderation,
    notifications,
    pages,
)
from app.web.errors import install_error_pages
from app.web.fast_votes import FastVotes
from app.web.member_pages import MemberPageCache, MemberPages
from app.web.static import VersionedStaticFiles
from app.worker import MailWorker

# See Settings.opentelemetry.
TELEMETRY_OFF = {"tracing": False, "metrics": False, "logs": False}


class CommonGround(FastAPI):
    """FastAPI with its fast paths outside all of its layers: the page caches (anonymous
    visitors', then members') and votes. A stored page or a vote's answer goes out before
    routing, error handling or any other middleware runs, so that it costs little more
    than the server's own work; anything else goes through FastAPI as usual."""

    def build_middleware_stack(self) -> ASGIApp:
        votes = FastVotes(super().build_middleware_stack(), self.state.member_pages,
                          self.state.vote_writer)  # fmt: skip
        members = MemberPageCache(votes, self.state.member_pages)
        return AnonymousPageCache(members, generation=self.state.page_generation)


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """The application for `settings`; tests may hand in an engine to share between apps."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.thread_pool_size
        worker = None
        if settings.mail_worker == "on":
            worker = MailWorker(app.state.engine, settings)
            worker.start()
        yield
        if worker is not None:
            await anyio.to_thread.run_sync(worker.stop)
        stop_fast_paths(app)
        if engine is None:
            app.state.engine.dispose()

    app = CommonGround(
        title=settings.site_name,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        telemetry=None if settings.opentelemetry == "on" else TELEMETRY_OFF,
        # CSRF is checked before anything else runs; the signed-in member is looked up
        # once per request and shared with every route and template.
        dependencies=[Depends(verify_csrf), Depends(optional_user)],
    )
    app.state.settings = settings
    # More connections than threads, so a thread never waits for one.
    pool_size = settings.thread_pool_size + 2
    app.state.engine = engine or make_engine(settings.database_url, pool_size=pool_size)
    app.state.rate_limiter = RateLimiter(
        storage_url=settings.redis_url, enabled=settings.rate_limits == "on"
    )

    generation = app.state.page_generation = page_generation(settings)
    watch(app.state.engine, generation)
    app.state.member_pages = MemberPages(app.state.engine, generation)
    app.state.vote_writer = VoteWriter(app.state.engine, after_commit=generation.bump)
    # Outermost last; the page cache (CommonGround) stores what these produce.
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_SIZE, compresslevel=GZIP_LEVEL)
    app.mount("/static", VersionedStaticFiles(directory=PROJECT_ROOT / "static"), name="static")
    for module in (
        pages,
        accounts,
        ideas,
        comments,
        flags,
        moderation,
        follows,
        notifications,
        feeds,
    ):
        app.include_router(module.router)
    install_error_pages(app)
    return app


def stop_fast_paths(app: FastAPI) -> None:
    """Stop the vote writer's thread and close the page cache's connection."""
    app.state.vote_writer.stop()
    app.state.member_pages.close()


@lru_cache
def _default_app() -> FastAPI:
    return create_app()


def __getattr__(name: str) -> FastAPI:
    """`app.main:app` is built on first use, not on import, so that importing this module
    (tests, tools) does not read the environment or create files under var/."""
    if name == "app":
        return _default_app()
    raise AttributeError(name)
