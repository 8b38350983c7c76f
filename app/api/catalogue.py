"""Themes and statuses: what ideas are grouped and answered by."""

from fastapi import APIRouter

from app.api.answers import answer
from app.api.auth import Reader
from app.api.schemas import StatusOption
from app.deps import SessionDep
from app.models import OFFICIAL_STATUSES, IdeaStatus
from app.services.ideas import themes
from app.services.sharing import public
from app.services.sharing.public import ThemeOut

router = APIRouter(tags=["themes and statuses"])


@router.get("/themes", name="api_themes", response_model=list[ThemeOut])
def list_themes(session: SessionDep, holder: Reader):
    """The themes a new idea may choose, in the moderators' order."""
    return answer(
        session, [public.theme_out(theme) for theme in themes.list_themes(session=session)]
    )


@router.get("/themes/{slug}", name="api_theme", response_model=ThemeOut)
def get_theme(slug: str, session: SessionDep, holder: Reader):
    """A theme, archived ones too (list its ideas with `GET /ideas?theme=`)."""
    return answer(session, public.theme_out(themes.get_theme(session=session, slug=slug)))


@router.get("/statuses", name="api_statuses", response_model=list[StatusOption])
def statuses(holder: Reader):
    return [
        StatusOption(value=status.value, label=status.label, official=status in OFFICIAL_STATUSES)
        for status in IdeaStatus
    ]
