from sqlmodel import select

from app.models import Comment, Idea, Vote
from tests.factories import make_comment, make_idea, make_theme, make_user
from tests.pages import field_error, field_value, is_full_page, soup


def test_idea_list_shows_ideas_with_sorts_and_filters(client, session):
    theme = make_theme(session, name="Sharing resources")
    idea = make_idea(session, theme=theme, title="Shared payroll for small charities")

    page = soup(client.get("/ideas"))

    assert page.h1.get_text(strip=True) == "Ideas"
    card = page.find(id=f"idea-{idea.id}")
    assert card.find("a", href=f"/ideas/{idea.id}").get_text(strip=True) == idea.title
    assert "Sharing resources" in card.get_text()
    for sort in ("trending", "top", "new", "discussed"):
        assert page.find("option", value=sort)
        assert client.get(f"/ideas?sort={sort}").status_code == 200
    assert client.get(f"/ideas?theme={theme.slug}&status=open").status_code == 200


def test_unknown_theme_filter_is_a_404(client, engine):
    assert client.get("/ideas?theme=no-such-theme").status_code == 404


def test_load_more_works_as_a_plain_link_and_as_an_htmx_fragment(client, session):
    theme, author = make_theme(session), make_user(session)
    created = [
        make_idea(session, theme=theme, author=author, title=f"Idea number {n:02}")
        for n in range(25)
    ]

    first = client.get("/ideas?sort=new")
    more = soup(first).find(id="load-more").a
    assert more["href"] == more["data-hx-get"]
    assert len(soup(first).select("#idea-list > li")) == 20

    plain = client.get(more["href"])
    fragment = client.get(more["href"], headers={"HX-Request": "true"})

    assert is_full_page(plain)
    assert not is_full_page(fragment)
    shown = [int(li["id"].removeprefix("idea-")) for li in soup(fragment).select("li.idea-card")]
    assert shown == [idea.id for idea in reversed(created[:5])]
    # The fragment replaces the "Load more" link out of band: no more pages here.
    oob = soup(fragment).find(id="load-more")
    assert oob["data-hx-swap-oob"] == "true" and oob.a is None
    assert fragment.headers["vary"].lower().count("hx-request") == 1


def test_history_restore_gets_the_full_page(client, session):
    make_idea(session)
    response = client.get(
        "/ideas?cursor=x", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert response.status_code == 422 and is_full_page(response)


def test_idea_page_shows_the_idea_its_author_and_the_debate(client, session):
    author = make_user(session, display_name="Joanne Fletcher", organisation="Brackenfield CVS")
    idea = make_idea(
        session, author=author, body="Pool **training** budgets. [See](https://example.org)"
    )
    make_comment(session, idea=idea, stance="for")
    make_comment(session, idea=idea, stance="against")

    page = soup(client.get(f"/ideas/{idea.id}"))

    assert page.h1.get_text(strip=True) == idea.title
    assert page.find("strong", string="training")
    assert page.select_one(".prose a[href='https://example.org']")["rel"] == [
        "nofollow",
        "ugc",
        "noopener",
    ]
    assert "Brackenfield CVS" in page.get_text()
    tally = page.select_one(".tally").get_text(" ", strip=True)
    assert "For 1" in tally and "Against 1" in tally
    assert len(page.select(".comment")) == 2


def test_missing_idea_is_a_friendly_404(client, engine):
    for path in ("/ideas/424242", "/ideas/not-a-number", "/themes/nope", "/no/such/page"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert soup(response).h1.get_text(strip=True) == "Page not found"
        assert "Traceback" not in response.text


def test_new_idea_form_needs_a_signed_in_member(client, session):
    response = client.get("/ideas/new")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fideas%2Fnew"


def test_propose_an_idea(client, session):
    theme = make_theme(session)
    client.login(make_user(session))

    form = soup(client.get(f"/ideas/new?theme={theme.slug}"))
    assert field_value(form, "theme") == theme.slug
    response = client.submit(
        "/ideas",
        {"title": "Shared HR advice line", "body": "One line for all.", "theme": theme.slug},
    )

    assert response.status_code == 303
    idea = session.exec(select(Idea)).one()
    assert response.headers["location"] == f"/ideas/{idea.id}"
    assert "Your idea is posted" in client.get(response.headers["location"]).text


def test_new_idea_with_problems_comes_back_with_input_kept(client, session):
    make_theme(session)
    client.login(make_user(session))

    response = client.submit(
        "/ideas", {"title": "Hm", "body": "My carefully written details", "theme": ""}
    )

    assert response.status_code == 422
    page = soup(response)
    assert field_error(page, "title") and field_error(page, "theme")
    assert field_error(page, "body") is None
    assert field_value(page, "title") == "Hm"
    assert field_value(page, "body") == "My carefully written details"
    assert page.select_one(".error-summary a[href='#f-title']")
    assert session.exec(select(Idea)).first() is None


def test_author_edits_their_idea_and_the_edit_time_shows(client, session):
    author = make_user(session)
    idea = make_idea(session, author=author)
    theme_slug = (
        soup(client.login(author).get(f"/ideas/{idea.id}/edit"))
        .find(id="f-theme")
        .find("option", selected=True)["value"]
    )

    response = client.submit(
        f"/ideas/{idea.id}/edit",
        {"title": "A sharper title", "body": "New details", "theme": theme_slug},
    )

    assert response.status_code == 303
    page = soup(client.get(f"/ideas/{idea.id}"))
    assert page.h1.get_text(strip=True) == "A sharper title"
    assert "edited" in page.select_one(".meta").get_text()


def test_edit_with_problems_keeps_input(client, session):
    author = make_user(session)
    idea = make_idea(session, author=author)
    client.login(author)

    response = client.submit(
        f"/ideas/{idea.id}/edit", {"title": "", "body": "kept", "theme": "gone"}
    )

    assert response.status_code == 422
    assert field_value(soup(response), "body") == "kept"


def test_another_member_cannot_edit_an_idea(client, session):
    idea = make_idea(session)
    client.login(make_user(session))

    assert client.get(f"/ideas/{idea.id}/edit").status_code == 403
    response = client.submit(
        f"/ideas/{idea.id}/edit", {"title": "Taken over by B", "body": "", "theme": "x"}
    )

    assert response.status_code == 403
    session.refresh(idea)
    assert idea.title != "Taken over by B"


def test_vote_with_htmx_swaps_the_button(client, session):
    idea = make_idea(session)
    client.login(make_user(session))

    response = client.submit(f"/ideas/{idea.id}/vote", {"next": "/ideas"}, htmx=True)

    assert response.status_code == 200
    assert not is_full_page(response)
    button = soup(response).select_one(".vote")
    assert "vote--voted" in button["class"]
    assert button.select_one(".vote__count strong").get_text() == "1"
    assert button.form["action"] == f"/ideas/{idea.id}/unvote"
    assert button.form.find("input", attrs={"name": "next"})["value"] == "/ideas"

    undone = soup(client.submit(f"/ideas/{idea.id}/unvote", {"next": "/ideas"}, htmx=True))
    assert undone.select_one(".vote__count strong").get_text() == "0"
    assert undone.form["action"] == f"/ideas/{idea.id}/vote"


def test_vote_without_javascript_redirects_to_a_local_page_only(client, session):
    idea = make_idea(session)
    client.login(make_user(session))

    back = client.submit(f"/ideas/{idea.id}/vote", {"next": "/ideas?sort=top"})
    for hostile in (
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "/\t/evil.example",
    ):
        away = client.submit(f"/ideas/{idea.id}/vote", {"next": hostile})
        assert away.headers["location"] == f"/ideas/{idea.id}", hostile

    assert back.status_code == 303
    assert back.headers["location"] == f"/ideas?sort=top#idea-{idea.id}", "back at its card"
    session.refresh(idea)
    assert idea.vote_count == 1
    assert len(session.exec(select(Vote)).all()) == 1


def test_anonymous_vote_goes_to_sign_in(client, session):
    idea = make_idea(session)

    page = soup(client.get(f"/ideas/{idea.id}"))
    assert page.select_one(".vote a")["href"] == f"/login?next=%2Fideas%2F{idea.id}"
    assert client.submit(f"/ideas/{idea.id}/vote").status_code == 303
    session.refresh(idea)
    assert idea.vote_count == 0


def test_comment_with_htmx_returns_the_debate_section(client, session):
    idea = make_idea(session)
    client.login(make_user(session, display_name="Priya Shah"))

    response = client.submit(
        f"/ideas/{idea.id}/comments",
        {"body": "We tried this in Bradford.", "stance": "for"},
        htmx=True,
    )

    assert response.status_code == 200 and not is_full_page(response)
    section = soup(response).find(id="comments")
    assert "We tried this in Bradford." in section.get_text()
    assert "For 1" in section.select_one(".tally").get_text(" ", strip=True)
    assert field_value(section, "new-comment") == "", "the form is fresh after posting"


def test_comment_without_javascript_redirects_to_the_new_comment(client, session):
    idea = make_idea(session)
    client.login(make_user(session))

    response = client.submit(f"/ideas/{idea.id}/comments", {"body": "Agreed.", "stance": "neutral"})

    comment = session.exec(select(Comment)).one()
    assert response.status_code == 303
    assert response.headers["location"] == f"/ideas/{idea.id}#comment-{comment.id}"


def test_empty_comment_comes_back_with_its_error(client, session):
    idea = make_idea(session)
    client.login(make_user(session))

    plain = client.submit(f"/ideas/{idea.id}/comments", {"body": " ", "stance": "against"})
    htmx = client.submit(f"/ideas/{idea.id}/comments", {"body": "", "stance": "against"}, htmx=True)

    assert plain.status_code == htmx.status_code == 422
    assert field_error(soup(plain), "new-comment")
    assert (
        soup(plain).find("input", attrs={"name": "stance", "value": "against"}).has_attr("checked")
    )
    assert not is_full_page(htmx) and field_error(soup(htmx), "new-comment")
    assert session.exec(select(Comment)).first() is None


def test_reply_appears_under_its_comment(client, session):
    idea = make_idea(session)
    parent = make_comment(session, idea=idea)
    client.login(make_user(session))

    client.submit(
        f"/ideas/{idea.id}/comments",
        {"body": "A reply", "stance": "neutral", "parent_id": str(parent.id)},
    )

    page = soup(client.get(f"/ideas/{idea.id}"))
    replies = page.find(id=f"comment-{parent.id}").select(".comment--reply")
    assert [r.select_one(".prose").get_text(strip=True) for r in replies] == ["A reply"]


def test_author_edits_and_deletes_a_comment(client, session):
    idea = make_idea(session)
    author = make_user(session)
    comment = make_comment(session, idea=idea, author=author, stance="for")
    make_comment(session, idea=idea, parent=comment)
    client.login(author)

    edited = client.submit(
        f"/comments/{comment.id}/edit", {"body": "Changed my mind", "stance": "against"}, htmx=True
    )
    assert "Changed my mind" in soup(edited).find(id=f"comment-{comment.id}").get_text()

    deleted = client.submit(f"/comments/{comment.id}/delete")
    assert deleted.status_code == 303
    page = soup(client.get(f"/ideas/{idea.id}"))
    assert page.find(id=f"comment-{comment.id}").select_one(".comment__removed")
    assert "Changed my mind" not in page.get_text()


def test_editing_a_comment_empty_keeps_its_form_open_with_the_error(client, session):
    idea = make_idea(session)
    author = make_user(session)
    comment = make_comment(session, idea=idea, author=author)
    client.login(author)

    response = client.submit(f"/comments/{comment.id}/edit", {"body": "", "stance": "for"})

    assert response.status_code == 422
    page = soup(response)
    assert field_error(page, f"edit-{comment.id}")
    assert page.find(id=f"comment-{comment.id}").details.has_attr("open")


def test_another_member_cannot_edit_or_delete_a_comment(client, session):
    idea = make_idea(session)
    comment = make_comment(session, idea=idea, body="Original words")
    client.login(make_user(session))

    assert client.submit(f"/comments/{comment.id}/edit", {"body": "Forged"}).status_code == 403
    assert client.submit(f"/comments/{comment.id}/delete").status_code == 403
    session.refresh(comment)
    assert comment.body == "Original words" and comment.deleted_at is None


def test_themes_and_landing(client, session):
    theme = make_theme(session, name="Inclusive access")
    idea = make_idea(session, theme=theme, title="Bursaries for rural leaders")

    landing = soup(client.get("/"))
    themes = soup(client.get("/themes"))
    theme_page = soup(client.get(f"/themes/{theme.slug}"))

    assert landing.find("a", href=f"/themes/{theme.slug}")
    assert "1 idea" in landing.get_text()
    assert landing.find("a", href=f"/ideas/{idea.id}")
    assert landing.find("a", href="/signup")
    assert themes.find("a", string="Inclusive access")
    assert theme_page.h1.get_text(strip=True) == "Inclusive access"
    assert theme_page.find(id=f"idea-{idea.id}")


def test_healthz(client, engine):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.text == "ok"
