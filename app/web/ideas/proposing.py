"""Proposing and editing an idea, with the similar ideas shown while it is written."""

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from sqlmodel import Session

from app.deps import (
    CurrentUser,
    FormStr,
    Id,
    OptionalUser,
    RateLimiterDep,
    SessionDep,
    VerifiedUser,
)
from app.markdown import render_markdown
from app.models import Theme
from app.ratelimit import RateLimited
from app.services.errors import ValidationFailed
from app.services.finding import similar
from app.services.ideas import proposals, themes
from app.services.ideas.proposals import IdeaDraft
from app.web.errors import retry_after, too_fast
from app.web.templating import is_htmx, redirect, render

router = APIRouter()


def idea_draft(title: FormStr = "", body: FormStr = "", theme: FormStr = "") -> IdeaDraft:
    """The new-idea and edit forms' fields (a missing one is empty)."""
    return IdeaDraft(title=title, body=body, theme=theme)


IdeaDraftForm = Annotated[IdeaDraft, Depends(idea_draft)]


def _form_page(
    request: Request,
    session: Session,
    *,
    draft: IdeaDraft,
    errors: dict,
    idea=None,
    duplicates=(),
    preview: str | None = None,
    kept=False,
    status_code=200,
):
    options = [(t.slug, t.name) for t in themes.list_themes(session=session)]
    current = session.get(Theme, idea.theme_id) if idea else None
    if current is not None and current.archived_at is not None:
        options.append((current.slug, f"{current.name} (archived)"))
    context = {
        "values": asdict(draft),
        "errors": errors,
        "idea": idea,
        "duplicates": duplicates,
        "kept": kept,
        "theme_options": options,
        "preview_html": render_markdown(preview) if preview is not None else None,
        "body_max": proposals.BODY_MAX,
        "title_max": proposals.TITLE_MAX,
    }
    return render(request, "ideas/form.html", context, status_code=status_code)


@router.post("/preview", name="markdown_preview")
def markdown_preview(request: Request, user: VerifiedUser, body: FormStr = ""):
    """htmx: the details as they will show, rendered by the same Markdown as the post."""
    return render(request, "ideas/_preview.html", {"preview_html": render_markdown(body)})


@router.get("/ideas/new", name="new_idea")
def new_idea_form(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    theme: str = "",
    title: str = "",
    body: str = "",
    kept: str = "",
):
    """The new-idea form; `title` and `body` bring back a draft kept while the member voted
    for a similar idea instead (`kept=1` says so). An unconfirmed member who follows
    "Propose an idea" gets the page with a way to confirm (resend the link), not a 403 at
    the end of the click."""
    if not user.is_verified:
        context = {"unconfirmed": True, "next_path": request.url.path}
        return render(request, "ideas/form.html", context)
    draft = IdeaDraft(title=title, body=body, theme=theme)
    return _form_page(request, session, draft=draft, errors={}, kept=kept == "1" and bool(title))


@router.get("/ideas/similar", name="similar_ideas")
def similar_ideas(
    request: Request,
    session: SessionDep,
    user: OptionalUser,
    title: str = "",
    body: str = "",
    theme: str = "",
):
    """Ideas like the one being written: beside the new-idea form (htmx), or as a page."""
    found = similar.similar_ideas(session=session, title=title, body=body)
    context = {"similar": found, "values": {"title": title, "body": body, "theme": theme}}
    if is_htmx(request):
        return render(request, "ideas/_similar.html", {**context, "swapped": True})
    return render(request, "ideas/similar.html", context)


@router.post("/ideas", name="create_idea")
def create_idea(
    request: Request,
    session: SessionDep,
    user: VerifiedUser,
    draft: IdeaDraftForm,
    limiter: RateLimiterDep,
    confirm: FormStr = "",
    preview: FormStr = "",
):
    """Posts the idea, unless it looks like one already proposed: then the form comes
    back asking "is yours one of these?", and `confirm=yes` posts it anyway. The Preview
    button (`preview`, without JavaScript) brings the form back with the details shown."""
    if preview:
        return _form_page(request, session, draft=draft, errors={}, preview=draft.body)
    try:
        limiter.hit_writing("ideas", user.id)
    except RateLimited as error:
        page = _form_page(request, session, draft=draft, errors={"body": too_fast(error)})
        return retry_after(page, error)
    try:
        idea = proposals.create_idea(
            session=session, author=user, draft=draft, check_duplicates=confirm != "yes"
        )
    except ValidationFailed as error:
        return _form_page(request, session, draft=draft, errors=error.errors, status_code=422)
    except similar.LikelyDuplicates as duplicates:
        return _form_page(request, session, draft=draft, errors={}, duplicates=duplicates.ideas)
    url = request.app.url_path_for("idea", idea_id=idea.id)
    posted = "Your idea is posted. Share its link (below the idea) so others can back it."
    return redirect(request, url, flash=posted)


@router.get("/ideas/{idea_id}/edit", name="edit_idea")
def edit_idea_form(request: Request, idea_id: Id, session: SessionDep, user: CurrentUser):
    idea = proposals.editable_idea(session=session, editor=user, idea_id=idea_id)
    draft = IdeaDraft.of(idea, session.get(Theme, idea.theme_id))
    return _form_page(request, session, draft=draft, errors={}, idea=idea)


@router.post("/ideas/{idea_id}/edit", name="edit_idea_submit")
def edit_idea(
    request: Request,
    idea_id: Id,
    session: SessionDep,
    user: CurrentUser,
    draft: IdeaDraftForm,
    preview: FormStr = "",
):
    if preview:
        idea = proposals.editable_idea(session=session, editor=user, idea_id=idea_id)
        return _form_page(request, session, draft=draft, errors={}, idea=idea, preview=draft.body)
    try:
        idea = proposals.update_idea(session=session, editor=user, idea_id=idea_id, draft=draft)
    except ValidationFailed as error:
        idea = proposals.editable_idea(session=session, editor=user, idea_id=idea_id)
        return _form_page(
            request, session, draft=draft, errors=error.errors, idea=idea, status_code=422
        )
    return redirect(request, request.app.url_path_for("idea", idea_id=idea.id), flash="Saved.")
