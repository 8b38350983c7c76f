"""What routes ask of the page caches, without knowing how they work.

main.py hands the app one `PageCaching` (`app.state.page_caching`): the fast lane's
(app/fast), or `NoPageCaching`, with which every page is rendered afresh. A route says
only what is true of its page: it is the same for every anonymous visitor (`mark_public`,
the `PublicPage` dependency), it may be one page shared by every verified member
(`member_page`), it shows something that changes only with a write (`remembered`), or a piece of it
is the same wherever it is shown (`fragment`).
"""

from collections.abc import Callable, Hashable
from typing import Protocol, TypeVar

from fastapi import Request
from fastapi.responses import Response
from starlette.types import Scope

T = TypeVar("T")


class PageCaching(Protocol):
    def member_page(self, request: Request, template: str, context: dict) -> Response | None:
        """The page `template` shows with `context`, as one copy shared by every verified
        member and filled in for this one; None when this request cannot have it (the
        route then renders the page itself). Every personal part of the template must be
        a slot (see app/fast/member_pages.py)."""

    def remembered(self, name: str, compute: Callable[[], T]) -> T:
        """`compute()`, kept until the next write to the site's settings, its pages or its
        themes (db.SITE_TABLES): `compute` must read nothing else."""

    def fragment(self, key: Hashable, render: Callable[[], str]) -> str:
        """`render()`, kept for later calls with the same `key`, which must hold every
        value the fragment shows (it is never invalidated)."""


class NoPageCaching:
    def member_page(self, request: Request, template: str, context: dict) -> Response | None:
        return None

    def remembered(self, name: str, compute: Callable[[], T]) -> T:
        return compute()

    def fragment(self, key: Hashable, render: Callable[[], str]) -> str:
        return render()


async def page_caching(request: Request) -> PageCaching:
    return request.app.state.page_caching  # async: a sync dependency costs a thread hop


async def mark_public(request: Request) -> None:
    """Route dependency: this page, as an anonymous visitor sees it, may be stored and
    served to every anonymous visitor until the next write."""
    request.state.public_page = True


def is_public(scope: Scope) -> bool:
    """Whether the route that answered this request marked its page public."""
    return bool(scope.get("state", {}).get("public_page"))
