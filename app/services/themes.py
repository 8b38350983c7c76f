"""Themes group the inquiry's ideas. Curation (create, reorder, archive) comes with
moderation; here members read them and choose one for a new idea."""

from sqlmodel import Session, col, select

from app.models import Theme
from app.services.errors import NotFound


def list_themes(*, session: Session, include_archived: bool = False) -> list[Theme]:
    query = select(Theme).order_by(col(Theme.position), col(Theme.name))
    if not include_archived:
        query = query.where(col(Theme.archived_at).is_(None))
    return list(session.exec(query))


def get_theme(*, session: Session, slug: str) -> Theme:
    theme = session.exec(select(Theme).where(Theme.slug == slug)).first()
    if theme is None:
        raise NotFound("There is no theme at this address.")
    return theme
