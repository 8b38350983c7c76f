"""What the forum shows of its ideas, comments, themes and members, as data: the JSON
API's answers and the webhooks' payloads are these models, so a field means the same
everywhere. Never a member's email; a former member is `{"id": null, "display_name":
"A former member"}`.
"""

from datetime import datetime

from pydantic import BaseModel, Field
from sqlmodel import Session

from app.models import Comment, Idea, Theme, User, UserState
from app.services.rounds import reading as rounds


class MemberRef(BaseModel):
    id: int | None = Field(description="null for a former member (an erased account)")
    display_name: str
    organisation: str = ""


class ThemeRef(BaseModel):
    slug: str
    name: str


class ThemeOut(ThemeRef):
    id: int
    description: str
    idea_count: int
    archived: bool
    path: str


class IdeaSummary(BaseModel):
    """An idea as a list shows it."""

    id: int
    title: str
    excerpt: str
    status: str
    pinned: bool
    vote_count: int | None = Field(
        description="null while the idea's inquiry round hides its totals"
    )
    comment_count: int
    created_at: datetime
    author: MemberRef
    theme: ThemeRef
    path: str


class IdeaOut(BaseModel):
    """An idea in full."""

    id: int
    title: str
    body: str = Field(description="Markdown, as written")
    body_html: str = Field(description="the body rendered and sanitised")
    status: str
    official_response: str | None
    merged_into_id: int | None
    pinned: bool
    hidden: bool = Field(description="only moderators see hidden ideas")
    vote_count: int | None = Field(
        description="null while the idea's inquiry round hides its totals"
    )
    comment_count: int
    comments_for: int
    comments_against: int
    comments_neutral: int
    created_at: datetime
    edited_at: datetime | None
    last_activity_at: datetime
    author: MemberRef
    theme: ThemeRef
    path: str


class CommentOut(BaseModel):
    id: int
    idea_id: int
    parent_id: int | None
    author: MemberRef
    stance: str | None = Field(description="on the idea; null: a reply that took none")
    body: str
    body_html: str
    removed: bool = Field(description="deleted, or hidden by the moderators: no text")
    created_at: datetime
    edited_at: datetime | None


def member_ref(user: User) -> MemberRef:
    if user.state == UserState.deleted:
        return MemberRef(id=None, display_name=user.display_name)
    return MemberRef(id=user.id, display_name=user.display_name, organisation=user.organisation)


def idea_path(idea_id: int) -> str:
    return f"/ideas/{idea_id}"


def theme_out(theme: Theme) -> ThemeOut:
    return ThemeOut(
        id=theme.id,
        slug=theme.slug,
        name=theme.name,
        description=theme.description,
        idea_count=theme.idea_count,
        archived=theme.archived_at is not None,
        path=f"/themes/{theme.slug}",
    )


def idea_summary(card) -> IdeaSummary:
    """From an IdeaCard (app/services/ideas/listing.py)."""
    return IdeaSummary(
        id=card.id,
        title=card.title,
        excerpt=card.excerpt,
        status=card.status,
        pinned=card.pinned,
        vote_count=None if card.counts_hidden else card.vote_count,
        comment_count=card.comment_count,
        created_at=card.created_at,
        author=MemberRef(
            id=card.author_id, display_name=card.author_name,
            organisation=card.author_organisation if card.author_id else "",
        ),
        theme=ThemeRef(slug=card.theme_slug, name=card.theme_name),
        path=idea_path(card.id),
    )  # fmt: skip


def idea_out(session: Session, idea: Idea) -> IdeaOut:
    author = session.get_one(User, idea.author_id)
    theme = session.get_one(Theme, idea.theme_id)
    return IdeaOut(
        id=idea.id,
        title=idea.title,
        body=idea.body,
        body_html=idea.body_html,
        status=idea.status,
        official_response=idea.official_response,
        merged_into_id=idea.merged_into_id,
        pinned=idea.pinned,
        hidden=idea.hidden_at is not None,
        vote_count=None
        if rounds.idea_counts_hidden(session=session, idea=idea)
        else idea.vote_count,
        comment_count=idea.comment_count,
        comments_for=idea.comments_for,
        comments_against=idea.comments_against,
        comments_neutral=idea.comments_neutral,
        created_at=idea.created_at,
        edited_at=idea.edited_at,
        last_activity_at=idea.last_activity_at,
        author=member_ref(author),
        theme=ThemeRef(slug=theme.slug, name=theme.name),
        path=idea_path(idea.id),
    )


def comment_out(session: Session, comment: Comment) -> CommentOut:
    author = session.get_one(User, comment.author_id)
    removed = comment.deleted_at is not None or comment.hidden_at is not None
    return CommentOut(
        id=comment.id,
        idea_id=comment.idea_id,
        parent_id=comment.parent_id,
        author=member_ref(author),
        stance=comment.stance or None,
        body="" if removed else comment.body,
        body_html="" if removed else comment.body_html,
        removed=removed,
        created_at=comment.created_at,
        edited_at=comment.edited_at,
    )


def thread_out(idea_id: int, views: list) -> list[CommentOut]:
    """An idea's debate (comment_thread) as a flat list, each reply after its parent."""
    found = []
    for view in views:
        for item, parent in [(view, None), *((reply, view.id) for reply in view.replies)]:
            found.append(
                CommentOut(
                    id=item.id,
                    idea_id=idea_id,
                    parent_id=parent,
                    author=MemberRef(
                        id=item.author_id,
                        display_name=item.author_name,
                        organisation=item.author_organisation if item.author_id else "",
                    ),
                    stance=item.stance or None,
                    body="" if item.removed else item.body,
                    body_html="" if item.removed else item.body_html,
                    removed=item.removed,
                    created_at=item.created_at,
                    edited_at=item.edited_at,
                )  # fmt: skip
            )
    return found
