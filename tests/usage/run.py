#!/usr/bin/env python3
"""Usage figures and review dates, end to end through the real kiosk:
scripted visits through `kiosk render` counted in DATA/usage.sqlite (read
with the sqlite3 shell), the file whole after kill -9 at random moments,
a damaged or unwritable file never stopping the kiosk, the figures exported
to a real FAT stick image (mkfs.vfat, mounted read-write through fusefat,
read back with mtools and fsck.fat), review dates on Home in two languages,
articles past their date hidden with hide_expired, and `kiosk check`'s
warnings about review dates.

usage: run.py build/kiosk
"""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

KIOSK = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/kiosk")
HERE = os.path.dirname(os.path.abspath(__file__))
THREE = os.path.join(HERE, "..", "render", "languages", "three")
TODAY = "2026-10-14"


def ok(cond, what):
    if not cond:
        raise AssertionError(what)


def eq(a, b, what):
    if a != b:
        raise AssertionError(f"{what}: {a!r} != {b!r}")


class Run:
    """One `kiosk render` run: its shots by name, its stderr."""

    def __init__(self, script, content=THREE, data=None, config=None, env=None, expect_rc=0):
        self.dir = tempfile.mkdtemp(prefix="kiosk-usage-")
        path = os.path.join(self.dir, "script.txt")
        with open(path, "w") as f:
            f.write(script)
        args = [KIOSK, "render", "--out", self.dir, "--size", "1920x1080", "--content", content,
                "--script", path]
        if data:
            args += ["--data", data]
        if config:
            args += ["--config", config]
        e = dict(os.environ, KIOSK_TODAY=TODAY)
        e.update(env or {})
        p = subprocess.run(args, capture_output=True, text=True, timeout=300, env=e)
        self.stderr = p.stderr
        if p.returncode != expect_rc:
            raise AssertionError(f"kiosk render exited {p.returncode}: {p.stderr}")

    def json(self, name):
        with open(os.path.join(self.dir, name + ".json")) as f:
            return json.load(f)

    def png(self, name):
        return os.path.join(self.dir, name + ".png")


def target(shot, ident):
    for t in shot["targets"]:
        if t["id"] == ident:
            return t
    raise AssertionError(f"no target {ident} in {[t['id'] for t in shot['targets']]}")


def tap(t):
    return f"tap {t['x'] + t['w'] // 2} {t['y'] + t['h'] // 2}\n"


def sql(db, query):
    """The sqlite3 shell's answer, rows of '|'-separated fields."""
    p = subprocess.run(["sqlite3", db, query], capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise AssertionError(f"sqlite3 {db}: {p.stderr}")
    return [line.split("|") for line in p.stdout.splitlines()]


def figures(db):
    return {(r[0], r[1], r[2], r[3], r[4]): int(r[5])
            for r in sql(db, "SELECT day, figure, article, topic, language, value FROM usage")}


_taps = None


def taps():
    """Where Home's first topic, a topic's Next and Home, and Home's Español are."""
    global _taps
    if _taps is None:
        home = Run("shot home\n").json("home")
        t0 = Run(tap(target(home, "topic-0")) + "shot t0\n").json("t0")
        _taps = {"topic": tap(target(home, "topic-0")), "es": tap(target(home, "lang-es")),
                 "next": tap(target(t0, "next")), "home": tap(target(t0, "home"))}
    return _taps


def test_a_scripted_visit_is_counted():
    t = taps()
    data = tempfile.mkdtemp(prefix="kiosk-data-")
    # Attract mode comes and a touch wakes it; Español; two topics, one of
    # them twice with a picture-free stay of 20 s and 5 s; Home; gone.
    script = ("wait 91000\n" "tap 500 500\n" "wait 1000\n" + t["es"] + t["topic"] + "wait 20000\n" +
              t["next"] + "wait 5000\n" + t["home"] + "wait 2000\n" + t["topic"] + "wait 4000\n" +
              t["home"] + "wait 91000\n")
    Run(script, data=data)
    db = os.path.join(data, "usage.sqlite")
    eq(sql(db, "PRAGMA journal_mode")[0][0], "wal", "the file is in WAL mode")
    got = figures(db)
    want = {
        (TODAY, "attract_shown", "", "", ""): 2,
        (TODAY, "attract_touched", "", "", ""): 1,
        (TODAY, "language", "", "", "es"): 1,
        (TODAY, "topic_opens", "La gripe estacional", "Síntomas", "es"): 2,
        (TODAY, "topic_opens", "La gripe estacional", "Prevención", "es"): 1,
        (TODAY, "topic_ms", "La gripe estacional", "Síntomas", "es"): 24000,
        (TODAY, "topic_ms", "La gripe estacional", "Prevención", "es"): 5000,
    }
    eq(got, want, "the day's figures")
    # Nothing finer than the day: no column or value that is a time of day.
    cols = [r[1] for r in sql(db, "PRAGMA table_info(usage)")]
    eq(cols, ["day", "figure", "article", "topic", "language", "value"], "the columns")
    # A second day adds to its own rows; the first day's stay.
    Run(t["topic"] + "wait 3000\n" + t["home"], data=data, env={"KIOSK_TODAY": "2026-10-15"})
    got = figures(db)
    eq(got[("2026-10-15", "topic_opens", "Seasonal flu", "Symptoms", "")], 1, "the next day")
    eq(got[(TODAY, "topic_opens", "La gripe estacional", "Síntomas", "es")], 2, "the day before")


def test_figures_survive_kill_9_mid_write():
    t = taps()
    # A visit takes 5 s and its counts are written 30 s after the first
    # of them, in the quiet after it: each write is one whole visit.
    visit = t["topic"] + "wait 2000\n" + t["next"] + "wait 3000\n" + t["home"] + "wait 65000\n"
    script_dir = tempfile.mkdtemp(prefix="kiosk-kill-")
    script = os.path.join(script_dir, "s.txt")
    with open(script, "w") as f:
        f.write(visit * 600)
    rng = random.Random(16)
    kills = committed = 0
    for i in range(10):
        data = tempfile.mkdtemp(prefix="kiosk-data-")
        p = subprocess.Popen([KIOSK, "render", "--out", script_dir, "--size", "1920x1080",
                              "--content", THREE, "--data", data, "--script", script],
                             env=dict(os.environ, KIOSK_TODAY=TODAY),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        db = os.path.join(data, "usage.sqlite")
        # Killed once the file exists, somewhere among its commits.
        end = time.time() + 60
        while not os.path.exists(db) and time.time() < end and p.poll() is None:
            time.sleep(0.002)
        time.sleep(rng.uniform(0.0, 0.4))
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            kills += 1
        p.wait()
        eq(sql(db, "PRAGMA integrity_check"), [["ok"]], f"kill {i}: the file is whole")
        # Killed before its first commit, the file holds no table yet.
        made = sql(db, "SELECT count(*) FROM sqlite_master WHERE name = 'usage'") == [["1"]]
        got = figures(db) if made else {}
        committed += bool(got)
        s_open = got.get((TODAY, "topic_opens", "Seasonal flu", "Symptoms", ""), 0)
        p_open = got.get((TODAY, "topic_opens", "Seasonal flu", "Prevention", ""), 0)
        s_ms = got.get((TODAY, "topic_ms", "Seasonal flu", "Symptoms", ""), 0)
        p_ms = got.get((TODAY, "topic_ms", "Seasonal flu", "Prevention", ""), 0)
        # Whatever was committed is whole visits: never half a write.
        eq((p_open, s_ms, p_ms), (s_open, 2000 * s_open, 3000 * s_open), f"kill {i}: whole visits")
        # And the kiosk goes on counting into the same file.
        Run(t["topic"] + "wait 1000\n" + t["home"], data=data)
        again = figures(db)[(TODAY, "topic_opens", "Seasonal flu", "Symptoms", "")]
        eq(again, s_open + 1, f"kill {i}: counting goes on after the kill")
    ok(kills >= 5, f"the kiosk was killed mid-run ({kills} of 10)")
    ok(committed >= 5, f"killed after some commits ({committed} of 10)")


def test_a_damaged_file_is_set_aside_and_counting_goes_on():
    t = taps()
    data = tempfile.mkdtemp(prefix="kiosk-data-")
    with open(os.path.join(data, "usage.sqlite"), "wb") as f:
        f.write(b"this is not a database" * 200)
    r = Run(t["topic"] + "wait 1000\n" + t["home"] + "shot home\n", data=data)
    eq(r.json("home")["screen"], "home", "the kiosk goes on")
    ok("damaged" in r.stderr and "usage.sqlite.broken" in r.stderr, f"logged: {r.stderr}")
    ok(os.path.exists(os.path.join(data, "usage.sqlite.broken")), "the damaged file kept aside")
    eq(figures(os.path.join(data, "usage.sqlite"))[(TODAY, "topic_opens", "Seasonal flu", "Symptoms", "")],
       1, "a new file counts")


def test_a_file_that_cannot_be_written_never_stops_the_kiosk():
    t = taps()
    data = tempfile.mkdtemp(prefix="kiosk-data-")
    os.mkdir(os.path.join(data, "usage.sqlite"))  # cannot be opened as a file
    script = (t["topic"] + "wait 31000\n" + t["home"] + "wait 31000\n") * 3 + "shot home\n"
    r = Run(script, data=data)
    eq(r.json("home")["screen"], "home", "the kiosk goes on showing content")
    eq(r.stderr.count("usage figures:"), 1, f"logged once, not every batch: {r.stderr}")


def fuse_missing():
    if not os.access("/dev/fuse", os.R_OK | os.W_OK):
        return "/dev/fuse cannot be opened"
    for tool in ("mkfs.vfat", "mmd", "mcopy", "mtype", "fusefat", "fusermount", "fsck.fat"):
        if not shutil.which(tool):
            return f"{tool} is not installed"
    return None


class FatStick:
    """A FAT image holding KIOSK/EXPORT, mounted through fusefat."""

    def __init__(self, mode, request=True):
        self.dir = tempfile.mkdtemp(prefix="kiosk-fat-")
        self.img = os.path.join(self.dir, "stick.img")
        self.mnt = os.path.join(self.dir, "mnt")
        os.mkdir(self.mnt)
        subprocess.run(["mkfs.vfat", "-C", self.img, "8192"], check=True, capture_output=True)
        subprocess.run(["mmd", "-i", self.img, "::KIOSK"], check=True)
        if request:
            req = os.path.join(self.dir, "export")
            open(req, "w").close()
            subprocess.run(["mcopy", "-i", self.img, req, "::KIOSK/EXPORT"], check=True)
        before = os.stat(self.mnt).st_dev
        self.fuse = subprocess.Popen(["fusefat", "-f", "-o", mode, self.img, self.mnt],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        end = time.time() + 10
        while os.stat(self.mnt).st_dev == before:
            ok(time.time() < end and self.fuse.poll() is None, "fusefat mounted the image")
            time.sleep(0.01)

    def unmount(self):
        subprocess.run(["fusermount", "-u", self.mnt], capture_output=True)
        try:
            self.fuse.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.fuse.kill()
            self.fuse.wait()

    def files(self):
        p = subprocess.run(["mdir", "-b", "-i", self.img, "::KIOSK"], capture_output=True, text=True)
        return sorted(os.path.basename(x.rstrip("/")) for x in p.stdout.split())

    def read(self, name):
        return subprocess.run(["mtype", "-i", self.img, "::KIOSK/" + name], check=True,
                              capture_output=True).stdout


def test_export_to_a_fat_stick():
    why = fuse_missing()
    if why:
        print(f"skip test_export_to_a_fat_stick: {why}")
        return
    t = taps()
    data = tempfile.mkdtemp(prefix="kiosk-data-")
    Run("wait 91000\ntap 500 500\n" + t["topic"] + "wait 12400\n" + t["next"] + "wait 2600\n" +
        t["home"], data=data)
    stick = FatStick("rw+")
    try:
        r = Run(f"usb {stick.mnt}\nshot done\nwait 10000\nshot after\n", data=data)
    finally:
        stick.unmount()
    done = r.json("done")
    name = f"kiosk-usage-{TODAY}.csv"
    eq((done["screen"], done["title"]), ("notice", "Usage figures saved"), "the notice")
    ok(name in done["detail"], f"the notice names the file: {done['detail']}")
    eq(r.json("after")["screen"], "home", "then Home, with nothing imported")
    ok(name in stick.files() and not any(f.endswith(".tmp") for f in stick.files()),
       f"only the file itself on the stick: {stick.files()}")
    text = stick.read(name).decode("utf-8")
    ok(text.startswith("\ufeff"), "a byte order mark for spreadsheets")
    rows = [line.split(",") for line in text[1:].split("\r\n") if line]
    eq(rows[0], ["date", "figure", "article", "topic", "language", "value"], "the heading")
    eq(sorted(rows[1:]), sorted([
        [TODAY, "attract_shown", "", "", "", "1"],
        [TODAY, "attract_touched", "", "", "", "1"],
        [TODAY, "topic_opens", "Seasonal flu", "Symptoms", "", "1"],
        [TODAY, "topic_opens", "Seasonal flu", "Prevention", "", "1"],
        [TODAY, "topic_seconds", "Seasonal flu", "Symptoms", "", "12"],
        [TODAY, "topic_seconds", "Seasonal flu", "Prevention", "", "3"],
    ]), "the rows, a topic's time in whole seconds")
    p = subprocess.run(["fsck.fat", "-n", stick.img], capture_output=True, text=True)
    eq(p.returncode, 0, f"the stick's file system is sound: {p.stdout}{p.stderr}")


def test_export_to_a_read_only_stick_says_so():
    why = fuse_missing()
    if why:
        print(f"skip test_export_to_a_read_only_stick_says_so: {why}")
        return
    data = tempfile.mkdtemp(prefix="kiosk-data-")
    stick = FatStick("ro")
    try:
        r = Run(f"usb {stick.mnt}\nshot done\n", data=data)
    finally:
        stick.unmount()
    done = r.json("done")
    eq((done["title"], done["detail"]),
       ("The usage figures could not be saved", "The USB stick cannot be written to."),
       "the notice says what went wrong")
    eq(stick.files(), ["EXPORT"], "nothing written")


def test_export_notice_in_the_settings_language():
    d = tempfile.mkdtemp(prefix="kiosk-es-")
    os.makedirs(os.path.join(d, "stick", "kiosk"))
    open(os.path.join(d, "stick", "kiosk", "export"), "w").close()
    conf = os.path.join(d, "kiosk.conf")
    with open(conf, "w") as f:
        f.write("language = es\n")
    data = os.path.join(d, "data")
    os.mkdir(data)
    r = Run(f"usb {os.path.join(d, 'stick')}\nshot done\n", data=data, config=conf)
    done = r.json("done")
    eq(done["title"], "Cifras de uso guardadas", "in Spanish")
    ok(f"kiosk-usage-{TODAY}.csv" in done["detail"], done["detail"])
    with open(os.path.join(d, "stick", "kiosk", f"kiosk-usage-{TODAY}.csv"), encoding="utf-8-sig") as f:
        eq(f.readline().strip(), "date,figure,article,topic,language,value", "an empty export's heading")


HELPER = os.path.join(HERE, "..", "..", "firmware", "kiosk-export")


class Helper:
    """firmware/kiosk-export behind a socket, as kiosk-export.socket runs it
    (systemd-socket-activate --accept --inetd), writing to the stick at mnt."""

    def __init__(self, mnt):
        self.sock = os.path.join(tempfile.mkdtemp(prefix="kiosk-helper-"), "export.sock")
        self.p = subprocess.Popen(["systemd-socket-activate", "-l", self.sock, "--accept", "--inetd",
                                   "-E", f"KIOSK_EXPORT_MNT={mnt}", HELPER],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        end = time.time() + 10
        while not os.path.exists(self.sock):
            ok(time.time() < end and self.p.poll() is None, "the helper's socket is there")
            time.sleep(0.01)

    def ask(self, request):
        import socket
        c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        c.settimeout(30)
        c.connect(self.sock)
        c.sendall(request)
        c.shutdown(socket.SHUT_WR)
        reply = b""
        while chunk := c.recv(256):
            reply += chunk
        c.close()
        return reply.decode().strip()

    def stop(self):
        self.p.terminate()
        self.p.wait()


def test_export_through_the_firmware_helper():
    why = fuse_missing() or (None if shutil.which("systemd-socket-activate") else
                             "systemd-socket-activate is not installed")
    if why:
        print(f"skip test_export_through_the_firmware_helper: {why}")
        return
    data = tempfile.mkdtemp(prefix="kiosk-data-")
    conf = os.path.join(data, "..", os.path.basename(data) + ".conf")
    stick = FatStick("rw+")
    helper = Helper(stick.mnt)
    try:
        with open(conf, "w") as f:
            f.write(f"export_helper = {helper.sock}\n")
        t = taps()
        r = Run(t["topic"] + "wait 4000\n" + t["home"] + f"usb {stick.mnt}\nshot done\n",
                data=data, config=conf)
        # What a kiosk taken over could send: every one refused, nothing written.
        hostile = [helper.ask(b"../../etc/passwd 5\nhello"),
                   helper.ask(b"kiosk-usage-2026-10-14.csv 99999999999\n"),
                   helper.ask(b"kiosk-usage-2026-10-14.csv 100\nshort"),
                   helper.ask(b"kiosk-usage-2026-10-14.csv.sh 5\nhello"),
                   helper.ask(b"")]
    finally:
        helper.stop()
        stick.unmount()
    done = r.json("done")
    eq((done["title"], f"kiosk-usage-{TODAY}.csv" in done["detail"]), ("Usage figures saved", True),
       "the notice, through the helper")
    rows = stick.read(f"kiosk-usage-{TODAY}.csv").decode("utf-8-sig").split("\r\n")
    ok(f"{TODAY},topic_seconds,Seasonal flu,Symptoms,,4" in rows, f"the figures: {rows}")
    ok(all(a.startswith("error") for a in hostile), f"the helper refuses: {hostile}")
    eq(stick.files(), ["EXPORT", f"kiosk-usage-{TODAY}.csv"], "nothing else written")
    p = subprocess.run(["fsck.fat", "-n", stick.img], capture_output=True, text=True)
    eq(p.returncode, 0, f"the stick's file system is sound: {p.stdout}")


def test_the_firmware_helper_on_a_read_only_stick():
    why = fuse_missing() or (None if shutil.which("systemd-socket-activate") else
                             "systemd-socket-activate is not installed")
    if why:
        print(f"skip test_the_firmware_helper_on_a_read_only_stick: {why}")
        return
    stick = FatStick("ro")
    helper = Helper(stick.mnt)
    try:
        answer = helper.ask(b"kiosk-usage-2026-10-14.csv 5\nhello")
        mounted = subprocess.run(["findmnt", "-no", "OPTIONS", stick.mnt], capture_output=True,
                                 text=True).stdout
    finally:
        helper.stop()
        stick.unmount()
    eq(answer, "read-only", "a stick that cannot be written says so")
    ok(mounted.startswith("ro"), f"and stays read-only: {mounted}")
    eq(stick.files(), ["EXPORT"], "nothing written")


def reviewed_content(d, articles):
    os.makedirs(d)
    for name, front, title in articles:
        with open(os.path.join(d, name), "w") as f:
            f.write(f"---\n{front}---\n\n# {title}\n\nIntro.\n\n## One\n\nText.\n")
    return d


def test_review_date_under_the_title():
    d = reviewed_content(os.path.join(tempfile.mkdtemp(), "c"), [
        ("flu.md", "reviewed: 2026-10-02\nreview_due: 2027-10\n", "Seasonal flu"),
        ("flu.es.md", "reviewed: 2026-09\n", "La gripe estacional"),
        ("flu.zh.md", "reviewed: 2026-05-30\n", "季节性流感"),
    ])
    home = Run("shot home\n", content=d).json("home")
    r = Run("shot en\n" + tap(target(home, "lang-es")) + "shot es\n" + tap(target(home, "lang-zh")) +
            "shot zh\n", content=d)
    texts = [x["text"] for x in r.json("en")["texts"]]
    i = texts.index("Seasonal flu")
    eq(texts[i + 1], "Reviewed October 2026", "under the title")
    ok("Revisado en septiembre de 2026" in [x["text"] for x in r.json("es")["texts"]],
       f"in Spanish: {[x['text'] for x in r.json('es')['texts']]}")
    ok("审核于 2026年5月" in [x["text"] for x in r.json("zh")["texts"]],
       f"in Chinese: {[x['text'] for x in r.json('zh')['texts']]}")
    title = [x for x in r.json("en")["texts"] if x["text"] == "Seasonal flu"][0]
    line = [x for x in r.json("en")["texts"] if x["text"] == "Reviewed October 2026"][0]
    ok(line["y"] >= title["y"] + title["h"] and line["h"] < title["h"], f"smaller, below: {title} {line}")
    print(f"     screenshot: {r.png('en')}")


def test_expired_articles_hidden_with_hide_expired():
    d = reviewed_content(os.path.join(tempfile.mkdtemp(), "c"), [
        ("a-current.md", "review_due: 2027-01-01\n", "Current advice"),
        ("b-old.md", "review_due: 2026-10-13\n", "Old advice"),
        ("c-today.md", "review_due: 2026-10-14\n", "Due today"),
    ])
    conf = os.path.join(d, "..", "kiosk.conf")
    with open(conf, "w") as f:
        f.write("hide_expired = yes\n")

    def articles(script="shot home\n", **kw):
        r = Run(script, content=d, **kw)
        return [t["label"] for t in r.json("home")["targets"] if t["id"].startswith("article-")], r

    shown, _ = articles()
    eq(shown, ["Current advice", "Old advice", "Due today"], "without hide_expired every article")
    shown, r = articles(config=conf)
    eq(shown, ["Current advice", "Due today"], "the one past its date is hidden, not the one due today")
    ok("1 of 3 articles are past their review date" in r.stderr, r.stderr)
    # A panel of another size lays everything out again: still hidden, and
    # attract mode and a visit after it still find the articles shown.
    shown, r = articles("resize 1280 720\nwait 100000\ntap 600 300\nwait 1000\nshot home\n",
                        config=conf)
    eq(shown, ["Current advice", "Due today"], "still hidden after the panel changed size")
    shown, r = articles(config=conf, env={"KIOSK_TODAY": "2030-01-01"})
    eq(shown, ["Current advice", "Old advice", "Due today"], "every one past it: all shown, never none")
    ok("every article is past its review date" in r.stderr, r.stderr)
    shown, _ = articles(config=conf, env={"KIOSK_TODAY": "unknown"})
    eq(shown, ["Current advice", "Old advice", "Due today"], "the clock unknown: nothing hidden")


def word_leaflet(path, props):
    """A leaflet written as programs write Word files (python-docx), its
    review dates in its custom properties as Word keeps them."""
    sys.path.insert(0, os.path.join(HERE, "..", "content"))
    import make_docx
    make_docx.python_docx(path)
    with open(path, "rb") as f:
        data = make_docx.with_custom_properties(f.read(), props)
    with open(path, "wb") as f:
        f.write(data)


def test_word_document_review_dates():
    """A Word document has no front matter: its "Reviewed" and "Review
    due" custom properties say the same, shown, checked and hidden alike
    (a date typed in Word east of Greenwich is stored as the evening
    before, in UTC)."""
    d = os.path.join(tempfile.mkdtemp(), "kiosk")
    os.makedirs(d)
    word_leaflet(os.path.join(d, "flu.docx"), [("Reviewed", "filetime", "2026-09-30T22:00:00Z"),
                                               ("Review due", "filetime", "2026-10-09T22:00:00Z")])
    texts = [x["text"] for x in Run("shot home\n", content=d).json("home")["texts"]]
    i = texts.index("Flu Vaccination 2024")
    eq(texts[i + 1], "Reviewed October 2026", "the Word document's review date, under its title")
    with open(os.path.join(d, "current.md"), "w") as f:
        f.write("---\nreview_due: 2027-01\n---\n\n# Current advice\n\nIntro.\n\n## One\n\nText.\n")
    p = subprocess.run([KIOSK, "check", os.path.dirname(d)], capture_output=True, text=True,
                       timeout=60, env=dict(os.environ, KIOSK_TODAY=TODAY))
    out = p.stdout + p.stderr
    eq(p.returncode, 0, f"a warning, no refusal: {out}")
    ok(f"warning: flu.docx: review_due: 2026-10-10 has passed (today is {TODAY})" in out,
       f"check names the document and its date:\n{out}")
    conf = os.path.join(d, "..", "kiosk.conf")
    with open(conf, "w") as f:
        f.write("hide_expired = yes\n")
    home = Run("shot home\n", content=d, config=conf).json("home")
    shown = [t["label"] for t in home["targets"] if t["id"].startswith("article-")]
    ok(home.get("title") == "Current advice" or shown == ["Current advice"],
       f"the Word document past its date is hidden: {shown} {home.get('title')}")
    word_leaflet(os.path.join(d, "flu.docx"), [("Review due", "lpwstr", "after the winter")])
    out = subprocess.run([KIOSK, "check", os.path.dirname(d)], capture_output=True, text=True,
                         timeout=60).stdout
    ok('warning: flu.docx: Review due: "after the winter" is not a date' in out,
       f"a property that is no date is said:\n{out}")


def test_review_dates_and_figures_follow_the_clock_the_kiosk_trusts():
    """Without KIOSK_TODAY the day is the kiosk's clock's (render's "time"
    lines): known, the article past its date is hidden and a visit is
    counted under the clock's day, not the machine's; unknown (as after a
    power cut on a board without a battery clock), nothing is hidden and
    nothing counted, and the log says why; the clock set later hides it
    then."""
    d = reviewed_content(os.path.join(tempfile.mkdtemp(), "c"), [
        ("a-current.md", "review_due: 2027-01-01\n", "Current advice"),
        ("b-old.md", "review_due: 2026-10-13\n", "Old advice"),
    ])
    conf = os.path.join(d, "..", "kiosk.conf")
    with open(conf, "w") as f:
        f.write("hide_expired = yes\n")
    # Attract mode comes, and a touch ends it: two figures.
    visit = "wait 91000\ntap 500 500\nwait 40000\n"

    def run(script):
        data = tempfile.mkdtemp(prefix="kiosk-data-")
        r = Run(script, content=d, data=data, config=conf, env={"KIOSK_TODAY": ""})
        # One article left shows its topics on Home, under its title.
        shown = {n: [a for a in ("Current advice", "Old advice")
                     if any(a in t["text"] for t in r.json(n)["texts"])]
                 for n in ("home", "later") if os.path.exists(os.path.join(r.dir, n + ".json"))}
        db = os.path.join(data, "usage.sqlite")
        rows = sql(db, "SELECT day, figure FROM usage") if os.path.exists(db) else []
        return shown, rows, r.stderr

    shown, rows, _ = run("time 2026-10-14 10:00 known\nshot home\n" + visit)
    eq(shown["home"], ["Current advice"], "the clock known: past its date, hidden")
    ok(rows and all(day == "2026-10-14" for day, _ in rows), f"counted under the clock's day: {rows}")
    for how in ("time 2026-10-14 10:00 unknown\n", ""):
        shown, rows, err = run(how + "shot home\n" + visit)
        eq(shown["home"], ["Current advice", "Old advice"], f"{how!r}: nothing hidden on a guess")
        eq(rows, [], f"{how!r}: nothing counted under a day the kiosk does not know")
        ok("the time is not known: visits are not counted" in err, err)
    shown, _, _ = run("shot home\ntime 2026-10-14 10:00 known\nshot later\n")
    eq((shown["home"], shown["later"]), (["Current advice", "Old advice"], ["Current advice"]),
       "hidden once the clock is known")


def test_check_warns_about_review_dates():
    d = tempfile.mkdtemp()
    reviewed_content(os.path.join(d, "kiosk"), [
        ("a.md", "title: A\nreviewed: 2026-13-01\nreview_due: 2026-02-30\n", "A"),
        ("b.md", "title: B\n\nreview_due: 2026-10-01\n", "B"),
        ("c.md", "reviewed: 2026-10\nreview_due: 2027-10\n", "C"),
    ])
    p = subprocess.run([KIOSK, "check", d], capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, KIOSK_TODAY=TODAY))
    out = p.stdout + p.stderr
    eq(p.returncode, 0, f"warnings, no refusal: {out}")
    for want in ('warning: a.md:3: reviewed: "2026-13-01" is not a date',
                 'warning: a.md:4: review_due: "2026-02-30" is not a date',
                 f"warning: b.md:4: review_due: 2026-10-01 has passed (today is {TODAY})"):
        ok(want in out, f"check says {want!r}:\n{out}")
    ok("c.md" not in out, f"nothing about a good article: {out}")


def main():
    tests = [(n, f) for n, f in globals().items() if n.startswith("test_") and callable(f)]
    only = os.environ.get("ONLY")
    passed = failed = 0
    for name, fn in tests:
        if only and only not in name:
            continue
        try:
            fn()
            passed += 1
            print(f"ok   {name}")
        except Exception:
            failed += 1
            print(f"FAIL {name}")
            traceback.print_exc()
    print(f"usage: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
