"""Members: the searchable list, suspension, and roles (roles by admins only)."""

from fastapi import Request
from sqlmodel import Session

from app.deps import AdminUser, FormStr, Id, ModeratorUser, SessionDep, SettingsDep
from app.models import Role, User
from app.services.accounts import erasure
from app.services.bounds import parse_id
from app.services.errors import NotFound, ValidationFailed
from app.services.moderation import members
from app.web.moderation import EMPTY_FORM, back_to, mod_router
from app.web.templating import redirect, render, with_query

router = mod_router()


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
    after = parse_id(cursor)
    page = members.list_members(session=session, query=q, after_id=after)
    more_url = None
    if page.next_cursor:
        path = request.app.url_path_for("mod_users")
        more_url = with_query(path, {"q": q, "cursor": page.next_cursor})
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


@router.get("/users", name="mod_users")
def user_list(
    request: Request, session: SessionDep, user: ModeratorUser, q: str = "", cursor: str = ""
):
    return _users_page(request, session, user, q=q, cursor=cursor)


def _suspend_page(request, session, user_id: int, values: dict, errors: dict, status_code=200):
    member = session.get(User, user_id)
    if member is None:
        raise NotFound("There is no member at this address.")
    context = {"member": member, "values": values, "errors": errors}
    return render(request, "mod/user_suspend.html", context, status_code=status_code)


@router.get("/users/{user_id}/suspend", name="mod_suspend_confirm")
def suspend_confirm(
    request: Request, user_id: Id, session: SessionDep, user: ModeratorUser, next: str = ""
):
    """Suspending asks first, and for a reason the member is told and the log keeps."""
    return _suspend_page(request, session, user_id, {"next": next}, {})


@router.post("/users/{user_id}/suspend", name="mod_suspend_user")
def suspend_user(
    request: Request,
    user_id: Id,
    session: SessionDep,
    user: ModeratorUser,
    reason: FormStr = "",
    next: FormStr = "",
):
    try:
        member = members.suspend(session=session, actor=user, user_id=user_id, reason=reason)
    except ValidationFailed as error:
        values = {"reason": reason, "next": next}
        return _suspend_page(request, session, user_id, values, error.errors, status_code=422)
    message = f"{member.display_name} is suspended and signed out everywhere."
    return redirect(request, back_to(request, next, "mod_users"), flash=message)


@router.post("/users/{user_id}/unsuspend", name="mod_unsuspend_user")
def unsuspend_user(
    request: Request, user_id: Id, session: SessionDep, user: ModeratorUser, next: FormStr = ""
):
    member = members.unsuspend(session=session, actor=user, user_id=user_id)
    message = f"{member.display_name} can sign in again."
    return redirect(request, back_to(request, next, "mod_users"), flash=message)


@router.post("/users/{user_id}/role", name="mod_user_role")
def change_role(
    request: Request,
    user_id: Id,
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
    return redirect(request, back_to(request, next, "mod_users"), flash=message)


# --- erasing an account on the member's request ----------------------------------------


def _erase_page(request: Request, session: Session, user_id: Id, *, errors=None, status=200):
    member = session.get(User, user_id)
    if member is None or member.is_former:
        raise NotFound("There is no member at this address.")
    context = {
        "member": member,
        "choices": [(choice.value, choice.label) for choice in erasure.ContentChoice],
        "values": {"content": erasure.ContentChoice.keep.value},
        "errors": errors or {},
    }
    return render(request, "mod/user_erase.html", context, status_code=status)


@router.get("/users/{user_id}/erase", name="mod_erase_user")
def erase_form(request: Request, user_id: Id, session: SessionDep, user: ModeratorUser):
    return _erase_page(request, session, user_id)


@router.post("/users/{user_id}/erase", name="mod_erase_user_submit")
def erase_user(
    request: Request,
    user_id: Id,
    session: SessionDep,
    settings: SettingsDep,
    user: ModeratorUser,
    content: FormStr = "",
):
    """A member asked the moderators to erase their account; recorded in the audit log."""
    try:
        erasure.erase_account(
            session=session, settings=settings, user_id=user_id, content=content, actor=user
        )
    except ValidationFailed as error:
        return _erase_page(request, session, user_id, errors=error.errors, status=422)
    message = "The account is erased; what it kept shows as by “a former member”."
    return redirect(request, request.app.url_path_for("mod_users"), flash=message)
