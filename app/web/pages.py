"""The landing page, themes, and the health check."""

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.deps import OptionalUser, SessionDep
from app.services import follows, ideas, themes, votes
from app.web.follows import theme_follow
from app.web.ideas import list_context, render_list
from app.web.templating import render

router = APIRouter()

LANDING_TRENDING = 6


@router.get("/", name="home")
def landing(request: Request, session: SessionDep, user: OptionalUser):
    trending = ideas.list_ideas(session=session, sort="trending", limit=LANDING_TRENDING)
    context = {
        "themes": themes.list_themes(session=session),
        "trending": trending.items,
        "voted": votes.voted_idea_ids(
            session=session, user=user, idea_ids=[item.id for item in trending.items]
        ),
        "next_path": "/",
    }
    return render(request, "pages/landing.html", context)


@router.get("/themes", name="themes")
def theme_index(request: Request, session: SessionDep):
    return render(request, "themes/index.html", {"themes": themes.list_themes(session=session)})


@router.get("/themes/{slug}", name="theme")
def theme_page(
    request: Request,
    slug: str,
    session: SessionDep,
    user: OptionalUser,
    sort: str = ideas.DEFAULT_SORT,
    status: str = "",
    cursor: str = "",
):
    theme = themes.get_theme(session=session, slug=slug)
    context = list_context(
        request, session, user, sort=sort, theme=theme, status=status, cursor=cursor,
        route="theme", route_params={"slug": slug},
    )  # fmt: skip
    following = follows.follows_theme(session=session, user=user, theme_id=theme.id)
    context["follow"] = theme_follow(theme, following)
    return render_list(request, "themes/detail.html", context)


@router.get("/healthz", name="healthz")
def healthz(session: SessionDep) -> PlainTextResponse:
    try:
        session.exec(text("SELECT 1"))
    except SQLAlchemyError:
        return PlainTextResponse("database unavailable", status_code=503)
    return PlainTextResponse("ok")
