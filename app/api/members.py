"""Members' public profiles, and the token's own member."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.api.answers import answer
from app.api.auth import Reader, Unauthorized
from app.api.schemas import (
    MAX_ID,
    IdPath,
    MeOut,
    MyVoteOut,
    MyVotes,
    ProfileOut,
)
from app.deps import SessionDep
from app.services.accounts import profiles

router = APIRouter(tags=["members"])


@router.get("/members/{member_id}", name="api_member", response_model=ProfileOut)
def member(member_id: IdPath, session: SessionDep, holder: Reader):
    """A member's profile (never their email) with their latest ideas and comments."""
    profile = profiles.get_profile(session=session, member_id=member_id)
    ideas = profiles.member_ideas(session=session, member_id=member_id)
    comments = profiles.member_comments(session=session, member_id=member_id)
    return answer(
        session,
        ProfileOut(
            id=profile.id,
            display_name=profile.display_name,
            organisation=profile.organisation,
            bio=profile.bio,
            role=profile.role,
            joined_at=profile.joined_at,
            ideas=ideas.items,
            comments=comments.items,
        ),
    )


@router.get("/me", name="api_me", response_model=MeOut)
def me(holder: Reader):
    """Who the token acts as."""
    if holder is None:
        raise Unauthorized("This needs a personal API token.")
    user = holder.user
    return MeOut(
        id=user.id,
        display_name=user.display_name,
        organisation=user.organisation,
        bio=user.bio,
        email=user.email,
        role=user.role,
        verified=user.is_verified,
        token_scope=holder.scope,
    )


@router.get("/me/votes", name="api_my_votes", response_model=MyVotes)
def my_votes(
    session: SessionDep,
    holder: Reader,
    before: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="the `before` of the last page")
    ] = None,
):
    """The ideas you voted for, latest first (only you see these)."""
    if holder is None:
        raise Unauthorized("This needs a personal API token.")
    page = profiles.member_votes(session=session, member_id=holder.user.id, before=before)
    return answer(
        session, MyVotes(items=[MyVoteOut(**vars(vote)) for vote in page.items], before=page.before)
    )
