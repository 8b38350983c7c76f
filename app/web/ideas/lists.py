"""The idea list (/ideas), sorted, filtered or searched; shared with the theme pages."""

from fastapi import APIRouter, Request
from sqlmodel import Session

from app.deps import OptionalUser, PageCachingDep, PublicPage, SessionDep
from app.models import IdeaStatus, Theme, User
from app.services.bounds import parse_id
from app.services.finding import search
from app.services.ideas import listing, themes, votes
from app.web.caching import PageCaching
from app.web.templating import is_htmx, path_for, render, with_query

router = APIRouter()


def list_context(
    request: Request,
    session: Session,
    user: User | None,
    *,
    sort: str,
    theme: Theme | None,
    status: str,
    cursor: str,
    q: str = "",
    route: str,
    route_params: dict | None = None,
    pinned_first: bool = False,
    round_id: int | None = None,
    sorts: tuple[str, ...] = listing.SORTS,
) -> dict:
    """Everything an idea list shows, sorted or searched; shared by /ideas and a theme's
    page. A search (`q`) orders by relevance and also lists matching comments.

    With `pinned_first` (a theme's page) the pinned ideas lead the first page in a block of
    their own and the sorted list leaves them out on every page, so that across the pages
    each idea shows exactly once. A search ranks pinned ideas like any other.
    """
    sort = sort if sort in sorts else listing.DEFAULT_SORT
    status_filter = IdeaStatus(status) if status in set(IdeaStatus) else None
    q = q.strip()
    filters = {"theme_id": theme.id if theme else None, "status": status_filter}
    if round_id is not None:
        filters["round_id"] = round_id
    shown = _pages_shown(request)
    page, pinned, comment_hits = _find_ideas(
        session, q=q, sort=sort, cursor=cursor, pinned_first=pinned_first, filters=filters,
        limit=listing.PAGE_SIZE * (1 if cursor else shown),
    )  # fmt: skip
    query = {"q": q, "sort": sort, "status": status_filter and status_filter.value}
    if route == "ideas":
        query["theme"] = theme.slug if theme else None
    path = path_for(request.app, route, **(route_params or {}))
    more_url = more_push_url = None
    if page.next_cursor:
        following = shown + 1 if shown < MAX_PAGES_SHOWN else None
        more_url = with_query(path, {**query, "cursor": page.next_cursor, "pages": following})
        if following:
            more_push_url = with_query(path, {**query, "pages": following})
    return {
        "page": page,
        "pinned": pinned,
        "voted": votes.voted_idea_ids(
            session=session, user=user, idea_ids=[item.id for item in page.items + pinned]
        ),
        "q": q,
        "comment_hits": comment_hits,
        "heading": "h3" if q else "h2",
        "sort": sort,
        "sorts": sorts,
        "status": status_filter,
        "statuses": list(IdeaStatus),
        "theme": theme,
        "query": query,
        "list_path": str(path),
        "more_url": more_url,
        "more_push_url": more_push_url,
        "next_path": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
    }


# "Load more" puts `pages` in the address bar (htmx), so that Back from an idea comes to
# the list with every card that was loaded, where the browser restores the scroll; a plain
# "Load more" link (no JavaScript) shows the next page alone, as before. Capped: a page
# of 200 cards is the most one address asks for.
MAX_PAGES_SHOWN = 10


def _pages_shown(request: Request) -> int:
    """The `pages` of the address: how many pages of the list it shows through."""
    value = parse_id(request.query_params.get("pages", ""))
    return min(value, MAX_PAGES_SHOWN) if value is not None else 1


def _find_ideas(session: Session, *, q, sort, cursor, pinned_first, filters, limit):
    """One page of the list: (page, pinned ideas, matching comments)."""
    if q:
        page = search.search_ideas(
            session=session, q=q, cursor=cursor or None, limit=limit, **filters
        )
        comment_hits = [] if cursor else search.search_comments(session=session, q=q)
        return page, [], comment_hits
    pinned_filter = False if pinned_first else None
    page = listing.list_ideas(
        session=session, sort=sort, pinned=pinned_filter, cursor=cursor or None, limit=limit,
        **filters,
    )  # fmt: skip
    pinned = []
    if pinned_first and not cursor:
        pinned = listing.list_ideas(session=session, sort=sort, pinned=True, **filters).items
    return page, pinned, []


def render_list(
    request: Request, template: str, context: dict, *, caching: PageCaching | None = None
):
    """The whole page; for htmx, only what changed: after "Load more" the next ideas and
    the new link, after the filters or a search the results. With `caching`, a verified
    member's page may be one shared by all members and filled in (PageCaching.member_page);
    only pages whose every personal part is a slot may ask for that."""
    if is_htmx(request) and request.query_params.get("cursor"):
        return render(request, "ideas/_more.html", context)
    if is_htmx(request) and request.headers.get("hx-target") == "idea-results":
        return render(request, "ideas/_results.html", {**context, "swapped": True})
    if caching is not None and (shared := caching.member_page(request, template, context)):
        return shared
    return render(request, template, context)


@router.get("/ideas", name="ideas", dependencies=[PublicPage])
def list_page(
    request: Request,
    session: SessionDep,
    user: OptionalUser,
    caching: PageCachingDep,
    sort: str = listing.DEFAULT_SORT,
    theme: str = "",
    status: str = "",
    cursor: str = "",
    q: str = "",
):
    theme_obj = themes.get_theme(session=session, slug=theme) if theme else None
    context = list_context(
        request, session, user, sort=sort, theme=theme_obj, status=status, cursor=cursor,
        q=q, route="ideas",
    )  # fmt: skip
    context["themes"] = caching.remembered("themes", lambda: themes.list_themes(session=session))
    return render_list(request, "ideas/list.html", context, caching=caching)
