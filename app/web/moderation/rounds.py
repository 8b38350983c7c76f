"""Running inquiry rounds: create and edit one, open it early, extend it, close it, and
write and publish its report."""

from typing import Annotated

from fastapi import Form, Request
from pydantic import BaseModel
from sqlmodel import Session

from app.deps import FormStr, Id, ModeratorUser, SessionDep
from app.models import Round
from app.services.errors import ValidationFailed
from app.services.ideas import themes
from app.services.rounds import curation, reading
from app.services.rounds.state import london
from app.web.moderation import EMPTY_FORM, form_again, mod_router
from app.web.templating import redirect, render

router = mod_router()


class _RoundFields(BaseModel):
    title: str = ""
    slug: str = ""
    question: str = ""
    introduction: str = ""
    opens_at: str = ""  # Europe/London
    closes_at: str = ""
    themes: list[str] = []
    hide_counts: str = ""  # a checkbox: "on" when ticked
    comments_after_close: str = ""

    def draft(self) -> curation.RoundDraft:
        fields = self.model_dump()
        return curation.RoundDraft(
            **{k: v for k, v in fields.items() if k not in ("hide_counts", "comments_after_close")},
            hide_counts=self.hide_counts == "on",
            comments_after_close=self.comments_after_close == "on",
        )


RoundForm = Annotated[_RoundFields, Form()]


def _theme_options(session: Session) -> list[tuple[str, str]]:
    return [(t.slug, t.name) for t in themes.list_themes(session=session)]


def _rounds_page(request: Request, session: Session, user, *, form: dict, status_code=200):
    context = {
        "rounds": reading.list_rounds(session=session, viewer=user),
        "form": form,
        "theme_options": _theme_options(session),
        "london": london,
    }
    return render(request, "mod/rounds.html", context, status_code=status_code)


@router.get("/rounds", name="mod_rounds")
def round_list(request: Request, session: SessionDep, user: ModeratorUser):
    values = {"themes": [], "comments_after_close": True}
    return _rounds_page(request, session, user, form={"values": values, "errors": {}})


@router.post("/rounds", name="mod_create_round")
def create_round(request: Request, session: SessionDep, user: ModeratorUser, fields: RoundForm):
    draft = fields.draft()
    try:
        created = curation.create_round(session=session, actor=user, draft=draft)
    except ValidationFailed as error:
        form = {"values": draft.values(), "errors": error.errors}
        return _rounds_page(request, session, user, form=form, status_code=422)
    url = request.app.url_path_for("mod_round", round_id=created.id)
    return redirect(request, url, flash=f"Round “{created.title}” created.")


def _round_page(
    request: Request, session: Session, round_: Round, *, form: dict | None = None,
    status_code: int = 200,
):  # fmt: skip
    form = form or EMPTY_FORM
    slugs = [t.slug for t in reading.round_view(session=session, round_=round_).themes]
    edit = curation.RoundDraft.of(round_, slugs).values()
    report_values = {"heard": round_.heard, "next_steps": round_.next_steps}
    context = {
        "view": reading.round_view(session=session, round_=round_),
        "form": form,
        "edit_values": form["values"] if form["key"] == "edit" else edit,
        "report_values": form["values"] if form["key"] == "report" else report_values,
        "extend_values": form["values"] if form["key"] == "extend" else {},
        "theme_options": _theme_options(session),
        "london": london,
    }
    return render(request, "mod/round.html", context, status_code=status_code)


@router.get("/rounds/{round_id}", name="mod_round")
def round_page(request: Request, round_id: Id, session: SessionDep, user: ModeratorUser):
    round_ = curation.get_round_by_id(session=session, round_id=round_id)
    return _round_page(request, session, round_)


@router.post("/rounds/{round_id}", name="mod_update_round")
def update_round(
    request: Request, round_id: Id, session: SessionDep, user: ModeratorUser, fields: RoundForm
):
    draft = fields.draft()
    try:
        curation.update_round(session=session, actor=user, round_id=round_id, draft=draft)
    except ValidationFailed as error:
        round_ = curation.get_round_by_id(session=session, round_id=round_id)
        form = form_again("edit", draft.values(), error)
        return _round_page(request, session, round_, form=form, status_code=422)
    url = request.app.url_path_for("mod_round", round_id=round_id)
    return redirect(request, url, flash="Round saved.")


@router.post("/rounds/{round_id}/open", name="mod_open_round")
def open_round(request: Request, round_id: Id, session: SessionDep, user: ModeratorUser):
    opened = curation.open_round(session=session, actor=user, round_id=round_id)
    url = request.app.url_path_for("mod_round", round_id=round_id)
    return redirect(request, url, flash=f"“{opened.title}” is open.")


@router.post("/rounds/{round_id}/extend", name="mod_extend_round")
def extend_round(
    request: Request, round_id: Id, session: SessionDep, user: ModeratorUser,
    closes_at: FormStr = "",
):  # fmt: skip
    try:
        extended = curation.extend_round(
            session=session, actor=user, round_id=round_id, closes_at=closes_at
        )
    except ValidationFailed as error:
        round_ = curation.get_round_by_id(session=session, round_id=round_id)
        form = form_again("extend", {"closes_at": closes_at}, error)
        return _round_page(request, session, round_, form=form, status_code=422)
    url = request.app.url_path_for("mod_round", round_id=round_id)
    return redirect(request, url, flash=f"It now closes on {london(extended.closes_at)}.")


@router.post("/rounds/{round_id}/close", name="mod_close_round")
def close_round(request: Request, round_id: Id, session: SessionDep, user: ModeratorUser):
    closed = curation.close_round(session=session, actor=user, round_id=round_id)
    url = request.app.url_path_for("mod_round", round_id=round_id)
    return redirect(request, url, flash=f"“{closed.title}” is closed. Write its report below.")


@router.post("/rounds/{round_id}/report", name="mod_round_report")
def save_report(
    request: Request, round_id: Id, session: SessionDep, user: ModeratorUser,
    heard: FormStr = "", next_steps: FormStr = "", publish: FormStr = "",
):  # fmt: skip
    try:
        saved = curation.save_report(
            session=session, actor=user, round_id=round_id, heard=heard,
            next_steps=next_steps, publish=publish == "yes",
        )  # fmt: skip
    except ValidationFailed as error:
        round_ = curation.get_round_by_id(session=session, round_id=round_id)
        form = form_again("report", {"heard": heard, "next_steps": next_steps}, error)
        return _round_page(request, session, round_, form=form, status_code=422)
    if saved.reported_at is not None and publish == "yes":
        url = request.app.url_path_for("round_report", slug=saved.slug)
        return redirect(request, url, flash="The report is published.")
    url = request.app.url_path_for("mod_round", round_id=round_id)
    return redirect(request, url, flash="Report saved.")
