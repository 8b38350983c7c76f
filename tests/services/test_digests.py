"""Mail about notifications: at once, or in a daily or weekly digest, as each member
chose, never twice, and nothing to someone with nothing new."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from app.models import MailFrequency, Notification, NotificationSettings, utcnow
from app.services.ideas import comments, merging, votes
from app.services.notifying import follows, notification_mail
from tests.conftest import Client, end_test_transactions, send_queued_mail
from tests.factories import make_comment, make_idea, make_moderator, make_theme, make_user


def _choose(session, member, **choices) -> None:
    session.add(NotificationSettings(user_id=member.id, **choices))
    session.commit()


def _next_weekly_slot(settings, after: datetime) -> datetime:
    slot = notification_mail.latest_slot(settings, MailFrequency.weekly, after)
    return slot + timedelta(days=7, minutes=5)


def _to(mails, member) -> list:
    return [mail for mail in mails if mail["To"] == member.email]


def _text(mail) -> str:
    return mail.get_body(preferencelist=("plain",)).get_content()


@pytest.mark.parametrize(
    ("now", "frequency", "slot"),
    [
        ("2026-11-25T09:30", "daily", "2026-11-25T08:00"),  # a Wednesday, after 08:00
        ("2026-11-25T07:59", "daily", "2026-11-24T08:00"),
        ("2026-11-25T09:30", "weekly", "2026-11-23T08:00"),  # the Monday before
        ("2026-11-23T08:00", "weekly", "2026-11-23T08:00"),
        ("2026-11-23T07:00", "weekly", "2026-11-16T08:00"),
    ],
)
def test_digests_have_their_moment(settings, now, frequency, slot):
    moment = datetime.fromisoformat(now).replace(tzinfo=UTC)
    expected = datetime.fromisoformat(slot).replace(tzinfo=UTC)

    assert notification_mail.latest_slot(settings, MailFrequency(frequency), moment) == expected


def test_a_weekly_member_gets_no_mail_at_once_for_a_comment_and_gets_it_in_the_next_digest(
    app, session, engine, settings, mailbox
):
    author = make_user(session, display_name="Amara Okafor")
    commenter = make_user(session, display_name="Kemi Adebayo")
    idea = make_idea(session, author=author, title="A shared bank of trustees")
    _choose(session, author, mail_comment=MailFrequency.weekly)

    posted = (
        Client(app)
        .login(commenter)
        .submit(
            f"/ideas/{idea.id}/comments", {"body": "Trustee time is scarce.", "stance": "against"}
        )
    )
    assert posted.status_code == 303
    assert _to(mailbox(), author) == [], "no mail at once"

    digest_time = _next_weekly_slot(settings, utcnow())
    made = send_queued_mail(engine, settings, now=digest_time - timedelta(days=6))
    assert made.digests == 0, "not before the weekly moment"
    made = send_queued_mail(engine, settings, now=digest_time)
    assert made.digests == 1

    [digest] = _to(mailbox(), author)
    assert digest["Subject"].startswith("Your weekly digest")
    text = _text(digest)
    assert "New comments on your ideas" in text
    assert "Kemi Adebayo commented on your idea “A shared bank of trustees”" in text
    assert f"/ideas/{idea.id}#comment-" in text
    assert "unsubscribe" in digest["List-Unsubscribe"]
    html = digest.get_body(preferencelist=("html",)).get_content()
    assert "Kemi Adebayo commented on your idea" in html

    send_queued_mail(engine, settings, now=digest_time + timedelta(hours=1))
    send_queued_mail(engine, settings, now=digest_time + timedelta(days=7))
    assert len(_to(mailbox(), author)) == 1, "never the same digest twice"


def test_nothing_is_sent_to_someone_with_nothing_new(session, engine, settings, mailbox):
    quiet = make_user(session)
    _choose(session, quiet, mail_comment=MailFrequency.daily)
    make_idea(session, author=quiet)

    send_queued_mail(engine, settings, now=utcnow() + timedelta(days=2))

    assert _to(mailbox(), quiet) == []


def test_a_comment_removed_before_the_digest_leaves_nothing_to_send(
    session, engine, settings, mailbox
):
    author, commenter = make_user(session), make_user(session)
    _choose(session, author, mail_comment=MailFrequency.daily)
    comment = make_comment(session, idea=make_idea(session, author=author), author=commenter)
    comments.delete_comment(session=session, user=commenter, comment_id=comment.id)

    send_queued_mail(engine, settings, now=utcnow() + timedelta(days=1, hours=1))

    assert _to(mailbox(), author) == []
    end_test_transactions()
    # Deleting the comment took its notification away (issue 18).
    assert session.exec(select(Notification).where(Notification.user_id == author.id)).all() == []


def test_a_merge_undone_before_the_digest_is_not_reported(session, engine, settings, mailbox):
    author, moderator = make_user(session), make_moderator(session)
    _choose(session, author, mail_merged=MailFrequency.daily, mail_status=MailFrequency.daily)
    idea, survivor = make_idea(session, author=author), make_idea(session)
    merging.merge_idea(session=session, actor=moderator, idea_id=idea.id, into=survivor.id)
    merging.unmerge_idea(session=session, actor=moderator, idea_id=idea.id)

    send_queued_mail(engine, settings, now=utcnow() + timedelta(days=1, hours=1))

    assert _to(mailbox(), author) == []


def test_the_digest_lists_ideas_in_followed_themes_not_voted_yet_most_supported_first(
    session, engine, settings, mailbox
):
    theme = make_theme(session, name="Sharing resources")
    reader = make_user(session)
    follows.follow_theme(session=session, user=reader, slug=theme.slug)
    little = make_idea(session, theme=theme, title="Idea with little support")
    most = make_idea(session, theme=theme, title="Idea with the most support")
    voted = make_idea(session, theme=theme, title="Idea the reader voted for")
    for _ in range(3):
        votes.cast_vote(session=session, user=make_user(session), idea_id=most.id)
    votes.cast_vote(session=session, user=make_user(session), idea_id=little.id)
    votes.cast_vote(session=session, user=reader, idea_id=voted.id)

    send_queued_mail(engine, settings, now=_next_weekly_slot(settings, utcnow()))

    [digest] = _to(mailbox(), reader)
    text = _text(digest)
    assert "Ideas in themes you follow that you have not voted on yet" in text
    assert text.index("Idea with the most support (3 votes") < text.index(
        "Idea with little support (1 vote,"
    )
    assert "Idea the reader voted for" not in text


def test_daily_and_weekly_choices_go_in_their_own_digests(session, engine, settings, mailbox):
    # Weekly digests three days from now, so that tomorrow's daily one comes first.
    settings = settings.model_copy(update={"digest_weekday": (utcnow().weekday() + 3) % 7})
    member = make_user(session, display_name="Amara Okafor")
    _choose(session, member, mail_comment=MailFrequency.daily, mail_mention=MailFrequency.weekly)
    idea = make_idea(session, author=member)
    make_comment(session, idea=idea, body="A plain comment on the idea.")
    other = make_idea(session)
    make_comment(session, idea=other, body="A word for @Amara Okafor here.")
    now = utcnow()
    daily_time = notification_mail.latest_slot(settings, MailFrequency.daily, now)
    daily_time += timedelta(days=1, minutes=5)
    weekly_time = _next_weekly_slot(settings, now)
    assert daily_time < weekly_time

    send_queued_mail(engine, settings, now=daily_time)
    [daily] = _to(mailbox(), member)
    assert daily["Subject"].startswith("Your daily digest")
    assert "commented on your idea" in _text(daily) and "mentioned you" not in _text(daily)

    send_queued_mail(engine, settings, now=weekly_time)
    weekly = _to(mailbox(), member)[-1]
    assert weekly["Subject"].startswith("Your weekly digest")
    assert "mentioned you" in _text(weekly) and "commented on your idea" not in _text(weekly)


def test_two_workers_make_one_digest(session, engine, settings, mailbox):
    author = make_user(session)
    _choose(session, author, mail_comment=MailFrequency.daily)
    make_comment(session, idea=make_idea(session, author=author))
    later = utcnow() + timedelta(days=1, hours=1)

    end_test_transactions()
    from app.db import open_session

    with open_session(engine) as first, open_session(engine) as second:
        made = notification_mail.queue_digests(session=first, settings=settings, now=later)
        again = notification_mail.queue_digests(session=second, settings=settings, now=later)

    assert (made, again) == (1, 0)
    assert len(_to(mailbox(), author)) == 1


def test_mail_at_once_follows_the_members_choice_when_it_goes_out(
    session, engine, settings, mailbox
):
    author = make_user(session)
    idea = make_idea(session, author=author)
    _choose(session, author, mail_comment=MailFrequency.immediately)
    make_comment(session, idea=idea, body="First thoughts.")

    [mail] = _to(mailbox(), author)
    assert "First thoughts." in _text(mail)
    assert "commented on your idea" in mail["Subject"]

    make_comment(session, idea=idea, body="Second thoughts.")
    session.exec(select(NotificationSettings)).one().mail_comment = MailFrequency.never
    session.commit()

    assert len(_to(mailbox(), author)) == 1


def test_a_burst_of_replies_is_one_mail_until_the_member_reads_it(
    app, session, engine, settings, mailbox
):
    author = make_user(session)
    ana = make_user(session, display_name="Ana Patel")
    idea = make_idea(session, title="Pooled insurance")
    mine = make_comment(session, idea=idea, author=author)
    make_comment(session, idea=idea, author=ana, parent=mine, body="Point 0.")
    [mail] = _to(mailbox(), author)
    assert mail["Subject"] == "Ana Patel replied to your comment on “Pooled insurance”"

    for number in range(1, 7):
        make_comment(session, idea=idea, author=ana, parent=mine, body=f"Point {number}.")
    assert len(_to(mailbox(), author)) == 1, "the first mail brings them to all seven"

    Client(app).login(author).get("/notifications")  # read now: the next one is news
    make_comment(session, idea=idea, author=ana, parent=mine, body="One more.")
    assert len(_to(mailbox(), author)) == 2


def test_replies_waiting_together_go_in_one_mail(session, engine, settings, mailbox):
    author = make_user(session)
    idea = make_idea(session, title="Pooled insurance")
    mine = make_comment(session, idea=idea, author=author)
    for name in ("Ana Patel", "Sam B"):
        make_comment(session, idea=idea, author=make_user(session, display_name=name), parent=mine)

    [mail] = _to(mailbox(), author)

    assert mail["Subject"] == (
        "Sam B and Ana Patel replied to you on “Pooled insurance” (2 replies)"
    )


def test_a_digest_tells_of_a_burst_of_comments_in_one_line(session, engine, settings, mailbox):
    author = make_user(session)
    _choose(session, author, mail_comment=MailFrequency.weekly)
    idea = make_idea(session, author=author, title="A shared bank of trustees")
    people = [make_user(session, display_name=name) for name in ("Ana Patel", "Sam B", "Kemi A")]
    for person in people + people[:1]:
        make_comment(session, idea=idea, author=person)

    send_queued_mail(engine, settings, now=_next_weekly_slot(settings, utcnow()))

    [digest] = _to(mailbox(), author)
    assert digest["Subject"].startswith("Your weekly digest") and "1 update" in digest["Subject"]
    lines = [line for line in _text(digest).splitlines() if "commented on your idea" in line]
    assert lines == [
        "* Ana Patel and 2 others commented on your idea “A shared bank of trustees” (4 comments)"
    ]
