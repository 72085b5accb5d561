#!/usr/bin/env python3
"""Opens a stance report in headless Chromium and checks it through the page's DOM.

Talks to Chromium over its DevTools protocol on a pipe (--remote-debugging-pipe): standard
library only, no port, no network. Used by tests/it/report.rs; runnable by hand:

    python3 tests/browser/report_check.py --html report.html --evidence evidence.jsonl
    python3 tests/browser/report_check.py --html hostile.html --hostile
    python3 tests/browser/report_check.py --html report.html --paint-only

Checks, always: the page's own script ran (CSP hashes right), no script error, no CSP
violation, no request to anything but the file itself, no dialog. With --evidence (the JSON Lines
of `stance score --evidence` for the same run): a clicked cell's panel shows that cell's n and
sentences and scopes, and keyboard navigation opens the next cell. With --hostile: after
opening every cell and every actor, the page holds no element or handler that data could have
injected, and the hostile text is shown as text. Prints one JSON line of figures (first paint
in ms); exits 1 on a failed check, 2 when Chromium cannot be run.
"""

import argparse
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    """A headless Chromium driven over --remote-debugging-pipe (fd 3 in, fd 4 out)."""

    def __init__(self, exe):
        self.profile = tempfile.mkdtemp(prefix="stance-report-check-")
        cmd_r, self.cmd_w = os.pipe()
        self.res_r, res_w = os.pipe()

        def wire():
            # Through high numbers first, so neither end overwrites the other; then made
            # inheritable, since dup2 onto the same number keeps close-on-exec.
            a, b = os.dup(cmd_r) + 100, os.dup(res_w) + 100
            os.dup2(cmd_r, a)
            os.dup2(res_w, b)
            os.dup2(a, 3)
            os.dup2(b, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        args = [
            exe,
            "--headless",
            "--remote-debugging-pipe",
            "--user-data-dir=" + self.profile,
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            # Nothing may resolve: a page that tried to reach a host would fail, not leak.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--window-size=1400,1000",
            "about:blank",
        ]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        self.proc = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=None if os.environ.get("REPORT_CHECK_VERBOSE") else subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=wire,
        )
        os.close(cmd_r)
        os.close(res_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def _read_message(self, deadline):
        while b"\0" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("Chromium did not answer in time")
            ready, _, _ = select.select([self.res_r], [], [], left)
            if ready:
                chunk = os.read(self.res_r, 1 << 16)
                if not chunk:
                    raise RuntimeError("Chromium closed the protocol pipe")
                self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.cmd_w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method, timeout=30):
        deadline = time.monotonic() + timeout
        for i, e in enumerate(self.events):
            if e.get("method") == method:
                return self.events.pop(i)
        while True:
            e = self._read_message(deadline)
            if e.get("method") == method:
                return e
            self.events.append(e)

    def close(self):
        try:
            self.call("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


# Installed before the page's own script: records CSP violations, which is how an injected
# handler or script would show itself even where CSP stops it from running.
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


class Page:
    def __init__(self, browser):
        self.b = browser
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.call(
            "Target.attachToTarget", {"targetId": target, "flatten": True}
        )["sessionId"]
        for domain in ("Page", "Runtime", "Network"):
            self.call(domain + ".enable")
        self.call("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH})
        self.call("Page.setLifecycleEventsEnabled", {"enabled": True})

    def call(self, method, params=None, timeout=30):
        return self.b.call(method, params, self.session, timeout)

    def eval(self, expression):
        r = self.call("Runtime.evaluate",
                      {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expression[:80]}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def open(self, url):
        """Navigates and waits for the load event; returns the milliseconds from the start of
        the navigation to the first paint (Chromium's lifecycle events; None if not seen)."""
        self.call("Page.navigate", {"url": url})
        self.b.wait_event("Page.loadEventFired", timeout=60)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            times = {}
            for e in self.events("Page.lifecycleEvent"):
                times.setdefault(e["params"]["name"], e["params"]["timestamp"])
            if "init" in times and "firstPaint" in times:
                return round((times["firstPaint"] - times["init"]) * 1000, 1)
            self.eval("new Promise(function (r) { requestAnimationFrame(function () { r(1); }); })")
        return None

    def click(self, selector):
        """A real mouse click at the centre of the element."""
        box = self.eval(
            f"""(function () {{
              var e = document.querySelector({json.dumps(selector)});
              if (!e) return null;
              e.scrollIntoView({{block: 'center', inline: 'center'}});
              var r = e.getBoundingClientRect();
              return [r.left + r.width / 2, r.top + r.height / 2];
            }})()"""
        )
        if box is None:
            raise CheckFailed(f"nothing matches {selector}")
        for kind in ("mousePressed", "mouseReleased"):
            self.call(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": box[0], "y": box[1], "button": "left", "clickCount": 1},
            )

    def key(self, key, code=None):
        for kind in ("keyDown", "keyUp"):
            self.call(
                "Input.dispatchKeyEvent",
                {"type": kind, "key": key, "code": code or key,
                 "windowsVirtualKeyCode": {"ArrowRight": 39, "ArrowDown": 40, "Enter": 13}.get(key, 0)},
            )

    def events(self, method):
        return [e for e in self.b.events if e.get("method") == method and e.get("sessionId") == self.session]


class CheckFailed(Exception):
    pass


def check(cond, message):
    if not cond:
        raise CheckFailed(message)


PANEL = """(function () {
  var p = document.getElementById('cell-panel');
  var sel = document.querySelector('rect.cell.selected');
  return {
    source: sel && sel.getAttribute('data-source'),
    target: sel && sel.getAttribute('data-target'),
    n: (p.querySelector('dd[data-field="n"]') || {}).textContent,
    sentences: Array.prototype.map.call(p.querySelectorAll('ol.evidence blockquote'), function (q) { return q.textContent; }),
    scopes: Array.prototype.map.call(p.querySelectorAll('ol.evidence mark.scope'), function (q) { return q.textContent; }),
    rules: Array.prototype.map.call(p.querySelectorAll('ol.evidence .rule'), function (q) { return q.getAttribute('data-rule'); }),
    docs: Array.prototype.map.call(p.querySelectorAll('ol.evidence .doc-id'), function (q) { return q.textContent; }),
    scorer: document.getElementById('scorer').selectedOptions[0].textContent
  };
})()"""


def load_evidence(path):
    lines = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                lines.append(json.loads(line))
    return lines


def check_panel(panel, evidence):
    """The panel of the selected cell against the evidence file of the same run."""
    src, tgt, scorer = panel["source"], panel["target"], panel["scorer"]
    check(src and tgt, f"no cell is selected: {panel}")
    mine = [e for e in evidence
            if e["source"] == src and e["target"] == tgt and e["scores"].get(scorer) is not None]
    check(mine, f"the evidence file has no {scorer} line for {src} -> {tgt}")
    check(panel["n"] == str(len(mine)),
          f"{src} -> {tgt}: the panel says n = {panel['n']}, the evidence file has {len(mine)} lines")
    texts = {e["text"] for e in mine}
    scopes = {e["scope"] for e in mine}
    check(len(panel["sentences"]) == min(3, len(mine)),
          f"{src} -> {tgt}: {len(panel['sentences'])} sentences shown, expected {min(3, len(mine))}")
    for s in panel["sentences"]:
        check(s in texts or s.rstrip("…").lstrip("…") in " ".join(texts),
              f"{src} -> {tgt}: the panel shows a sentence that is not this cell's: {s!r}")
    for s in panel["scopes"]:
        check(s in scopes, f"{src} -> {tgt}: the marked scope {s!r} is not a scope of this cell")
    # Each item as a whole (document, sentence, scope, rule) is one of the cell's lines.
    lines = {(e["doc"], e["scope"], e["rule"]) for e in mine}
    check(len(panel["docs"]) == len(panel["scopes"]) == len(panel["rules"]) == len(panel["sentences"]),
          f"{src} -> {tgt}: evidence items lack a document, scope or rule")
    for item in zip(panel["docs"], panel["scopes"], panel["rules"]):
        check(item in lines, f"{src} -> {tgt}: the item {item} is not one of this cell's attributions")
    strongest = max(abs(e["scores"][scorer]) for e in mine)
    top = {e["text"] for e in mine if abs(e["scores"][scorer]) == strongest}
    check(any(s in top for s in panel["sentences"]),
          f"{src} -> {tgt}: the strongest sentence (|score| {strongest}) is not shown")


HOSTILE_DOM = """(function () {
  var bad = [];
  var scripts = document.querySelectorAll('script');
  if (scripts.length !== 2) bad.push(scripts.length + ' script elements');
  ['img', 'iframe', 'object', 'embed', 'a', 'form', 'link', 'meta[http-equiv="refresh"]', 'base', 'svg script', 'foreignObject']
    .forEach(function (s) { var n = document.querySelectorAll(s).length; if (n) bad.push(n + ' ' + s); });
  Array.prototype.forEach.call(document.querySelectorAll('*'), function (e) {
    Array.prototype.forEach.call(e.attributes, function (a) {
      if (/^on/i.test(a.name)) bad.push('handler ' + a.name + ' on ' + e.tagName);
      if (/javascript:/i.test(a.value) && a.name !== 'aria-label' && a.name.indexOf('data-') !== 0) bad.push('javascript: in ' + a.name);
      if (a.name === 'href' || a.name === 'src' || a.name === 'xlink:href') bad.push(a.name + ' on ' + e.tagName);
    });
  });
  if (window.__pwned !== undefined) bad.push('window.__pwned set');
  return bad;
})()"""


def run(args):
    exe = find_chromium()
    if not exe:
        print("report_check: no Chromium found (apt-get install chromium)", file=sys.stderr)
        return 2
    url = "file://" + os.path.abspath(args.html)
    browser = Browser(exe)
    try:
        page = Page(browser)
        first_paint = page.open(url)
        figures = {"html": args.html, "bytes": os.path.getsize(args.html), "first_paint_ms": first_paint}
        # The page draws its network and summary in a task after the first paint.
        ready = page.eval("""new Promise(function (done) {
          var start = Date.now();
          (function poll() {
            var r = document.body.getAttribute('data-ready');
            if (r || Date.now() - start > 20000) done(r); else setTimeout(poll, 20);
          })();
        })""")
        check(ready == "1", "the page's script did not run to the end (CSP hash or script error)")
        figures["load_ms"] = page.eval(
            "(function () { var n = performance.getEntriesByType('navigation')[0]; return n ? n.loadEventEnd : null; })()"
        )
        cells = page.eval("document.querySelectorAll('rect.cell').length")
        figures["cells"] = cells
        check(cells > 0, "the heatmap has no cell")

        if args.evidence:
            evidence = load_evidence(args.evidence)
            # The cell with the most evidence lines for the shown scorer: a real test of the top-k.
            page.click("rect.cell")
            first = page.eval(PANEL)
            check_panel(first, evidence)
            busiest = page.eval("""(function () {
              var best = null, bn = -1;
              Array.prototype.forEach.call(document.querySelectorAll('rect.cell'), function (r, i) {
                var n = +(r.getAttribute('aria-label').split(', n ')[1]);
                if (n > bn) { bn = n; best = r; }
              });
              best.classList.add('check-target');
              return bn;
            })()""")
            page.click("rect.cell.check-target")
            check_panel(page.eval(PANEL), evidence)
            figures["checked_cell_n"] = busiest
            # Then every cell of the heatmap, opened by a synthetic click.
            for i in range(cells):
                page.eval(f"document.querySelectorAll('rect.cell')[{i}].dispatchEvent(new MouseEvent('click'))")
                check_panel(page.eval(PANEL), evidence)
            figures["cells_checked"] = cells
            if args.timeline:
                dots = page.eval("document.querySelectorAll('#cell-panel .timeline circle.dot').length")
                check(dots > 0, "the opened cell shows no time line")
                figures["timeline_dots"] = dots
            # Keyboard: focus the first cell, arrow to another (right, else down), Enter opens it.
            where = "document.activeElement.getAttribute('data-row') + ',' + document.activeElement.getAttribute('data-col')"
            page.eval("document.querySelector('rect.cell').focus()")
            before = page.eval(where)
            page.key("ArrowRight")
            if page.eval(where) == before:
                page.key("ArrowDown")
            after = page.eval(where)
            page.key("Enter")
            panel = page.eval(PANEL)
            if after != before:
                check(panel["source"] == page.eval("document.activeElement.getAttribute('data-source')")
                      and panel["target"] == page.eval("document.activeElement.getAttribute('data-target')"),
                      "Enter on a focused cell did not open it")
                check_panel(panel, evidence)
            figures["keyboard_moved"] = after != before
            # An actor's panel: its row and column.
            page.click("button.link[data-actor]")
            rows = page.eval("document.querySelectorAll('#actor-panel table.profile tr').length")
            check(rows > 1, "the actor panel shows no profile")

        if args.hostile:
            # Open every cell and every actor, so every piece of data is on the page once.
            # What each panel showed is kept, to check the hostile text was shown as text.
            n = page.eval("""(function () {
              window.__seen = '';
              var seen = function () {
                window.__seen += document.getElementById('cell-panel').textContent + ' | ' +
                  document.getElementById('actor-panel').textContent + ' | ';
              };
              var cells = document.querySelectorAll('rect.cell');
              Array.prototype.forEach.call(cells, function (r) { r.dispatchEvent(new MouseEvent('click')); seen(); });
              var names = document.querySelectorAll('svg.heat text.axis');
              Array.prototype.forEach.call(names, function (t) { t.dispatchEvent(new MouseEvent('click')); seen(); });
              return cells.length;
            })()""")
            page.click("rect.cell")
            bad = page.eval(HOSTILE_DOM)
            check(not bad, f"injected into the page: {bad}")
            shown = page.eval("window.__seen + document.body.textContent")
            for needle in args.expect_text or []:
                check(needle in shown, f"the hostile text {needle!r} is not shown as text")
            figures["hostile_cells_opened"] = n

        time.sleep(0.2)  # let late events (dialogs, requests) arrive
        page.eval("1")
        dialogs = page.events("Page.javascriptDialogOpening")
        check(not dialogs, f"a dialog opened: {dialogs[:1]}")
        errors = page.events("Runtime.exceptionThrown")
        check(not errors, f"script error: {errors[:1]}")
        requests = [e["params"]["request"]["url"] for e in page.events("Network.requestWillBeSent")]
        foreign = [u for u in requests if u != url]
        check(not foreign, f"the page asked for {foreign[:3]}")
        violations = page.eval("window.__violations")
        check(not violations, f"CSP violations: {violations}")
        if args.screenshot:
            import base64
            shot = page.call("Page.captureScreenshot", {"format": "png"})
            with open(args.screenshot, "wb") as f:
                f.write(base64.b64decode(shot["data"]))
        print(json.dumps(figures))
        return 0
    except CheckFailed as e:
        print(f"report_check: {args.html}: {e}", file=sys.stderr)
        return 1
    finally:
        browser.close()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--html", required=True)
    p.add_argument("--evidence", help="the --evidence JSON Lines of the same run")
    p.add_argument("--hostile", action="store_true")
    p.add_argument("--expect-text", action="append", help="text the page must show (as text)")
    p.add_argument("--timeline", action="store_true", help="the opened cell must show a time line")
    p.add_argument("--screenshot", help="write a PNG of the page at the end")
    sys.exit(run(p.parse_args()))


if __name__ == "__main__":
    main()
