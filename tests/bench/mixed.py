"""Reads while members vote: `python -m tests.bench.mixed` (`make bench BENCH_CASES=mixed`).

The main bench measures reads and writes apart, which hides what happens when they meet.
Here wrk reads one page (the anonymous list, an idea's page, the signed-in list) while a
voter thread in this process votes and unvotes at a steady rate (0, 5, 20, 50, 200 votes
a second by default) as the forum's vote members, through the same fast vote path a
browser uses. For each page and rate it prints read requests/s, p99, the share of the
same page's read-only figure (rate 0, measured in the same round) and the cache hit rate
(answers carrying `X-Cache: hit` or `stale`: from a stored page, not rendered).

The load generator and the voter share the machine's cores with the server: numbers are
noisy, and each case runs `--rounds` times (its requests/s the mean, its p99 the worst).
"""

import argparse
import http.client
import shutil
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from statistics import fmean

from app.security import CSRF_COOKIE, CSRF_FIELD, SESSION_COOKIE
from tests.bench import cases, databases, wrk
from tests.bench.generate import SIZES
from tests.bench.run import ENGINES, _engines, run_dir, serving

PAGES = ("ideas-anon", "idea", "ideas-member")
VOTER_THREADS = 8
RATES = (0, 5, 20, 50, 200)

CACHE_COUNTER = """
local threads = {}
hits = 0
stale = 0
misses = 0

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  local how = headers["x-cache"] or headers["X-Cache"]
  if how == "hit" then hits = hits + 1
  elseif how == "stale" then stale = stale + 1
  else misses = misses + 1 end
end

function done(summary, latency, requests)
  local h, s, m = 0, 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    s = s + thread:get("stale")
    m = m + thread:get("misses")
  end
  io.write(string.format("CACHE %d %d %d\\n", h, s, m))
end
"""


@dataclass
class Mixed:
    page: str
    db: str
    rate: int
    rps: list[float] = field(default_factory=list)
    p99_ms: list[float] = field(default_factory=list)
    hits: int = 0
    stale: int = 0
    misses: int = 0
    votes_per_second: list[float] = field(default_factory=list)
    vote_failures: int = 0
    vote_answers: Counter = field(default_factory=Counter)  # what the failures were

    @property
    def hit_rate(self) -> float | None:
        total = self.hits + self.stale + self.misses
        return 100.0 * (self.hits + self.stale) / total if total else None


class Voter:
    """Votes then unvotes at `rate` a second, for (member, idea) pairs in turn, on one
    kept-alive connection, until stopped; counts what it did."""

    def __init__(self, base_url: str, prepared: cases.Prepared, idea_ids: list[int], rate: int):
        host, port = base_url.removeprefix("http://").split(":")
        self.address = (host, int(port))
        self.prepared, self.idea_ids, self.rate = prepared, idea_ids, rate
        self.done = 0
        self.failures = 0
        self.failed_answers: Counter = Counter()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        # As members do, from several connections: one would wait on each answer.
        count = min(VOTER_THREADS, max(1, rate // 5))
        self._threads = [
            threading.Thread(target=self._run, args=(i, count), daemon=True) for i in range(count)
        ]

    def __enter__(self) -> "Voter":
        self.started = time.monotonic()
        if self.rate:
            for thread in self._threads:
                thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        if self.rate:
            for thread in self._threads:
                thread.join()
        self.seconds = time.monotonic() - self.started

    def _run(self, index: int, count: int) -> None:
        connection = http.client.HTTPConnection(*self.address, timeout=30)
        csrf = self.prepared.csrf
        # Each thread its own members, so that two never race on one vote.
        tokens = self.prepared.vote_tokens[index::count]
        n = 0
        next_at = time.monotonic() + index / self.rate
        while not self._stop.is_set():
            pair, action = divmod(n, 2)
            token = tokens[(pair * 101) % len(tokens)]
            idea = self.idea_ids[(pair * 37) % len(self.idea_ids)]
            path = f"/ideas/{idea}/{'unvote' if action else 'vote'}"
            headers = {
                "Cookie": f"{SESSION_COOKIE}={token}; {CSRF_COOKIE}={csrf}",
                "Content-Type": "application/x-www-form-urlencoded",
            }
            try:
                connection.request("POST", path, body=f"{CSRF_FIELD}={csrf}", headers=headers)
                answer = connection.getresponse()
                answer.read()
                location = answer.getheader("Location") or ""
                ok = answer.status == 303 and "login" not in location
                what = f"{answer.status} {location}".strip()
            except OSError as error:
                ok, what = False, type(error).__name__
                connection.close()
                connection = http.client.HTTPConnection(*self.address, timeout=30)
            with self._lock:
                self.done += ok
                self.failures += not ok
                if not ok:
                    self.failed_answers[what] += 1
            n += 1
            next_at += count / self.rate
            self._stop.wait(max(0.0, next_at - time.monotonic()))
        connection.close()


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m tests.bench.mixed", description=__doc__)
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per case")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--rates", default=",".join(map(str, RATES)))
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--size", default="small", choices=tuple(SIZES))
    parser.add_argument("--databases", default=",".join(ENGINES))
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    args.rates = [int(r) for r in args.rates.split(",") if int(r)]
    args.pages = [p for p in args.pages.split(",") if p]
    args.databases = [d for d in args.databases.split(",") if d]
    args.rates.insert(0, 0)  # the read-only figure every share is of
    return args


def _measure(server, forum, prepared, page: str, rate: int, args, script: Path, row: Mixed):
    info = forum.info
    member_cookie = f"{SESSION_COOKIE}={prepared.member_token}; {CSRF_COOKIE}={prepared.csrf}"
    path = f"/ideas/{info['discussed_idea']}" if page == "idea" else "/ideas"
    headers = (f"Cookie: {member_cookie}",) if page == "ideas-member" else ()
    common = {"duration": args.duration, "connections": args.connections, "script": script}
    wrk.run(server.url + path, **{**common, "duration": 2}, headers=headers)  # warm up
    with Voter(server.url, prepared, info["vote_ideas"], rate) as voter:
        result = wrk.run(server.url + path, **common, headers=headers)
    row.rps.append(result.requests_per_second)
    row.p99_ms.append(result.latency_ms["99"])
    row.votes_per_second.append(voter.done / voter.seconds)
    row.vote_failures += voter.failures
    row.vote_answers.update(voter.failed_answers)
    for line in result.output.splitlines():
        if line.startswith("CACHE "):
            hits, stale, misses = map(int, line.split()[1:])
            row.hits += hits
            row.stale += stale
            row.misses += misses
    print(f"  {page:<13} {forum.engine_name:<10} {rate:>3} votes/s: "
          f"{result.requests_per_second:>9,.0f} requests/s, p99 {result.latency_ms['99']:.1f} ms, "
          f"{voter.done / voter.seconds:.0f} votes/s made", flush=True)  # fmt: skip


def table(rows: list[Mixed]) -> str:
    lines = [
        "| page | db | votes/s asked (made) | reads/s | p99 ms | share of read-only | cache hits |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        base = next(r for r in rows if (r.page, r.db, r.rate) == (row.page, row.db, 0))
        if not row.rps:
            continue
        rps = fmean(row.rps)
        share = 100.0 * rps / fmean(base.rps) if base.rps else 0.0
        made = fmean(row.votes_per_second)
        hit = row.hit_rate
        lines.append(
            f"| {row.page} | {row.db} | {row.rate} ({made:.0f}) | {rps:,.0f} "
            f"({'–'.join(f'{r:,.0f}' for r in row.rps)}) | {max(row.p99_ms):.1f} | "
            f"{share:.0f}% | {'-' if hit is None else f'{hit:.1f}%'} |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    args = parse_args(argv)
    if not shutil.which("wrk"):
        print("wrk is not installed: `make bench` installs it (apt-get install wrk).")
        return 2
    engines = _engines(args.databases)
    rows: dict[tuple, Mixed] = {}
    for engine in engines:
        forum = databases.ensure(engine, SIZES[args.size], rebuild=False)
        print(f"{forum.label}: {forum.url}", flush=True)
        script = run_dir(forum) / "mixed.lua"
        for round_ in range(args.rounds):
            print(f"Round {round_ + 1} of {args.rounds} on {engine}", flush=True)
            try:
                with serving(args, forum) as (server, prepared):
                    script.parent.mkdir(parents=True, exist_ok=True)
                    script.write_text(CACHE_COUNTER)
                    for page in args.pages:
                        # Read-only first and last: the figure shares are of is their
                        # mean, so a machine that drifts over the case moves both alike.
                        for rate in [*args.rates, 0]:
                            key = (page, engine, rate)
                            row = rows.setdefault(key, Mixed(page, engine, rate))
                            _measure(server, forum, prepared, page, rate, args, script, row)
            except RuntimeError as error:  # the server did not start, wrk failed...
                print(f"  round {round_ + 1} on {engine} stopped: {error}", flush=True)
    print()
    print(f"Reads while members vote ({args.size} forum, {args.workers} worker(s), wrk "
          f"-c{args.connections} for {args.duration} s, {args.rounds} round(s)):")  # fmt: skip
    print(table(list(rows.values())))
    failures = sum(row.vote_failures for row in rows.values())
    if failures:
        answers = sum((row.vote_answers for row in rows.values()), Counter())
        print(f"{failures} votes were not answered 303: {dict(answers.most_common(5))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
