"""Software updates in the firmware VM test (vm-test.py passes itself as t):
signed bundles made by firmware/make-bundle.sh from the image's own root,
on a FAT stick's KIOSK/UPDATE folder, installed by the kiosk through the
root helper and RAUC into the slot not running, as staff would do it.

  update           A -> B: the progress screen while RAUC writes, "New
                   software installed", the board restarts itself into B,
                   Home says the software was updated; B is marked good
  update-power-cut the power cut while RAUC writes the other slot: the
                   board comes back on the slot it ran, nothing said
  update-fallback  a bundle whose kiosk cannot start: installed, started
                   twice, then GRUB goes back to the slot before it by
                   itself, and Home says so
  update-refused   the same bundle again (quietly refused: already
                   running), an older one, one signed with another key
"""
import os
import re
import shutil
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
MAKE_BUNDLE = os.path.join(HERE, "make-bundle.sh")


def release(root_ext4):
    out = subprocess.run(["debugfs", "-R", "cat /etc/kiosk-release", root_ext4], check=True,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.decode()
    return dict(ln.split("=", 1) for ln in out.splitlines() if "=" in ln)


def make_bundle(t, tmp, version, broken=False, key=None):
    """A bundle of the image's root at version; broken: its kiosk binary
    exits at once (a slot that never reaches Home); key: (key, cert) of
    another signer."""
    root = os.path.join(t.IMG, "root.ext4")
    if broken:
        copy = os.path.join(tmp, "broken-root.ext4")
        subprocess.run(["cp", "--sparse=always", root, copy], check=True)
        script = os.path.join(tmp, "kiosk-broken")
        with open(script, "w") as f:
            f.write("#!/bin/sh\necho 'kiosk: this build cannot start' >&2\nexit 1\n")
        subprocess.run(["debugfs", "-w", "-R", "rm /usr/bin/kiosk", copy], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(["debugfs", "-w", "-f", "-", copy], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL,
                       input=("write %s /usr/bin/kiosk\nsif /usr/bin/kiosk mode 0100755\n"
                              "sif /usr/bin/kiosk uid 0\nsif /usr/bin/kiosk gid 0\n" % script).encode())
        root = copy
    out = os.path.join(tmp, "kiosk-update-%s%s.raucb" % (version, "-broken" if broken else ""))
    env = dict(os.environ)
    if key:
        env.update(UPDATE_KEY=key[0], UPDATE_CERT=key[1])
    subprocess.run(["bash", MAKE_BUNDLE, root, version, out], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    if broken:
        os.unlink(root)
    return out


def other_key(tmp):
    key, cert = os.path.join(tmp, "other.key.pem"), os.path.join(tmp, "other.cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
                    "-subj", "/CN=Someone else", "-keyout", key, "-out", cert], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return key, cert


def bundle_stick(bundle, path):
    """A FAT stick holding KIOSK/UPDATE/<bundle> and nothing else."""
    size_mb = os.path.getsize(bundle) // (1024 * 1024) + 48
    if os.path.exists(path):
        os.unlink(path)
    subprocess.run(["mkfs.vfat", "-n", "CLINIC", "-C", path, str(size_mb * 1024)], check=True,
                   stdout=subprocess.DEVNULL)
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    subprocess.run(["mmd", "-i", path, "::/KIOSK", "::/KIOSK/UPDATE"], check=True, env=env)
    subprocess.run(["mcopy", "-i", path, bundle, "::/KIOSK/UPDATE/"], check=True, env=env)
    return path


def boot_id(t, vm):
    try:
        rc, out = t.guest(vm, "cat /proc/sys/kernel/random/boot_id", timeout=5)
        return out.strip() if rc == 0 else None
    except TimeoutError:
        return None


def slot_facts(t, vm):
    """The slot running, its software version, the primary slot and what
    the kiosk was told at start."""
    rc, out = t.guest(vm, "for w in $(cat /proc/cmdline); do case $w in rauc.slot=*) echo slot=${w#*=};; "
                          "esac; done; sed -n 's/^VERSION=/version=/p' /etc/kiosk-release; "
                          "echo primary=$(/usr/lib/kiosk/kiosk-slots get-primary); "
                          "echo status=$(cat /run/kiosk-update/status)")
    return dict(ln.split("=", 1) for ln in out.splitlines() if "=" in ln)


def screen_text(t, vm, name):
    return t.ocr(vm.screen(name), name)


def wait_text(t, vm, words, timeout, name, step=3.0):
    """Seconds until the screen's OCR holds one of words (lower case), and
    which; (None, None) after timeout."""
    t0 = time.time()
    while time.time() - t0 < timeout:
        text = re.sub(r"\s+", " ", screen_text(t, vm, name)).lower()
        for w in words:
            if w in text:
                return time.time() - t0, w
        time.sleep(step)
    return None, None


def wait_reboot(t, vm, old_id, timeout):
    """Seconds until the guest answers with a boot id other than old_id."""
    t0 = time.time()
    while time.time() - t0 < timeout:
        new = boot_id(t, vm)
        if new and new != old_id:
            return time.time() - t0
        time.sleep(2)
    return None


def install_from_stick(t, vm, run, name, stick, sid, timeout):
    """Plugs the stick, waits for the progress screen and the end; returns
    (seconds to the progress screen, seconds to the end, the end's word)."""
    t.plug_stick(vm, stick, sid)
    progress, _ = wait_text(t, vm, ["installing new software"], 180, name + "-progress", step=1.0)
    done, word = wait_text(t, vm, ["new software installed", "could not be used",
                                   "already installed"], timeout, name + "-done")
    t.unplug_stick(vm, sid)
    return progress, done, word


def update(t, vm, run, tmp, bundle, version, home_ref):
    """A -> B from a stick, the restart, Home on B saying so, B good."""
    before = slot_facts(t, vm)
    old = boot_id(t, vm)
    stick = bundle_stick(bundle, os.path.join(tmp, "update.img"))
    progress, done, word = install_from_stick(t, vm, run, "20-update", stick, "upd1", 1200 * t.SLOW)
    if word != "new software installed":
        run.record("update", False, "slot %s: the progress screen %s; the end: %s (20-update-done.png)" %
                   (before.get("slot"), "showed" if progress is not None else "did NOT show", word))
        return False
    back = wait_reboot(t, vm, old, 600 * t.SLOW)
    # The notice stays 8 s: the screen is read as often as OCR allows.
    said, _ = wait_text(t, vm, ["software was updated"], 600 * t.SLOW, "21-update-home", step=0.2)
    vm.shell.ready(120 * t.SLOW)
    good, _ = t.wait_guest(vm, "journalctl -b -u kiosk-trial --no-pager | grep -q 'marked good'", 300 * t.SLOW, 3)
    after = slot_facts(t, vm)
    ok = (progress is not None and back is not None and said is not None and good and
          after.get("slot") != before.get("slot") and after.get("version") == version and
          after.get("primary") == after.get("slot"))
    run.record("update", ok,
               "slot %s (%s) -> slot %s (%s): progress screen %.0f s after the stick went in, "
               "\"New software installed\" after %.0f s, the board restarted by itself, Home said "
               "\"software was updated\" %s; %s; primary slot %s" %
               (before.get("slot"), before.get("version"), after.get("slot"), after.get("version"),
                progress or -1, done or -1, "%.0f s after the restart" % said if said is not None else "NOT",
                "marked good" if good else "NOT marked good", after.get("primary")))
    return ok


def power_cut(t, vm, run, tmp, disk, accel, bundle, home_ref):
    """The power cut while RAUC writes: the same slot comes back."""
    before = slot_facts(t, vm)
    target = "A" if before.get("slot") == "B" else "B"
    stick = bundle_stick(bundle, os.path.join(tmp, "update-cut.img"))
    t.plug_stick(vm, stick, "upd2")
    # RAUC marks the slot it writes bad once the bundle is checked, just
    # before it starts the copy (about 40 s under TCG).
    writing, _ = t.wait_guest(vm, "test \"$(/usr/lib/kiosk/kiosk-slots get-state %s)\" = bad" % target,
                              300 * t.SLOW, 1)
    time.sleep(8)
    vm.screen("22-update-before-cut")
    vm.proc.kill()
    vm.proc.wait()
    vm2 = t.Vm(tmp, disk, "update-cut", accel, "bios")
    which, secs = t.wait_screen(vm2, {"home": home_ref}, 600, "23-update-after-cut", step=1.0)
    vm2.shell.ready(120 * t.SLOW)
    after = slot_facts(t, vm2)
    ok = (writing and which == "home" and after.get("slot") == before.get("slot") and
          after.get("version") == before.get("version") and after.get("status", "") == "")
    run.record("update-power-cut", ok,
               "power cut %s slot %s: the board came back on slot %s (%s), Home %s, "
               "nothing said (status '%s')" %
               ("8 s after RAUC began writing" if writing else "WITHOUT RAUC seen writing", target,
                after.get("slot"),
                after.get("version"), "shown %.0f s after power on" % secs if which else "NOT shown",
                after.get("status", "")))
    return vm2


def lost_env(t, vm, run):
    """grub/grubenv lost, as a power cut inside kiosk-slots' rename on FAT
    can leave it: GRUB reads grubenv.bak and starts the slot it should, not
    slot A by its own defaults; the next write puts grubenv back."""
    before = slot_facts(t, vm)
    old = boot_id(t, vm)
    rc, out = t.guest(vm, "m=$(mktemp -d) && mount /dev/disk/by-label/KIOSK-EFI $m && "
                          "rm $m/grub/grubenv && ls $m/grub; umount $m; rmdir $m; sync")
    lost = rc == 0 and "grubenv.bak" in out and "grubenv\n" not in out + "\n"
    t.guest(vm, "systemctl reboot", timeout=10)
    back = wait_reboot(t, vm, old, 600 * t.SLOW)
    vm.shell.ready(120 * t.SLOW)
    after = slot_facts(t, vm)
    rc, out = t.guest(vm, "/usr/lib/kiosk/kiosk-slots set-state %s good && m=$(mktemp -d) && "
                          "mount -o ro /dev/disk/by-label/KIOSK-EFI $m && ls $m/grub; umount $m; "
                          "rmdir $m" % after.get("slot"))
    restored = rc == 0 and "grubenv" in out.split()
    ok = (lost and back is not None and after.get("slot") == before.get("slot") and
          after.get("primary") == before.get("slot") and restored)
    run.record("update-lost-env", ok,
               "grub/grubenv %s on slot %s (%s); after the restart slot %s (%s), primary %s; "
               "the next write %s grubenv" %
               ("removed" if lost else "NOT removed", before.get("slot"), before.get("version"),
                after.get("slot"), after.get("version"), after.get("primary"),
                "put back" if restored else "did NOT put back"))
    return ok


def fallback(t, vm, run, tmp, bundle, version):
    """A bundle whose kiosk never starts: two starts, then the slot before."""
    before = slot_facts(t, vm)
    old = boot_id(t, vm)
    stick = bundle_stick(bundle, os.path.join(tmp, "update-broken.img"))
    progress, done, word = install_from_stick(t, vm, run, "24-broken", stick, "upd3", 1200 * t.SLOW)
    if word != "new software installed":
        run.record("update-fallback", False, "the broken bundle was not installed: %s "
                   "(24-broken-done.png)" % word)
        return False
    t0 = time.time()
    wait_reboot(t, vm, old, 600 * t.SLOW)
    # The notice stays 8 s: the screen is read as often as OCR allows.
    said, _ = wait_text(t, vm, ["did not start"], 900 * t.SLOW, "25-fallback-home", step=0.2)
    vm.shell.ready(120 * t.SLOW)
    after = slot_facts(t, vm)
    want = "fallback %s %s" % (version, before.get("version"))
    ok = (said is not None and after.get("slot") == before.get("slot") and
          after.get("version") == before.get("version") and after.get("status") == want)
    run.record("update-fallback", ok,
               "version %s installed on the other slot; its kiosk cannot start; back on slot %s "
               "(%s) %.0f s after the first restart, Home said \"did not start\" %s (status '%s')" %
               (version, after.get("slot"),
                after.get("version"), time.time() - t0, "yes" if said is not None else "NOT",
                after.get("status")))
    return ok


def refused(t, vm, run, tmp, same, older, foreign):
    """Bundles the helper refuses before writing anything: the version
    running, an older one, another signer's."""
    facts = slot_facts(t, vm)
    rows, ok = [], True
    for n, (what, bundle, words) in enumerate((
            ("the same version", same, ["already installed"]),
            ("an older version", older, ["older than"]),
            ("another signer", foreign, ["not signed"]))):
        stick = bundle_stick(bundle, os.path.join(tmp, "refused%d.img" % n))
        t.plug_stick(vm, stick, "ref%d" % n)
        secs, word = wait_text(t, vm, words, 600 * t.SLOW, "26-refused-%d" % n)
        t.unplug_stick(vm, "ref%d" % n)
        os.unlink(stick)
        rows.append("%s: %s" % (what, "\"%s\" after %.0f s" % (word, secs) if word else "NOT refused"))
        ok = ok and word is not None
        time.sleep(5)
    after = slot_facts(t, vm)
    same_slot = after.get("slot") == facts.get("slot") and after.get("primary") == facts.get("slot")
    run.record("update-refused", ok and same_slot, "; ".join(rows) +
               "; still slot %s, primary %s" % (after.get("slot"), after.get("primary")))


def run_updates(t, run, tmp, accel, home_ref, want):
    """The update cases on a VM of their own (a fresh disk over the image)."""
    if t.ARCH != "amd64":
        return
    if not any(want(n) for n in ("update", "update-lost-env", "update-power-cut", "update-fallback",
                                 "update-refused")):
        return
    if not shutil.which("rauc"):
        run.record("update", False, "rauc is not installed on this machine (tools/deps-firmware.sh)")
        return
    base = release(os.path.join(t.IMG, "root.ext4"))["VERSION"]
    work = tempfile.mkdtemp(dir=tmp)
    v1, v2, v3 = base + ".1", base + ".2", base + ".3"
    disk = t.overlay(tmp, "update", t.TEST_CMDLINE)
    vm = t.Vm(tmp, disk, "update", accel, "bios")
    def attempt(name, fn, *args):
        """One case; an exception fails it (and the cases after it, which
        start from where it left the VM)."""
        try:
            return fn(*args)
        except Exception as e:  # noqa: BLE001 - reported as the case's failure
            run.record(name, False, "error: %r" % (e,))
            raise

    try:
        which, secs = t.wait_screen(vm, {"home": home_ref}, 600, "20-update-boot", step=1.0)
        if not which or not vm.shell.ready(120 * t.SLOW):
            run.record("update", False, "the update VM did not reach Home (20-update-boot-timeout.png)")
            return
        b1 = make_bundle(t, work, v1)
        if want("update") and not attempt("update", update, t, vm, run, work, b1, v1, home_ref):
            return
        if want("update-lost-env"):
            attempt("update-lost-env", lost_env, t, vm, run)
        if want("update-refused"):
            attempt("update-refused", refused, t, vm, run, work, b1, make_bundle(t, work, base),
                    make_bundle(t, work, v2, key=other_key(work)))
        os.unlink(b1)
        if want("update-power-cut"):
            b2 = make_bundle(t, work, v2)
            vm = attempt("update-power-cut", power_cut, t, vm, run, work, disk, accel, b2, home_ref)
            os.unlink(b2)
        if want("update-fallback"):
            attempt("update-fallback", fallback, t, vm, run, work, make_bundle(t, work, v3, broken=True), v3)
    except Exception:  # noqa: BLE001 - recorded by attempt()
        pass
    finally:
        if vm.proc.poll() is None and vm.shell.ready(5):
            t.save_journal(vm)
        vm.quit()
        shutil.rmtree(work, ignore_errors=True)
