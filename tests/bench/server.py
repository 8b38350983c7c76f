"""Serving the app (or the reference page) the way production does: a uvicorn process.

`uvicorn app.main:app --workers N --no-access-log` with COMMONGROUND_ENV=production and a
random secret key, exactly what a deployment runs, not a TestClient or an in-process
server that would share the benchmark's own interpreter. Everything the server prints
goes to a log file beside its var/ directory, for when a case fails.
"""

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from app.config import PROJECT_ROOT, Settings

READY_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def app_environment(*, database_url: str, var_dir: Path, port: int) -> dict[str, str]:
    """A production environment; any COMMONGROUND_* of the caller's is left out, so that
    the developer's own settings (a Redis URL, say) cannot leak into the measurement."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMMONGROUND_")}
    env |= {
        "COMMONGROUND_ENV": "production",
        "COMMONGROUND_SECRET_KEY": secrets.token_urlsafe(36),  # 48 characters
        "COMMONGROUND_BASE_URL": f"http://127.0.0.1:{port}",
        "COMMONGROUND_DATABASE_URL": database_url,
        "COMMONGROUND_VAR_DIR": str(var_dir),
        "COMMONGROUND_RATE_LIMITS": "off",
        "COMMONGROUND_MAIL_BACKEND": "file",
    }
    if "mail_worker" in Settings.model_fields:
        env["COMMONGROUND_MAIL_WORKER"] = "off"
    # The bench measures the insight on its own; a recomputation mid-case would skew it.
    if "insight_worker" in Settings.model_fields:
        env["COMMONGROUND_INSIGHT_WORKER"] = "off"
        env["COMMONGROUND_INSIGHT_VISIBILITY"] = "public"  # the `insight` case reads it
    return env


class Server:
    """One uvicorn process on a free port: `with Server(...) as server: server.url`."""

    def __init__(
        self, target: str, *, workers: int, log_path: Path, env: dict[str, str] | None = None,
        port: int | None = None, ready_path: str = "/healthz",
    ) -> None:  # fmt: skip
        self.target = target
        self.workers = workers
        self.log_path = log_path
        self.port = port or free_port()
        self.env = env or dict(os.environ)
        self.ready_path = ready_path
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "Server":
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable, "-m", "uvicorn", self.target,
            "--host", "127.0.0.1", "--port", str(self.port),
            "--workers", str(self.workers), "--no-access-log",
        ]  # fmt: skip
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                command, cwd=PROJECT_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.target} exited at start; see {self.log_path}")
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            try:
                connection.request("GET", self.ready_path)
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            finally:
                connection.close()
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.target} was not ready in {READY_TIMEOUT:.0f} s")

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server process and its workers (user + system)."""
        if self.process is None:
            return 0.0
        return sum(_cpu_seconds(pid) for pid in process_tree(self.process.pid))

    def stop(self) -> None:
        """Graceful stop (uvicorn finishes the requests in flight), then a kill if stuck."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __exit__(self, *_exc) -> None:
        self.stop()


def process_tree(pid: int) -> list[int]:
    pids = [pid]
    for parent in pids:
        try:
            children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        except OSError:
            continue
        pids += [int(child) for child in children]
    return pids


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # After the command name: state is field 3, utime 14 and stime 15 (1-based).
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
