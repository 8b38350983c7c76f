"""The author's own comment: edit and delete. Adding one lives with the idea pages."""

from typing import Annotated

from fastapi import APIRouter, Form, Request

from app.deps import SessionDep, VerifiedUser
from app.services import comments
from app.services.errors import ValidationFailed
from app.web.ideas import render_comments

router = APIRouter()

FormStr = Annotated[str, Form()]


@router.post("/comments/{comment_id}/edit", name="edit_comment")
def edit_comment(
    request: Request,
    comment_id: int,
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
def delete_comment(request: Request, comment_id: int, session: SessionDep, user: VerifiedUser):
    comment = comments.delete_comment(session=session, user=user, comment_id=comment_id)
    return render_comments(
        request, session, user, comment.idea_id, announcement="Your comment is deleted."
    )
