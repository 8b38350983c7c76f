"""Ideas, their votes, their debate and their official answers: the idea pages' rules,
through the same services."""

from typing import Annotated

from fastapi import APIRouter, Query, Response
from sqlmodel import Session

from app.api.answers import answer
from app.api.auth import Reader, Writer, viewer
from app.api.problems import CONFLICT
from app.api.schemas import (
    CommentIn,
    CommentPatch,
    IdeaIn,
    IdeaList,
    IdeaPatch,
    IdPath,
    StanceIn,
    StanceOut,
    StatusChangeOut,
    VoteOut,
)
from app.deps import RateLimiterDep, SessionDep
from app.models import IdeaStatus, Theme
from app.services.finding import mentions, search
from app.services.ideas import comments, listing, proposals, themes, votes
from app.services.ideas.proposals import IdeaDraft
from app.services.moderation import answers
from app.services.sharing import public
from app.services.sharing.public import CommentOut, IdeaOut

router = APIRouter(tags=["ideas"])


@router.get("/ideas", name="api_ideas", response_model=IdeaList)
def list_ideas(
    session: SessionDep,
    holder: Reader,
    sort: Annotated[str, Query(description="trending, top, new or discussed")] = "trending",
    theme: Annotated[str, Query(description="a theme's slug", max_length=200)] = "",
    status: Annotated[str, Query(description="open, planned, done...", max_length=40)] = "",
    q: Annotated[str, Query(description="search words; orders by relevance", max_length=200)] = "",
    cursor: Annotated[str, Query(max_length=500)] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = listing.PAGE_SIZE,
):
    """Ideas as /ideas lists them: the same sorts, filters, search and keyset cursors."""
    theme_id = themes.get_theme(session=session, slug=theme).id if theme else None
    status_filter = IdeaStatus(status) if status in set(IdeaStatus) else None
    filters = {"theme_id": theme_id, "status": status_filter, "cursor": cursor or None}
    if q.strip():
        page = search.search_ideas(session=session, q=q, limit=limit, **filters)
    else:
        sort = sort if sort in listing.SORTS else listing.DEFAULT_SORT
        page = listing.list_ideas(session=session, sort=sort, limit=limit, **filters)
    return answer(
        session,
        IdeaList(
            items=[public.idea_summary(card) for card in page.items], next_cursor=page.next_cursor
        ),
    )


@router.post("/ideas", name="api_create_idea", status_code=201, response_model=IdeaOut,
             responses=CONFLICT)  # fmt: skip
def create_idea(session: SessionDep, holder: Writer, idea: IdeaIn, limiter: RateLimiterDep):
    """Propose an idea (verified members; the `write` scope)."""
    limiter.hit_writing("ideas", holder.user.id)
    created = proposals.create_idea(
        session=session, author=holder.user,
        draft=IdeaDraft(title=idea.title, body=idea.body, theme=idea.theme),
        check_duplicates=idea.check_duplicates,
    )  # fmt: skip
    return answer(session, public.idea_out(session, created))


@router.get("/ideas/{idea_id}", name="api_idea", response_model=IdeaOut)
def get_idea(idea_id: IdPath, session: SessionDep, holder: Reader):
    """An idea; a hidden one only for moderators."""
    idea = proposals.get_idea(session=session, idea_id=idea_id, viewer=viewer(holder))
    return answer(session, public.idea_out(session, idea))


@router.patch("/ideas/{idea_id}", name="api_edit_idea", response_model=IdeaOut)
def edit_idea(idea_id: IdPath, session: SessionDep, holder: Writer, changes: IdeaPatch):
    """Edit your own idea (not once it is merged)."""
    idea = proposals.editable_idea(session=session, editor=holder.user, idea_id=idea_id)
    current = IdeaDraft.of(idea, session.get(Theme, idea.theme_id))
    draft = IdeaDraft(
        title=current.title if changes.title is None else changes.title,
        body=current.body if changes.body is None else changes.body,
        theme=current.theme if changes.theme is None else changes.theme,
    )
    edited = proposals.update_idea(
        session=session, editor=holder.user, idea_id=idea_id, draft=draft
    )
    return answer(session, public.idea_out(session, edited))


def _vote(session: Session, holder, idea_id: int, *, voted: bool) -> VoteOut:
    change = votes.cast_vote if voted else votes.withdraw_vote
    state = change(session=session, user=holder.user, idea_id=idea_id)
    return answer(
        session,
        VoteOut(
            idea_id=state.idea_id,
            voted=state.voted,
            vote_count=None if state.counts_hidden else state.vote_count,
        ),
    )


@router.put("/ideas/{idea_id}/vote", name="api_vote", response_model=VoteOut)
def vote(idea_id: IdPath, session: SessionDep, holder: Writer, limiter: RateLimiterDep):
    """Vote for an idea; voting twice keeps one vote. Merged or hidden ideas take none."""
    limiter.hit_writing("votes", holder.user.id)
    return _vote(session, holder, idea_id, voted=True)


@router.delete("/ideas/{idea_id}/vote", name="api_unvote", response_model=VoteOut)
def unvote(idea_id: IdPath, session: SessionDep, holder: Writer, limiter: RateLimiterDep):
    """Withdraw your vote (nothing happens if there was none)."""
    limiter.hit_writing("votes", holder.user.id)
    return _vote(session, holder, idea_id, voted=False)


@router.put("/ideas/{idea_id}/stance", name="api_stance", response_model=StanceOut)
def stance(
    idea_id: IdPath, body: StanceIn, session: SessionDep, holder: Writer, limiter: RateLimiterDep
):
    """Say where you stand: support (the vote), disagree, pass, or clear. One answer per
    member per idea; each replaces the last. Merged or hidden ideas take none."""
    limiter.hit_writing("votes", holder.user.id)
    state = votes.answer_idea(
        session=session, user=holder.user, idea_id=idea_id, change=votes.STANCE_FIELD[body.stance]
    )
    counts = (state.vote_count, state.disagree_count, state.pass_count)
    if state.counts_hidden:
        counts = (None, None, None)
    return answer(
        session,
        StanceOut(
            idea_id=state.idea_id, stance=state.answer, vote_count=counts[0],
            disagree_count=counts[1], pass_count=counts[2],
        ),
    )  # fmt: skip


@router.get("/ideas/{idea_id}/comments", name="api_comments", response_model=list[CommentOut])
def list_comments(idea_id: IdPath, session: SessionDep, holder: Reader):
    """The debate, oldest first, each reply after its parent. A removed comment that has
    replies stays, with no text, as their anchor."""
    user = viewer(holder)
    idea = proposals.get_idea(session=session, idea_id=idea_id, viewer=user)
    thread = comments.comment_thread(
        session=session, idea_id=idea.id, include_hidden=bool(user and user.is_moderator)
    )
    return answer(session, public.thread_out(idea.id, thread))


@router.post("/ideas/{idea_id}/comments", name="api_add_comment", status_code=201,
             response_model=CommentOut)  # fmt: skip
def add_comment(
    idea_id: IdPath,
    session: SessionDep,
    holder: Writer,
    comment: CommentIn,
    limiter: RateLimiterDep,
):
    limiter.hit_writing("comments", holder.user.id)
    limiter.hit_writing("mentions", holder.user.id, cost=mentions.mention_count(comment.body))
    added = comments.add_comment(
        session=session, author=holder.user, idea_id=idea_id, body=comment.body,
        stance=comment.stance or "", parent_id=comment.parent_id,
    )  # fmt: skip
    return answer(session, public.comment_out(session, added))


@router.patch("/comments/{comment_id}", name="api_edit_comment", response_model=CommentOut)
def edit_comment(comment_id: IdPath, session: SessionDep, holder: Writer, changes: CommentPatch):
    """Edit your own comment."""
    edited = comments.edit_comment(
        session=session, user=holder.user, comment_id=comment_id, body=changes.body,
        stance=changes.stance or "",
    )  # fmt: skip
    return answer(session, public.comment_out(session, edited))


@router.delete("/comments/{comment_id}", name="api_delete_comment", status_code=204,
               response_class=Response)  # fmt: skip
def delete_comment(comment_id: IdPath, session: SessionDep, holder: Writer):
    """Delete your own comment."""
    comments.delete_comment(session=session, user=holder.user, comment_id=comment_id)
    return Response(status_code=204)


@router.get("/ideas/{idea_id}/responses", name="api_responses",
            response_model=list[StatusChangeOut])  # fmt: skip
def responses(idea_id: IdPath, session: SessionDep, holder: Reader):
    """The idea's official status changes and responses, newest first."""
    idea = proposals.get_idea(session=session, idea_id=idea_id, viewer=viewer(holder))
    return answer(
        session,
        [
            StatusChangeOut(
                status=entry.status,
                from_status=entry.from_status,
                response=entry.response,
                actor_name=entry.actor_name,
                created_at=entry.created_at,
            )  # fmt: skip
            for entry in answers.status_history(session=session, idea_id=idea.id)
        ],
    )
