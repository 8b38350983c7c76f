"""An idea's page: the idea, its official answer, votes, follows and the debate."""

from fastapi import APIRouter, Request
from sqlmodel import Session

from app.deps import Id, OptionalUser, PublicPage, SessionDep
from app.links import Links
from app.models import OFFICIAL_STATUSES, FlagReason, Idea, Theme, User
from app.services.ideas import comments, proposals, themes, votes
from app.services.moderation import answers, flags
from app.services.notifying import follows
from app.services.rounds import reading as rounds
from app.web.notifying.follows import idea_follow
from app.web.templating import render

router = APIRouter()


def idea_context(
    request: Request,
    session: Session,
    user: User | None,
    idea: Idea,
    *,
    comment_form: dict | None = None,
    report_form: dict | None = None,
    mod_form: dict | None = None,
) -> dict:
    """`comment_form` re-shows one comment form with its input and errors: its `key` is
    "new", "reply-<parent id>" or "edit-<comment id>". `report_form` does the same for a
    report ("idea" or "comment-<id>"), `mod_form` for the moderators' panel ("status",
    "merge" or "theme")."""
    moderator = bool(user and user.is_moderator)
    empty = {"key": None, "values": {}, "errors": {}}
    return {
        "idea": idea,
        "author": proposals.get_author(session=session, idea=idea),
        "theme": session.get(Theme, idea.theme_id),
        "merged_into": session.get(Idea, idea.merged_into_id) if idea.merged_into_id else None,
        "vote": votes.vote_state(session=session, user=user, idea=idea),
        "round": rounds.round_of_idea(session=session, idea=idea),
        "follow": idea_follow(
            idea.id, follows.follows_idea(session=session, user=user, idea_id=idea.id)
        ),
        "thread": comments.comment_thread(
            session=session, idea_id=idea.id, include_hidden=moderator
        ),
        "history": answers.status_history(session=session, idea_id=idea.id),
        "comment_form": comment_form or empty,
        "reported": flags.reported_by(session=session, user=user, idea_id=idea.id),
        "report_form": report_form or empty,
        "report_reasons": list(FlagReason),
        "mod_form": mod_form or empty,
        "mod_themes": (
            [(t.slug, t.name) for t in themes.list_themes(session=session)] if moderator else []
        ),
        "official_statuses": [(s.value, s.label) for s in OFFICIAL_STATUSES],
        "next_path": request.app.url_path_for("idea", idea_id=idea.id),
        "share_url": Links(request.app.state.settings).idea(idea.id),
    }


@router.get("/ideas/{idea_id}", name="idea", dependencies=[PublicPage])
def idea_page(request: Request, idea_id: Id, session: SessionDep, user: OptionalUser):
    idea = proposals.get_idea(session=session, idea_id=idea_id, viewer=user)
    return render(request, "ideas/detail.html", idea_context(request, session, user, idea))
