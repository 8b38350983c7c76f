"""The landing page, the roadmap, and the health check."""

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.deps import OptionalUser, PublicPage, SessionDep
from app.models import ROADMAP_STATUSES
from app.services.ideas import listing, themes, votes
from app.services.moderation import answers
from app.services.rounds import reading as rounds
from app.services.rounds.state import london
from app.web.templating import render

router = APIRouter()

LANDING_TRENDING = 6
LANDING_PINNED = 6


@router.get("/", name="home", dependencies=[PublicPage])
def landing(request: Request, session: SessionDep, user: OptionalUser):
    """An open round leads, then pinned ideas, then the trending ones that are not pinned."""
    pinned = listing.list_ideas(session=session, sort="trending", pinned=True, limit=LANDING_PINNED)
    trending = listing.list_ideas(
        session=session, sort="trending", pinned=False, limit=LANDING_TRENDING
    )
    shown = pinned.items + trending.items
    context = {
        "themes": themes.list_themes(session=session),
        "pinned": pinned.items,
        "trending": trending.items,
        "voted": votes.voted_idea_ids(
            session=session, user=user, idea_ids=[item.id for item in shown]
        ),
        "next_path": "/",
        "round": rounds.open_round_now(session=session),
        "london": london,
    }
    return render(request, "pages/landing.html", context)


@router.get("/roadmap", name="roadmap", dependencies=[PublicPage])
def roadmap(request: Request, session: SessionDep):
    columns = answers.roadmap(session=session)
    context = {
        "columns": [(status, columns[status]) for status in ROADMAP_STATUSES],
        "limit": answers.ROADMAP_LIMIT,
    }
    return render(request, "pages/roadmap.html", context)


@router.get("/healthz", name="healthz")
def healthz(session: SessionDep) -> PlainTextResponse:
    try:
        session.exec(text("SELECT 1"))
    except SQLAlchemyError:
        return PlainTextResponse("database unavailable", status_code=503)
    return PlainTextResponse("ok")
