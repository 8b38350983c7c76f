"""Outside judges of our pages: axe-core, the Nu HTML Checker (vnu) and Lighthouse, with
pinned versions from tests/judges/package.json, plus the phone-width checks axe leaves
to us. Nobody here wrote their rules, which is the point."""

import functools
import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Page, Request, Response

from app.config import PROJECT_ROOT
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, skip_unless_required

JUDGES = PROJECT_ROOT / "tests" / "judges" / "node_modules"
AXE = JUDGES / "axe-core" / "axe.min.js"
VNU = JUDGES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = JUDGES / ".bin" / "lighthouse"
LIGHTHOUSE_ATTEMPTS = 4
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"]
PHONE = {"width": 375, "height": 800}
MIN_TARGET = 24

# Controls that have no inline-text exception: each must be at least 24 x 24 px itself.
# (Links are judged by axe's target-size rule, which knows the inline and spacing cases.)
_SMALL_TARGETS = """() => [...document.querySelectorAll(
    'button, input:not([type=hidden]), select, textarea, summary')]
  .filter(e => e.offsetParent !== null)
  .map(e => [e, e.getBoundingClientRect()])
  .filter(([e, r]) => r.width < MIN || r.height < MIN)
  .map(([e, r]) => `${e.outerHTML.slice(0, 80)} is ${Math.round(r.width)}x${Math.round(r.height)}`)
""".replace("MIN", str(MIN_TARGET))


# The innermost elements that reach past the right edge: what to fix when a page scrolls.
_TOO_WIDE = """() => {
  const past = e => e.getBoundingClientRect().right > window.innerWidth + 0.5;
  return [...document.body.querySelectorAll('*')]
    .filter(e => past(e) && ![...e.children].some(past))
    .slice(0, 3).map(e => e.outerHTML.slice(0, 100));
}"""


def require_axe() -> None:
    if not AXE.exists():
        skip_unless_required(
            "accessibility checks skipped: run `make test` with npm to install axe-core"
        )


def require_vnu() -> None:
    if not VNU.exists() or not shutil.which("java"):
        skip_unless_required("HTML validation skipped: needs Java and tests/judges (npm)")


def require_lighthouse() -> None:
    if not LIGHTHOUSE.exists() or not shutil.which("node"):
        skip_unless_required("Lighthouse skipped: needs Node.js and tests/judges (npm)")


@functools.cache
def _axe_source() -> str:
    return AXE.read_text()


def axe_violations(page: Page, *, rules: list[str] | None = None) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so the page's strict CSP stays on.
        page.evaluate(_axe_source())
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": AXE_TAGS}
    return page.evaluate(
        """async (runOnly) => {
            // Only violations are wanted: axe then skips detailing every passing node.
            const result = await axe.run(document, {runOnly, resultTypes: ["violations"]});
            const where = v => v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ');
            return result.violations.map(v => `${v.id} (${v.impact}): ${v.help} at ${where(v)}`);
        }""",
        run_only,
    )


# Each CSP refusal, kept in the page too (`window.cspViolations`), so a test can ask
# for them after any number of htmx swaps without relying on the console.
CSP_VIOLATIONS = "cspViolations"
_REPORT_CSP_VIOLATIONS = """
window.VIOLATIONS = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const text = `CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || "?"}:${event.lineNumber}`;
  window.VIOLATIONS.push(text);
  console.error(text);
});
""".replace("VIOLATIONS", CSP_VIOLATIONS)


class PageJudge:
    """Watches one browser page and judges each state of it it is asked to."""

    def __init__(
        self, page: Page, html_dir: Path, *, dark_page: Page | None = None, axe: bool = True
    ) -> None:
        """`dark_page`, in a context that prefers the dark scheme, re-checks contrast there.
        (Switching one page's scheme back and forth leaves Chromium's styles half-updated,
        so the dark check loads the page afresh.) `axe=False` leaves axe out (the slowest
        judge), keeping the checks for errors, width and target size."""
        self.page = page
        self.dark_page = dark_page
        self.axe = axe
        self.html_dir = html_dir
        self.judged: list[str] = []
        self._errors: list[str] = []
        # A CSP refusal (an inline style htmx or a script applies, say) is not always a
        # console error the page logs: report each one as an error the check then sees.
        page.add_init_script(_REPORT_CSP_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self._errors.append(f"uncaught: {error}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        # The browser logs every 4xx it receives. A 403/404/429 page visited on purpose,
        # or the 422 of a form re-shown with its errors, is the answer we asked for.
        source = message.location.get("url", "")
        if "Failed to load resource" in message.text and (
            source == self.page.url or "status of 422" in message.text
        ):
            return
        self._errors.append(f"console: {message.text}")

    def _failed(self, request: Request) -> None:
        # ERR_ABORTED: the page was left while a request was in flight, not a failure.
        if "ERR_ABORTED" not in (request.failure or ""):
            self._errors.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response: Response) -> None:
        kind = response.request.resource_type
        if response.status >= 400 and kind != "document" and not _form_errors(response):
            self._errors.append(f"{response.status} for {response.url}")

    def judge(self, label: str, *, reload_dark: bool = True) -> list[str]:
        """Every judgement on the page as it is now; returns the problems found.
        `reload_dark=False` for a state a GET cannot reproduce (after a form or a swap)."""
        page = self.page
        page.wait_for_load_state("load")
        problems = [f"axe: {v}" for v in axe_violations(page)] if self.axe else []
        if self.dark_page is not None and reload_dark:
            self.dark_page.goto(page.url)
            dark = axe_violations(self.dark_page, rules=["color-contrast"])
            problems += [f"axe (dark): {v}" for v in dark]
        width, viewport = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width > viewport:
            wide = page.evaluate(_TOO_WIDE)
            problems.append(f"scrolls sideways at {viewport}px ({width}px wide) because of {wide}")
        problems += [f"target under 24px: {t}" for t in page.evaluate(_SMALL_TARGETS)]
        problems += self._errors
        self._errors = []

        self.judged.append(label)
        name = f"{len(list(self.html_dir.glob('*.html'))):04}.html"
        self.html_dir.mkdir(parents=True, exist_ok=True)
        (self.html_dir / name).write_text(page.content())
        (self.html_dir / f"{name}.label").write_text(label)
        return [f"{label}: {problem}" for problem in problems]


def _form_errors(response: Response) -> bool:
    """An htmx form post answered 422: the form re-shown with its errors, not a failure."""
    return response.status == 422 and response.request.resource_type in ("xhr", "fetch")


def vnu_problems(html_dir: Path) -> list[str]:
    """Nu HTML Checker errors for every saved page, in one JVM run."""
    files = sorted(str(path) for path in html_dir.glob("*.html"))
    if not files:
        return []
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    problems = []
    for message in messages:
        path = Path(urlsplit(message.get("url", "")).path)
        label_file = path.with_name(path.name + ".label")
        label = label_file.read_text() if label_file.exists() else path.name
        problems.append(f"{label}: vnu line {message.get('lastLine')}: {message['message']}")
    return problems


@dataclass(frozen=True)
class LighthouseRun:
    scores: dict[str, float]
    form_factor: str  # "mobile": a phone's screen, touch and a slow CPU and network
    screen: tuple[int, int]  # the emulated viewport, CSS px


def lighthouse_scores(url: str, report: Path, *, cookie: str | None = None) -> LighthouseRun:
    """Run Lighthouse on `url` as on a phone (its mobile form factor, said explicitly so
    a change of Lighthouse's default cannot move the run to a desktop); keeps the HTML
    and JSON reports at `report`."""
    report.parent.mkdir(parents=True, exist_ok=True)
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output=html",
        f"--output-path={report}", f"--chrome-flags={flags}", "--form-factor=mobile",
        "--only-categories=performance,accessibility,best-practices,seo",
    ]  # fmt: skip
    if cookie:
        command.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
    environment = {**os.environ, "CHROME_PATH": CHROMIUM}
    # On a busy machine Lighthouse's own Chrome now and then fails to start or to record
    # the trace (NO_NAVSTART, NO_FCP): such a run says nothing about the page, so try again.
    for attempt in range(LIGHTHOUSE_ATTEMPTS):
        if attempt:
            time.sleep(2)
        run = subprocess.run(command, capture_output=True, text=True, timeout=180, env=environment)
        if run.returncode == 0:
            break
    else:
        raise AssertionError(f"Lighthouse failed on {url}:\n{run.stderr[-3000:]}")
    result = json.loads(report.with_name(report.name + ".report.json").read_text())
    settings = result["configSettings"]
    screen = settings["screenEmulation"]
    return LighthouseRun(
        scores={name: category["score"] for name, category in result["categories"].items()},
        form_factor=settings["formFactor"] if screen["mobile"] else "desktop",
        screen=(screen["width"], screen["height"]),
    )
