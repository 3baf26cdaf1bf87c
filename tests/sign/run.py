#!/usr/bin/env python3
"""Signed content: keygen, sign, then every way a package can be refused,
each checked through `kiosk import` with require_signature on, with the
data folder compared byte for byte afterwards.

usage: run.py build/kiosk
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

KIOSK = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/kiosk")
HERE = os.path.dirname(os.path.abspath(__file__))
CONTENT = os.path.join(HERE, "../../assets/content")


def run(*args, ok=None):
    p = subprocess.run([KIOSK, *args], capture_output=True, text=True, timeout=120)
    if ok is not None and (p.returncode == 0) != ok:
        raise AssertionError(f"kiosk {' '.join(args)} exited {p.returncode}: {p.stdout}{p.stderr}")
    return p


def tree(path):
    state = {}
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            p = os.path.join(root, name)
            rel = os.path.relpath(p, path)
            if os.path.islink(p):
                state[rel] = ("link", os.readlink(p))
            elif os.path.isdir(p):
                state[rel] = ("dir",)
            else:
                with open(p, "rb") as f:
                    state[rel] = ("file", f.read())
    return state


class World:
    """A kiosk's settings and data folder, a trusted key, and a signer."""

    def __init__(self, site="riverside"):
        self.d = tempfile.mkdtemp(prefix="kiosk-sign-")
        self.trusted = os.path.join(self.d, "trusted.d")
        os.makedirs(self.trusted)
        self.data = os.path.join(self.d, "data")
        self.conf = os.path.join(self.d, "kiosk.conf")
        with open(self.conf, "w") as f:
            f.write(f"require_signature = yes\nsite = {site}\ntrusted_keys_dir = {self.trusted}\n")
        self.key = self.keygen("clinic", "Riverside Clinic front desk", trust=True)

    def keygen(self, name, human, trust):
        out = os.path.join(self.d, name)
        run("keygen", "--out", out, "--name", human, ok=True)
        if trust:
            shutil.copy(out + ".pub", self.trusted)
        return out

    def stick(self, name, topic=None):
        root = os.path.join(self.d, name)
        shutil.copytree(CONTENT, os.path.join(root, "kiosk"))
        if topic:
            with open(os.path.join(root, "kiosk", "article.md"), "a") as f:
                f.write(f"\n## {topic}\n\nNew.\n")
        return root

    def sign(self, stick, key=None, site="riverside", version=None):
        args = ["sign", stick, "--key", (key or self.key) + ".key", "--for", site]
        if version is not None:
            args += ["--version", str(version)]
        return run(*args, ok=True)

    def imp(self, stick):
        return run("import", stick, "--data", self.data, "--config", self.conf)

    def refused(self, stick, words):
        before = tree(self.data) if os.path.exists(self.data) else {}
        p = self.imp(stick)
        if p.returncode != 1:
            raise AssertionError(f"expected a refusal, got exit {p.returncode}: {p.stdout}{p.stderr}")
        out = p.stdout + p.stderr
        if words not in out:
            raise AssertionError(f"expected {words!r} in {out!r}")
        after = tree(self.data) if os.path.exists(self.data) else {}
        if after != before:
            raise AssertionError("the data folder changed")


def test_round_trip_and_floor_never_goes_down():
    w = World()
    s1 = w.stick("s1", "First")
    w.sign(s1, version=100)
    p = w.imp(s1)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "Riverside Clinic front desk" in p.stdout, p.stdout
    s2 = w.stick("s2", "Second")
    w.sign(s2, version=200)
    assert w.imp(s2).returncode == 0
    # A replayed old stick: version 100 after 200.
    w.refused(s1, "older than content already installed")
    # Even after the newer content is rolled back, the floor stays.
    with open(os.path.join(w.data, "version-floor")) as f:
        assert f.read().strip() == "200"


def test_unsigned_refused():
    w = World()
    w.refused(w.stick("s"), "not signed")


def test_untrusted_key_then_trusted():
    w = World()
    stranger = w.keygen("stranger", "Someone in the waiting room", trust=False)
    s = w.stick("s")
    w.sign(s, key=stranger)
    w.refused(s, "a key this kiosk does not trust")
    # Once staff add the key to the kiosk, the same stick verifies.
    shutil.copy(stranger + ".pub", w.trusted)
    assert w.imp(s).returncode == 0


def test_key_on_the_stick_is_not_trusted():
    w = World()
    stranger = w.keygen("stranger", "Impostor", trust=False)
    s = w.stick("s")
    shutil.copy(stranger + ".pub", os.path.join(s, "kiosk", "trusted.pub"))
    w.sign(s, key=stranger)
    w.refused(s, "does not trust")


def test_bad_signature():
    w = World()
    s = w.stick("s")
    w.sign(s)
    sig = os.path.join(s, "kiosk", "kiosk.sig")
    text = open(sig).read()
    i = text.index("\nsignature ") + len("\nsignature ")
    flipped = "0" if text[i] != "0" else "1"
    open(sig, "w").write(text[:i] + flipped + text[i + 1:])
    w.refused(s, "the signature does not match")


def test_manifest_edited_after_signing():
    w = World()
    s = w.stick("s")
    w.sign(s)
    sig = os.path.join(s, "kiosk", "kiosk.sig")
    text = open(sig).read().replace("site riverside", "site riversidf")
    open(sig, "w").write(text)
    w.refused(s, "the signature does not match")


def test_file_changed_added_removed():
    w = World()
    for what, words in (("changed", "changed after the content was signed"),
                        ("added", "added after the content was signed"),
                        ("removed", "removed after the content was signed")):
        s = w.stick("s-" + what)
        w.sign(s)
        k = os.path.join(s, "kiosk")
        if what == "changed":
            with open(os.path.join(k, "article.md"), "a") as f:
                f.write("\nA sentence slipped in.\n")
        elif what == "added":
            shutil.copy(os.path.join(k, "images", "brain-glutamate.png"), os.path.join(k, "images", "extra.png"))
        else:
            os.remove(os.path.join(k, "images", "physical-signs.png"))
        w.refused(s, words)


def test_same_size_change_caught():
    w = World()
    s = w.stick("s")
    w.sign(s)
    p = os.path.join(s, "kiosk", "article.md")
    data = bytearray(open(p, "rb").read())
    data[100] = ord("X") if data[100] != ord("X") else ord("Y")
    open(p, "wb").write(bytes(data))
    w.refused(s, "article.md: changed after the content was signed")


def test_other_site():
    w = World()
    s = w.stick("s")
    w.sign(s, site="hillside")
    w.refused(s, "for other kiosks")


def test_malformed_and_empty_signature_files():
    w = World()
    for name, text in (("empty", ""), ("garbage", "\x00\x01binary\xff"), ("cut", None)):
        s = w.stick("s-" + name)
        w.sign(s)
        sig = os.path.join(s, "kiosk", "kiosk.sig")
        if text is None:
            whole = open(sig).read()
            text = whole[: len(whole) // 2]
        with open(sig, "w", encoding="latin-1") as f:
            f.write(text)
        w.refused(s, "kiosk.sig")


def test_fat_style_upper_case_names_verify():
    w = World()
    s = w.stick("s")
    w.sign(s)
    # What a FAT stick shows: upper-case names for the same files.
    k = os.path.join(s, "kiosk")
    os.rename(os.path.join(k, "images"), os.path.join(k, "IMAGES"))
    for f in os.listdir(os.path.join(k, "IMAGES")):
        os.rename(os.path.join(k, "IMAGES", f), os.path.join(k, "IMAGES", f.upper()))
    os.rename(os.path.join(k, "article.md"), os.path.join(k, "ARTICLE.MD"))
    os.rename(os.path.join(k, "kiosk.sig"), os.path.join(k, "KIOSK.SIG"))
    os.rename(k, os.path.join(s, "KIOSK"))
    p = w.imp(s)
    assert p.returncode == 0, p.stdout + p.stderr


def test_check_reports_signature_with_pubkey():
    w = World()
    s = w.stick("s")
    w.sign(s)
    p = run("check", s, "--pubkey", w.key + ".pub", ok=True)
    assert "signed by Riverside Clinic front desk" in p.stdout, p.stdout
    p = run("check", s)
    assert "not verified" in p.stdout, p.stdout
    other = w.keygen("other", "Other", trust=False)
    p = run("check", s, "--pubkey", other + ".pub")
    assert p.returncode == 1 and "does not trust" in p.stdout, p.stdout


def test_sign_refuses_a_bad_package():
    w = World()
    s = w.stick("s")
    with open(os.path.join(s, "kiosk", "images", "broken.png"), "w") as f:
        f.write("not a picture")
    with open(os.path.join(s, "kiosk", "article.md"), "a") as f:
        f.write("\n![x](images/broken.png)\n")
    p = run("sign", s, "--key", w.key + ".key", "--for", "riverside")
    assert p.returncode == 1 and "images/broken.png" in p.stdout + p.stderr, p.stdout + p.stderr
    assert not os.path.exists(os.path.join(s, "kiosk", "kiosk.sig"))


def test_secret_key_mode():
    w = World()
    assert (os.stat(w.key + ".key").st_mode & 0o777) == 0o600


def test_signed_by_on_screen():
    w = World()
    s = w.stick("s", "Signed topic")
    w.sign(s)
    out = tempfile.mkdtemp()
    script = os.path.join(out, "s.txt")
    with open(script, "w") as f:
        f.write(f"usb {s}\nwait 2000\nshot done\n")
    p = subprocess.run([KIOSK, "render", "--out", out, "--script", script, "--data", w.data,
                        "--config", w.conf], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    import json
    done = json.load(open(os.path.join(out, "done.json")))
    assert done["title"].startswith("Content updated"), done
    assert "Signed by Riverside Clinic front desk" in done["detail"], done


def long_picture(stick, total):
    """Copies a picture to a path of exactly `total` bytes inside the
    package and shows it from the article; returns that path."""
    kiosk = os.path.join(stick, "kiosk")
    parts = ["images"] + ["d" * 200] * 4
    head = "/".join(parts) + "/"
    name = "p" * (total - len(head) - 4) + ".png"
    rel = head + name
    assert len(rel.encode()) == total
    os.makedirs(os.path.join(kiosk, head))
    shutil.copy(os.path.join(kiosk, "images", "physical-signs.png"), os.path.join(kiosk, rel))
    with open(os.path.join(kiosk, "article.md"), "a") as f:
        f.write(f"\n![Far down](<{rel}>)\n")
    return rel


def test_path_at_the_limit_is_signed_and_checked():
    """A path of exactly PKG_PATH_MAX bytes is accepted by check, listed by
    sign, and a picture swapped there after signing is refused."""
    w = World()
    s = w.stick("s")
    rel = long_picture(s, 1024)
    run("check", s, ok=True)
    w.sign(s)
    with open(os.path.join(s, "kiosk", "kiosk.sig")) as f:
        assert rel in f.read(), "sign left the longest path out"
    shutil.copy(os.path.join(s, "kiosk", "images", "brain-glutamate.png"),
                os.path.join(s, "kiosk", rel))
    w.refused(s, "changed after")


def test_path_over_the_limit_refused_everywhere():
    """One byte more: check, sign and import all refuse it, naming the path."""
    w = World()
    s = w.stick("s")
    long_picture(s, 1025)
    p = run("check", s, ok=False)
    assert "the path is too long" in p.stdout, p.stdout
    p = run("sign", s, "--key", w.key + ".key", "--for", "riverside", ok=False)
    assert "the path is too long" in p.stdout + p.stderr, p.stdout + p.stderr
    assert not os.path.exists(os.path.join(s, "kiosk", "kiosk.sig"))
    w.refused(s, "the path is too long")


def test_leftovers_neither_signed_nor_copied():
    """What macOS and Windows leave on a stick is not part of the package:
    sign leaves it out, more of it after signing changes nothing, and the
    kiosk does not copy it."""
    w = World()
    s = w.stick("s")
    k = os.path.join(s, "kiosk")
    for rel, data in ((".DS_Store", b"\0\0\0\1Bud1"), ("images/._lungs.png", b"Mac OS X"),
                      ("Thumbs.db", b"\xd0\xcf\x11\xe0"),
                      ("System Volume Information/IndexerVolumeGuid", b"{guid}")):
        os.makedirs(os.path.dirname(os.path.join(k, rel)), exist_ok=True)
        with open(os.path.join(k, rel), "wb") as f:
            f.write(data)
    w.sign(s)
    with open(os.path.join(k, "kiosk.sig")) as f:
        listed = [l.split(" ", 3)[3] for l in f.read().splitlines() if l.startswith("file ")]
    want = sorted(["article.md"] + ["images/" + n for n in os.listdir(os.path.join(CONTENT, "images"))])
    assert listed == want, listed
    os.makedirs(os.path.join(k, ".Trashes", "501"))
    with open(os.path.join(k, "desktop.ini"), "w") as f:
        f.write("[.ShellClassInfo]\n")
    p = w.imp(s)
    assert p.returncode == 0, p.stdout + p.stderr
    kept = tree(os.path.join(w.data, "current"))
    assert sorted(kept) == sorted(want + ["kiosk.sig", "images"]), sorted(kept)


def test_sign_never_writes_a_signature_the_kiosk_refuses():
    """A package whose file list would not fit in a kiosk.sig the kiosk
    reads (1 MiB) is refused by sign, saying why, instead of signed."""
    w = World()
    s = w.stick("s")
    d = os.path.join(s, "kiosk", "notes", *(["d" * 200] * 4))
    os.makedirs(d)
    for i in range(1100):
        with open(os.path.join(d, f"{i:04d}" + "n" * 180 + ".txt"), "w") as f:
            f.write("a note")
    p = run("sign", s, "--key", w.key + ".key", "--for", "riverside", ok=False)
    assert "more than one signature can hold" in p.stderr, p.stdout + p.stderr
    assert not os.path.exists(os.path.join(s, "kiosk", "kiosk.sig"))


def resign(w, stick, edit, key=None):
    """Edits the signed body of stick's kiosk.sig and signs it again with
    the key's secret (Ed25519, as libsodium does): what a signer with the
    key, but not the kiosk's tools, could make."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    with open((key or w.key) + ".key") as f:
        secret = [l.split(" ", 1)[1] for l in f.read().splitlines() if l.startswith("secret ")][0]
    sig = os.path.join(stick, "kiosk", "kiosk.sig")
    with open(sig) as f:
        text = f.read()
    body = edit(text[: text.rindex("signature ")])
    signed = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(secret)[:32]).sign(body.encode())
    with open(sig, "w") as f:
        f.write(body + "signature " + signed.hex() + "\n")


def set_line(word, value):
    return lambda body: "".join(f"{word} {value}\n" if l.startswith(word + " ") else l + "\n"
                                for l in body.splitlines())


YEAR = 365 * 24 * 60 * 60


def test_sign_and_keygen_refuse_what_the_kiosk_refuses():
    """Inputs the kiosk would refuse make no key and no signature: exit 2
    and nothing written."""
    w = World()
    s = w.stick("s")
    sig = os.path.join(s, "kiosk", "kiosk.sig")
    now = int(time.time())
    for version in ("18446744073709551615", "99999999999999999999", " -5", "-5", "5 ", "007",
                    "1e3", "", str(now + 2 * YEAR)):
        p = run("sign", s, "--key", w.key + ".key", "--for", "riverside", "--version", version)
        assert p.returncode == 2 and not os.path.exists(sig), (version, p.stdout + p.stderr)
    for site in ("river\tside", "x" * 128):
        p = run("sign", s, "--key", w.key + ".key", "--for", site)
        assert p.returncode == 2 and not os.path.exists(sig), (site, p.stdout + p.stderr)
    for name in (b"Front\tdesk", b"Caf\xe9 desk", b"x" * 128):
        out = os.path.join(w.d, "bad")
        p = subprocess.run([KIOSK, "keygen", "--out", out, "--name", name], capture_output=True)
        assert p.returncode == 2, (name, p.stdout + p.stderr)
        assert not os.path.exists(out + ".key") and not os.path.exists(out + ".pub"), name
    # At the limits themselves: a name and a site of 127 bytes, a version a
    # year ahead, all taken by the kiosk.
    key = w.keygen("longest", "n" * 127, trust=True)
    with open(w.conf, "a") as f:
        f.write("site = " + "s" * 127 + "\n")
    w.sign(s, key=key, site="s" * 127, version=now + YEAR - 60)
    p = w.imp(s)
    assert p.returncode == 0, p.stdout + p.stderr


def test_version_far_ahead_refused():
    """A version more than a year past the kiosk's clock and the signing
    time, made with the key but not by the kiosk's tools, is refused and
    the floor stays where it was; a year ahead is still taken."""
    w = World()
    now = int(time.time())
    s = w.stick("s")
    w.sign(s, version=100)
    resign(w, s, set_line("version", "9999999999999999999"))
    w.refused(s, "more than a year ahead")
    resign(w, s, set_line("version", str(now + YEAR + 3600)))
    w.refused(s, "more than a year ahead")
    assert not os.path.exists(os.path.join(w.data, "version-floor"))
    resign(w, s, set_line("version", str(now + YEAR - 3600)))
    p = w.imp(s)
    assert p.returncode == 0, p.stdout + p.stderr


def test_service_stick_resets_the_floor():
    """A kiosk locked out by a floor far ahead (left by a kiosk that once
    took such a version) takes content again after a service stick: signed
    by a trusted key with --reset-floor, it sets the floor to its own
    version. Only a trusted key's, only with the signed mark, only once."""
    w = World()
    os.makedirs(w.data)
    floor = os.path.join(w.data, "version-floor")
    with open(floor, "w") as f:
        f.write("9999999999999999999\n")
    everyday = w.stick("everyday", "Everyday")
    w.sign(everyday)
    w.refused(everyday, "older than content already installed")
    # A key the kiosk does not trust cannot reset anything.
    stranger = w.keygen("stranger", "Someone in the waiting room", trust=False)
    forged = w.stick("forged", "Service")
    run("sign", forged, "--key", stranger + ".key", "--for", "riverside", "--version", "5",
        "--reset-floor", ok=True)
    w.refused(forged, "does not trust")
    # The mark added to a signed kiosk.sig by hand breaks the signature.
    marked = w.stick("marked", "Service")
    w.sign(marked, version=5)
    sig = os.path.join(marked, "kiosk", "kiosk.sig")
    with open(sig) as f:
        text = f.read()
    i = text.index("\n", text.index("\ncreated ") + 1) + 1
    with open(sig, "w") as f:
        f.write(text[:i] + "reset-floor\n" + text[i:])
    w.refused(marked, "the signature does not match")
    # The service stick.
    service = w.stick("service", "Service")
    run("sign", service, "--key", w.key + ".key", "--for", "riverside", "--version", "5",
        "--reset-floor", ok=True)
    with open(os.path.join(service, "kiosk", "kiosk.sig")) as f:
        assert "\nreset-floor\n" in f.read()
    p = run("check", service, "--pubkey", w.key + ".pub", ok=True)
    assert "resetting the version floor" in p.stdout, p.stdout
    p = w.imp(service)
    assert p.returncode == 0 and "The version floor is now 5" in p.stdout, p.stdout + p.stderr
    with open(floor) as f:
        lines = f.read().splitlines()
    assert lines[0] == "5" and lines[1].startswith("reset "), lines
    # Everyday content goes in again and raises the floor as before.
    later = w.stick("later", "Later")
    w.sign(later, version=10)
    assert w.imp(later).returncode == 0
    with open(floor) as f:
        assert f.read().splitlines()[0] == "10"
    # The same service stick again would bring version 5 back: refused.
    w.refused(service, "already used")


def test_bad_byte_in_settings_keeps_signatures_on():
    """A Latin-1 letter in a comment of the kiosk's own kiosk.conf costs that
    line only: require_signature = yes still holds."""
    w = World()
    with open(w.conf, "rb") as f:
        text = f.read()
    with open(w.conf, "wb") as f:
        f.write(b"# R\xe9ception, salle d'attente\n" + text + b"theme_text = #1\xe9\n")
    p = w.imp(w.stick("s"))
    assert p.returncode == 1 and "not signed" in p.stdout + p.stderr, p.stdout + p.stderr
    assert ":1: this line is not UTF-8 text" in p.stderr, p.stderr


def test_unreadable_settings_fail_closed():
    """Settings over 64 KiB, or not a file at all, leave the defaults; with a
    key in the default trusted_keys_dir, signatures stay required and the
    kiosk still starts. /etc/kiosk is a tmpfs in a mount namespace of the
    test's own, so the machine's /etc is never touched."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        raise AssertionError("needs root and unshare(1) for a private /etc/kiosk")
    w = World()
    big = os.path.join(w.d, "big.conf")
    with open(big, "w") as f:
        f.write("# notes\n" * 9000 + "require_signature = no\n")
    stick = w.stick("s")
    pub = w.key + ".pub"
    out = os.path.join(w.d, "shots")
    script = f"""
set -e
mkdir -p /etc/kiosk 2>/dev/null || mount -t tmpfs tmpfs /etc
mount -t tmpfs tmpfs /etc/kiosk
mkdir /etc/kiosk/trusted.d
cp {pub} /etc/kiosk/trusted.d/
for conf in {big} {w.d}; do
  rc=0; {KIOSK} import {stick} --data {w.data} --config $conf || rc=$?
  echo "import-exit $rc"
done
{KIOSK} render --out {out} --config {big}
echo "render-exit $?"
"""
    had_etc_kiosk = os.path.exists("/etc/kiosk")
    p = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script],
                       capture_output=True, text=True, timeout=120)
    out_text = p.stdout + p.stderr
    assert p.returncode == 0, out_text
    assert out_text.count("import-exit 1") == 2, out_text
    assert out_text.count("not signed") >= 2, out_text
    assert "larger than 64 KiB" in out_text and "not a settings file" in out_text, out_text
    assert "signatures are required" in out_text, out_text
    assert "render-exit 0" in out_text and os.path.exists(os.path.join(out, "home.png")), out_text
    if not had_etc_kiosk and os.path.isdir("/etc/kiosk"):
        os.rmdir("/etc/kiosk")


def test_service_pin_only_from_a_signed_stick():
    """A signed stick's kiosk.conf may set the service PIN (its hash): kept
    as DATA/service/pin. An unsigned stick carrying one is refused whole
    and changes nothing, and so is one whose signature is not checked."""
    p = subprocess.run([KIOSK, "pin"], input="1357\n", capture_output=True, text=True)
    assert p.returncode == 0 and p.stdout.startswith("service_pin = $argon2id$"), p.stdout + p.stderr
    line = p.stdout
    w = World()
    s = w.stick("s")
    with open(os.path.join(s, "kiosk", "kiosk.conf"), "a") as f:
        f.write(line)
    w.sign(s)
    p = w.imp(s)
    assert p.returncode == 0, p.stdout + p.stderr
    with open(os.path.join(w.data, "service", "pin")) as f:
        assert f.read() == line.split(" = ", 1)[1], "the signed PIN is kept"
    # Unsigned, on the same kiosk: refused for the missing signature.
    u = w.stick("u", "Other")
    with open(os.path.join(u, "kiosk", "kiosk.conf"), "a") as f:
        f.write(line.replace("$argon2id$", "$argon2id$", 1))
    w.refused(u, "not signed")
    # A kiosk that does not check signatures: the PIN line refuses it.
    d = tempfile.mkdtemp(prefix="kiosk-sign-")
    conf = os.path.join(d, "kiosk.conf")
    with open(conf, "w") as f:
        f.write("require_signature = no\n")
    for stick in (u, s):
        p = run("import", stick, "--data", os.path.join(d, "data"), "--config", conf)
        assert p.returncode == 1 and "service_pin" in p.stdout + p.stderr, p.stdout + p.stderr
        assert not os.path.exists(os.path.join(d, "data", "service", "pin"))


def main():
    tests = [(n, f) for n, f in globals().items() if n.startswith("test_") and callable(f)]
    passed = failed = 0
    for name, fn in tests:
        try:
            fn()
            passed += 1
            print(f"ok   {name}")
        except Exception:
            failed += 1
            print(f"FAIL {name}")
            traceback.print_exc()
    print(f"sign: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
