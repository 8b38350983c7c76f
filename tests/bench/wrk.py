"""Running wrk and reading what it prints.

`wrk -t2 -c32 -d10s --latency` by default. Two additions, both so that the numbers mean
what they say: `--timeout` is raised well above wrk's 2 s default (a request slower than
the timeout is dropped from wrk's latency histogram and counted as a socket error, which
would flatter a slow case's p99), and every request says `Accept-Encoding: gzip`, as
every browser does, so compressed pages cost what they cost in production.

wrk does not follow redirects and counts only 4xx/5xx as "Non-2xx or 3xx responses", so
a vote answered 303 is a success. Scripts that need it also report the status codes seen
(a `response` callback), printed by `done` on lines starting with STATUS; a redirect to
the sign-in page is reported apart ("303-login"), since it is a refusal.
"""

import re
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

THREADS = 2
TIMEOUT = "30s"
BROWSER_HEADERS = ("Accept-Encoding: gzip, deflate",)

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_DURATION = re.compile(r"^([\d.]+)(us|ms|s|m|h)$")


@dataclass
class WrkResult:
    requests: int = 0
    requests_per_second: float = 0.0
    latency_ms: dict[str, float] = field(default_factory=dict)  # "50", "75", "90", "99"
    non_2xx_3xx: int = 0
    socket_errors: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    output: str = ""

    @property
    def errors(self) -> int:
        return self.non_2xx_3xx + sum(self.socket_errors.values())

    def as_dict(self) -> dict:
        result = asdict(self)
        result.pop("output")
        return result


def _milliseconds(text: str) -> float:
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse(output: str) -> WrkResult:
    result = WrkResult(output=output)
    for line in output.splitlines():
        line = line.strip()
        if match := re.match(r"^(50|75|90|99)%\s+(\S+)$", line):
            result.latency_ms[match.group(1)] = _milliseconds(match.group(2))
        elif match := re.match(r"^(\d+) requests in ", line):
            result.requests = int(match.group(1))
        elif line.startswith("Requests/sec:"):
            result.requests_per_second = float(line.split()[1])
        elif line.startswith("Non-2xx or 3xx responses:"):
            result.non_2xx_3xx = int(line.split(":")[1])
        elif line.startswith("Socket errors:"):
            for kind, count in re.findall(r"(\w+) (\d+)", line.split(":", 1)[1]):
                result.socket_errors[kind] = int(count)
        elif match := re.match(r"^STATUS (\S+) (\d+)$", line):
            result.statuses[match.group(1)] = int(match.group(2))
    if "Requests/sec:" not in output or "99" not in result.latency_ms:
        raise RuntimeError(f"could not read wrk's output:\n{output}")
    return result


def run(
    url: str,
    *,
    duration: int,
    connections: int,
    script: Path | None = None,
    headers: tuple[str, ...] = (),
) -> WrkResult:
    command = [
        "wrk", f"-t{THREADS}", f"-c{connections}", f"-d{duration}s", "--latency",
        "--timeout", TIMEOUT,
    ]  # fmt: skip
    for header in (*BROWSER_HEADERS, *headers):
        command += ["-H", header]
    if script is not None:
        command += ["-s", str(script)]
    command.append(url)
    finished = subprocess.run(command, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        raise RuntimeError(
            f"wrk failed ({finished.returncode}): {finished.stderr}{finished.stdout}".strip()
        )
    return parse(finished.stdout)


def lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def lua_list(values) -> str:
    return "{" + ", ".join(lua_string(v) if isinstance(v, str) else str(v) for v in values) + "}"


# Counts status codes per thread and prints them at the end (`STATUS <code> <count>`).
STATUS_COUNTER = """
local threads = {}
statuses = {}

function setup(thread)
  thread:set("thread_number", #threads)
  table.insert(threads, thread)
end

function response(status, headers, body)
  local key = tostring(status)
  -- A redirect to the sign-in page is a refusal, whatever its status code says.
  local location = headers["Location"] or headers["location"] or ""
  if string.find(location, "/login", 1, true) then key = key .. "-login" end
  statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("STATUS %s %d\\n", status, count))
  end
end
"""


def rotating_paths_script(paths: list[str]) -> str:
    """GET each path in turn (per wrk thread)."""
    return f"""
local paths = {lua_list(paths)}
local n = 0
function request()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
"""


def vote_script(*, tokens: list[str], idea_ids: list[int], csrf: str) -> str:
    """Vote, then withdraw the same vote, for pairs of (member, idea) taken in turn.

    Each wrk thread has its own members (member index = thread number modulo the thread
    count), so two threads never race on the same vote; within a thread, requests for
    the same pair may overlap on different connections, which vote and unvote, both
    idempotent, must survive without a wrong count.
    """
    return (
        f"""
local tokens = {lua_list(tokens)}
local ideas = {lua_list(idea_ids)}
local csrf = {lua_string(csrf)}
local body = "csrf_token=" .. csrf
local per_thread = math.floor(#tokens / {THREADS})
local n = 0

function request()
  local pair = math.floor(n / 2)
  local action = (n % 2 == 0) and "vote" or "unvote"
  n = n + 1
  local member = ((pair * 101) % per_thread) * {THREADS} + thread_number + 1
  local idea = ideas[((pair * 37) % #ideas) + 1]
  local headers = {{}}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["Cookie"] = "cg_session=" .. tokens[member] .. "; cg_csrf=" .. csrf
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  return wrk.format("POST", "/ideas/" .. idea .. "/" .. action, headers, body)
end
"""
        + STATUS_COUNTER
    )


def stance_script(*, tokens: list[str], idea_ids: list[int], csrf: str) -> str:
    """Disagree, pass, then clear the answer, for pairs of (member, idea) taken in turn,
    each wrk thread with members of its own (as `vote_script`)."""
    return (
        f"""
local tokens = {lua_list(tokens)}
local ideas = {lua_list(idea_ids)}
local csrf = {lua_string(csrf)}
local stances = {{"disagree", "pass", "clear"}}
local per_thread = math.floor(#tokens / {THREADS})
local n = 0

function request()
  local pair = math.floor(n / 3)
  local stance = stances[(n % 3) + 1]
  n = n + 1
  local member = ((pair * 101) % per_thread) * {THREADS} + thread_number + 1
  local idea = ideas[((pair * 37) % #ideas) + 1]
  local headers = {{}}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["Cookie"] = "cg_session=" .. tokens[member] .. "; cg_csrf=" .. csrf
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  return wrk.format("POST", "/ideas/" .. idea .. "/stance", headers,
                    "csrf_token=" .. csrf .. "&stance=" .. stance)
end
"""
        + STATUS_COUNTER
    )
