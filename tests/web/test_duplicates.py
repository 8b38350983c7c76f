"""The moderators' duplicates queue (/mod/duplicates)."""

from sqlmodel import select

from app.models import DuplicatePair, Idea, IdeaStatus, Role
from app.services.finding import duplicates, search
from tests.conftest import end_test_transactions
from tests.factories import make_idea, make_theme, make_user
from tests.pages import soup

TITLE = "Peer mentoring for new charity chief executives"


def _pair_ideas(session):
    theme = make_theme(session)
    older = make_idea(session, theme=theme, title=TITLE, body="Experienced CEOs mentor new ones.")
    newer = make_idea(session, theme=theme, title="Mentoring new charity chief executives",
                      body="Pair every new CEO with an experienced mentor.")  # fmt: skip
    make_idea(session, theme=theme, title="Shared payroll service", body="One provider.")
    return older, newer


def test_posting_a_similar_idea_queues_the_pair(session):
    older, newer = _pair_ideas(session)

    [pair] = duplicates.queue(session=session)

    assert (pair.keep.id, pair.merge.id) == (older.id, newer.id)
    assert 0 < pair.similarity <= 1


def test_the_queue_keeps_the_better_supported_idea(session):
    older, newer = _pair_ideas(session)
    newer.vote_count = 3
    session.add(newer)
    session.commit()

    [pair] = duplicates.queue(session=session)

    assert (pair.keep.id, pair.merge.id) == (newer.id, older.id)


def test_merge_from_the_queue_in_one_action(client, session):
    older, newer = _pair_ideas(session)
    client.login(make_user(session, role=Role.moderator))
    page = soup(client.get("/mod/duplicates"))
    merge_form = page.select_one(".duplicate-pair form")

    response = client.submit(merge_form["action"], {
        field["name"]: field["value"] for field in merge_form.select("input[type=hidden]")
        if field["name"] != "csrf_token"
    })  # fmt: skip

    assert response.status_code == 303 and response.headers["location"] == "/mod/duplicates"
    session.refresh(newer)
    assert (newer.status, newer.merged_into_id) == (IdeaStatus.merged, older.id)
    assert soup(client.get("/mod/duplicates")).select(".duplicate-pair") == []
    assert [i.id for i in search.search_ideas(session=session, q="mentoring").items] == [older.id]


def test_not_duplicates_is_remembered(client, session):
    older, newer = _pair_ideas(session)
    client.login(make_user(session, role=Role.moderator))
    [pair] = duplicates.queue(session=session)

    response = client.submit(f"/mod/duplicates/{pair.id}/dismiss")

    assert response.status_code == 303
    assert duplicates.queue(session=session) == []
    # Editing either idea, or rebuilding the whole queue, does not bring the pair back.
    duplicates.find_all(session=session)
    end_test_transactions()
    assert duplicates.queue(session=session) == []
    assert session.exec(select(DuplicatePair)).one().dismissed_at is not None


def test_hidden_merged_and_answered_ideas_leave_the_queue(session):
    older, newer = _pair_ideas(session)
    newer.status = IdeaStatus.done
    session.add(newer)
    session.commit()

    assert duplicates.queue(session=session) == []


def test_find_all_rebuilds_the_queue(session):
    older, newer = _pair_ideas(session)
    session.exec(select(DuplicatePair)).one()
    for pair in session.exec(select(DuplicatePair)).all():
        session.delete(pair)
    session.commit()

    assert duplicates.find_all(session=session) == 1
    assert len(session.exec(select(Idea)).all()) == 3


def test_members_cannot_see_the_queue(client, session):
    _pair_ideas(session)
    client.login(make_user(session))

    assert client.get("/mod/duplicates").status_code == 403
