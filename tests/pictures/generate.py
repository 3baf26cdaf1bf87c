#!/usr/bin/env python3
"""Test pictures as phones and designers make them, generated (never
committed as binaries) from one upright drawing, portrait like a photo
taken with a phone held upright (whose sensor stores it landscape, with
Orientation 6):

  upright.png          the reference: how every picture below must look
  o1.jpg .. o8.jpg     the drawing stored turned or mirrored, with the EXIF
                       Orientation (1-8) that turns it back (PIL's EXIF, in
                       Intel byte order, after a JFIF APP0)
  o6-mm.jpg, o8-mm.jpg the same in Motorola byte order, EXIF first, as
                       phones write it
  cmyk.jpg             CMYK as PIL (libjpeg) writes it: Adobe APP14,
                       inks inverted
  ycck.jpg             CMYK in YCCK, Adobe APP14 transform 2, as Photoshop
                       writes it (through tests/pictures/ycck.c)
  anim.gif, anim.webp  animations whose first frame is the drawing and
                       whose later frames are not
  interlaced.gif       the drawing as an interlaced GIF
  progressive.jpg      the drawing as a progressive JPEG
  photo.webp           the drawing as a (lossy) WebP
  small.png            a small copy, shown larger than it is

usage: generate.py OUT [YCCK_TOOL]
"""
import os
import struct
import subprocess
import sys
import tempfile
from io import BytesIO

from PIL import Image, ImageDraw, ImageOps

W, H = 1200, 1600

# How to store the upright drawing so that applying orientation o shows it
# upright again: the inverse of what o asks for (2-5 and 7 are their own
# inverses; 6 and 8 are each other's).
STORE = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def upright(w=W, h=H):
    """A drawing that looks different every way it is turned or mirrored,
    in broad areas of colour that survive JPEG and scaling: a gradient,
    a dark bar along the top, a block at the left, a disc low right."""
    across = Image.linear_gradient("L").transpose(Image.Transpose.ROTATE_90).resize((w, h))
    down = Image.linear_gradient("L").resize((w, h))
    im = Image.merge("RGB", (across.point(lambda v: 40 + 180 * v // 255),
                             down.point(lambda v: 60 + 150 * v // 255),
                             across.point(lambda v: 200 - 120 * v // 255)))
    d = ImageDraw.Draw(im)
    d.rectangle((0, 0, w - 1, h // 8), fill=(20, 20, 30))
    d.rectangle((w // 16, h // 4, w // 4, h * 3 // 4), fill=(250, 240, 60))
    d.ellipse((w * 5 // 8, h * 9 // 16, w * 7 // 8, h * 7 // 8), fill=(240, 250, 250))
    d.rectangle((w // 2, h // 3, w // 2 + w // 10, h // 3 + h // 20), fill=(200, 30, 40))
    return im


def exif_block(o, big):
    """An APP1 EXIF payload: IFD0 with Make and Orientation."""
    e = ">" if big else "<"
    head = (b"MM" if big else b"II") + struct.pack(e + "HI", 42, 8)
    entries = [struct.pack(e + "HHI", 0x010F, 2, 4) + b"cam\0",
               struct.pack(e + "HHIHH", 0x0112, 3, 1, o, 0)]
    ifd = struct.pack(e + "H", len(entries)) + b"".join(entries) + struct.pack(e + "I", 0)
    return b"Exif\0\0" + head + ifd


def jpeg_bytes(im, **kw):
    buf = BytesIO()
    im.save(buf, "JPEG", quality=92, **kw)
    return buf.getvalue()


def with_app1_first(jpeg, payload):
    """The JPEG with an APP1 segment right after SOI, as phones write it."""
    seg = b"\xFF\xE1" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + seg + jpeg[2:]


def oriented(im, o):
    return im if STORE[o] is None else im.transpose(STORE[o])


def write_oriented(out, im):
    for o in range(1, 9):
        exif = Image.Exif()
        exif[0x0112] = o
        with open(os.path.join(out, f"o{o}.jpg"), "wb") as f:
            f.write(jpeg_bytes(oriented(im, o), exif=exif.tobytes()))
    for o in (6, 8):
        data = with_app1_first(jpeg_bytes(oriented(im, o)), exif_block(o, True))
        with open(os.path.join(out, f"o{o}-mm.jpg"), "wb") as f:
            f.write(data)
    # What PIL makes of them is the upright drawing: the files are right.
    for name in [f"o{o}.jpg" for o in range(1, 9)] + ["o6-mm.jpg", "o8-mm.jpg"]:
        with Image.open(os.path.join(out, name)) as f:
            shown = ImageOps.exif_transpose(f).convert("RGB")
            assert shown.size == im.size, name
            small = shown.resize((30, 40), Image.Resampling.BOX)
            ref = im.resize((30, 40), Image.Resampling.BOX)
            worst = max(abs(a - b) for p, q in zip(small.getdata(), ref.getdata())
                        for a, b in zip(p, q))
            assert worst < 40, f"{name}: PIL shows it {worst} off upright"


def write_cmyk(out, im, ycck_tool):
    cmyk = im.convert("CMYK")
    cmyk.save(os.path.join(out, "cmyk.jpg"), "JPEG", quality=92)
    if not ycck_tool:
        return
    with tempfile.NamedTemporaryFile(suffix=".cmyk") as raw:
        raw.write(f"{cmyk.size[0]} {cmyk.size[1]}\n".encode() + cmyk.tobytes())
        raw.flush()
        subprocess.run([ycck_tool, raw.name, os.path.join(out, "ycck.jpg")], check=True)
    with open(os.path.join(out, "ycck.jpg"), "rb") as f:
        data = f.read()
    # APP14: "Adobe", version, two flag words, then the colour transform.
    adobe = data.find(b"Adobe")
    assert adobe > 0 and data[adobe - 4:adobe - 2] == b"\xFF\xEE" and data[adobe + 11] == 2, \
        "ycck.jpg: Adobe APP14 with transform 2"


def write_animations(out, im):
    first = im.resize((300, 400), Image.Resampling.BOX)
    later = [ImageOps.invert(first), first.transpose(Image.Transpose.ROTATE_180)]
    first.save(os.path.join(out, "anim.webp"), save_all=True, append_images=later,
               duration=200, loop=0, lossless=True)
    frames = [f.quantize(colors=64, method=Image.Quantize.MEDIANCUT) for f in [first] + later]
    frames[0].save(os.path.join(out, "anim.gif"), save_all=True, append_images=frames[1:],
                   duration=200, loop=0)
    first.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(
        os.path.join(out, "interlaced.gif"), interlace=True)
    with Image.open(os.path.join(out, "anim.webp")) as f:
        assert getattr(f, "n_frames", 1) == 3, "anim.webp is animated"
    with Image.open(os.path.join(out, "anim.gif")) as f:
        assert getattr(f, "n_frames", 1) == 3, "anim.gif is animated"


def generate(out, ycck_tool=None):
    os.makedirs(out, exist_ok=True)
    im = upright()
    im.save(os.path.join(out, "upright.png"))
    write_oriented(out, im)
    write_cmyk(out, im, ycck_tool)
    write_animations(out, im)
    im.save(os.path.join(out, "progressive.jpg"), "JPEG", quality=92, progressive=True)
    im.save(os.path.join(out, "photo.webp"), "WEBP", quality=90)
    im.resize((120, 160), Image.Resampling.BOX).save(os.path.join(out, "small.png"))
    return im


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    generate(sys.argv[1], sys.argv[2] if len(sys.argv) == 3 else None)
