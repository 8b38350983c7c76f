"""Members report an idea or a comment to the moderators."""

from typing import Annotated

from fastapi import APIRouter, Form, Request

from app.deps import SessionDep, SettingsDep, VerifiedUser
from app.services import comments, flags, ideas
from app.services.errors import ValidationFailed
from app.web.ideas import idea_context
from app.web.templating import redirect, render

router = APIRouter()

FormStr = Annotated[str, Form()]


def _form_again(request: Request, session, user, idea_id: int, key: str, values, error):
    idea = ideas.get_idea(session=session, idea_id=idea_id, viewer=user)
    form = {"key": key, "values": values, "errors": error.errors}
    context = idea_context(request, session, user, idea, report_form=form)
    return render(request, "ideas/detail.html", context, status_code=422)


@router.post("/ideas/{idea_id}/flag", name="flag_idea")
def flag_idea(
    request: Request,
    idea_id: int,
    session: SessionDep,
    settings: SettingsDep,
    user: VerifiedUser,
    reason: FormStr = "",
    note: FormStr = "",
):
    try:
        outcome = flags.flag_idea(
            session=session, reporter=user, idea_id=idea_id, reason=reason, note=note,
            threshold=settings.flag_threshold,
        )  # fmt: skip
    except ValidationFailed as error:
        values = {"reason": reason, "note": note}
        return _form_again(request, session, user, idea_id, "idea", values, error)
    if outcome.hidden:
        return redirect(
            request,
            request.app.url_path_for("ideas"),
            flash="Thank you. The idea is hidden while the moderators review it.",
        )
    message = (
        "Thank you. The moderators will review your report."
        if outcome.created
        else "You have already reported this idea. The moderators have it."
    )
    return redirect(request, request.app.url_path_for("idea", idea_id=idea_id), flash=message)


@router.post("/comments/{comment_id}/flag", name="flag_comment")
def flag_comment(
    request: Request,
    comment_id: int,
    session: SessionDep,
    settings: SettingsDep,
    user: VerifiedUser,
    reason: FormStr = "",
    note: FormStr = "",
):
    try:
        outcome = flags.flag_comment(
            session=session, reporter=user, comment_id=comment_id, reason=reason, note=note,
            threshold=settings.flag_threshold,
        )  # fmt: skip
    except ValidationFailed as error:
        idea_id = comments.get_comment(session=session, comment_id=comment_id).idea_id
        values = {"reason": reason, "note": note}
        return _form_again(request, session, user, idea_id, f"comment-{comment_id}", values, error)
    if outcome.hidden:
        message = "Thank you. The comment is hidden while the moderators review it."
        anchor = "comments"
    elif outcome.created:
        message, anchor = (
            "Thank you. The moderators will review your report.",
            f"comment-{comment_id}",
        )
    else:
        message = "You have already reported this comment. The moderators have it."
        anchor = f"comment-{comment_id}"
    url = request.app.url_path_for("idea", idea_id=outcome.idea_id)
    return redirect(request, f"{url}#{anchor}", flash=message)
