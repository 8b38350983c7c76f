"""A member with something in every table that can refer to a member, for the erasure
and the data download tests."""

from dataclasses import dataclass

from sqlmodel import Session

from app.config import Settings
from app.models import Idea, MailFrequency, NotificationKind, User
from app.services.accounts import api_tokens, data_export, mailed_tokens, segments, sessions
from app.services.accounts.profile import ProfileDraft, update_profile
from app.services.ideas import merging, votes
from app.services.insight import compute
from app.services.moderation import answers
from app.services.notifying import follows, notifications
from tests.factories import (
    make_admin,
    make_comment,
    make_flag,
    make_idea,
    make_theme,
    make_user,
)

# Strings that appear nowhere but in what the member wrote or is.
EMAIL = "amara.qzx@example.org"
NAME = "Amara Qzxokafor"
ORGANISATION = "Qzx Riverside Trust"
BIO = "I run the Qzx youth programme."
NOTE = "Qzx: this is spam, says Amara"
IDEA_TEXT = "Qzx payroll pooled across the borough"
COMMENT_TEXT = "Qzx: it worked for us in Leeds"
PERSONAL = (EMAIL, NAME, ORGANISATION, BIO, NOTE)


@dataclass
class MemberWorld:
    member: User
    other: User
    admin: User
    own_idea: Idea
    others_idea: Idea
    merged_idea: Idea
    ideas: list[Idea]


def member_world(session: Session, settings: Settings) -> MemberWorld:
    theme = make_theme(session)
    member = make_user(session, email=EMAIL, display_name=NAME, organisation=ORGANISATION)
    update_profile(
        session=session,
        user=member,
        draft=ProfileDraft(display_name=NAME, organisation=ORGANISATION, bio=BIO),
    )
    other = make_user(session)
    admin = make_admin(session)
    own = make_idea(session, author=member, theme=theme, title=f"{IDEA_TEXT} idea", body=IDEA_TEXT)
    others = make_idea(session, author=other, theme=theme)
    survivor = make_idea(session, author=other, theme=theme)
    merged = make_idea(session, author=other, theme=theme)

    for idea in (own, others, merged, survivor):
        votes.cast_vote(session=session, user=member, idea_id=idea.id)
    votes.cast_vote(session=session, user=other, idea_id=own.id)
    votes.cast_vote(session=session, user=other, idea_id=merged.id)
    merging.merge_idea(session=session, actor=admin, idea_id=merged.id, into=survivor.id)

    top = make_comment(session, idea=others, author=member, body=COMMENT_TEXT, stance="for")
    make_comment(session, idea=others, author=other, parent=top, body="Agreed.")
    make_comment(session, idea=own, author=other, body=f"Good idea, @{NAME}!")
    make_comment(session, idea=others, author=member, body=COMMENT_TEXT, stance="against")
    make_flag(session, idea=others, reporter=member, reason="other", note=NOTE)
    follows.follow_theme(session=session, user=member, slug=theme.slug)
    answers.set_status(
        session=session, actor=admin, idea_id=own.id, status="planned", response="We will."
    )
    notifications.save_preferences(
        session=session,
        user=member,
        frequencies={kind: MailFrequency.immediately for kind in NotificationKind},
        follow_on_propose=True,
        follow_on_vote=True,
        follow_on_comment=True,
    )
    sessions.start_session(session=session, user=member, days=1, user_agent="Firefox/140 Linux")
    api_tokens.create_token(session=session, user=member, name="Qzx survey", scope="write")
    # Where they stand, what they told us about themselves, and their place on the map.
    votes.answer_idea(session=session, user=member, idea_id=survivor.id, change=votes.Change.vote)
    votes.answer_idea(session=session, user=other, idea_id=survivor.id, change=votes.Change.pass_)
    disagreed = make_idea(session, author=other, theme=theme)
    votes.answer_idea(
        session=session, user=member, idea_id=disagreed.id, change=votes.Change.disagree
    )
    question = segments.create_segment(
        session=session, actor=admin,
        draft=segments.SegmentDraft(question="Your role?", options="Trustee\nChief executive"),
    )  # fmt: skip
    segments.save_answers(session=session, user=member, answers={question.slug: "Trustee"})
    compute.compute_insight(session=session, settings=settings.model_copy(
        update={"insight_min_answers": 2}
    ))  # fmt: skip
    mailed_tokens.request_password_reset(session=session, settings=settings, email=EMAIL)
    data_export.request_export(session=session, user=member)
    return MemberWorld(
        member, other, admin, own, others, merged, [own, others, survivor, merged, disagreed]
    )
