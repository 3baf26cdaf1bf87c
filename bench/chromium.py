#!/usr/bin/python3
"""What a clinic deploys instead of this kiosk: Chromium in kiosk mode
showing the same article. Run by build/bench (make bench), which prints the
figures beside the kiosk's; on its own:

    /usr/bin/python3 bench/chromium.py --content assets/content --runs 5

Installs Debian's chromium when it is missing (only here: the build and the
tests never need it). Generates an HTML page from the built-in Markdown,
laid out like the kiosk's Home (the lead picture, title and introduction
beside one large tile per topic) with every topic's text below it, in
DejaVu Sans at the kiosk's sizes and colours, for a 1920x1080 viewport.

Measures, for comparison with the kiosk:
  screenshot_ms   `chromium --headless --screenshot`: start to exit, the PNG
                  on disk (median of --runs)
  first_paint_ms  start to first contentful paint (PerformanceObserver in
                  the page, logged to stderr with the epoch time)
  pss_mib         summed PSS (/proc/PID/smaps_rollup) of every process of a
                  kiosk-style run (--kiosk) once the page has settled
  processes       how many processes that run has
  start_cpu_s     CPU seconds that run spent until the page settled
  rest_cpu_pct    its CPU share at rest (schedstat, every thread)
  rest_wakeups    its context switches a second at rest

Output on stdout: one "key value" line per figure, or "error TEXT" when
Chromium cannot be run. Progress goes to stderr.
"""

import argparse
import html
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--window-size=1920,1080",
]


def log(msg):
    print("chromium.py: " + msg, file=sys.stderr, flush=True)


def emit(key, value):
    print(f"{key} {value}", flush=True)


def ensure_chromium():
    """Returns None when Chromium is there, else why it cannot be."""
    if os.access(CHROMIUM, os.X_OK):
        return None
    if os.geteuid() != 0:
        return "chromium is not installed and installing it needs root"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    cmd = ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]
    log("installing Debian's chromium (only the benchmark needs it)")
    for attempt in range(2):
        r = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode == 0 and os.access(CHROMIUM, os.X_OK):
            return None
        if attempt == 0:
            subprocess.run(["apt-get", "update"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    last = r.stderr.strip().splitlines()
    return "apt-get install chromium failed" + (f" ({last[-1]})" if last else "")


# ---- the page ---------------------------------------------------------------

def inline(text):
    """Markdown spans the article uses: **bold**, *italic*, _italic_."""
    s = html.escape(text, quote=False)
    s = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", s)
    s = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", s)
    s = re.sub(r"(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)", r"<em>\1</em>", s)
    return s


def parse(md):
    """The article as blocks: (kind, text[, src]) with kind one of title,
    topic, sub, p, li, ol, img."""
    blocks = []
    para = []

    def flush():
        if para:
            blocks.append(("p", " ".join(para)))
            para.clear()

    for raw in md.splitlines():
        line = raw.strip()
        m = re.fullmatch(r"!\[(.*)\]\((\S+?)\)", line)
        if not line:
            flush()
        elif m:
            flush()
            blocks.append(("img", m.group(1), m.group(2)))
        elif line.startswith("### "):
            flush()
            blocks.append(("sub", line[4:]))
        elif line.startswith("## "):
            flush()
            blocks.append(("topic", line[3:]))
        elif line.startswith("# "):
            flush()
            blocks.append(("title", line[2:]))
        elif re.match(r"[-*+] ", line):
            flush()
            blocks.append(("li", line[2:]))
        elif re.match(r"\d+[.)] ", line):
            flush()
            blocks.append(("ol", line.split(" ", 1)[1]))
        else:
            para.append(line)
    flush()
    return blocks


def page(md, image_dir):
    blocks = parse(md)
    title = next((b[1] for b in blocks if b[0] == "title"), "Article")
    first_topic = next((i for i, b in enumerate(blocks) if b[0] == "topic"), len(blocks))
    intro = blocks[:first_topic]
    lead = next((b for b in intro if b[0] == "img"), None)
    topics = [b[1] for b in blocks if b[0] == "topic"]

    def src(s):
        return "file://" + os.path.join(image_dir, s)

    out = []
    list_open = None
    for b in blocks[first_topic:]:
        kind = b[0]
        if list_open and kind != list_open:
            out.append("</ul>" if list_open == "li" else "</ol>")
            list_open = None
        if kind in ("li", "ol") and not list_open:
            out.append("<ul>" if kind == "li" else "<ol>")
            list_open = kind
        if kind == "topic":
            n = topics.index(b[1])
            out.append(f'<h2 id="t{n}">{inline(b[1])}</h2>')
        elif kind == "sub":
            out.append(f"<h3>{inline(b[1])}</h3>")
        elif kind == "p":
            out.append(f"<p>{inline(b[1])}</p>")
        elif kind in ("li", "ol"):
            out.append(f"<li>{inline(b[1])}</li>")
        elif kind == "img":
            out.append(
                f'<figure><img src="{html.escape(src(b[2]))}" alt="{html.escape(b[1])}">'
                f"<figcaption>{inline(b[1])}</figcaption></figure>"
            )
    if list_open:
        out.append("</ul>" if list_open == "li" else "</ol>")

    intro_html = "".join(f"<p>{inline(b[1])}</p>" for b in intro if b[0] == "p")
    lead_html = (
        f'<img class="lead" src="{html.escape(src(lead[2]))}" alt="{html.escape(lead[1])}">' if lead else ""
    )
    tiles = "".join(f'<a class="tile" href="#t{i}">{inline(t)}</a>' for i, t in enumerate(topics))
    # The measuring hook: the first paints, with their epoch time, to the
    # console (--enable-logging=stderr shows it).
    hook = (
        "new PerformanceObserver(l=>{for(const e of l.getEntries())"
        "console.log('KIOSKBENCH '+e.name+' '+(performance.timeOrigin+e.startTime));})"
        ".observe({type:'paint',buffered:true});"
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta name="viewport" content="width=device-width">
<style>
html {{ background: #F5F7F8; color: #1C2830; font-family: "DejaVu Sans", sans-serif; font-size: 30px; line-height: 1.17; }}
body {{ margin: 0; padding: 48px; }}
.home {{ display: flex; gap: 48px; height: calc(100vh - 96px); }}
.home .left {{ flex: 0 0 43%; overflow: hidden; }}
.home .right {{ flex: 1; display: flex; flex-direction: column; gap: 12px; }}
.lead {{ display: block; width: 582px; max-width: 100%; margin: 0 auto 24px; }}
h1 {{ font-size: 58px; line-height: 1.15; margin: 0 0 24px; color: #0A6670; }}
.label {{ font-size: 24px; color: #4A5862; margin: 0; }}
.tile {{ display: flex; align-items: center; min-height: 96px; padding: 0 32px; box-sizing: border-box;
        background: #FFFFFF; border: 2px solid #C9D3D9; border-radius: 14px; color: #1C2830;
        font-size: 32px; font-weight: bold; text-decoration: none; }}
.tile::after {{ content: "\\203A"; margin-left: auto; color: #0A6670; font-size: 44px; }}
.tile:active {{ background: #E5EEEF; border-color: #0A6670; }}
article {{ max-width: 36em; margin: 96px auto 0; }}
h2 {{ font-size: 50px; color: #0A6670; margin: 96px 0 24px; }}
h3 {{ font-size: 36px; margin: 48px 0 12px; }}
p, li {{ margin: 0 0 24px; line-height: 1.35; }}
.home p {{ line-height: 1.17; }}
figure {{ margin: 24px 0; }}
figure img {{ display: block; max-width: 100%; margin: 0 auto; }}
figcaption {{ font-size: 26px; font-style: italic; color: #4A5862; text-align: center; }}
</style></head>
<body>
<div class="home"><div class="left">{lead_html}<h1>{inline(title)}</h1>{intro_html}</div>
<nav class="right"><p class="label">Choose a topic</p>{tiles}</nav></div>
<article>{"".join(out)}</article>
<script>{hook}</script>
</body></html>
"""


# ---- processes --------------------------------------------------------------

def children_map():
    kids = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                s = f.read()
        except OSError:
            continue
        ppid = int(s[s.rindex(")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(d))
    return kids


def tree(root):
    kids = children_map()
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


def pss_kib(pids):
    total = 0
    for p in pids:
        m = re.search(r"^Pss:\s+(\d+)", read(f"/proc/{p}/smaps_rollup"), re.M)
        total += int(m.group(1)) if m else 0
    return total


def cpu_ticks(pids, root):
    """utime+stime of every process, plus what the root has reaped."""
    total = 0
    for p in pids:
        s = read(f"/proc/{p}/stat")
        if not s:
            continue
        f = s[s.rindex(")") + 2:].split()
        total += int(f[11]) + int(f[12])
        if p == root:
            total += int(f[13]) + int(f[14])
    return total


def sched(pids):
    """(ns on a CPU, context switches) summed over every thread."""
    ns = sw = 0
    for p in pids:
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for t in tasks:
            s = read(f"/proc/{p}/task/{t}/schedstat").split()
            ns += int(s[0]) if s else 0
            st = read(f"/proc/{p}/task/{t}/status")
            for key in ("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches"):
                m = re.search(r"^" + key + r":\s+(\d+)", st, re.M)
                sw += int(m.group(1)) if m else 0
    return ns, sw


def stop(proc):
    pids = tree(proc.pid)
    for p in pids:
        try:
            os.kill(p, signal.SIGTERM)
        except ProcessLookupError:
            pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        for p in tree(proc.pid):
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
        proc.wait()


# ---- measurements ----------------------------------------------------------

def screenshot(url, work, i):
    profile = tempfile.mkdtemp(prefix="profile-", dir=work)
    png = os.path.join(work, f"shot-{i}.png")
    cmd = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={png}", url]
    t0 = time.monotonic()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ms = (time.monotonic() - t0) * 1000
    shutil.rmtree(profile, ignore_errors=True)
    if r.returncode != 0 or not os.path.getsize(png):
        raise RuntimeError(f"chromium --screenshot failed (exit {r.returncode})")
    return ms


def kiosk_run(url, work, rest_s):
    """A kiosk-style run: first paint, then memory, start CPU and rest."""
    profile = tempfile.mkdtemp(prefix="profile-", dir=work)
    errlog = os.path.join(work, "kiosk-run.log")
    cmd = [CHROMIUM, *FLAGS, "--kiosk", "--enable-logging=stderr", "--v=0", f"--user-data-dir={profile}", url]
    with open(errlog, "w") as err:
        started = time.time() * 1000
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
    fcp = None
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and fcp is None:
            time.sleep(0.02)
            m = re.search(r"KIOSKBENCH first-contentful-paint ([\d.]+)", read(errlog))
            if m:
                fcp = float(m.group(1)) - started
        if fcp is None:
            raise RuntimeError("no first paint within 30 s")
        # Settled: the whole tree quiet for a second (or 10 s at most).
        until = time.monotonic() + 10
        last = cpu_ticks(tree(proc.pid), proc.pid)
        while time.monotonic() < until:
            time.sleep(1)
            now = cpu_ticks(tree(proc.pid), proc.pid)
            if now - last <= 1:
                break
            last = now
        pids = tree(proc.pid)
        figures = {
            "first_paint_ms": fcp,
            "pss_mib": pss_kib(pids) / 1024,
            "processes": len(pids),
            "start_cpu_s": cpu_ticks(pids, proc.pid) / os.sysconf("SC_CLK_TCK"),
        }
        ns0, sw0 = sched(pids)
        t0 = time.monotonic()
        time.sleep(rest_s)
        ns1, sw1 = sched(tree(proc.pid))
        s = time.monotonic() - t0
        figures["rest_cpu_pct"] = max(0, ns1 - ns0) / 1e9 / s * 100
        figures["rest_wakeups"] = max(0, sw1 - sw0) / s
        return figures
    finally:
        stop(proc)
        shutil.rmtree(profile, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--content", default="assets/content")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rest", type=int, default=10, help="seconds at rest")
    ap.add_argument("--work", help="scratch folder (default: a new one in /tmp)")
    args = ap.parse_args()

    why = ensure_chromium()
    if why:
        emit("error", why)
        return 0
    version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    emit("version", version.replace(" built on ", ", ").split(",")[0] or "unknown")

    content = os.path.abspath(args.content)
    md = sorted(f for f in os.listdir(content) if f.lower().endswith(".md"))
    if not md:
        emit("error", f"no article in {content}")
        return 0
    with open(os.path.join(content, md[0]), encoding="utf-8") as f:
        text = f.read()
    work = args.work or tempfile.mkdtemp(prefix="chromium-bench-")
    os.makedirs(work, exist_ok=True)
    try:
        page_path = os.path.join(work, "article.html")
        with open(page_path, "w", encoding="utf-8") as f:
            f.write(page(text, content))
        url = "file://" + page_path
        runs = max(1, args.runs)
        log(f"{version}: {runs} screenshots and {min(runs, 3)} kiosk-style runs")
        shots = [screenshot(url, work, i) for i in range(runs)]
        emit("screenshot_ms", f"{statistics.median(shots):.1f}")
        # A kiosk-style run holds a rest window each: three are enough.
        kiosk = [kiosk_run(url, work, args.rest) for _ in range(min(runs, 3))]
        for key in ("first_paint_ms", "pss_mib", "processes", "start_cpu_s", "rest_cpu_pct", "rest_wakeups"):
            emit(key, f"{statistics.median(k[key] for k in kiosk):.4f}")
    except (RuntimeError, OSError) as e:
        emit("error", str(e))
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
