"""Moderating ideas and comments through the pages: official status, merging, reports,
hiding, pins and the roadmap."""

from sqlalchemy import func
from sqlmodel import select

from app.models import Comment, Flag, Idea, Theme, Vote
from tests.conftest import Client
from tests.factories import (
    make_comment,
    make_flag,
    make_idea,
    make_moderator,
    make_theme,
    make_user,
    make_vote,
)
from tests.pages import field_error, field_value, is_full_page, soup


def _fresh(session, model, row_id):
    session.expire_all()
    return session.get(model, row_id)


def _vote_rows(session, idea_id: int) -> int:
    return session.exec(select(func.count()).select_from(Vote).where(Vote.idea_id == idea_id)).one()


# --- official status and response ------------------------------------------------------


def test_moderator_sets_a_status_and_the_idea_page_shows_the_official_response(client, session):
    moderator = make_moderator(session, display_name="Ruth Okoye")
    idea = make_idea(session)
    client.login(moderator)

    first = client.submit(f"/mod/ideas/{idea.id}/status", {"status": "under_review"})
    second = client.submit(
        f"/mod/ideas/{idea.id}/status",
        {
            "status": "planned",
            "response": "We will **pilot** this with [ten groups](https://example.org).",
        },
    )

    assert first.status_code == second.status_code == 303
    assert second.headers["location"] == f"/ideas/{idea.id}"
    page = soup(Client(client.app).get(f"/ideas/{idea.id}"))
    official = page.select_one("section.official-response")
    assert official.select_one(".badge--official").get_text(strip=True) == "Official"
    assert official.select_one(".meta .badge--planned").get_text(strip=True) == "Planned"
    assert "Ruth Okoye" in official.select_one(".meta").get_text()
    response = official.select_one(".official-response__text")
    assert response.find("strong").get_text() == "pilot"
    assert response.find("a")["rel"] == ["nofollow", "ugc", "noopener"]
    earlier = official.select(".status-history__entry")
    assert [e.select_one(".badge").get_text(strip=True) for e in earlier] == ["Under review"]
    assert page.select_one(".idea .meta .badge--status").get_text(strip=True) == "Planned"


def test_status_form_with_problems_comes_back_with_input_kept(client, session):
    idea = make_idea(session)
    client.login(make_moderator(session))

    response = client.submit(
        f"/mod/ideas/{idea.id}/status", {"status": "shipped", "response": "My careful words"}
    )

    assert response.status_code == 422
    page = soup(response)
    assert field_error(page, "mod-status") == "Choose a status from the list."
    assert field_value(page, "mod-response") == "My careful words"
    assert page.select_one(".error-summary a[href='#f-mod-status']")
    assert _fresh(session, Idea, idea.id).status == "open"


def test_members_do_not_see_the_moderation_panel(client, session):
    idea = make_idea(session)

    member_page = soup(client.login(make_user(session)).get(f"/ideas/{idea.id}"))
    moderator_page = soup(
        Client(client.app).login(make_moderator(session)).get(f"/ideas/{idea.id}")
    )

    assert member_page.select_one(".mod-panel") is None
    panel = moderator_page.select_one(".mod-panel")
    actions = {form["action"] for form in panel.find_all("form")}
    assert {
        f"/mod/ideas/{idea.id}/status",
        f"/mod/ideas/{idea.id}/merge",
        f"/mod/ideas/{idea.id}/theme",
        f"/mod/ideas/{idea.id}/hide",
        f"/mod/ideas/{idea.id}/pin",
    } <= actions
    for form in panel.find_all("form"):
        if form["method"] == "get":  # finding the idea to merge with changes nothing
            assert form["action"] == f"/mod/ideas/{idea.id}/merge"
            continue
        assert form["method"] == "post" and form.find("input", attrs={"name": "csrf_token"})


def test_the_roadmap_lists_planned_in_progress_and_done_newest_change_first(client, session):
    moderator = make_moderator(session)
    client.login(moderator)
    older, newer, started, finished, declined = (make_idea(session) for _ in range(5))
    for idea, status in (
        (older, "planned"),
        (newer, "planned"),
        (started, "in_progress"),
        (finished, "done"),
        (declined, "declined"),
    ):
        client.submit(f"/mod/ideas/{idea.id}/status", {"status": status})

    response = Client(client.app).get("/roadmap")

    page = soup(response)
    assert response.status_code == 200
    columns = {
        section.h2.get_text(" ", strip=True).split(" (")[0]: [
            int(li["id"].removeprefix("roadmap-idea-")) for li in section.select("li")
        ]
        for section in page.select(".roadmap__column")
    }
    assert columns == {
        "Planned": [newer.id, older.id],
        "In progress": [started.id],
        "Done": [finished.id],
    }
    assert soup(Client(client.app).get("/")).find("a", href="/roadmap")


# --- merging ---------------------------------------------------------------------------


def test_merge_and_unmerge_through_the_pages_restore_every_count(client, session):
    duplicate, survivor = make_idea(session), make_idea(session)
    both = make_user(session)
    for idea in (duplicate, survivor):
        make_vote(session, idea=idea, user=both)
    make_vote(session, idea=duplicate)
    make_vote(session, idea=survivor)
    make_comment(session, idea=duplicate, body="Still worth reading")
    client.login(make_moderator(session))

    merged = client.submit(f"/mod/ideas/{duplicate.id}/merge", {"into": str(survivor.id)})

    assert merged.status_code == 303
    assert _fresh(session, Idea, survivor.id).vote_count == 3 == _vote_rows(session, survivor.id)
    page = soup(Client(client.app).get(f"/ideas/{duplicate.id}"))
    assert page.select_one(".notice a")["href"] == f"/ideas/{survivor.id}"
    assert "Still worth reading" in page.select_one("#comments").get_text()
    voter = Client(client.app).login(make_user(session))
    voter_page = soup(voter.get(f"/ideas/{duplicate.id}"))
    assert voter_page.select_one(".comment-form") is None
    assert voter_page.select_one(".vote form") is None
    assert "merged into" in voter_page.select_one(".vote__note").get_text()
    assert voter.submit(f"/ideas/{duplicate.id}/vote").status_code == 403
    assert voter.submit(f"/ideas/{duplicate.id}/comments", {"body": "Hi"}).status_code == 403

    undone = client.submit(f"/mod/ideas/{duplicate.id}/unmerge")

    assert undone.status_code == 303
    assert _fresh(session, Idea, duplicate.id).vote_count == 2 == _vote_rows(session, duplicate.id)
    assert _fresh(session, Idea, survivor.id).vote_count == 2 == _vote_rows(session, survivor.id)


def test_a_refused_merge_comes_back_with_the_reason_next_to_the_field(client, session):
    idea = make_idea(session)
    client.login(make_moderator(session))

    into_itself = client.submit(f"/mod/ideas/{idea.id}/merge", {"into": str(idea.id)})
    not_a_number = client.submit(f"/mod/ideas/{idea.id}/merge", {"into": "the other one"})

    assert into_itself.status_code == not_a_number.status_code == 422
    assert "itself" in field_error(soup(into_itself), "mod-into")
    assert field_value(soup(not_a_number), "mod-into") == "the other one"
    assert _fresh(session, Idea, idea.id).status == "open"


# --- reports ---------------------------------------------------------------------------


def _report(app, session, url: str, reporter=None, **data):
    reporter = reporter or make_user(session, established=True)
    return Client(app).login(reporter).submit(url, {"reason": "abusive", **data})


def test_three_reports_from_three_members_hide_an_idea_three_from_one_do_not(client, session):
    theme = make_theme(session)
    kept, hidden = make_idea(session, theme=theme), make_idea(session, theme=theme)
    persistent = make_user(session)

    for _ in range(3):
        response = _report(client.app, session, f"/ideas/{kept.id}/flag", reporter=persistent)
        assert response.status_code == 303
    answers = [_report(client.app, session, f"/ideas/{hidden.id}/flag") for _ in range(3)]

    assert _fresh(session, Idea, kept.id).hidden_at is None
    assert _fresh(session, Idea, hidden.id).hidden_at is not None
    assert answers[-1].headers["location"] == "/ideas"
    assert client.get(f"/ideas/{hidden.id}").status_code == 404
    assert _fresh(session, Theme, theme.id).idea_count == 1


def test_three_reports_from_three_members_hide_a_comment(client, session):
    idea = make_idea(session)
    comment = make_comment(session, idea=idea, body="Rude words here", stance="against")

    for _ in range(3):
        _report(client.app, session, f"/comments/{comment.id}/flag", note="Personal attack")

    page = soup(client.get(f"/ideas/{idea.id}"))
    assert "Rude words here" not in page.get_text()
    assert page.select_one("#comments h2 .count").get_text() == "(0)"
    moderator_view = soup(
        Client(client.app).login(make_moderator(session)).get(f"/ideas/{idea.id}")
    )
    hidden = moderator_view.find(id=f"comment-{comment.id}")
    assert "Rude words here" in hidden.get_text() and hidden.select_one(".badge--hidden")


def test_the_report_form_is_there_for_verified_members_and_remembers_a_report(client, session):
    idea = make_idea(session)
    comment = make_comment(session, idea=idea)
    member = make_user(session)
    client.login(member)

    page = soup(client.get(f"/ideas/{idea.id}"))
    assert page.select_one(f".idea__report form[action='/ideas/{idea.id}/flag']")
    assert page.select_one(f"form[action='/comments/{comment.id}/flag']")
    assert {i["value"] for i in page.select(".idea__report input[name=reason]")} == {
        "spam",
        "abusive",
        "off_topic",
        "other",
    }
    assert Client(client.app).get(f"/ideas/{idea.id}").text.count("/flag") == 0

    client.submit(f"/ideas/{idea.id}/flag", {"reason": "spam"})
    again = client.submit(f"/ideas/{idea.id}/flag", {"reason": "spam"})

    assert "already reported" in client.get(again.headers["location"]).text
    page = soup(client.get(f"/ideas/{idea.id}"))
    assert page.select_one(".idea__report form") is None
    assert "You have reported this idea" in page.select_one(".idea__report").get_text()


def test_a_report_without_a_reason_comes_back_open_with_the_note_kept(client, session):
    idea = make_idea(session)
    comment = make_comment(session, idea=idea)
    client.login(make_user(session))

    on_idea = client.submit(f"/ideas/{idea.id}/flag", {"note": "Looks like an advert"})
    on_comment = client.submit(f"/comments/{comment.id}/flag", {"reason": "nonsense", "note": "x"})

    assert on_idea.status_code == on_comment.status_code == 422
    page = soup(on_idea)
    assert page.select_one(".idea__report details").has_attr("open")
    assert field_error(page, "idea-reason") == "Choose why you are reporting this."
    assert field_value(page, "idea-note") == "Looks like an advert"
    assert field_error(soup(on_comment), f"comment-{comment.id}-reason")
    assert session.exec(select(Flag)).first() is None


def test_the_queue_shows_reports_in_context_and_dismiss_or_hide_resolves_them(client, session):
    moderator = make_moderator(session)
    idea = make_idea(session, title="Shared payroll for small charities")
    comment = make_comment(session, idea=idea, body="Buy cheap pills here")
    make_flag(session, idea=idea, reason="off_topic", note="Not about leadership")
    make_flag(session, comment=comment, reason="spam")
    client.login(moderator)

    queue = soup(client.get("/mod/flags"))

    idea_item = queue.find(id=f"flagged-idea-{idea.id}")
    comment_item = queue.find(id=f"flagged-comment-{comment.id}")
    assert "Not about leadership" in idea_item.get_text()
    assert "Off topic" in idea_item.get_text()
    assert "Buy cheap pills here" in comment_item.get_text()
    assert comment_item.find("a", href=f"/ideas/{idea.id}#comment-{comment.id}")

    dismissed = client.submit(f"/mod/flags/ideas/{idea.id}/dismiss", {"next": "/mod/flags"})
    hidden = client.submit(f"/mod/comments/{comment.id}/hide", {"next": "/mod/flags"})

    assert dismissed.headers["location"] == hidden.headers["location"] == "/mod/flags"
    assert soup(client.get("/mod/flags")).select(".flag-item") == []
    assert _fresh(session, Idea, idea.id).hidden_at is None
    assert _fresh(session, Comment, comment.id).hidden_at is not None
    resolutions = dict(session.exec(select(Flag.idea_id, Flag.resolution)).all())
    assert resolutions == {idea.id: "dismissed", None: "hidden"}


# --- hiding ----------------------------------------------------------------------------


def test_a_hidden_idea_is_gone_for_everyone_but_moderators_and_restore_brings_it_back(
    client, session
):
    theme = make_theme(session, name="Sharing resources")
    idea = make_idea(session, theme=theme, title="The idea that will be hidden")
    moderator_client = Client(client.app).login(make_moderator(session))
    member_client = Client(client.app).login(make_user(session))
    moderator_client.submit(f"/mod/ideas/{idea.id}/status", {"status": "planned"})

    assert moderator_client.submit(f"/mod/ideas/{idea.id}/hide").status_code == 303

    for viewer in (client, member_client):
        assert viewer.get(f"/ideas/{idea.id}").status_code == 404
        for path in ("/", "/ideas", f"/themes/{theme.slug}", "/roadmap", "/ideas?status=planned"):
            assert idea.title not in viewer.get(path).text, path
        assert "0 ideas" in soup(viewer.get("/themes")).get_text()
    assert member_client.submit(f"/ideas/{idea.id}/vote").status_code == 404
    shown = soup(moderator_client.get(f"/ideas/{idea.id}"))
    assert "only moderators can see it" in shown.select_one(".notice--hidden").get_text()

    assert moderator_client.submit(f"/mod/ideas/{idea.id}/restore").status_code == 303

    assert client.get(f"/ideas/{idea.id}").status_code == 200
    assert idea.title in client.get(f"/themes/{theme.slug}").text
    assert "1 idea" in soup(client.get("/themes")).get_text()
    assert idea.title in client.get("/roadmap").text


def test_hiding_a_comment_leaves_its_replies_under_a_marker(client, session):
    idea = make_idea(session)
    parent = make_comment(session, idea=idea, body="The hidden words", stance="against")
    make_comment(session, idea=idea, parent=parent, body="A reply that stays")
    moderator_client = Client(client.app).login(make_moderator(session))

    moderator_client.submit(f"/mod/comments/{parent.id}/hide")

    page = soup(client.get(f"/ideas/{idea.id}"))
    marker = page.find(id=f"comment-{parent.id}")
    assert marker.select_one(".comment__removed").get_text() == "Comment hidden by the moderators"
    assert "The hidden words" not in page.get_text()
    assert "A reply that stays" in marker.get_text()
    assert "Against 0" in page.select_one(".tally").get_text(" ", strip=True)

    moderator_client.submit(f"/mod/comments/{parent.id}/restore")
    assert "The hidden words" in client.get(f"/ideas/{idea.id}").text


# --- pins ------------------------------------------------------------------------------


def _card_ids(page) -> list[int]:
    return [int(li["id"].removeprefix("idea-")) for li in page.select("li.idea-card")]


def test_pinned_ideas_lead_the_landing_and_theme_pages_and_pages_stay_complete(client, session):
    theme, author = make_theme(session), make_user(session)
    created = [make_idea(session, theme=theme, author=author) for _ in range(25)]
    pinned = [created[3], created[20]]
    client.login(make_moderator(session))
    for idea in pinned:
        assert client.submit(f"/mod/ideas/{idea.id}/pin").status_code == 303

    first = soup(client.get(f"/themes/{theme.slug}?sort=new"))
    block = _card_ids(first.select_one("section.pinned"))
    listed = _card_ids(first.select_one("#idea-list"))
    more = first.find(id="load-more").a["href"]
    rest = _card_ids(soup(client.get(more)))
    fragment = client.get(more, headers={"HX-Request": "true"})

    assert sorted(block) == sorted(idea.id for idea in pinned)
    assert (len(listed), len(rest)) == (20, 3)
    everything = block + listed + rest
    assert sorted(everything) == sorted(idea.id for idea in created), "complete, no repeats"
    assert not is_full_page(fragment) and _card_ids(soup(fragment)) == rest
    landing = soup(client.get("/"))
    sections = landing.select("main section")
    assert sections[1].h2.get_text() == "Pinned by the moderators"
    assert sorted(_card_ids(sections[1])) == sorted(block)
    assert sections[3].h2.get_text() == "Trending ideas"
    assert not set(_card_ids(sections[3])) & set(block)


def test_the_report_threshold_comes_from_the_settings(client, session, settings):
    settings.flag_threshold = 1
    idea = make_idea(session)

    response = _report(client.app, session, f"/ideas/{idea.id}/flag")

    assert response.headers["location"] == "/ideas"
    assert _fresh(session, Idea, idea.id).hidden_at is not None


def test_the_idea_page_with_every_form_has_unique_ids_and_labelled_fields(client, session):
    idea = make_idea(session)
    parent = make_comment(session, idea=idea)
    make_comment(session, idea=idea, parent=parent)
    make_comment(session, idea=idea)
    moderator = make_moderator(session)
    make_comment(session, idea=idea, author=moderator)

    page = soup(client.login(moderator).get(f"/ideas/{idea.id}"))

    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for field in page.select("input:not([type=hidden]), select, textarea"):
        labelled = field.find_parent("label") or page.find("label", attrs={"for": field.get("id")})
        assert labelled, field
