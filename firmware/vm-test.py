#!/usr/bin/python3
"""End-to-end test of the firmware image in QEMU (make firmware-test).

Boots build/firmware/amd64/disk.img alone, as a PC would (the PC firmware
starts the GRUB on the disk; no -kernel), with virtio-vga, xhci with a
usb-tablet, an i6300esb watchdog and an HD Audio sound card whose output
QEMU writes to a WAV file, on a copy-on-write overlay 4 GiB large
(the image written to a larger disk), drives it over QMP and judges it by
what is on the screen (QMP screendump, compared with `kiosk render` of the
same step at the VM's resolution, and read by OCR):

  plain-boot  (amd64, a measurement) the same disk with kiosk.service masked:
              seconds to where a plain Debian boot shows its login prompt
  boot        SeaBIOS -> GRUB -> Home shown (seconds, and beside the plain
              boot's as "boot-time")
  data-grown  (amd64) the data partition and its file system reach the end
              of the 4 GiB disk (systemd-repart and growfs on first boot)
  sandbox     kiosk.service runs as kiosk, its systemd-analyze security score,
              `systemctl reload kiosk` re-reads kiosk.conf in the same process,
              lockdown settings in force, no failed units
  memory      the kiosk's RSS and PSS on KMSDRM + GLES (from /proc in the
              guest) on Home and after three attract slides, beside the same
              binary on the software renderer on this machine (make bench's
              path), at the same size and after the same slides
  tap         a tap on a topic tile through the usb-tablet opens the topic
  speech      the topic offers Listen (its bar matched with the reference's,
              whose JSON has the button); a tap on it reads the topic aloud
              through the VM's sound card (intel-hda), Pause and Stop shown,
              and the WAV file QEMU writes of what the card played holds
              seconds of speech in stretches; nothing is written before
              Listen or after Stop (the kiosk lets the card go)
  usb-good    a FAT stick (8.3 upper-case names) hot-plugged: mounted
              read-only and inert, checked, installed, new content shown
  usb-hostile a stick with a bad picture is refused with the message shown
  usb-pulled  a stick pulled mid-import leaves the content as it was
  keyboard    a hot-plugged usb-kbd: Ctrl+Alt+Del, Ctrl+Alt+F2, Alt+F4,
              Escape, Alt+SysRq+B change nothing, the VM does not reboot
  kill        kill -9 of the kiosk: back on screen within seconds, the boot id
              it keeps in /run/kiosk kept (a clock staff set stays known)
  hang        SIGSTOP of the kiosk: the watchdog kills it, it comes back
  fonts       the fonts FIRMWARE_FONTS chose are on the image and known to
              fontconfig from its cache, with the kiosk's catalogues and
              hyphenation dictionaries
  service     a topic opened; a PIN's hash put in kiosk.conf (bind-mounted
              over the image's, the last stick's result kept in DATA noted
              and cleared, systemctl restart); the top-left corner held
              6.5 s opens the PIN pad, the PIN typed at its keys (each
              digit until its dot shows) opens the service screen, matched
              with the reference outside uptime, free storage and clock;
              Set the clock an hour on, Save through systemd-timedated and
              the image's polkit rule, the guest's clock seen to move; then
              a writable stick with KIOSK/EXPORT gets kiosk-usage-DAY.csv
              through the image's kiosk-export helper, read back with
              mtools and counting the topic opened; Home again
  languages   a stick with one article in English, Arabic, Hindi and
              Chinese: Home offers the four, and each language the image has
              fonts for shows its topic, matched with the reference and read
              back by tesseract in that language (Arabic always: DejaVu)
  resend      a 20 MB picture under an article, then under the article
              edited: on the data partition the picture is one file in both
              versions (st_ino, st_nlink 2), and du finds the previous
              version beside the current one to hold its article alone
  power-cut   QMP quit during an import, boot again: old or new content,
              never broken
  update, update-lost-env, update-refused, update-power-cut, update-fallback
              (amd64) software updates on a VM of their own: bundles made
              by firmware/make-bundle.sh from the image's root on a stick's
              KIOSK/UPDATE; A -> B with the progress screen and the board's
              own restart; the same, an older and a foreign-signed bundle
              refused; a power cut while RAUC writes; a bundle whose kiosk
              cannot start, given two starts and left (vmupdate.py)
  uefi        (amd64) a fresh disk started by OVMF: GRUB's EFI image, Home
              on screen, /sys/firmware/efi present

With --arch arm64 it boots build/firmware/arm64 in qemu-system-aarch64
(virt board, Cortex-A72, TCG; virtio-gpu-pci, the same xhci, tablet and
watchdog) with the kernel, initrd and command line taken out of the image's
FAT boot partition as a Raspberry Pi's firmware reads them, and first
checks that partition ("boot-partition"). The references are drawn by the
kiosk inside the image (under qemu-user for arm64), with the image's fonts,
hyphenation dictionaries and catalogues mounted over this machine's in a
mount namespace of their own.

Guest commands go over a second serial port that only exists for this test
(kiosk.test_console=ttyS1 on the kernel command line, which on amd64 GRUB
takes from grub/grubenv, written into each overlay; see
test-console.service).
Screenshots and serial logs are written to build/firmware-test/
(build/firmware-test-arm64/ for arm64).

  firmware/vm-test.py [--arch amd64|arm64] [--only NAME,NAME] [--keep]

Exit status 0 when every scenario passed. The closing line reads
"firmware-test: N passed, N failed".
"""

import argparse
import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

from PIL import Image, ImageChops

import vmupdate

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
W, H = 1280, 800
# Set by configure() for the architecture under test.
ARCH = IMG = ART = KIOSK_IMAGE = None
KIOSK_RUN = []  # what runs the image's kiosk binary here (qemu-user for arm64)
REF_RUN = []  # the same with the image's fonts, dictionaries and catalogues (references)
BUILTIN = os.path.join(TOP, "assets", "content")  # the built-in content the references show
RELEASE = ""  # the image's /etc/kiosk-release, taken out of it
SLOW = 1  # how much longer than on amd64 the screen may take to change
BOOT = {}  # kernel, initrd and command line the VM starts with


def configure(arch):
    global ARCH, IMG, ART, KIOSK_IMAGE, KIOSK_RUN, REF_RUN, SLOW
    ARCH = arch
    IMG = os.path.join(TOP, "build", "firmware", arch)
    ART = os.path.join(TOP, "build", "firmware-test" if arch == "amd64" else "firmware-test-" + arch)
    KIOSK_IMAGE = os.path.join(IMG, "kiosk-install", "usr", "bin", "kiosk")
    KIOSK_RUN = [KIOSK_IMAGE]
    if arch == "arm64":
        # The references are drawn by the image's own arm64 kiosk, run with
        # qemu-user on Debian's arm64 libraries (as make test-arm64 does).
        # Debian 12's libunibreak is not multi-arch: the arm64 copy
        # tools/deps-firmware.sh unpacks is named, as make test-arm64 does.
        unibreak = "LD_LIBRARY_PATH=" + os.path.join(TOP, "build", "arm64-unibreak", "usr", "lib")
        if os.uname().machine != "aarch64":
            KIOSK_RUN = ["qemu-aarch64-static", "-E", unibreak, KIOSK_IMAGE]
        SLOW = 3
    REF_RUN = KIOSK_RUN


def log(msg):
    print("firmware-test: " + msg, flush=True)


# ---- QEMU plumbing -------------------------------------------------------------


class SerialReader(threading.Thread):
    """Reads a serial port's socket continuously into a log file: an unread
    console would block the guest's writes."""

    def __init__(self, path, logpath):
        super().__init__(daemon=True)
        self.sock = connect_unix(path)
        self.log = open(logpath, "ab", buffering=0)
        self.buf = bytearray()
        self.lock = threading.Lock()

    def run(self):
        while True:
            try:
                data = self.sock.recv(65536)
            except OSError:
                return
            if not data:
                return
            self.log.write(data)
            with self.lock:
                self.buf += data

    def text(self):
        with self.lock:
            return self.buf.decode("utf-8", "replace")


class GuestShell:
    """A shell on ttyS1: one command at a time, output up to a marker."""

    def __init__(self, path, logpath):
        self.reader = SerialReader(path, logpath)
        self.reader.start()
        self.n = 0

    def run(self, cmd, timeout=60):
        self.n += 1
        tag = "@@END%d@@" % self.n
        start = len(self.reader.buf)
        line = "( %s ) 2>&1; echo \"%s $?\"\n" % (cmd, tag)
        self.reader.sock.sendall(line.encode())
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.reader.lock:
                out = self.reader.buf[start:].decode("utf-8", "replace")
            i = out.find(tag + " ")
            if i >= 0 and "\n" in out[i:]:
                rc = int(out[i + len(tag) + 1 :].split("\n", 1)[0].strip() or "255")
                return rc, out[:i].replace("\r", "")
            time.sleep(0.1)
        raise TimeoutError("guest command timed out: " + cmd)

    def ready(self, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                rc, out = self.run("echo ok", timeout=3)
                if rc == 0 and "ok" in out:
                    return True
            except TimeoutError:
                pass
        return False


class Qmp:
    def __init__(self, path):
        self.sock = connect_unix(path)
        self.f = self.sock.makefile("rwb", buffering=0)
        self.events = []
        json.loads(self.f.readline())  # greeting
        self.cmd("qmp_capabilities")

    def cmd(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.f.write((json.dumps(msg) + "\n").encode())
        while True:
            line = self.f.readline()
            if not line:
                raise ConnectionError("QMP closed")
            r = json.loads(line)
            if "event" in r:
                self.events.append(r)
                continue
            if "error" in r:
                raise RuntimeError("QMP %s: %s" % (name, r["error"].get("desc")))
            return r.get("return")

    def hmp(self, line):
        return self.cmd("human-monitor-command", **{"command-line": line})


def connect_unix(path, timeout=20):
    deadline = time.time() + timeout
    while True:
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            return s
        except OSError:
            s.close()
            if time.time() > deadline:
                raise
            time.sleep(0.05)


def kvm_works():
    """A stock kernel can hang on some nested KVM setups: only use KVM when a
    tiny guest really runs under it."""
    if os.environ.get("KIOSK_VM_ACCEL") in ("tcg", "kvm"):
        return os.environ["KIOSK_VM_ACCEL"] == "kvm"
    if ARCH != "amd64":
        return False  # another architecture: emulated (TCG)
    if not os.access("/dev/kvm", os.R_OK | os.W_OK):
        return False
    try:
        r = subprocess.run(
            ["qemu-system-x86_64", "-accel", "kvm", "-nodefaults", "-display", "none",
             "-kernel", os.path.join(IMG, "vmlinuz"), "-append", "console=ttyS0 panic=-1",
             "-serial", "stdio", "-no-reboot", "-m", "256"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=20)
        return b"Linux version" in r.stdout and b"Kernel panic" in r.stdout
    except (subprocess.TimeoutExpired, OSError):
        return False


# The PC firmware a VM starts with (amd64): SeaBIOS, QEMU's default, or
# OVMF (UEFI) from Debian's ovmf package, its variables a fresh copy per VM.
OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"


class Vm:
    """One boot. amd64: the disk alone, started by the PC firmware named
    ("bios" or "uefi") as a PC would, through the GRUB on the disk. arm64:
    the kernel and initrd from the image's boot partition (BOOT)."""

    def __init__(self, tmp, disk, name, accel, firmware="bios"):
        self.tmp, self.name = tmp, name
        self.qmp_path = os.path.join(tmp, "qmp.sock")
        s0 = os.path.join(tmp, "ttyS0.sock")
        s1 = os.path.join(tmp, "ttyS1.sock")
        for p in (self.qmp_path, s0, s1):
            if os.path.exists(p):
                os.unlink(p)
        chardevs = ["-chardev", "socket,id=s0,path=%s,server=on,wait=off" % s0,
                    "-chardev", "socket,id=s1,path=%s,server=on,wait=off" % s1]
        # The sound card: HD Audio (Linux's snd-hda-intel), its line out
        # written by QEMU to a WAV file at the rate it is played.
        self.wav = os.path.join(tmp, name + ".wav")
        common = ["-nodefaults", "-display", "none", "-m", "1536", "-smp", "2",
                  "-audiodev", "wav,id=snd0,path=%s" % self.wav,
                  "-device", "intel-hda", "-device", "hda-output,audiodev=snd0",
                  "-drive", "file=%s,if=virtio,format=qcow2,cache=writeback" % disk,
                  "-device", "qemu-xhci,id=xhci",
                  "-device", "usb-tablet,bus=xhci.0,id=tablet,display=video0",
                  "-device", "i6300esb", "-action", "watchdog=reset",
                  "-device", "virtio-rng-pci",
                  "-qmp", "unix:%s,server=on,wait=off" % self.qmp_path] + chardevs
        if ARCH == "amd64":
            # No -kernel: the firmware starts GRUB from the disk, and the
            # test's consoles come from grub/grubenv (see overlay()).
            args = ["qemu-system-x86_64", "-machine", "q35",
                    "-device", "virtio-vga,id=video0,xres=%d,yres=%d" % (W, H),
                    "-serial", "chardev:s0", "-serial", "chardev:s1"] + common
            if firmware == "uefi":
                vars_copy = os.path.join(tmp, name + "-ovmf-vars.fd")
                shutil.copyfile(OVMF_VARS, vars_copy)
                args += ["-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + OVMF_CODE,
                         "-drive", "if=pflash,format=raw,unit=1,file=" + vars_copy]
            if accel == "kvm":
                args += ["-accel", "kvm", "-cpu", "host"]
            else:
                # No AVX: QEMU 7.2's emulation of it (new in that release)
                # crashes llvmpipe's 256-bit shader code now and then (seen
                # as the kiosk's segfault in code llvmpipe generated; with
                # LP_NATIVE_VECTOR_WIDTH=128 it runs). Real CPUs are not
                # concerned, and llvmpipe uses SSE4 without AVX.
                args += ["-accel", "tcg,thread=multi", "-cpu", "max,avx=off,avx2=off"]
        else:
            # The virt board with a Pi 4's CPU core. Its own UART (ttyAMA0)
            # is the console; a two-port PCI 16550 gives the guest ttyS0 and
            # ttyS1, the second of which is the test's command channel, as
            # on amd64. The Pi's display (vc4) is not emulated: virtio-gpu.
            args = ["qemu-system-aarch64", "-machine", "virt", "-cpu", "cortex-a72",
                    "-accel", "tcg,thread=multi",
                    "-kernel", BOOT["kernel"], "-initrd", BOOT["initrd"],
                    "-append", BOOT["cmdline"] + " console=ttyAMA0,115200 kiosk.test_console=ttyS1",
                    "-device", "virtio-gpu-pci,id=video0,xres=%d,yres=%d" % (W, H),
                    "-serial", "chardev:s0",
                    "-chardev", "null,id=s1null",
                    "-device", "pci-serial-2x,chardev1=s1null,chardev2=s1"] + common
        self.started = time.time()
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                     stderr=open(os.path.join(ART, name + "-qemu.log"), "wb"))
        self.console = SerialReader(s0, os.path.join(ART, name + "-serial.log"))
        self.console.start()
        self.shell = GuestShell(s1, os.path.join(ART, name + "-ttyS1.log"))
        self.qmp = Qmp(self.qmp_path)

    def screen(self, name=None):
        ppm = os.path.join(self.tmp, "screen.ppm")
        self.qmp.cmd("screendump", filename=ppm)
        im = Image.open(ppm).convert("RGB")
        im.load()
        if name:
            im.save(os.path.join(ART, name + ".png"))
        return im

    def point(self, x, y):
        """Moves the tablet's pointer to (x, y), by way of a point one
        pixel off on both axes. The usb-tablet reports 0..32767, but SDL
        2.26's evdev backend (Debian 12) takes an absolute pointer's raw
        values as pixels (touch screens, by contrast, are scaled to their
        range), so the pixel itself is sent. A move that changes one axis
        only (the next key along a row or a column of the PIN pad) was
        not taken before the press that followed it: 0 of 6 such taps on
        the PIN pad reached the kiosk, against 9 of 9 with the last move
        changing both axes."""
        near = (x + 1 if x + 1 < W else x - 1, y + 1 if y + 1 < H else y - 1)
        for px, py in (near, (x, y)):
            # Sent to the display the tablet is bound to: the board's PS/2
            # mouse would otherwise take the button events.
            self.qmp.cmd("input-send-event", device="video0",
                         events=[{"type": "abs", "data": {"axis": "x", "value": int(px)}},
                                 {"type": "abs", "data": {"axis": "y", "value": int(py)}}])
            time.sleep(0.3)

    def button(self, down):
        self.qmp.cmd("input-send-event", device="video0",
                     events=[{"type": "btn", "data": {"button": "left", "down": down}}])

    def tap(self, x, y):
        self.point(x, y)
        # Press and release back to back, as a finger's tap: under TCG one
        # frame takes about a second to draw, so the release may be read a
        # frame or two after the press (a tap still, up to ten seconds).
        self.button(True)
        self.button(False)

    def press(self, x, y, secs):
        """A finger held at (x, y) for secs seconds, then lifted."""
        self.point(x, y)
        self.button(True)
        time.sleep(secs)
        self.button(False)

    def quit(self):
        try:
            self.qmp.cmd("quit")
        except (OSError, ConnectionError, RuntimeError):
            pass
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


# ---- pictures ------------------------------------------------------------------


def differs(a, b, level=40):
    """Fraction of pixels whose colour differs by more than level in any
    channel (GL and the software renderer round text edges differently)."""
    if a.size != b.size:
        return 1.0
    d = ImageChops.difference(a.convert("RGB"), b.convert("RGB")).convert("L")
    hist = d.point(lambda v: 255 if v > level else 0).histogram()
    return hist[255] / (a.size[0] * a.size[1])


def blank(im, mask):
    """A copy of im with the boxes of mask filled black: what differs
    between the VM and its reference by nature (a clock, an uptime)."""
    if not mask:
        return im
    im = im.copy()
    for box in mask:
        im.paste((0, 0, 0), box)
    return im


def matches(a, b, tol=0.02, box=None, mask=None):
    a, b = blank(a, mask), blank(b, mask)
    if box:
        a, b = a.crop(box), b.crop(box)
    return differs(a, b) <= tol


def save_diff(a, b, name):
    d = ImageChops.difference(a.convert("RGB"), b.convert("RGB")).point(lambda v: 255 if v > 40 else 0)
    d.save(os.path.join(ART, name + ".png"))


def ocr(im, name, lang="eng"):
    path = os.path.join(ART, name + ".png")
    im.save(path)
    try:
        r = subprocess.run(["tesseract", path, "-", "--psm", "3", "-l", lang], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, timeout=120)
        return r.stdout.decode("utf-8", "replace")
    except (OSError, subprocess.TimeoutExpired):
        return ""


def wait_screen(vm, want, timeout, name, tol=0.02, step=1.0, box=None, mask=None):
    """Waits until the screen matches one of the reference images in want
    (a dict name -> image), outside the boxes of mask. Returns (which,
    seconds) or (None, seconds)."""
    t0 = time.time()
    last = None
    timeout *= SLOW
    want = {key: blank(ref, mask) for key, ref in want.items()}
    while time.time() - t0 < timeout:
        try:
            last = vm.screen()
        except (RuntimeError, OSError):
            time.sleep(step)
            continue
        for key, ref in want.items():
            if matches(blank(last, mask), ref, tol, box):
                last.save(os.path.join(ART, name + ".png"))
                return key, time.time() - t0
        time.sleep(step)
    if last is not None:
        last.save(os.path.join(ART, name + "-timeout.png"))
    return None, time.time() - t0


# ---- references from the host's kiosk -----------------------------------------


def render(content, outdir, script=None, extra=(), env=None):
    """Every shot of a render of content (the built-in content for None),
    as name -> (picture, its JSON); extra: more arguments (--config,
    --data), env: more environment (KIOSK_TODAY)."""
    os.makedirs(outdir, exist_ok=True)
    # The image's own kiosk binary (built for /usr, same Debian 12
    # libraries), so the references match what the VM runs.
    args = REF_RUN + ["render", "--size", "%dx%d" % (W, H), "--out", outdir,
                        "--content", content or BUILTIN] + list(extra)
    if script:
        sp = os.path.join(outdir, "script.txt")
        with open(sp, "w") as f:
            f.write(script)
        args += ["--script", sp]
    # The VM has a sound card, so its topics offer Listen: the references
    # get one too (SDL's disk audio driver, its output thrown away).
    env = dict(os.environ, SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=os.devnull, SDL_DISKAUDIODELAY="1",
               **(env or {}))
    subprocess.run(args, check=True, env=env)
    shots = {}
    for fn in os.listdir(outdir):
        if fn.endswith(".png"):
            with open(os.path.join(outdir, fn[:-4] + ".json")) as f:
                meta = json.load(f)
            shots[fn[:-4]] = (Image.open(os.path.join(outdir, fn)).convert("RGB"), meta)
    return shots


def wake(vm, home_ref, name):
    """Taps an empty corner: leaves attract mode (idle_timeout_s passes
    often during the test) for Home, and does nothing on Home itself."""
    vm.tap(8, H - 8)
    return wait_screen(vm, {"home": home_ref}, 30, name)[0] == "home"


def centre(meta, target_id):
    for t in meta["targets"]:
        if t["id"] == target_id:
            return t["x"] + t["w"] // 2, t["y"] + t["h"] // 2
    raise KeyError(target_id)


# ---- sticks --------------------------------------------------------------------


def png_bytes(w, h, noise=False, seed=1):
    import io
    import random
    if noise:
        rnd = random.Random(seed)
        im = Image.frombytes("RGB", (w, h), rnd.randbytes(w * h * 3))
    else:
        im = Image.new("RGB", (w, h), (40, 110, 120))
    b = io.BytesIO()
    im.save(b, "PNG", compress_level=1)
    return b.getvalue()


def write_stick_tree(root, title, pictures):
    """A package as a clinic would carry it on a FAT stick: KIOSK/ARTICLE.MD
    and KIOSK/IMAGES/*.PNG, upper-case 8.3 names."""
    k = os.path.join(root, "KIOSK")
    os.makedirs(os.path.join(k, "IMAGES"), exist_ok=True)
    lines = ["# %s" % title, "",
             "Seasonal flu spreads easily in waiting rooms. This leaflet explains who should be "
             "vaccinated, when, and what to expect afterwards.", ""]
    topics = ["Who Should Be Vaccinated", "When to Get the Vaccine", "After the Injection"]
    for i, t in enumerate(topics):
        lines += ["## %s" % t, "",
                  "Ask at the reception desk if you are unsure. The vaccine is offered every "
                  "autumn, and it takes about two weeks to protect you fully.", ""]
        if i < len(pictures):
            name, data = pictures[i]
            with open(os.path.join(k, "IMAGES", name.upper()), "wb") as f:
                f.write(data)
            lines += ["![A picture for %s.](images/%s)" % (t.lower(), name.lower()), ""]
    with open(os.path.join(k, "ARTICLE.MD"), "w") as f:
        f.write("\n".join(lines))


def make_fat(tree, path, size_mb, folder="KIOSK"):
    if os.path.exists(path):
        os.unlink(path)
    subprocess.run(["mkfs.vfat", "-n", "CLINIC", "-C", path, str(size_mb * 1024)], check=True,
                   stdout=subprocess.DEVNULL)
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    subprocess.run(["mcopy", "-s", "-i", path, os.path.join(tree, folder), "::/"], check=True, env=env)


def plug_stick(vm, path, sid, writable=False):
    """A USB stick holding the FAT image at path; read-only to the VM
    unless writable (a stick the kiosk is to write to)."""
    ro = not writable
    vm.qmp.cmd("blockdev-add", **{"node-name": sid, "driver": "raw", "read-only": ro,
                                  "file": {"driver": "file", "filename": path, "read-only": ro}})
    vm.qmp.cmd("device_add", driver="usb-storage", bus="xhci.0", drive=sid, id=sid, removable=True)


def unplug_stick(vm, sid):
    vm.qmp.cmd("device_del", id=sid)
    for _ in range(50):
        time.sleep(0.2)
        try:
            vm.qmp.cmd("blockdev-del", **{"node-name": sid})
            return
        except RuntimeError:
            continue


# ---- scenarios -----------------------------------------------------------------


class Run:
    def __init__(self):
        self.results = []
        self.notes = []

    def record(self, name, ok, detail):
        self.results.append((name, ok, detail))
        log("%s %s: %s" % ("PASS" if ok else "FAIL", name, detail))

    def note(self, name, detail):
        """A measurement, printed and kept in summary.txt, never judged
        (performance is not asserted by time in a test)."""
        self.notes.append((name, detail))
        log("%s: %s" % (name, detail))


def guest(vm, cmd, timeout=60):
    rc, out = vm.shell.run(cmd, timeout)
    return rc, out.strip()


def main_pid(vm):
    rc, out = guest(vm, "systemctl show -p MainPID --value kiosk.service")
    try:
        return int(out.split()[-1])
    except (ValueError, IndexError):
        return 0


def wait_new_pid(vm, old, timeout):
    t0 = time.time()
    while time.time() - t0 < timeout:
        pid = main_pid(vm)
        if pid and pid != old:
            return pid, time.time() - t0
        time.sleep(0.5)
    return 0, time.time() - t0


def wait_guest(vm, cmd, timeout, step=0.5):
    t0 = time.time()
    while time.time() - t0 < timeout:
        rc, out = guest(vm, cmd)
        if rc == 0:
            return True, out
        time.sleep(step)
    return False, out


# ---- the disk as a PC sees it (amd64) -------------------------------------------

# The test's consoles: kernel messages on ttyS0, the command channel on ttyS1
# (see test-console.service). A PC boot takes them from grub/grubenv on the
# EFI system partition, which grub.cfg reads (kiosk_cmdline_extra).
TEST_CMDLINE = "console=ttyS0,115200 kiosk.test_console=ttyS1"
# The medium the image is written to: larger than the image, as any card or
# disk is, so that the data partition has room to grow into.
DISK_BYTES = 6 * 1024 ** 3
ESP_TYPE = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"
PLAIN_MARK = "kiosk-plain-boot: login prompt"


def grubenv_offsets(disk):
    """Where grub/grubenv's 1024 bytes and those of its copy grubenv.bak lie
    in the image: GRUB's environment blocks, each starting a sector of the
    EFI system partition (its loadenv code in BOOTX64.EFI holds the same
    signature, not at a sector's start)."""
    table = json.loads(subprocess.run(["sfdisk", "-J", disk], check=True,
                                      stdout=subprocess.PIPE).stdout)["partitiontable"]
    esp = [p for p in table["partitions"] if p["type"].upper() == ESP_TYPE]
    if len(esp) != 1:
        raise RuntimeError("%s has no EFI system partition" % disk)
    start, size = esp[0]["start"] * 512, esp[0]["size"] * 512
    with open(disk, "rb") as f:
        f.seek(start)
        data = f.read(size)
    sig = b"# GRUB Environment Block\n"
    found = []
    i = data.find(sig)
    while i >= 0:
        if i % 512 == 0 and data[i + 1023:i + 1024] == b"#":
            found.append(start + i)
        i = data.find(sig, i + 1)
    if len(found) != 2:
        raise RuntimeError("%d environment blocks on the EFI system partition of %s, not 2 "
                           "(grub/grubenv and grubenv.bak)" % (len(found), disk))
    return found


def overlay(tmp, name, cmdline_extra):
    """A copy-on-write disk over the built image, DISK_BYTES large (the
    image written to a bigger card), whose grub/grubenv adds cmdline_extra
    to the kernel command line (and keeps the image's own variables: the
    software slots' state)."""
    image = os.path.join(IMG, "disk.img")
    path = os.path.join(tmp, name + ".qcow2")
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", image, path,
                    str(DISK_BYTES)], check=True)
    if ARCH == "amd64":
        env = os.path.join(tmp, name + ".grubenv")
        if os.path.exists(env):
            os.unlink(env)
        blocks = grubenv_offsets(image)
        with open(image, "rb") as src, open(env, "wb") as dst:
            src.seek(blocks[0])
            dst.write(src.read(1024))
        subprocess.run(["grub-editenv", env, "set", "kiosk_cmdline_extra=" + cmdline_extra], check=True)
        for at in blocks:
            subprocess.run(["qemu-io", "-f", "qcow2", "-c", "write -q -s %s %d 1024" % (env, at),
                            path], check=True)
    return path


def wait_console(vm, text, timeout):
    """Seconds from QEMU's start until text appeared on the console, or None."""
    while time.time() - vm.started < timeout:
        if text in vm.console.text():
            return time.time() - vm.started
        if vm.proc.poll() is not None:
            return None
        time.sleep(0.1)
    return None


def plain_boot(tmp, accel, run):
    """The same kernel and system with the kiosk masked: the moment a plain
    Debian boot would show its login prompt (test-plain-boot.service marks
    it on the console). Returns the seconds from QEMU's start, or None."""
    disk = overlay(tmp, "plain", TEST_CMDLINE + " systemd.mask=kiosk.service kiosk.plain_boot")
    vm = Vm(tmp, disk, "plain", accel, "bios")
    try:
        secs = wait_console(vm, PLAIN_MARK, 600 * SLOW)
        if secs is not None and vm.shell.ready(60 * SLOW):
            rc, out = guest(vm, "systemd-analyze time; systemd-analyze critical-chain multi-user.target")
            with open(os.path.join(ART, "plain-boot-analysis.txt"), "w") as f:
                f.write(out + "\n")
        run.note("plain-boot", "login prompt (marker) %.1f s after QEMU started (SeaBIOS, kiosk.service "
                 "masked)" % secs if secs is not None else "NO marker within %d s" % (600 * SLOW))
        return secs
    finally:
        if vm.shell.ready(5):
            save_journal(vm)
        vm.quit()


def data_grown(vm, run):
    """The data partition reaches the end of the disk and its file system
    fills the partition (systemd-repart, then growfs, on the first boot)."""
    rc, out = guest(vm, "dev=$(findmnt -no SOURCE /var/lib/kiosk); p=${dev#/dev/}; "
                        "d=$(basename $(readlink -f /sys/class/block/$p/..)); "
                        "echo sizes $(cat /sys/class/block/$d/size /sys/class/block/$p/start "
                        "/sys/class/block/$p/size); dumpe2fs -h $dev 2>/dev/null | "
                        "grep -E '^Block (count|size):'; df -B1 --output=size,avail /var/lib/kiosk | tail -n 1")
    vals = {}
    for ln in out.splitlines():
        if ln.startswith("sizes "):
            vals["disk"], vals["start"], vals["part"] = (int(v) * 512 for v in ln.split()[1:4])
        elif ln.startswith("Block count:"):
            vals["blocks"] = int(ln.split(":")[1])
        elif ln.startswith("Block size:"):
            vals["bsize"] = int(ln.split(":")[1])
        elif ln.split() and ln.split()[0].isdigit():
            vals["df"], vals["free"] = (int(v) for v in ln.split()[:2])
    rc, units = guest(vm, "systemctl status --no-pager -n 5 systemd-repart.service "
                          "systemd-growfs@var-lib-kiosk.service 2>&1 | tail -n 20")
    log("growing the data partition:\n" + units)
    if len(vals) < 7:
        run.record("data-grown", False, "could not read the sizes: %r" % out[-300:])
        return
    gib = 1024.0 ** 3
    fs = vals["blocks"] * vals["bsize"]
    end_gap = vals["disk"] - (vals["start"] + vals["part"])
    ok = end_gap <= 2 * 1024 * 1024 and vals["part"] - fs < 1024 * 1024 and vals["part"] > 2 * gib
    run.record("data-grown", ok,
               "disk %.2f GiB: data partition %.2f GiB (ends %d KiB before the disk's end), file system "
               "%.2f GiB, df: %.2f GiB, %.2f GiB free" %
               (vals["disk"] / gib, vals["part"] / gib, end_gap // 1024, fs / gib, vals["df"] / gib,
                vals["free"] / gib))


def uefi_boot(tmp, accel, run, home_ref):
    """The same disk started by OVMF (UEFI): GRUB's EFI image from the EFI
    system partition, the kernel, the kiosk's Home on screen."""
    disk = overlay(tmp, "uefi", TEST_CMDLINE)
    vm = Vm(tmp, disk, "uefi", accel, "uefi")
    try:
        which, secs = wait_screen(vm, {"home": home_ref}, 600, "12-uefi-home", step=0.5)
        secs = time.time() - vm.started
        efi = False
        if which and vm.shell.ready(120 * SLOW):
            rc, _ = guest(vm, "test -d /sys/firmware/efi")
            efi = rc == 0
        run.record("uefi", which == "home" and efi,
                   "OVMF -> GRUB (EFI/BOOT/BOOTX64.EFI) -> Home on screen %.1f s after QEMU started, "
                   "%s" % (secs, "booted through UEFI (/sys/firmware/efi)" if efi else "NOT a UEFI boot")
                   if which else "Home not shown within %d s under OVMF (12-uefi-home-timeout.png)" %
                   (600 * SLOW))
    finally:
        if vm.shell.ready(5):
            save_journal(vm)
        vm.quit()


def boot_files(tmp, run):
    """Fills BOOT, and takes the kiosk the references are drawn with out of
    the image (kiosk_from_image). amd64: the kernel, initrd and command line
    the build left beside the image. arm64: taken out of the image's FAT boot partition the
    way a Raspberry Pi 4's firmware reads it (config.txt names the kernel and
    initramfs, cmdline.txt the command line), after checking the partition
    holds what the Pi starts from; recorded as "boot-partition"."""
    disk = os.path.join(IMG, "disk.img")
    if ARCH == "amd64":
        with open(os.path.join(IMG, "cmdline.txt")) as f:
            BOOT.update(kernel=os.path.join(IMG, "vmlinuz"), initrd=os.path.join(IMG, "initrd.img"),
                        cmdline=f.read().strip())
        kiosk_from_image(disk, tmp)
        return True
    table = json.loads(subprocess.run(["sfdisk", "-J", disk], check=True,
                                      stdout=subprocess.PIPE).stdout)["partitiontable"]
    first = table["partitions"][0]
    fat = "%s@@%d" % (disk, first["start"] * table.get("sectorsize", 512))
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")

    def fat_read(name):
        return subprocess.run(["mtype", "-i", fat, "::/" + name], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL).stdout.decode("utf-8", "replace")

    listing = subprocess.run(["mdir", "-b", "-i", fat, "::/"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL).stdout.decode()
    names = {ln.strip().rsplit("/", 1)[-1] for ln in listing.splitlines() if ln.strip()}
    bad = []
    if table.get("label") != "dos" or first.get("type") != "c" or not first.get("bootable"):
        bad.append("partition 1 is not a bootable FAT32 (type c) MBR partition")
    bad += ["no %s" % f for f in ("start4.elf", "fixup4.dat", "bcm2711-rpi-4-b.dtb", "config.txt",
                                  "cmdline.txt") if f not in names]
    config = [ln.split("#")[0].strip() for ln in fat_read("config.txt").splitlines()]
    kernel = next((ln.split("=", 1)[1].strip() for ln in config if ln.startswith("kernel=")), None)
    initrd = next((ln.split()[1] for ln in config if ln.startswith("initramfs ")), None)
    if "arm_64bit=1" not in config:
        bad.append("config.txt lacks arm_64bit=1")
    for what, name in (("kernel", kernel), ("initramfs", initrd)):
        if not name or name not in names:
            bad.append("config.txt's %s %s is not on the partition" % (what, name))
    cmdline = " ".join(fat_read("cmdline.txt").split())
    args = cmdline.split()
    if "root=LABEL=kiosk-root" not in args or "ro" not in args or "rw" in args:
        bad.append("cmdline.txt does not mount kiosk-root read-only: %r" % cmdline)
    if not bad:
        for key, name in (("kernel", kernel), ("initrd", initrd)):
            BOOT[key] = os.path.join(tmp, name)
            subprocess.run(["mcopy", "-n", "-i", fat, "::/" + name, BOOT[key]], env=env, check=True)
        BOOT["cmdline"] = cmdline
        kiosk_from_image(disk, tmp)
    pi5 = any(n.startswith("bcm2712") for n in names)
    run.record("boot-partition", not bad,
               "FAT32 MBR partition 1 (%d files): start4.elf, fixup4.dat, bcm2711-rpi-4-b.dtb, "
               "config.txt (kernel=%s, initramfs %s), cmdline.txt '%s'; %s" %
               (len(names), kernel, initrd, cmdline,
                "a Pi 5 device tree too" if pi5 else "no Pi 5 (bcm2712) device tree")
               if not bad else "; ".join(bad))
    return not bad


def root_offset(disk):
    """Where the image's root file system starts: the GPT partition named
    kiosk-root-a (the PC's first software slot), else the MBR's second
    partition (the Pi)."""
    table = json.loads(subprocess.run(["sfdisk", "-J", disk], check=True,
                                      stdout=subprocess.PIPE).stdout)["partitiontable"]
    parts = table["partitions"]
    root = next((p for p in parts if p.get("name") == "kiosk-root-a"), None) or parts[1]
    return root["start"] * table.get("sectorsize", 512)


# What the kiosk reads from /usr/share besides its content: the fonts, the
# hyphenation dictionaries and its catalogues. The references are drawn
# with the image's own, bind-mounted over the machine's in a mount
# namespace of the reference kiosk's alone.
IMAGE_SHARE = ("fonts", "hyphen", "locale")


def kiosk_from_image(disk, tmp):
    """The references are drawn by the kiosk binary and built-in content
    inside the image's root, with the image's fonts, dictionaries and
    catalogues, not by whatever the tree and this machine hold now: an
    arm64 build takes half an hour, so the image is often older than the
    tree, and the image carries only the fonts FIRMWARE_FONTS chose."""
    global KIOSK_IMAGE, KIOSK_RUN, REF_RUN, BUILTIN, RELEASE
    out = os.path.join(tmp, "image-kiosk")
    os.makedirs(out, exist_ok=True)
    dev = "%s?offset=%d" % (disk, root_offset(disk))

    def debugfs(req):
        subprocess.run(["debugfs", "-R", req, dev], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    debugfs("dump -p /usr/bin/kiosk %s" % os.path.join(out, "kiosk"))
    debugfs("rdump /usr/share/kiosk/content %s" % out)
    # The service screen names the firmware's version from it.
    RELEASE = os.path.join(out, "kiosk-release")
    debugfs("dump -p /etc/kiosk-release %s" % RELEASE)
    binds = []
    for name in IMAGE_SHARE:
        share = os.path.join(out, "share")
        os.makedirs(share, exist_ok=True)
        debugfs("rdump /usr/share/%s %s" % (name, share))
        host = os.path.join("/usr/share", name)
        if not os.path.isdir(host):
            raise RuntimeError("%s is missing on this machine (run tools/deps.sh): the image's own "
                               "is mounted over it for the references" % host)
        binds.append("mount --bind %s %s" % (shlex.quote(os.path.join(share, name)), host))
    KIOSK_IMAGE = os.path.join(out, "kiosk")
    KIOSK_RUN = KIOSK_RUN[:-1] + [KIOSK_IMAGE]
    # unshare(1) execs in the new namespace: the kiosk keeps the process.
    REF_RUN = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
               " && ".join(binds) + ' && exec "$@"', "sh"] + KIOSK_RUN
    BUILTIN = os.path.join(out, "content")


def import_supported():
    with tempfile.TemporaryDirectory() as empty:
        r = subprocess.run(KIOSK_RUN + ["import", empty, "--data", os.path.join(empty, "data")],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return b"not part of this build" not in r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="")
    ap.add_argument("--keep", action="store_true", help="keep the VM's overlay disk")
    ap.add_argument("--arch", choices=("amd64", "arm64"), default="amd64",
                    help="the image to boot: build/firmware/ARCH (arm64: in qemu-system-aarch64)")
    opts = ap.parse_args()
    configure(opts.arch)
    only = set(filter(None, opts.only.split(",")))

    def want(name):
        return not only or name in only

    for f in ("vmlinuz", "initrd.img", "disk.img", "cmdline.txt"):
        if not os.path.exists(os.path.join(IMG, f)):
            log("%s missing: run make firmware%s first" %
                (os.path.join(IMG, f), "" if ARCH == "amd64" else " ARCH=" + ARCH))
            return 2
    shutil.rmtree(ART, ignore_errors=True)
    os.makedirs(ART)
    # The VM's overlay disk, sticks and sockets live under build/, not in a
    # shared /tmp that other jobs on the machine may clean.
    tmp = os.path.join(ART, "work")
    os.makedirs(tmp)
    run = Run()
    if not boot_files(tmp, run):
        return finish(run, None, tmp, opts)
    accel = "kvm" if kvm_works() else "tcg"
    log("%s, accelerator: %s" % (ARCH, accel))

    # References, rendered by the same kiosk at the VM's resolution.
    ref = render(None, os.path.join(ART, "ref", "builtin"))
    home_ref, home_meta = ref["home"]
    tx, ty = centre(home_meta, "topic-1")
    ref_topic = render(None, os.path.join(ART, "ref", "topic"),
                       "tap %d %d\nwait 1500\nshot topic\n" % (tx, ty))
    topic_ref, topic_meta = ref_topic["topic"]
    reading_ref = None
    if want("speech") and any(t["id"] == "listen" for t in topic_meta["targets"]):
        lx, ly = centre(topic_meta, "listen")
        reading_ref = render(None, os.path.join(ART, "ref", "reading"),
                             "tap %d %d\nwait 1500\ntap %d %d\nwait 3000\nshot reading\n" %
                             (tx, ty, lx, ly))["reading"]

    service_refs = ServiceRefs(os.path.join(ART, "ref", "service")) if want("service") else None

    sticks = os.path.join(tmp, "sticks")
    good_tree = os.path.join(sticks, "good")
    write_stick_tree(good_tree, "Flu Vaccination This Winter",
                     [("flu.png", png_bytes(640, 400))])
    make_fat(good_tree, os.path.join(tmp, "good.img"), 32)
    good_ref = render(os.path.join(good_tree, "KIOSK"), os.path.join(ART, "ref", "good"))["home"][0]
    hostile_tree = os.path.join(sticks, "hostile")
    write_stick_tree(hostile_tree, "Hostile Stick", [("bomb.png", b"this is text, not a picture\n" * 40)])
    make_fat(hostile_tree, os.path.join(tmp, "hostile.img"), 32)
    langs_walk = None
    if want("languages"):
        langs_tree = os.path.join(sticks, "languages")
        langs_walk = Walk(write_languages_stick(langs_tree), os.path.join(ART, "ref", "languages"))
        make_fat(langs_tree, os.path.join(tmp, "languages.img"), 32, "kiosk")
    resend_refs = None
    if want("resend"):
        # A 20 MB picture under an article, then the same picture under
        # the article edited.
        pic = [("photo.png", png_bytes(2600, 2600, True, 7))]
        refs = []
        for n, title in enumerate(("Clinic Hours This Spring", "Clinic Hours This Summer")):
            tree = os.path.join(sticks, "resend%d" % n)
            write_stick_tree(tree, title, pic)
            make_fat(tree, os.path.join(tmp, "resend%d.img" % n), 64)
            refs.append(render(os.path.join(tree, "KIOSK"), os.path.join(ART, "ref", "resend%d" % n))["home"][0])
        resend_refs = refs
    big_ref = None
    if want("usb-pulled") or want("power-cut"):
        big_tree = os.path.join(sticks, "big")
        write_stick_tree(big_tree, "Big Stick Pulled Out",
                         [("big%d.png" % i, png_bytes(3000, 3000, True, i)) for i in range(3)])
        make_fat(big_tree, os.path.join(tmp, "big.img"), 160)
        big_ref = render(os.path.join(big_tree, "KIOSK"), os.path.join(ART, "ref", "big"))["home"][0]
    have_import = import_supported()

    # amd64: first the plain boot of the same system (kiosk masked), then
    # the kiosk's own boot, both from SeaBIOS on a fresh disk, for the
    # comparison; the scenarios run on the kiosk's boot; the UEFI boot last.
    plain_secs = None
    if ARCH == "amd64" and want("plain-boot"):
        plain_secs = plain_boot(tmp, accel, run)
    disk = overlay(tmp, "disk", TEST_CMDLINE)

    vm = Vm(tmp, disk, "boot1", accel, "bios")
    try:
        # -- boot ---------------------------------------------------------------
        which, secs = wait_screen(vm, {"home": home_ref}, 600, "01-home-after-boot", step=0.5)
        boot_secs = time.time() - vm.started
        how = "SeaBIOS -> GRUB (BIOS boot partition) -> " if ARCH == "amd64" else ""
        run.record("boot", which == "home",
                   "%sHome on screen %.1f s after QEMU started" % (how, boot_secs) if which else
                   "Home not shown within %d s (see 01-home-after-boot-timeout.png)" % (600 * SLOW))
        if which and plain_secs:
            run.note("boot-time", "Home %.1f s, plain boot's login prompt %.1f s: %.2fx (goal: 1.15x)" %
                     (boot_secs, plain_secs, boot_secs / plain_secs))
        if not vm.shell.ready(120 * SLOW):
            run.record("shell", False, "the test console on ttyS1 did not answer")
            return finish(run, vm, tmp, opts)
        rc, out = guest(vm, "systemd-analyze time; systemd-analyze critical-chain kiosk.service; "
                            "systemd-analyze blame | head -n 15")
        with open(os.path.join(ART, "boot-analysis.txt"), "w") as f:
            f.write(out + "\n")
        log("guest boot:\n" + out)
        if ARCH == "amd64" and want("data-grown"):
            try:
                data_grown(vm, run)
            except Exception as e:  # noqa: BLE001 - reported as the scenario's failure
                run.record("data-grown", False, "error: %r" % (e,))

        def attempt(name, fn, *args):
            """One scenario; an exception fails it, not the whole run."""
            if not want(name):
                return None
            try:
                return fn(*args)
            except Exception as e:  # noqa: BLE001 - reported as the scenario's failure
                run.record(name, False, "error: %r" % (e,))
                return None

        def tap_topic():
            wake(vm, home_ref, "02-home-before-tap")
            # The topic is recognised by its heading and text (everything
            # above the bottom bar); the whole frame is then compared too.
            bar_top = min(t["y"] for t in topic_meta["targets"] if t["id"] == "home") - 12
            for attempt in range(1, 4):
                vm.tap(tx, ty)
                which, secs = wait_screen(vm, {"topic": topic_ref}, 20, "02-topic-after-tap",
                                          box=(0, 0, W, bar_top))
                if which:
                    break
            run.record("tap", which == "topic",
                       "tap at (%d, %d) opened '%s' in %.1f s (attempt %d)" %
                       (tx, ty, topic_meta.get("title"), secs, attempt)
                       if which else "the topic did not open (02-topic-after-tap-timeout.png)")
            if which:
                time.sleep(3)
                im = vm.screen("02-topic-settled")
                frac = differs(im, topic_ref)
                save_diff(im, topic_ref, "02-topic-diff")
                run.record("render-fidelity", frac <= 0.02,
                           "the topic on KMSDRM/GLES differs from the software render in %.1f %% of "
                           "pixels (02-topic-settled.png, 02-topic-diff.png)" % (100 * frac))
            hx, hy = centre(topic_meta, "home")
            vm.tap(hx, hy)
            wait_screen(vm, {"home": home_ref}, 30, "03-home-again")

        attempt("sandbox", sandbox, vm, run)
        # Before any topic is opened, so both processes have shown the
        # same things: Home, then attract slides.
        attempt("memory", memory, vm, run, home_ref)
        attempt("tap", tap_topic)
        attempt("speech", speech, vm, run, home_ref, (tx, ty), (topic_ref, topic_meta), reading_ref)
        if not have_import:
            for n in ("usb-pulled", "usb-hostile", "usb-good", "power-cut"):
                if want(n):
                    run.record(n, False, "NOT YET PASSING: the kiosk in this image has no import "
                               "command ('kiosk import' is not part of this build)")
        else:
            attempt("usb-pulled", usb_pulled, vm, run, os.path.join(tmp, "big.img"), home_ref)
            attempt("usb-hostile", usb_hostile, vm, run, os.path.join(tmp, "hostile.img"), home_ref)
        attempt("keyboard", keyboard, vm, run, home_ref)
        # Limits: the new process, and (TCG renders slowly) Home on screen.
        attempt("kill", crash, vm, run, home_ref, "KILL", "kill", 10)
        attempt("hang", crash, vm, run, home_ref, "STOP", "hang", 30)
        attempt("fonts", fonts_on_image, vm, run)
        # After kill and hang: the kiosk's service screen then says no
        # update came since it started, as the reference's does.
        attempt("service", service, vm, run, service_refs, tmp, home_ref, (tx, ty), (topic_ref, topic_meta))
        if have_import:
            current_ref = good_ref if attempt("usb-good", usb_good, vm, run,
                                              os.path.join(tmp, "good.img"), good_ref, home_ref) else home_ref
            if langs_walk and attempt("languages", languages, vm, run, os.path.join(tmp, "languages.img"),
                                      langs_walk, current_ref):
                # The visitor's language is forgotten in attract mode:
                # the stick's Home in English again after the power cut.
                current_ref = langs_walk.shots["home"][0]
            if resend_refs:
                shown = attempt("resend", resend, vm, run, tmp, resend_refs, current_ref)
                current_ref = shown if shown is not None else current_ref
            if want("power-cut"):
                attempt("power-cut", power_cut, vm, run, tmp, disk, accel,
                        os.path.join(tmp, "big.img"), current_ref, big_ref)
    finally:
        if vm.proc.poll() is None:
            save_journal(vm)
        vm.quit()
    # Software updates, on a VM and disk of their own (vmupdate.py).
    try:
        vmupdate.run_updates(sys.modules[__name__], run, tmp, accel, home_ref, want)
    except Exception as e:  # noqa: BLE001 - reported as the scenario's failure
        run.record("update", False, "error: %r" % (e,))
    if ARCH == "amd64" and want("uefi"):
        try:
            uefi_boot(tmp, accel, run, home_ref)
        except Exception as e:  # noqa: BLE001 - reported as the scenario's failure
            run.record("uefi", False, "error: %r" % (e,))
    return finish(run, None, tmp, opts)


def save_journal(vm):
    """The guest's journal of this boot, for whoever reads a failure."""
    try:
        rc, out = vm.shell.run("journalctl -b --no-pager -o short-monotonic", timeout=120)
        with open(os.path.join(ART, vm.name + "-journal.txt"), "w") as f:
            f.write(out)
    except (TimeoutError, OSError):
        pass


def finish(run, vm, tmp, opts):
    if vm:
        vm.quit()
    if not opts.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    passed = sum(1 for r in run.results if r[1])
    failed = len(run.results) - passed
    with open(os.path.join(ART, "summary.txt"), "w") as f:
        for name, ok, detail in run.results:
            f.write("%s %s: %s\n" % ("PASS" if ok else "FAIL", name, detail))
        for name, detail in run.notes:
            f.write("INFO %s: %s\n" % (name, detail))
    log("screenshots and logs in %s" % ART)
    print("firmware-test: %d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


def sandbox(vm, run):
    rc, score = guest(vm, "systemd-analyze security --no-pager kiosk.service")
    with open(os.path.join(ART, "security.txt"), "w") as f:
        f.write(score + "\n")
    overall = [ln for ln in score.splitlines() if "Overall exposure level" in ln]
    log("systemd-analyze security kiosk.service: " + (overall[0].strip() if overall else "?"))
    checks = {
        "runs as kiosk": "stat -c %U /proc/$(systemctl show -p MainPID --value kiosk)",
        "root read-only": "findmnt -no OPTIONS / | grep -q '^ro'",
        "data partition mounted": "findmnt -no FSTYPE,OPTIONS /var/lib/kiosk | grep -Eq 'ext4 +rw,nosuid,nodev,noexec'",
        "kernel.sysrq=0": "test $(cat /proc/sys/kernel/sysrq) = 0",
        "no getty": "! systemctl list-units --no-legend --all 'getty@*' 'serial-getty@*' 'autovt@*' | grep -q running",
        "ctrl-alt-del masked": "test $(systemctl is-enabled ctrl-alt-del.target) = masked",
        "hardware watchdog fed": "test -e /dev/watchdog0 && systemctl show -p RuntimeWatchdogUSec --value | grep -q 30s",
        "no failed units": "test -z \"$(systemctl --failed --no-legend --plain)\"",
        "no listening sockets": "! grep -qv 'Num' /proc/net/tcp /proc/net/tcp6 /proc/net/udp 2>/dev/null || "
                                "test $(cat /proc/net/tcp /proc/net/udp | wc -l) -le 2",
        # systemctl reload: SIGHUP, kiosk.conf read again by the same process.
        "reload re-reads kiosk.conf": "p=$(systemctl show -p MainPID --value kiosk); "
                                      "systemctl reload kiosk && for i in $(seq 20); do "
                                      "journalctl -b -u kiosk --no-pager -o cat | "
                                      "grep -q 'settings read again' && break; sleep 1; done; "
                                      "journalctl -b -u kiosk --no-pager -o cat | "
                                      "grep -q 'settings read again' && "
                                      "test \"$(systemctl show -p MainPID --value kiosk)\" = \"$p\"",
    }
    bad = []
    for name, cmd in checks.items():
        rc, out = guest(vm, cmd)
        if rc != 0:
            bad.append("%s (%s)" % (name, out[-200:]))
        elif name == "runs as kiosk" and out.split()[-1:] != ["kiosk"]:
            bad.append("runs as %s" % out)
    rc, out = guest(vm, "systemctl --failed --no-legend --plain; systemctl list-units --type=service "
                        "--state=running --no-legend --plain")
    log("guest services:\n" + out)
    run.record("sandbox", not bad, "%s; %s" % (overall[0].strip() if overall else "no score",
                                               "all lockdown checks hold" if not bad else
                                               "failed: " + "; ".join(bad)))


# The kiosk's defaults; the image's kiosk.conf leaves them alone.
IDLE_S, ROTATE_S = 90, 12
SLIDES = 3  # attract slides shown before the second reading


def parse_memory(status, rollup):
    """KiB figures from /proc/PID/status and /proc/PID/smaps_rollup."""
    mem = {}
    for text, keys in ((status, ("VmRSS", "VmHWM")),
                       (rollup, ("Rss", "Pss", "Pss_Anon", "Pss_File", "Pss_Shmem"))):
        for ln in text.splitlines():
            name, _, rest = ln.partition(":")
            if name.strip() in keys and rest.split():
                mem[name.strip()] = int(rest.split()[0])
    return mem


def mib(kib):
    return "%.1f" % (kib / 1024.0) if kib is not None else "?"


def describe(mem):
    return "RSS %s MiB, PSS %s MiB (anon %s, files %s)" % (
        mib(mem.get("VmRSS")), mib(mem.get("Pss")), mib(mem.get("Pss_Anon")), mib(mem.get("Pss_File")))


# Resident KiB per mapped file ("[anonymous]" for the rest), largest first:
# what the figures are made of. Summed in the guest, where smaps is long.
SMAPS_BY_FILE = ("awk '/^[0-9a-f]+-[0-9a-f]+ / { n = NF >= 6 ? $NF : \"[anonymous]\" } "
                 "/^Rss:/ { r[n] += $2 } END { for (k in r) print r[k], k }' /proc/%d/smaps "
                 "| sort -rn | head -n 6")


def by_file(lines):
    """'KiB path' lines -> 'name 12.3' pieces, the biggest first."""
    out = []
    for ln in lines:
        kib, _, path = ln.strip().partition(" ")
        if kib.isdigit():
            out.append("%s %s" % (os.path.basename(path) or path, mib(int(kib))))
    return ", ".join(out)


def host_by_file(pid):
    rss = {}
    name = "[anonymous]"
    try:
        with open("/proc/%d/smaps" % pid) as f:
            for ln in f:
                head = ln.split()
                if head and "-" in head[0] and ":" not in head[0]:
                    name = head[5] if len(head) >= 6 else "[anonymous]"
                elif head and head[0] == "Rss:":
                    rss[name] = rss.get(name, 0) + int(head[1])
    except OSError:
        return ""
    top = sorted(rss.items(), key=lambda kv: -kv[1])[:6]
    return by_file("%d %s" % (v, k) for k, v in top)


def guest_memory(vm, pid):
    rc, status = guest(vm, "cat /proc/%d/status" % pid)
    rc2, rollup = guest(vm, "cat /proc/%d/smaps_rollup" % pid)
    if rc != 0 or rc2 != 0:
        return {}
    return parse_memory(status, rollup)


class HostKiosk(threading.Thread):
    """The same kiosk binary on this machine as make bench runs it: SDL's
    offscreen driver and the software renderer, a window of the VM's size,
    the built-in content and an empty data folder (a first start, like the
    VM's). Attract mode after 5 s instead of 90, the same slides; readings
    on Home and after SLIDES slides, from /proc."""

    def __init__(self, workdir):
        super().__init__(daemon=True)
        self.dir = workdir
        self.home = self.attract = {}
        self.files = ""
        self.error = None

    def sample(self, pid):
        try:
            with open("/proc/%d/status" % pid) as f:
                status = f.read()
            with open("/proc/%d/smaps_rollup" % pid) as f:
                rollup = f.read()
        except OSError:
            return {}
        return parse_memory(status, rollup)

    def run(self):
        os.makedirs(os.path.join(self.dir, "usb"), exist_ok=True)
        conf = os.path.join(self.dir, "kiosk.conf")
        with open(conf, "w") as f:
            f.write("idle_timeout_s = 5\nrotate_interval_s = %d\nfullscreen = no\n"
                    "data_dir = %s\nusb_dirs = %s\n" %
                    (ROTATE_S, os.path.join(self.dir, "data"), os.path.join(self.dir, "usb")))
        env = dict(os.environ, SDL_VIDEODRIVER="offscreen", SDL_RENDER_DRIVER="software",
                   SDL_FRAMEBUFFER_ACCELERATION="0")
        env.pop("NOTIFY_SOCKET", None)
        log_path = os.path.join(self.dir, "kiosk.log")
        try:
            proc = subprocess.Popen(KIOSK_RUN + ["--window", "%dx%d" % (W, H), "--config", conf,
                                                 "--content", BUILTIN],
                                    env=env, stdout=open(log_path, "wb"), stderr=subprocess.STDOUT)
        except OSError as e:
            self.error = str(e)
            return
        try:
            time.sleep(3.5)
            self.home = self.sample(proc.pid)
            # Attract mode at 5 s, then SLIDES slides and a little more.
            time.sleep(5 - 3.5 + SLIDES * ROTATE_S + 3)
            self.attract = self.sample(proc.pid)
            self.files = host_by_file(proc.pid)
            if proc.poll() is not None:
                self.error = "the kiosk exited (%s)" % log_path
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def memory(vm, run, home_ref):
    """RSS and PSS of the live kiosk on its real display path (KMSDRM, GLES
    through Mesa: llvmpipe in the VM), on Home and after SLIDES attract
    slides, from /proc of the kiosk process in the guest; beside it the
    same binary on the software renderer here. Recorded, not judged: a
    board's GPU driver maps other memory than llvmpipe does."""
    host = None
    if ARCH == "amd64":
        # Here, while the VM waits for attract mode (it only sits on Home).
        host = HostKiosk(os.path.join(ART, "work", "host-kiosk"))
        host.start()
    wake(vm, home_ref, "12-memory-home")
    touched = time.time()
    pid = main_pid(vm)
    time.sleep(5)
    home = guest_memory(vm, pid)
    # Attract mode starts IDLE_S after the touch; then SLIDES slides.
    while time.time() - touched < IDLE_S + 60 * SLOW:
        if differs(vm.screen(), home_ref) > 0.02:
            break
        time.sleep(2)
    started = time.time() - touched
    attract_on = differs(vm.screen("12-memory-attract-0"), home_ref) > 0.02
    peak = dict(home)
    for n in range(1, SLIDES + 1):
        time.sleep(ROTATE_S)
        vm.screen("12-memory-attract-%d" % n)
        m = guest_memory(vm, pid)
        for k, v in m.items():
            peak[k] = max(peak.get(k, 0), v)
    time.sleep(3)
    attract = guest_memory(vm, pid)
    rc, top = guest(vm, SMAPS_BY_FILE % pid)
    files = by_file(top.splitlines()) if rc == 0 else ""
    same = main_pid(vm) == pid
    lines = ["KMSDRM + GLES (%s) in the VM, %dx%d, pid %d:" % (
                 "llvmpipe" if ARCH == "amd64" else "llvmpipe, arm64", W, H, pid),
             "  Home: " + describe(home),
             "  after %d attract slides: %s" % (SLIDES, describe(attract)),
             "  peak RSS (VmHWM) %s MiB, highest PSS seen %s MiB" % (
                 mib(attract.get("VmHWM")), mib(peak.get("Pss"))),
             "  largest resident mappings (MiB): " + (files or "?")]
    if host:
        host.join(SLIDES * ROTATE_S + 60)
        if host.error or not host.home:
            lines.append("software renderer here: not measured (%s)" % (host.error or "no reading"))
        else:
            lines += ["software renderer here (SDL offscreen, make bench's peak_memory path), "
                      "the image's binary, %dx%d:" % (W, H),
                      "  Home: " + describe(host.home),
                      "  after %d attract slides: %s" % (SLIDES, describe(host.attract)),
                      "  peak RSS (VmHWM) %s MiB" % mib(host.attract.get("VmHWM")),
                      "  largest resident mappings (MiB): " + (host.files or "?")]
    else:
        lines.append("software renderer: not measured here (the image's kiosk would run under "
                     "qemu-user); see make bench's peak_memory")
    with open(os.path.join(ART, "memory.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    log("kiosk memory:\n  " + "\n  ".join(lines))
    ok = bool(home.get("VmRSS")) and bool(attract.get("Pss")) and attract_on and same
    summary = "GLES in the VM: Home RSS %s / PSS %s MiB, after %d slides RSS %s / PSS %s MiB, " \
              "peak RSS %s MiB" % (mib(home.get("VmRSS")), mib(home.get("Pss")), SLIDES,
                                   mib(attract.get("VmRSS")), mib(attract.get("Pss")),
                                   mib(attract.get("VmHWM")))
    if host and host.home:
        summary += "; software renderer here: Home RSS %s / PSS %s MiB, after %d slides RSS %s / " \
                   "PSS %s MiB, peak RSS %s MiB" % (
                       mib(host.home.get("VmRSS")), mib(host.home.get("Pss")), SLIDES,
                       mib(host.attract.get("VmRSS")), mib(host.attract.get("Pss")),
                       mib(host.attract.get("VmHWM")))
    if not attract_on:
        summary += "; attract mode NOT seen %.0f s after the last touch" % started
    if not same:
        summary += "; the kiosk RESTARTED while it was measured"
    run.record("memory", ok, summary)


def keyboard(vm, run, home_ref):
    wake(vm, home_ref, "04-home-before-keyboard")
    rc, before = guest(vm, "cat /proc/sys/kernel/random/boot_id")
    pid = main_pid(vm)
    vm.qmp.cmd("device_add", driver="usb-kbd", bus="xhci.0", id="kbd")
    time.sleep(3)
    combos = [["ctrl", "alt", "delete"], ["ctrl", "alt", "f2"], ["alt", "f4"], ["esc"],
              ["alt", "sysrq", "b"], ["ctrl", "alt", "delete"], ["ctrl", "alt", "delete"],
              ["ctrl", "alt", "delete"], ["ctrl", "alt", "delete"], ["ctrl", "alt", "delete"],
              ["ctrl", "alt", "delete"], ["ctrl", "alt", "delete"], ["ctrl", "alt", "f1"],
              ["alt", "sysrq", "c"], ["ctrl", "q"]]
    for keys in combos:
        vm.qmp.cmd("send-key", keys=[{"type": "qcode", "data": k} for k in keys], **{"hold-time": 100})
        time.sleep(0.3)
    time.sleep(8)
    im = vm.screen("04-after-hostile-keyboard")
    ok_screen = matches(im, home_ref)
    try:
        rc, after = guest(vm, "cat /proc/sys/kernel/random/boot_id")
        same_boot = rc == 0 and after == before
    except TimeoutError:
        same_boot = False
    same_pid = main_pid(vm) == pid
    vm.qmp.cmd("device_del", id="kbd")
    detail = "screen %s, VM %s, kiosk %s" % ("unchanged" if ok_screen else "CHANGED",
                                             "not rebooted" if same_boot else "REBOOTED",
                                             "same process" if same_pid else "RESTARTED")
    run.record("keyboard", ok_screen and same_boot and same_pid, detail)


def crash(vm, run, home_ref, sig, name, limit):
    """kill -SIG of the kiosk: a new process within limit seconds (after
    WatchdogSec for a hang), then Home on screen again; the id of this boot
    the kiosk keeps in its runtime folder (ProcSubset=pid hides the
    kernel's) is the same after the restart, so a clock staff set is still
    known."""
    boot_id = "cat /run/kiosk/boot-id 2>/dev/null"
    _, boot = guest(vm, boot_id)
    pid = main_pid(vm)
    t0 = time.time()
    guest(vm, "kill -%s %d" % (sig, pid))
    new, secs = wait_new_pid(vm, pid, limit + 30)
    which, s2 = wait_screen(vm, {"home": home_ref}, 300, "05-after-%s" % name, step=1.0)
    total = time.time() - t0
    _, boot_after = guest(vm, boot_id)
    kept = bool(boot.strip()) and boot.strip() == boot_after.strip()
    ok = bool(new) and secs <= limit and which == "home" and kept
    run.record(name, ok, ("kill -%s: new kiosk process after %.1f s (limit %d s), Home on screen "
                          "%.1f s after the signal" % (sig, secs, limit, total) if new else
                          "kill -%s: no new kiosk process within %d s" % (sig, limit + 30)) +
               ("; /run/kiosk/boot-id kept across the restart" if kept else
                "; /run/kiosk/boot-id NOT kept (%r, then %r)" % (boot.strip(), boot_after.strip())))


def stick_mount_check(vm):
    ok, out = wait_guest(vm, "findmnt -no FSTYPE,OPTIONS /media/usb", 60)
    if not ok:
        return False, "the stick was not mounted at /media/usb"
    opts = set(out.split()[-1].split(","))
    need = {"ro", "nosuid", "nodev", "noexec", "nosymfollow"}
    if not need <= opts:
        return False, "mounted with %s (missing %s)" % (out, ",".join(sorted(need - opts)))
    return True, out


def plug_and_import(vm, run, image, sid, home_ref, name):
    """Plugs a stick and waits until the kiosk starts on it (the screen
    changes or a staging copy appears). The first call records whether the
    running kiosk noticed the hot-plugged stick by itself ("usb-hotplug");
    if it did not, kiosk.service is restarted, which imports a stick that is
    already in, so the import scenarios are still exercised. Returns
    (mounted as required, mount detail, a note for the scenario)."""
    wake(vm, home_ref, name + "-before")
    before = vm.screen()
    plug_stick(vm, image, sid)
    t0 = time.time()
    ok, mount = stick_mount_check(vm)
    noticed = False
    while time.time() - t0 < 60:
        im = vm.screen()
        rc, _ = guest(vm, "ls -d /var/lib/kiosk/staging-* >/dev/null 2>&1")
        if rc == 0 or differs(im, before) > 0.02:
            noticed = True
            im.save(os.path.join(ART, name + "-noticed.png"))
            break
        time.sleep(1)
    if not any(r[0] == "usb-hotplug" for r in run.results):
        run.record("usb-hotplug", noticed,
                   "the kiosk noticed the stick %.1f s after it was plugged in" % (time.time() - t0)
                   if noticed else
                   "the running kiosk did not notice the stick within 60 s, although it was mounted "
                   "at /media/usb and visible in the kiosk's own /proc/PID/mountinfo")
    if noticed:
        return ok, mount, ""
    guest(vm, "systemctl restart kiosk.service")
    return ok, mount, " (hot-plug not noticed: the import was started by restarting kiosk.service)"


def usb_good(vm, run, image, good_ref, home_ref):
    rc, before = guest(vm, "readlink /var/lib/kiosk/current")
    ok, mount, note = plug_and_import(vm, run, image, "good", home_ref, "06-good-stick")
    which, secs = wait_screen(vm, {"new": good_ref}, 180, "06-new-content", step=1.0)
    rc, after = guest(vm, "readlink /var/lib/kiosk/current")
    unplug_stick(vm, "good")
    gone, _ = wait_guest(vm, "! findmnt /media/usb", 30)
    run.record("usb-good", ok and which == "new" and after != before and gone,
               "mount: %s; new content %s; current %s -> %s; %s%s" %
               (mount, "shown after %.1f s" % secs if which else "NOT shown", before or "(none)", after,
                "unmounted on removal" if gone else "STILL MOUNTED after removal", note))
    return which == "new"


def usb_hostile(vm, run, image, home_ref):
    rc, before = guest(vm, "readlink /var/lib/kiosk/current")
    ok, mount, note = plug_and_import(vm, run, image, "hostile", home_ref, "07-hostile-stick")
    seen = ""
    t0 = time.time()
    while time.time() - t0 < 120 and not seen:
        text = ocr(vm.screen(), "07-hostile-stick")
        if "bomb" in text.lower():
            seen = " ".join(text.split())[:200]
        else:
            time.sleep(2)
    rc, after = guest(vm, "readlink /var/lib/kiosk/current")
    unplug_stick(vm, "hostile")
    run.record("usb-hostile", ok and bool(seen) and after == before,
               "refusal on screen: %s; current %s%s" % (repr(seen) if seen else "NOT SEEN",
                                                        "unchanged" if after == before else "CHANGED", note))


def usb_pulled(vm, run, image, home_ref):
    rc, before = guest(vm, "readlink /var/lib/kiosk/current")
    ok, mount, note = plug_and_import(vm, run, image, "big", home_ref, "08-big-stick")
    staged, _ = wait_guest(vm, "ls -d /var/lib/kiosk/staging-* >/dev/null 2>&1", 120, step=0.2)
    vm.screen("08-importing")
    unplug_stick(vm, "big")
    time.sleep(10)
    rc, after = guest(vm, "readlink /var/lib/kiosk/current")
    vm.screen("09-after-pull-message")
    time.sleep(5)
    which = "home" if wake(vm, home_ref, "09-after-pull") else None
    run.record("usb-pulled", staged and after == before and which == "home",
               "pulled %s; current %s; %s%s" % ("mid-copy" if staged else "BEFORE THE COPY STARTED",
                                                "unchanged" if after == before else "CHANGED",
                                                "old content on screen" if which else "old content NOT shown",
                                                note))


LANGUAGES = os.path.join(TOP, "tests", "render", "languages")
# The sample articles of the render tests, as one article in four
# languages: (language, sample folder, tesseract's language, how OCR is
# compared, the FIRMWARE_FONTS word it needs; None: DejaVu, always there).
LANGUAGE_SAMPLES = (("ar", "arabic", "ara", "words", None),
                    ("hi", "hindi", "hin", "words", "devanagari"),
                    ("zh", "chinese", "chi_sim", "letters", "cjk"))


def image_fonts():
    """The FIRMWARE_FONTS words the image was built with (fonts.txt beside
    it), and the font files it carries."""
    words, files = set(), set()
    try:
        with open(os.path.join(IMG, "fonts.txt")) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 3 and parts[0] != "total":
                    words.add(parts[0])
                    files.update(parts[3:])
    except OSError:
        words.add("latin")
    return words, files


def write_languages_stick(root):
    k = os.path.join(root, "kiosk")
    os.makedirs(k, exist_ok=True)
    shutil.copy(os.path.join(LANGUAGES, "three", "flu.md"), os.path.join(k, "flu.md"))
    for lang, folder, _, _, _ in LANGUAGE_SAMPLES:
        shutil.copy(os.path.join(LANGUAGES, folder, "flu.%s.md" % lang), os.path.join(k, "flu.%s.md" % lang))
    return k


def strip_marks(text):
    """Text as OCR and the article can both be compared in (as the render
    tests do): NFC, no Arabic vowel marks, no punctuation."""
    import unicodedata
    out = []
    for ch in unicodedata.normalize("NFC", text):
        cp = ord(ch)
        if 0x064B <= cp <= 0x065F or cp == 0x0670 or 0x0591 <= cp <= 0x05C7:
            continue
        cat = unicodedata.category(ch)
        out.append(" " if cat[0] in "PS" else ch)
    return "".join(out)


def read_share(want, got, unit):
    """The share of want that OCR's got holds: whole words, or for scripts
    without spaces the letters of the longest matching stretches."""
    import difflib
    if unit == "words":
        seen = set(strip_marks(got).split())
        words = [w for w in strip_marks(want).split() if len(w) > 2 and not w.isdigit()]
        return sum(1 for w in words if w in seen) / len(words)
    a = "".join(strip_marks(want).split())
    b = "".join(strip_marks(got).split())
    blocks = difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    return sum(m.size for m in blocks) / len(a)


def first_paragraph(lang, folder):
    with open(os.path.join(LANGUAGES, folder, "flu.%s.md" % lang), encoding="utf-8") as f:
        topic = f.read().split("\n## ")[1]
    return topic.partition("\n")[2].strip().split("\n\n")[0]


class Walk:
    """A path through the screens from a stick's Home, drawn by the
    reference kiosk step by step: each step taps a target of the screen
    before it, and its shot is what the VM must show after the same tap."""

    def __init__(self, content, outdir):
        self.content, self.outdir, self.script, self.n = content, outdir, "", 0
        self.shots = render(content, os.path.join(outdir, "0"))
        self.shot = self.shots["home"]

    def tap(self, target_id):
        x, y = centre(self.shot[1], target_id)
        self.n += 1
        self.script += "tap %d %d\nwait 1500\n" % (x, y)
        shot = render(self.content, os.path.join(self.outdir, str(self.n)), self.script + "shot s\n")["s"]
        self.shot = shot
        return (x, y), shot


# ---- reading aloud -------------------------------------------------------------

# A stretch of 20 ms whose loudness (RMS, of 32767) is above this is sound;
# espeak-ng's voice at speech_volume 100 reaches thousands, QEMU's silence
# and the card's idle noise are 0.
WAV_WINDOW_S = 0.02
WAV_SOUND_RMS = 200
WAV_GAP_S = 0.15  # silence that parts two stretches of sound (words, sentences)


def wav_format(path):
    """(channels, rate, bytes a sample) from the header QEMU wrote: its
    lengths are filled in only when QEMU quits, so the data is read to the
    file's end."""
    with open(path, "rb") as f:
        head = f.read(44)
    if len(head) < 44 or head[:4] != b"RIFF" or head[8:12] != b"WAVE" or head[36:40] != b"data":
        raise RuntimeError("%s is not a WAV file QEMU wrote" % path)
    fmt, channels, rate = (int.from_bytes(head[a:b], "little") for a, b in ((20, 22), (22, 24), (24, 28)))
    bits = int.from_bytes(head[34:36], "little")
    if fmt != 1 or bits != 16:
        raise RuntimeError("%s: format %d, %d bits (16-bit PCM expected)" % (path, fmt, bits))
    return channels, rate, 2


def wav_size(path):
    try:
        return max(os.path.getsize(path) - 44, 0)
    except OSError:
        return 0


def wav_windows(path, start, end):
    """The loudness of each WAV_WINDOW_S of the first channel between the
    data's byte offsets start and end, and the seconds that span."""
    import array
    import math
    channels, rate, width = wav_format(path)
    frame = channels * width
    start -= start % frame
    with open(path, "rb") as f:
        f.seek(44 + start)
        data = f.read(max(end - start, 0))
    data = data[:len(data) - len(data) % frame]
    samples = array.array("h")
    samples.frombytes(data)
    if sys.byteorder != "little":
        samples.byteswap()
    first = samples[::channels]
    n = max(int(rate * WAV_WINDOW_S), 1)
    rms = [math.sqrt(sum(v * v for v in first[i:i + n]) / n) for i in range(0, len(first) - n + 1, n)]
    return rms, len(first) / rate


def stretches(rms):
    """Runs of sound (in windows) parted by at least WAV_GAP_S of silence."""
    runs, cur, quiet = [], 0, 0
    gap = int(WAV_GAP_S / WAV_WINDOW_S)
    for v in rms:
        if v >= WAV_SOUND_RMS:
            if cur and quiet >= gap:
                runs.append(cur)
                cur = 0
            cur += 1
            quiet = 0
        else:
            quiet += 1
    if cur:
        runs.append(cur)
    return runs


def speech(vm, run, home_ref, topic_xy, topic, reading):
    """Listen on a topic, on the image's own display and sound card: the
    topic's bar shows Listen as the reference's (whose JSON has the
    button), a tap reads the topic aloud (Pause and Stop replace Listen)
    and what the card played, as QEMU wrote it to the WAV file, holds
    seconds of speech in many stretches (words and sentences), then only
    silence once Stop is tapped; before Listen and after Stop the card is
    left alone (nothing written)."""
    topic_ref, topic_meta = topic
    if not any(t["id"] == "listen" for t in topic_meta["targets"]):
        run.record("speech", False, "the reference topic has no Listen (the image's kiosk found no "
                   "audio driver with SDL_AUDIODRIVER=disk)")
        return
    bar_top = min(t["y"] for t in topic_meta["targets"] if t["id"] == "home") - 12
    bar = (0, bar_top, W, H)
    wake(vm, home_ref, "06-speech-home")
    if not tap_until(vm, topic_xy, {"topic": topic_ref}, "06-speech-topic"):
        run.record("speech", False, "the topic with Listen did not show (06-speech-topic-timeout.png: "
                   "a topic without Listen means the kiosk found no sound card)")
        return
    rc, found = guest(vm, "journalctl -b -u kiosk.service --no-pager -o cat | "
                          "grep -E 'read aloud|sound|audio' | tail -n 3")
    idle_from = wav_size(vm.wav)
    time.sleep(2)
    idle_bytes = wav_size(vm.wav) - idle_from
    lx, ly = centre(topic_meta, "listen")
    start = wav_size(vm.wav)
    t0 = time.time()
    reading_seen = None
    for _ in range(3):
        vm.tap(lx, ly)
        reading_seen, _ = wait_screen(vm, {"reading": reading[0]}, 20, "07-speech-reading", box=bar)
        if reading_seen:
            break
    # Some sentences, heard in real time.
    while time.time() - t0 < 15:
        time.sleep(1)
    vm.screen("07-speech-read")
    rc, voice = guest(vm, "journalctl -b -u kiosk.service --no-pager -o cat | "
                          "grep -o \"reading aloud with espeak-ng's.*\" | tail -n 1")
    end = wav_size(vm.wav)
    read_s = time.time() - t0
    stopped = None
    if reading_seen:
        sx, sy = centre(reading[1], "stop")
        for _ in range(3):
            vm.tap(sx, sy)
            stopped, _ = wait_screen(vm, {"topic": topic_ref}, 20, "08-speech-stopped", box=bar)
            if stopped:
                break
    time.sleep(1)
    after_from = wav_size(vm.wav)
    time.sleep(3)
    after_to = wav_size(vm.wav)
    rms, secs = wav_windows(vm.wav, start, end)
    runs = stretches(rms)
    sound_s = sum(runs) * WAV_WINDOW_S
    after_rms, after_s = wav_windows(vm.wav, after_from, after_to)
    after_sound = sum(1 for v in after_rms if v >= WAV_SOUND_RMS) * WAV_WINDOW_S
    loudest = max(rms) if rms else 0
    # What was read, kept for a listener: the WAV's header with the
    # reading's data.
    channels, rate, width = wav_format(vm.wav)
    with open(vm.wav, "rb") as f, open(os.path.join(ART, "speech.wav"), "wb") as out:
        head = bytearray(f.read(44))
        f.seek(44 + start - start % (channels * width))
        data = f.read(end - start)
        head[4:8] = (36 + len(data)).to_bytes(4, "little")
        head[40:44] = len(data).to_bytes(4, "little")
        out.write(bytes(head) + data)
    hwm = guest(vm, "cat /proc/$(systemctl show -p MainPID --value kiosk)/status | grep VmHWM")[1]
    # The kiosk holds the card only while it reads: an open device would
    # be fed silence, which QEMU writes as it does sound.
    idle = idle_bytes == 0 and after_to == after_from
    ok = (bool(reading_seen) and bool(stopped) and secs >= 0.5 * read_s and sound_s >= 3
          and len(runs) >= 5 and after_sound <= 0.1 and idle)
    detail = ("Listen shown (bar as the reference's); %s; %.1f s of audio written in %.1f s of reading "
              "(%d Hz, %d channels), %.1f s of it sound in %d stretches (loudest %.0f RMS), %s; "
              "after Stop %.1f s written, %.2f s of it sound; while the topic only showed, %d bytes "
              "in 2 s%s; %s; VmHWM %s" % (
                  "Pause and Stop while reading" if reading_seen else "tapping Listen did NOT start "
                  "reading (07-speech-reading-timeout.png)",
                  secs, read_s, rate, channels, sound_s, len(runs), loudest,
                  voice.strip().splitlines()[-1] if voice.strip() else "no voice in the journal",
                  after_s, after_sound, idle_bytes,
                  "" if idle else " (the card is NOT let go when nothing is read)",
                  "Stop showed Listen again" if stopped else "Stop did NOT end it",
                  hwm.split(":")[-1].strip() or "?"))
    if not ok and found:
        detail += "; the kiosk said: " + " | ".join(found.splitlines())
    run.record("speech", ok, detail)
    tap_until(vm, centre(topic_meta, "home"), {"home": home_ref}, "09-speech-home-again")


def fonts_on_image(vm, run):
    words, files = image_fonts()
    rc, listed = guest(vm, "fc-list --format '%{file}\\n'")
    listed = {os.path.basename(ln) for ln in listed.split()}
    missing = sorted(files - listed)
    # A cache made for these fonts at build time: fontconfig then reads
    # none of them to start, and writes no cache of its own.
    rc, rescanned = guest(vm, "d=$(mktemp -d) && XDG_CACHE_HOME=$d FC_DEBUG=16 fc-list 2>&1 | "
                              "sed -n 's/^FcDirCacheWriteDir dir \"\\([^\"]*\\)\".*/\\1/p' | sort -u; "
                              "rm -rf $d")
    # The guest's shell is interactive: its "# " prompt may lead the output.
    stale = [t for t in rescanned.split() if t.startswith("/")]
    rc, mo = guest(vm, "ls /usr/share/locale/*/LC_MESSAGES/kiosk.mo | wc -l")
    rc, dics = guest(vm, "ls -1 /usr/share/hyphen/ | sed -n 's/^hyph_\\([a-z]*\\).*/\\1/p' | sort -u | tr '\\n' ' '")
    with open(os.path.join(TOP, "po", "LINGUAS")) as f:
        linguas = f.read().split()
    mo = (mo.split() or ["?"])[-1]
    dics = " ".join(t for t in dics.split() if t.isalpha())
    ok = bool(files) and not missing and not stale and mo == str(len(linguas))
    run.record("fonts", ok,
               "FIRMWARE_FONTS: %s; %d font files, %s; fontconfig's cache %s; %s of %d catalogues; "
               "hyphenation: %s" %
               (" ".join(sorted(words)), len(files),
                "all listed by fc-list" if not missing else "NOT LISTED: " + ", ".join(missing),
                "current (nothing rescanned)" if not stale else
                "STALE for %s" % " ".join(stale), mo, len(linguas), dics or "none"))


def tap_until(vm, xy, want, name, tries=3, mask=None, box=None):
    """Taps until the screen is want: under TCG on a busy host a tap can
    still go unseen (a frame can take longer than the wait), so a tap that
    changed nothing is given again (as the first tap test does). Tapping
    the same language, topic or Home twice is harmless."""
    for _ in range(tries):
        vm.tap(*xy)
        which, secs = wait_screen(vm, want, 20, name, mask=mask, box=box)
        if which:
            return which
    return None


def languages(vm, run, image, ref_walk, home_ref):
    """The stick's Home, then for each language: its button, its Home, its
    first topic (matched and read by OCR), back to its Home."""
    words, _ = image_fonts()
    ok, mount, note = plug_and_import(vm, run, image, "langs", home_ref, "12-languages-stick")
    start = ref_walk.shot[0]
    which, secs = wait_screen(vm, {"home": start}, 180, "12-languages-home")
    unplug_stick(vm, "langs")
    if not which:
        run.record("languages", False, "the four-language article was not shown (12-languages-home-timeout.png)%s"
                   % note)
        return False
    parts, good = [], True
    for lang, folder, tess, unit, needs in LANGUAGE_SAMPLES:
        xy, lang_home = ref_walk.tap("lang-" + lang)
        got_home = tap_until(vm, xy, {"home": lang_home[0]}, "12-%s-home" % lang)
        xy, topic = ref_walk.tap("topic-0")
        got_topic = tap_until(vm, xy, {"topic": topic[0]}, "12-%s-topic" % lang)
        if needs and needs not in words:
            parts.append("%s: no %s fonts on this image (FIRMWARE_FONTS), screens as drawn %s" %
                         (lang, needs, "matched" if got_home and got_topic else "NOT MATCHED"))
            good = good and bool(got_home and got_topic)
        else:
            text = ocr(vm.screen(), "12-%s-topic-ocr" % lang, tess)
            share = read_share(first_paragraph(lang, folder), text, unit)
            parts.append("%s: Home %s, topic %s, OCR (%s) read %.0f %% of its first paragraph" %
                         (lang, "matched" if got_home else "NOT MATCHED",
                          "matched" if got_topic else "NOT MATCHED", tess, 100 * share))
            good = good and bool(got_home and got_topic) and share >= 0.7
        xy, back = ref_walk.tap("home")
        tap_until(vm, xy, {"home": back[0]}, "12-%s-home-again" % lang)
    xy, english = ref_walk.tap("lang-en")
    tap_until(vm, xy, {"home": english[0]}, "12-en-home")
    run.record("languages", good, "stick's Home shown after %.1f s; %s%s" % (secs, "; ".join(parts), note))
    return good


def resend(vm, run, tmp, refs, home_ref):
    """The same 20 MB picture sent twice, under an article and then under
    it edited: on the image's own ext4 data partition the picture is one
    file in both versions (st_ino, st_nlink), and du, which counts a file
    once however many names it has, finds the previous version beside the
    current one to hold no more than its article. Returns the screen then
    shown."""
    data = "/var/lib/kiosk"
    for n in range(2):
        ok, mount, note = plug_and_import(vm, run, os.path.join(tmp, "resend%d.img" % n), "resend%d" % n,
                                          home_ref if n == 0 else refs[0], "13-resend%d" % n)
        which, secs = wait_screen(vm, {"new": refs[n]}, 240, "13-resend%d-shown" % n)
        unplug_stick(vm, "resend%d" % n)
        wait_guest(vm, "! findmnt /media/usb", 30)
        if not which:
            run.record("resend", False, "import %d not shown (13-resend%d-shown-timeout.png)%s" % (n + 1, n, note))
            return None
    rc, st = guest(vm, "stat -c '%%i %%h' %s/current/IMAGES/PHOTO.PNG %s/previous/IMAGES/PHOTO.PNG "
                       "%s/current/ARTICLE.MD %s/previous/ARTICLE.MD" % ((data,) * 4))
    rc, du = guest(vm, "du -sk %s/current/ %s/previous/" % (data, data))
    rows = [ln.split() for ln in st.splitlines() if ln.strip()]
    kb = [int(ln.split()[0]) for ln in du.splitlines() if ln.strip() and ln.split()[0].isdigit()]
    linked = len(rows) == 4 and rows[0] == rows[1] and rows[0][1] == "2"
    own = len(rows) == 4 and rows[2][0] != rows[3][0] and rows[2][1] == rows[3][1] == "1"
    small = len(kb) == 2 and kb[0] > 10 * 1024 and kb[1] < 64
    run.record("resend", linked and own and small,
               "PHOTO.PNG %s (inode and names, current / previous: %s), ARTICLE.MD %s; du: current "
               "version %s KB, the previous beside it %s KB" %
               ("one file in both versions" if linked else "NOT SHARED",
                " / ".join(" ".join(r) for r in rows[:2]), "a file of its own in each" if own else "NOT SEPARATE",
                kb[0] if kb else "?", kb[1] if len(kb) > 1 else "?"))
    return refs[1]


# ---- the service screen --------------------------------------------------------

# The PIN the test gives the image, and where the finger holds: inside the
# top-left corner square (one control wide: 71 px at 800 lines).
SERVICE_PIN = "2468"
CORNER = (20, 20)
HOLD_CORNER_MS = 5000  # src/core/service/hold.h
# The finger stays a second and a half longer than the hold needs: the
# kiosk fires the hold on time passing, HOLD_CORNER_MS after it read the
# press, so a press read a frame late (about a second under TCG) still
# fires before the release is read.
HOLD_S = HOLD_CORNER_MS / 1000.0 + 1.5
# The image's kiosk.conf is where a clinic sets the PIN (firmware/kiosk.conf,
# before the image is written). The test boots the built image unchanged,
# so it puts the same file, with the PIN's line added, over
# /etc/kiosk/kiosk.conf on the running system (a bind mount from /run,
# which reaches the kiosk's own mount namespace as a stick's mount does)
# and starts the kiosk again (systemctl restart, after the last stick's
# result the earlier cases left in DATA is taken away, so that the
# service screen is the reference's, drawn from a fresh data folder; the
# reload case in sandbox shows SIGHUP reads kiosk.conf). A signed stick, the
# other way, needs the image to trust a key (require_signature and
# trusted.d), which this image does not.
SERVICE_CONF = "/run/kiosk-test-service.conf"


def tap_line(meta, target_id):
    return "tap %d %d\n" % centre(meta, target_id)


class ServiceRefs:
    """The staff's screens as the image's kiosk draws them with the test's
    PIN in its kiosk.conf, each a render of its own from a fresh data
    folder: the PIN pad, the PIN typed (four dots), the service screen, the
    clock screen and the notice after its Save; with what differs from the
    VM by nature masked (the service screen's uptime, free storage and
    clock; the clock screen's values)."""

    def __init__(self, outdir):
        self.dir = outdir
        self.n = 0
        os.makedirs(outdir, exist_ok=True)
        p = subprocess.run(KIOSK_RUN + ["pin"], input=SERVICE_PIN + "\n", stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, universal_newlines=True)
        self.pin_line = p.stdout.strip()
        if p.returncode != 0 or not self.pin_line.startswith("service_pin = $argon2id$"):
            raise RuntimeError("kiosk pin: %s" % (p.stderr.strip() or self.pin_line))
        self.conf = os.path.join(outdir, "kiosk.conf")
        with open(self.conf, "w") as f:
            f.write(self.pin_line + "\nrelease_file = %s\n" % RELEASE)
        s = "hold %d %d %d\nshot pad\n" % (CORNER + (HOLD_CORNER_MS,))
        self.pad = self.step(s)["pad"]
        for n, d in enumerate(SERVICE_PIN, 1):
            s += tap_line(self.pad[1], "service-digit-" + d) + "shot typed%d\n" % n
        s += tap_line(self.pad[1], "service-enter") + "shot menu\n"
        shots = self.step(s)
        # The pad with none, one, ... all of the PIN's digits typed, told
        # apart by their dots alone (a dot is a thousandth of the screen).
        self.typed = [self.pad] + [shots["typed%d" % n] for n in range(1, len(SERVICE_PIN) + 1)]
        self.menu = shots["menu"]
        x0, y0, x1, y1 = ImageChops.difference(self.pad[0], self.typed[-1][0]).getbbox()
        self.dots = (max(x0 - 8, 0), max(y0 - 8, 0), min(x1 + 8, W), min(y1 + 8, H))
        s += tap_line(self.menu[1], "service-clock") + "shot clock\n"
        self.clock = self.step(s)["clock"]
        s += tap_line(self.clock[1], "clock-hour-plus") + tap_line(self.clock[1], "clock-save") + "shot saved\n"
        self.saved = self.step(s)["saved"]
        # The service screen: its lines that change by the second or with
        # the machine, to where the buttons begin.
        meta = self.menu[1]
        right = min(t["x"] for t in meta["targets"] if t["x"] > W // 3)
        self.menu_mask = [(t["x"], t["y"], right, t["y"] + t["h"]) for t in meta["texts"]
                          if t["text"].startswith(("Running for:", "Free storage:", "Clock:"))]
        # The clock screen: the row of values (the time it opened at).
        self.clock_values = [t for t in self.clock[1]["texts"] if t["text"].isdigit()]
        self.clock_mask = [(0, t["y"], W, t["y"] + t["h"]) for t in self.clock_values]
        if len(self.menu_mask) != 3 or len(self.clock_values) != 5:
            raise RuntimeError("the reference service screens are not as expected (%s)" % outdir)

    def step(self, script, env=None, content=None):
        self.n += 1
        data = os.path.join(self.dir, "data%d" % self.n)
        os.makedirs(data)
        return render(content, os.path.join(self.dir, str(self.n)), script,
                      ["--config", self.conf, "--data", data], env)

    def value_box(self, field):
        """Where the clock screen shows field's value (day ... minute)."""
        plus = next(t for t in self.clock[1]["targets"] if t["id"] == "clock-%s-plus" % field)
        for t in self.clock_values:
            if plus["x"] <= t["x"] + t["w"] // 2 <= plus["x"] + plus["w"]:
                return (plus["x"], t["y"], plus["x"] + plus["w"], t["y"] + t["h"])
        raise KeyError(field)

    def export_notice(self, day, stick_tree):
        """The notice a stick asking for the usage figures gets on day."""
        tree = os.path.join(self.dir, "export-stick")
        shutil.rmtree(tree, ignore_errors=True)
        shutil.copytree(stick_tree, tree)
        return self.step("usb %s\nwait 3000\nshot exported\n" % tree, {"KIOSK_TODAY": day})["exported"]


def tap_changes(vm, xy, box, name, tries=3):
    """Taps until what box shows changes (a tap lost under TCG is given
    again; one read twice would change it twice, which the caller judges)."""
    before = vm.screen().crop(box)
    for _ in range(tries):
        vm.tap(*xy)
        t0 = time.time()
        while time.time() - t0 < 20 * SLOW:
            time.sleep(1)
            if differs(vm.screen().crop(box), before) > 0.02:
                vm.screen(name)
                return True
    vm.screen(name + "-unchanged")
    return False


def guest_clock(vm):
    """The guest's clock less this machine's (seconds), and its local hour."""
    rc, out = guest(vm, "date '+%s %H'")
    here = time.time()
    secs, hour = out.split()[-2:]
    return int(secs) - here, int(hour)


def type_pin(vm, refs):
    """Taps each digit of the PIN until its dot shows (taps given back to
    back under TCG are at times lost). Returns whether each was typed
    once: a tap read twice shows a dot too many."""
    pad, typed = refs.pad, refs.typed
    for n, d in enumerate(SERVICE_PIN, 1):
        more = {k: typed[k][0] for k in range(n, len(typed))}
        for _ in range(3):
            vm.tap(*centre(pad[1], "service-digit-" + d))
            got, _ = wait_screen(vm, more, 15, "14-service-typed", box=refs.dots)
            if got is not None or not matches(vm.screen(), typed[n - 1][0], box=refs.dots):
                break
        if got != n:
            return False
    return True


def service_open(vm, refs, home_ref):
    """The corner held, the PIN typed and sent: the service screen. Returns
    (shown, attempts). A PIN not typed as it is (a digit read twice, or
    lost three times) is never sent: the pad is closed and all begun
    again, since five wrong PINs lock it for five minutes."""
    pad = refs.pad
    for attempt in range(1, 4):
        wake(vm, home_ref, "14-service-home-%d" % attempt)
        vm.press(CORNER[0], CORNER[1], HOLD_S)
        if not wait_screen(vm, {"pad": pad[0]}, 30, "14-service-pad")[0]:
            continue
        if not type_pin(vm, refs):
            tap_until(vm, centre(pad[1], "service-close"), {"home": home_ref}, "14-service-pad-closed")
            continue
        for _ in range(3):
            vm.tap(*centre(pad[1], "service-enter"))
            # The PIN's Argon2id hash (64 MiB, two passes) is checked on a
            # thread of its own: seconds under TCG.
            if wait_screen(vm, {"menu": refs.menu[0]}, 60, "14-service-menu", mask=refs.menu_mask)[0]:
                return True, attempt
            if not matches(vm.screen(), refs.typed[-1][0], box=refs.dots):
                return False, attempt
    return False, attempt


def service_clock(vm, refs):
    """Set the clock: an hour on (back at 23:00, where + would wrap to
    the same day's midnight), Save through timedated. Returns (ok, detail)."""
    if not tap_until(vm, centre(refs.menu[1], "service-clock"), {"clock": refs.clock[0]},
                     "15-service-clock", mask=refs.clock_mask):
        return False, "Set the clock did not open the clock screen (15-service-clock-timeout.png)"
    offset0, hour = guest_clock(vm)
    sign = -1 if hour == 23 else 1
    button = "clock-hour-%s" % ("minus" if sign < 0 else "plus")
    if not tap_changes(vm, centre(refs.clock[1], button), refs.value_box("hour"), "15-service-clock-hour"):
        return False, "%s did not change the hour shown (15-service-clock-hour-unchanged.png)" % button
    saved = None
    for _ in range(3):
        vm.tap(*centre(refs.clock[1], "clock-save"))
        saved, _ = wait_screen(vm, {"saved": refs.saved[0]}, 30, "15-service-clock-saved")
        if saved or not matches(vm.screen(), refs.clock[0], mask=refs.clock_mask):
            break
    offset1, _ = guest_clock(vm)
    moved = offset1 - offset0
    rc, said = guest(vm, "journalctl -b -u kiosk.service --no-pager -o cat | grep 'the clock' | tail -n 1")
    rc, td = guest(vm, "timedatectl show -p TimeUSec -p NTPSynchronized | tr '\\n' ' '; "
                       "journalctl -b -u systemd-timedated.service -u polkit.service --no-pager -o cat | "
                       "grep -iE 'time|polkit|denied|not authorized' | tail -n 3")
    log("clock set from the service screen: moved %+.0f s; timedatectl and the journal: %s" %
        (moved, " | ".join(td.splitlines())))
    expect = sign * 3600
    # The clock screen opens at the minute the kiosk believes; Save sets
    # that minute an hour on, so the clock moves by the hour less the time
    # the screen was open (taps under TCG: a few minutes at most).
    ok = bool(saved) and expect - 900 <= moved <= expect + 60
    detail = ("Set the clock: %s, Save: %s; the guest's clock moved %+.1f min (%+d expected, less the "
              "time the screen was open): %s" %
              (button, "\"The clock is set.\"" if saved else "the notice NOT shown "
               "(15-service-clock-saved-timeout.png)", moved / 60.0, sign * 60,
               said.splitlines()[-1] if said.strip() else "nothing in the kiosk's journal"))
    return ok, detail


def service_export(vm, refs, tmp, home_ref, topic_title):
    """A stick whose KIOSK folder holds EXPORT, plugged in writable: the
    kiosk hands its usage figures to the image's kiosk-export helper,
    which writes kiosk-usage-DAY.csv onto the stick (remounted read-write
    for the write); the file read back here with mtools must count the
    topic topic_title opened. Returns (ok, detail)."""
    import csv
    import io
    # Counts reach the SQLite file in a batch 30 s after the first.
    counted, _ = wait_guest(vm, "test -s /var/lib/kiosk/usage.sqlite", 60, step=2)
    tree = os.path.join(tmp, "sticks", "export")
    os.makedirs(os.path.join(tree, "KIOSK"), exist_ok=True)
    with open(os.path.join(tree, "KIOSK", "EXPORT"), "w") as f:
        f.write("")
    img = os.path.join(tmp, "export.img")
    make_fat(tree, img, 16)
    rc, day = guest(vm, "date +%F")
    day = day.split()[-1]
    notice = refs.export_notice(day, tree)
    wake(vm, home_ref, "16-service-export-home")
    plug_stick(vm, img, "export", writable=True)
    shown, secs = wait_screen(vm, {"notice": notice[0]}, 90, "16-service-export-notice", step=0.5)
    rc, said = guest(vm, "journalctl -b -u kiosk.service --no-pager -o cat | grep -i 'usage figures' | "
                         "tail -n 1")
    rc, helper = guest(vm, "journalctl -b -u 'kiosk-export@*' --no-pager -o cat | tail -n 2; "
                           "findmnt -no OPTIONS /media/usb")
    unplug_stick(vm, "export")
    gone, _ = wait_guest(vm, "! findmnt /media/usb", 30)
    name = "kiosk-usage-%s.csv" % day
    out = os.path.join(ART, name)
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    listing = subprocess.run(["mdir", "-b", "-i", img, "::/KIOSK"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, universal_newlines=True).stdout.split()
    got = subprocess.run(["mcopy", "-n", "-i", img, "::/KIOSK/" + name, out], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    data = b""
    if got:
        with open(out, "rb") as f:
            data = f.read()
    head = b"\xef\xbb\xbfdate,figure,article,topic,language,value\r\n"
    rows = []
    if data.startswith(head) and data.endswith(b"\r\n"):
        rows = list(csv.reader(io.StringIO(data[len(head):].decode("utf-8"), newline="")))
    well = bool(rows) and all(len(r) == 6 and r[0] == day for r in rows)
    opens = sum(int(r[5]) for r in rows if well and r[1] == "topic_opens" and r[3] == topic_title)
    figures = sorted({r[1] for r in rows if len(r) > 1})
    ok = bool(shown) and got and well and opens >= 1 and gone
    detail = ("export stick: %s; %s on the stick (%d bytes: %s, %d rows%s; '%s' opened: %d)%s; "
              "stick %s" %
              ("\"Usage figures saved\" shown after %.1f s" % secs if shown else
               "the notice NOT shown (16-service-export-notice-timeout.png)",
               name if got else "NO %s (the KIOSK folder holds %s)" % (name, " ".join(listing[-4:]) or "nothing"),
               len(data), "BOM, header, CRLF, six columns, the day" if well else "NOT the expected CSV",
               len(rows), ": " + ", ".join(figures) if figures else "", topic_title, opens,
               ("" if counted else "; no usage.sqlite in the data folder") +
               ("" if shown else "; the kiosk said: %s; the helper: %s" % (said, " | ".join(helper.splitlines()))),
               "unmounted on removal" if gone else "STILL MOUNTED"))
    if not wait_screen(vm, {"home": home_ref}, 60, "16-service-export-home-again")[0]:
        tap_until(vm, centre(notice[1], "close"), {"home": home_ref}, "16-service-export-home-again")
    return ok, detail


def service(vm, run, refs, tmp, home_ref, topic_xy, topic):
    """The service screen on the image: a visitor's topic opened first
    (for the usage figures), the PIN put in kiosk.conf, the corner held
    (QMP's button held down 6.5 s), the PIN typed at the pad's keys, the
    service screen matched with the reference outside its uptime, free
    storage and clock; Set the clock an hour on through systemd-timedated
    and the image's polkit rule, seen in the guest's clock; back on Home;
    then a stick asking for the usage figures, which the image's helper
    writes onto it, the topic's opening counted there."""
    t0 = time.time()
    topic_ref, topic_meta = topic
    bar_top = min(t["y"] for t in topic_meta["targets"] if t["id"] == "home") - 12
    wake(vm, home_ref, "14-service-visit-home")
    visited = tap_until(vm, topic_xy, {"topic": topic_ref}, "14-service-visit", box=(0, 0, W, bar_top))
    tap_until(vm, centre(topic_meta, "home"), {"home": home_ref}, "14-service-visit-home-again")
    if not visited:
        run.record("service", False, "the visitor's topic did not open (14-service-visit-timeout.png)")
        return
    # What the last stick came to, kept in DATA across the kiosk's restarts
    # (the stick cases ran before, kill and hang restarted it): noted. The
    # reference service screen is drawn from a fresh data folder, so it is
    # taken away, and the kiosk started again with the PIN.
    _, kept = guest(vm, "cat /var/lib/kiosk/service/last-import 2>/dev/null")
    rc, out = guest(vm, "cp /etc/kiosk/kiosk.conf {c} && printf '%s\\n' {line} >>{c} && chmod 644 {c} && "
                        "mount --bind {c} /etc/kiosk/kiosk.conf && "
                        "rm -f /var/lib/kiosk/service/last-import && systemctl restart kiosk.service && "
                        "grep -c '^service_pin = ' /proc/$(systemctl show -p MainPID --value kiosk)/root"
                        "/etc/kiosk/kiosk.conf".format(c=SERVICE_CONF, line=shlex.quote(refs.pin_line)),
                    timeout=240)
    if rc != 0:
        run.record("service", False, "the PIN could not be put in kiosk.conf: %s" % out[-300:])
        return
    if kept.strip():
        run.note("last-import", "the last stick's result kept across the kiosk's restarts: %s" %
                 kept.strip()[:160])
    wait_screen(vm, {"home": home_ref}, 120, "14-service-restarted")
    shown, attempts = service_open(vm, refs, home_ref)
    opened = time.time() - t0
    if not shown:
        run.record("service", False, "the service screen did not open (see 14-service-*-timeout.png)")
        tap_until(vm, centre(refs.pad[1], "service-close"), {"home": home_ref}, "14-service-home-again")
        return
    im = vm.screen()
    frac = differs(blank(im, refs.menu_mask), blank(refs.menu[0], refs.menu_mask))
    facts = " ".join(ocr(im.crop((0, 0, W // 2, H)), "14-service-menu-ocr").split())
    clock_ok, clock = service_clock(vm, refs)
    home = tap_until(vm, centre(refs.saved[1], "close"), {"home": home_ref}, "15-service-home-again")
    export_ok, export = service_export(vm, refs, tmp, home_ref, topic_meta["title"])
    run.record("service", clock_ok and bool(home) and export_ok,
               "corner held %.1f s, the PIN typed: the service screen after %.0f s (attempt %d), as the "
               "reference outside uptime, free storage and clock (%.1f %% of pixels differ), read as: "
               "%s; %s; %s; %s; %.0f s in all" %
               (HOLD_S, opened, attempts, 100 * frac, facts[:220], clock,
                "OK back to Home" if home else "Home NOT shown after the notice", export,
                time.time() - t0))


def power_cut(vm, run, tmp, disk, accel, image, old_ref, new_ref):
    ok, mount, note = plug_and_import(vm, run, image, "big", old_ref, "10-power-cut-stick")
    staged, _ = wait_guest(vm, "ls -d /var/lib/kiosk/staging-* >/dev/null 2>&1", 120, step=0.2)
    time.sleep(1.5)
    vm.screen("10-before-power-cut")
    save_journal(vm)
    vm.quit()  # QMP quit: the power is gone, nothing flushed
    vm2 = Vm(tmp, disk, "boot2", accel, "bios")
    try:
        which, secs = wait_screen(vm2, {"old": old_ref, "new": new_ref}, 600, "11-after-power-cut")
        fsck = "?"
        if vm2.shell.ready(60):
            rc, listing = guest(vm2, "ls -l /var/lib/kiosk /var/lib/kiosk/versions")
            log("data after the power cut:\n" + listing)
            rc, fsck = guest(vm2, "journalctl -b -u systemd-fsck* --no-pager -o cat | tail -n 5")
        save_journal(vm2)
        run.record("power-cut", staged and which is not None,
                   "cut %s; after reboot the %s content is shown (%s)%s" %
                   ("mid-copy" if staged else "BEFORE THE COPY STARTED", which or "NO",
                    " ".join(fsck.split())[:160], note))
    finally:
        vm2.quit()


if __name__ == "__main__":
    sys.exit(main())
