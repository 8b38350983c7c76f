"""Following, notifications, their settings and unsubscribing, through the pages."""

import re
from datetime import timedelta

from sqlmodel import select

from app.models import (
    MailFrequency,
    Notification,
    NotificationKind,
    NotificationSettings,
    utcnow,
)
from app.services.notifying import emails, follows
from tests.conftest import Client, end_test_transactions, link_in
from tests.factories import make_comment, make_idea, make_theme, make_user
from tests.pages import is_full_page, soup


def _unread_badge(response) -> str | None:
    badge = soup(response).select_one(".site-nav .count-badge")
    return badge.get_text(" ", strip=True) if badge else None


def test_the_navigation_shows_how_many_notifications_are_unread(client, session):
    author = make_user(session)
    make_comment(session, idea=make_idea(session, author=author))
    make_comment(session, idea=make_idea(session, author=author))
    client.login(author)

    assert _unread_badge(client.get("/ideas")) == "2 unread"

    page = client.get("/notifications")
    assert _unread_badge(page) is None, "seen now"
    assert _unread_badge(client.get("/ideas")) is None


def _one_a_day(session, member, idea, count: int) -> None:
    """`count` comment notifications about `idea`, each on a day of its own (not grouped)."""
    now = utcnow()
    session.add_all(
        Notification(
            user_id=member.id,
            kind=NotificationKind.comment,
            idea_id=idea.id,
            created_at=now - timedelta(days=day),
        )
        for day in range(count)
    )
    session.commit()


def test_past_99_unread_the_navigation_says_99_plus(client, session):
    member = make_user(session)
    _one_a_day(session, member, make_idea(session), 120)
    client.login(member)

    assert _unread_badge(client.get("/ideas")) == "99+ unread"


def test_notifications_are_listed_newest_first_and_marked_read_once_seen(client, session):
    author = make_user(session)
    idea = make_idea(session, author=author, title="A shared bank of trustees")
    other = make_idea(session, author=author, title="Pooled insurance")
    first = make_comment(session, idea=idea, author=make_user(session, display_name="Kemi A"))
    second = make_comment(session, idea=other, author=make_user(session, display_name="Sam B"))
    client.login(author)

    page = soup(client.get("/notifications"))

    items = page.select(".notification")
    assert [item.select_one(".notification__summary a")["href"] for item in items] == [
        f"/ideas/{other.id}#comment-{second.id}",
        f"/ideas/{idea.id}#comment-{first.id}",
    ]
    assert "Sam B commented on your idea “Pooled insurance”" in items[0].get_text()
    assert len(page.select(".notification--new .badge--new")) == 2
    again = soup(client.get("/notifications"))
    assert again.select(".badge--new") == []
    assert len(again.select(".notification")) == 2


def test_a_burst_of_comments_on_one_idea_is_one_entry_read_at_once(client, session):
    author = make_user(session)
    idea = make_idea(session, author=author, title="A shared bank of trustees")
    ana = make_user(session, display_name="Ana Patel")
    first = make_comment(session, idea=idea, author=ana, body="One thing.")
    for number in range(6):
        make_comment(session, idea=idea, author=ana, body=f"And another, {number}.")
    client.login(author)

    assert _unread_badge(client.get("/ideas")) == "1 unread"
    page = soup(client.get("/notifications"))

    [entry] = page.select(".notification")
    summary = entry.select_one(".notification__summary")
    assert summary.get_text(" ", strip=True) == (
        "New Ana Patel commented on your idea “A shared bank of trustees” (7 comments)"
    )
    assert summary.a["href"] == f"/ideas/{idea.id}#comment-{first.id}", "read on from the first"
    assert "And another, 5." in entry.select_one(".notification__quote").get_text()
    assert _unread_badge(client.get("/ideas")) is None, "all seven are read"
    assert session.exec(select(Notification).where(Notification.read_at == None)).all() == []  # noqa: E711


def test_several_people_commenting_are_named_once_each(client, session):
    author = make_user(session)
    idea = make_idea(session, author=author, title="Pooled insurance")
    people = {name: make_user(session, display_name=name) for name in ("Kemi A", "Sam B")}
    people["Ana Patel"] = make_user(session, display_name="Ana Patel")
    for name in ("Kemi A", "Sam B", "Kemi A", "Ana Patel"):
        make_comment(session, idea=idea, author=people[name])
    client.login(author)

    [entry] = soup(client.get("/notifications")).select(".notification__summary a")

    assert entry.get_text() == (
        "Ana Patel and 2 others commented on your idea “Pooled insurance” (4 comments)"
    )


def test_entries_are_not_grouped_across_ideas_kinds_days_or_read_state(client, session):
    author = make_user(session)
    idea = make_idea(session, author=author)
    make_comment(session, idea=idea)
    client.login(author)
    client.get("/notifications")  # the first is read now
    make_comment(session, idea=idea)
    make_comment(session, idea=make_idea(session, author=author))
    _one_a_day(session, author, idea, 2)  # today's joins the unread entry; yesterday's not

    entries = soup(client.get("/notifications")).select(".notification")

    # Newest first: yesterday's, today's unread two, the other idea's, the one read before.
    assert [len(e.select(".badge--new")) for e in entries] == [1, 1, 1, 0]
    assert "(2 comments)" in entries[1].get_text()
    singles = [entries[i].select_one(".notification__summary").get_text() for i in (0, 2, 3)]
    assert not any("(" in text for text in singles)


def test_a_status_change_is_never_grouped(client, session):
    member = make_user(session)
    idea = make_idea(session)
    session.add_all(
        Notification(user_id=member.id, kind=NotificationKind.status, idea_id=idea.id,
                     status="planned")
        for _ in range(2)
    )  # fmt: skip
    session.commit()
    client.login(member)

    assert _unread_badge(client.get("/ideas")) == "2 unread"
    assert len(soup(client.get("/notifications")).select(".notification")) == 2


def test_mark_all_read(client, session):
    author = make_user(session)
    _one_a_day(session, author, make_idea(session, author=author), 35)  # more than a page
    client.login(author)

    page = soup(client.get("/notifications"))
    assert "5 more unread" in page.select_one(".notifications__mark-read").get_text()

    response = client.submit("/notifications/read")

    assert response.status_code == 303 and response.headers["location"] == "/notifications"
    assert _unread_badge(client.get("/ideas")) is None
    older = soup(client.get(page.select_one(".load-more a")["href"]))
    assert len(older.select(".notification")) == 5 and older.select(".badge--new") == []


def test_a_page_never_splits_an_entry(client, session):
    author = make_user(session)
    busy = make_idea(session, author=author)
    make_comment(session, idea=busy)
    _one_a_day(session, author, make_idea(session, author=author), 30)
    make_comment(session, idea=busy)  # the busy idea's entry spans the 30 others
    client.login(author)

    first = soup(client.get("/notifications"))
    older = soup(client.get(first.select_one(".load-more a")["href"]))

    entries = first.select(".notification") + older.select(".notification")
    assert len(first.select(".notification")) == 30 and len(entries) == 31
    assert "(2 comments)" in entries[0].get_text()


def test_notifications_are_for_signed_in_members(client, session):
    response = client.get("/notifications")

    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


def test_follow_and_unfollow_an_idea_in_one_click(client, session):
    member = make_user(session)
    idea = make_idea(session)
    client.login(member)
    page = soup(client.get(f"/ideas/{idea.id}"))
    assert page.select_one(".follow button").get_text(" ", strip=True) == "Follow this idea"

    followed = client.submit(f"/ideas/{idea.id}/follow", {"next": f"/ideas/{idea.id}"})
    assert followed.status_code == 303
    assert follows.follows_idea(session=session, user=member, idea_id=idea.id)
    button = soup(client.get(f"/ideas/{idea.id}")).select_one(".follow button")
    assert "Stop following" in button.get_text()

    unfollowed = client.submit(f"/ideas/{idea.id}/unfollow", htmx=True)
    assert unfollowed.status_code == 200 and not is_full_page(unfollowed)
    fragment = soup(unfollowed)
    button = fragment.select_one(f"#follow-idea-{idea.id} button")
    assert button.get_text(" ", strip=True) == "Follow this idea"
    assert "no longer follow" in fragment.select_one("#announcer").get_text()
    end_test_transactions()
    assert not follows.follows_idea(session=session, user=member, idea_id=idea.id)


def test_following_a_theme_brings_news_of_its_new_ideas(client, session):
    theme = make_theme(session, name="Inclusive access")
    member = make_user(session)
    client.login(member)

    response = client.submit(f"/themes/{theme.slug}/follow")
    assert response.status_code == 303 and response.headers["location"] == f"/themes/{theme.slug}"
    idea = make_idea(session, theme=theme, title="Step-free venues for every event")

    page = soup(client.get("/notifications"))
    assert "New idea in Inclusive access: “Step-free venues for every event”" in page.get_text()
    assert page.select_one(".notification a")["href"] == f"/ideas/{idea.id}"
    settings_page = soup(client.get("/settings/notifications"))
    assert "Inclusive access" in settings_page.select_one(".followed-list").get_text()


def test_anonymous_visitors_see_no_follow_button(client, session):
    idea = make_idea(session)

    assert soup(client.get(f"/ideas/{idea.id}")).select(".follow") == []
    assert client.submit(f"/ideas/{idea.id}/follow").status_code == 303  # to sign in


def test_notification_settings_are_saved(client, session):
    member = make_user(session)
    client.login(member)
    form = soup(client.get("/settings/notifications"))
    checked = {i["name"]: i["value"] for i in form.select("input[type=radio][checked]")}
    assert checked == {
        "mail_status": "immediately",
        "mail_reply": "immediately",
        "mail_comment": "weekly",
        "mail_mention": "weekly",
        "mail_new_idea": "weekly",
        "mail_merged": "weekly",
    }

    choices = {**checked, "mail_reply": "daily", "mail_new_idea": "never"}
    response = client.submit("/settings/notifications", {**choices, "follow_on_vote": "true"})

    assert response.status_code == 303
    row = session.get(NotificationSettings, member.id)
    assert (row.mail_reply, row.mail_new_idea) == ("daily", "never")
    assert (row.follow_on_propose, row.follow_on_vote, row.follow_on_comment) == (
        False,
        True,
        False,
    )


def test_notification_settings_with_a_bad_choice_are_shown_again(client, session):
    client.login(make_user(session))

    response = client.submit("/settings/notifications", {"mail_reply": "hourly"})

    assert response.status_code == 422
    page = soup(response)
    assert page.select_one(".error-summary")
    assert page.select_one("input[name=follow_on_vote][checked]") is None


def test_a_reply_is_mailed_at_once_with_text_html_and_a_working_unsubscribe_link(
    app, client, session, mailbox
):
    author = make_user(session, display_name="Amara Okafor")
    replier = make_user(session, display_name="Kemi Adebayo")
    idea = make_idea(session, title="A shared bank of trustees")
    mine = make_comment(session, idea=idea, author=author)

    Client(app).login(replier).submit(
        f"/ideas/{idea.id}/comments", {"body": "Yes, and **more**.", "parent_id": str(mine.id)}
    )

    [mail] = [m for m in mailbox() if m["To"] == author.email]
    assert mail["Subject"] == "Kemi Adebayo replied to your comment on “A shared bank of trustees”"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Yes, and **more**." in text
    assert re.search(rf"http://testserver/ideas/{idea.id}#comment-\d+", text)
    assert mail.get_body(preferencelist=("html",)) is not None
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header_link = mail["List-Unsubscribe"].strip("<>")
    assert header_link == link_in(mail, r"http://testserver/unsubscribe/\S+")

    # RFC 8058: the mail provider posts, with no cookie and no form token.
    one_click = Client(app)
    one_click.cookies.clear()
    response = one_click.post(
        header_link.removeprefix("http://testserver"), data={"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert session.get(NotificationSettings, author.id).mail_reply == MailFrequency.never
    assert session.get(NotificationSettings, author.id).mail_status == MailFrequency.immediately


def test_the_unsubscribe_link_asks_first_and_works_without_signing_in(app, session):
    member = make_user(session)
    token = emails.unsubscribe_token(app.state.settings, user_id=member.id, scope="weekly")
    visitor = Client(app)

    page = visitor.get(f"/unsubscribe/{token}")
    assert page.status_code == 200
    assert "Stop the weekly digest?" in soup(page).get_text(" ", strip=True)
    assert session.get(NotificationSettings, member.id) is None, "a GET changes nothing"

    response = visitor.submit(f"/unsubscribe/{token}")
    assert response.status_code == 303
    row = session.get(NotificationSettings, member.id)
    weekly = [k for k in NotificationKind if row.frequency(k) == MailFrequency.weekly]
    assert weekly == []
    assert row.mail_reply == MailFrequency.immediately
    assert "You are unsubscribed" in visitor.get(f"/unsubscribe/{token}").text


def test_a_forged_unsubscribe_link_changes_nothing(app, session):
    member = make_user(session)
    token = emails.unsubscribe_token(app.state.settings, user_id=member.id, scope="all")
    forged = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")

    without_csrf = Client(app).post(
        f"/unsubscribe/{forged}", data={"List-Unsubscribe": "One-Click"}
    )
    with_csrf = Client(app).submit(f"/unsubscribe/{forged}")

    assert without_csrf.status_code == 403, "no signed token, so the usual CSRF check"
    assert with_csrf.status_code == 404
    assert session.get(NotificationSettings, member.id) is None


def test_every_mail_carries_a_one_click_unsubscribe(client, session, mailbox):
    client.submit(
        "/signup",
        {"email": "new@example.org", "password": "a long passphrase here",
         "display_name": "New Member", "organisation": "Somewhere"},
    )  # fmt: skip

    [mail] = mailbox()
    assert mail["List-Unsubscribe"].startswith("<http://testserver/unsubscribe/")
    assert "Stop all notification emails" in mail.get_body(preferencelist=("plain",)).get_content()


def test_mention_suggestions_as_a_member_types(client, session):
    member = make_user(session)
    named = make_user(session, display_name="Amara Okafor", organisation="Riverside Trust")
    idea = make_idea(session, author=named)
    client.login(member)

    response = client.get(
        "/mentions",
        params={"body": "I agree with @Ama", "field": "new-comment", "idea": idea.id},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    [button] = soup(response).select("button")
    assert button.get_text(strip=True) == "@Amara Okafor, Riverside Trust"
    assert button["type"] == "button"
    assert soup(response).select_one("ul")["aria-labelledby"] == "mentions-new-comment-label"
    nothing = client.get("/mentions", params={"body": "No at sign", "field": "new-comment"})
    assert nothing.text.strip() == ""


def test_choosing_a_suggestion_writes_the_name_out_in_the_comment_box(client, session):
    client.login(make_user(session))

    response = client.get(
        "/mentions/complete",
        params={"body": "I agree with @Ama", "name": "Amara Okafor", "field": "reply-7",
                "idea": 3},
        headers={"HX-Request": "true"},
    )  # fmt: skip

    page = soup(response)
    box = page.select_one("textarea#f-reply-7")
    assert box.get_text() == "I agree with @Amara Okafor "
    assert box.has_attr("autofocus")
    assert page.select_one("label[for=f-reply-7]").get_text() == "Your reply"
    assert "Mentioned Amara Okafor." in page.select_one("#announcer").get_text()
    bad = client.get("/mentions/complete", params={"field": 'f-x" onfocus="alert(1)'})
    assert bad.status_code == 404


def test_a_mention_in_a_comment_tells_the_member(client, session):
    named = make_user(session, display_name="Amara Okafor")
    idea = make_idea(session)
    client.login(make_user(session))

    client.submit(
        f"/ideas/{idea.id}/comments",
        {"body": "What do you think, @Amara Okafor?", "stance": "neutral"},
    )

    end_test_transactions()
    [note] = session.exec(select(Notification).where(Notification.user_id == named.id))
    assert note.kind == NotificationKind.mention


def test_commenting_in_place_also_updates_the_follow_button(client, session):
    member = make_user(session)
    idea = make_idea(session)
    client.login(member)

    response = client.submit(
        f"/ideas/{idea.id}/comments", {"body": "Count me in.", "stance": "for"}, htmx=True
    )

    follow = soup(response).select_one(f"#follow-idea-{idea.id}")
    assert follow["data-hx-swap-oob"] == "true"
    assert "Stop following" in follow.get_text()
