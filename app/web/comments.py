"""The author's own comment: edit and delete; and completing a mention in the comment
box. Adding a comment lives with the idea pages."""

import re
from typing import Annotated

from fastapi import APIRouter, Form, Request

from app.deps import SessionDep, VerifiedUser
from app.services import comments, mentions
from app.services.errors import NotFound, ValidationFailed
from app.web.ideas import render_comments
from app.web.templating import render

router = APIRouter()

FormStr = Annotated[str, Form()]
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
    idea: int | None = None,
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
    idea: int | None = None,
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
