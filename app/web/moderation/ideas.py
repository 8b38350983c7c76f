"""Moderating one idea or comment: its official answer, merging, its theme, hiding, pinning."""

from fastapi import Request
from sqlmodel import Session

from app.deps import FormStr, Id, ModeratorUser, SessionDep
from app.models import IdeaStatus, User
from app.services.bounds import parse_id
from app.services.errors import ValidationFailed
from app.services.ideas import merging, proposals, themes
from app.services.moderation import answers, hiding, pinning
from app.web.ideas.idea_page import idea_context
from app.web.moderation import back_to, form_again, mod_router
from app.web.templating import local_path, redirect, render

router = mod_router()


def _idea_page_again(request: Request, session: Session, user: User, idea_id: Id, form: dict):
    idea = proposals.get_idea(session=session, idea_id=idea_id, viewer=user)
    context = idea_context(request, session, user, idea, mod_form=form)
    return render(request, "ideas/detail.html", context, status_code=422)


@router.post("/ideas/{idea_id}/status", name="mod_idea_status")
def set_status(
    request: Request,
    idea_id: Id,
    session: SessionDep,
    user: ModeratorUser,
    status: FormStr = "",
    response: FormStr = "",
):
    try:
        idea = answers.set_status(
            session=session, actor=user, idea_id=idea_id, status=status, response=response
        )
    except ValidationFailed as error:
        form = form_again("status", {"status": status, "response": response}, error)
        return _idea_page_again(request, session, user, idea_id, form)
    url = request.app.url_path_for("idea", idea_id=idea.id)
    label = IdeaStatus(idea.status).label
    return redirect(request, url, flash=f"“{idea.title}” is now {label.lower()}.")


@router.get("/ideas/{idea_id}/merge", name="mod_merge_choose")
def merge_choose(
    request: Request,
    idea_id: Id,
    session: SessionDep,
    user: ModeratorUser,
    q: str = "",
    other: str = "",
):
    """Merging, step by step: search for the other idea (its title or its number), see
    the two side by side, choose which survives, and confirm with the Merge button."""
    idea = proposals.get_idea(session=session, idea_id=idea_id, viewer=user)
    this_card = merging.idea_cards(session=session, ids=[idea.id])
    pair = []
    other_id = parse_id(other)
    if other_id is not None and this_card:
        pair = this_card + merging.idea_cards(session=session, ids=[other_id])
    candidates = merging.merge_candidates(session=session, idea_id=idea.id, q=q) if q else []
    context = {
        "idea": idea,
        "q": q,
        "candidates": candidates,
        "pair": pair if len(pair) == 2 and pair[0].id != pair[1].id else [],
        "other_missing": bool(other) and len(pair) != 2,
    }
    return render(request, "mod/merge.html", context)


@router.post("/ideas/{idea_id}/merge", name="mod_merge_idea")
def merge_idea(
    request: Request,
    idea_id: Id,
    session: SessionDep,
    user: ModeratorUser,
    into: FormStr = "",
    survivor: FormStr = "",
    next: FormStr = "",
):
    """Merge the idea `into` another; with `survivor` equal to this idea's number (chosen
    on the side-by-side page), the other is merged into this one instead."""
    closing, kept = idea_id, into
    into_id = parse_id(into.strip().lstrip("#"))
    if survivor and survivor == str(idea_id) and into_id is not None:
        closing, kept = into_id, str(idea_id)
    try:
        merge = merging.merge_idea(session=session, actor=user, idea_id=closing, into=kept)
    except ValidationFailed as error:
        return _idea_page_again(
            request, session, user, idea_id, form_again("merge", {"into": into}, error)
        )
    closed = proposals.get_idea(session=session, idea_id=merge.idea_id, viewer=user)
    survived = proposals.get_idea(session=session, idea_id=merge.into_id, viewer=user)
    back = back_to(request, next, "idea", idea_id=merge.idea_id)
    return redirect(request, back, flash=f"Merged “{closed.title}” into “{survived.title}”.")


@router.post("/ideas/{idea_id}/unmerge", name="mod_unmerge_idea")
def unmerge_idea(request: Request, idea_id: Id, session: SessionDep, user: ModeratorUser):
    idea = merging.unmerge_idea(session=session, actor=user, idea_id=idea_id)
    url = request.app.url_path_for("idea", idea_id=idea.id)
    return redirect(request, url, flash=f"Unmerged: “{idea.title}” and its votes are back.")


@router.post("/ideas/{idea_id}/theme", name="mod_move_idea")
def move_idea(
    request: Request, idea_id: Id, session: SessionDep, user: ModeratorUser, theme: FormStr = ""
):
    try:
        idea = themes.move_idea(session=session, actor=user, idea_id=idea_id, theme_slug=theme)
    except ValidationFailed as error:
        return _idea_page_again(
            request, session, user, idea_id, form_again("theme", {"theme": theme}, error)
        )
    url = request.app.url_path_for("idea", idea_id=idea.id)
    moved_to = themes.get_theme_by_id(session=session, theme_id=idea.theme_id)
    return redirect(request, url, flash=f"“{idea.title}” is moved to “{moved_to.name}”.")


@router.post("/ideas/{idea_id}/hide", name="mod_hide_idea")
def hide_idea(
    request: Request, idea_id: Id, session: SessionDep, user: ModeratorUser, next: FormStr = ""
):
    idea = hiding.hide_idea(session=session, actor=user, idea_id=idea_id)
    back = back_to(request, next, "idea", idea_id=idea_id)
    return redirect(request, back, flash=f"“{idea.title}” is hidden. Only moderators can see it.")


@router.post("/ideas/{idea_id}/restore", name="mod_restore_idea")
def restore_idea(
    request: Request, idea_id: Id, session: SessionDep, user: ModeratorUser, next: FormStr = ""
):
    idea = hiding.restore_idea(session=session, actor=user, idea_id=idea_id)
    back = back_to(request, next, "idea", idea_id=idea_id)
    return redirect(request, back, flash=f"“{idea.title}” is shown again.")


@router.post("/ideas/{idea_id}/pin", name="mod_pin_idea")
def pin_idea(
    request: Request, idea_id: Id, session: SessionDep, user: ModeratorUser, next: FormStr = ""
):
    pinning.pin_idea(session=session, actor=user, idea_id=idea_id)
    back = back_to(request, next, "idea", idea_id=idea_id)
    return redirect(request, back, flash="Pinned: it leads the home page and its theme.")


@router.post("/ideas/{idea_id}/unpin", name="mod_unpin_idea")
def unpin_idea(
    request: Request, idea_id: Id, session: SessionDep, user: ModeratorUser, next: FormStr = ""
):
    pinning.unpin_idea(session=session, actor=user, idea_id=idea_id)
    return redirect(request, back_to(request, next, "idea", idea_id=idea_id), flash="Unpinned.")


@router.post("/comments/{comment_id}/hide", name="mod_hide_comment")
def hide_comment(
    request: Request,
    comment_id: Id,
    session: SessionDep,
    user: ModeratorUser,
    next: FormStr = "",
):
    comment = hiding.hide_comment(session=session, actor=user, comment_id=comment_id)
    url = request.app.url_path_for("idea", idea_id=comment.idea_id)
    back = local_path(next, f"{url}#comment-{comment.id}")
    return redirect(request, back, flash="The comment is hidden.")


@router.post("/comments/{comment_id}/restore", name="mod_restore_comment")
def restore_comment(
    request: Request,
    comment_id: Id,
    session: SessionDep,
    user: ModeratorUser,
    next: FormStr = "",
):
    comment = hiding.restore_comment(session=session, actor=user, comment_id=comment_id)
    url = request.app.url_path_for("idea", idea_id=comment.idea_id)
    back = local_path(next, f"{url}#comment-{comment.id}")
    return redirect(request, back, flash="The comment is shown again.")
