"""The site itself: the pages that build trust, agreeing to them, the first run (no
themes, no admin) and the site settings admins change at /mod/settings."""

import re

from sqlmodel import select

from app.models import AuditEvent, Idea, PageAgreement, Role, Theme, User
from app.services.site import first_admin, pages
from app.services.site.settings import contrast, dark_variant, worst_contrast
from tests.conftest import TEST_CSRF, Client, link_in
from tests.dbstate import Statements
from tests.factories import PASSWORD, make_admin, make_theme, make_user
from tests.pages import field_error, field_value, soup

TRUST_PAGES = ("/about", "/privacy", "/code-of-conduct", "/accessibility", "/contact")
SIGN_UP = {
    "email": "amara.okafor@example.org",
    "password": PASSWORD,
    "display_name": "Amara Okafor",
    "organisation": "Riverside Youth Trust",
}
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def _settings_form(**changes) -> dict:
    return {"name": "", "tagline": "", "landing_intro": "", "accent": "", "accent_dark": "",
            "footer_links": "", "contact_email": "", "roadmap_label": "", **changes}  # fmt: skip


# --- first run -------------------------------------------------------------------------


def test_a_fresh_forum_takes_a_members_idea_with_no_admin_action(client, session, mailbox):
    """No demo, no themes, no admin: a newcomer signs up, confirms, and proposes."""
    assert session.exec(select(Theme)).first() is None
    assert client.submit("/signup", SIGN_UP).status_code == 303
    [mail] = mailbox()
    confirm = link_in(mail).removeprefix("http://testserver")
    assert client.submit(confirm).status_code == 303  # confirmed and signed in

    form = soup(client.get("/ideas/new"))
    assert form.find(id="f-title") is not None
    assert form.find(id="f-theme") is None  # nothing to choose from, so nothing asked

    token = form.find("input", attrs={"name": "csrf_token"})["value"]  # new at sign-in
    posted = client.submit(
        "/ideas", {"title": "A shared pool of mentors", "body": "Pool them.", "csrf_token": token}
    )
    assert posted.status_code == 303
    idea = session.exec(select(Idea)).one()
    theme = session.get(Theme, idea.theme_id)
    assert (theme.name, theme.slug, theme.idea_count) == ("General", "general", 1)
    assert client.get(posted.headers["location"]).status_code == 200
    assert "A shared pool of mentors" in client.get("/themes/general").text


def test_once_themes_exist_an_idea_must_choose_one(client, session):
    make_theme(session, slug="funding", name="Funding")
    client.login(make_user(session))

    refused = client.submit("/ideas", {"title": "A shared pool of mentors", "body": ""})
    assert refused.status_code == 422
    assert field_error(soup(refused), "theme")
    assert field_value(soup(refused), "title") == "A shared pool of mentors"


def test_with_no_admin_the_server_prints_a_set_up_link_that_works_once(app, session, capsys):
    with Client(app) as client:
        printed = capsys.readouterr().out
        [link] = re.findall(r"http://testserver(/setup/\S+)", printed)
        form = client.get(link)
        assert form.status_code == 200

        bad = client.submit(link, {**SIGN_UP, "password": "short"})
        assert bad.status_code == 422
        assert field_error(soup(bad), "password")
        assert field_value(soup(bad), "display_name") == "Amara Okafor"

        made = client.submit(link, SIGN_UP)
        assert made.status_code == 303
        assert made.headers["location"] == "/mod/settings"
        admin = session.exec(select(User).where(User.email == SIGN_UP["email"])).one()
        assert admin.role == Role.admin and admin.is_verified
        assert client.get("/mod/settings").status_code == 200  # signed in as the admin

        assert client.get(link).status_code == 404
        again = Client(app).submit(link, {**SIGN_UP, "email": "someone@example.org"})
        assert again.status_code == 404
        assert session.exec(select(User).where(User.role == Role.admin)).all() == [admin]
        actions = session.exec(select(AuditEvent.action).where(AuditEvent.actor_id == admin.id))
        assert "site.first_admin" in actions.all()


def test_a_forged_set_up_link_is_a_404_and_none_is_printed_once_an_admin_exists(
    app, session, capsys
):
    with Client(app) as client:
        assert client.get("/setup/forged.token").status_code == 404
    make_admin(session)
    capsys.readouterr()
    with Client(app):
        assert "/setup/" not in capsys.readouterr().out
    assert first_admin.link_if_no_admin(app.state.engine, app.state.settings) is None


# --- the pages that build trust --------------------------------------------------------


def test_the_trust_pages_are_linked_from_every_footer_and_from_sign_up(client, session):
    footer = soup(client.get("/")).find("footer")
    assert {a["href"] for a in footer.find_all("a")} >= set(TRUST_PAGES)
    for path in TRUST_PAGES:
        page = soup(client.get(path))
        assert page.find("h1").get_text(strip=True)
        assert page.find(class_="prose").find(["p", "h2"]) is not None  # Markdown, rendered
    signup = soup(client.get("/signup")).find("form", action="/signup")
    assert {a["href"] for a in signup.find_all("a")} >= {"/privacy", "/code-of-conduct"}


def test_the_privacy_notice_covers_what_uk_gdpr_asks(client, session):
    text = soup(client.get("/privacy")).find("main").get_text(" ")
    for needed in ("controller", "lawful basis", "How long we keep it", "Your rights",
                   "Information Commissioner"):  # fmt: skip
        assert needed.lower() in text.lower(), needed


def test_the_accessibility_statement_says_what_the_page_judges_check(client, session):
    main = soup(client.get("/accessibility")).find("main")
    assert main.find("h2", string="How we check")
    assert "axe-core" in main.get_text()
    assert "Nu HTML Checker" in main.get_text()


def test_sign_up_records_agreement_to_the_current_versions(client, session):
    admin = make_admin(session)
    pages.publish(session=session, actor=admin, slug="code-of-conduct", title="Code of conduct",
                  body="Be kind.", asks_again=False)  # fmt: skip
    client.submit("/signup", SIGN_UP)

    member = session.exec(select(User).where(User.email == SIGN_UP["email"])).one()
    agreed = {row.slug: row for row in session.exec(select(PageAgreement)).all()}
    assert {slug: row.version for slug, row in agreed.items()} == {
        "code-of-conduct": 2,
        "privacy": 1,
    }
    assert all(row.user_id == member.id and row.agreed_at for row in agreed.values())


def test_a_changed_version_that_asks_again_asks_members_once(app, client, session):
    admin, member = make_admin(session), make_user(session)
    pages.record_sign_up_agreement(session, member.id)
    session.commit()
    client.login(member)
    assert soup(client.get("/themes")).find(attrs={"aria-label": "Changed terms"}) is None

    # A correction that does not ask: nobody is asked.
    pages.publish(session=session, actor=admin, slug="code-of-conduct", title="Code of conduct",
                  body="Be kind, mostly.", asks_again=False)  # fmt: skip
    assert soup(client.get("/themes")).find(attrs={"aria-label": "Changed terms"}) is None

    pages.publish(session=session, actor=admin, slug="code-of-conduct", title="Code of conduct",
                  body="Be kind. No advertising.", asks_again=True)  # fmt: skip
    banner = soup(client.get("/themes")).find(attrs={"aria-label": "Changed terms"})
    assert banner is not None
    assert banner.find("a")["href"] == "/code-of-conduct"

    agreed = client.submit("/agree", {"next": "/themes"})
    assert agreed.status_code == 303 and agreed.headers["location"] == "/themes"
    assert soup(client.get("/themes")).find(attrs={"aria-label": "Changed terms"}) is None
    versions = session.exec(
        select(PageAgreement.version).where(
            PageAgreement.user_id == member.id, PageAgreement.slug == "code-of-conduct"
        )
    ).all()
    assert sorted(versions) == [1, 3]
    # A newcomer who signed up after it is not asked.
    newcomer = make_user(session)
    pages.record_sign_up_agreement(session, newcomer.id)
    session.commit()
    other = Client(app).login(newcomer)
    assert soup(other.get("/themes")).find(attrs={"aria-label": "Changed terms"}) is None


def test_an_admin_edits_a_page_and_the_old_version_is_kept(client, session):
    admin = make_admin(session)
    client.login(admin)
    assert client.get("/privacy").status_code == 200  # cached for visitors

    refused = client.submit("/mod/pages/privacy", {"title": "Privacy notice", "body": "  "})
    assert refused.status_code == 422
    assert field_error(soup(refused), "body")
    assert field_value(soup(refused), "title") == "Privacy notice"

    body = "## Who we are\n\nRiverside Trust, {site_name}. Write to {contact_email}."
    published = client.submit("/mod/pages/privacy", {"title": "How we use your data", "body": body})
    assert published.status_code == 303
    page = soup(Client(client.app).get("/privacy"))
    assert page.find("h1").get_text() == "How we use your data"
    assert page.find("h2", string="Who we are")
    assert "Riverside Trust, Common Ground." in page.find(class_="prose").get_text()
    history = soup(client.get("/mod/pages/privacy")).find(id="history-title").find_next("ol")
    assert len(history.find_all("li")) == 2
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "page.publish")).one()
    assert event.actor_id == admin.id and event.after["version"] == 2


def test_only_admins_edit_pages_and_unknown_pages_are_404(client, session):
    client.login(make_user(session, role=Role.moderator))
    assert client.get("/mod/pages").status_code == 403
    assert client.submit("/mod/pages/privacy", {"title": "x", "body": "y"}).status_code == 403
    client.login(make_admin(session))
    assert client.get("/mod/pages/terms-of-sale").status_code == 404
    assert client.submit("/mod/pages/terms-of-sale", {"title": "x", "body": "y"}).status_code == 404


# --- site settings ---------------------------------------------------------------------


def test_site_settings_show_on_every_page_and_refresh_the_page_caches(app, client, session):
    visitor = Client(app)
    assert "Common Ground" in soup(visitor.get("/")).find("title").get_text()  # now cached
    admin = make_admin(session)
    client.login(admin)

    saved = client.submit("/mod/settings", _settings_form(
        name="Voice of the Sector", tagline="The sector's shared agenda.",
        landing_intro="Run by **Riverside Trust** for 2027.", roadmap_label="What we are doing",
        contact_email="Hello@Riverside.example", footer_links="Riverside Trust | https://riverside.example",
    ))  # fmt: skip
    assert saved.status_code == 303

    landing = soup(visitor.get("/"))
    assert landing.find("title").get_text() == "Voice of the Sector"
    assert landing.find(class_="site-header__brand").get_text(strip=True) == "Voice of the Sector"
    assert landing.find("meta", attrs={"name": "description"})["content"].endswith(
        "The sector's shared agenda."
    )
    assert landing.find(class_="hero").find("strong").get_text() == "Riverside Trust"
    assert landing.find("a", href="/roadmap").get_text() == "What we are doing"
    assert landing.find("footer").find("a", href="https://riverside.example").get_text() == (
        "Riverside Trust"
    )
    assert "hello@riverside.example" in visitor.get("/contact").text
    assert soup(visitor.get("/roadmap")).find("h1").get_text() == "What we are doing"
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "site.settings")).one()
    assert event.actor_id == admin.id
    assert event.before["name"] == "" and event.after["name"] == "Voice of the Sector"


def test_an_accent_without_aa_contrast_is_refused_with_the_input_kept(client, session):
    client.login(make_admin(session))
    refused = client.submit("/mod/settings", _settings_form(name="Kept", accent="#7fd8bd"))
    assert refused.status_code == 422
    page = soup(refused)
    assert "contrast" in field_error(page, "accent")
    assert field_value(page, "accent") == "#7fd8bd"
    assert field_value(page, "name") == "Kept"

    dark = client.submit("/mod/settings", _settings_form(accent="#0b5d4b", accent_dark="#0b5d4b"))
    assert dark.status_code == 422
    assert "dark scheme" in field_error(soup(dark), "accent_dark")
    assert client.submit("/mod/settings", _settings_form(accent="nonsense")).status_code == 422
    for form in (
        _settings_form(accent_dark="nonsense"),
        _settings_form(accent="x", accent_dark="y"),
    ):
        answer = client.submit("/mod/settings", form)
        assert answer.status_code == 422, "a colour that is not one is an error, not a 500"
        assert "Enter a colour" in field_error(soup(answer), "accent_dark")

    assert client.submit("/mod/settings", _settings_form(accent="#6A1B9A")).status_code == 303
    page = soup(client.get("/ideas"))
    sheet = page.find("link", href=re.compile(r"^/site/style\.css"))
    css = client.get(sheet["href"]).text
    assert "--brand: #6a1b9a" in css
    dark_accent = re.search(r"prefers-color-scheme: dark.*--brand: (#[0-9a-f]{6})", css, re.S)[1]
    assert worst_contrast(dark_accent, dark=True) >= 4.5


def test_contrast_is_wcag_s():
    assert round(contrast("#000000", "#ffffff"), 2) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54
    assert worst_contrast("#0b5d4b", dark=False) >= 4.5  # the shipped accent passes
    assert worst_contrast(dark_variant("#0b5d4b"), dark=True) >= 4.5


def test_a_logo_is_uploaded_shown_and_svg_refused(client, session):
    client.login(make_admin(session))
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    form = {"csrf_token": TEST_CSRF, **_settings_form()}
    refused = client.post(
        "/mod/settings", data=form, files={"logo": ("a.svg", svg, "image/svg+xml")}
    )
    assert refused.status_code == 422
    assert field_error(soup(refused), "logo")

    form = {"csrf_token": TEST_CSRF, **_settings_form(logo_alt="Riverside Trust")}
    saved = client.post("/mod/settings", data=form, files={"logo": ("a.png", PNG, "image/png")})
    assert saved.status_code == 303
    brand = soup(Client(client.app).get("/")).find(class_="site-header__brand")
    image = brand.find("img")
    assert image["alt"] == "Riverside Trust"
    served = client.get(image["src"])
    assert served.content == PNG and served.headers["content-type"] == "image/png"

    removed = client.submit("/mod/settings", _settings_form(remove_logo="on"))
    assert removed.status_code == 303
    assert soup(client.get("/")).find(class_="site-header__brand").find("img") is None


def test_bad_settings_come_back_with_each_fields_error(client, session):
    client.login(make_admin(session))
    refused = client.submit("/mod/settings", _settings_form(
        contact_email="not an address", footer_links="no bar here", logo_url="ftp://x",
    ))  # fmt: skip
    assert refused.status_code == 422
    page = soup(refused)
    assert field_error(page, "contact_email")
    assert field_error(page, "footer_links")
    assert field_value(page, "footer_links") == "no bar here"


def test_only_admins_reach_the_site_settings(client, session):
    assert client.get("/mod/settings").status_code in (303, 401)
    client.login(make_user(session, role=Role.moderator))
    assert client.get("/mod/settings").status_code == 403
    assert client.submit("/mod/settings", _settings_form(name="Mine")).status_code == 403


def test_pages_read_the_site_settings_once_per_write(client, session, engine):
    """Every page shows the settings, but reads them (and whether a page asks members to
    agree again) once per page generation, not once per request."""
    client.login(make_user(session))
    client.get("/settings")
    with Statements(engine) as statements:
        assert client.get("/settings").status_code == 200
    read = [s for s in statements.seen if "site_settings" in s or "site_page_version" in s]
    assert read == []
