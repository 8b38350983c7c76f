"""The read-back pages: /insight (and per theme), who may read them, their open data, the
list by common ground, and the profile questions behind "support by segment"."""

import csv
import io
import json

import pytest
from sqlmodel import select

from app.models import Segment, SegmentAnswer, User
from app.services.accounts import segments
from app.services.insight import compute
from tests.conftest import Client
from tests.factories import make_admin, make_moderator, make_user
from tests.insight.electorate import CROSS, DIVISIVE
from tests.insight.test_compute import load_electorate
from tests.pages import field_error, field_value, soup


@pytest.fixture
def analysed(session, settings):
    loaded = load_electorate(session, segments=True)
    compute.compute_insight(session=session, settings=settings)
    return loaded


def _client(app, settings, visibility):
    app.state.settings = settings.model_copy(update={"insight_visibility": visibility})
    return Client(app)


@pytest.mark.parametrize(
    ("visibility", "anonymous", "member", "moderator"),
    [
        ("public", 200, 200, 200),
        ("members", 303, 200, 200),
        ("moderators", 303, 403, 200),
    ],
)
def test_who_may_read_the_insight(app, session, settings, analysed, visibility, anonymous,
                                  member, moderator):  # fmt: skip
    client = _client(app, settings, visibility)
    seen = {}
    for who, user in (("anonymous", None), ("member", make_user(session)),
                      ("moderator", make_moderator(session))):  # fmt: skip
        if user is not None:
            client.login(user)
        seen[who] = {
            path: client.get(path).status_code
            for path in ("/insight", "/insight/themes/inquiry", "/insight.json", "/insight.csv")
        }
    assert set(seen["anonymous"].values()) == {anonymous}
    assert set(seen["member"].values()) == {member}
    assert set(seen["moderator"].values()) == {moderator}


def test_the_page_reads_back_groups_common_ground_and_divisive_ideas(client, session, analysed):
    client.login(make_user(session))
    page = soup(client.get("/insight"))

    common = [a["href"] for a in page.select("#common-title ~ ol .insight-list__title a")]
    assert common[0] == f"/ideas/{analysed['ideas'][CROSS]}"
    assert f"/ideas/{analysed['ideas'][DIVISIVE]}" not in common
    groups = [row.th.get_text(" ", strip=True) for row in page.select("#groups-table tbody tr")]
    assert groups == ["Group A", "Group B", "Group C"]
    assert len(page.select(".insight-map__svg circle")) == 250
    assert page.select_one(".insight-map__svg")["aria-describedby"] == "groups-table"
    shown = {th.get_text(strip=True) for th in page.select("#segments-title ~ table thead th")}
    assert shown == {"Idea", "first", "second", "third"}  # never "lone": one member


def test_a_theme_report_lists_only_the_themes_ideas(client, session, analysed):
    client.login(make_user(session))

    page = soup(client.get("/insight/themes/inquiry"))
    missing = client.get("/insight/themes/nowhere")

    assert page.select_one("h1").get_text(strip=True) == "Where the groups agree: The inquiry"
    assert missing.status_code == 404


def test_before_the_first_run_the_page_says_so(client, session):
    client.login(make_user(session))

    page = soup(client.get("/insight"))

    assert "has not run yet" in page.select_one(".lead").get_text()


def test_the_open_data_has_one_record_per_idea_with_the_fields_named(client, session, analysed):
    client.login(make_user(session))

    data = json.loads(client.get("/insight.json").text)
    rows = list(csv.DictReader(io.StringIO(client.get("/insight.csv").text)))

    assert len(data["ideas"]) == len(rows) == len(analysed["ideas"])
    by_id = {record["id"]: record for record in data["ideas"]}
    cross, divisive = by_id[analysed["ideas"][CROSS]], by_id[analysed["ideas"][DIVISIVE]]
    for field in ("id", "supports", "disagrees", "passes", "consensus", "bridging", "divisive"):
        assert field in cross
    assert cross["divisive"] is False and divisive["divisive"] is True
    assert set(cross["groups"]) == {"A", "B", "C"}
    assert set(cross["segments"]["kind"]) == {"first", "second", "third"}
    assert [g["label"] for g in data["groups"]] == ["A", "B", "C"]
    first = next(row for row in rows if int(row["id"]) == cross["id"])
    assert float(first["consensus"]) == pytest.approx(cross["consensus"])


def test_ideas_can_be_sorted_by_common_ground(client, session, analysed):
    page = soup(client.login(make_user(session)).get("/ideas?sort=common"))

    first = page.select_one(".idea-card .idea-card__title a")["href"]
    assert first == f"/ideas/{analysed['ideas'][CROSS]}"
    assert page.select_one("#f-sort option[selected]")["value"] == "common"


def test_a_public_insight_is_served_to_visitors_from_the_page_cache(app, session, settings,
                                                                   analysed):  # fmt: skip
    client = _client(app, settings, "public")
    first = client.get("/insight")
    again = client.get("/insight", headers={"If-None-Match": first.headers["etag"]})

    assert first.status_code == 200 and again.status_code == 304


# --- profile questions ----------------------------------------------------------------


def test_an_admin_asks_a_question_and_members_answer_it(client, session):
    client.login(make_admin(session))
    created = client.submit(
        "/mod/segments",
        {"question": "Where do you work?", "options": "Wales\nScotland\n\nEngland", "public": "on"},
    )
    assert created.status_code == 303
    segment = session.exec(select(Segment)).one()
    assert (segment.options, segment.public) == (["Wales", "Scotland", "England"], True)

    member = make_user(session)
    client.login(member)
    form = soup(client.get("/settings/questions"))
    assert [o["value"] for o in form.select(f"#f-segment-{segment.slug} option")] == [
        "", "Wales", "Scotland", "England",
    ]  # fmt: skip
    saved = client.submit("/settings/questions", {f"segment-{segment.slug}": "Scotland"})
    assert saved.status_code == 303
    assert segments.answers_of(session=session, user_id=member.id) == {segment.slug: "Scotland"}
    assert field_value(soup(client.get("/settings/questions")), f"segment-{segment.slug}") == (
        "Scotland"
    )
    client.submit("/settings/questions", {f"segment-{segment.slug}": ""})
    assert segments.answers_of(session=session, user_id=member.id) == {}


def test_an_answer_not_among_the_options_comes_back_with_its_error(client, session):
    segment = segments.create_segment(
        session=session, actor=make_admin(session),
        draft=segments.SegmentDraft(question="Your role?", options="Chief executive\nTrustee"),
    )  # fmt: skip
    client.login(make_user(session))

    answer = client.submit("/settings/questions", {f"segment-{segment.slug}": "Emperor"})

    assert answer.status_code == 422
    assert field_error(soup(answer), f"segment-{segment.slug}") is not None


def test_a_question_needs_two_answers_and_keeps_what_was_typed(client, session):
    client.login(make_admin(session))

    answer = client.submit("/mod/segments", {"question": "Your role?", "options": "Only one"})

    page = soup(answer)
    assert answer.status_code == 422
    assert field_error(page, "options") is not None
    assert field_value(page, "question") == "Your role?"
    assert field_value(page, "options").strip() == "Only one"


def test_only_admins_manage_profile_questions(client, session):
    client.login(make_moderator(session))

    assert client.get("/mod/segments").status_code == 403
    assert (
        client.submit("/mod/segments", {"question": "Role?", "options": "A\nB"}).status_code == 403
    )


def test_editing_a_question_clears_answers_no_longer_offered(client, session):
    admin = make_admin(session)
    segment = segments.create_segment(
        session=session, actor=admin,
        draft=segments.SegmentDraft(question="Your nation?", options="Wales\nScotland"),
    )  # fmt: skip
    keeps, loses = make_user(session), make_user(session)
    segments.save_answers(session=session, user=keeps, answers={segment.slug: "Wales"})
    segments.save_answers(session=session, user=loses, answers={segment.slug: "Scotland"})
    client.login(admin)

    client.submit(
        f"/mod/segments/{segment.id}", {"question": "Your nation?", "options": "Wales\nEngland"}
    )

    left = session.exec(select(SegmentAnswer.user_id)).all()
    assert left == [keeps.id]


def test_sign_up_takes_the_optional_answers(client, session, mailbox):
    segment = segments.create_segment(
        session=session, actor=make_admin(session),
        draft=segments.SegmentDraft(question="Your role?", options="Chief executive\nTrustee"),
    )  # fmt: skip
    form = {
        "email": "new.member@example.org", "password": "a long enough passphrase",
        "display_name": "New Member", "organisation": "Hulme Roots",
    }  # fmt: skip

    wrong = client.submit("/signup", {**form, f"segment-{segment.slug}": "Emperor"})
    assert wrong.status_code == 422
    assert field_value(soup(wrong), "display_name") == "New Member"
    assert (
        client.submit("/signup", {**form, f"segment-{segment.slug}": "Trustee"}).status_code == 303
    )

    member = session.exec(select(User).where(User.email == "new.member@example.org")).one()
    assert segments.answers_of(session=session, user_id=member.id) == {segment.slug: "Trustee"}
