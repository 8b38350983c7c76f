"""The audit log, filterable, and its CSV download."""

from itertools import chain, islice
from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from app.deps import ModeratorUser, SessionDep
from app.services.bounds import parse_id
from app.services.errors import ValidationFailed
from app.services.moderation import audit
from app.web.moderation import mod_router
from app.web.templating import render, with_query

router = mod_router()


class _AuditFilters(BaseModel):
    """The audit log's filters, as the page's form sends them (`from` and `to`)."""

    actor: str = ""
    action: str = ""
    date_from: str = Field("", alias="from")
    date_to: str = Field("", alias="to")


AuditQuery = Annotated[_AuditFilters, Query()]


@router.get("/audit", name="mod_audit")
def audit_log(
    request: Request,
    session: SessionDep,
    user: ModeratorUser,
    asked: AuditQuery,
    cursor: str = "",
):
    values = asked.model_dump(by_alias=True)
    context = {
        "values": values,
        "errors": {},
        "actors": [(str(i), name) for i, name in audit.actors(session=session)],
        "actions": list(audit.ACTIONS.items()),
        "page": audit.AuditPage(items=[], next_cursor=None),
        "more_url": None,
        "csv_url": None,
        "names": {},
    }
    try:
        filters = audit.parse_filter(**asked.model_dump())
    except ValidationFailed as error:
        context["errors"] = error.errors
        return render(request, "mod/audit.html", context, status_code=422)
    before_id = parse_id(cursor)
    page = audit.list_events(session=session, filters=filters, before_id=before_id)
    context["page"] = page
    context["names"] = audit.target_names(session=session, rows=page.items)
    path = request.app.url_path_for("mod_audit")
    if page.next_cursor:
        context["more_url"] = with_query(path, {**values, "cursor": page.next_cursor})
    context["csv_url"] = with_query(request.app.url_path_for("mod_audit_csv"), values)
    return render(request, "mod/audit.html", context)


@router.get("/audit.csv", name="mod_audit_csv")
def audit_csv(
    request: Request,
    session: SessionDep,
    user: ModeratorUser,
    asked: AuditQuery,
):
    filters = audit.parse_filter(**asked.model_dump())
    events = audit.iter_events(session=session, filters=filters)
    # The first batch is read before the status line: a failure is still an error page,
    # not a 200 and a truncated file.
    first = list(islice(events, 1))
    lines = audit.csv_lines(chain(first, events))
    return StreamingResponse(
        lines,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="commonground-audit.csv"'},
    )
