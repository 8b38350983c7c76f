"""Members' profiles: `/members/{id}`, linked from every author's name."""

from fastapi import APIRouter, Request

from app.deps import Id, OptionalUser, PublicPage, SessionDep
from app.services.accounts import profiles, segments
from app.web.templating import render, with_query

router = APIRouter()


@router.get("/members/{member_id}", name="member", dependencies=[PublicPage])
def member_page(
    request: Request,
    member_id: Id,
    session: SessionDep,
    user: OptionalUser,
    ideas_before: Id | None = None,
    comments_before: Id | None = None,
    votes_before: Id | None = None,
    stances_before: Id | None = None,
):
    """Each list pages on its own (`<list>_before`); the member's own page adds their
    votes and stances, which nobody else sees. The answers to profile questions shown are
    those of questions that say they may be public."""
    profile = profiles.get_profile(session=session, member_id=member_id)
    own = user is not None and user.id == member_id
    ideas = profiles.member_ideas(session=session, member_id=member_id, before=ideas_before)
    comments = profiles.member_comments(
        session=session, member_id=member_id, before=comments_before
    )
    votes = (
        profiles.member_votes(session=session, member_id=member_id, before=votes_before)
        if own
        else None
    )
    stances = (
        profiles.member_stances(session=session, member_id=member_id, before=stances_before)
        if own
        else None
    )
    path = request.app.url_path_for("member", member_id=member_id)

    def more(name: str, before: Id | None) -> str | None:
        return with_query(path, {name: before}) + f"#{name.split('_')[0]}" if before else None

    context = {
        "profile": profile,
        "own": own,
        "ideas": ideas,
        "comments": comments,
        "votes": votes,
        "more_ideas": more("ideas_before", ideas.before),
        "more_comments": more("comments_before", comments.before),
        "more_votes": more("votes_before", votes.before) if votes else None,
        "stances": stances,
        "more_stances": more("stances_before", stances.before) if stances else None,
        "declared": segments.public_answers(session=session, user_id=member_id),
    }
    return render(request, "members/profile.html", context)
