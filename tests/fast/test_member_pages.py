"""Signed-in list pages: rendered once for all members, filled in per member, and served
before the app runs when stored (app/fast/member_pages.py)."""

import gzip

import pytest
from sqlalchemy import text

from app.fast.member_pages import MemberPage, StandInMember, _cut, slot_values
from app.models import Notification, Role, UserState, utcnow
from app.security import CSRF_COOKIE, signer
from app.services.ideas import votes
from app.web.templating import FLASH_COOKIE
from tests.conftest import TEST_SECRET, Client
from tests.dbstate import Statements
from tests.factories import make_idea, make_theme, make_user
from tests.pages import soup


def _button(page, idea_id):
    return page.select_one(f"#idea-{idea_id} .vote")


def test_each_member_sees_their_own_votes_and_token(app, session):
    theme = make_theme(session)
    first, second = make_idea(session, theme=theme), make_idea(session, theme=theme)
    amara, ben = make_user(session), make_user(session)
    votes.cast_vote(session=session, user=amara, idea_id=first.id)
    as_amara, as_ben = Client(app).login(amara), Client(app).login(ben)
    as_amara.cookies.set(CSRF_COOKIE, "amara-token")
    as_ben.cookies.set(CSRF_COOKIE, "ben-token")

    amara_page, ben_page = soup(as_amara.get("/ideas")), soup(as_ben.get("/ideas"))

    assert "vote--voted" in _button(amara_page, first.id)["class"]
    assert "vote--voted" not in _button(amara_page, second.id)["class"]
    assert "vote--voted" not in _button(ben_page, first.id)["class"]
    for page, token in ((amara_page, "amara-token"), (ben_page, "ben-token")):
        assert {i["value"] for i in page.select("input[name=csrf_token]")} == {token}
        assert token in page.body["data-hx-headers"]
    for page, member in ((amara_page, amara), (ben_page, ben)):
        name = page.select_one(".site-nav__name").get_text()
        assert name == f"{member.display_name}: your settings"


def test_a_stored_page_is_served_without_the_app_and_reads_as_the_app_renders_it(
    app, session, engine
):
    theme = make_theme(session)
    ideas = [make_idea(session, theme=theme) for _ in range(3)]
    member = make_user(session, display_name="Ada <Lovelace> & co")
    votes.cast_vote(session=session, user=member, idea_id=ideas[1].id)
    session.add(Notification(user_id=member.id, kind="comment", idea_id=ideas[0].id))
    session.commit()
    client = Client(app).login(member)

    rendered = client.get("/ideas")  # by the app, which stores the shared page
    with Statements(engine) as statements:
        served = client.get("/ideas")

    # Only the page cache's own three lookups ran, straight on its connection: the app
    # (whose every query goes through SQLAlchemy) was not reached.
    assert statements.seen == []
    assert served.status_code == 200 and served.text == rendered.text
    assert served.headers["content-type"] == rendered.headers["content-type"]
    assert served.headers["content-security-policy"] == rendered.headers["content-security-policy"]
    page = soup(served)
    assert page.select_one(".site-nav__name").get_text() == "Ada <Lovelace> & co: your settings"
    assert page.select_one(".count-badge").get_text() == "1 unread"
    assert "vote--voted" in _button(page, ideas[1].id)["class"]


def test_a_served_page_is_valid_gzip_or_plain_as_asked(app, session):
    make_idea(session)
    client = Client(app).login(make_user(session))
    plain = client.get("/ideas", headers={"Accept-Encoding": "identity"}).text

    for _ in range(2):  # rendered, then served from the store
        with client.stream("GET", "/ideas", headers={"Accept-Encoding": "gzip"}) as response:
            assert response.headers["content-encoding"] == "gzip"
            assert "Accept-Encoding" in response.headers["vary"]
            raw = b"".join(response.iter_raw())
        assert gzip.decompress(raw).decode() == plain
    plain_again = client.get("/ideas", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain_again.headers and plain_again.text == plain


def test_a_member_without_a_token_cookie_gets_one_on_a_served_page(app, session):
    make_idea(session)
    member = make_user(session)
    Client(app).login(make_user(session)).get("/ideas")  # stores the page
    client = Client(app).login(member)
    client.cookies.delete(CSRF_COOKIE)

    response = client.get("/ideas")

    token = response.cookies[CSRF_COOKIE]
    fields = soup(response).select("input[name=csrf_token]")
    assert token and {field["value"] for field in fields} == {token}


def test_moderators_and_members_get_their_own_copies(app, session):
    make_idea(session)
    member, moderator = make_user(session), make_user(session, role=Role.moderator)
    for _ in range(2):
        member_page = Client(app).login(member).get("/ideas").text
        moderator_page = Client(app).login(moderator).get("/ideas").text
        assert "Moderation</a>" not in member_page
        assert "Moderation</a>" in moderator_page


@pytest.mark.parametrize("change", ["suspended", "unverified", "expired"])
def test_only_a_live_verified_members_page_is_filled_in(app, session, change):
    make_idea(session)
    Client(app).login(make_user(session)).get("/ideas")  # stores the page
    member = make_user(session)
    client = Client(app).login(member)
    if change == "suspended":
        member.state = UserState.suspended
    elif change == "unverified":
        member.email_verified_at = None
    else:
        session.exec(text("UPDATE user_session SET expires_at = :t"), params={"t": utcnow()})
    session.add(member)
    session.commit()

    response = client.get("/ideas")

    if change == "suspended":
        assert response.status_code == 403
    elif change == "unverified":
        assert "Confirm your email address" in response.text
        assert "Moderation" not in response.text
    else:
        assert "Sign out" not in response.text and "Sign in" in response.text


def test_a_one_shot_message_is_shown_and_then_gone(app, session):
    make_idea(session)
    Client(app).login(make_user(session)).get("/ideas")  # stores the page
    client = Client(app).login(make_user(session))
    client.cookies.set(FLASH_COOKIE, signer(TEST_SECRET, "flash").dumps(["Your idea is posted."]))

    shown = client.get("/ideas")

    assert soup(shown).select_one(".flash").get_text(strip=True) == "Your idea is posted."
    deleted = [c for c in shown.headers.get_list("set-cookie") if c.startswith(FLASH_COOKIE)]
    assert deleted and "Max-Age=0" in deleted[0]


def test_a_members_vote_shows_at_once_on_their_next_page(client, session):
    idea = make_idea(session)
    member = make_user(session)
    client.login(member)
    assert "vote--voted" not in _button(soup(client.get("/ideas")), idea.id)["class"]
    client.get("/ideas")  # served from the store

    client.submit(f"/ideas/{idea.id}/vote")

    page = soup(client.get("/ideas"))
    assert "vote--voted" in _button(page, idea.id)["class"]
    assert page.select_one(f"#idea-{idea.id} .vote__count strong").get_text() == "1"


def test_the_shared_page_is_reused_until_a_write(client, session, engine):
    idea = make_idea(session, title="Shared payroll service")
    client.login(make_user(session))
    client.get("/ideas")
    with engine.begin() as connection:  # behind the app's back: nothing invalidates
        connection.execute(text("UPDATE idea SET title = 'Quietly renamed' WHERE id = :i"),
                           {"i": idea.id})  # fmt: skip

    assert "Shared payroll service" in client.get("/ideas").text
    make_user(session)  # any write through the app moves the generation on
    assert "Quietly renamed" in client.get("/ideas").text


def test_the_stand_in_member_refuses_to_show_anything_personal():
    stand_in = StandInMember(is_moderator=False)
    assert stand_in and stand_in.is_verified and not stand_in.is_moderator
    with pytest.raises(RuntimeError, match="user.email"):
        stand_in.email  # noqa: B018


def test_filling_in_gives_the_same_page_compressed_or_not():
    page = MemberPage(
        generation=1,
        parts=_cut(
            "<p>Hello <!--cg:name--></p>" + "x" * 70_000 + "<!--cg:vote:7--><!--cg:unread-->"
        ),  # fmt: skip
        buttons={7: (_cut("<b>no <!--cg:csrf--></b>"), _cut("<b>yes</b>"))},
    )
    values = slot_values(display_name="Zoë & <b>", unread=120, csrf="t" * 70_000)

    plain = page.fill(values, set(), compress=False)

    assert plain.startswith("<p>Hello Zoë &amp; &lt;b&gt;</p>".encode())
    assert b"<b>no " + b"t" * 70_000 + b"</b>" in plain and b"99+" in plain
    assert gzip.decompress(page.fill(values, set(), compress=True)) == plain
    assert b"<b>yes</b>" in gzip.decompress(page.fill(values, {7}, compress=True))


def test_serving_a_stored_page_leaves_no_transaction_open(app, session, engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite keeps no state between statements that could be seen here")
    make_idea(session)
    client = Client(app).login(make_user(session))
    client.get("/ideas")
    client.get("/ideas")  # served from the store, by the page cache's own connection

    with engine.connect() as connection:
        states = connection.execute(
            text("SELECT state FROM pg_stat_activity WHERE datname = current_database() "
                 "AND pid <> pg_backend_pid()")
        ).scalars().all()  # fmt: skip
    assert "idle in transaction" not in states
