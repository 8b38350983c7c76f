"""Curating themes: create, edit, reorder, archive, merge, and move ideas between them."""

from typing import Annotated

from fastapi import Form, Request
from pydantic import BaseModel
from sqlmodel import Session

from app.deps import FormStr, Id, ModeratorUser, SessionDep
from app.models import Theme
from app.services.errors import ValidationFailed
from app.services.ideas import listing, themes
from app.web.moderation import EMPTY_FORM, form_again, mod_router
from app.web.templating import plural, redirect, render

router = mod_router()


class _ThemeFields(BaseModel):
    name: str = ""
    slug: str = ""
    description: str = ""


ThemeForm = Annotated[_ThemeFields, Form()]


def _themes_page(request: Request, session: Session, *, form: dict, status_code: int = 200):
    context = {"themes": themes.list_themes(session=session, include_archived=True), "form": form}
    return render(request, "mod/themes.html", context, status_code=status_code)


@router.get("/themes", name="mod_themes")
def theme_list(request: Request, session: SessionDep, user: ModeratorUser):
    return _themes_page(request, session, form={"values": {}, "errors": {}})


@router.post("/themes", name="mod_create_theme")
def create_theme(
    request: Request,
    session: SessionDep,
    user: ModeratorUser,
    fields: ThemeForm,
):
    try:
        theme = themes.create_theme(session=session, actor=user, **fields.model_dump())
    except ValidationFailed as error:
        form = {"values": fields.model_dump(), "errors": error.errors}
        return _themes_page(request, session, form=form, status_code=422)
    return redirect(
        request, request.app.url_path_for("mod_themes"), flash=f"Theme “{theme.name}” created."
    )


def _theme_page(
    request: Request,
    session: Session,
    theme: Theme,
    *,
    cursor: str = "",
    form: dict | None = None,
    status_code: int = 200,
):
    page = listing.list_ideas(session=session, sort="new", theme_id=theme.id, cursor=cursor or None)
    more_url = None
    if page.next_cursor:
        path = request.app.url_path_for("mod_theme", theme_id=theme.id)
        more_url = f"{path}?cursor={page.next_cursor}"
    others = [(t.slug, t.name) for t in themes.list_themes(session=session) if t.id != theme.id]
    form = form or EMPTY_FORM
    edit_values = {"name": theme.name, "slug": theme.slug, "description": theme.description}
    context = {
        "theme": theme,
        "page": page,
        "more_url": more_url,
        "other_themes": others,
        "form": form,
        "edit_values": form["values"] if form["key"] == "edit" else edit_values,
        "merged_into": (
            themes.get_theme_by_id(session=session, theme_id=theme.merged_into_id)
            if theme.merged_into_id
            else None
        ),
    }
    return render(request, "mod/theme.html", context, status_code=status_code)


@router.get("/themes/{theme_id}", name="mod_theme")
def theme_page(
    request: Request, theme_id: Id, session: SessionDep, user: ModeratorUser, cursor: str = ""
):
    theme = themes.get_theme_by_id(session=session, theme_id=theme_id)
    return _theme_page(request, session, theme, cursor=cursor)


@router.post("/themes/{theme_id}", name="mod_update_theme")
def update_theme(
    request: Request,
    theme_id: Id,
    session: SessionDep,
    user: ModeratorUser,
    fields: ThemeForm,
):
    try:
        themes.update_theme(session=session, actor=user, theme_id=theme_id, **fields.model_dump())
    except ValidationFailed as error:
        theme = themes.get_theme_by_id(session=session, theme_id=theme_id)
        form = form_again("edit", fields.model_dump(), error)
        return _theme_page(request, session, theme, form=form, status_code=422)
    url = request.app.url_path_for("mod_theme", theme_id=theme_id)
    return redirect(request, url, flash="Theme saved.")


@router.post("/themes/{theme_id}/reorder", name="mod_reorder_theme")
def reorder_theme(
    request: Request,
    theme_id: Id,
    session: SessionDep,
    user: ModeratorUser,
    direction: FormStr = "",
):
    themes.reorder_theme(session=session, actor=user, theme_id=theme_id, direction=direction)
    return redirect(request, f"{request.app.url_path_for('mod_themes')}#theme-{theme_id}")


@router.post("/themes/{theme_id}/archive", name="mod_archive_theme")
def archive_theme(request: Request, theme_id: Id, session: SessionDep, user: ModeratorUser):
    theme = themes.archive_theme(session=session, actor=user, theme_id=theme_id)
    message = f"“{theme.name}” is archived: its ideas stay, new ideas go elsewhere."
    return redirect(request, request.app.url_path_for("mod_themes"), flash=message)


@router.post("/themes/{theme_id}/unarchive", name="mod_unarchive_theme")
def unarchive_theme(request: Request, theme_id: Id, session: SessionDep, user: ModeratorUser):
    theme = themes.unarchive_theme(session=session, actor=user, theme_id=theme_id)
    message = f"“{theme.name}” is open for new ideas again."
    return redirect(request, request.app.url_path_for("mod_themes"), flash=message)


@router.post("/themes/{theme_id}/merge", name="mod_merge_theme")
def merge_theme(
    request: Request, theme_id: Id, session: SessionDep, user: ModeratorUser, into: FormStr = ""
):
    try:
        target = themes.merge_theme(session=session, actor=user, theme_id=theme_id, into=into)
    except ValidationFailed as error:
        theme = themes.get_theme_by_id(session=session, theme_id=theme_id)
        form = form_again("merge", {"into": into}, error)
        return _theme_page(request, session, theme, form=form, status_code=422)
    url = request.app.url_path_for("mod_theme", theme_id=target.id)
    return redirect(request, url, flash=f"Merged: its ideas are now in “{target.name}”.")


@router.post("/themes/{theme_id}/move-ideas", name="mod_move_theme_ideas")
def move_theme_ideas(
    request: Request,
    theme_id: Id,
    session: SessionDep,
    user: ModeratorUser,
    idea_ids: Annotated[list[int], Form()] = [],  # noqa: B006 - FastAPI copies defaults
    theme: FormStr = "",
):
    try:
        moved = themes.move_ideas(
            session=session, actor=user, theme_id=theme_id, idea_ids=idea_ids, theme_slug=theme
        )
    except ValidationFailed as error:
        source = themes.get_theme_by_id(session=session, theme_id=theme_id)
        form = form_again("move", {"idea_ids": idea_ids, "theme": theme}, error)
        return _theme_page(request, session, source, form=form, status_code=422)
    url = request.app.url_path_for("mod_theme", theme_id=theme_id)
    return redirect(request, url, flash=f"Moved {plural(moved, 'idea')}.")
