#!/usr/bin/env python3
"""The staff's screens, visited through `kiosk render` as staff would: a
scroll from the corner opens nothing, the corner held five seconds opens
the PIN pad, a wrong PIN then the right one, the service screen, going
back to the previous content, the screen turned, the touch test, cleaning
mode (from the service screen and by three fingers), the service screen
closing after a minute, and five wrong PINs locking the pad across a
restart. Each step's screenshot and JSON are kept in ARTIFACTS/service.

usage: service.py build/kiosk
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import KIOSK, ARTIFACTS, HERE, Run, run_tests, target, tap, eq, ok, check_fit  # noqa: E402

PIN = "2468"
SHOTS = os.path.join(ARTIFACTS, "service")


def texts(shot):
    return [t["text"] for t in shot["texts"]]


class Kiosk:
    """A data folder holding two installed versions (titles Alpha, then
    Beta, current), and kiosk.conf with the service PIN's hash."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="kiosk-service-")
        self.conf = os.path.join(self.dir, "kiosk.conf")
        p = subprocess.run([KIOSK, "pin"], input=PIN + "\n", capture_output=True, text=True)
        eq(p.returncode, 0, f"kiosk pin: {p.stderr}")
        ok(p.stdout.startswith("service_pin = $argon2id$") and PIN not in p.stdout, p.stdout)
        with open(self.conf, "w") as f:
            f.write("idle_timeout_s = 600\n" + p.stdout)
        self.template = os.path.join(self.dir, "data")
        for title in ("Alpha", "Beta"):
            stick = os.path.join(self.dir, title, "kiosk")
            shutil.copytree(os.path.join(HERE, "../../assets/content"), stick)
            art = os.path.join(stick, "article.md")
            with open(art) as f:
                text = f.read().replace("# Is Ketamine Addictive?", f"# {title}", 1)
            with open(art, "w") as f:
                f.write(text)
            p = subprocess.run([KIOSK, "import", os.path.dirname(stick), "--data", self.template],
                               capture_output=True, text=True, timeout=120)
            eq(p.returncode, 0, f"import {title}: {p.stdout}{p.stderr}")
        self.data = None

    def run(self, script, fresh=True, size="1920x1080"):
        """script from a fresh copy of the data folder (or the last one)."""
        if fresh or not self.data:
            self.data = tempfile.mkdtemp(prefix="data-", dir=self.dir)
            shutil.rmtree(self.data)
            shutil.copytree(self.template, self.data, symlinks=True)
        r = Run(script, size=size, extra=["--config", self.conf, "--data", self.data])
        os.makedirs(SHOTS, exist_ok=True)
        for name in os.listdir(r.dir):
            if name.endswith((".png", ".json")):
                shutil.copy(os.path.join(r.dir, name), SHOTS)
        return r


def pin_typed(pad, code):
    return "".join(tap(target(pad, f"service-digit-{c}")) for c in code) + \
        tap(target(pad, "service-enter"))


def test_visit():
    k = Kiosk()
    s = "drag 20 20 700 600 600\nwait 6000\nshot dragged\n"
    r = k.run(s)
    eq(r.json("dragged")["screen"], "home", "a scroll from the corner opens nothing")
    s += "hold 20 20 4900\nshot short\n"
    eq(k.run(s).json("short")["screen"], "home", "4.9 s in the corner opens nothing")
    s += "hold 20 20 5000\nshot pad\n"
    pad = k.run(s).json("pad")
    eq((pad["screen"], pad.get("service")), ("service", "pin"), "five seconds open the PIN pad")
    s += pin_typed(pad, "1111") + "shot wrong\n" + pin_typed(pad, PIN) + "shot menu\n"
    r = k.run(s)
    ok("Wrong PIN. Tries left: 4." in texts(r.json("wrong")), texts(r.json("wrong")))
    menu = r.json("menu")
    eq(menu.get("service"), "menu", "the right PIN opens the service screen")
    for want in ("Beta", "Not signed.", "Last update: none yet"):
        ok(want in texts(menu), f"the service screen says {want!r}: {texts(menu)}")
    ok(any(t.startswith("Free storage: ") for t in texts(menu)), "free storage")
    ok(any(t.startswith("Clock: 20") for t in texts(menu)), "the clock")
    with open(os.path.join(k.data, "service", "pin-tries")) as f:
        eq(f.read(), "0 0\n", "the right PIN clears the wrong tries kept")

    s += tap(target(menu, "service-rollback")) + "shot rolled\n"
    r = k.run(s)
    rolled = r.json("rolled")
    ok("The previous content is back." in texts(rolled), texts(rolled))
    ok("Alpha" in texts(rolled), f"the service screen lists the content gone back to: {texts(rolled)}")
    s += tap(target(menu, "service-close")) + "shot home\n"
    r = k.run(s)
    eq(r.json("home")["title"], "Alpha", "visitors see the previous content")
    s = s[: s.rindex(tap(target(menu, "service-close")))]

    s += tap(target(menu, "service-rotate-90")) + "shot turned\n"
    r = k.run(s)
    turned = r.json("turned")
    eq(target(turned, "service-rotate-90")["state"], ["on"], "90° is the choice in force")
    eq(target(turned, "service-rotate-0")["state"], ["off"], "0° is not")
    with Image.open(r.png("turned")) as im:
        eq(im.size, (1920, 1080), "still the panel's frame")
    b = target(turned, "service-touch-test")
    ok(b["h"] > b["w"], f"buttons run down the turned picture: {b}")
    with open(os.path.join(k.data, "service", "rotation")) as f:
        eq(f.read(), "90\n", "the rotation is kept")
    # A restart keeps it: a new run on the same data folder.
    again = k.run("shot start\n", fresh=False).json("start")
    t = target(again, "topic-0")
    ok(t["h"] > t["w"], f"after a restart the screen is still turned: {t}")

    s += tap(target(turned, "service-touch-test")) + "tap 300 300\ntap 1500 800\nshot touch\n"
    r = k.run(s)
    touch = r.json("touch")
    eq(touch.get("service"), "touch-test", "the touch test")
    with Image.open(r.png("touch")) as im:
        px = im.convert("RGB")
        for x, y in ((300, 300), (1500, 800)):
            c = px.getpixel((x, y))
            ok(c != px.getpixel((x + 60, y + 60)), f"a dot where the finger landed at {x},{y}: {c}")
    s += tap(target(touch, "service-back")) + "shot back\n"
    back = k.run(s).json("back")
    eq(back.get("service"), "menu", "back to the service screen")
    # Set the clock: the clock screen in place of the service screen.
    clock = k.run(s + tap(target(back, "service-clock")) + "shot clock\n").json("clock")
    eq(clock["screen"], "clock", "the service screen opens the clock screen")
    ok("clock-day-plus" in [t["id"] for t in clock["targets"]], "with its + and - buttons")
    s += tap(target(back, "service-cleaning")) + "wait 1000\nshot cleaning\n"
    s += "tap 960 540\nwait 28000\nshot still\nwait 1500\nshot cleaned\nwait 61000\nshot closed\n"
    r = k.run(s)
    c = r.json("cleaning")
    eq(c.get("service"), "cleaning", "cleaning mode")
    ok("29" in texts(c), f"the countdown: {texts(c)}")
    eq(r.json("still").get("service"), "cleaning", "touch ignored for 30 s")
    eq(r.json("cleaned").get("service"), "menu", "then back where it was")
    eq(r.json("closed")["screen"], "home", "a minute without a touch closes it")


def test_three_fingers_clean_anywhere():
    k = Kiosk()
    r = k.run("fingers 3 600 500 2900\nshot early\nfingers 3 600 500 3000\nwait 500\n"
              "shot clean\ntap 100 100\nwait 29400\nshot still\nwait 200\nshot back\n")
    eq(r.json("early")["screen"], "home", "under three seconds: nothing")
    eq(r.json("clean").get("service"), "cleaning", "three fingers held three seconds")
    eq(r.json("still").get("service"), "cleaning", "touch ignored until 30 s are up")
    eq(r.json("back")["screen"], "home", "back to the visitor's screen after 30 s")


def test_lock_out_survives_a_restart():
    k = Kiosk()
    pad = k.run("hold 20 20 5000\nshot pad\n").json("pad")
    s = "hold 20 20 5000\n" + "".join(pin_typed(pad, "9999") for _ in range(5)) + "shot locked\n"
    s += pin_typed(pad, PIN) + "shot still\n"
    r = k.run(s)
    ok("Too many wrong tries. Try again in 5:00." in texts(r.json("locked")), texts(r.json("locked")))
    eq(r.json("still").get("service"), "pin", "the right PIN does not open a locked pad")
    r = k.run("hold 20 20 5000\nshot after\n" + pin_typed(pad, PIN) + "shot denied\n", fresh=False)
    ok(any(t.startswith("Too many wrong tries") for t in texts(r.json("after"))),
       f"locked again after a restart: {texts(r.json('after'))}")
    eq(r.json("denied").get("service"), "pin", "still locked")
    r = k.run("wait 300000\nhold 20 20 5000\n" + pin_typed(pad, PIN) + "shot open\n", fresh=False)
    eq(r.json("open").get("service"), "menu", "five minutes on, the PIN opens it")


def opened(k, size="1920x1080", before="", fresh=True):
    """The script that opens the service screen (after before), and the
    service screen's shot (from a fresh data folder, or the last one)."""
    pad = k.run(before + "hold 20 20 5000\nshot pad\n", size=size, fresh=fresh).json("pad")
    s = before + "hold 20 20 5000\n" + pin_typed(pad, PIN)
    return s, k.run(s + "shot menu\n", size=size, fresh=False).json("menu")


def test_export_usage_figures_to_the_stick_in():
    """A visit counted, a stick put in (its kiosk folder empty: nothing to
    import), then Export on the service screen: the CSV in the stick's
    kiosk folder holds the visit, and the screen names the file, on every
    panel without overlap."""
    for size in ("1920x1080", "1080x1920", "800x480"):
        k = Kiosk()
        home = k.run("shot home\n", size=size).json("home")
        t0 = k.run(tap(target(home, "topic-0")) + "shot t0\n", size=size).json("t0")
        # The clock known: visits are counted under its day.
        visit = "time 2026-12-03 10:00 known\n" + tap(target(home, "topic-0")) + "wait 7000\n" + \
            tap(target(t0, "home"))
        stick = os.path.join(k.dir, "stick")
        os.makedirs(os.path.join(stick, "kiosk"))
        s, menu = opened(k, size, visit + f"usb {stick}\nwait 2000\n")
        check_fit(menu, size, f"{size}: the service screen")
        r = k.run(s + tap(target(menu, "service-export")) + "shot exported\n", size=size)
        done = r.json("exported")
        csvs = [n for n in os.listdir(os.path.join(stick, "kiosk")) if n.endswith(".csv")]
        eq(len(csvs), 1, f"{size}: one file written: {os.listdir(os.path.join(stick, 'kiosk'))}")
        eq(csvs[0], "kiosk-usage-2026-12-03.csv", "named for the clock's day")
        said = " ".join(texts(done))
        ok("Usage figures saved" in said and
           f"The file {csvs[0]} is in the stick's kiosk folder." in said,
           f"{size}: the service screen names the file: {texts(done)}")
        check_fit(done, size, f"{size}: the service screen after the export")
        with open(os.path.join(stick, "kiosk", csvs[0]), encoding="utf-8-sig") as f:
            rows = [line.rstrip("\r\n").split(",") for line in f]
        eq(rows[0], ["date", "figure", "article", "topic", "language", "value"], "the heading")
        ok(all(r[0] == "2026-12-03" for r in rows[1:]), f"{size}: the clock's day: {rows}")
        opens = [r for r in rows[1:] if r[1] == "topic_opens"]
        eq([(r[2], r[5]) for r in opens], [("Beta", "1")], f"{size}: the visit's topic opened once: {rows}")
        secs = [int(r[5]) for r in rows[1:] if r[1] == "topic_seconds"]
        eq(secs, [7], f"{size}: seven seconds on it")


def test_export_without_a_stick_says_so():
    k = Kiosk()
    s, menu = opened(k)
    r = k.run(s + tap(target(menu, "service-export")) + "shot none\n")
    ok("Insert a USB stick first." in texts(r.json("none")), texts(r.json("none")))
    # A stick put in and taken out again: none in now.
    stick = os.path.join(k.dir, "stick")
    os.makedirs(os.path.join(stick, "kiosk"))
    s, menu = opened(k, before=f"usb {stick}\nwait 2000\nunplug\n")
    r = k.run(s + tap(target(menu, "service-export")) + "shot gone\n")
    ok("Insert a USB stick first." in texts(r.json("gone")), texts(r.json("gone")))
    eq(os.listdir(os.path.join(stick, "kiosk")), [], "nothing written to the stick taken out")
    # A stick without a kiosk folder: where to write is said.
    bare = os.path.join(k.dir, "bare")
    os.makedirs(bare)
    with open(os.path.join(bare, "photo.jpg"), "wb") as f:
        f.write(b"\xff\xd8\xff")
    s, menu = opened(k, before=f"usb {bare}\nwait 2000\n")
    r = k.run(s + tap(target(menu, "service-export")) + "shot bare\n")
    said = texts(r.json("bare"))
    ok("The usage figures could not be saved" in " ".join(said) and
       any("has no kiosk folder" in t for t in said), said)
    eq(os.listdir(bare), ["photo.jpg"], "nothing written to it")


def last_update(shot):
    words = " ".join(texts(shot))
    return words[words.index("Last update: "):words.index("Software: ")]


def test_last_update_kept_across_a_restart():
    """What the last stick came to, and when, is said on the service screen
    after a restart; a damaged DATA/service/last-import is shown as
    nothing, never as its bytes."""
    k = Kiosk()
    s, menu = opened(k, before="time 2026-12-03 10:00 known\n" +
                     f"usb {os.path.join(k.dir, 'Alpha')}\nwait 3000\nshot notice\n")
    r = k.run(s + "shot menu\n")
    eq(r.json("notice")["screen"], "notice", "the stick was taken in")
    said = last_update(r.json("menu"))
    ok("Content updated" in said and "(2026-12-03 10:0" in said,
       f"the service screen says what the stick came to, and when: {said}")
    kept = os.path.join(k.data, "service", "last-import")
    with open(kept, encoding="utf-8") as f:
        line = f.read()
    ok(line.startswith("Content updated") and line.endswith(")\n"), line)
    s, again = opened(k, fresh=False)
    eq(last_update(again), said, "and says it after a restart")
    for bad in (b"\xff\xfe not UTF-8\n", b"x" * 600 + b"\n", b"nul\0inside\n"):
        with open(kept, "wb") as f:
            f.write(bad)
        r = k.run(s + "shot menu\n", fresh=False)
        eq(last_update(r.json("menu")).strip(), "Last update: none yet",
           f"a damaged file shows nothing of itself: {bad[:20]!r}")
        ok("last-import: not a line the kiosk kept" in r.stderr, r.stderr)
    with open(kept, "wb") as f:
        f.write(b"Stick \x1b[2J read\tfine\nsecond line\n")
    r = k.run(s + "shot menu\n", fresh=False)
    shown = last_update(r.json("menu"))
    eq(" ".join(shown.split()), "Last update: Stick [2J read fine",
       "control characters shown as spaces, one line")
    ok("\x1b" not in shown and "second" not in shown, shown)


def software_line(shot):
    """The Software line, put back together where a narrow panel wrapped it."""
    words = " ".join(texts(shot))
    at = words.find("Software: ")
    return words[at:words.index(" Running for: ")] if at >= 0 else None


def test_software_version_from_the_release_file():
    """On the image the service screen names the firmware's version (what
    a software update bundle is named for) before the kiosk's build, from
    the release file kiosk.conf names; a file the firmware does not write
    is said on stderr with its path, and the build alone is shown."""
    k = Kiosk()
    _, plain = opened(k)
    build = software_line(plain)
    ok(build and "(" not in build, f"off the image: the build alone: {build}")
    release = os.path.join(k.dir, "kiosk-release")
    with open(k.conf) as f:
        conf = f.read()
    with open(k.conf, "w") as f:
        f.write(conf + f"release_file = {release}\n")
    with open(release, "w") as f:
        f.write("VERSION=2026.12.03.213050\nCOMPATIBLE=kiosk-amd64\n")
    for size in ("1920x1080", "800x480", "1080x1920"):
        _, menu = opened(k, size)
        eq(software_line(menu).replace("- ", "-"),
           f"Software: 2026.12.03.213050 ({build[len('Software: '):]})",
           f"{size}: the firmware's version, then the build")
        check_fit(menu, size, f"{size}: the service screen with the firmware's version")
    for bad in ("VERSION=2026.12.03 <b>\n", "VERSION=1\nVERSION=2\n", "NAME=kiosk\n"):
        with open(release, "w") as f:
            f.write(bad)
        s, menu = opened(k)
        eq(software_line(menu), build, f"{bad!r}: the build alone")
        r = k.run(s + "shot menu\n", fresh=False)
        ok(f"{release}: no VERSION= line" in r.stderr, r.stderr)
    os.unlink(release)
    _, menu = opened(k)
    eq(software_line(menu), build, "no release file: the build alone")


def test_staff_labels_whole_in_every_language():
    """On the smallest panel (800x480) no label or line of the service
    screen is cut short with an ellipsis, in any of the kiosk's
    catalogues: staff must read a button whole to know what it does."""
    k = Kiosk()
    with open(k.conf) as f:
        base = f.read()
    langs = sorted(n[:-3] for n in os.listdir(os.path.join(HERE, "../../po")) if n.endswith(".po"))
    ok(len(langs) >= 10, f"the catalogues: {langs}")
    for lang in langs:
        with open(k.conf, "w") as f:
            f.write(base + f"language = {lang}\n")
        _, menu = opened(k, "800x480")
        cut = [t for t in texts(menu) if "\u2026" in t]
        eq(cut, [], f"{lang}: labels cut short on the service screen at 800x480")
        check_fit(menu, "800x480", f"{lang}: the service screen")


def test_no_pin_keeps_it_shut():
    d = tempfile.mkdtemp(prefix="kiosk-service-")
    r = Run("hold 20 20 5000\nshot pad\n", extra=["--data", d])
    pad = r.json("pad")
    ok(any(t.startswith("No service PIN is set") for t in texts(pad)), texts(pad))
    eq([t["id"] for t in pad["targets"]], ["service-close"], "no keys without a PIN")


def main():
    return run_tests(globals(), "service", f" (shots in {SHOTS})")


if __name__ == "__main__":
    sys.exit(main())
