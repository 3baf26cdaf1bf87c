#!/usr/bin/env python3
"""Hostile-package suite: builds packages a careless or hostile stick could
carry, runs `kiosk check` on each and asserts the exact verdict (exit code),
the exact problem line that names the culprit, and that the check ends in
time (a FIFO, a decompression bomb or 3,000 nested folders must not hold it).

usage: hostile.py build/kiosk
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import traceback
import zlib
from io import BytesIO

from PIL import Image

KIOSK = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/kiosk")
HERE = os.path.dirname(os.path.abspath(__file__))
BUILTIN = os.path.join(HERE, "..", "..", "assets", "content")
NO_CONTENT = "This USB stick has no kiosk content"
OUTSIDE = "pictures must be inside the kiosk folder"
LINK = "this is a shortcut (a symbolic link); the kiosk accepts only real files and folders"

ARTICLE = """![A drawing of the lungs](images/lungs.png)

# Breathing Easy

How the lungs work, in a few short topics.

## The Airways

Air goes in through the nose and mouth.

## Looking After Them

Stop smoking, keep moving.
"""


# An empty settings file for every run (made in main).
EMPTY_CONF = None


# AddressSanitizer builds lift the children's memory limit (see sandbox.c).
SANITIZED = b"libasan" in subprocess.run(["ldd", KIOSK], capture_output=True).stdout


class Skip(Exception):
    pass


# ---- building packages ------------------------------------------------------


def png_bytes(w=4, h=3, color=(30, 120, 160)):
    buf = BytesIO()
    Image.new("RGB", (w, h), color).save(buf, "PNG")
    return buf.getvalue()


def jpeg_bytes(w=8, h=6, color=(200, 80, 40)):
    buf = BytesIO()
    Image.new("RGB", (w, h), color).save(buf, "JPEG", quality=90)
    return buf.getvalue()


def webp_bytes(w=8, h=6):
    buf = BytesIO()
    Image.new("RGB", (w, h), (10, 200, 90)).save(buf, "WEBP", lossless=True)
    return buf.getvalue()


def gif_bytes():
    buf = BytesIO()
    Image.new("P", (4, 4)).save(buf, "GIF")
    return buf.getvalue()


def chunk(kind, data):
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png_by_hand(w, h, rows, color_type=0):
    """A PNG written chunk by chunk: IHDR says w x h, IDAT holds the
    deflated rows given (which need not match), streamed so a huge picture
    of zeros costs little memory to build."""
    ihdr = struct.pack(">IIBBBBB", w, h, 8, color_type, 0, 0, 0)
    z = zlib.compressobj(9)
    idat = bytearray()
    for row in rows:
        idat += z.compress(row)
    idat += z.flush()
    sig = b"\x89PNG\r\n\x1a\n"
    return sig + chunk(b"IHDR", ihdr) + chunk(b"IDAT", bytes(idat)) + chunk(b"IEND", b"")


def zero_rows(w, h):
    row = bytes(1 + w)  # filter byte + one grey byte a pixel
    for _ in range(h):
        yield row


class Stick:
    """A temporary stick: root/ and its kiosk/ folder. Used as a context
    manager (`with Stick() as s:`), it is removed however the case ends."""

    def __init__(self, kiosk="kiosk"):
        self.tmp = tempfile.mkdtemp(prefix="kiosk-usb-")
        self.root = os.path.join(self.tmp, "stick")
        os.mkdir(self.root)
        self.pkg = os.path.join(self.root, kiosk) if kiosk else self.root
        if kiosk:
            os.mkdir(self.pkg)

    def path(self, rel):
        return os.path.join(self.pkg, rel)

    def write(self, rel, data):
        p = self.path(rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data.encode() if isinstance(data, str) else data)
        return p

    def standard(self, article=ARTICLE, image=None):
        """A good package: one article and the picture it shows."""
        self.write("article.md", article)
        self.write("images/lungs.png", png_bytes() if image is None else image)
        return self

    def cleanup(self):
        # GNU rm copes with trees deeper than Python's recursion limit.
        subprocess.run(["chmod", "-R", "u+rwx", self.tmp], stderr=subprocess.DEVNULL)
        subprocess.run(["rm", "-rf", self.tmp])

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.cleanup()
        return False


class Result:
    def __init__(self, rc, out, err, elapsed):
        self.rc, self.out, self.err, self.elapsed = rc, out, err, elapsed
        self.lines = [l for l in out.split("\n") if l]

    def __str__(self):
        return f"exit {self.rc} in {self.elapsed:.2f}s\n" + "\n".join(
            "    " + l for l in self.lines + (["stderr: " + self.err] if self.err else [])
        )


def check(target, *extra, timeout=30, user=None):
    args = [KIOSK, "check", target] + list(extra)
    # The machine's own /etc/kiosk/kiosk.conf must not change the limits.
    env = dict(os.environ, KIOSK_CONFIG=EMPTY_CONF)
    pre = None
    if user is not None:
        def pre():
            os.setgroups([])
            os.setgid(user)
            os.setuid(user)
    t0 = time.monotonic()
    p = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env,
                       preexec_fn=pre, errors="replace")
    return Result(p.returncode, p.stdout, p.stderr, time.monotonic() - t0)


def expect(res, rc, *lines, only=False, under=None):
    """Exit code rc, each line present exactly; only: nothing else."""
    if res.rc != rc:
        raise AssertionError(f"expected exit {rc}\n{res}")
    for want in lines:
        if want not in res.lines:
            raise AssertionError(f"missing line {want!r}\n{res}")
    if only and len(res.lines) != len(lines):
        raise AssertionError(f"expected only {list(lines)}\n{res}")
    if under is not None and res.elapsed >= under:
        raise AssertionError(f"took {res.elapsed:.2f}s, limit {under}s\n{res}")
    if res.err and "Sanitizer" in res.err:
        raise AssertionError(f"sanitizer report\n{res}")


def expect_ok(res, summary_start=None, under=None):
    expect(res, 0, under=under)
    last = res.lines[-1] if res.lines else ""
    if not last.startswith("OK: "):
        raise AssertionError(f"no summary line\n{res}")
    if summary_start and not last.startswith(summary_start):
        raise AssertionError(f"summary should start {summary_start!r}\n{res}")
    errors = [l for l in res.lines[:-1] if not l.startswith("warning: ")]
    if errors:
        raise AssertionError(f"problem lines on success\n{res}")


def summary_ok(res, articles=1, topics=2, images=1):
    def plural(n, word):
        return f"{n} {word}" + ("" if n == 1 else "s")
    expect_ok(res, "OK: " + ", ".join([plural(articles, "article"), plural(topics, "topic"),
                                       plural(images, "image")]))


# ---- the cases -----------------------------------------------------------------

CASES = []


def case(fn):
    CASES.append(fn)
    return fn


@case
def builtin_content():
    res = check(BUILTIN)
    expect_ok(res, "OK: 1 article, 8 topics, 3 images, ")
    if len(res.lines) != 1:
        raise AssertionError(f"the built-in content should be one line\n{res}")


@case
def builtin_as_stick():
    with Stick() as s:
        shutil.rmtree(s.pkg)
        shutil.copytree(BUILTIN, s.pkg)
        expect_ok(check(s.root), "OK: 1 article, 8 topics, 3 images, ")
        # The kiosk folder itself works as DIR too.
        expect_ok(check(s.pkg), "OK: 1 article, 8 topics, 3 images, ")


@case
def good_package():
    with Stick() as s:
        s.standard()
        summary_ok(check(s.root))


@case
def fat_upper_case_names():
    with Stick(kiosk="KIOSK") as s:
        s.write("ARTICLE.MD", ARTICLE)
        s.write("IMAGES/LUNGS.PNG", png_bytes())
        summary_ok(check(s.root))


@case
def no_kiosk_folder():
    with Stick(kiosk=None) as s:
        s.write("holiday.jpg", jpeg_bytes())
        s.write("notes/readme.txt", "hello")
        expect(check(s.root), 1, NO_CONTENT, only=True)


@case
def empty_stick():
    with Stick(kiosk=None) as s:
        expect(check(s.root), 1, NO_CONTENT, only=True)


@case
def no_articles():
    with Stick() as s:
        s.write("images/lungs.png", png_bytes())
        expect(check(s.root), 1, "there are no articles (.docx or .md files) in the kiosk folder")


@case
def empty_article():
    with Stick() as s:
        s.standard()
        s.write("article.md", "")
        expect(check(s.root), 1, "article.md: the article is empty")


@case
def blank_article():
    with Stick() as s:
        s.standard()
        s.write("article.md", "\ufeff  \n\n\t\n")
        expect(check(s.root), 1, "article.md: the article is empty")


@case
def invalid_utf8():
    with Stick() as s:
        s.standard()
        s.write("article.md", b"# Title\n\nGood line.\nCaf\xe9 in Latin-1.\n")
        expect(check(s.root), 1,
               "article.md: not plain UTF-8 text (line 4 has a character the kiosk cannot read)")


@case
def article_over_limit():
    with Stick() as s:
        s.standard()
        s.write("big.md", "# Big\n\n" + ("word " * 250000))  # about 1.2 MB
        expect(check(s.root), 1, "big.md: the article is too large (1.2 MB; at most 1 MB)")


@case
def article_just_over_limit():
    with Stick() as s:
        s.standard()
        s.write("big.md", "# Big\n\n" + "a" * (1024 * 1024 - 7 + 1))  # one byte over
        expect(check(s.root), 1, "big.md: the article is too large (more than 1 MB)")


@case
def symlink_to_passwd():
    with Stick() as s:
        s.standard(ARTICLE + "\n![Secrets](images/passwd.png)\n")
        os.symlink("/etc/passwd", s.path("images/passwd.png"))
        res = check(s.root)
        expect(res, 1, "images/passwd.png: " + LINK)
        if any("root:" in l for l in res.lines):
            raise AssertionError(f"the target was read\n{res}")


@case
def symlink_dir():
    with Stick() as s:
        s.write("article.md", ARTICLE)
        os.symlink("/etc", s.path("images"))
        res = check(s.root)
        expect(res, 1, "images: " + LINK)
        if any("missing" in l for l in res.lines):
            raise AssertionError(f"a picture behind the link reported twice\n{res}")


@case
def symlinked_kiosk_folder():
    with Stick(kiosk=None) as s:
        os.mkdir(os.path.join(s.tmp, "elsewhere"))
        os.symlink(os.path.join(s.tmp, "elsewhere"), os.path.join(s.root, "kiosk"))
        expect(check(s.root), 1, "kiosk: " + LINK, only=True)


@case
def dotdot_picture():
    with Stick() as s:
        s.standard(ARTICLE + "\n![Secret](../secret.png)\n")
        with open(os.path.join(s.root, "secret.png"), "wb") as f:
            f.write(png_bytes())
        expect(check(s.root), 1, f'article.md: picture "../secret.png": {OUTSIDE}')


@case
def dotdot_inside_path():
    with Stick() as s:
        s.standard(ARTICLE + "\n![Secret](images/../../secret.png)\n")
        expect(check(s.root), 1, f'article.md: picture "images/../../secret.png": {OUTSIDE}')


@case
def absolute_picture():
    with Stick() as s:
        s.standard(ARTICLE + "\n![Passwords](/etc/passwd)\n")
        expect(check(s.root), 1, f'article.md: picture "/etc/passwd": {OUTSIDE}')


@case
def web_picture():
    with Stick() as s:
        s.standard(ARTICLE + "\n![Remote](https://example.com/x.png)\n")
        expect(check(s.root), 1, 'article.md: picture "https://example.com/x.png": pictures from '
               f"the internet cannot be shown; {OUTSIDE}")


@case
def windows_path():
    with Stick() as s:
        s.standard(ARTICLE + "\n![Win](images\\lungs.png)\n\n![Drive](C:/pics/x.png)\n")
        res = check(s.root)
        # CommonMark takes "\l" as a literal backslash: the path keeps it.
        expect(res, 1, 'article.md: picture "images\\lungs.png": write / between folder names, '
               "not \\", f'article.md: picture "C:/pics/x.png": {OUTSIDE}')


@case
def dot_slash_picture():
    # "./" is where the article stands: the picture is found.
    with Stick() as s:
        s.standard(ARTICLE + "\n![Dot](./images/lungs.png)\n")
        summary_ok(check(s.root))


@case
def fifo_must_not_hang():
    with Stick() as s:
        s.standard(ARTICLE + "\n![Pipe](images/pipe.png)\n")
        os.mkfifo(s.path("images/pipe.png"))
        os.mkfifo(s.path("notes"))
        res = check(s.root, timeout=10)
        expect(res, 1, "images/pipe.png: not a real file (it is a pipe)",
               "notes: not a real file (it is a pipe)", under=10)


@case
def device_file():
    with Stick() as s:
        s.standard()
        try:
            os.mknod(s.path("images/null.png"), 0o600 | 0o020000, os.makedev(1, 3))
        except PermissionError:
            raise Skip("creating a device file needs root (CAP_MKNOD)")
        res = check(s.root, timeout=10)
        expect(res, 1, "images/null.png: not a real file (it is a device)", under=10)


@case
def hard_link():
    with Stick() as s:
        s.standard(ARTICLE + "\n![Twin](images/twin.png)\n")
        os.link(s.path("images/lungs.png"), s.path("images/twin.png"))
        msg = "this file is also stored under another name (a hard link); copy the file instead"
        expect(check(s.root), 1, "images/lungs.png: " + msg, "images/twin.png: " + msg)


@case
def missing_picture():
    with Stick() as s:
        s.write("article.md", ARTICLE)
        expect(check(s.root), 1, 'article.md: picture "images/lungs.png": the file is missing',
               only=True)


@case
def same_missing_picture_once():
    with Stick() as s:
        s.write("article.md", ARTICLE + "\n![Again](images/lungs.png)\n" * 20)
        expect(check(s.root), 1, 'article.md: picture "images/lungs.png": the file is missing',
               only=True)


@case
def many_missing_pictures_capped():
    with Stick() as s:
        s.standard(ARTICLE + "".join(f"\n![P{i}](images/p{i:03d}.png)\n" for i in range(80)))
        res = check(s.root)
        expect(res, 1, 'article.md: picture "images/p000.png": the file is missing',
               "article.md: and 30 more pictures with problems")
        if len(res.lines) != 51:
            raise AssertionError(f"expected 50 lines and a count\n{res}")


@case
def reference_amplification():
    # One 500 KB link target used 50,000 times: a 1 MB article that would
    # need 25 GB once every picture path is copied out.
    if SANITIZED:
        raise Skip("sanitizer builds run the parser without a memory limit")
    body = "# Amp\n\n## T\n\n" + "![x][r]\n\n" * 50000 + "\n[r]: " + "a" * 500000 + "\n"
    with Stick() as s:
        s.standard(body)
        res = check(s.root, timeout=30)
        expect(res, 1, "article.md: the kiosk could not check this article (it needed too much "
               "memory)", under=20)


@case
def picture_is_a_folder():
    with Stick() as s:
        s.standard(ARTICLE + "\n![Folder](images)\n")
        expect(check(s.root), 1, 'article.md: picture "images": this is a folder, not a picture')


@case
def truncated_png():
    data = png_bytes(64, 64, (1, 2, 3))
    with Stick() as s:
        s.standard(image=data[: len(data) // 2])
        expect(check(s.root), 1,
               "images/lungs.png: the picture is incomplete (the file ends too early)")


@case
def truncated_jpeg():
    img = Image.effect_noise((64, 64), 60).convert("RGB")
    buf = BytesIO()
    img.save(buf, "JPEG", quality=95)
    data = buf.getvalue()
    with Stick() as s:
        s.standard(image=data[: len(data) * 2 // 3])
        expect(check(s.root), 1,
               "images/lungs.png: the picture is incomplete (the file ends too early)")


@case
def zero_byte_png():
    with Stick() as s:
        s.standard(image=b"")
        expect(check(s.root), 1,
               "images/lungs.png: not a picture the kiosk can show (the file is empty)")


@case
def text_named_png():
    with Stick() as s:
        s.standard(image="This is not a picture, it is a note.\n")
        expect(check(s.root), 1,
               "images/lungs.png: not a picture the kiosk can show (the file is text)")


@case
def gif_named_png_passes():
    # Recognised by its bytes, as every picture is.
    with Stick() as s:
        s.standard(image=gif_bytes())
        summary_ok(check(s.root))


@case
def svg_refused():
    with Stick() as s:
        s.standard(ARTICLE + "\n![Drawing](images/drawing.svg)\n")
        s.write("images/drawing.svg", '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"'
                ' width="10" height="10"><rect width="10" height="10"/></svg>\n')
        expect(check(s.root), 1,
               "images/drawing.svg: not a picture the kiosk can show (an SVG drawing)")


@case
def jpeg_named_png_passes():
    with Stick() as s:
        s.standard(image=jpeg_bytes())
        summary_ok(check(s.root))


@case
def webp_passes():
    with Stick() as s:
        s.standard(ARTICLE.replace("images/lungs.png", "images/lungs.webp"))
        os.remove(s.path("images/lungs.png"))
        s.write("images/lungs.webp", webp_bytes())
        summary_ok(check(s.root))


def animation(fmt, **kw):
    frames = [Image.new("RGB", (40, 30), c) for c in ((200, 30, 30), (30, 200, 30), (30, 30, 200))]
    buf = BytesIO()
    frames[0].save(buf, fmt, save_all=True, append_images=frames[1:], duration=100, loop=0, **kw)
    return buf.getvalue()


def with_orientation(im, o, **kw):
    exif = Image.Exif()
    exif[0x0112] = o
    buf = BytesIO()
    im.save(buf, "JPEG", exif=exif.tobytes(), **kw)
    return buf.getvalue()


@case
def animated_gif_and_webp_pass():
    """Animations from phones and web pages show their first frame:
    accepted, both of them, and a GIF with its frames interlaced too."""
    with Stick() as s:
        s.standard(ARTICLE + "\n![Moving](images/moving.webp)\n\n![Waving](images/waving.gif)\n")
        s.write("images/moving.webp", animation("WEBP"))
        s.write("images/waving.gif", animation("GIF"))
        buf = BytesIO()
        Image.new("RGB", (64, 64), (9, 99, 199)).save(buf, "GIF", interlace=True)
        s.write("images/lungs.png", buf.getvalue())
        summary_ok(check(s.root), images=3)


@case
def cmyk_jpeg_passes():
    buf = BytesIO()
    Image.new("CMYK", (40, 30), (0, 200, 200, 0)).save(buf, "JPEG")
    with Stick() as s:
        s.standard(image=buf.getvalue())
        summary_ok(check(s.root))


@case
def truncated_gif():
    data = animation("GIF")
    with Stick() as s:
        s.standard(image=data[: len(data) * 2 // 3])
        expect(check(s.root), 1,
               "images/lungs.png: the picture is incomplete (the file ends too early)")


@case
def gif_frame_outside_its_screen():
    data = bytearray(gif_bytes())
    desc = data.index(b"\x2C\x00\x00\x00\x00\x04\x00\x04\x00")
    data[desc + 5] = 200  # a frame 200 wide on a 4-wide screen
    with Stick() as s:
        s.standard(image=bytes(data))
        expect(check(s.root), 1,
               "images/lungs.png: not a picture the kiosk can show (the picture's header is damaged)")


@case
def heic_keeps_its_plain_message():
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64)
    with Stick() as s:
        s.standard(image=heic)
        expect(check(s.root), 1,
               "images/lungs.png: not a picture the kiosk can show (a HEIC photo)")


@case
def turned_photo_judged_as_shown():
    """A photo stored 9000 x 10 with Orientation 6 is 10 x 9000 as shown:
    the limits say so in those words."""
    im = Image.new("RGB", (9000, 10), (120, 130, 140))
    with Stick() as s:
        s.standard(image=with_orientation(im, 6))
        expect(check(s.root), 1, "images/lungs.png: the picture is too large (10 x 9000 pixels; "
               "at most 8192 pixels a side)")


@case
def turned_photo_passes():
    with Stick() as s:
        s.standard(image=with_orientation(Image.new("RGB", (60, 40), (1, 2, 3)), 8))
        summary_ok(check(s.root))


@case
def progressive_jpeg_too_large_to_hold():
    """A progressive JPEG keeps every coefficient until its last scan: one
    of 6000 x 4000 would need more memory than the kiosk gives a picture,
    and is refused before any child decodes it, saying how to save it."""
    buf = BytesIO()
    Image.new("RGB", (6000, 4000), (90, 120, 150)).save(buf, "JPEG", progressive=True, quality=50)
    with Stick() as s:
        s.standard(image=buf.getvalue())
        expect(check(s.root), 1, "images/lungs.png: the picture is too large for the kiosk as a "
               "progressive JPEG (6000 x 4000 pixels; at most about 8.4 megapixels): save it as a "
               "standard (baseline) JPEG", under=5)


@case
def progressive_jpeg_passes():
    buf = BytesIO()
    Image.effect_noise((640, 480), 40).convert("RGB").save(buf, "JPEG", progressive=True)
    with Stick() as s:
        s.standard(image=buf.getvalue())
        summary_ok(check(s.root))


@case
def interlaced_png_too_large_to_hold():
    ihdr = struct.pack(">IIBBBBB", 5000, 4000, 8, 2, 0, 0, 1)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(bytes(100))) + \
        chunk(b"IEND", b"")
    with Stick() as s:
        s.standard(image=data)
        expect(check(s.root), 1, "images/lungs.png: the picture is too large for the kiosk as an "
               "interlaced PNG (5000 x 4000 pixels; at most about 6.3 megapixels): save it without "
               "interlacing", under=5)


@case
def lossless_webp_too_large_to_hold():
    buf = BytesIO()
    Image.new("RGB", (5000, 4000), (10, 200, 90)).save(buf, "WEBP", lossless=True)
    with Stick() as s:
        s.standard(ARTICLE.replace("images/lungs.png", "images/lungs.webp"))
        os.remove(s.path("images/lungs.png"))
        s.write("images/lungs.webp", buf.getvalue())
        res = check(s.root)
        expect(res, 1)
        ok = [l for l in res.lines if l.startswith("images/lungs.webp: the picture is too large for "
                                                    "the kiosk as a lossless WebP (5000 x 4000 pixels")]
        if not ok or not ok[0].endswith("to decode; at most 24 MB): save it as a JPEG or PNG"):
            raise AssertionError(f"no lossless WebP line\n{res}")


@case
def png_header_lies():
    # The header says 100 x 100; the data is one grey pixel.
    data = png_by_hand(100, 100, [b"\x00\x80"])
    with Stick() as s:
        s.standard(image=data)
        expect(check(s.root), 1, "images/lungs.png: the picture is damaged and cannot be shown")


@case
def png_damaged_data():
    data = bytearray(png_bytes(32, 32))
    idat = data.index(b"IDAT")
    for i in range(idat + 6, idat + 20):
        data[i] ^= 0x5A
    with Stick() as s:
        s.standard(image=bytes(data))
        expect(check(s.root), 1, "images/lungs.png: the picture is damaged and cannot be shown")


@case
def decompression_bomb_side():
    data = png_by_hand(20000, 20000, zero_rows(20000, 20000))
    with Stick() as s:
        s.standard(image=data)
        res = check(s.root, timeout=10)
        expect(res, 1, "images/lungs.png: the picture is too large (20000 x 20000 pixels; at "
               "most 8192 pixels a side)", under=5)


@case
def decompression_bomb_pixels():
    data = png_by_hand(8000, 8000, zero_rows(8000, 8000))
    with Stick() as s:
        s.standard(image=data)
        res = check(s.root, timeout=10)
        expect(res, 1, "images/lungs.png: the picture is too large (8000 x 8000 pixels, 64 "
               "megapixels; at most 40 megapixels)", under=5)


@case
def too_many_files():
    with Stick() as s:
        s.standard()
        for i in range(2001):
            s.write(f"images/many/{i:04d}.txt", "x")
        res = check(s.root, timeout=20)
        expect(res, 1, "the kiosk folder holds too many files (more than 2000 files and folders)")
        if res.lines[0] != "the kiosk folder holds too many files (more than 2000 files and " \
                           "folders)":
            raise AssertionError(f"the limit should come first\n{res}")


@case
def limits_from_kiosk_config():
    with Stick() as s:
        s.standard(image=png_bytes(20, 10))
        conf = os.path.join(s.tmp, "kiosk.conf")
        with open(conf, "w") as f:
            f.write("max_files = 2\n")
        expect(check(s.root, "--config", conf), 1,
               "the kiosk folder holds too many files (more than 2 files and folders)")
        with open(conf, "w") as f:
            f.write("max_image_side = 16\n")
        expect(check(s.root, "--config", conf), 1, "images/lungs.png: the picture is too large "
               "(20 x 10 pixels; at most 16 pixels a side)")


@case
def names_differ_only_by_case():
    with Stick() as s:
        s.standard()
        s.write("images/LUNGS.png", png_bytes())
        expect(check(s.root), 1, "images/lungs.png: the same name as images/LUNGS.png apart from "
               "capital letters (keep only one)")


@case
def folders_differ_only_by_case():
    with Stick() as s:
        s.standard()
        s.write("Images/other.png", png_bytes())
        expect(check(s.root), 1,
               "images: the same name as Images apart from capital letters (keep only one)")


@case
def two_kiosk_folders():
    with Stick() as s:
        s.standard()
        os.mkdir(os.path.join(s.root, "KIOSK"))
        expect(check(s.root), 1,
               "kiosk: the same name as KIOSK apart from capital letters (keep only one)",
               only=True)


@case
def conf_unknown_key():
    with Stick() as s:
        s.standard()
        s.write("kiosk.conf", "idle_timeout_s = 60\ncolour = blue\n")
        res = check(s.root)
        expect(res, 0, 'warning: kiosk.conf:2: unknown setting "colour"')
        summary_ok(res)


@case
def conf_bad_value():
    with Stick() as s:
        s.standard()
        s.write("kiosk.conf", "rotation = 45\n")
        res = check(s.root)
        expect(res, 0, 'warning: kiosk.conf:1: rotation must be 0, 90, 180 or 270 (got "45")')
        summary_ok(res)


@case
def conf_kiosk_only_keys():
    with Stick() as s:
        s.standard()
        s.write("KIOSK.CONF", "[kiosk]\nidle_timeout_s = 60\ndata_dir = /tmp/evil\n"
                "max_image_mb = 64\nUSB_DIRS = /\ntrusted_keys_dir = /tmp\n")
        expect(check(s.root), 1,
               "KIOSK.CONF:3: data_dir cannot be set from a USB stick",
               "KIOSK.CONF:4: max_image_mb cannot be set from a USB stick",
               "KIOSK.CONF:5: usb_dirs cannot be set from a USB stick",
               "KIOSK.CONF:6: trusted_keys_dir cannot be set from a USB stick", only=True)


@case
def conf_binary_garbage():
    with Stick() as s:
        s.standard()
        s.write("kiosk.conf", bytes(range(256)) * 4)
        expect(check(s.root), 1, "kiosk.conf: the settings file is not plain text", only=True)


@case
def conf_good_passes():
    with Stick() as s:
        s.standard()
        s.write("kiosk.conf", "# for the waiting room\nidle_timeout_s = 60\ntext_scale = 1.25\n")
        s.write("kiosk.sig", b"\x00signature bytes\xff")
        summary_ok(check(s.root))


@case
def raw_html_passes():
    # Shown as text without its tags (warned about), never interpreted.
    with Stick() as s:
        s.standard(ARTICLE + "\n<script>alert('x')</script>\n"
                             "\n<div onclick=\"evil()\">**bold**</div>\n")
        res = check(s.root)
        summary_ok(res)
        expect(res, 0, "warning: article.md:15: what stands in <script> is left out")


@case
def deep_markdown_nesting():
    deep = ("> " * 3000 + "quoted\n\n" + "- " * 3000 + "listed\n\n" + "*" * 3000 + "x" +
            "*" * 3000 + "\n\n" + "[" * 3000 + "x" + "](y)" * 3000 + "\n")
    with Stick() as s:
        s.standard(ARTICLE + "\n" + deep)
        res = check(s.root, timeout=15)
        summary_ok(res)
        if res.elapsed >= 10:
            raise AssertionError(f"took too long\n{res}")


@case
def deep_folders():
    with Stick() as s:
        s.standard()
        fd = os.open(s.pkg, os.O_RDONLY)
        for _ in range(3000):
            os.mkdir("d", dir_fd=fd)
            nfd = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nfd
        os.close(fd)
        res = check(s.root, timeout=10)
        expect(res, 1, "/".join(["d"] * 17) + ": folders are nested too deeply (at most 16 levels)",
               only=True, under=10)


@case
def long_word_passes():
    with Stick() as s:
        s.standard(ARTICLE + "\n" + "x" * 10000 + "\n")
        summary_ok(check(s.root))


@case
def three_hundred_topics():
    body = "# Many\n\n![Lungs](images/lungs.png)\n\n" + "".join(
        f"## Topic {i}\n\nText {i}.\n\n" for i in range(300))
    with Stick() as s:
        s.standard(body)
        summary_ok(check(s.root), topics=300)


@case
def unused_picture_warns():
    with Stick() as s:
        s.standard()
        s.write("images/unused.png", png_bytes())
        s.write("notes.txt", "remember to update")
        s.write("more/extra.md", "# Extra\n")
        res = check(s.root)
        expect(res, 0, "warning: images/unused.png: not used by any article",
               "warning: notes.txt: not used by any article",
               "warning: more/extra.md: not shown (articles must be directly in the kiosk folder)")
        summary_ok(res)


@case
def clutter_ignored():
    with Stick() as s:
        s.standard()
        s.write(".DS_Store", b"\x00\x00\x00\x01Bud1")
        s.write("._article.md", b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
        s.write("Thumbs.db", b"\xd0\xcf\x11\xe0")
        s.write("System Volume Information/IndexerVolumeGuid", "{guid}")
        res = check(s.root)
        summary_ok(res)
        if len(res.lines) != 1:
            raise AssertionError(f"clutter should pass quietly\n{res}")


@case
def leftovers_not_counted():
    # Exactly max_files files and folders, and max_package bytes, of
    # content; the leftovers of other systems come on top and count for
    # nothing.
    with Stick() as s:
        s.standard()
        s.write("._article.md", b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X" * 1000)
        s.write(".Spotlight-V100/Store-V2/index", "x" * 5000)
        s.write(".fseventsd/fseventsd-uuid", "x")
        s.write("$RECYCLE.BIN/S-1-5-21/$I123", "x" * 5000)
        s.write("desktop.ini", "[.ShellClassInfo]\n")
        size = sum(os.path.getsize(s.path(p)) for p in ("article.md", "images/lungs.png"))
        conf = os.path.join(s.tmp, "kiosk.conf")
        with open(conf, "w") as f:
            f.write("max_files = 3\n")
        summary_ok(check(s.root, "--config", conf))
        with open(conf, "w") as f:
            f.write("max_files = 2\n")
        expect(check(s.root, "--config", conf), 1,
               "the kiosk folder holds too many files (more than 2 files and folders)")
        if size >= 1024 * 1024:
            raise AssertionError("the package should be under 1 MB")


@case
def control_character_name():
    with Stick() as s:
        s.standard()
        s.write("images/bad\x01name.png", png_bytes())
        expect(check(s.root), 1, "images/bad?name.png: the name contains control characters")


@case
def several_articles():
    with Stick() as s:
        s.standard()
        s.write("b-second.md", "# Second\n\n## One\n\nText.\n")
        s.write("a-first.MD", "# First\n\n## One\n\nText.\n\n## Two\n\n![Lungs](IMAGES/Lungs.PNG)\n")
        summary_ok(check(s.root), articles=3, topics=5, images=1)


@case
def dir_is_a_file():
    with Stick() as s:
        s.standard()
        target = s.path("article.md")
        expect(check(target), 1, target + ": this is a file, not a folder", only=True)


@case
def dir_is_missing():
    target = "/nonexistent/kiosk-usb-test"
    expect(check(target), 1, target + ": the folder cannot be found", only=True)


@case
def dir_is_unreadable():
    with Stick() as s:
        s.standard()
        os.chmod(s.tmp, 0o755)
        os.chmod(s.root, 0o000)
        if os.geteuid() == 0:
            res = check(s.root, user=65534)
        else:
            res = check(s.root)
        expect(res, 1, s.root + ": the folder cannot be read (permission denied)", only=True)


@case
def article_unreadable():
    if os.geteuid() != 0:
        raise Skip("needs root to run the check as another user")
    with Stick() as s:
        s.standard()
        os.chmod(s.tmp, 0o755)
        for d, _, files in os.walk(s.root):
            os.chmod(d, 0o755)
            for f in files:
                os.chmod(os.path.join(d, f), 0o644)
        os.chmod(s.path("article.md"), 0o000)
        res = check(s.root, user=65534)
        expect(res, 1, "article.md: the file cannot be read (Permission denied)")


@case
def conf_theme_invisible_button_labels():
    """Button labels in the buttons' own colour: readable text on the page,
    nothing to read on a single control. Refused, the pair named."""
    with Stick() as s:
        s.standard()
        s.write("kiosk.conf", "theme_accent = #1F6F78\ntheme_on_accent = #1F6F78\n")
        expect(check(s.root), 1,
               "kiosk.conf: theme_on_accent and theme_accent are too alike to read easily "
               "(contrast 1.0:1, at least 4.5:1 is needed)",
               "kiosk.conf: theme_on_accent and theme_pressed are too alike to read easily "
               "(contrast 1.7:1, at least 4.5:1 is needed)", only=True)


@case
def conf_dark_theme_passes():
    with Stick() as s:
        s.standard()
        s.write("kiosk.conf", "theme_background = #000000\ntheme_surface = #1A1A1A\n"
                "theme_text = #FFFFFF\ntheme_muted = #C8C8C8\ntheme_accent = #7FD4DC\n"
                "theme_on_accent = #000000\ntheme_pressed = #B8EEF2\ntheme_error = #FF8A80\n")
        summary_ok(check(s.root))


@case
def conf_as_staff_write_it_warns():
    """A section of another program, comments after values, a value the
    kiosk cannot use: each a warning naming its line, the package taken,
    as the README promises a bad setting keeps its default."""
    with Stick() as s:
        s.standard()
        s.write("kiosk.conf", "[display]\nbrightness = 80\n[kiosk]\nidle_timeout_s = 60 ; staff room\n"
                "rotate_interval_s = 20 # a bit slower\ntheme_accent = #1D4E89 # blue\n"
                "text_scale = big\n")
        res = check(s.root)
        expect(res, 0, "warning: kiosk.conf:1: unknown section [display]",
               'warning: kiosk.conf:7: text_scale must be a number from 0.75 to 2.0, such as 1.25 '
               '(got "big")')
        summary_ok(res)
        if len(res.lines) != 3:
            raise AssertionError(f"the commented lines should pass\n{res}")


@case
def html_picture_outside_refused():
    # <img> is a picture, under the same rules as any other.
    with Stick() as s:
        s.standard(ARTICLE + "\n<img src=\"/etc/passwd\">\n")
        expect(check(s.root), 1,
               'article.md: picture "/etc/passwd": pictures must be inside the kiosk folder')


# ---- running ---------------------------------------------------------------------


def main():
    global EMPTY_CONF
    if not os.access(KIOSK, os.X_OK):
        print(f"usb: {KIOSK} is not built")
        return 1
    conf_dir = tempfile.mkdtemp(prefix="kiosk-usb-conf-")
    EMPTY_CONF = os.path.join(conf_dir, "kiosk.conf")
    open(EMPTY_CONF, "w").close()
    # Readable by the unprivileged user some cases run the check as.
    os.chmod(conf_dir, 0o755)
    os.chmod(EMPTY_CONF, 0o644)
    passed = failed = skipped = 0
    for fn in CASES:
        name = fn.__name__
        try:
            fn()
        except Skip as e:
            skipped += 1
            print(f"skip {name}: {e}")
            continue
        except subprocess.TimeoutExpired as e:
            failed += 1
            print(f"FAIL {name}: the check did not finish within {e.timeout}s")
            continue
        except Exception:
            failed += 1
            print(f"FAIL {name}:")
            traceback.print_exc(file=sys.stdout)
            continue
        passed += 1
        print(f"ok   {name}")
    shutil.rmtree(conf_dir, ignore_errors=True)
    if skipped:
        print(f"usb: {skipped} skipped")
    print(f"usb: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
