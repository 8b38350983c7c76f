"""Theme pages: every theme, and one theme's ideas with its pinned ones first."""

from fastapi import APIRouter, Request

from app.deps import OptionalUser, PublicPage, SessionDep
from app.services.ideas import listing, themes
from app.services.notifying import follows
from app.web.ideas.lists import list_context, render_list
from app.web.notifying.follows import theme_follow
from app.web.templating import render

router = APIRouter()


@router.get("/themes", name="themes", dependencies=[PublicPage])
def theme_index(request: Request, session: SessionDep):
    return render(request, "themes/index.html", {"themes": themes.list_themes(session=session)})


@router.get("/themes/{slug}", name="theme", dependencies=[PublicPage])
def theme_page(
    request: Request,
    slug: str,
    session: SessionDep,
    user: OptionalUser,
    sort: str = listing.DEFAULT_SORT,
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
