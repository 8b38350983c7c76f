"""The landing page, themes, the roadmap, and the health check."""

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.deps import OptionalUser, PublicPage, SessionDep
from app.models import ROADMAP_STATUSES
from app.services import follows, ideas, moderation, themes, votes
from app.web.follows import theme_follow
from app.web.ideas import list_context, render_list
from app.web.templating import render

router = APIRouter()

LANDING_TRENDING = 6
LANDING_PINNED = 6


@router.get("/", name="home", dependencies=[PublicPage])
def landing(request: Request, session: SessionDep, user: OptionalUser):
    """Pinned ideas lead, then the trending ones that are not pinned."""
    pinned = ideas.list_ideas(session=session, sort="trending", pinned=True, limit=LANDING_PINNED)
    trending = ideas.list_ideas(
        session=session, sort="trending", pinned=False, limit=LANDING_TRENDING
    )
    shown = pinned.items + trending.items
    context = {
        "themes": themes.list_themes(session=session),
        "pinned": pinned.items,
        "trending": trending.items,
        "voted": votes.voted_idea_ids(
            session=session, user=user, idea_ids=[item.id for item in shown]
        ),
        "next_path": "/",
    }
    return render(request, "pages/landing.html", context)


@router.get("/themes", name="themes", dependencies=[PublicPage])
def theme_index(request: Request, session: SessionDep):
    return render(request, "themes/index.html", {"themes": themes.list_themes(session=session)})


@router.get("/themes/{slug}", name="theme", dependencies=[PublicPage])
def theme_page(
    request: Request,
    slug: str,
    session: SessionDep,
    user: OptionalUser,
    sort: str = ideas.DEFAULT_SORT,
    status: str = "",
    cursor: str = "",
    q: str = "",
):
    theme = themes.get_theme(session=session, slug=slug)
    context = list_context(
        request, session, user, sort=sort, theme=theme, status=status, cursor=cursor,
        q=q, route="theme", route_params={"slug": slug}, pinned_first=True,
    )  # fmt: skip
    if theme.merged_into_id:
        context["merged_into"] = themes.get_theme_by_id(
            session=session, theme_id=theme.merged_into_id
        )
    following = follows.follows_theme(session=session, user=user, theme_id=theme.id)
    context["follow"] = theme_follow(theme, following)
    return render_list(request, "themes/detail.html", context)


@router.get("/roadmap", name="roadmap", dependencies=[PublicPage])
def roadmap(request: Request, session: SessionDep):
    columns = moderation.roadmap(session=session)
    context = {
        "columns": [(status, columns[status]) for status in ROADMAP_STATUSES],
        "limit": moderation.ROADMAP_LIMIT,
    }
    return render(request, "pages/roadmap.html", context)


@router.get("/healthz", name="healthz")
def healthz(session: SessionDep) -> PlainTextResponse:
    try:
        session.exec(text("SELECT 1"))
    except SQLAlchemyError:
        return PlainTextResponse("database unavailable", status_code=503)
    return PlainTextResponse("ok")
