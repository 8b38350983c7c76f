"""What a page costs when no stored copy serves it: `python -m tests.bench.misses`
(`make bench BENCH_CASES=misses`).

A cached page costs a fraction of a millisecond; what decides how a forum copes with
writes (each one leaves some stored page to render again) is the cost of a miss. Here one
client asks the server, one request at a time, for a page just after a write other than
a vote (the server's page generation moved on, as a new comment or an edit moves it, so
no stored copy may be served), and the server's CPU time over those requests, divided by
their number, is the figure: the anonymous list, an idea's page and the signed-in list.
A cached hit of the same page is measured the same way beside it, so what the client's
own requests cost the server (parsing, the event loop) is seen apart from the render.
"""

import argparse
import http.client
import sys
from dataclasses import dataclass
from statistics import median

from app.fast.generation import FileGeneration
from app.security import CSRF_COOKIE, SESSION_COOKIE
from tests.bench import databases
from tests.bench.generate import SIZES
from tests.bench.run import ENGINES, _engines, run_dir, serving

PAGES = ("ideas-anon", "idea", "ideas-member")
WARMUP = 50


@dataclass
class Miss:
    page: str
    db: str
    miss_cpu_ms: list[float]
    hit_cpu_ms: list[float]


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m tests.bench.misses", description=__doc__)
    parser.add_argument("--requests", type=int, default=200, help="requests per figure")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--size", default="small", choices=tuple(SIZES))
    parser.add_argument("--databases", default=",".join(ENGINES))
    args = parser.parse_args(argv)
    args.pages = [p for p in args.pages.split(",") if p]
    args.databases = [d for d in args.databases.split(",") if d]
    args.workers = 1
    return args


def cpu_per_request(
    server, generation: FileGeneration, path: str, headers: dict, count: int, *, missing: bool
) -> float:
    """Milliseconds of the server's CPU per request for `count` sequential GETs of `path`
    (each just after a write if `missing`)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    headers = {**headers, "Accept-Encoding": "gzip"}
    try:
        # Warm up first: the first renders of a page compile templates and queries.
        for _ in range(WARMUP if missing else 1):
            if missing:
                generation.bump()
            connection.request("GET", path, headers=headers)
            connection.getresponse().read()
        before = server.cpu_seconds()
        for _ in range(count):
            if missing:
                generation.bump()  # as a committed write does (app/fast/generation.py)
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"GET {path} answered {response.status}")
            cached = response.getheader("x-cache")
            if missing and cached:
                raise RuntimeError(f"GET {path} came from a cache ({cached})")
        return 1000.0 * (server.cpu_seconds() - before) / count
    finally:
        connection.close()


def main(argv=None) -> int:
    args = parse_args(argv)
    rows: list[Miss] = []
    for engine in _engines(args.databases):
        forum = databases.ensure(engine, SIZES[args.size], rebuild=False)
        print(f"{forum.label}: {forum.url}", flush=True)
        with serving(args, forum) as (server, prepared):
            # The server's page generation (a file while no Redis is set, as here).
            generation = FileGeneration(run_dir(forum) / "cache" / "page-generation")
            member = {"Cookie": f"{SESSION_COOKIE}={prepared.member_token}; "
                                f"{CSRF_COOKIE}={prepared.csrf}"}  # fmt: skip
            for page in args.pages:
                path = f"/ideas/{forum.info['discussed_idea']}" if page == "idea" else "/ideas"
                headers = member if page == "ideas-member" else {}
                row = Miss(page, engine, [], [])
                for _ in range(args.rounds):
                    for missing, figures in ((True, row.miss_cpu_ms), (False, row.hit_cpu_ms)):
                        figures.append(cpu_per_request(
                            server, generation, path, headers, args.requests, missing=missing
                        ))  # fmt: skip
                rows.append(row)
                print(f"  {page:<13} {engine:<10} miss {median(row.miss_cpu_ms):.2f} ms, "
                      f"hit {median(row.hit_cpu_ms):.2f} ms of CPU", flush=True)  # fmt: skip
    print()
    print(f"Server CPU per request ({args.size} forum, sequential, median of {args.rounds} "
          f"rounds of {args.requests}):")  # fmt: skip
    print("| page | db | miss (rendered) ms | hit (stored) ms | render ms |")
    print("|---|---|---|---|---|")
    for row in rows:
        miss, hit = median(row.miss_cpu_ms), median(row.hit_cpu_ms)
        print(f"| {row.page} | {row.db} | {miss:.2f} | {hit:.2f} | {miss - hit:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
