import pytest
from sqlmodel import select

from app.models import AuditEvent, Comment, Flag, Idea, Theme
from app.services.errors import Forbidden, NotFound, ValidationFailed
from app.services.ideas import comments
from app.services.moderation import flags
from tests.factories import (
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


def test_three_flags_from_three_members_hide_an_idea(session):
    theme = make_theme(session)
    idea = make_idea(session, theme=theme)

    outcomes = [make_flag(session, idea=idea) for _ in range(3)]

    assert [o.hidden for o in outcomes] == [False, False, True]
    assert _fresh(session, Idea, idea.id).hidden_at is not None
    assert _fresh(session, Theme, theme.id).idea_count == 0
    event = session.exec(select(AuditEvent)).one()
    assert (event.action, event.actor_id, event.target_id) == ("idea.auto_hide", None, idea.id)


def test_three_flags_from_one_member_do_not_hide_an_idea(session):
    idea, reporter = make_idea(session), make_user(session)

    outcomes = [make_flag(session, idea=idea, reporter=reporter) for _ in range(3)]

    assert [o.created for o in outcomes] == [True, False, False]
    assert _fresh(session, Idea, idea.id).hidden_at is None
    assert len(session.exec(select(Flag)).all()) == 1


def test_three_flags_from_three_members_hide_a_comment_and_its_counts(session):
    idea = make_idea(session)
    comment = make_comment(session, idea=idea, stance="against")
    reporter = make_user(session, established=True)

    make_flag(session, comment=comment, reporter=reporter)
    make_flag(session, comment=comment, reporter=reporter)
    make_flag(session, comment=comment)
    assert _fresh(session, Comment, comment.id).hidden_at is None
    assert make_flag(session, comment=comment).hidden

    stored = _fresh(session, Idea, idea.id)
    assert _fresh(session, Comment, comment.id).hidden_at is not None
    assert (stored.comment_count, stored.comments_against) == (0, 0)
    assert comments.count_shown_comments(session=session, idea_id=idea.id) == 0


def test_one_member_flagging_three_comments_hides_none(session):
    idea, reporter = make_idea(session), make_user(session)
    posted = [make_comment(session, idea=idea) for _ in range(3)]

    for comment in posted:
        make_flag(session, comment=comment, reporter=reporter)

    assert all(_fresh(session, Comment, c.id).hidden_at is None for c in posted)


def test_the_threshold_is_a_setting(session):
    idea = make_idea(session)

    assert make_flag(session, idea=idea, threshold=1).hidden


def test_a_report_needs_a_reason_and_a_short_note(session):
    idea = make_idea(session)

    with pytest.raises(ValidationFailed) as no_reason:
        make_flag(session, idea=idea, reason="")
    with pytest.raises(ValidationFailed) as long_note:
        make_flag(session, idea=idea, reason="other", note="x" * 1001)

    assert set(no_reason.value.errors) == {"reason"}
    assert set(long_note.value.errors) == {"note"}
    assert session.exec(select(Flag)).first() is None


def test_members_cannot_report_their_own_or_hidden_or_unverified(session):
    author = make_user(session)
    idea = make_idea(session, author=author)
    comment = make_comment(session, idea=idea, author=author)

    with pytest.raises(Forbidden):
        make_flag(session, idea=idea, reporter=author)
    with pytest.raises(Forbidden):
        make_flag(session, comment=comment, reporter=author)
    with pytest.raises(Forbidden):
        make_flag(session, idea=idea, reporter=make_user(session, verified=False))
    make_flag(session, idea=idea, threshold=1)
    with pytest.raises(NotFound):
        make_flag(session, idea=idea)


def test_dismissing_reports_brings_back_what_they_hid(session):
    moderator = make_moderator(session)
    theme = make_theme(session)
    idea = make_idea(session, theme=theme)
    first, second, third, later = (make_user(session) for _ in range(4))
    for reporter in (first, second, third):
        make_flag(session, idea=idea, reporter=reporter)

    closed = flags.dismiss_flags(session=session, actor=moderator, kind="idea", target_id=idea.id)

    assert closed == 3
    assert _fresh(session, Idea, idea.id).hidden_at is None
    assert _fresh(session, Theme, theme.id).idea_count == 1
    assert all(f.resolution == "dismissed" for f in session.exec(select(Flag)))
    # A dismissal sticks: the same members cannot report again, a new one starts afresh.
    assert not make_flag(session, idea=idea, reporter=first).created
    assert not make_flag(session, idea=idea, reporter=later).hidden
    assert flags.queue(session=session)[1] == 1


def test_the_queue_shows_reported_content_in_context(session):
    idea = make_idea(session, title="Shared payroll for small charities")
    parent = make_comment(session, idea=idea, body="The parent point")
    reply = make_comment(session, idea=idea, parent=parent, body="Buy cheap pills here")
    make_flag(session, comment=reply, reason="spam", note="Advert")
    make_flag(session, idea=idea, reason="off_topic")

    items, total = flags.queue(session=session)

    assert total == 2
    assert [(item.kind, item.id) for item in items] == [("comment", reply.id), ("idea", idea.id)]
    reported = items[0]
    assert reported.idea_title == "Shared payroll for small charities"
    assert "Buy cheap pills here" in reported.body_html
    assert reported.parent_excerpt == "The parent point"
    assert [(r.reason_label, r.note) for r in reported.reports] == [
        ("Spam or advertising", "Advert")
    ]
