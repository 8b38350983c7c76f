"""Comments: the debate on an idea, each with a stance, with one level of replies.

A reply to a reply attaches to the top-level comment (Discourse-like flat threads, one
level deep). `comment_count` and the for/against/neutral tally on the idea count the
comments that are shown, and change in the same transaction as the comment. A deleted
comment with replies stays as "comment removed" so the replies keep their context.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.db import lock_row, write_transaction
from app.markdown import render_markdown
from app.models import Comment, CommentStance, Idea, IdeaStatus, Round, User, utcnow
from app.services.errors import Forbidden, NotFound, ValidationFailed
from app.services.ideas import trending
from app.services.ideas.listing import profile_id
from app.services.moderation import trust
from app.services.notifying import follows, notifications
from app.services.sharing import webhooks

BODY_MAX = 5_000
TALLY_COLUMNS = {
    CommentStance.for_: "comments_for",
    CommentStance.against: "comments_against",
    CommentStance.neutral: "comments_neutral",
}


@dataclass
class CommentView:
    id: int
    author_id: int | None  # None: a former member (an erased account)
    author_name: str
    author_organisation: str
    stance: str  # "": a reply that took no stance on the idea
    body_html: str
    body: str
    created_at: datetime
    edited_at: datetime | None
    removed: bool
    hidden: bool = False
    replies: list["CommentView"] = field(default_factory=list)


NO_STANCE = "none"  # what a reply's form sends to take (or drop) no stance on the idea
STANCE_REQUIRED = "Choose where you stand on the idea: for, against, or just a question / neutral."


def _validate(body: str, stance: str, *, required: bool) -> str:
    """A top-level comment must say where it stands (nothing is chosen for the member, so
    nobody is counted neutral by not noticing); a reply takes no stance unless given one
    (`NO_STANCE` or nothing), and a stance it takes is on the idea, not the comment above."""
    errors = {}
    if not body:
        errors["body"] = "Write your comment before posting it."
    elif len(body) > BODY_MAX:
        errors["body"] = f"Keep comments to {BODY_MAX:,} characters."
    parsed = ""
    if stance == NO_STANCE and not required:
        pass
    elif stance:
        try:
            parsed = CommentStance(stance)
        except ValueError:
            errors["stance"] = STANCE_REQUIRED
    elif required:
        errors["stance"] = STANCE_REQUIRED
    if errors:
        raise ValidationFailed(errors)
    return parsed


def _lock_open_idea(session: Session, idea_id: int) -> Idea:
    idea = lock_row(session, Idea, idea_id)
    if idea is None or idea.hidden_at is not None:
        raise NotFound("There is no idea at this address. It may have been removed.")
    if idea.status == IdeaStatus.merged:
        raise Forbidden("This idea has been merged into another; join the debate there.")
    round_ = session.get(Round, idea.round_id) if idea.round_id else None
    if round_ and not round_.comments_after_close and round_.closes_at <= utcnow():
        raise Forbidden(f"The round “{round_.title}” has closed, and with it the debate here.")
    return idea


def _tally(idea: Idea, stance: str, delta: int) -> None:
    if not stance:  # a reply that took no stance
        return
    column = TALLY_COLUMNS[CommentStance(stance)]
    setattr(idea, column, getattr(idea, column) + delta)


def add_comment(
    *,
    session: Session,
    author: User,
    idea_id: int,
    body: str,
    stance: str = "",
    parent_id: int | None = None,
) -> Comment:
    if not author.is_verified:
        raise Forbidden("Confirm your email address to comment.")
    body = body.strip()
    with write_transaction(session):
        # A closed idea says so before the form's mistakes do.
        idea = _lock_open_idea(session, idea_id)
        parsed_stance = _validate(body, stance, required=parent_id is None)
        trust.check_links(author, body)
        parent = None
        if parent_id is not None:
            parent = session.get(Comment, parent_id)
            if (
                parent is None
                or parent.idea_id != idea_id
                or parent.hidden_at is not None
                or parent.deleted_at is not None
            ):
                raise ValidationFailed(
                    {"parent_id": "The comment you replied to is no longer here."}
                )
            parent_id = parent.parent_id or parent.id

        now = utcnow()
        comment = Comment(
            idea_id=idea_id,
            author_id=author.id,
            parent_id=parent_id,
            body=body,
            body_html=render_markdown(body),
            stance=parsed_stance,
            created_at=now,
        )
        session.add(comment)
        idea.comment_count += 1
        _tally(idea, parsed_stance, +1)
        idea.trending_score = trending.add_activity(idea.trending_score, now)
        idea.last_activity_at = now
        session.add(idea)
        session.flush()
        follows.auto_follow_idea(session, user_id=author.id, idea_id=idea_id, reason="comment")
        notifications.comment_added(
            session, comment=comment, idea=idea, author=author, replied_to=parent
        )
        webhooks.comment_event(session, comment)
    return comment


def get_comment(*, session: Session, comment_id: int) -> Comment:
    comment = session.get(Comment, comment_id)
    if comment is None or comment.deleted_at is not None or comment.hidden_at is not None:
        raise NotFound("There is no comment at this address. It may have been removed.")
    return comment


def _own_comment(session: Session, user: User, comment_id: int) -> Comment:
    comment = get_comment(session=session, comment_id=comment_id)
    if comment.author_id != user.id:
        raise Forbidden("Only the author can change this comment.")
    return comment


def edit_comment(
    *, session: Session, user: User, comment_id: int, body: str, stance: str = ""
) -> Comment:
    with write_transaction(session):
        comment = _own_comment(session, user, comment_id)
        body = body.strip()
        parsed_stance = _validate(
            body, stance or comment.stance, required=comment.parent_id is None
        )
        trust.check_links(user, body)
        idea = _lock_open_idea(session, comment.idea_id)
        if parsed_stance != comment.stance:
            _tally(idea, comment.stance, -1)
            _tally(idea, parsed_stance, +1)
            session.add(idea)
        comment.body, comment.body_html = body, render_markdown(body)
        comment.stance = parsed_stance
        comment.edited_at = utcnow()
        session.add(comment)
    return comment


def delete_comment(*, session: Session, user: User, comment_id: int) -> Comment:
    """Remove the author's comment; its replies, if any, stay under "comment removed"."""
    with write_transaction(session):
        comment = _own_comment(session, user, comment_id)
        idea = lock_row(session, Idea, comment.idea_id)
        comment.deleted_at = utcnow()
        comment.body = comment.body_html = ""
        session.add(comment)
        notifications.comment_deleted(session, comment_id=comment.id)
        idea.comment_count -= 1
        _tally(idea, comment.stance, -1)
        idea.trending_score = trending.remove_activity(
            idea.trending_score, comment.created_at, floor=trending.initial_score(idea.created_at)
        )
        session.add(idea)
    return comment


def comment_thread(
    *, session: Session, idea_id: int, include_hidden: bool = False
) -> list[CommentView]:
    """The comments of an idea, oldest first, replies under their parent.

    A comment hidden by the moderators is left out, or kept only as the anchor of its
    replies (`removed` and `hidden`, with no text); with `include_hidden` (moderators) it
    is shown in full, marked `hidden`.
    """
    rows = session.exec(
        select(Comment, User.display_name, User.organisation, profile_id(Comment.author_id))
        .join(User, col(User.id) == Comment.author_id)
        .where(Comment.idea_id == idea_id)
        .order_by(col(Comment.created_at), col(Comment.id))
    ).all()
    top_level: dict[int, CommentView] = {}
    replies: list[tuple[int, CommentView]] = []
    for comment, name, organisation, author_profile in rows:
        hidden = comment.hidden_at is not None
        concealed = hidden and not include_hidden
        view = CommentView(
            id=comment.id,
            author_id=author_profile,
            author_name=name,
            author_organisation=organisation,
            stance=comment.stance,
            body_html="" if concealed else comment.body_html,
            body="" if concealed else comment.body,
            created_at=comment.created_at,
            edited_at=comment.edited_at,
            removed=comment.deleted_at is not None or concealed,
            hidden=hidden,
        )
        if comment.parent_id is None:
            top_level[comment.id] = view
        else:
            replies.append((comment.parent_id, view))
    for parent_id, view in replies:
        if parent_id in top_level and not view.removed:
            top_level[parent_id].replies.append(view)
    # A removed comment stays only as the "comment removed" anchor of its replies.
    return [view for view in top_level.values() if not view.removed or view.replies]


def count_shown_comments(*, session: Session, idea_id: int) -> int:
    """Counted the slow way, for checking the stored counter in tests and repairs."""
    return session.exec(
        select(func.count())
        .select_from(Comment)
        .where(
            Comment.idea_id == idea_id,
            col(Comment.hidden_at).is_(None),
            col(Comment.deleted_at).is_(None),
        )
    ).one()
