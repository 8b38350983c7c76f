"""Where the groups agree (/insight): the read-back of the latest analysis, per theme as a
printable report, and as open data (JSON and CSV). Who may read it is a setting
(`COMMONGROUND_INSIGHT_VISIBILITY`: public, members or moderators; members by default)."""

import csv
import io
import json
from collections.abc import Iterator

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from app.deps import (
    LoginRequired,
    OptionalUser,
    PageCachingDep,
    PublicPage,
    SessionDep,
    SettingsDep,
)
from app.models import User
from app.services.errors import Forbidden
from app.services.ideas import themes
from app.services.insight import reading
from app.services.insight.analysis import MIN_SLICE
from app.services.moderation.audit import csv_cell
from app.web.templating import insight_readable, render

router = APIRouter()


def _guard(settings, user: User | None) -> None:
    if insight_readable(settings, user):
        return
    if user is None:
        raise LoginRequired()
    raise Forbidden("Only the inquiry's moderators can read the insight for now.")


def _page(request: Request, caching, template: str, context: dict):
    # Every member sees the same page: one copy for all, filled in for each.
    return caching.member_page(request, template, context) or render(request, template, context)


@router.get("/insight", name="insight", dependencies=[PublicPage])
def insight_page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    user: OptionalUser,
    caching: PageCachingDep,
):
    _guard(settings, user)
    context = {
        "view": reading.read_insight(session),
        "theme": None,
        "themes": themes.list_themes(session=session),
    }
    return _page(request, caching, "insight/index.html", context)


@router.get("/insight/themes/{slug}", name="insight_theme", dependencies=[PublicPage])
def insight_theme(
    request: Request,
    slug: str,
    session: SessionDep,
    settings: SettingsDep,
    user: OptionalUser,
    caching: PageCachingDep,
):
    """One theme's ideas in the read-back (the groups are the whole forum's): the page
    prints as the theme's report."""
    _guard(settings, user)
    theme = themes.get_theme(session=session, slug=slug)
    context = {
        "view": reading.read_insight(session, theme_id=theme.id),
        "theme": theme,
        "themes": themes.list_themes(session=session),
    }
    return _page(request, caching, "insight/index.html", context)


# --- open data ---------------------------------------------------------------------------


def _idea_record(row: reading.ExportRow) -> dict:
    score = row.score
    return {
        "id": score.id,
        "title": score.title,
        "theme": score.theme_name,
        "supports": score.supports,
        "disagrees": score.disagrees,
        "passes": score.passes,
        "consensus": round(score.consensus, 6),
        "bridging": round(score.bridging, 6),
        "divisive": score.divisive,
        "common_ground": reading.is_common_ground(score),
        "groups": {
            g.label: {"support_rate": round(g.rate, 4), "answers": g.answers} for g in score.groups
        },
        "segments": {
            slug: {option: {"supports": s, "answers": n} for option, (s, n) in options.items()}
            for slug, options in row.segments.items()
        },
    }


METHOD = (
    "consensus: group-informed consensus (Pol.is), the product over opinion groups of "
    "(supports + 1) / (answers + 2); bridging: the idea's intercept in a one-factor matrix "
    "factorisation of supports and disagreements (Community Notes); segments: slices of "
    f"fewer than {MIN_SLICE} members are never included"
)


def _json_lines(session) -> Iterator[str]:
    """One JSON document, streamed: the run's summary, then the ideas one by one."""
    run = reading.latest_finished(session)
    head = {
        "computed_at": run.finished_at.isoformat() if run else None,
        "members": run.members if run else 0,
        "members_in_groups": run.clustered if run else 0,
        "groups": [{"label": g.label, "size": g.size} for g in reading.groups(session, run)]
        if run
        else [],
        "method": METHOD,
    }
    # The summary's closing brace is left off, to go on with the ideas' list.
    yield json.dumps(head)[:-1] + ', "ideas": ['
    for number, row in enumerate(reading.export_rows(session)):
        yield ("," if number else "") + json.dumps(_idea_record(row))
    yield "]}\n"


@router.get("/insight.json", name="insight_json")
def insight_json(session: SessionDep, settings: SettingsDep, user: OptionalUser):
    _guard(settings, user)
    return StreamingResponse(_json_lines(session), media_type="application/json")


CSV_COLUMNS = [
    "id", "title", "theme", "supports", "disagrees", "passes", "consensus", "bridging",
    "divisive", "common_ground", "groups", "segments",
]  # fmt: skip


TEXT_COLUMNS = {"title", "theme", "groups", "segments"}


def _csv_lines(session) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in reading.export_rows(session):
        record = _idea_record(row)
        record["groups"] = json.dumps(record["groups"], sort_keys=True)
        record["segments"] = json.dumps(record["segments"], sort_keys=True)
        # Text a member wrote is made formula-safe; the figures are ours and stay numbers.
        writer.writerow([
            csv_cell(record[column]) if column in TEXT_COLUMNS else record[column]
            for column in CSV_COLUMNS
        ])  # fmt: skip
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


@router.get("/insight.csv", name="insight_csv")
def insight_csv(session: SessionDep, settings: SettingsDep, user: OptionalUser):
    _guard(settings, user)
    return StreamingResponse(
        _csv_lines(session),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="commonground-insight.csv"'},
    )
