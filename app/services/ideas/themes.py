"""Themes group the inquiry's ideas. Members read them and choose one for a new idea;
moderators create, edit, reorder, archive and merge them, and move ideas between them.

An archived theme leaves the new-idea form and the theme lists but keeps its ideas and its
page. Merging a theme moves all its ideas into another and archives it, pointing there.
`Theme.idea_count` counts shown ideas and moves in the same transaction as the ideas.
"""

import re

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.db import lock_row, locking, write_transaction
from app.models import Idea, Theme, User, utcnow
from app.services.errors import Conflict, NotFound, ValidationFailed
from app.services.ideas import counters
from app.services.moderation import audit

NAME_MIN, NAME_MAX = 2, 80
SLUG_MAX = 80
DESCRIPTION_MAX = 5_000
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
BULK_MOVE_MAX = 100


# --- reading ---------------------------------------------------------------------------


def list_themes(*, session: Session, include_archived: bool = False) -> list[Theme]:
    query = select(Theme).order_by(col(Theme.position), col(Theme.name), col(Theme.id))
    if not include_archived:
        query = query.where(col(Theme.archived_at).is_(None))
    return list(session.exec(query))


def get_theme(*, session: Session, slug: str) -> Theme:
    theme = session.exec(select(Theme).where(Theme.slug == slug)).first()
    if theme is None:
        raise NotFound("There is no theme at this address.")
    return theme


def get_theme_by_id(*, session: Session, theme_id: int) -> Theme:
    theme = session.get(Theme, theme_id)
    if theme is None:
        raise NotFound("There is no theme at this address.")
    return theme


# --- curation --------------------------------------------------------------------------


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:SLUG_MAX].strip("-")


def _validate(
    session: Session, *, name: str, slug: str, description: str, theme_id: int | None
) -> dict[str, str]:
    errors = {}
    if len(name) < NAME_MIN:
        errors["name"] = f"Give the theme a name of at least {NAME_MIN} characters."
    elif len(name) > NAME_MAX:
        errors["name"] = f"Keep the name to {NAME_MAX} characters."
    if not slug:
        errors["slug"] = "Give the theme an address, like sharing-resources."
    elif len(slug) > SLUG_MAX or not SLUG_PATTERN.match(slug):
        errors["slug"] = (
            "Use lower-case letters, digits and single hyphens, like sharing-resources "
            f"(at most {SLUG_MAX} characters)."
        )
    else:
        taken = session.exec(select(Theme.id).where(Theme.slug == slug)).first()
        if taken is not None and taken != theme_id:
            errors["slug"] = "Another theme already has this address. Choose another."
    if len(description) > DESCRIPTION_MAX:
        errors["description"] = f"Keep the description to {DESCRIPTION_MAX:,} characters."
    return errors


DEFAULT_THEME_SLUG = "general"
DEFAULT_THEME_NAME = "General"


def open_themes_exist(session: Session) -> bool:
    return (
        session.exec(select(Theme.id).where(col(Theme.archived_at).is_(None)).limit(1)).first()
        is not None
    )


def default_theme(session: Session) -> Theme:
    """Inside the caller's write transaction: the theme an idea goes to when the forum has
    no open theme, made (or brought back) on first use.

    Made on demand rather than by a migration: a forum that defines its own themes (the
    demo, most inquiries) never gets an empty "General" to archive, and one started bare
    takes ideas at once. Moderators can rename it or move its ideas later.
    """
    theme = session.exec(select(Theme).where(Theme.slug == DEFAULT_THEME_SLUG)).first()
    if theme is None:
        theme = Theme(
            slug=DEFAULT_THEME_SLUG,
            name=DEFAULT_THEME_NAME,
            description="Ideas proposed before the moderators set up themes.",
        )
        try:
            with session.begin_nested():  # another first idea may be making it too
                session.add(theme)
                session.flush()
        except IntegrityError:
            theme = session.exec(select(Theme).where(Theme.slug == DEFAULT_THEME_SLUG)).one()
        else:
            audit.record(
                session, actor=None, action="theme.create", target_type="theme",
                target_id=theme.id, after={"name": theme.name, "slug": theme.slug},
            )  # fmt: skip
    if theme.archived_at is not None:
        theme.archived_at = None
        session.add(theme)
    return theme


def create_theme(*, session: Session, actor: User, name: str, slug: str, description: str) -> Theme:
    """A new theme at the end of the order; the address defaults to one made of the name."""
    name, description = name.strip(), description.strip()
    slug = slug.strip().lower() or slugify(name)
    with write_transaction(session):
        errors = _validate(session, name=name, slug=slug, description=description, theme_id=None)
        if errors:
            raise ValidationFailed(errors)
        last = session.exec(select(Theme.position).order_by(col(Theme.position).desc())).first()
        theme = Theme(name=name, slug=slug, description=description, position=(last or 0) + 1)
        session.add(theme)
        session.flush()
        audit.record(
            session, actor=actor, action="theme.create", target_type="theme", target_id=theme.id,
            after={"name": name, "slug": slug, "description": description},
        )  # fmt: skip
    return theme


def _lock_theme(session: Session, theme_id: int) -> Theme:
    theme = lock_row(session, Theme, theme_id)
    if theme is None:
        raise NotFound("There is no theme at this address.")
    return theme


def update_theme(
    *, session: Session, actor: User, theme_id: int, name: str, slug: str, description: str
) -> Theme:
    name, slug, description = name.strip(), slug.strip().lower(), description.strip()
    with write_transaction(session):
        theme = _lock_theme(session, theme_id)
        errors = _validate(
            session, name=name, slug=slug, description=description, theme_id=theme.id
        )
        if errors:
            raise ValidationFailed(errors)
        before = {"name": theme.name, "slug": theme.slug, "description": theme.description}
        after = {"name": name, "slug": slug, "description": description}
        if before == after:
            return theme
        theme.name, theme.slug, theme.description = name, slug, description
        session.add(theme)
        audit.record(
            session, actor=actor, action="theme.update", target_type="theme", target_id=theme.id,
            before={k: v for k, v in before.items() if v != after[k]},
            after={k: v for k, v in after.items() if v != before[k]},
        )  # fmt: skip
    return theme


def reorder_theme(*, session: Session, actor: User, theme_id: int, direction: str) -> Theme:
    """Move a theme one place up or down among all themes (archived ones keep a place)."""
    if direction not in ("up", "down"):
        raise ValidationFailed({"direction": "Choose up or down."})
    with write_transaction(session):
        ordered = list(
            session.exec(
                locking(select(Theme).order_by(col(Theme.position), col(Theme.name), col(Theme.id)))
            )
        )
        index = next((i for i, t in enumerate(ordered) if t.id == theme_id), None)
        if index is None:
            raise NotFound("There is no theme at this address.")
        theme = ordered[index]
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(ordered):
            return theme
        before = index
        ordered[index], ordered[other] = ordered[other], ordered[index]
        # Renumber all: positions may have had ties or gaps.
        for position, item in enumerate(ordered):
            if item.position != position:
                item.position = position
                session.add(item)
        audit.record(
            session, actor=actor, action="theme.reorder", target_type="theme", target_id=theme.id,
            before={"position": before}, after={"position": other},
        )  # fmt: skip
    return theme


def archive_theme(*, session: Session, actor: User, theme_id: int) -> Theme:
    with write_transaction(session):
        theme = _lock_theme(session, theme_id)
        if theme.archived_at is not None:
            return theme
        theme.archived_at = utcnow()
        session.add(theme)
        audit.record(
            session, actor=actor, action="theme.archive", target_type="theme", target_id=theme.id,
            before={"archived": False}, after={"archived": True},
        )  # fmt: skip
    return theme


def unarchive_theme(*, session: Session, actor: User, theme_id: int) -> Theme:
    with write_transaction(session):
        theme = _lock_theme(session, theme_id)
        if theme.archived_at is None:
            return theme
        if theme.merged_into_id is not None:
            raise Conflict("This theme was merged into another; its ideas are there now.")
        theme.archived_at = None
        session.add(theme)
        audit.record(
            session, actor=actor, action="theme.unarchive", target_type="theme",
            target_id=theme.id, before={"archived": True}, after={"archived": False},
        )  # fmt: skip
    return theme


def _target_theme(session: Session, slug: str, field: str) -> Theme:
    theme = session.exec(locking(select(Theme).where(Theme.slug == slug))).first() if slug else None
    if theme is None or theme.archived_at is not None:
        raise ValidationFailed({field: "Choose a theme that is not archived."})
    return theme


def merge_theme(*, session: Session, actor: User, theme_id: int, into: str) -> Theme:
    """Move every idea of one theme into another (by slug) and archive the first."""
    with write_transaction(session):
        source = _lock_theme(session, theme_id)
        if into == source.slug:
            raise ValidationFailed({"into": "Choose another theme to merge this one into."})
        target = _target_theme(session, into, "into")
        moved = session.exec(
            update(Idea).where(col(Idea.theme_id) == source.id).values(theme_id=target.id)
        ).rowcount
        target.idea_count += source.idea_count
        before_count = source.idea_count
        source.idea_count = 0
        source.archived_at = source.archived_at or utcnow()
        source.merged_into_id = target.id
        session.add_all([source, target])
        audit.record(
            session, actor=actor, action="theme.merge", target_type="theme", target_id=source.id,
            before={"ideas": moved, "shown_ideas": before_count},
            after={"into_theme_id": target.id, "into": target.slug},
        )  # fmt: skip
    return target


def move_idea(*, session: Session, actor: User, idea_id: int, theme_slug: str) -> Idea:
    """Put one idea in another theme."""
    with write_transaction(session):
        idea = lock_row(session, Idea, idea_id)
        if idea is None:
            raise NotFound("There is no idea at this address.")
        target = _target_theme(session, theme_slug, "theme")
        if target.id == idea.theme_id:
            return idea
        source_id = idea.theme_id
        counters.idea_moved(session, idea, to_theme_id=target.id)
        idea.theme_id = target.id
        session.add(idea)
        audit.record(
            session, actor=actor, action="idea.move", target_type="idea", target_id=idea.id,
            before={"theme_id": source_id}, after={"theme_id": target.id},
        )  # fmt: skip
    return idea


def move_ideas(
    *, session: Session, actor: User, theme_id: int, idea_ids: list[int], theme_slug: str
) -> int:
    """Move the chosen ideas of one theme into another: one action, one audit event.
    Returns how many moved."""
    errors = {}
    if not idea_ids:
        errors["idea_ids"] = "Tick the ideas to move."
    elif len(idea_ids) > BULK_MOVE_MAX:
        errors["idea_ids"] = f"Move at most {BULK_MOVE_MAX} ideas at a time."
    with write_transaction(session):
        source = _lock_theme(session, theme_id)
        try:
            target = _target_theme(session, theme_slug, "theme")
        except ValidationFailed as error:
            errors.update(error.errors)
            target = None
        if target is not None and target.id == source.id:
            errors["theme"] = "Choose a different theme from this one."
        if errors:
            raise ValidationFailed(errors)
        assert target is not None
        ideas = list(
            session.exec(
                locking(
                    select(Idea)
                    .where(col(Idea.id).in_(sorted(set(idea_ids))), Idea.theme_id == source.id)
                    .order_by(col(Idea.id))
                )
            )
        )
        shown = sum(1 for idea in ideas if counters.is_shown(idea))
        for idea in ideas:
            idea.theme_id = target.id
            session.add(idea)
        counters.theme_ideas_changed(session, source.id, -shown)
        counters.theme_ideas_changed(session, target.id, +shown)
        if ideas:
            audit.record(
                session, actor=actor, action="theme.move_ideas", target_type="theme",
                target_id=source.id,
                before={"theme_id": source.id, "idea_ids": [idea.id for idea in ideas]},
                after={"theme_id": target.id},
            )  # fmt: skip
    return len(ideas)
