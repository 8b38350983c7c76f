"""Voting for an idea and withdrawing the vote: a plain form that redirects back, or with
htmx the vote button replacing itself."""

from fastapi import APIRouter, Request
from sqlmodel import Session

from app.deps import FormStr, SessionDep, VerifiedUser
from app.models import User
from app.services.ideas import votes
from app.services.notifying import follows
from app.web.ideas.vote_answers import vote_answer, vote_swap_context
from app.web.templating import is_htmx, redirect, render

router = APIRouter()


def _vote_response(
    request: Request, session: Session, user: User, state: votes.VoteState, next: str
):
    back, on_idea_page = vote_answer(request.app, state, next)
    if is_htmx(request):
        following = None
        if on_idea_page:
            following = follows.follows_idea(session=session, user=user, idea_id=state.idea_id)
        return render(request, "ideas/_vote_swap.html", vote_swap_context(state, back, following))
    return redirect(request, back)


@router.post("/ideas/{idea_id}/vote", name="vote")
def vote(
    request: Request, idea_id: int, session: SessionDep, user: VerifiedUser, next: FormStr = ""
):
    state = votes.cast_vote(session=session, user=user, idea_id=idea_id)
    return _vote_response(request, session, user, state, next)


@router.post("/ideas/{idea_id}/unvote", name="unvote")
def unvote(
    request: Request, idea_id: int, session: SessionDep, user: VerifiedUser, next: FormStr = ""
):
    state = votes.withdraw_vote(session=session, user=user, idea_id=idea_id)
    return _vote_response(request, session, user, state, next)
