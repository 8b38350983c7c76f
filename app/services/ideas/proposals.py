"""Proposing and editing an idea, and reading one."""

from dataclasses import dataclass, replace

from sqlmodel import Session, select

from app.db import write_transaction
from app.markdown import render_markdown
from app.models import Idea, IdeaStatus, Theme, User, WebhookEvent, utcnow
from app.services.errors import Forbidden, NotFound, ValidationFailed
from app.services.finding import duplicates, similar, vectors
from app.services.ideas import counters, themes, trending
from app.services.moderation import trust
from app.services.notifying import follows, notifications
from app.services.rounds import reading as rounds
from app.services.sharing import webhooks

TITLE_MIN, TITLE_MAX = 8, 120
BODY_MAX = 10_000


def get_idea(*, session: Session, idea_id: int, viewer: User | None) -> Idea:
    """An idea a viewer may see: hidden ones only for moderators."""
    idea = session.get(Idea, idea_id)
    if idea is None or (idea.hidden_at is not None and not (viewer and viewer.is_moderator)):
        raise NotFound("There is no idea at this address. It may have been removed.")
    return idea


def get_author(*, session: Session, idea: Idea) -> User:
    return session.get_one(User, idea.author_id)


# --- writing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IdeaDraft:
    """What a member writes for an idea: the fields of the new-idea and edit forms. A new
    editable field of ideas is added here, in `_write` and in the form."""

    title: str = ""
    body: str = ""
    theme: str = ""  # the theme's slug

    @classmethod
    def of(cls, idea: Idea, theme: Theme | None) -> "IdeaDraft":
        """The draft that would write `idea` as it is (the edit form's first values)."""
        return cls(title=idea.title, body=idea.body, theme=theme.slug if theme else "")

    def cleaned(self) -> "IdeaDraft":
        return replace(self, title=self.title.strip(), body=self.body.strip())


def _validate(
    session: Session, draft: IdeaDraft, *, current_theme_id: int | None = None
) -> Theme | None:
    """Checks a new or edited idea; its theme, or None for the default theme (a forum with
    no open theme takes ideas: see `themes.default_theme`). An archived theme takes no new
    ideas, but an idea already in one may stay there when its author edits it."""
    errors = {}
    if len(draft.title) < TITLE_MIN:
        errors["title"] = f"Give your idea a title of at least {TITLE_MIN} characters."
    elif len(draft.title) > TITLE_MAX:
        errors["title"] = f"Keep the title to {TITLE_MAX} characters; say more in the details."
    if len(draft.body) > BODY_MAX:
        errors["body"] = f"Keep the details to {BODY_MAX:,} characters."
    theme = None
    if draft.theme:
        theme = session.exec(select(Theme).where(Theme.slug == draft.theme)).first()
        if theme and theme.archived_at is not None and theme.id != current_theme_id:
            theme = None
    if theme is None and (draft.theme or themes.open_themes_exist(session)):
        errors["theme"] = "Choose the theme your idea belongs to."
    if errors:
        raise ValidationFailed(errors)
    return theme


def _write(idea: Idea, draft: IdeaDraft, theme: Theme) -> None:
    """The draft's fields onto the idea (new or edited)."""
    idea.title, idea.body, idea.body_html = draft.title, draft.body, render_markdown(draft.body)
    idea.theme_id = theme.id


def create_idea(
    *, session: Session, author: User, draft: IdeaDraft, check_duplicates: bool = False
) -> Idea:
    """Propose an idea. With `check_duplicates`, raise LikelyDuplicates instead when very
    similar ideas exist, so the member can back one of those rather than split the vote."""
    if not author.is_verified:
        raise Forbidden("Confirm your email address to propose ideas.")
    draft = draft.cleaned()
    theme = _validate(session, draft)
    trust.check_links(author, draft.title, draft.body)
    # One search, before the write lock is taken: the warning and the duplicates queue.
    likely = similar.likely_duplicates(session=session, title=draft.title, body=draft.body)
    if check_duplicates and likely:
        raise similar.LikelyDuplicates(likely)
    with write_transaction(session):
        now = utcnow()
        idea = Idea(
            author_id=author.id,
            created_at=now,
            updated_at=now,
            last_activity_at=now,
            trending_score=trending.initial_score(now),
        )
        theme = theme or themes.default_theme(session)
        _write(idea, draft, theme)
        idea.round_id = rounds.round_for_new_idea(session, theme_id=theme.id, now=now)
        session.add(idea)
        counters.theme_ideas_changed(session, theme.id, +1)
        session.flush()
        follows.auto_follow_idea(session, user_id=author.id, idea_id=idea.id, reason="propose")
        notifications.idea_created(session, idea=idea, author=author)
        vectors.store(session, idea_id=idea.id, title=idea.title, body=idea.body)
        duplicates.record_pairs(session=session, idea=idea, found=likely)
        webhooks.idea_event(session, WebhookEvent.idea_created, idea)
    return idea


def update_idea(*, session: Session, editor: User, idea_id: int, draft: IdeaDraft) -> Idea:
    draft = draft.cleaned()
    likely = similar.likely_duplicates(
        session=session, title=draft.title, body=draft.body, exclude_id=idea_id
    )
    with write_transaction(session):
        idea = editable_idea(session=session, editor=editor, idea_id=idea_id)
        theme = _validate(session, draft, current_theme_id=idea.theme_id)
        theme = theme or themes.default_theme(session)
        trust.check_links(editor, draft.title, draft.body)
        counters.idea_moved(session, idea, to_theme_id=theme.id)
        _write(idea, draft, theme)
        idea.edited_at = idea.updated_at = utcnow()
        session.add(idea)
        vectors.store(session, idea_id=idea.id, title=idea.title, body=idea.body)
        duplicates.record_pairs(session=session, idea=idea, found=likely)
    return idea


def editable_idea(*, session: Session, editor: User, idea_id: int) -> Idea:
    """The idea if `editor` may edit it (its author); Forbidden otherwise."""
    idea = get_idea(session=session, idea_id=idea_id, viewer=editor)
    if idea.author_id != editor.id:
        raise Forbidden("Only the author can edit this idea.")
    if idea.status == IdeaStatus.merged:
        raise Forbidden("This idea has been merged into another and can no longer be edited.")
    return idea
