"""What is measured on each forum, and the checks that make a number trustworthy.

A fast wrong answer would score well, so before wrk runs, each case is requested once
and its answer checked: the status, that the signed-in page really is signed in, and
that a vote POST really records a vote (a 303 to the sign-in page would otherwise pass
for a successful vote). After the vote case, with the server stopped so that every
request in flight has finished, each idea it touched must have exactly as many votes
stored in `vote_count` as there are vote rows: anything else is a lost vote.
"""

import gzip
import http.client
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from statistics import fmean
from urllib.parse import urlsplit

from sqlalchemy import Engine, delete, select
from sqlmodel import col

from app.db import make_engine, open_session, write_transaction
from app.models import Idea, Stance, UserSession, Vote, utcnow
from app.security import CSRF_COOKIE, CSRF_FIELD, SESSION_COOKIE, new_token, token_digest
from tests.bench import wrk
from tests.bench.databases import BenchDatabase, verify_counters
from tests.bench.server import Server
from tests.bench.words import SEARCH_CASE_QUERIES

# In the order they run: reads first, then the vote and stance cases, whose writes empty
# the page cache (and whose correctness check needs the server stopped). `insight` reads
# /insight as a visitor (the bench serves it publicly) once `insight.compute` has run.
CASES = ("ideas-anon", "ideas-member", "idea", "landing", "search", "insight", "api-ideas",
         "profile", "vote", "stance")  # fmt: skip
WARMUP_SECONDS = 2  # wrk takes whole seconds
SESSION_DAYS = 3650


@dataclass
class Result:
    case: str
    db: str
    size: str
    rps: float = 0.0
    p50_ms: float | None = None
    p99_ms: float | None = None
    latency_ms: dict[str, float] = field(default_factory=dict)
    requests: int = 0
    errors: int = 0
    non_2xx_3xx: int = 0
    socket_errors: dict[str, int] = field(default_factory=dict)
    cpu_ms_per_request: float | None = None
    statuses: dict[str, int] = field(default_factory=dict)
    lost_votes: int | None = None
    problems: list[str] = field(default_factory=list)
    # Why the case could not be measured (the page failed its check, the server died...).
    failed: str | None = None
    # Requests/s of each round, when `combine` made this result from several.
    rounds_rps: list[float] = field(default_factory=list)

    @classmethod
    def failure(cls, case: str, db: str, size: str, reason: str) -> "Result":
        return cls(case=case, db=db, size=size, failed=reason)


def combine(results: list[Result]) -> list[Result]:
    """One result per case, database and size from the rounds' measurements of it:
    requests/s, p50 and CPU per request their means, p99 (every percentile) the worst
    round's, errors, statuses and lost votes added up. A case that failed in any round
    is failed."""
    rounds: dict[tuple, list[Result]] = {}
    for result in results:
        rounds.setdefault((result.case, result.db, result.size), []).append(result)
    combined = []
    for (case, db, size), runs in rounds.items():
        failed = next((r for r in runs if r.failed), None)
        if failed is not None:
            combined.append(failed)
            continue

        lost = [r.lost_votes for r in runs if r.lost_votes is not None]
        cpu = [r.cpu_ms_per_request for r in runs if r.cpu_ms_per_request is not None]
        combined.append(Result(
            case=case, db=db, size=size,
            rps=fmean(r.rps for r in runs),
            p50_ms=fmean(r.p50_ms for r in runs),
            p99_ms=max(r.p99_ms for r in runs),
            latency_ms={k: max(r.latency_ms[k] for r in runs) for k in runs[0].latency_ms},
            requests=sum(r.requests for r in runs),
            errors=sum(r.errors for r in runs),
            non_2xx_3xx=sum(r.non_2xx_3xx for r in runs),
            socket_errors=dict(sum((Counter(r.socket_errors) for r in runs), Counter())),
            cpu_ms_per_request=fmean(cpu) if cpu else None,
            statuses=dict(sum((Counter(r.statuses) for r in runs), Counter())),
            lost_votes=sum(lost) if lost else None,
            problems=[problem for r in runs for problem in r.problems],
            rounds_rps=[r.rps for r in runs],
        ))  # fmt: skip
    return combined


@dataclass
class Prepared:
    """Sessions and token made for one run on one forum."""

    member_token: str
    vote_tokens: list[str]
    vote_members: list[int]
    csrf: str


def start_sessions(db: BenchDatabase) -> Prepared:
    """Signed-in members for this run: UserSession rows written straight into the forum
    (the cookie holds the token, the row its digest), replacing the last run's."""
    info = db.info
    members = [info["member"], *info["vote_members"]]
    tokens = {member: new_token() for member in members}
    engine = make_engine(db.url, pool_size=1)
    now = utcnow()
    try:
        with open_session(engine) as session, write_transaction(session):
            session.exec(delete(UserSession))
            session.add_all(
                UserSession(
                    id=token_digest(token),
                    user_id=member,
                    created_at=now,
                    expires_at=now + timedelta(days=SESSION_DAYS),
                )  # fmt: skip
                for member, token in tokens.items()
            )
    finally:
        engine.dispose()
    return Prepared(
        member_token=tokens[info["member"]],
        vote_tokens=[tokens[m] for m in info["vote_members"]],
        vote_members=list(info["vote_members"]),
        csrf=secrets.token_urlsafe(24),
    )


# --- one request, checked ------------------------------------------------------------------


def _request(base_url: str, method: str, path: str, *, headers=None, body: str | None = None):
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request(
            method, path, body=body,
            headers={"Accept-Encoding": "gzip", **(headers or {})},
        )  # fmt: skip
        answer = connection.getresponse()
        content = answer.read()
        if answer.getheader("Content-Encoding") == "gzip":
            content = gzip.decompress(content)
        return answer.status, answer.getheader("Location") or "", content.decode(errors="replace")
    finally:
        connection.close()


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def _probe_get(base_url: str, path: str, *, cookie: str = "", signed_in: bool = False) -> None:
    status, _location, page = _request(base_url, "GET", path, headers={"Cookie": cookie})
    _expect(status == 200, f"GET {path} answered {status}, not 200")
    _expect("<html" in page, f"GET {path} is not an HTML page")
    if signed_in:
        _expect("Sign out" in page, f"GET {path} with the member's cookie is not signed in")


def _probe_stance(base_url: str, engine: Engine, prepared: Prepared, idea_id: int) -> None:
    """Disagree and clear once, checking the stance row appears and goes."""
    member, token = prepared.vote_members[0], prepared.vote_tokens[0]
    headers = {
        "Cookie": f"{SESSION_COOKIE}={token}; {CSRF_COOKIE}={prepared.csrf}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    path = f"/ideas/{idea_id}/stance"
    for stance, present in (("disagree", True), ("clear", False)):
        body = f"{CSRF_FIELD}={prepared.csrf}&stance={stance}"
        status, location, _ = _request(base_url, "POST", path, headers=headers, body=body)
        _expect(status == 303, f"POST {path} ({stance}) answered {status}, not 303")
        _expect("login" not in location, f"POST {path} redirected to {location}")
        with engine.connect() as connection:
            found = connection.execute(
                select(col(Stance.id)).where(Stance.idea_id == idea_id, Stance.user_id == member)
            ).first()
        _expect((found is not None) == present, f"POST {path} did not change the stance")


def _probe_json(base_url: str, path: str) -> None:
    status, _location, body = _request(base_url, "GET", path)
    _expect(status == 200, f"GET {path} answered {status}, not 200")
    _expect(body.lstrip().startswith("{"), f"GET {path} is not a JSON object")


def _author_of(db: BenchDatabase, idea_id: int) -> int:
    engine = make_engine(db.url, pool_size=1)
    try:
        with engine.connect() as connection:
            return connection.execute(select(Idea.author_id).where(Idea.id == idea_id)).scalar_one()
    finally:
        engine.dispose()


def _probe_vote(base_url: str, engine: Engine, prepared: Prepared, idea_id: int) -> None:
    """Vote and withdraw once, checking the row appears and goes: a 303 alone could be
    the redirect to the sign-in page."""
    member, token = prepared.vote_members[0], prepared.vote_tokens[0]
    headers = {
        "Cookie": f"{SESSION_COOKIE}={token}; {CSRF_COOKIE}={prepared.csrf}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    body = f"{CSRF_FIELD}={prepared.csrf}"
    for action, present in (("vote", True), ("unvote", False)):
        path = f"/ideas/{idea_id}/{action}"
        status, location, _ = _request(base_url, "POST", path, headers=headers, body=body)
        _expect(status == 303, f"POST {path} answered {status}, not 303")
        _expect("login" not in location, f"POST {path} redirected to {location}")
        with engine.connect() as connection:
            found = connection.execute(
                select(col(Vote.id)).where(Vote.idea_id == idea_id, Vote.user_id == member)
            ).first()
        _expect((found is not None) == present, f"POST {path} did not change the vote")


# --- measuring -----------------------------------------------------------------------------


def _measure(server: Server, case: str, db: str, size: str, *, path: str, duration: int,
             connections: int, script: Path | None = None, headers=()) -> Result:  # fmt: skip
    url = server.url + path
    warmup = max(1, min(WARMUP_SECONDS, duration // 2))
    wrk.run(url, duration=warmup, connections=connections, script=script, headers=headers)
    cpu_before = server.cpu_seconds()
    result = wrk.run(url, duration=duration, connections=connections, script=script,
                     headers=headers)  # fmt: skip
    cpu = server.cpu_seconds() - cpu_before
    latency = result.latency_ms
    return Result(
        case=case, db=db, size=size, rps=result.requests_per_second,
        p50_ms=latency["50"], p99_ms=latency["99"], latency_ms=latency,
        requests=result.requests, errors=result.errors, non_2xx_3xx=result.non_2xx_3xx,
        socket_errors=result.socket_errors,
        cpu_ms_per_request=1000 * cpu / result.requests if result.requests else None,
        statuses=result.statuses,
    )  # fmt: skip


def measure_reference(server: Server, name: str, when: str, *, duration: int,
                      connections: int) -> Result:  # fmt: skip
    """A reference page; `when` (which round, or the end) is kept in the size field."""
    return _measure(server, name, "-", when, path="/", duration=duration,
                    connections=connections)  # fmt: skip


def measure_case(server: Server, db: BenchDatabase, prepared: Prepared, case: str, *,
                 duration: int, connections: int, script_dir: Path) -> Result:  # fmt: skip
    """One case against a running server on `db`, printed as it goes; a case whose
    answer fails its check is a failed result, not an exception. The vote case's counts
    are checked later, by `check_votes`, once the server is stopped."""
    print(f"  {case:<13} {db.engine_name} {db.size.name} ...", end="", flush=True)
    script_dir.mkdir(parents=True, exist_ok=True)
    try:
        result = _measure_case(server, db, prepared, case, duration=duration,
                               connections=connections, script_dir=script_dir)  # fmt: skip
    except (AssertionError, RuntimeError, OSError) as error:
        reason = str(error).strip().splitlines()[0]
        print(f" FAILED: {reason}", flush=True)
        return Result.failure(case, db.engine_name, db.size.name, reason)
    print(f" {result.rps:,.0f} requests/s, p99 {result.p99_ms:.1f} ms", flush=True)
    return result


def _measure_case(server: Server, db: BenchDatabase, prepared: Prepared, case: str, *,
                  duration: int, connections: int, script_dir: Path) -> Result:  # fmt: skip
    """Check one answer of `case`, then load it with wrk."""
    info = db.info
    common = {"duration": duration, "connections": connections}
    where = (db.engine_name, db.size.name)
    # Both cookies, as a browser sends them once the first page with a form set the token.
    member_cookie = f"{SESSION_COOKIE}={prepared.member_token}; {CSRF_COOKIE}={prepared.csrf}"
    discussed = info["discussed_idea"]
    if case == "ideas-anon":
        _probe_get(server.url, "/ideas")
        result = _measure(server, case, *where, path="/ideas", **common)
    elif case == "ideas-member":
        _probe_get(server.url, "/ideas", cookie=member_cookie, signed_in=True)
        headers = (f"Cookie: {member_cookie}",)
        result = _measure(server, case, *where, path="/ideas", headers=headers, **common)
    elif case == "idea":
        _probe_get(server.url, f"/ideas/{discussed}")
        result = _measure(server, case, *where, path=f"/ideas/{discussed}", **common)
    elif case == "landing":
        _probe_get(server.url, "/")
        result = _measure(server, case, *where, path="/", **common)
    elif case == "search":
        paths = [f"/ideas?q={q.replace(' ', '+')}" for q in SEARCH_CASE_QUERIES]
        for path in paths:
            _probe_get(server.url, path)
        script = script_dir / "search.lua"
        script.write_text(wrk.rotating_paths_script(paths))
        result = _measure(server, case, *where, path=paths[0], script=script, **common)
    elif case == "api-ideas":
        # The JSON list, anonymous: the same query as /ideas, never from the page cache.
        _probe_json(server.url, "/api/v1/ideas")
        result = _measure(server, case, *where, path="/api/v1/ideas", **common)
    elif case == "profile":
        # A member's profile: their ideas and comments, newest first, by keyset.
        path = f"/members/{_author_of(db, discussed)}"
        _probe_get(server.url, path)
        result = _measure(server, case, *where, path=path, **common)
    elif case == "insight":
        _probe_get(server.url, "/insight")
        result = _measure(server, case, *where, path="/insight", **common)
    elif case in ("vote", "stance"):
        probe, make_script = {
            "vote": (_probe_vote, wrk.vote_script),
            "stance": (_probe_stance, wrk.stance_script),
        }[case]
        engine = make_engine(db.url, pool_size=1)
        try:
            probe(server.url, engine, prepared, info["vote_ideas"][0])
        finally:
            engine.dispose()
        script = script_dir / f"{case}.lua"
        tokens, ideas = prepared.vote_tokens, info["vote_ideas"]
        script.write_text(make_script(tokens=tokens, idea_ids=ideas, csrf=prepared.csrf))
        path = f"/ideas/{info['vote_ideas'][0]}/{case}"
        result = _measure(server, case, *where, path=path, script=script, **common)
        others = sum(n for status, n in result.statuses.items() if status != "303")
        if others:
            result.problems.append(f"{others} {case} answers were not 303")
            result.errors = max(result.errors, others)
    else:
        raise ValueError(case)
    return result


def check_votes(db: BenchDatabase, result: Result) -> None:
    """After the server has stopped: every touched idea's vote, disagree and pass counts
    against its rows (a vote or a stance lost or counted twice)."""
    started = time.monotonic()
    engine = make_engine(db.url, pool_size=1)
    try:
        problems = verify_counters(engine, db.info["vote_ideas"])
    finally:
        engine.dispose()
    answers = ("vote_count", "disagree_count", "pass_count")
    lost = sum(abs(m.stored - m.counted) for m in problems if m.column in answers)
    result.lost_votes = lost
    result.problems += [str(problem) for problem in problems]
    print(f"  vote check: lost votes: {lost} ({len(db.info['vote_ideas'])} ideas checked in "
          f"{time.monotonic() - started:.1f} s)")  # fmt: skip
