"""Inquiry rounds for everyone: the rounds, one round and its ideas, and its published
report (a printable page, CSV and JSON)."""

import csv
import io

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from app.deps import OptionalUser, PublicPage, SessionDep
from app.models import User
from app.services.errors import NotFound
from app.services.ideas import listing
from app.services.moderation.audit import csv_cell
from app.services.rounds import reading, report
from app.services.rounds.state import RoundState, london
from app.web.ideas.lists import list_context, render_list
from app.web.templating import render

router = APIRouter()

# While a round hides its totals, no sort may rank by them either.
HIDDEN_SORTS = tuple(s for s in listing.SORTS if s not in ("top", "common"))


@router.get("/rounds", name="rounds", dependencies=[PublicPage])
def round_index(request: Request, session: SessionDep, user: OptionalUser):
    rounds = reading.list_rounds(session=session, viewer=user)
    return render(request, "rounds/index.html", {"rounds": rounds, "london": london})


@router.get("/rounds/{slug}", name="round", dependencies=[PublicPage])
def round_page(
    request: Request,
    slug: str,
    session: SessionDep,
    user: OptionalUser,
    sort: str = listing.DEFAULT_SORT,
    status: str = "",
    cursor: str = "",
    q: str = "",
):
    view = reading.get_round(session=session, slug=slug, viewer=user)
    hidden = view.round.hide_counts and view.state in (RoundState.draft, RoundState.open)
    context = list_context(
        request, session, user, sort=sort, theme=None, status=status, cursor=cursor, q=q,
        route="round", route_params={"slug": slug}, round_id=view.round.id,
        sorts=HIDDEN_SORTS if hidden else listing.SORTS,
    )  # fmt: skip
    context.update(view=view, london=london, counts_hidden=hidden)
    return render_list(request, "rounds/detail.html", context)


def _report(session, slug: str, user: User | None) -> report.Report:
    """The published report; moderators may read a closed round's before it is out."""
    view = reading.get_round(session=session, slug=slug, viewer=user)
    preview = view.state == RoundState.closed and bool(user and user.is_moderator)
    if view.state != RoundState.reported and not preview:
        raise NotFound("This round's report is not published yet.")
    return report.build_report(session=session, round_=view.round)


@router.get("/rounds/{slug}/report", name="round_report", dependencies=[PublicPage])
def report_page(request: Request, slug: str, session: SessionDep, user: OptionalUser):
    found = _report(session, slug, user)
    return render(request, "rounds/report.html", {"report": found, "r": found.round})


@router.get("/rounds/{slug}/report.json", name="round_report_json")
def report_json(slug: str, session: SessionDep, user: OptionalUser):
    return JSONResponse(report.report_json(_report(session, slug, user)))


@router.get("/rounds/{slug}/report.csv", name="round_report_csv")
def report_csv(slug: str, session: SessionDep, user: OptionalUser):
    found = _report(session, slug, user)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in report.report_csv_rows(found):
        writer.writerow([csv_cell(cell) for cell in row])
    filename = f"commonground-round-{found.round.slug}.csv"
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
