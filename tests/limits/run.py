#!/usr/bin/env python3
"""One limit, one verdict: every length and size limit a package meets is
walked at N-1, N and N+1 through every part of the kiosk that enforces it,
and all of them must agree: N-1 and N are taken, N+1 is refused, and never
silently cut short or left out.

The parts:
  check   `kiosk check DIR`
  import  `kiosk import DIR --data DATA` (a fresh data folder)
  sign    `kiosk sign DIR --key K --for SITE` (on a copy)
  load    `kiosk render --content DIR`: the loader; the content must load,
          a picture must be on Home (in the shot's JSON), and kiosk.conf's
          text_scale must be applied
  live    the running kiosk (`kiosk render --data DATA` with a script
          `usb DIR`): "Content updated", or the content refused

The loader does not walk the whole folder, so the limits of the package as
a whole (how many files, how many bytes) have no "load" column; the live
kiosk checks them before anything is loaded.

The kiosk's own settings (--config) lower the picture, file and package
limits where the defaults would make the packages needlessly large; the
article, settings-file, path and depth limits are walked at their real
values.

usage: run.py build/kiosk
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import traceback
import zipfile
import zlib

KIOSK = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/kiosk")
MIB = 1024 * 1024

# The kiosk's limits, as core/package/pkg.h and core/settings/config.h
# define them, and those the kiosk's settings lower for one walk.
PATH_MAX = 1024
DEPTH_MAX = 16
CONF_MAX = 64 * 1024
ARTICLE_MAX = 1 * MIB
IMAGE_MAX = 1 * MIB  # max_image_mb = 1
SIDE_MAX = 8192
PIXELS_MAX = 25 * 1000 * 1000  # max_image_megapixels = 25
FILES_MAX = 6  # max_files = 6
PACKAGE_MAX = 1 * MIB  # max_package_mb = 1
DOCX_MAX = 16 * MIB  # OPC_FILE_MAX, core/document/ooxml/opc.h

TMP = tempfile.mkdtemp(prefix="kiosk-limits-")
CONF = os.path.join(TMP, "kiosk.conf")
KEY = os.path.join(TMP, "clinic")
SITE = "riverside"


def run(*args, timeout=300):
    return subprocess.run([KIOSK, *args], capture_output=True, text=True, timeout=timeout,
                          errors="replace")


# ---- pictures, byte for byte ------------------------------------------------


def chunk(kind, data):
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png(w, h, size=None):
    """A grey w x h PNG (all one shade, so even 25 megapixels stay small),
    padded with a comment chunk to exactly size bytes when given."""
    z = zlib.compressobj(9)
    row = bytes(1 + w)
    idat = bytearray()
    for _ in range(h):
        idat += z.compress(row)
    idat += z.flush()
    head = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
    tail = chunk(b"IDAT", bytes(idat)) + chunk(b"IEND", b"")
    if size is None:
        return head + tail
    pad = size - len(head) - len(tail) - 12 - len(b"Comment\0")
    assert pad >= 0, "the picture is larger than asked"
    return head + chunk(b"tEXt", b"Comment\0" + b"x" * pad) + tail


# ---- packages ----------------------------------------------------------------


def article(picture=None, extra=""):
    lead = f"![A picture](<{picture}>)\n\n" if picture else ""
    return f"# Limits\n\n{lead}An introduction.\n\n## One\n\nText.\n\n## Two\n\nMore.\n{extra}"


def package(name, files):
    """A stick root holding kiosk/ with files {relative path: bytes}."""
    root = os.path.join(TMP, name)
    shutil.rmtree(root, ignore_errors=True)
    for rel, data in files.items():
        p = os.path.join(root, "kiosk", rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data.encode() if isinstance(data, str) else data)
    return root


def long_path(total):
    """A picture path of exactly total bytes, in folders of 200 bytes."""
    parts = ["images"]
    while len("/".join(parts)) + 1 + 200 + 1 + 8 < total:
        parts.append("d" * 200)
    head = "/".join(parts) + "/"
    rel = head + "p" * (total - len(head) - 4) + ".png"
    assert len(rel.encode()) == total
    return rel


def deep_path(folders):
    return "/".join(["d"] * folders) + "/p.png"


# ---- the parts ---------------------------------------------------------------


def v_check(root):
    return run("check", root, "--config", CONF).returncode == 0


def v_import(root):
    data = tempfile.mkdtemp(dir=TMP)
    ok = run("import", root, "--data", data, "--config", CONF).returncode == 0
    shutil.rmtree(data)
    return ok


def v_sign(root):
    copy = root + "-signed"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy)
    ok = run("sign", copy, "--key", KEY + ".key", "--for", SITE, "--config", CONF).returncode == 0
    shutil.rmtree(copy)
    return ok


def shot(args, script=None, name="home"):
    out = tempfile.mkdtemp(dir=TMP)
    extra = []
    if script:
        path = os.path.join(out, "script.txt")
        with open(path, "w") as f:
            f.write(script)
        extra = ["--script", path]
    p = run("render", "--out", out, "--config", CONF, *args, *extra)
    doc = None
    if p.returncode == 0 and os.path.exists(os.path.join(out, name + ".json")):
        with open(os.path.join(out, name + ".json")) as f:
            doc = json.load(f)
    shutil.rmtree(out)
    return doc


def v_load(root, probe=None):
    doc = shot(["--content", root])
    return doc is not None and (probe is None or probe(doc))


def shows(picture):
    """The loader's verdict on a picture: on Home, in the shot's JSON."""
    return lambda doc: any(i["src"] == picture for i in doc["images"])


# Home's first tile at the default text size, measured in setup().
BASE_TILE_H = None


def first_tile(doc):
    """Home's first topic tile (the bar's controls come before it)."""
    return next((t for t in doc["targets"] if t["id"].startswith("topic-")), None)


def scaled(doc):
    """The loader's verdict on kiosk.conf: its text_scale = 2.0 applied."""
    tile = first_tile(doc)
    return tile is not None and tile["h"] > BASE_TILE_H


def v_live(root):
    data = tempfile.mkdtemp(dir=TMP)
    # 5 s of virtual time copies 200 MB: the verdict is on screen.
    doc = shot(["--data", data], f"usb {root}\nwait 5000\nshot done\n", "done")
    shutil.rmtree(data)
    return doc is not None and doc["title"].startswith("Content updated")


PARTS = {"check": v_check, "import": v_import, "sign": v_sign, "load": v_load, "live": v_live}


# ---- the limits ----------------------------------------------------------------


def picture_limit(make):
    """For a limit on pictures: make(n) gives (picture path, picture bytes)."""
    def build(n):
        rel, data = make(n)
        return package(f"p{n}", {"article.md": article(rel), rel: data}), shows(rel)
    return build


def files_limit(n):
    # article.md, images/ and its picture, then notes up to n entries.
    files = {"article.md": article("images/a.png"), "images/a.png": png(4, 3)}
    for i in range(n - 3):
        files[f"images/note{i}.txt"] = "a note"
    return package(f"f{n}", files), None


def package_limit(n):
    base = article("images/a.png").encode()
    pic = png(4, 3)
    files = {"article.md": base, "images/a.png": pic,
             "notes.txt": b"x" * (n - len(base) - len(pic))}
    return package(f"b{n}", files), None


def conf_limit(n):
    good = "text_scale = 2.0\n"
    filler = "# " + "x" * 60 + "\n"
    text = good + filler * ((n - len(good) - 2) // len(filler))
    text += "#" * (n - len(text) - 1) + "\n"
    assert len(text) == n
    return package(f"c{n}", {"article.md": article(), "kiosk.conf": text}), scaled


def docx_bytes(n):
    """A Word document of exactly n bytes: a leaflet with a picture, and a
    stored (not deflated) part that pads it out."""
    from io import BytesIO
    W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pic = ('<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/'
           'drawingml/2006/wordprocessingDrawing"><wp:docPr id="1" name="P" descr="A picture"/>'
           '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
           f'<a:graphicData><a:blip xmlns:r="{R}" r:embed="rId1"/></a:graphicData></a:graphic>'
           '</wp:inline></w:drawing></w:r></w:p>')
    body = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in ("Limits", "An introduction."))
    body = pic + body + '<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>One</w:t></w:r></w:p>'
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.'
                               'org/package/2006/content-types"/>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                       'relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.'
                       'org/officeDocument/2006/relationships/officeDocument" '
                       'Target="word/document.xml"/></Relationships>',
        "word/document.xml": f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>',
        "word/_rels/document.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/'
                                        'package/2006/relationships"><Relationship Id="rId1" '
                                        f'Type="{R}/image" Target="media/a.png"/></Relationships>',
        "word/media/a.png": png(4, 3),
    }

    def build(pad):
        buf = BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
            for name, data in parts.items():
                z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data)
            z.writestr(zipfile.ZipInfo("customXml/padding.bin", (2024, 1, 1, 0, 0, 0)),
                       b"\0" * pad)
        return buf.getvalue()
    data = build(0)
    data = build(n - len(data))
    assert len(data) == n
    return data


def docx_limit(n):
    rel = "limits.docx"
    return package(f"w{n}", {rel: docx_bytes(n)}), shows(rel + "/word/media/a.png")


def article_limit(n):
    text = article()
    text += "x" * (n - len(text) - 1) + "\n"
    assert len(text.encode()) == n
    return package(f"a{n}", {"article.md": text}), None


WHOLE = {k: v for k, v in PARTS.items() if k != "load"}
LIMITS = [
    # name, N, build(n) -> (root, picture or None), the parts, the settings
    ("path bytes", PATH_MAX, picture_limit(lambda n: (long_path(n), png(4, 3))), PARTS, ""),
    ("folder depth", DEPTH_MAX, picture_limit(lambda n: (deep_path(n), png(4, 3))), PARTS, ""),
    ("kiosk.conf bytes", CONF_MAX, conf_limit, PARTS, ""),
    ("article bytes", ARTICLE_MAX, article_limit, PARTS, ""),
    ("Word document bytes", DOCX_MAX, docx_limit, PARTS, ""),
    ("picture bytes", IMAGE_MAX, picture_limit(lambda n: ("images/big.png", png(64, 48, n))),
     PARTS, "max_image_mb = 1\n"),
    ("picture side", SIDE_MAX, picture_limit(lambda n: ("images/tall.png", png(1, n))), PARTS,
     ""),
    ("picture pixels", PIXELS_MAX,
     picture_limit(lambda n: ("images/wide.png", png(*{PIXELS_MAX - 1: (4999, 5001),
                                                      PIXELS_MAX: (3125, 8000),
                                                      PIXELS_MAX + 1: (4901, 5101)}[n]))),
     PARTS, "max_image_megapixels = 25\n"),
    ("files and folders", FILES_MAX, files_limit, WHOLE, "max_files = 6\n"),
    ("package bytes", PACKAGE_MAX, package_limit, WHOLE, "max_package_mb = 1\n"),
]


def walk(name, limit, build, parts, settings):
    with open(CONF, "w") as f:
        f.write(settings)
    failures = []
    for n, want in ((limit - 1, True), (limit, True), (limit + 1, False)):
        root, probe = build(n)
        got = {}
        for part, fn in parts.items():
            got[part] = fn(root, probe) if part == "load" else fn(root)
        shutil.rmtree(root)
        row = "  ".join(f"{p} {'yes' if ok else 'no'}" for p, ok in got.items())
        print(f"     {name} at {n}: {row}")
        wrong = [p for p, ok in got.items() if ok != want]
        if wrong:
            failures.append(f"{name} at {n} should be {'taken' if want else 'refused'} "
                            f"everywhere; wrong: {', '.join(wrong)}")
    return failures


def setup():
    global BASE_TILE_H
    open(CONF, "w").close()
    doc = shot(["--content", package("base", {"article.md": article()})])
    BASE_TILE_H = first_tile(doc)["h"]
    p = run("keygen", "--out", KEY, "--name", "Limits test")
    if p.returncode != 0:
        raise SystemExit(f"keygen failed: {p.stderr}")


def main():
    if not os.access(KIOSK, os.X_OK):
        print(f"limits: {KIOSK} is not built")
        return 1
    setup()
    passed = failed = 0
    for name, limit, build, parts, settings in LIMITS:
        try:
            failures = walk(name, limit, build, parts, settings)
        except Exception:
            traceback.print_exc(file=sys.stdout)
            failures = [f"{name}: the test itself failed"]
        if failures:
            failed += 1
            for f in failures:
                print(f"FAIL {f}")
        else:
            passed += 1
            print(f"ok   {name}: N-1 and N taken, N+1 refused, by {', '.join(parts)}")
    shutil.rmtree(TMP, ignore_errors=True)
    print(f"limits: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
