"""Moderation pages and actions under /mod, for moderators and admins only.

Every route here hangs off one router whose dependency, `require_moderator`, runs before
the route: an anonymous visitor is sent to sign in, a member gets a 403, and neither
reaches a service. Role changes add `require_admin`. Each action is a plain form post
answered with a redirect (and a flash), or with the page again (422) when a field needs
fixing; the services record one audit event per action.
"""

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import StreamingResponse
from sqlmodel import Session

from app.deps import AdminUser, ModeratorUser, SessionDep, require_moderator
from app.models import IdeaStatus, Role, Theme, User
from app.services import audit, duplicates, flags, ideas, members, merging, moderation, themes
from app.services.errors import ValidationFailed
from app.web.ideas import idea_context
from app.web.templating import local_path, redirect, render

router = APIRouter(prefix="/mod", dependencies=[Depends(require_moderator)])

FormStr = Annotated[str, Form()]
EMPTY_FORM = {"key": None, "values": {}, "errors": {}}


def _back(request: Request, next: str, route: str, **params) -> str:
    return local_path(next, request.app.url_path_for(route, **params))


def _form(key: str, values: dict, error: ValidationFailed) -> dict:
    return {"key": key, "values": values, "errors": error.errors}


# --- overview --------------------------------------------------------------------------


@router.get("", name="mod_home")
def home(request: Request, session: SessionDep, user: ModeratorUser):
    context = {
        "open_reports": flags.count_waiting(session=session),
        "hidden": moderation.hidden_items(session=session),
    }
    return render(request, "mod/index.html", context)


# --- reports ---------------------------------------------------------------------------


@router.get("/flags", name="mod_flags")
def flag_queue(request: Request, session: SessionDep, user: ModeratorUser):
    items, total = flags.queue(session=session)
    return render(request, "mod/flags.html", {"items": items, "total": total})


@router.post("/flags/ideas/{idea_id}/dismiss", name="mod_dismiss_idea_flags")
def dismiss_idea_flags(
    request: Request, idea_id: int, session: SessionDep, user: ModeratorUser, next: FormStr = ""
):
    closed = flags.dismiss_flags(session=session, actor=user, kind="idea", target_id=idea_id)
    message = f"Dismissed {closed} report(s); the idea stays." if closed else "No open reports."
    return redirect(request, _back(request, next, "mod_flags"), flash=message)


@router.post("/flags/comments/{comment_id}/dismiss", name="mod_dismiss_comment_flags")
def dismiss_comment_flags(
    request: Request,
    comment_id: int,
    session: SessionDep,
    user: ModeratorUser,
    next: FormStr = "",
):
    closed = flags.dismiss_flags(session=session, actor=user, kind="comment", target_id=comment_id)
    message = f"Dismissed {closed} report(s); the comment stays." if closed else "No open reports."
    return redirect(request, _back(request, next, "mod_flags"), flash=message)


# --- ideas -----------------------------------------------------------------------------


def _idea_page_again(request: Request, session: Session, user: User, idea_id: int, form: dict):
    idea = ideas.get_idea(session=session, idea_id=idea_id, viewer=user)
    context = idea_context(request, session, user, idea, mod_form=form)
    return render(request, "ideas/detail.html", context, status_code=422)


@router.post("/ideas/{idea_id}/status", name="mod_idea_status")
def set_status(
    request: Request,
    idea_id: int,
    session: SessionDep,
    user: ModeratorUser,
    status: FormStr = "",
    response: FormStr = "",
):
    try:
        idea = moderation.set_status(
            session=session, actor=user, idea_id=idea_id, status=status, response=response
        )
    except ValidationFailed as error:
        form = _form("status", {"status": status, "response": response}, error)
        return _idea_page_again(request, session, user, idea_id, form)
    url = request.app.url_path_for("idea", idea_id=idea.id)
    return redirect(request, url, flash=f"Status: {IdeaStatus(idea.status).label}.")


@router.post("/ideas/{idea_id}/merge", name="mod_merge_idea")
def merge_idea(
    request: Request,
    idea_id: int,
    session: SessionDep,
    user: ModeratorUser,
    into: FormStr = "",
    next: FormStr = "",
):
    try:
        merge = merging.merge_idea(session=session, actor=user, idea_id=idea_id, into=into)
    except ValidationFailed as error:
        return _idea_page_again(
            request, session, user, idea_id, _form("merge", {"into": into}, error)
        )
    back = _back(request, next, "idea", idea_id=merge.idea_id)
    return redirect(request, back, flash=f"Merged into idea #{merge.into_id}.")


@router.get("/duplicates", name="mod_duplicates")
def duplicate_queue(request: Request, session: SessionDep, user: ModeratorUser):
    return render(request, "mod/duplicates.html", {"pairs": duplicates.queue(session=session)})


@router.post("/duplicates/{pair_id}/dismiss", name="mod_dismiss_duplicate")
def dismiss_duplicate(request: Request, pair_id: int, session: SessionDep, user: ModeratorUser):
    duplicates.dismiss(session=session, actor=user, pair_id=pair_id)
    url = request.app.url_path_for("mod_duplicates")
    return redirect(request, url, flash="Marked as not duplicates: this pair will not come back.")


@router.post("/ideas/{idea_id}/unmerge", name="mod_unmerge_idea")
def unmerge_idea(request: Request, idea_id: int, session: SessionDep, user: ModeratorUser):
    idea = merging.unmerge_idea(session=session, actor=user, idea_id=idea_id)
    url = request.app.url_path_for("idea", idea_id=idea.id)
    return redirect(request, url, flash="Unmerged: the idea and its votes are back.")


@router.post("/ideas/{idea_id}/theme", name="mod_move_idea")
def move_idea(
    request: Request, idea_id: int, session: SessionDep, user: ModeratorUser, theme: FormStr = ""
):
    try:
        idea = themes.move_idea(session=session, actor=user, idea_id=idea_id, theme_slug=theme)
    except ValidationFailed as error:
        return _idea_page_again(
            request, session, user, idea_id, _form("theme", {"theme": theme}, error)
        )
    url = request.app.url_path_for("idea", idea_id=idea.id)
    return redirect(request, url, flash="Moved to another theme.")


@router.post("/ideas/{idea_id}/hide", name="mod_hide_idea")
def hide_idea(
    request: Request, idea_id: int, session: SessionDep, user: ModeratorUser, next: FormStr = ""
):
    moderation.hide_idea(session=session, actor=user, idea_id=idea_id)
    back = _back(request, next, "idea", idea_id=idea_id)
    return redirect(request, back, flash="The idea is hidden. Only moderators can see it.")


@router.post("/ideas/{idea_id}/restore", name="mod_restore_idea")
def restore_idea(
    request: Request, idea_id: int, session: SessionDep, user: ModeratorUser, next: FormStr = ""
):
    moderation.restore_idea(session=session, actor=user, idea_id=idea_id)
    back = _back(request, next, "idea", idea_id=idea_id)
    return redirect(request, back, flash="The idea is shown again.")


@router.post("/ideas/{idea_id}/pin", name="mod_pin_idea")
def pin_idea(
    request: Request, idea_id: int, session: SessionDep, user: ModeratorUser, next: FormStr = ""
):
    moderation.pin_idea(session=session, actor=user, idea_id=idea_id)
    back = _back(request, next, "idea", idea_id=idea_id)
    return redirect(request, back, flash="Pinned: it leads the home page and its theme.")


@router.post("/ideas/{idea_id}/unpin", name="mod_unpin_idea")
def unpin_idea(
    request: Request, idea_id: int, session: SessionDep, user: ModeratorUser, next: FormStr = ""
):
    moderation.unpin_idea(session=session, actor=user, idea_id=idea_id)
    return redirect(request, _back(request, next, "idea", idea_id=idea_id), flash="Unpinned.")


# --- comments --------------------------------------------------------------------------


@router.post("/comments/{comment_id}/hide", name="mod_hide_comment")
def hide_comment(
    request: Request,
    comment_id: int,
    session: SessionDep,
    user: ModeratorUser,
    next: FormStr = "",
):
    comment = moderation.hide_comment(session=session, actor=user, comment_id=comment_id)
    url = request.app.url_path_for("idea", idea_id=comment.idea_id)
    back = local_path(next, f"{url}#comment-{comment.id}")
    return redirect(request, back, flash="The comment is hidden.")


@router.post("/comments/{comment_id}/restore", name="mod_restore_comment")
def restore_comment(
    request: Request,
    comment_id: int,
    session: SessionDep,
    user: ModeratorUser,
    next: FormStr = "",
):
    comment = moderation.restore_comment(session=session, actor=user, comment_id=comment_id)
    url = request.app.url_path_for("idea", idea_id=comment.idea_id)
    back = local_path(next, f"{url}#comment-{comment.id}")
    return redirect(request, back, flash="The comment is shown again.")


# --- themes ----------------------------------------------------------------------------


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
    name: FormStr = "",
    slug: FormStr = "",
    description: FormStr = "",
):
    values = {"name": name, "slug": slug, "description": description}
    try:
        theme = themes.create_theme(
            session=session, actor=user, name=name, slug=slug, description=description
        )
    except ValidationFailed as error:
        form = {"values": values, "errors": error.errors}
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
    page = ideas.list_ideas(session=session, sort="new", theme_id=theme.id, cursor=cursor or None)
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
    request: Request, theme_id: int, session: SessionDep, user: ModeratorUser, cursor: str = ""
):
    theme = themes.get_theme_by_id(session=session, theme_id=theme_id)
    return _theme_page(request, session, theme, cursor=cursor)


@router.post("/themes/{theme_id}", name="mod_update_theme")
def update_theme(
    request: Request,
    theme_id: int,
    session: SessionDep,
    user: ModeratorUser,
    name: FormStr = "",
    slug: FormStr = "",
    description: FormStr = "",
):
    values = {"name": name, "slug": slug, "description": description}
    try:
        themes.update_theme(
            session=session, actor=user, theme_id=theme_id, name=name, slug=slug,
            description=description,
        )  # fmt: skip
    except ValidationFailed as error:
        theme = themes.get_theme_by_id(session=session, theme_id=theme_id)
        return _theme_page(
            request, session, theme, form=_form("edit", values, error), status_code=422
        )
    url = request.app.url_path_for("mod_theme", theme_id=theme_id)
    return redirect(request, url, flash="Theme saved.")


@router.post("/themes/{theme_id}/reorder", name="mod_reorder_theme")
def reorder_theme(
    request: Request,
    theme_id: int,
    session: SessionDep,
    user: ModeratorUser,
    direction: FormStr = "",
):
    themes.reorder_theme(session=session, actor=user, theme_id=theme_id, direction=direction)
    return redirect(request, f"{request.app.url_path_for('mod_themes')}#theme-{theme_id}")


@router.post("/themes/{theme_id}/archive", name="mod_archive_theme")
def archive_theme(request: Request, theme_id: int, session: SessionDep, user: ModeratorUser):
    theme = themes.archive_theme(session=session, actor=user, theme_id=theme_id)
    message = f"“{theme.name}” is archived: its ideas stay, new ideas go elsewhere."
    return redirect(request, request.app.url_path_for("mod_themes"), flash=message)


@router.post("/themes/{theme_id}/unarchive", name="mod_unarchive_theme")
def unarchive_theme(request: Request, theme_id: int, session: SessionDep, user: ModeratorUser):
    theme = themes.unarchive_theme(session=session, actor=user, theme_id=theme_id)
    message = f"“{theme.name}” is open for new ideas again."
    return redirect(request, request.app.url_path_for("mod_themes"), flash=message)


@router.post("/themes/{theme_id}/merge", name="mod_merge_theme")
def merge_theme(
    request: Request, theme_id: int, session: SessionDep, user: ModeratorUser, into: FormStr = ""
):
    try:
        target = themes.merge_theme(session=session, actor=user, theme_id=theme_id, into=into)
    except ValidationFailed as error:
        theme = themes.get_theme_by_id(session=session, theme_id=theme_id)
        form = _form("merge", {"into": into}, error)
        return _theme_page(request, session, theme, form=form, status_code=422)
    url = request.app.url_path_for("mod_theme", theme_id=target.id)
    return redirect(request, url, flash=f"Merged: its ideas are now in “{target.name}”.")


@router.post("/themes/{theme_id}/move-ideas", name="mod_move_theme_ideas")
def move_theme_ideas(
    request: Request,
    theme_id: int,
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
        form = _form("move", {"idea_ids": idea_ids, "theme": theme}, error)
        return _theme_page(request, session, source, form=form, status_code=422)
    url = request.app.url_path_for("mod_theme", theme_id=theme_id)
    return redirect(request, url, flash=f"Moved {moved} idea(s).")


# --- members ---------------------------------------------------------------------------


def _users_page(
    request: Request,
    session: Session,
    actor: User,
    *,
    q: str = "",
    cursor: str = "",
    form: dict | None = None,
    status_code: int = 200,
):
    after = int(cursor) if cursor.isdigit() else None
    page = members.list_members(session=session, query=q, after_id=after)
    more_url = None
    if page.next_cursor:
        path = request.app.url_path_for("mod_users")
        more_url = f"{path}?{_query({'q': q, 'cursor': page.next_cursor})}"
    context = {
        "page": page,
        "q": q,
        "more_url": more_url,
        "form": form or EMPTY_FORM,
        "roles": [(role.value, role.value.capitalize()) for role in Role],
        "may_act_on": {u.id: members.may_act_on(actor, u) for u in page.items},
        "next_path": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
    }
    return render(request, "mod/users.html", context, status_code=status_code)


def _query(params: dict) -> str:
    return urlencode({key: value for key, value in params.items() if value})


@router.get("/users", name="mod_users")
def user_list(
    request: Request, session: SessionDep, user: ModeratorUser, q: str = "", cursor: str = ""
):
    return _users_page(request, session, user, q=q, cursor=cursor)


@router.post("/users/{user_id}/suspend", name="mod_suspend_user")
def suspend_user(
    request: Request, user_id: int, session: SessionDep, user: ModeratorUser, next: FormStr = ""
):
    member = members.suspend(session=session, actor=user, user_id=user_id)
    message = f"{member.display_name} is suspended and signed out everywhere."
    return redirect(request, _back(request, next, "mod_users"), flash=message)


@router.post("/users/{user_id}/unsuspend", name="mod_unsuspend_user")
def unsuspend_user(
    request: Request, user_id: int, session: SessionDep, user: ModeratorUser, next: FormStr = ""
):
    member = members.unsuspend(session=session, actor=user, user_id=user_id)
    message = f"{member.display_name} can sign in again."
    return redirect(request, _back(request, next, "mod_users"), flash=message)


@router.post("/users/{user_id}/role", name="mod_user_role")
def change_role(
    request: Request,
    user_id: int,
    session: SessionDep,
    user: AdminUser,
    role: FormStr = "",
    next: FormStr = "",
):
    try:
        member = members.change_role(session=session, actor=user, user_id=user_id, role=role)
    except ValidationFailed as error:
        target = session.get(User, user_id)
        form = {"key": user_id, "values": {"role": role}, "errors": error.errors}
        return _users_page(
            request, session, user, q=target.email if target else "", form=form, status_code=422
        )
    message = f"{member.display_name} is now {member.role}."
    return redirect(request, _back(request, next, "mod_users"), flash=message)


# --- audit -----------------------------------------------------------------------------


@router.get("/audit", name="mod_audit")
def audit_log(
    request: Request,
    session: SessionDep,
    user: ModeratorUser,
    actor: str = "",
    action: str = "",
    date_from: Annotated[str, Query(alias="from")] = "",
    date_to: Annotated[str, Query(alias="to")] = "",
    cursor: str = "",
):
    values = {"actor": actor, "action": action, "from": date_from, "to": date_to}
    context = {
        "values": values,
        "errors": {},
        "actors": [(str(i), name) for i, name in audit.actors(session=session)],
        "actions": list(audit.ACTIONS.items()),
        "page": audit.AuditPage(items=[], next_cursor=None),
        "more_url": None,
        "csv_url": None,
    }
    try:
        filters = audit.parse_filter(
            actor=actor, action=action, date_from=date_from, date_to=date_to
        )
    except ValidationFailed as error:
        context["errors"] = error.errors
        return render(request, "mod/audit.html", context, status_code=422)
    before_id = int(cursor) if cursor.isdigit() else None
    page = audit.list_events(session=session, filters=filters, before_id=before_id)
    context["page"] = page
    path = request.app.url_path_for("mod_audit")
    if page.next_cursor:
        context["more_url"] = f"{path}?{_query({**values, 'cursor': page.next_cursor})}"
    csv_path = request.app.url_path_for("mod_audit_csv")
    context["csv_url"] = f"{csv_path}?{_query(values)}" if _query(values) else csv_path
    return render(request, "mod/audit.html", context)


@router.get("/audit.csv", name="mod_audit_csv")
def audit_csv(
    request: Request,
    session: SessionDep,
    user: ModeratorUser,
    actor: str = "",
    action: str = "",
    date_from: Annotated[str, Query(alias="from")] = "",
    date_to: Annotated[str, Query(alias="to")] = "",
):
    filters = audit.parse_filter(actor=actor, action=action, date_from=date_from, date_to=date_to)
    lines = audit.csv_lines(audit.iter_events(session=session, filters=filters))
    return StreamingResponse(
        lines,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="commonground-audit.csv"'},
    )
