"""Members report an idea or a comment to the moderators."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from pydantic import BaseModel

from app.deps import Id, RateLimiterDep, SessionDep, SettingsDep, VerifiedUser
from app.services.errors import ValidationFailed
from app.services.ideas import comments, proposals
from app.services.moderation import flags
from app.web.ideas.idea_page import idea_context
from app.web.templating import redirect, render

router = APIRouter()


class _ReportFields(BaseModel):
    reason: str = ""  # spam, abusive, off_topic or other
    note: str = ""


ReportForm = Annotated[_ReportFields, Form()]


def _form_again(request: Request, session, user, idea_id: Id, key: str, values, error):
    idea = proposals.get_idea(session=session, idea_id=idea_id, viewer=user)
    form = {"key": key, "values": values, "errors": error.errors}
    context = idea_context(request, session, user, idea, report_form=form)
    return render(request, "ideas/detail.html", context, status_code=422)


@router.post("/ideas/{idea_id}/flag", name="flag_idea")
def flag_idea(
    request: Request,
    idea_id: Id,
    session: SessionDep,
    settings: SettingsDep,
    user: VerifiedUser,
    report: ReportForm,
    limiter: RateLimiterDep,
):
    limiter.hit_writing("flags", user.id)
    try:
        outcome = flags.flag_idea(
            session=session, reporter=user, idea_id=idea_id, reason=report.reason,
            note=report.note, threshold=settings.flag_threshold, settings=settings,
        )  # fmt: skip
    except ValidationFailed as error:
        return _form_again(request, session, user, idea_id, "idea", report.model_dump(), error)
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
    comment_id: Id,
    session: SessionDep,
    settings: SettingsDep,
    user: VerifiedUser,
    report: ReportForm,
    limiter: RateLimiterDep,
):
    limiter.hit_writing("flags", user.id)
    try:
        outcome = flags.flag_comment(
            session=session, reporter=user, comment_id=comment_id, reason=report.reason,
            note=report.note, threshold=settings.flag_threshold, settings=settings,
        )  # fmt: skip
    except ValidationFailed as error:
        idea_id = comments.get_comment(session=session, comment_id=comment_id).idea_id
        key = f"comment-{comment_id}"
        return _form_again(request, session, user, idea_id, key, report.model_dump(), error)
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
