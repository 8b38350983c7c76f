"""Locking an idea (and a comment) before changing it.

Writers lock the idea first, then its comment: one order, so two writers cannot deadlock.
FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transaction already holds the only write
lock. Sessions keep their objects across commits (expire_on_commit=False), so a locking
SELECT asks for `populate_existing` to read the row as it is once locked.
"""

from sqlmodel import Session, select

from app.db import lock_row
from app.models import Comment, Idea
from app.services.errors import NotFound


def lock_idea(session: Session, idea_id: int) -> Idea:
    idea = lock_row(session, Idea, idea_id)
    if idea is None:
        raise NotFound("There is no idea at this address.")
    return idea


def lock_comment(session: Session, comment_id: int) -> tuple[Comment, Idea]:
    """The comment and its idea, idea first (the order every comment writer locks in)."""
    idea_id = session.exec(select(Comment.idea_id).where(Comment.id == comment_id)).first()
    if idea_id is None:
        raise NotFound("There is no comment at this address.")
    idea = lock_idea(session, idea_id)
    return lock_row(session, Comment, comment_id), idea
