#!/usr/bin/env python3
"""The night schedule on the live kiosk: SDL's offscreen driver, the test
hook (frames drawn, taps), a fake clock ($KIOSK_TEST_NOW) and a fake sysfs
($KIOSK_SYSFS) with two backlights, one switched by bl_power and one by
brightness. The screen goes blank at the scheduled minute with the
backlights off, draws no frame and hardly wakes while blank, comes back on
a touch that opens nothing, stays on while the time is unknown, and keeps
the last known time in DATA/clock, never before the content's signing
time.

usage: run.py build/kiosk
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

KIOSK = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/kiosk")
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../..")
# 2026-12-03 20:59:57 UTC, a Thursday.
EVENING = 1796331597
# The built-in article's files carry the time they were checked out, and the
# kiosk never trusts a clock before its content's newest file: the live runs
# get a copy of it dated the day before EVENING, whatever the day the tests
# run on.
CONTENT_TIME = EVENING - 86400
ARTIFACTS = os.path.abspath(os.environ.get("ARTIFACTS", "build/test-artifacts")) + "/night"
results = []


def check(cond, what):
    results.append((bool(cond), what))
    print(("ok   " if cond else "FAIL ") + what)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def read(path):
    with open(path) as f:
        return f.read().strip()


def fake_sysfs(d):
    sysfs = os.path.join(d, "sys")
    write(os.path.join(sysfs, "class/backlight/panel/bl_power"), "0\n")
    write(os.path.join(sysfs, "class/backlight/panel/brightness"), "100\n")
    write(os.path.join(sysfs, "class/backlight/lcd/brightness"), "200\n")
    write(os.path.join(sysfs, "class/backlight/lcd/max_brightness"), "255\n")
    return sysfs


def dated_content(d):
    """A copy of the built-in content whose files all date from CONTENT_TIME."""
    content = os.path.join(d, "content")
    shutil.copytree(os.path.join(ROOT, "assets/content"), content, dirs_exist_ok=True)
    for top, dirs, files in os.walk(content):
        for name in files + dirs:
            os.utime(os.path.join(top, name), (CONTENT_TIME, CONTENT_TIME))
    os.utime(content, (CONTENT_TIME, CONTENT_TIME))
    return content


class Kiosk:
    def __init__(self, d, conf, now, extra=(), env_extra=None):
        self.d = d
        self.hook = os.path.join(d, "hook")
        os.makedirs(self.hook, exist_ok=True)
        self.data = os.path.join(d, "data")
        os.makedirs(self.data, exist_ok=True)
        self.conf = os.path.join(d, "kiosk.conf")
        write(self.conf, conf)
        self.sysfs = fake_sysfs(d) if not os.path.exists(os.path.join(d, "sys")) else \
            os.path.join(d, "sys")
        env = dict(os.environ, SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="none",
                   SDL_RENDER_DRIVER="software", SDL_FRAMEBUFFER_ACCELERATION="0",
                   KIOSK_TEST_HOOK=self.hook, KIOSK_TEST_NOW=now, KIOSK_SYSFS=self.sysfs, TZ="UTC",
                   **(env_extra or {}))
        if "--content" not in extra:
            extra = ("--content", dated_content(d), *extra)
        self.log = os.path.join(d, "kiosk.log")
        with open(self.log, "w") as log:
            self.proc = subprocess.Popen([KIOSK, "--data", self.data, "--config", self.conf,
                                          "--window", "800x480", *extra],
                                         env=env, stdout=log, stderr=log)

    def state(self):
        path = os.path.join(self.hook, "frames")
        try:
            lines = dict(l.split() for l in read(path).splitlines())
            return int(lines["frames"]), lines["blank"] == "1"
        except (OSError, KeyError, ValueError):
            return 0, False

    def wait_for(self, cond, seconds):
        end = time.time() + seconds
        while time.time() < end:
            if cond(*self.state()):
                return True
            time.sleep(0.05)
        return False

    def command(self, line):
        with open(os.path.join(self.hook, "commands"), "w") as f:
            f.write(line + "\n")

    def shot(self, name):
        self.command("shot " + name)
        path = os.path.join(self.hook, name + ".json")
        for _ in range(200):
            if os.path.exists(path):
                with open(path) as f:
                    return json.load(f)
            time.sleep(0.05)
        return None

    def switches(self):
        """The main thread's voluntary context switches: its wake-ups."""
        with open(f"/proc/{self.proc.pid}/task/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("voluntary_ctxt_switches"):
                    return int(line.split()[1])
        return 0

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=20)


def tile_centre():
    d = tempfile.mkdtemp(prefix="kiosk-night-")
    subprocess.run([KIOSK, "render", "--out", d, "--size", "800x480"], check=True,
                   capture_output=True, timeout=60)
    with open(os.path.join(d, "home.json")) as f:
        home = json.load(f)
    t = next(t for t in home["targets"] if t["id"] == "topic-2")
    return t["x"] + t["w"] // 2, t["y"] + t["h"] // 2


def blank_at_nine(cx, cy):
    d = tempfile.mkdtemp(prefix="kiosk-night-")
    # Attract mode starts 5 s after the start and changes slides every 3 s:
    # a kiosk that kept drawing while blank would show it.
    k = Kiosk(d, "screen_off = 21:00-07:00\nidle_timeout_s = 5\nrotate_interval_s = 3\n",
              f"{EVENING} known")
    light = os.path.join(k.sysfs, "class/backlight")
    try:
        check(k.wait_for(lambda f, b: f > 0 and not b, 10), "before 21:00 the screen is drawn")
        check(read(f"{light}/panel/bl_power") == "0", "the backlight is on in the evening")
        check(k.wait_for(lambda f, b: b, 15), "at 21:00 the screen goes blank")
        time.sleep(0.3)
        check(read(f"{light}/panel/bl_power") == "4", "bl_power is set to 4 (powered down)")
        check(read(f"{light}/lcd/brightness") == "0", "a backlight without bl_power: brightness 0")
        frames, _ = k.state()
        woke = k.switches()
        time.sleep(6)
        frames2, blank = k.state()
        woke2 = k.switches()
        check(blank and frames2 == frames,
              f"no frame drawn in 6 s blank, attract mode due in them ({frames2 - frames})")
        check(woke2 - woke <= 2, f"the blank kiosk sleeps: {woke2 - woke} wake-ups in 6 s")
        k.command(f"tap {cx} {cy}")
        check(k.wait_for(lambda f, b: not b and f > frames2, 10), "a touch wakes the screen")
        time.sleep(0.3)
        check(read(f"{light}/panel/bl_power") == "0", "bl_power is put back")
        check(read(f"{light}/lcd/brightness") == "200", "brightness is put back as it was")
        shot = k.shot("woken")
        check(shot is not None and shot.get("screen") == "attract",
              f"the waking touch opened nothing; attract mode shows: "
              f"{shot and shot.get('screen')}")
        k.command(f"tap {cx} {cy}")
        shot = k.shot("then")
        check(shot is not None and shot.get("screen") == "home",
              f"the next touch acts (attract mode to Home): {shot and shot.get('screen')}")
    finally:
        check(k.stop() == 0, "the kiosk stops cleanly")
    kept = read(os.path.join(k.data, "clock")).splitlines()
    check(kept[0] == "kiosk-clock 1" and int(kept[1].split()[1]) >= EVENING + 3,
          f"the last known time is kept in DATA/clock: {kept}")
    return d, int(kept[1].split()[1])


def unknown_at_noon():
    d = tempfile.mkdtemp(prefix="kiosk-night-")
    k = Kiosk(d, "screen_off = all day\n", f"{EVENING} unknown")
    try:
        time.sleep(3)
        frames, blank = k.state()
        check(frames > 0 and not blank, "while the time is unknown the schedule waits: drawn")
    finally:
        k.stop()
    check(not os.path.exists(os.path.join(k.data, "clock")), "an unknown time is not kept")


def staff_clock_outlives_a_restart():
    """Under the firmware's ProcSubset=pid the kernel's boot id is hidden
    (here: KIOSK_PROCFS names an empty root): the kiosk keeps an id of its
    own in its runtime folder. A clock staff set in this boot (DATA/clock's
    set-boot) is still known after the kiosk restarts with the same runtime
    folder, so the schedule blanks the screen; after a reboot (a new, empty
    runtime folder) the time is unknown again and the screen stays on."""
    d = tempfile.mkdtemp(prefix="kiosk-night-")
    run = os.path.join(d, "run")
    os.makedirs(run)
    noproc = os.path.join(d, "noproc")
    os.makedirs(noproc)
    env = {"KIOSK_PROCFS": noproc, "RUNTIME_DIRECTORY": run}
    k = Kiosk(d, "screen_off = all day\n", f"{EVENING} unknown", env_extra=env)
    try:
        k.wait_for(lambda f, b: f > 0, 10)
    finally:
        k.stop()
    boot = read(os.path.join(run, "boot-id")) if os.path.exists(os.path.join(run, "boot-id")) else ""
    check(len(boot) == 32 and all(c in "0123456789abcdef" for c in boot),
          f"without the kernel's boot id the kiosk makes one in its runtime folder: {boot!r}")
    # Staff set the clock in this boot (what clock_staff_set keeps).
    write(os.path.join(k.data, "clock"), f"kiosk-clock 1\ntime {EVENING}\nset-boot {boot}\n")
    k = Kiosk(d, "screen_off = all day\n", f"{EVENING} unknown", env_extra=env)
    try:
        check(k.wait_for(lambda f, b: b, 10),
              "restarted in the same boot, the clock staff set is known: the schedule blanks")
    finally:
        k.stop()
    check(read(os.path.join(run, "boot-id")) == boot, "the runtime folder's id is kept, not made anew")
    rebooted = os.path.join(d, "run2")
    os.makedirs(rebooted)
    k = Kiosk(d, "screen_off = all day\n", f"{EVENING} unknown",
              env_extra=dict(env, RUNTIME_DIRECTORY=rebooted))
    try:
        time.sleep(3)
        frames, blank = k.state()
        check(frames > 0 and not blank, "after a reboot (an empty runtime folder) the time is "
              "unknown again: drawn")
    finally:
        k.stop()


def restart_earlier(d, kept):
    """The board restarts with its clock in 1970-ish: the kiosk does not
    trust it, and the kept time does not go back."""
    k = Kiosk(d, "screen_off = all day\n", "1000000 known")
    try:
        time.sleep(3)
        frames, blank = k.state()
        check(frames > 0 and not blank, "a clock behind the kept time is not trusted: drawn")
        k.command("clock")
        js = k.shot("kept")
        check(js is not None and values(js)[:3] == ["03", "12", "2026"],
              f"after the restart the kiosk's date is the kept one, not 1970's: "
              f"{js and values(js)}")
    finally:
        k.stop()
    now = int(read(os.path.join(k.data, "clock")).splitlines()[1].split()[1])
    check(now >= kept, f"DATA/clock never goes back ({now} >= {kept})")


def signed_content():
    """Content signed in the future of the board's clock: its signing time
    is the floor."""
    d = tempfile.mkdtemp(prefix="kiosk-night-")
    keys = os.path.join(d, "keys")
    os.makedirs(keys)
    content = os.path.join(d, "content")
    subprocess.run(["cp", "-r", os.path.join(ROOT, "assets/content"), content], check=True)
    subprocess.run([KIOSK, "keygen", "--name", "Night test", "--out", os.path.join(keys, "k")],
                   check=True, capture_output=True)
    r = subprocess.run([KIOSK, "sign", content, "--key", os.path.join(keys, "k.key"),
                        "--for", "night", "--version", "5"], capture_output=True, text=True)
    check(r.returncode == 0, f"the content is signed: {r.stderr.strip()[:200]}")
    sig = read(os.path.join(content, "kiosk.sig")) if os.path.exists(
        os.path.join(content, "kiosk.sig")) else read(os.path.join(content, "kiosk/kiosk.sig"))
    created = int(next(l for l in sig.splitlines() if l.startswith("created ")).split()[1])
    k = Kiosk(d, "screen_off = all day\n", f"{created - 86400} known", ("--content", content))
    try:
        time.sleep(3)
        frames, blank = k.state()
        check(frames > 0 and not blank,
              "a clock before the content's signing time is not trusted: drawn")
        k.command("clock")
        js = k.shot("signed")
        day = time.strftime("%d %m %Y", time.gmtime(created)).split()
        check(js is not None and values(js)[:3] == day,
              f"the kiosk's date is the signing date, not the day before: {js and values(js)} "
              f"{day}")
    finally:
        k.stop()


def render(script, conf="", size="1280x720", name="render"):
    """`kiosk render` with a script; returns its output folder."""
    d = tempfile.mkdtemp(prefix="kiosk-night-")
    write(os.path.join(d, "s.txt"), script)
    write(os.path.join(d, "kiosk.conf"), conf)
    r = subprocess.run([KIOSK, "render", "--out", d, "--size", size, "--config",
                        os.path.join(d, "kiosk.conf"), "--script", os.path.join(d, "s.txt")],
                       capture_output=True, text=True, timeout=120, env=dict(os.environ, TZ="UTC"))
    check(r.returncode == 0, f"{name}: kiosk render runs ({r.stderr.strip()[:200]})")
    return d


def shot(d, name):
    with open(os.path.join(d, name + ".json")) as f:
        return json.load(f)


def centre_of(js, ident):
    t = next(t for t in js["targets"] if t["id"] == ident)
    return t["x"] + t["w"] // 2, t["y"] + t["h"] // 2


def values(js):
    """The clock screen's five values, in the order they stand left to right."""
    nums = [t for t in js["texts"] if t["text"].isdigit()]
    return [t["text"] for t in sorted(nums, key=lambda t: (t["y"], t["x"]))]


def black(path):
    from PIL import Image
    with Image.open(path) as im:
        return im.convert("L").getextrema() == (0, 0)


def clock_screen():
    """The clock screen through render scripts: opened at the time the
    script set, stepped, saved (the time then is what was chosen)."""
    d = render("time 2026-12-03 21:30 known\nclock\nshot clock\n", name="clock screen")
    js = shot(d, "clock")
    check(js["screen"] == "clock" and values(js) == ["03", "12", "2026", "21", "30"],
          f"the clock screen opens at the time now: {values(js)}")
    taps = []
    for ident, times in (("clock-minute-plus", 31), ("clock-hour-minus", 1),
                         ("clock-day-plus", 29), ("clock-month-minus", 10)):
        x, y = centre_of(js, ident)
        taps += [f"tap {x} {y}"] * times
    sx, sy = centre_of(js, "clock-save")
    d = render("time 2026-12-03 21:30 known\nclock\n" + "\n".join(taps) +
               f"\nshot stepped\ntap {sx} {sy}\nshot saved\nclock\nshot again\n",
               name="clock screen stepped")
    stepped = shot(d, "stepped")
    check(values(stepped) == ["01", "02", "2026", "20", "01"],
          f"+ and - step each field, wrapping without carrying, the day within its month: "
          f"{values(stepped)}")
    saved = shot(d, "saved")
    check(saved["screen"] == "notice" and saved["title"] == "The clock is set.",
          f"Save says the clock is set: {saved['screen']} {saved['title']!r}")
    again = shot(d, "again")
    check(values(again) == ["01", "02", "2026", "20", "01"],
          f"the time set is the kiosk's time from then on: {values(again)}")
    # Kept for a person to look at.
    os.makedirs(ARTIFACTS, exist_ok=True)
    for n in ("stepped", "saved"):
        subprocess.run(["cp", os.path.join(d, n + ".png"), ARTIFACTS], capture_output=True)
    # Spanish staff, a portrait panel: the date and the time a row each.
    d = render("time 2026-12-03 21:30 known\nclock\nshot portrait\n", "language = es\n",
               "480x800", "clock screen in Spanish")
    js = shot(d, "portrait")
    words = [t["text"] for t in js["texts"]]
    check("Ajustar la hora" in words and "Guardar" in words and "Cancelar" in words,
          f"the clock screen speaks the settings' language: {words[:4]}")
    rows = sorted({t["y"] for t in js["targets"] if t["id"].endswith("-plus")})
    check(len(rows) == 2, f"on a narrow panel the date and the time take a row each: {rows}")


def render_night():
    """kiosk render with a scripted clock: black at night, a touch wakes it
    without opening anything, and nothing is black while the time is
    unknown."""
    cx, cy = tile_centre_at("1280x720")
    d = render("time 2026-12-03 20:59 known\nshot evening\nwait 61000\nshot night\n"
               f"tap {cx} {cy}\nshot woken\nwait 301000\nshot asleep\n",
               "screen_off = 21:00-07:00\n", name="night in render")
    check(not black(os.path.join(d, "evening.png")), "20:59: the screen shows")
    check(black(os.path.join(d, "night.png")), "21:00: the shot is black")
    woken = shot(d, "woken")
    check(not black(os.path.join(d, "woken.png")) and woken["screen"] == "home",
          f"a touch wakes it and opens nothing: {woken['screen']}")
    check(black(os.path.join(d, "asleep.png")), "five minutes after the touch it is blank again")
    d = render("time 2026-12-03 12:00 unknown\nshot noon\n", "screen_off = all day\n",
               name="unknown time in render")
    check(not black(os.path.join(d, "noon.png")), "an unknown time: never blank at noon")
    d = render("shot plain\n", "screen_off = all day\n", name="no time in render")
    check(not black(os.path.join(d, "plain.png")),
          "render without a scripted time never blanks (previews at night)")


def tile_centre_at(size):
    d = tempfile.mkdtemp(prefix="kiosk-night-")
    subprocess.run([KIOSK, "render", "--out", d, "--size", size], check=True,
                   capture_output=True, timeout=60)
    return centre_of(shot(d, "home"), "topic-2")


def live_clock_refused():
    """The live kiosk's clock screen with the real clock: Save goes to
    systemd-timedated over the system bus, here a bus that is not there
    (never this machine's own clock), and the screen says why it failed."""
    d = tempfile.mkdtemp(prefix="kiosk-night-")
    k = Kiosk(d, "", "", env_extra={
        "DBUS_SYSTEM_BUS_ADDRESS": "unix:path=" + os.path.join(d, "no-bus")})
    try:
        k.wait_for(lambda f, b: f > 0, 10)
        k.command("clock")
        js = k.shot("clock")
        check(js is not None and js["screen"] == "clock", "the test hook's clock opens the clock screen")
        t = next(t for t in js["targets"] if t["id"] == "clock-save")
        k.command(f"tap {t['x'] + t['w'] // 2} {t['y'] + t['h'] // 2}")
        js = k.shot("refused")
        check(js is not None and js["screen"] == "notice" and
              js["title"].startswith("The clock could not be set ("),
              f"without timedated the screen says the clock was not set: {js and js['title']!r}")
    finally:
        k.stop()
    check(not os.path.exists(os.path.join(k.data, "clock")) or
          "set-boot" not in read(os.path.join(k.data, "clock")),
          "a clock not set is not remembered as set by staff")


def main():
    clock_screen()
    render_night()
    cx, cy = tile_centre()
    d, kept = blank_at_nine(cx, cy)
    unknown_at_noon()
    staff_clock_outlives_a_restart()
    restart_earlier(d, kept)
    signed_content()
    live_clock_refused()
    passed = sum(1 for ok, _ in results if ok)
    print(f"night: {passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
