"""A member's vote or stance, made and answered before FastAPI runs.

A vote is the forum's busiest write and its answer is small: a redirect back, or (htmx)
the new vote button; a stance ("I disagree", pass) is the same. So `FastVotes`, outside
all of FastAPI's layers like the page caches, takes `POST /ideas/{id}/vote`, `/unvote`
and `/stance` from a live, verified member whose
request passes the same CSRF check as any other (`security.csrf_problem`), hands the
vote to the batched writer (vote_writer.py: the same statements as the route, many
votes to a commit) and answers it itself once it is on disk, with the same answer as the
route's (app/web/ideas/vote_answers.py).

Whatever it is not sure of goes on to the app, untouched: a request without a session
or with a failing token, a form too large, an idea that cannot be voted on (the writer
wrote nothing for it), a batch that failed. The app then answers the usual way, with
its 303 to the sign-in page, its 403 or its 404, or it makes the vote itself. A member
over the vote rate limit goes on to the app too, which answers its 429.
"""

import re
from collections import OrderedDict
from contextlib import suppress
from urllib.parse import parse_qs

from sqlalchemy import bindparam
from starlette.requests import Request, cookie_parser
from starlette.types import ASGIApp, Receive, Scope, Send

from app.db import RawQuery
from app.fast.asgi import html, is_secure, read_body, read_headers, redirect, send_answer
from app.fast.member_pages import MemberPages, StandInMember
from app.fast.vote_writer import MemberVote, VoteWriter
from app.ratelimit import RateLimited, RateLimiter
from app.security import CSRF_COOKIE, CSRF_FIELD, SESSION_COOKIE, csrf_problem, token_digest
from app.services.ideas.votes import STANCE_FIELD, Change
from app.services.notifying.follows import following_idea_query
from app.web.ideas.vote_answers import stance_swap_context, vote_answer, vote_swap_context
from app.web.templating import templates

_VOTE = re.compile(r"/ideas/([1-9][0-9]{0,8})/(vote|unvote|stance)")
MAX_BODY = 4096  # a vote's form is a token and a path back
MEMBERS_KNOWN = 10_000
_FORM = "application/x-www-form-urlencoded"
# The htmx answer on the idea's page, as the routes give it (app/web/ideas/votes.py).
_SWAPS = {
    "vote": ("ideas/_vote_swap.html", vote_swap_context),
    "stance": ("ideas/_stance_swap.html", stance_swap_context),
}
_READ = frozenset(
    (b"cookie", b"content-type", b"host", b"origin", b"sec-fetch-site", b"x-csrf-token",
     b"hx-request", b"accept-encoding")
)  # fmt: skip


class FastVotes:
    """ASGI middleware; see the module docstring."""

    def __init__(self, app: ASGIApp, members: MemberPages, writer: VoteWriter) -> None:
        self.app = app
        self.members = members
        self.writer = writer
        self._following: RawQuery | None = None
        # Whose session each digest is, learnt from the votes made: a member's rate limit
        # is checked before the write without a lookup of its own.
        self._members: OrderedDict[str, int] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        vote = None
        if scope["type"] == "http" and scope["method"] == "POST":
            vote = _VOTE.fullmatch(scope["path"])
        if vote is None:
            await self.app(scope, receive, send)
            return
        body, receive = await read_body(receive, limit=MAX_BODY)
        answer = None
        if body is not None:
            answer = await self._vote(scope, body, int(vote[1]), action=vote[2])
        if answer is None:
            await self.app(scope, receive, send)
            return
        await send_answer(send, *answer)

    async def _vote(self, scope: Scope, body: bytes, idea_id: int, *, action: str):
        """The answer (status, headers, body), or None to leave the request to the app."""
        headers = {k: v.decode("latin-1") for k, v in read_headers(scope, _READ).items()}
        if not headers.get(b"content-type", "").startswith(_FORM):
            return None
        try:
            form = parse_qs(body.decode(), keep_blank_values=True, max_num_fields=10)
        except ValueError:  # not UTF-8, or too many fields
            return None
        cookies = cookie_parser(headers.get(b"cookie", ""))
        token = cookies.get(SESSION_COOKIE)
        sent = headers.get(b"x-csrf-token")
        if sent is None:
            sent = form.get(CSRF_FIELD, [None])[0]
        problem = csrf_problem(
            site=(scope.get("scheme", "http"), headers.get(b"host", "")),
            origin=headers.get(b"origin"),
            fetch_site=headers.get(b"sec-fetch-site"),
            expected=cookies.get(CSRF_COOKIE),
            sent=sent,
        )
        if not token or problem:
            return None
        if action == "stance":
            change = STANCE_FIELD.get(form.get("stance", [""])[0])
            if change is None:
                return None  # the app says what is wrong with the form
        else:
            change = Change.vote if action == "vote" else Change.unvote

        digest = token_digest(token)
        limiter: RateLimiter = scope["app"].state.rate_limiter
        member_id = self._members.get(digest)
        if member_id is not None:
            try:
                limiter.hit_writing("votes", member_id)
            except RateLimited:
                return None  # the app counts it too, and answers with its 429
        vote = await self.writer.change(session_digest=digest, idea_id=idea_id, change=change)
        if not isinstance(vote, MemberVote):
            return None
        if member_id is None:
            self._learn(digest, vote.user_id)
            with suppress(RateLimited):
                limiter.hit_writing("votes", vote.user_id)  # made: it counts
        state = vote.state
        back, on_idea_page = vote_answer(scope["app"], state, form.get("next", [""])[0])
        secure = is_secure(scope)
        if headers.get(b"hx-request") != "true":
            return redirect(back, secure=secure, private=True)
        if action == "stance" and not on_idea_page:
            return redirect(
                back, secure=secure, private=True
            )  # htmx follows it, as the route's answer
        following = self._follows(vote.user_id, idea_id) if on_idea_page else None
        if on_idea_page and following is None:
            return None  # the database failed: the app answers (and finds the vote made)
        template, swap_context = _SWAPS["stance" if action == "stance" else "vote"]
        context = {
            **swap_context(state, back, following),
            "request": Request(scope),
            "user": StandInMember(is_moderator=False),
        }
        page = templates.get_template(template).render(context)
        gzip = "gzip" in headers.get(b"accept-encoding", "")
        return html(page.encode(), secure=secure, gzip=gzip, private=True)  # a member's

    def _learn(self, digest: str, member_id: int) -> None:
        self._members[digest] = member_id
        while len(self._members) > MEMBERS_KNOWN:
            self._members.popitem(last=False)

    def _follows(self, user_id: int, idea_id: int) -> bool | None:
        if self._following is None:
            statement = following_idea_query(bindparam("user_id", 0), bindparam("idea_id", 0))
            self._following = RawQuery(statement, self.members.engine.dialect)
        with self.members.reading() as connection:
            return bool(self._following.rows(connection, user_id=user_id, idea_id=idea_id))
        return None
