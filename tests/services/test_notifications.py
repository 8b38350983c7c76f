"""Who is told what, and how their mail will go, for each action."""

import pytest
from sqlmodel import col, select

from app.db import write_transaction
from app.models import (
    Follow,
    IdeaStatus,
    MailState,
    Notification,
    NotificationKind,
    NotificationSettings,
    utcnow,
)
from app.services.finding import mentions
from app.services.notifying import follows, notifications
from tests.factories import make_comment, make_idea, make_theme, make_user


def _told(session, user) -> list[tuple[str, int | None]]:
    session.commit()
    rows = session.exec(
        select(Notification).where(Notification.user_id == user.id).order_by(col(Notification.id))
    )
    return [(row.kind, row.comment_id) for row in rows]


def test_a_comment_on_my_idea_tells_me_and_not_the_commenter(session):
    author, commenter = make_user(session), make_user(session)
    idea = make_idea(session, author=author)

    comment = make_comment(session, idea=idea, author=commenter)

    assert _told(session, author) == [(NotificationKind.comment, comment.id)]
    assert _told(session, commenter) == []


def test_commenting_on_my_own_idea_tells_nobody(session):
    author = make_user(session)
    idea = make_idea(session, author=author)

    make_comment(session, idea=idea, author=author)

    assert _told(session, author) == []


def test_a_reply_tells_the_author_of_the_comment_replied_to(session):
    author, first, second = make_user(session), make_user(session), make_user(session)
    idea = make_idea(session, author=author)
    top = make_comment(session, idea=idea, author=first)
    reply = make_comment(session, idea=idea, author=second, parent=top)
    answer = make_comment(session, idea=idea, author=first, parent=reply)

    assert (NotificationKind.reply, reply.id) in _told(session, first)
    assert _told(session, second) == [(NotificationKind.reply, answer.id)]


def test_each_member_is_told_once_per_comment_with_the_most_specific_kind(session):
    author, other = make_user(session, display_name="Amara Okafor"), make_user(session)
    idea = make_idea(session, author=author)
    mine = make_comment(session, idea=idea, author=author)

    reply = make_comment(
        session, idea=idea, author=other, parent=mine, body="@Amara Okafor, on your idea…"
    )

    assert _told(session, author) == [(NotificationKind.reply, reply.id)]


def test_a_comment_mentioning_the_ideas_author_tells_them_once(session):
    author = make_user(session, display_name="Amara Okafor")
    idea = make_idea(session, author=author)

    comment = make_comment(session, idea=idea, body="What do you say, @Amara Okafor?")

    assert _told(session, author) == [(NotificationKind.mention, comment.id)]


def test_a_member_mentioned_twice_in_a_reply_to_them_is_told_once(session):
    named = make_user(session, display_name="Kemi Adebayo")
    idea = make_idea(session)
    theirs = make_comment(session, idea=idea, author=named)

    reply = make_comment(
        session, idea=idea, parent=theirs, body="@Kemi Adebayo yes, and @Kemi Adebayo again"
    )

    assert _told(session, named) == [(NotificationKind.reply, reply.id)]


def test_a_mention_tells_the_member_named_even_with_a_space_in_the_name(session):
    named = make_user(session, display_name="Kemi Adebayo")
    make_user(session, display_name="Kemi")
    idea = make_idea(session)

    comment = make_comment(session, idea=idea, body="As @Kemi Adebayo said, and kemi@x.org")

    assert _told(session, named) == [(NotificationKind.mention, comment.id)]


def test_an_email_address_is_not_a_mention(session):
    kemi = make_user(session, display_name="example")
    make_comment(session, idea=make_idea(session), body="Write to kemi@example please")

    assert _told(session, kemi) == []


def test_a_mention_of_a_shared_name_means_the_person_in_the_debate(session):
    in_debate = make_user(session, display_name="Sam Green")
    elsewhere = make_user(session, display_name="Sam Green")
    idea = make_idea(session)
    make_comment(session, idea=idea, author=in_debate)

    make_comment(session, idea=idea, body="Thanks @sam green!")

    assert [kind for kind, _ in _told(session, in_debate)] == [NotificationKind.mention]
    assert _told(session, elsewhere) == []


def test_a_new_idea_tells_the_followers_of_its_theme(session):
    theme = make_theme(session)
    follower, author, bystander = make_user(session), make_user(session), make_user(session)
    follows.follow_theme(session=session, user=follower, slug=theme.slug)
    follows.follow_theme(session=session, user=author, slug=theme.slug)

    idea = make_idea(session, theme=theme, author=author)

    session.commit()
    [note] = session.exec(select(Notification).where(Notification.user_id == follower.id))
    assert (note.kind, note.idea_id, note.actor_id) == ("new_idea", idea.id, author.id)
    assert _told(session, author) == [] and _told(session, bystander) == []


def test_mail_waits_for_the_worker_or_the_digest_as_each_member_chose(session):
    idea = make_idea(session)
    prompt, weekly, silent = make_user(session), make_user(session), make_user(session)
    for member, choice in ((prompt, "immediately"), (weekly, "weekly"), (silent, "never")):
        session.add(NotificationSettings(user_id=member.id, mail_mention=choice))
        session.commit()

    make_comment(session, idea=idea, body="@" + prompt.display_name)
    make_comment(session, idea=idea, body="@" + weekly.display_name)
    make_comment(session, idea=idea, body="@" + silent.display_name)

    session.commit()
    states = {
        note.user_id: note.mail_state
        for note in session.exec(select(Notification).where(Notification.kind == "mention"))
    }
    assert states == {
        prompt.id: MailState.immediate,
        weekly.id: MailState.digest,
        silent.id: MailState.done,
    }


# --- for moderation --------------------------------------------------------------------


def test_a_status_change_tells_followers_but_not_the_moderator_in_the_callers_transaction(
    session,
):
    author, follower, moderator = make_user(session), make_user(session), make_user(session)
    idea = make_idea(session, author=author)
    follows.follow_idea(session=session, user=follower, idea_id=idea.id)
    follows.follow_idea(session=session, user=moderator, idea_id=idea.id)

    with pytest.raises(RuntimeError), write_transaction(session):
        idea.status = IdeaStatus.planned
        idea.official_response = "We will pilot this in the spring."
        session.add(idea)
        notifications.idea_status_changed(session=session, idea=idea, actor=moderator)
        raise RuntimeError("the moderation action failed: nobody is told")
    assert _told(session, follower) == []

    with write_transaction(session):
        idea.status = IdeaStatus.planned
        session.add(idea)
        notifications.idea_status_changed(
            session=session, idea=idea, actor=moderator, response="We will pilot this."
        )

    for member in (author, follower):
        [note] = session.exec(select(Notification).where(Notification.user_id == member.id))
        assert (note.kind, note.status, note.response) == (
            "status",
            "planned",
            "We will pilot this.",
        )
        assert note.mail_state == MailState.immediate  # the default for responses
    assert _told(session, moderator) == []


def test_a_merge_tells_the_author_and_the_followers_and_they_follow_the_survivor(session):
    author, follower, moderator = make_user(session), make_user(session), make_user(session)
    idea, survivor = make_idea(session, author=author), make_idea(session)
    follows.follow_idea(session=session, user=follower, idea_id=idea.id)

    with write_transaction(session):
        idea.status, idea.merged_into_id = IdeaStatus.merged, survivor.id
        session.add(idea)
        notifications.idea_merged(session=session, idea=idea, into=survivor, actor=moderator)

    author_note = session.exec(select(Notification).where(Notification.user_id == author.id)).one()
    follower_note = session.exec(
        select(Notification).where(Notification.user_id == follower.id)
    ).one()
    assert (author_note.kind, author_note.other_idea_id) == ("merged", survivor.id)
    assert (follower_note.kind, follower_note.status) == ("status", "merged")
    view = notifications.list_notifications(session=session, user=author).items[0]
    assert view.summary == f"Your idea “{idea.title}” was merged into “{survivor.title}”"
    assert view.link_idea_id == survivor.id
    assert set(follows.idea_follower_ids(session, survivor.id)) >= {author.id, follower.id}


def test_a_merge_keeps_an_earlier_unfollow_of_the_survivor(session):
    follower = make_user(session)
    idea, survivor = make_idea(session), make_idea(session)
    follows.follow_idea(session=session, user=follower, idea_id=idea.id)
    follows.follow_idea(session=session, user=follower, idea_id=survivor.id)
    follows.unfollow_idea(session=session, user=follower, idea_id=survivor.id)

    with write_transaction(session):
        notifications.idea_merged(session=session, idea=idea, into=survivor, actor=None)

    assert follower.id not in follows.idea_follower_ids(session, survivor.id)


# --- reading ---------------------------------------------------------------------------


def test_notifications_about_a_hidden_idea_are_neither_listed_nor_counted(session):
    author = make_user(session)
    shown, hidden = make_idea(session, author=author), make_idea(session, author=author)
    make_comment(session, idea=shown)
    make_comment(session, idea=hidden)
    hidden.hidden_at = utcnow()
    session.add(hidden)
    session.commit()

    page = notifications.list_notifications(session=session, user=author)

    assert [entry.latest.idea_id for entry in page.items] == [shown.id]
    assert notifications.unread_count(session=session, user=author) == 1


def test_notifications_page_newest_first_by_keyset(session):
    author = make_user(session)
    made = [make_comment(session, idea=make_idea(session, author=author)) for _ in range(5)]

    first = notifications.list_notifications(session=session, user=author, limit=3)
    rest = notifications.list_notifications(
        session=session, user=author, before=first.next_before, limit=3
    )

    ids = [entry.latest.comment_id for entry in first.items + rest.items]
    assert ids == [comment.id for comment in reversed(made)]
    assert rest.next_before is None


# --- mentions --------------------------------------------------------------------------


def test_mention_suggestions_put_people_in_the_debate_first(session):
    viewer = make_user(session, display_name="Viewer Person")
    outsider = make_user(session, display_name="Amir Shah")
    insider = make_user(session, display_name="Amara Okafor")
    make_user(session, display_name="Amaya Unconfirmed", verified=False)
    surname = make_user(session, display_name="Jo Amadi")
    idea = make_idea(session, author=insider)

    found = mentions.suggest(session=session, viewer=viewer, text="am", idea_id=idea.id)

    assert [s.user_id for s in found] == [insider.id, outsider.id, surname.id]


@pytest.mark.parametrize(
    ("text", "partial"),
    [
        ("Thanks @Am", "Am"),
        ("@Amara Ok", "Amara Ok"),
        ("Thanks @", None),
        ("mail me at x@Am", None),
        ("@Amara said so, and many more words came after it", None),
    ],
)
def test_the_mention_being_typed_is_read_from_the_end_of_the_text(text, partial):
    assert mentions.trailing_mention(text) == partial


def test_completing_a_mention_writes_the_name_out():
    assert mentions.complete("Thanks @am", "Amara Okafor") == "Thanks @Amara Okafor "
    assert mentions.complete("No mention here", "Amara Okafor") == "No mention here"


def test_no_suggestions_once_a_name_is_complete(session):
    viewer, named = make_user(session), make_user(session, display_name="Amara Okafor")

    assert mentions.suggest_for_text(session=session, viewer=viewer, text="Hi @Amara Okafor ") == []
    assert [s.user_id for s in mentions.suggest_for_text(
        session=session, viewer=viewer, text="Hi @Amara O"
    )] == [named.id]  # fmt: skip


def test_follows_are_kept_when_an_idea_is_unfollowed_twice(session):
    member = make_user(session)
    idea = make_idea(session)
    follows.unfollow_idea(session=session, user=member, idea_id=idea.id)
    follows.unfollow_idea(session=session, user=member, idea_id=idea.id)

    rows = session.exec(select(Follow).where(Follow.user_id == member.id)).all()
    assert len(rows) == 1 and rows[0].unfollowed_at is not None
