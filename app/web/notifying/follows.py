"""Follow and unfollow an idea or a theme: a plain form that redirects back, or with
htmx a button that replaces itself (like the vote button)."""

from fastapi import APIRouter, Request

from app.deps import CurrentUser, FormStr, Id, SessionDep, VerifiedUser
from app.services.notifying import follows
from app.web.templating import is_htmx, local_path, redirect, render

router = APIRouter()


def idea_follow(idea_id: Id, following: bool) -> dict:
    """What `_follow_button.html` needs for an idea."""
    return {"kind": "idea", "idea_id": idea_id, "following": following, "key": f"idea-{idea_id}"}


def theme_follow(theme, following: bool) -> dict:
    """What `_follow_button.html` needs for a theme."""
    return {
        "kind": "theme",
        "slug": theme.slug,
        "name": theme.name,
        "following": following,
        "key": f"theme-{theme.id}",
    }


def _answer(request: Request, *, follow: dict, back: str, next: str, message: str):
    back = local_path(next, back)
    if is_htmx(request):
        context = {"follow": follow, "next_path": back, "announcement": message}
        return render(request, "_follow_swap.html", context)
    return redirect(request, back, flash=message)


def _idea_answer(request: Request, idea_id: Id, following: bool, next: str):
    message = (
        "You are following this idea: we will tell you when its status changes."
        if following
        else "You no longer follow this idea."
    )
    return _answer(
        request,
        follow=idea_follow(idea_id, following),
        back=request.app.url_path_for("idea", idea_id=idea_id),
        next=next,
        message=message,
    )


@router.post("/ideas/{idea_id}/follow", name="follow_idea")
def follow_idea(
    request: Request, idea_id: Id, session: SessionDep, user: VerifiedUser, next: FormStr = ""
):
    state = follows.follow_idea(session=session, user=user, idea_id=idea_id)
    return _idea_answer(request, idea_id, state.following, next)


@router.post("/ideas/{idea_id}/unfollow", name="unfollow_idea")
def unfollow_idea(
    request: Request, idea_id: Id, session: SessionDep, user: CurrentUser, next: FormStr = ""
):
    state = follows.unfollow_idea(session=session, user=user, idea_id=idea_id)
    return _idea_answer(request, idea_id, state.following, next)


def _theme_answer(request: Request, theme, following: bool, next: str):
    message = (
        f"You are following {theme.name}: we will tell you about new ideas in it."
        if following
        else f"You no longer follow {theme.name}."
    )
    return _answer(
        request,
        follow=theme_follow(theme, following),
        back=request.app.url_path_for("theme", slug=theme.slug),
        next=next,
        message=message,
    )


@router.post("/themes/{slug}/follow", name="follow_theme")
def follow_theme(
    request: Request, slug: str, session: SessionDep, user: VerifiedUser, next: FormStr = ""
):
    theme = follows.follow_theme(session=session, user=user, slug=slug)
    return _theme_answer(request, theme, True, next)


@router.post("/themes/{slug}/unfollow", name="unfollow_theme")
def unfollow_theme(
    request: Request, slug: str, session: SessionDep, user: CurrentUser, next: FormStr = ""
):
    theme = follows.unfollow_theme(session=session, user=user, slug=slug)
    return _theme_answer(request, theme, False, next)
