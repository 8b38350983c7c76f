"""Profile questions (declared segments): admins ask them, members answer them if they
wish, and the insight shows support by answer."""

from typing import Annotated

from fastapi import Form, Request
from pydantic import BaseModel

from app.deps import AdminUser, Id, SessionDep
from app.services.accounts import segments
from app.services.accounts.segments import SegmentDraft
from app.services.errors import ValidationFailed
from app.web.moderation import mod_router
from app.web.templating import redirect, render

router = mod_router(admins_only=True)


class _SegmentFields(BaseModel):
    question: str = ""
    options: str = ""  # one per line
    public: str = ""  # the checkbox: "on" when ticked

    def draft(self) -> SegmentDraft:
        return SegmentDraft(question=self.question, options=self.options, public=bool(self.public))


SegmentForm = Annotated[_SegmentFields, Form()]


def _list_page(request: Request, session, *, values=None, errors=None, status_code=200):
    context = {
        "segments": segments.list_segments(session=session, include_archived=True),
        "values": values or {},
        "errors": errors or {},
    }
    return render(request, "mod/segments.html", context, status_code=status_code)


@router.get("/segments", name="mod_segments")
def segment_list(request: Request, session: SessionDep, user: AdminUser):
    return _list_page(request, session)


@router.post("/segments", name="mod_create_segment")
def create_segment(request: Request, session: SessionDep, user: AdminUser, fields: SegmentForm):
    try:
        segment = segments.create_segment(session=session, actor=user, draft=fields.draft())
    except ValidationFailed as error:
        values = fields.model_dump()
        return _list_page(request, session, values=values, errors=error.errors, status_code=422)
    url = request.app.url_path_for("mod_segments")
    return redirect(request, f"{url}#segment-{segment.id}", flash="The question is added.")


@router.get("/segments/{segment_id}", name="mod_segment")
def segment_page(request: Request, segment_id: Id, session: SessionDep, user: AdminUser):
    segment = segments.get_segment(session=session, segment_id=segment_id)
    values = {
        "question": segment.question,
        "options": "\n".join(segment.options),
        "public": "on" if segment.public else "",
    }
    return render(request, "mod/segment.html", {"segment": segment, "values": values, "errors": {}})


@router.post("/segments/{segment_id}", name="mod_update_segment")
def update_segment(
    request: Request, segment_id: Id, session: SessionDep, user: AdminUser, fields: SegmentForm
):
    try:
        segments.update_segment(
            session=session, actor=user, segment_id=segment_id, draft=fields.draft()
        )
    except ValidationFailed as error:
        segment = segments.get_segment(session=session, segment_id=segment_id)
        context = {"segment": segment, "values": fields.model_dump(), "errors": error.errors}
        return render(request, "mod/segment.html", context, status_code=422)
    return redirect(request, request.app.url_path_for("mod_segments"), flash="Saved.")


@router.post("/segments/{segment_id}/archive", name="mod_archive_segment")
def archive_segment(request: Request, segment_id: Id, session: SessionDep, user: AdminUser):
    segments.set_archived(session=session, actor=user, segment_id=segment_id, archived=True)
    return redirect(
        request, request.app.url_path_for("mod_segments"),
        flash="Archived: members no longer see the question; their answers are kept.",
    )  # fmt: skip


@router.post("/segments/{segment_id}/unarchive", name="mod_unarchive_segment")
def unarchive_segment(request: Request, segment_id: Id, session: SessionDep, user: AdminUser):
    segments.set_archived(session=session, actor=user, segment_id=segment_id, archived=False)
    return redirect(request, request.app.url_path_for("mod_segments"), flash="Brought back.")
