#!/usr/bin/env python3
"""Leaves on the image's root only the fonts FIRMWARE_FONTS asks for.

    fonts-keep.py ROOT REPORT WORD...

Runs in build-image.sh's customize step, after the font packages are
installed whole: every font file under ROOT/usr/share/fonts that no WORD
asks for is deleted (with the folders left empty), and REPORT lists what
each word kept and its size. A script word no font answers to stops the
build, naming the scripts there are. The words are build-image.sh's
(latin, cjk, emoji, scripts, or a Noto Sans script's name).
"""

import os
import re
import sys

FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".pfb", ".pfa", ".pcf.gz", ".woff", ".woff2")
DEJAVU = "truetype/dejavu/"
NOTO = "truetype/noto/"
# The four faces the kiosk draws with (platform/display/fonts.c).
LATIN = {DEJAVU + f for f in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
                              "DejaVuSans-BoldOblique.ttf")}
CJK = {"opentype/noto/NotoSansCJK-Regular.ttc"}
EMOJI = {NOTO + "NotoColorEmoji.ttf"}
# A script's own Noto Sans, regular and bold: not the UI (tighter), Display
# or Mono variants, nor Noto Sans itself (Latin, Greek, Cyrillic: DejaVu's).
SCRIPT_FACE = re.compile(r"^NotoSans([A-Za-z0-9]+)-(Regular|Bold)\.ttf$")


def script_faces(present):
    """Script name (lower case) -> its files among present."""
    faces = {}
    for rel in present:
        if not rel.startswith(NOTO):
            continue
        m = SCRIPT_FACE.match(rel[len(NOTO):])
        if not m or m.group(1).endswith("UI") or m.group(1) in ("Display", "Mono"):
            continue
        faces.setdefault(m.group(1).lower(), set()).add(rel)
    return faces


def main():
    root, report, words = sys.argv[1], sys.argv[2], sys.argv[3:]
    top = os.path.join(root, "usr", "share", "fonts")
    present = set()
    for d, _, files in os.walk(top):
        for f in files:
            if f.endswith(FONT_SUFFIXES):
                present.add(os.path.relpath(os.path.join(d, f), top))
    faces = script_faces(present)
    keep = {}
    for w in words:
        if w == "latin":
            want = LATIN
        elif w == "cjk":
            want = CJK
        elif w == "emoji":
            want = EMOJI
        elif w == "scripts":
            want = set().union(*faces.values()) if faces else set()
        else:
            want = faces.get(w, set())
            if not want:
                sys.stderr.write("build-image: FIRMWARE_FONTS: no Noto Sans font for '%s'; the scripts "
                                 "are: %s\n" % (w, " ".join(sorted(faces)) or "(fonts-noto-core missing)"))
                return 1
        missing = sorted(want - present)
        if missing:
            sys.stderr.write("build-image: FIRMWARE_FONTS %s: %s not installed\n" % (w, ", ".join(missing)))
            return 1
        keep[w] = sorted(want)
    kept = set().union(*keep.values())
    for rel in present - kept:
        os.unlink(os.path.join(top, rel))
    for d, subdirs, files in os.walk(top, topdown=False):
        if d != top and not os.listdir(d):
            os.rmdir(d)
    with open(report, "w") as out:
        for w in words:
            size = sum(os.path.getsize(os.path.join(top, rel)) for rel in keep[w])
            out.write("%-10s %10d bytes  %s\n" % (w, size, " ".join(os.path.basename(r) for r in keep[w])))
        total = sum(os.path.getsize(os.path.join(top, rel)) for rel in kept)
        out.write("%-10s %10d bytes  %d files under /usr/share/fonts\n" % ("total", total, len(kept)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
