"""The moderators' overview and queues: reports waiting for a decision, likely duplicates."""

from fastapi import Request

from app.deps import FormStr, Id, ModeratorUser, SessionDep
from app.services.finding import duplicates
from app.services.moderation import flags, hiding
from app.web.moderation import back_to, mod_router
from app.web.templating import plural, redirect, render

router = mod_router()


@router.get("", name="mod_home")
def home(request: Request, session: SessionDep, user: ModeratorUser):
    context = {
        "open_reports": flags.count_waiting(session=session),
        "hidden": hiding.hidden_items(session=session),
    }
    return render(request, "mod/index.html", context)


@router.get("/flags", name="mod_flags")
def flag_queue(request: Request, session: SessionDep, user: ModeratorUser):
    items, total = flags.queue(session=session)
    return render(request, "mod/flags.html", {"items": items, "total": total})


@router.post("/flags/ideas/{idea_id}/dismiss", name="mod_dismiss_idea_flags")
def dismiss_idea_flags(
    request: Request, idea_id: Id, session: SessionDep, user: ModeratorUser, next: FormStr = ""
):
    closed = flags.dismiss_flags(session=session, actor=user, kind="idea", target_id=idea_id)
    message = (
        f"Dismissed {plural(closed, 'report')}; the idea stays." if closed else "No open reports."
    )
    return redirect(request, back_to(request, next, "mod_flags"), flash=message)


@router.post("/flags/comments/{comment_id}/dismiss", name="mod_dismiss_comment_flags")
def dismiss_comment_flags(
    request: Request,
    comment_id: Id,
    session: SessionDep,
    user: ModeratorUser,
    next: FormStr = "",
):
    closed = flags.dismiss_flags(session=session, actor=user, kind="comment", target_id=comment_id)
    message = (
        f"Dismissed {plural(closed, 'report')}; the comment stays."
        if closed
        else "No open reports."
    )
    return redirect(request, back_to(request, next, "mod_flags"), flash=message)


@router.get("/duplicates", name="mod_duplicates")
def duplicate_queue(request: Request, session: SessionDep, user: ModeratorUser):
    return render(request, "mod/duplicates.html", {"pairs": duplicates.queue(session=session)})


@router.post("/duplicates/{pair_id}/dismiss", name="mod_dismiss_duplicate")
def dismiss_duplicate(request: Request, pair_id: Id, session: SessionDep, user: ModeratorUser):
    duplicates.dismiss(session=session, actor=user, pair_id=pair_id)
    url = request.app.url_path_for("mod_duplicates")
    return redirect(request, url, flash="Marked as not duplicates: this pair will not come back.")
