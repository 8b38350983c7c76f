import contextlib
import random

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from app.models import (
    AuditEvent,
    Comment,
    Flag,
    Idea,
    IdeaStatus,
    Role,
    Theme,
    User,
    UserSession,
    Vote,
    utcnow,
)
from app.services.accounts import roles, sessions
from app.services.errors import AccountSuspended, Conflict, Forbidden, NotFound, ValidationFailed
from app.services.ideas import comments, listing, merging, proposals, themes, votes
from app.services.ideas.proposals import IdeaDraft
from app.services.moderation import answers, hiding, members, pinning
from tests.factories import (
    PASSWORD,
    make_admin,
    make_comment,
    make_flag,
    make_idea,
    make_moderator,
    make_theme,
    make_user,
)


def _fresh(session, model, row_id):
    session.expire_all()
    return session.get(model, row_id)


def _actions(session) -> list[str]:
    return [e.action for e in session.exec(select(AuditEvent).order_by(AuditEvent.id))]


# --- hiding ----------------------------------------------------------------------------


def test_hiding_an_idea_takes_it_out_of_lists_and_counts_and_restore_brings_it_back(session):
    moderator, member = make_moderator(session), make_user(session)
    theme = make_theme(session)
    idea = make_idea(session, theme=theme)
    make_idea(session, theme=theme)

    hiding.hide_idea(session=session, actor=moderator, idea_id=idea.id)

    assert _fresh(session, Theme, theme.id).idea_count == 1
    listed = [card.id for card in listing.list_ideas(session=session, theme_id=theme.id).items]
    assert idea.id not in listed
    with pytest.raises(NotFound):
        proposals.get_idea(session=session, idea_id=idea.id, viewer=member)
    assert proposals.get_idea(session=session, idea_id=idea.id, viewer=moderator).id == idea.id
    with pytest.raises(NotFound):
        votes.cast_vote(session=session, user=member, idea_id=idea.id)
    with pytest.raises(NotFound):
        comments.add_comment(session=session, author=member, idea_id=idea.id, body="Hi")

    hiding.restore_idea(session=session, actor=moderator, idea_id=idea.id)

    assert _fresh(session, Theme, theme.id).idea_count == 2
    assert idea.id in [c.id for c in listing.list_ideas(session=session, theme_id=theme.id).items]
    votes.cast_vote(session=session, user=member, idea_id=idea.id)
    assert _actions(session) == ["idea.hide", "idea.restore"]


def test_hiding_twice_or_restoring_a_shown_idea_changes_and_records_nothing(session):
    moderator = make_moderator(session)
    theme = make_theme(session)
    idea = make_idea(session, theme=theme)

    hiding.restore_idea(session=session, actor=moderator, idea_id=idea.id)
    hiding.hide_idea(session=session, actor=moderator, idea_id=idea.id)
    hiding.hide_idea(session=session, actor=moderator, idea_id=idea.id)

    assert _fresh(session, Theme, theme.id).idea_count == 0
    assert _actions(session) == ["idea.hide"]


def test_hiding_and_restoring_a_comment_keeps_the_ideas_counts_exact(session):
    moderator = make_moderator(session)
    idea = make_idea(session)
    kept = make_comment(session, idea=idea, stance="for")
    hidden = make_comment(session, idea=idea, stance="against")
    reply = make_comment(session, idea=idea, parent=hidden, stance="neutral")
    before = _fresh(session, Idea, idea.id).trending_score

    hiding.hide_comment(session=session, actor=moderator, comment_id=hidden.id)

    stored = _fresh(session, Idea, idea.id)
    assert (stored.comment_count, stored.comments_for, stored.comments_against) == (2, 1, 0)
    assert stored.comment_count == comments.count_shown_comments(session=session, idea_id=idea.id)
    thread = comments.comment_thread(session=session, idea_id=idea.id)
    anchor = next(view for view in thread if view.id == hidden.id)
    assert anchor.removed and anchor.hidden and anchor.body == ""
    assert [view.id for view in anchor.replies] == [reply.id]
    moderators_view = comments.comment_thread(session=session, idea_id=idea.id, include_hidden=True)
    assert next(v for v in moderators_view if v.id == hidden.id).body == hidden.body

    hiding.restore_comment(session=session, actor=moderator, comment_id=hidden.id)

    stored = _fresh(session, Idea, idea.id)
    assert (stored.comment_count, stored.comments_for, stored.comments_against) == (3, 1, 1)
    assert stored.trending_score == pytest.approx(before, abs=1e-6)
    assert kept.id in [
        view.id for view in comments.comment_thread(session=session, idea_id=idea.id)
    ]
    assert _actions(session) == ["comment.hide", "comment.restore"]


def test_hiding_from_the_queue_upholds_the_reports_and_restoring_dismisses_them(session):
    moderator = make_moderator(session)
    idea = make_idea(session)
    make_flag(session, idea=idea)

    hiding.hide_idea(session=session, actor=moderator, idea_id=idea.id)
    assert session.exec(select(Flag.resolution)).all() == ["hidden"]

    hiding.restore_idea(session=session, actor=moderator, idea_id=idea.id)
    make_flag(session, idea=idea, threshold=1)
    hiding.restore_idea(session=session, actor=moderator, idea_id=idea.id)
    resolutions = session.exec(select(Flag.resolution).order_by(Flag.id)).all()
    assert resolutions == ["hidden", "dismissed"]


# --- status ----------------------------------------------------------------------------


def test_setting_a_status_keeps_its_history_newest_first(session):
    moderator = make_moderator(session, display_name="Ruth Moderator")
    idea = make_idea(session)

    answers.set_status(
        session=session, actor=moderator, idea_id=idea.id, status="under_review", response=""
    )
    answers.set_status(
        session=session, actor=moderator, idea_id=idea.id, status="planned",
        response="  We will **pilot** this in spring.  ",
    )  # fmt: skip
    answers.set_status(
        session=session, actor=moderator, idea_id=idea.id, status="planned",
        response="We will **pilot** this in spring.",
    )  # fmt: skip

    stored = _fresh(session, Idea, idea.id)
    assert stored.status == IdeaStatus.planned
    assert stored.official_response == "We will **pilot** this in spring."
    assert stored.status_changed_at is not None
    history = answers.status_history(session=session, idea_id=idea.id)
    assert [(h.from_status, h.status) for h in history] == [
        ("under_review", "planned"),
        ("open", "under_review"),
    ]
    assert history[0].actor_name == "Ruth Moderator"
    assert _actions(session) == ["idea.status", "idea.status"]


def test_a_status_must_be_one_a_moderator_may_set(session):
    moderator, idea = make_moderator(session), make_idea(session)

    for status in ("", "merged", "shipped"):
        with pytest.raises(ValidationFailed) as refused:
            answers.set_status(
                session=session, actor=moderator, idea_id=idea.id, status=status, response=""
            )
        assert set(refused.value.errors) == {"status"}
    with pytest.raises(ValidationFailed) as too_long:
        answers.set_status(
            session=session, actor=moderator, idea_id=idea.id, status="done", response="x" * 10_001
        )
    assert set(too_long.value.errors) == {"response"}


def test_the_roadmap_groups_shown_ideas_newest_change_first(session):
    moderator = make_moderator(session)
    older, newer, done, hidden, _open = (make_idea(session) for _ in range(5))
    for idea, status in ((older, "planned"), (newer, "planned"), (done, "done"), (hidden, "done")):
        answers.set_status(
            session=session, actor=moderator, idea_id=idea.id, status=status, response=""
        )
    hiding.hide_idea(session=session, actor=moderator, idea_id=hidden.id)

    columns = answers.roadmap(session=session)

    assert [item.id for item in columns[IdeaStatus.planned]] == [newer.id, older.id]
    assert [item.id for item in columns[IdeaStatus.done]] == [done.id]
    assert columns[IdeaStatus.in_progress] == []


# --- pins ------------------------------------------------------------------------------


def test_a_theme_has_at_most_five_pinned_ideas_and_hidden_ideas_are_not_pinned(session):
    moderator = make_moderator(session)
    theme = make_theme(session)
    pinned = [make_idea(session, theme=theme) for _ in range(pinning.MAX_PINNED_PER_THEME)]
    extra, hidden = make_idea(session, theme=theme), make_idea(session, theme=theme)
    for idea in pinned:
        pinning.pin_idea(session=session, actor=moderator, idea_id=idea.id)

    with pytest.raises(Conflict):
        pinning.pin_idea(session=session, actor=moderator, idea_id=extra.id)
    hiding.hide_idea(session=session, actor=moderator, idea_id=hidden.id)
    with pytest.raises(Conflict):
        pinning.pin_idea(session=session, actor=moderator, idea_id=hidden.id)
    pinning.unpin_idea(session=session, actor=moderator, idea_id=pinned[0].id)
    pinning.pin_idea(session=session, actor=moderator, idea_id=extra.id)

    assert _fresh(session, Idea, extra.id).pinned


# --- themes ----------------------------------------------------------------------------


def test_moving_ideas_between_themes_keeps_the_counts(session):
    moderator = make_moderator(session)
    source, target = make_theme(session), make_theme(session)
    shown = [make_idea(session, theme=source) for _ in range(3)]
    hidden = make_idea(session, theme=source)
    hiding.hide_idea(session=session, actor=moderator, idea_id=hidden.id)

    themes.move_idea(session=session, actor=moderator, idea_id=shown[0].id, theme_slug=target.slug)
    moved = themes.move_ideas(
        session=session, actor=moderator, theme_id=source.id,
        idea_ids=[shown[1].id, hidden.id], theme_slug=target.slug,
    )  # fmt: skip

    assert moved == 2
    assert _fresh(session, Theme, source.id).idea_count == 1
    assert _fresh(session, Theme, target.id).idea_count == 2
    assert _actions(session)[-2:] == ["idea.move", "theme.move_ideas"]


def test_merging_a_theme_moves_its_ideas_and_archives_it(session):
    moderator = make_moderator(session)
    source, target = make_theme(session), make_theme(session)
    for theme in (source, source, target):
        make_idea(session, theme=theme)

    themes.merge_theme(session=session, actor=moderator, theme_id=source.id, into=target.slug)

    merged, survivor = _fresh(session, Theme, source.id), _fresh(session, Theme, target.id)
    assert (merged.idea_count, survivor.idea_count) == (0, 3)
    assert merged.archived_at is not None and merged.merged_into_id == target.id
    in_target = session.exec(
        select(func.count()).select_from(Idea).where(Idea.theme_id == target.id)
    ).one()
    assert in_target == 3
    with pytest.raises(ValidationFailed):
        themes.merge_theme(session=session, actor=moderator, theme_id=target.id, into=source.slug)


def test_reordering_themes_renumbers_them(session):
    moderator = make_moderator(session)
    first, second, third = (make_theme(session) for _ in range(3))

    themes.reorder_theme(session=session, actor=moderator, theme_id=third.id, direction="up")
    themes.reorder_theme(session=session, actor=moderator, theme_id=first.id, direction="up")

    order = [t.id for t in themes.list_themes(session=session)]
    assert order == [first.id, third.id, second.id]
    assert _actions(session) == ["theme.reorder"]


def test_an_archived_theme_takes_no_new_ideas_but_keeps_its_own(session):
    moderator, author = make_moderator(session), make_user(session)
    theme = make_theme(session)
    idea = make_idea(session, author=author, theme=theme)

    themes.archive_theme(session=session, actor=moderator, theme_id=theme.id)

    assert theme.id not in [t.id for t in themes.list_themes(session=session)]
    with pytest.raises(ValidationFailed):
        make_idea(session, author=author, theme=theme)
    proposals.update_idea(
        session=session,
        editor=author,
        idea_id=idea.id,
        draft=IdeaDraft(title="Still in the archived theme", body="", theme=theme.slug),
    )
    assert _fresh(session, Idea, idea.id).theme_id == theme.id


# --- members ---------------------------------------------------------------------------


def test_suspending_ends_sessions_and_sign_in(session):
    moderator, member = make_moderator(session), make_user(session, email="sam@example.org")
    token = sessions.start_session(session=session, user=member, days=1)

    members.suspend(session=session, actor=moderator, user_id=member.id, reason="Spam links")

    with pytest.raises(AccountSuspended):
        sessions.user_for_session_token(session=session, token=token)
    with pytest.raises(AccountSuspended):
        sessions.authenticate(session=session, email="sam@example.org", password=PASSWORD)
    assert sessions.authenticate(session=session, email="sam@example.org", password="wrong") is None

    members.unsuspend(session=session, actor=moderator, user_id=member.id)

    assert sessions.user_for_session_token(session=session, token=token) is None, "still ended"
    assert sessions.authenticate(session=session, email="sam@example.org", password=PASSWORD)
    live = session.exec(
        select(func.count())
        .select_from(UserSession)
        .where(UserSession.user_id == member.id, UserSession.expires_at > utcnow())
    ).one()
    assert live == 0
    assert _actions(session) == ["user.suspend", "user.unsuspend"]


def test_who_may_suspend_whom(session):
    admin, moderator = make_admin(session), make_moderator(session)
    other_moderator, other_admin = make_moderator(session), make_admin(session)

    for actor, target in (
        (moderator, other_admin),
        (moderator, other_moderator),
        (moderator, moderator),
        (admin, other_admin),
    ):
        with pytest.raises(Forbidden):
            members.suspend(session=session, actor=actor, user_id=target.id, reason="Spam links")
    members.suspend(session=session, actor=admin, user_id=other_moderator.id, reason="Spam links")

    assert _fresh(session, User, other_moderator.id).state == "suspended"


def test_an_admin_lifts_the_suspension_of_a_member_later_made_admin(session):
    admin, member = make_admin(session), make_user(session, email="later.admin@example.org")
    members.suspend(session=session, actor=admin, user_id=member.id, reason="Spam links")
    roles.set_role(session=session, email="later.admin@example.org", role=Role.admin)

    with pytest.raises(Forbidden):
        members.unsuspend(session=session, actor=make_moderator(session), user_id=member.id)
    members.unsuspend(session=session, actor=admin, user_id=member.id)

    assert _fresh(session, User, member.id).state == "active"


def test_only_admins_change_roles_and_the_last_admin_stays(session):
    admin, moderator, member = make_admin(session), make_moderator(session), make_user(session)

    with pytest.raises(Forbidden):
        members.change_role(session=session, actor=moderator, user_id=member.id, role="admin")
    with pytest.raises(ValidationFailed) as last:
        members.change_role(session=session, actor=admin, user_id=admin.id, role="member")
    with pytest.raises(ValidationFailed):
        members.change_role(session=session, actor=admin, user_id=member.id, role="owner")
    assert "last admin" in last.value.errors["role"]

    members.change_role(session=session, actor=admin, user_id=member.id, role="admin")
    members.change_role(session=session, actor=admin, user_id=admin.id, role="member")

    assert _fresh(session, User, member.id).role == Role.admin
    assert _fresh(session, User, admin.id).role == Role.member
    events = session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.before, e.after) for e in events] == [
        ("user.role", {"role": "member"}, {"role": "admin"}),
        ("user.role", {"role": "admin"}, {"role": "member"}),
    ]


def test_member_search_matches_name_email_or_organisation(session):
    make_user(session, display_name="Priya Shah", organisation="Leeds Mind")
    make_user(session, email="jo.fletcher@example.org", organisation="Brackenfield CVS")
    make_user(session, display_name="100% Volunteer", organisation="Other")

    def found(query: str) -> list[str]:
        return [u.display_name for u in members.list_members(session=session, query=query).items]

    assert found("priya") == ["Priya Shah"]
    assert len(found("FLETCHER")) == 1 and len(found("brackenfield")) == 1
    assert found("100%") == ["100% Volunteer"]
    assert found("%") == ["100% Volunteer"], "wildcards are matched literally"


def test_comment_hidden_by_moderators_cannot_be_edited_or_flagged(session):
    moderator, author = make_moderator(session), make_user(session)
    comment = make_comment(session, idea=make_idea(session), author=author)
    hiding.hide_comment(session=session, actor=moderator, comment_id=comment.id)

    with pytest.raises(NotFound):
        comments.edit_comment(session=session, user=author, comment_id=comment.id, body="x")
    with pytest.raises(NotFound):
        make_flag(session, comment=comment)
    assert _fresh(session, Comment, comment.id).body != "x"


def _assert_counters_exact(session) -> None:
    session.expire_all()
    for theme in session.exec(select(Theme)):
        shown = session.exec(
            select(func.count())
            .select_from(Idea)
            .where(
                Idea.theme_id == theme.id,
                col(Idea.hidden_at).is_(None),
                Idea.status != IdeaStatus.merged,
            )
        ).one()
        assert theme.idea_count == shown, theme.slug
    for idea in session.exec(select(Idea)):
        rows = session.exec(
            select(func.count()).select_from(Vote).where(Vote.idea_id == idea.id)
        ).one()
        assert idea.vote_count == rows, idea.id
        assert idea.comment_count == comments.count_shown_comments(session=session, idea_id=idea.id)
        assert idea.comments_for + idea.comments_against + idea.comments_neutral == (
            idea.comment_count
        )


def test_counters_stay_exact_through_any_mix_of_moderation(session):
    rng = random.Random(3)
    moderator = make_moderator(session)
    theme_list = [make_theme(session) for _ in range(3)]
    idea_list = [make_idea(session, theme=rng.choice(theme_list)) for _ in range(6)]
    people = [make_user(session) for _ in range(5)]
    posted = [
        make_comment(session, idea=rng.choice(idea_list), stance=rng.choice(["for", "against"]))
        for _ in range(8)
    ]

    def idea() -> int:
        return rng.choice(idea_list).id

    def comment() -> int:
        return rng.choice(posted).id

    def member():
        return rng.choice(people)

    def merge():
        first, second = rng.sample(idea_list, 2)
        merging.merge_idea(session=session, actor=moderator, idea_id=first.id, into=second.id)

    def move():
        slug = rng.choice(theme_list).slug
        themes.move_idea(session=session, actor=moderator, idea_id=idea(), theme_slug=slug)

    by_member = (votes.cast_vote, votes.withdraw_vote)
    on_ideas = (merging.unmerge_idea, hiding.hide_idea, hiding.restore_idea)
    on_posts = (hiding.hide_comment, hiding.restore_comment)
    actions = [
        *(lambda a=a: a(session=session, user=member(), idea_id=idea()) for a in by_member),
        *(lambda a=a: a(session=session, actor=moderator, idea_id=idea()) for a in on_ideas),
        *(lambda a=a: a(session=session, actor=moderator, comment_id=comment()) for a in on_posts),
        merge,
        move,
    ]  # fmt: skip
    for _ in range(120):
        # A refused action changes nothing; the counters must hold either way.
        with contextlib.suppress(Conflict, Forbidden, NotFound, ValidationFailed):
            rng.choice(actions)()

    _assert_counters_exact(session)
    done = set(_actions(session))
    assert {"idea.merge", "idea.unmerge", "idea.hide", "comment.hide", "idea.move"} <= done
