"""Curating themes through the pages: create, edit, reorder, archive, merge, move ideas."""

from sqlmodel import select

from app.models import Idea, Theme
from tests.factories import make_idea, make_moderator, make_theme, make_user
from tests.pages import field_error, field_value, soup


def _fresh(session, model, row_id):
    session.expire_all()
    return session.get(model, row_id)


def test_create_a_theme_with_an_address_made_from_its_name(client, session):
    client.login(make_moderator(session))

    response = client.submit(
        "/mod/themes",
        {"name": "Funding & money", "slug": "", "description": "How **we** pay for it."},
    )

    assert response.status_code == 303
    theme = session.exec(select(Theme)).one()
    assert (theme.slug, theme.name) == ("funding-money", "Funding & money")
    public = soup(client.get("/themes/funding-money"))
    assert public.select_one(".prose strong").get_text() == "we"
    assert public.find("a", string="Curate this theme")["href"] == f"/mod/themes/{theme.id}"


def test_a_theme_form_with_problems_comes_back_with_input_kept(client, session):
    taken = make_theme(session, slug="taken")
    client.login(make_moderator(session))

    created = client.submit(
        "/mod/themes", {"name": "X", "slug": "Not A Slug!", "description": "Kept words"}
    )
    duplicate = client.submit(f"/mod/themes/{taken.id}", {"name": "Fine name", "slug": "taken"})
    make_theme(session, slug="other")
    edited = client.submit(
        f"/mod/themes/{taken.id}", {"name": "Fine name", "slug": "other", "description": "Mine"}
    )

    assert created.status_code == edited.status_code == 422
    page = soup(created)
    assert field_error(page, "name") and field_error(page, "slug")
    assert field_value(page, "slug") == "Not A Slug!"
    assert field_value(page, "description") == "Kept words"
    assert page.select_one(".error-summary a[href='#f-slug']")
    assert duplicate.status_code == 303, "a theme keeps its own address"
    assert "Another theme" in field_error(soup(edited), "slug")
    assert field_value(soup(edited), "description") == "Mine"
    assert len(session.exec(select(Theme)).all()) == 2


def test_reorder_and_archive_themes(client, session):
    first, second = make_theme(session, name="First"), make_theme(session, name="Second")
    author = make_user(session)
    idea = make_idea(session, theme=second, author=author)
    client.login(make_moderator(session))

    client.submit(f"/mod/themes/{second.id}/reorder", {"direction": "up"})
    order = [h.get_text(strip=True) for h in soup(client.get("/themes")).select(".theme-card h2")]
    assert order == ["Second", "First"]

    assert client.submit(f"/mod/themes/{second.id}/archive").status_code == 303

    author_client = client.__class__(client.app).login(author)
    form = soup(author_client.get("/ideas/new"))
    assert [o["value"] for o in form.select("#f-theme option") if o["value"]] == [first.slug]
    cards = soup(client.get("/themes")).select(".theme-card h2")
    assert [card.get_text(strip=True) for card in cards] == ["First"]
    kept = soup(author_client.get(f"/ideas/{idea.id}"))
    assert kept.select_one(".breadcrumbs").find("a", href=f"/themes/{second.slug}")
    assert "archived" in soup(client.get(f"/themes/{second.slug}")).select_one(".notice").get_text()
    edit = soup(author_client.get(f"/ideas/{idea.id}/edit"))
    assert field_value(edit, "theme") == second.slug, "its author can keep it there"

    client.submit(f"/mod/themes/{second.id}/unarchive")
    assert len(soup(client.get("/themes")).select(".theme-card")) == 2


def test_merge_a_theme_into_another(client, session):
    source, target = make_theme(session, name="Old"), make_theme(session, name="New")
    ideas = [make_idea(session, theme=source) for _ in range(2)]
    client.login(make_moderator(session))

    refused = client.submit(f"/mod/themes/{source.id}/merge", {"into": ""})
    merged = client.submit(f"/mod/themes/{source.id}/merge", {"into": target.slug})

    assert refused.status_code == 422 and field_error(soup(refused), "merge-into")
    assert merged.status_code == 303
    assert all(_fresh(session, Idea, i.id).theme_id == target.id for i in ideas)
    assert _fresh(session, Theme, target.id).idea_count == 2
    notice = soup(client.get(f"/themes/{source.slug}")).select_one(".notice")
    assert notice.find("a", href=f"/themes/{target.slug}")


def test_move_ideas_in_bulk_and_one_at_a_time(client, session):
    source, target = make_theme(session), make_theme(session, slug="target")
    ideas = [make_idea(session, theme=source) for _ in range(3)]
    client.login(make_moderator(session))

    page = soup(client.get(f"/mod/themes/{source.id}"))
    boxes = page.select("input[type=checkbox][name=idea_ids]")
    assert sorted(int(b["value"]) for b in boxes) == sorted(i.id for i in ideas)
    none_ticked = client.submit(f"/mod/themes/{source.id}/move-ideas", {"theme": "target"})
    no_target = client.submit(
        f"/mod/themes/{source.id}/move-ideas", {"idea_ids": [str(ideas[0].id)], "theme": ""}
    )
    moved = client.submit(
        f"/mod/themes/{source.id}/move-ideas",
        {"idea_ids": [str(ideas[0].id), str(ideas[1].id)], "theme": "target"},
    )
    one = client.submit(f"/mod/ideas/{ideas[2].id}/theme", {"theme": "target"})
    bad = client.submit(f"/mod/ideas/{ideas[2].id}/theme", {"theme": "nowhere"})

    assert none_ticked.status_code == no_target.status_code == bad.status_code == 422
    assert field_error(soup(none_ticked), "idea_ids") == "Tick the ideas to move."
    kept = soup(no_target).find("input", attrs={"value": str(ideas[0].id), "name": "idea_ids"})
    assert kept.has_attr("checked") and field_error(soup(no_target), "move-theme")
    assert field_error(soup(bad), "mod-theme")
    assert moved.status_code == one.status_code == 303
    assert all(_fresh(session, Idea, i.id).theme_id == target.id for i in ideas)
    assert _fresh(session, Theme, source.id).idea_count == 0
    assert _fresh(session, Theme, target.id).idea_count == 3
