"""Answering an idea: voting for it and withdrawing the vote, or saying "I disagree" or
pass (a stance): a plain form that redirects back, or with htmx the control replacing
itself."""

from fastapi import APIRouter, Request
from sqlmodel import Session

from app.deps import FormStr, Id, RateLimiterDep, SessionDep, VerifiedUser
from app.models import User
from app.services.errors import ValidationFailed
from app.services.ideas import votes
from app.services.notifying import follows
from app.web.ideas.vote_answers import stance_swap_context, vote_answer, vote_swap_context
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
    request: Request,
    idea_id: Id,
    session: SessionDep,
    user: VerifiedUser,
    limiter: RateLimiterDep,
    next: FormStr = "",
):
    limiter.hit_writing("votes", user.id)
    state = votes.cast_vote(session=session, user=user, idea_id=idea_id)
    return _vote_response(request, session, user, state, next)


@router.post("/ideas/{idea_id}/unvote", name="unvote")
def unvote(
    request: Request,
    idea_id: Id,
    session: SessionDep,
    user: VerifiedUser,
    limiter: RateLimiterDep,
    next: FormStr = "",
):
    limiter.hit_writing("votes", user.id)
    state = votes.withdraw_vote(session=session, user=user, idea_id=idea_id)
    return _vote_response(request, session, user, state, next)


@router.post("/ideas/{idea_id}/stance", name="answer_idea")
def answer(
    request: Request,
    idea_id: Id,
    session: SessionDep,
    user: VerifiedUser,
    limiter: RateLimiterDep,
    stance: FormStr = "",
    next: FormStr = "",
):
    """`stance` = support (the same as /vote), disagree, pass, or clear (no answer)."""
    limiter.hit_writing("votes", user.id)
    change = votes.STANCE_FIELD.get(stance)
    if change is None:
        raise ValidationFailed({"stance": "Choose support, disagree, pass or clear."})
    state = votes.answer_idea(session=session, user=user, idea_id=idea_id, change=change)
    back, on_idea_page = vote_answer(request.app, state, next)
    if is_htmx(request) and on_idea_page:
        following = follows.follows_idea(session=session, user=user, idea_id=state.idea_id)
        return render(
            request, "ideas/_stance_swap.html", stance_swap_context(state, back, following)
        )
    # Elsewhere (the deck) htmx follows the redirect and swaps in the page it comes to.
    return redirect(request, back)
