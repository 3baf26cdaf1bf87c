#!/usr/bin/env python3
"""Software updates end to end through the real kiosk, with a fake root
helper (fake_helper.py) on a Unix socket in place of the firmware's: a
stick with KIOSK/UPDATE/x.raucb driven through `kiosk render` scripts (the
progress screen, then what each final answer says, naming the file as it
is on the stick), malformed answers giving the error screen, no helper
configured giving a plain refusal while the stick's content is still
imported, a bundle in DATA/inbox/update installed by the live kiosk and
removed, and the status file told once a boot.

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
import traceback

KIOSK = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/kiosk")
HERE = os.path.dirname(os.path.abspath(__file__))
FAKE = os.path.join(HERE, "fake_helper.py")
THREE = os.path.join(HERE, "..", "render", "languages", "three")
BUNDLE = "kiosk-1.4.raucb"
SHOWN = "KIOSK/UPDATE/" + BUNDLE


def ok(cond, what):
    if not cond:
        raise AssertionError(what)


class Helper:
    """The fake helper, answering every connection with script."""

    def __init__(self, d, script):
        self.sock = os.path.join(d, "update.sock")
        self.log = os.path.join(d, "helper.log")
        path = os.path.join(d, "helper.script")
        with open(path, "w") as f:
            f.write("\n".join(script) + "\n")
        self.p = subprocess.Popen([sys.executable, FAKE, self.sock, path, self.log])
        end = time.time() + 10
        while not os.path.exists(self.sock) and time.time() < end:
            time.sleep(0.05)
        ok(os.path.exists(self.sock), "the fake helper listens")

    def requests(self):
        if not os.path.exists(self.log):
            return b""
        with open(self.log, "rb") as f:
            return f.read()

    def stop(self):
        self.p.kill()
        self.p.wait()


def stick(d, content=False, bundles=(BUNDLE,)):
    root = os.path.join(d, "stick")
    up = os.path.join(root, "KIOSK", "UPDATE")
    os.makedirs(up)
    if content:
        for f in os.listdir(THREE):
            shutil.copy(os.path.join(THREE, f), os.path.join(root, "KIOSK", f))
    for b in bundles:
        with open(os.path.join(up, b), "wb") as f:
            f.write(b"not really a bundle\n")
    return root


def render(d, script, helper=None):
    """`kiosk render` of script in d; the shots by name, and stderr."""
    out = os.path.join(d, "out")
    os.makedirs(out, exist_ok=True)
    data = os.path.join(d, "data")
    os.makedirs(data, exist_ok=True)
    conf = os.path.join(d, "kiosk.conf")
    with open(conf, "w") as f:
        f.write(f"update_helper = {helper.sock}\n" if helper else "")
    path = os.path.join(d, "script.txt")
    with open(path, "w") as f:
        f.write(script)
    p = subprocess.run([KIOSK, "render", "--out", out, "--size", "1280x720", "--script", path,
                        "--data", data, "--config", conf], capture_output=True, text=True,
                       timeout=300)
    ok(p.returncode == 0, f"kiosk render exited {p.returncode}: {p.stderr}")
    shots = {}
    for n in os.listdir(out):
        if n.endswith(".json"):
            with open(os.path.join(out, n)) as f:
                shots[n[:-5]] = json.load(f)
    return shots, p.stderr, out


def verdict(answer_lines, content=False, bundles=(BUNDLE,), with_helper=True):
    d = tempfile.mkdtemp(prefix="kiosk-sw-")
    root = stick(d, content, bundles)
    helper = Helper(d, answer_lines) if with_helper else None
    try:
        shots, err, out = render(d, f"usb {root}\nwait 4000\nshot done\n", helper)
        req = helper.requests() if helper else b""
    finally:
        if helper:
            helper.stop()
    return shots["done"], req, err, d


def test_progress_then_installed():
    d = tempfile.mkdtemp(prefix="kiosk-sw-")
    root = stick(d)
    helper = Helper(d, ["progress 10", "sleep 0.2", "progress 40", "sleep 3", "progress 90",
                        "sleep 0.2", "installed 1.4.2"])
    try:
        shots, err, out = render(d, f"usb {root}\nwait 1500\nshot progress\nwait 6000\n"
                                 "shot done\n", helper)
        req = helper.requests()
    finally:
        helper.stop()
    p, done = shots["progress"], shots["done"]
    ok(req == f"install stick {BUNDLE}\n".encode(), f"the request: {req!r}")
    ok(p["screen"] == "import" and p["title"] == "Installing new software…", p)
    ok(p["progress"] == 400, f"the bar at 40 %: {p['progress']}")
    ok(p["detail"] == "Please leave the USB stick in until this is done.", p["detail"])
    ok(done["screen"] == "notice" and done["title"] == "New software installed", done)
    ok(done["detail"] == "Version 1.4.2 starts when the kiosk restarts in a moment. "
       "You can remove the USB stick now.", done["detail"])
    print(f"     screenshots: {out}/progress.png {out}/done.png")


REFUSALS = [
    ("refused same 1.4.2", "This software is already installed",
     "Version 1.4.2 is already running. Nothing was changed. You can remove the USB stick now."),
    ("refused older 1.2 1.4.2", "The software update could not be used",
     f"{SHOWN} is version 1.2, older than the version running (1.4.2)."),
    ("refused signature", "The software update could not be used",
     f"{SHOWN} is not signed with a key this kiosk trusts."),
    ("refused compatible", "The software update could not be used",
     f"{SHOWN} is not made for this kiosk."),
    ("refused damaged", "The software update could not be used",
     f"{SHOWN} is damaged or incomplete."),
    ("refused busy", "The software update could not be used", "Another update is already running."),
    ("error the USB stick was removed", "The software update could not be used",
     "The software update could not be installed (the USB stick was removed)."),
]


def test_refusals():
    for line, title, detail in REFUSALS:
        done, _, _, _ = verdict(["progress 5", line])
        ok(done["title"] == title and done["detail"] == detail, f"{line}: {done['title']!r} "
           f"{done['detail']!r}")
        ok(done["detail"].count("Nothing was changed.") <= 1 and title not in done["detail"],
           f"{line}: each thing once")


MALFORMED = [
    ["progress 5", "raw b'error ' + b'x' * 300 + b'\\n'"],
    ["installed 1.4;reboot"],
    ["installed " + "1" * 41],
    ["progress 10", "close"],
    ["progress 101"],
    ["raw b'installed 1.4\\xff\\n'"],
    ["raw b'installed 1.4'", "close"],
    ["refused older 1.2"],
]


def test_malformed_answers():
    for script in MALFORMED:
        done, _, err, _ = verdict(script)
        ok(done["title"] == "The software update could not be used" and
           done["detail"].startswith("The software update could not be installed ("),
           f"{script}: {done['title']!r} {done['detail']!r}")
        ok("1.4;reboot" not in done["detail"] and "xxxx" not in done["detail"], done["detail"])


def test_no_helper_still_imports_the_content():
    done, _, err, d = verdict([], content=True, with_helper=False)
    ok(done["title"] == "The software update could not be used", done["title"])
    ok(done["detail"].startswith(f"This kiosk cannot install software updates, so {SHOWN} was "
                                 "not used."), done["detail"])
    ok("Content updated" in done["detail"], f"the content's verdict follows: {done['detail']}")
    cur = os.path.join(d, "data", "current")
    ok(os.path.exists(os.path.join(cur, "flu.md")), "the stick's content was imported")
    ok(not any(n.lower() == "update" for n in os.listdir(cur)), "the bundle is not content")


def test_content_then_update():
    done, req, _, d = verdict(["installed 1.5"], content=True)
    ok(req == f"install stick {BUNDLE}\n".encode(), req)
    ok(done["title"] == "New software installed", done)
    ok("Content updated" in done["detail"] and "Version 1.5 starts" in done["detail"], done["detail"])
    ok(os.path.exists(os.path.join(d, "data", "current", "flu.md")), "content first")


def test_two_bundles_and_a_bad_name():
    done, req, _, _ = verdict(["installed 1.5"], bundles=("a.raucb", "b.RAUCB"))
    ok(req == b"", "nothing asked of the helper")
    ok(done["detail"] == "KIOSK/UPDATE holds 2 software updates; leave one.", done["detail"])
    done, req, _, _ = verdict(["installed 1.5"], bundles=("kiosk 1.5.raucb",))
    ok(req == b"" and "KIOSK/UPDATE/kiosk 1.5.raucb" in done["detail"], done["detail"])


class Live:
    """The live kiosk (offscreen driver) with the test hook."""

    def __init__(self, d, conf, env_extra=None):
        self.hook = os.path.join(d, "hook")
        os.makedirs(self.hook, exist_ok=True)
        self.data = os.path.join(d, "data")
        os.makedirs(self.data, exist_ok=True)
        path = os.path.join(d, "kiosk.conf")
        with open(path, "w") as f:
            f.write(conf)
        env = dict(os.environ, SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="none",
                   SDL_RENDER_DRIVER="software", KIOSK_TEST_HOOK=self.hook, **(env_extra or {}))
        self.log = os.path.join(d, "kiosk.log")
        with open(self.log, "w") as log:
            self.proc = subprocess.Popen([KIOSK, "--data", self.data, "--config", path,
                                          "--window", "800x480"], env=env, stdout=log,
                                         stderr=log)

    def shot(self, name):
        end = time.time() + 20
        while not os.path.exists(os.path.join(self.hook, "commands")) and time.time() < end:
            time.sleep(0.05)
        with open(os.path.join(self.hook, "commands"), "w") as f:
            f.write("shot " + name + "\n")
        path = os.path.join(self.hook, name + ".json")
        while time.time() < end:
            if os.path.exists(path):
                time.sleep(0.1)
                with open(path) as f:
                    return json.load(f)
            time.sleep(0.05)
        raise AssertionError(f"no shot {name}")

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=20)
        with open(self.log) as f:
            return f.read()


def test_inbox_bundle_installed_and_removed():
    d = tempfile.mkdtemp(prefix="kiosk-sw-")
    helper = Helper(d, ["progress 50", "installed 2.0"])
    up = os.path.join(d, "data", "inbox", "update")
    os.makedirs(up)
    with open(os.path.join(up, "kiosk-2.0.raucb"), "wb") as f:
        f.write(b"bundle")
    k = Live(d, f"update_helper = {helper.sock}\nusb_dirs = {os.path.join(d, 'usb')}\n")
    try:
        end = time.time() + 20
        while os.listdir(up) and time.time() < end:
            time.sleep(0.1)
        shot = k.shot("done")
    finally:
        log = k.stop()
        helper.stop()
    ok(helper.requests() == b"install inbox kiosk-2.0.raucb\n", helper.requests())
    ok(os.listdir(up) == [], f"the bundle is removed: {os.listdir(up)}")
    ok(shot["title"] == "New software installed" and
       shot["detail"] == "Version 2.0 starts when the kiosk restarts in a moment.", shot)
    ok(os.path.isdir(os.path.join(d, "data", "inbox", "update")), "the folder stays")
    ok("current" not in os.listdir(os.path.join(d, "data")), f"not taken as content: {log}")


def status_run(text, run=None):
    d = tempfile.mkdtemp(prefix="kiosk-sw-")
    status = os.path.join(d, "status")
    with open(status, "wb") as f:
        f.write(text)
    run = run or os.path.join(d, "run")
    os.makedirs(run, exist_ok=True)
    k = Live(d, f"update_status = {status}\nusb_dirs = {os.path.join(d, 'usb')}\n",
             {"RUNTIME_DIRECTORY": run})
    try:
        time.sleep(1)
        shot = k.shot("start")
    finally:
        log = k.stop()
    return shot, log, run


def test_status_told_once_a_boot():
    shot, _, run = status_run(b"updated 1.4.2\n")
    ok(shot["title"] == "The kiosk's software was updated" and
       shot["detail"] == "Version 1.4.2 is running.", shot)
    again, _, _ = status_run(b"updated 1.4.2\n", run)
    ok(again["screen"] == "home", f"a restart in the same boot says nothing: {again['screen']}")
    shot, _, _ = status_run(b"fallback 1.5 1.4.2\n")
    ok(shot["title"] == "The software update did not start" and shot["detail"] ==
       "Version 1.5 could not start twice, so the kiosk went back to version 1.4.2.", shot)
    for bad in (b"updated 1.4;x\n", b"updated " + b"1" * 300, b"fallback 1.5\n", b"\xff\xfe"):
        shot, log, _ = status_run(bad)
        ok(shot["screen"] == "home", f"{bad!r}: not shown")
        ok("not a line the firmware writes" in log, f"{bad!r}: logged: {log}")
    shot, _, _ = status_run(b"")
    ok(shot["screen"] == "home", "an empty status says nothing")


def main():
    tests = [test_progress_then_installed, test_refusals, test_malformed_answers,
             test_no_helper_still_imports_the_content, test_content_then_update,
             test_two_bundles_and_a_bad_name, test_inbox_bundle_installed_and_removed,
             test_status_told_once_a_boot]
    failed = 0
    for t in tests:
        try:
            t()
            print(f"ok   {t.__name__}")
        except Exception:
            failed += 1
            print(f"FAIL {t.__name__}")
            traceback.print_exc()
    print(f"{len(tests) - failed} of {len(tests)} passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
