"""Moderators' actions, for a moderator's token with the `moderate` scope: the same
services as the moderation forms, so the same rules and the same audit log."""

from fastapi import APIRouter

from app.api.answers import answer
from app.api.auth import ModeratorToken
from app.api.problems import CONFLICT
from app.api.schemas import IdPath, MergeIn, StatusIn
from app.deps import SessionDep
from app.services.ideas import merging, proposals
from app.services.moderation import answers, hiding, pinning
from app.services.sharing import public
from app.services.sharing.public import CommentOut, IdeaOut

router = APIRouter(prefix="/mod", tags=["moderation"], responses=CONFLICT)


def _idea(session, holder, idea_id: int) -> IdeaOut:
    session.expire_all()
    return answer(
        session,
        public.idea_out(
            session, proposals.get_idea(session=session, idea_id=idea_id, viewer=holder.user)
        ),
    )


@router.post("/ideas/{idea_id}/status", name="api_mod_status", response_model=IdeaOut)
def set_status(idea_id: IdPath, session: SessionDep, holder: ModeratorToken, answer: StatusIn):
    """Set an idea's status and official response (Markdown, may be empty)."""
    answers.set_status(
        session=session, actor=holder.user, idea_id=idea_id, status=answer.status,
        response=answer.response,
    )  # fmt: skip
    return _idea(session, holder, idea_id)


@router.post("/ideas/{idea_id}/merge", name="api_mod_merge", response_model=IdeaOut)
def merge(idea_id: IdPath, session: SessionDep, holder: ModeratorToken, merge: MergeIn):
    """Merge the idea into another; its votes move, each member counted once."""
    merging.merge_idea(session=session, actor=holder.user, idea_id=idea_id, into=merge.into)
    return _idea(session, holder, idea_id)


@router.post("/ideas/{idea_id}/unmerge", name="api_mod_unmerge", response_model=IdeaOut)
def unmerge(idea_id: IdPath, session: SessionDep, holder: ModeratorToken):
    merging.unmerge_idea(session=session, actor=holder.user, idea_id=idea_id)
    return _idea(session, holder, idea_id)


def _idea_action(action):
    def act(idea_id: IdPath, session: SessionDep, holder: ModeratorToken) -> IdeaOut:
        action(session=session, actor=holder.user, idea_id=idea_id)
        return _idea(session, holder, idea_id)

    return act


for _path, _name, _action, _doc in (
    ("hide", "api_mod_hide", hiding.hide_idea, "Hide the idea from everyone but moderators."),
    ("restore", "api_mod_restore", hiding.restore_idea, "Show a hidden idea again."),
    ("pin", "api_mod_pin", pinning.pin_idea, "Pin the idea (at most five per theme)."),
    ("unpin", "api_mod_unpin", pinning.unpin_idea, "Unpin the idea."),
):
    router.add_api_route(
        f"/ideas/{{idea_id}}/{_path}", _idea_action(_action), methods=["POST"], name=_name,
        response_model=IdeaOut, description=_doc,
    )  # fmt: skip


def _comment_action(action):
    def act(comment_id: IdPath, session: SessionDep, holder: ModeratorToken) -> CommentOut:
        comment = action(session=session, actor=holder.user, comment_id=comment_id)
        session.expire_all()
        return answer(session, public.comment_out(session, comment))

    return act


for _path, _name, _action in (
    ("hide", "api_mod_hide_comment", hiding.hide_comment),
    ("restore", "api_mod_restore_comment", hiding.restore_comment),
):
    router.add_api_route(
        f"/comments/{{comment_id}}/{_path}", _comment_action(_action), methods=["POST"],
        name=_name, response_model=CommentOut,
    )  # fmt: skip
