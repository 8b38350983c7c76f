"""The debate: adding a comment or a reply, the author editing or deleting their own, and
completing a mention in the comment box."""

import re

from fastapi import APIRouter, Request
from sqlmodel import Session

from app.deps import FormStr, Id, OptionalFormInt, RateLimiterDep, SessionDep, VerifiedUser
from app.models import User
from app.ratelimit import RateLimited
from app.services.errors import NotFound, ValidationFailed
from app.services.finding import mentions
from app.services.ideas import comments, proposals
from app.web.errors import retry_after, too_fast
from app.web.ideas.idea_page import idea_context
from app.web.templating import is_htmx, redirect, render

router = APIRouter()


def render_comments(
    request: Request,
    session: Session,
    user: User,
    idea_id: Id,
    *,
    focus: str = "comments-title",
    announcement: str = "",
    status_code: int = 200,
    comment_form: dict | None = None,
):
    """After a comment action: for htmx, the comments section with focus moved to `focus`
    and `announcement` read out by screen readers; otherwise back to the idea page (or
    the page itself with the form's errors when there are some)."""
    idea = proposals.get_idea(session=session, idea_id=idea_id, viewer=user)
    if status_code == 200 and not is_htmx(request):
        url = request.app.url_path_for("idea", idea_id=idea_id)
        return redirect(request, f"{url}#{focus}")
    context = idea_context(request, session, user, idea, comment_form=comment_form)
    if not is_htmx(request):
        return render(request, "ideas/detail.html", context, status_code=status_code)
    # On an error, focus goes to the field at fault (the template marks it), not `focus`.
    focus = "" if status_code >= 400 else focus
    context |= {"htmx_swap": True, "focus": focus, "announcement": announcement}
    return render(request, "ideas/detail.html", context, status_code=status_code, block="comments")


@router.post("/ideas/{idea_id}/comments", name="add_comment")
def add_comment(
    request: Request,
    idea_id: Id,
    session: SessionDep,
    user: VerifiedUser,
    limiter: RateLimiterDep,
    body: FormStr = "",
    stance: FormStr = "",
    parent_id: OptionalFormInt = None,
):
    form = {"key": f"reply-{parent_id}" if parent_id else "new"}
    try:
        limiter.hit_writing("comments", user.id)
        limiter.hit_writing("mentions", user.id, cost=mentions.mention_count(body))
    except RateLimited as error:
        form |= {"values": {"body": body, "stance": stance}, "errors": {"body": too_fast(error)}}
        page = render_comments(
            request, session, user, idea_id, status_code=429, comment_form=form,
            announcement="Your comment was not posted. " + too_fast(error),
        )  # fmt: skip
        return retry_after(page, error)
    try:
        comment = comments.add_comment(
            session=session, author=user, idea_id=idea_id, body=body, stance=stance,
            parent_id=parent_id,
        )  # fmt: skip
    except ValidationFailed as error:
        form |= {"values": {"body": body, "stance": stance}, "errors": error.errors}
        return render_comments(
            request, session, user, idea_id, status_code=422, comment_form=form,
            announcement="Your comment was not posted. " + " ".join(error.errors.values()),
        )  # fmt: skip
    return render_comments(
        request, session, user, idea_id, focus=f"comment-{comment.id}",
        announcement="Your reply is posted." if parent_id else "Your comment is posted.",
    )  # fmt: skip


# The comment boxes on an idea page: `new-comment`, `reply-<id>`, `edit-<id>`.
COMMENT_FIELD = re.compile(r"^(new-comment|reply-\d+|edit-\d+)$")


def _field(field: str) -> str:
    if not COMMENT_FIELD.match(field):
        raise NotFound("There is no comment box like that.")
    return field


@router.get("/mentions", name="mention_suggestions")
def mention_suggestions(
    request: Request,
    session: SessionDep,
    user: VerifiedUser,
    body: str = "",
    field: str = "",
    idea: Id | None = None,
):
    """htmx, as a member types in a comment box: members to mention, if the text ends
    with `@` and the start of a name."""
    found = mentions.suggest_for_text(session=session, viewer=user, text=body, idea_id=idea)
    context = {"suggestions": found, "key": _field(field), "idea_id": idea}
    return render(request, "ideas/_mentions.html", context)


@router.get("/mentions/complete", name="mention_complete")
def mention_complete(
    request: Request,
    user: VerifiedUser,
    body: str = "",
    name: str = "",
    field: str = "",
    idea: Id | None = None,
):
    """htmx, when a suggestion is chosen: the comment box again, with the name written
    out and the cursor after it."""
    context = {
        "key": _field(field),
        "idea_id": idea,
        "text": mentions.complete(body, name),
        "announcement": f"Mentioned {name}.",
    }
    return render(request, "ideas/_comment_body_swap.html", context)


@router.post("/comments/{comment_id}/edit", name="edit_comment")
def edit_comment(
    request: Request,
    comment_id: Id,
    session: SessionDep,
    user: VerifiedUser,
    body: FormStr = "",
    stance: FormStr = "",
):
    try:
        comment = comments.edit_comment(
            session=session, user=user, comment_id=comment_id, body=body, stance=stance
        )
    except ValidationFailed as error:
        idea_id = comments.get_comment(session=session, comment_id=comment_id).idea_id
        form = {
            "key": f"edit-{comment_id}",
            "values": {"body": body, "stance": stance},
            "errors": error.errors,
        }
        return render_comments(
            request, session, user, idea_id, status_code=422, comment_form=form,
            announcement="Your changes were not saved. " + " ".join(error.errors.values()),
        )  # fmt: skip
    return render_comments(
        request, session, user, comment.idea_id, focus=f"comment-{comment.id}",
        announcement="Your comment is updated.",
    )  # fmt: skip


@router.post("/comments/{comment_id}/delete", name="delete_comment")
def delete_comment(request: Request, comment_id: Id, session: SessionDep, user: VerifiedUser):
    comment = comments.delete_comment(session=session, user=user, comment_id=comment_id)
    return render_comments(
        request, session, user, comment.idea_id, announcement="Your comment is deleted."
    )
