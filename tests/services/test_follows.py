import pytest

from app.models import NotificationSettings
from app.services.errors import Forbidden
from app.services.ideas import votes
from app.services.notifying import follows
from tests.factories import make_comment, make_idea, make_theme, make_user


def _follows(session, user, idea) -> bool:
    session.commit()
    return follows.follows_idea(session=session, user=user, idea_id=idea.id)


def test_proposing_voting_and_commenting_follow_the_idea(session):
    author, voter, commenter, reader = (make_user(session) for _ in range(4))
    idea = make_idea(session, author=author)

    votes.cast_vote(session=session, user=voter, idea_id=idea.id)
    make_comment(session, idea=idea, author=commenter)

    assert _follows(session, author, idea)
    assert _follows(session, voter, idea)
    assert _follows(session, commenter, idea)
    assert not _follows(session, reader, idea)


@pytest.mark.parametrize("switched_off", ["propose", "vote", "comment"])
def test_each_way_of_following_by_taking_part_can_be_switched_off(session, switched_off):
    member = make_user(session)
    session.add(NotificationSettings(user_id=member.id, **{f"follow_on_{switched_off}": False}))
    session.commit()

    proposed = make_idea(session, author=member)
    voted, commented = make_idea(session), make_idea(session)
    votes.cast_vote(session=session, user=member, idea_id=voted.id)
    make_comment(session, idea=commented, author=member)

    followed = {
        "propose": _follows(session, member, proposed),
        "vote": _follows(session, member, voted),
        "comment": _follows(session, member, commented),
    }
    assert followed == {reason: reason != switched_off for reason in followed}


def test_an_unfollowed_idea_is_not_followed_again_by_voting_or_commenting(session):
    member = make_user(session)
    idea = make_idea(session)
    make_comment(session, idea=idea, author=member)

    follows.unfollow_idea(session=session, user=member, idea_id=idea.id)
    votes.cast_vote(session=session, user=member, idea_id=idea.id)
    make_comment(session, idea=idea, author=member)
    assert not _follows(session, member, idea)

    follows.follow_idea(session=session, user=member, idea_id=idea.id)
    assert _follows(session, member, idea)


def test_following_twice_keeps_one_follow(session):
    member = make_user(session)
    idea = make_idea(session)

    follows.follow_idea(session=session, user=member, idea_id=idea.id)
    follows.follow_idea(session=session, user=member, idea_id=idea.id)

    assert follows.idea_follower_ids(session, idea.id).count(member.id) == 1


def test_following_and_unfollowing_a_theme(session):
    member = make_user(session)
    theme = make_theme(session)

    follows.follow_theme(session=session, user=member, slug=theme.slug)
    assert follows.follows_theme(session=session, user=member, theme_id=theme.id)
    assert follows.followed_by(session=session, user=member).themes == [theme]

    follows.unfollow_theme(session=session, user=member, slug=theme.slug)
    assert not follows.follows_theme(session=session, user=member, theme_id=theme.id)


def test_a_member_who_has_not_confirmed_their_email_cannot_follow(session):
    member = make_user(session, verified=False)

    with pytest.raises(Forbidden):
        follows.follow_idea(session=session, user=member, idea_id=make_idea(session).id)
    with pytest.raises(Forbidden):
        follows.follow_theme(session=session, user=member, slug=make_theme(session).slug)
