#!/usr/bin/python3
"""Draws the three illustrations of the built-in article.

    /usr/bin/python3 tools/draw-illustrations.py [outdir]

Writes ketamine-overview.png (lead image, above the title), brain-glutamate.png
("How Ketamine Works") and physical-signs.png ("Physical Symptoms") into
outdir, by default assets/content/images/ beside this script's repository.

Needs only Debian's python3-pil. Every picture is drawn at twice its final
size and scaled down with LANCZOS, which gives smooth edges without any
anti-aliasing support in ImageDraw. Captions live in the article's alt text,
so the pictures hold no text. The output is deterministic: re-running the
script reproduces the committed files.
"""

import math
import os
import sys

from PIL import Image, ImageDraw, ImageFilter

W, H = 1200, 800  # final size
S = 2  # supersampling factor

# Palette: the kiosk theme's teal and slate, soft blues and greens, one warm
# accent used sparingly.
BG = (243, 247, 248)
TEAL = (10, 102, 112)
TEAL_MID = (46, 134, 140)
TEAL_SOFT = (126, 186, 184)
TEAL_PALE = (214, 236, 233)
SLATE = (28, 40, 48)
SLATE_SOFT = (74, 88, 98)
BLUE = (127, 172, 205)
BLUE_SOFT = (178, 207, 228)
BLUE_PALE = (222, 236, 245)
GREEN = (142, 196, 163)
GREEN_SOFT = (190, 224, 201)
GREEN_PALE = (226, 242, 232)
NIGHT = (44, 70, 94)
WARM = (233, 157, 86)
WARM_PALE = (248, 222, 178)
WHITE = (255, 255, 255)


class Pen:
    """ImageDraw in final-size coordinates, drawing at S times the size."""

    def __init__(self, img):
        self.img = img
        self.d = ImageDraw.Draw(img)

    @staticmethod
    def _p(pts):
        return [(x * S, y * S) for x, y in pts]

    def circle(self, cx, cy, r, fill):
        self.d.ellipse([(cx - r) * S, (cy - r) * S, (cx + r) * S, (cy + r) * S], fill=fill)

    def ellipse(self, cx, cy, rx, ry, fill):
        self.d.ellipse([(cx - rx) * S, (cy - ry) * S, (cx + rx) * S, (cy + ry) * S], fill=fill)

    def ring(self, cx, cy, r, width, fill):
        self.d.ellipse([(cx - r) * S, (cy - r) * S, (cx + r) * S, (cy + r) * S],
                       outline=fill, width=round(width * S))

    def poly(self, pts, fill):
        self.d.polygon(self._p(pts), fill=fill)

    def rrect(self, x0, y0, x1, y1, r, fill):
        self.d.rounded_rectangle([x0 * S, y0 * S, x1 * S, y1 * S], radius=r * S, fill=fill)

    def stroke(self, pts, width, fill):
        """A polyline with round joins and round caps."""
        # Each segment is its own quad and every vertex a disc, which joins
        # cleanly at any angle (ImageDraw's own wide-line joints leave notches).
        h = width / 2
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            length = math.hypot(x1 - x0, y1 - y0)
            if length == 0:
                continue
            nx, ny = -(y1 - y0) / length * h, (x1 - x0) / length * h
            self.poly([(x0 + nx, y0 + ny), (x1 + nx, y1 + ny),
                       (x1 - nx, y1 - ny), (x0 - nx, y0 - ny)], fill)
        for x, y in pts:
            self.circle(x, y, h, fill)

    def arc(self, cx, cy, r, a0, a1, width, fill):
        """An arc (degrees, clockwise from +x as in PIL) with round caps."""
        pts = [(cx + r * math.cos(math.radians(a)), cy + r * math.sin(math.radians(a)))
               for a in frange(a0, a1, 60)]
        self.stroke(pts, width, fill)


def frange(a, b, n):
    return [a + (b - a) * i / (n - 1) for i in range(n)]


def catmull(points, closed=True, steps=24):
    """A smooth curve through the given points (uniform Catmull-Rom spline)."""
    pts = list(points)
    n = len(pts)
    out = []
    rng = range(n) if closed else range(n - 1)
    for i in rng:
        p0 = pts[(i - 1) % n] if closed or i > 0 else pts[0]
        p1 = pts[i]
        p2 = pts[(i + 1) % n]
        p3 = pts[(i + 2) % n] if closed or i + 2 < n else pts[-1]
        for s in range(steps):
            t = s / steps
            t2, t3 = t * t, t * t * t
            out.append(tuple(
                0.5 * (2 * p1[k] + (-p0[k] + p2[k]) * t
                       + (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k]) * t2
                       + (-p0[k] + 3 * p1[k] - 3 * p2[k] + p3[k]) * t3)
                for k in (0, 1)))
    if not closed:
        out.append(pts[-1])
    return out


def canvas(bg=BG):
    return Image.new("RGBA", (W * S, H * S), bg + (255,))


def layer():
    return Image.new("RGBA", (W * S, H * S), (0, 0, 0, 0))


def shadow(img, draw_fn, blur=14, alpha=38, dx=0, dy=8):
    """Composites a soft shadow of whatever draw_fn(pen, colour) paints."""
    lay = layer()
    draw_fn(Pen(lay), SLATE + (alpha,))
    lay = lay.filter(ImageFilter.GaussianBlur(blur * S))
    shifted = layer()
    shifted.paste(lay, (round(dx * S), round(dy * S)))
    img.alpha_composite(shifted)


def shadow_of(img, lay, blur=14, alpha=38, dx=0, dy=8):
    """Composites a soft shadow of a layer's opaque parts, then the layer."""
    sil = Image.new("RGBA", lay.size, SLATE + (0,))
    sil.putalpha(lay.getchannel("A").point(lambda a: a * alpha // 255))
    sil = sil.filter(ImageFilter.GaussianBlur(blur * S))
    shifted = layer()
    shifted.paste(sil, (round(dx * S), round(dy * S)))
    img.alpha_composite(shifted)
    img.alpha_composite(lay)


def backdrop(pen, blobs):
    for cx, cy, r, col in blobs:
        pen.circle(cx, cy, r, col)


def save(img, path):
    small = img.resize((W, H), Image.LANCZOS).convert("RGB")
    small.save(path, optimize=True)
    if os.path.getsize(path) > 250 * 1024:
        small.quantize(colors=256, method=Image.MEDIANCUT, dither=Image.NONE).save(path, optimize=True)
    print(f"{path}: {os.path.getsize(path) // 1024} KB")


# --- Image3: lead image, a calm head with a brain and a medicine vial -------

def draw_overview(path):
    img = canvas()
    pen = Pen(img)
    backdrop(pen, [
        (510, 410, 330, BLUE_PALE),
        (960, 600, 190, GREEN_PALE),
        (1100, 150, 95, TEAL_PALE),
        (170, 690, 70, GREEN_PALE),
    ])

    # Head in profile, facing right; the neck runs off the bottom edge.
    head = catmull([
        (400, 860), (404, 700), (392, 640), (352, 590), (318, 510), (305, 410),
        (322, 310), (375, 226), (460, 172), (560, 156), (650, 178), (712, 232),
        (740, 300), (746, 360), (778, 428), (792, 466), (764, 482), (770, 508),
        (758, 524), (764, 548), (752, 584), (714, 602), (660, 612), (618, 650),
        (612, 860),
    ])
    shadow(img, lambda p, c: p.poly(head, c), blur=18, alpha=40, dx=10, dy=12)
    pen.poly(head, TEAL)

    # Brain: a lobed shape inside the skull; its folds are cut in the head's
    # own colour, the way flat icons draw them.
    cx, cy = 545, 305
    outline = []
    for i in range(36):
        t = 2 * math.pi * i / 36
        r = 1 + 0.035 * math.cos(9 * t)  # gentle lobes along the edge
        outline.append((cx + 165 * r * math.cos(t), cy + 112 * r * math.sin(t)))
    brain = catmull(outline)
    # Brain stem and cerebellum sit behind the brain's lower edge.
    pen.poly([(548, 400), (584, 400), (578, 488), (560, 488)], TEAL_SOFT)
    pen.ellipse(462, 408, 66, 42, TEAL_SOFT)
    pen.stroke([(420, 426), (500, 430)], 7, TEAL_MID)
    pen.poly(brain, TEAL_PALE)
    cut = TEAL
    w = 10
    pen.stroke(catmull([(575, 198), (560, 240), (574, 282), (556, 322)], closed=False), w, cut)
    pen.stroke(catmull([(660, 368), (600, 350), (540, 352), (490, 338)], closed=False), w, cut)
    pen.stroke(catmull([(640, 222), (618, 262), (640, 300)], closed=False), w, cut)
    pen.stroke(catmull([(488, 214), (508, 250), (484, 292)], closed=False), w, cut)
    pen.stroke(catmull([(412, 300), (440, 318), (432, 352)], closed=False), w, cut)
    pen.stroke(catmull([(680, 300), (666, 318)], closed=False), w, cut)
    pen.stroke(catmull([(556, 386), (600, 396)], closed=False), w, cut)

    # Medicine vial to the right, standing on a soft shadow.
    vx, vtop, vbot, vw = 960, 402, 672, 138
    pen.ellipse(vx, vbot + 6, 110, 16, (200, 216, 222))
    shadow(img, lambda p, c: p.rrect(vx - vw / 2, vtop, vx + vw / 2, vbot, 30, c),
           blur=12, alpha=30, dx=6, dy=8)
    pen.rrect(vx - vw / 2, vtop, vx + vw / 2, vbot, 30, (233, 243, 247))  # glass
    pen.rrect(vx - vw / 2 + 12, 520, vx + vw / 2 - 12, vbot - 12, 20, BLUE_SOFT)  # liquid
    pen.rrect(vx - vw / 2, 468, vx + vw / 2, 560, 6, WHITE)  # label
    pen.rrect(vx - vw / 2, 486, vx + vw / 2, 500, 0, TEAL_SOFT)  # label bands
    pen.rrect(vx - vw / 2, 528, vx + vw / 2, 542, 0, TEAL_SOFT)
    pen.rrect(vx - 50, 374, vx + 50, vtop + 6, 8, (200, 214, 220))  # neck
    pen.rrect(vx - 62, 322, vx + 62, 380, 14, SLATE_SOFT)  # cap
    pen.rrect(vx - 62, 322, vx + 62, 338, 8, WARM)  # cap rim: the warm accent
    pen.rrect(vx - vw / 2 + 16, 574, vx - vw / 2 + 28, vbot - 26, 6, (246, 250, 252))  # glint

    # Small clinical cross badge, top right.
    bx, by = 1050, 220
    shadow(img, lambda p, c: p.circle(bx, by, 58, c), blur=10, alpha=30, dy=6)
    pen.circle(bx, by, 58, WHITE)
    pen.rrect(bx - 13, by - 36, bx + 13, by + 36, 6, TEAL_MID)
    pen.rrect(bx - 36, by - 13, bx + 36, by + 13, 6, TEAL_MID)

    # A few floating dots for air.
    for x, y, r, c in ((250, 250, 10, BLUE_SOFT), (205, 330, 6, TEAL_SOFT),
                       (820, 250, 8, GREEN), (1090, 420, 7, BLUE_SOFT),
                       (300, 600, 7, GREEN)):
        pen.circle(x, y, r, c)
    save(img, path)


# --- Image1: a synapse, glutamate crossing from one nerve cell to the next --

def draw_synapse(path):
    img = canvas()
    pen = Pen(img)
    backdrop(pen, [
        (600, 400, 360, BLUE_PALE),
        (140, 130, 80, GREEN_PALE),
        (1090, 690, 90, TEAL_PALE),
    ])

    # Sending terminal: an axon from the left swelling into a round bouton
    # whose flattened right face is the membrane at the gap. Drawn on its own
    # layer so the fused vesicle can open through it into the gap.
    pre_layer = layer()
    lp = Pen(pre_layer)
    pre = catmull([
        (-40, 330), (120, 338), (230, 300), (330, 190), (440, 168), (520, 220),
        (556, 320), (564, 400), (556, 480), (520, 580), (440, 632), (330, 610),
        (230, 500), (120, 462), (-40, 470),
    ])
    lp.poly(pre, BLUE_SOFT)
    inner = catmull([
        (-40, 352), (120, 360), (236, 322), (334, 214), (436, 192), (502, 236),
        (534, 322), (542, 400), (534, 478), (502, 562), (436, 608), (334, 588),
        (236, 478), (120, 440), (-40, 448),
    ])
    lp.poly(inner, BLUE_PALE)

    # Vesicles holding glutamate.
    def vesicle(x, y, r=40):
        lp.circle(x, y, r, BLUE)
        lp.circle(x, y, r - 7, WHITE)
        for k in range(5):
            a = 2 * math.pi * k / 5 + 0.4
            lp.circle(x + (r - 20) * math.cos(a), y + (r - 20) * math.sin(a), 6, WARM)
    for x, y in ((300, 330), (400, 250), (410, 540), (300, 480), (215, 405)):
        vesicle(x, y)
    # One vesicle has fused with the membrane: its inside is now open to the
    # gap (punched out of the layer), and its glutamate is leaving.
    hole = (0, 0, 0, 0)
    lp.circle(508, 400, 44, BLUE)
    lp.circle(508, 400, 37, hole)
    lp.rrect(520, 382, 580, 418, 0, hole)
    lp.circle(553, 378, 11, BLUE_SOFT)  # round the cut membrane ends
    lp.circle(553, 422, 11, BLUE_SOFT)
    for x, y in ((494, 386), (496, 416), (522, 402)):
        lp.circle(x, y, 6, WARM)
    shadow_of(img, pre_layer, blur=16, alpha=34, dx=6, dy=10)

    # Receiving cell: a dendrite from the right, its left face covered in
    # receptors.
    post = catmull([
        (1260, 150), (980, 150), (780, 170), (690, 220), (656, 320), (650, 400),
        (656, 480), (690, 580), (780, 630), (980, 650), (1260, 650),
    ])
    shadow(img, lambda p, c: p.poly(post, c), blur=16, alpha=34, dx=6, dy=10)
    pen.poly(post, GREEN_SOFT)
    post_in = catmull([
        (1260, 172), (980, 172), (792, 192), (710, 238), (678, 326), (672, 400),
        (678, 474), (710, 562), (792, 608), (980, 628), (1260, 628),
    ])
    pen.poly(post_in, GREEN_PALE)

    # Receptors: teal proteins spanning the membrane with a channel through
    # them and lips facing the gap where glutamate binds. The middle one has
    # a ketamine molecule (slate) sitting in its channel, blocking it, which
    # is how ketamine acts on NMDA-type glutamate receptors.
    def receptor(y, bound=False, blocked=False):
        x0, x1 = 630, 716
        pen.rrect(x0, y - 46, x1, y + 46, 22, TEAL)
        pen.rrect(x0 - 10, y - 40, x0 + 22, y - 10, 12, TEAL_MID)  # lips
        pen.rrect(x0 - 10, y + 10, x0 + 22, y + 40, 12, TEAL_MID)
        pen.rrect(x0 - 12, y - 6, x1 + 4, y + 6, 6, GREEN_PALE)  # the channel
        if bound:
            pen.circle(x0 - 8, y, 12, WARM)
        if blocked:
            pen.poly([(x0 + 42, y - 15), (x0 + 58, y), (x0 + 42, y + 15), (x0 + 26, y)], SLATE)
    receptor(272, bound=True)
    receptor(400, bound=True, blocked=True)
    receptor(528)

    # Glutamate crossing the gap, fanning out from the open vesicle.
    for x, y, r in ((566, 392, 8), (584, 364, 9), (600, 318, 8), (578, 430, 8),
                    (596, 462, 9), (612, 510, 8), (560, 350, 6),
                    (562, 470, 6)):
        pen.circle(x, y, r, WARM)

    # Signal carried on into the receiving cell: soft rings.
    for r, c in ((46, GREEN), (82, GREEN_SOFT), (118, GREEN_SOFT)):
        pen.arc(740, 400, r, -40, 40, 8, c)
    save(img, path)


# --- Image2: three icon panels, appetite, sleep and coordination -----------

def draw_signs(path):
    img = canvas()
    pen = Pen(img)
    backdrop(pen, [
        (110, 110, 120, GREEN_PALE),
        (1120, 720, 150, BLUE_PALE),
    ])
    pw, ph, gap = 320, 420, 50
    x0 = (W - 3 * pw - 2 * gap) / 2
    y0 = (H - ph) / 2
    panels = [(x0 + i * (pw + gap), y0) for i in range(3)]
    for x, y in panels:
        shadow(img, lambda p, c, x=x, y=y: p.rrect(x, y, x + pw, y + ph, 34, c),
               blur=16, alpha=32, dy=10)
    for x, y in panels:
        pen.rrect(x, y, x + pw, y + ph, 34, WHITE)
    centres = [(x + pw / 2, y + ph / 2) for x, y in panels]

    # Appetite: a plate between a fork and a knife.
    cx, cy = centres[0]
    pen.circle(cx, cy, 128, GREEN_SOFT)
    pen.circle(cx, cy, 84, WHITE)
    pen.ring(cx, cy, 84, 5, (206, 222, 214))
    pen.circle(cx, cy, 56, (244, 249, 246))
    pen.ring(cx, cy, 56, 4, (220, 233, 226))
    fx = cx - 112  # fork
    pen.rrect(fx - 7, cy - 10, fx + 7, cy + 92, 7, TEAL)
    pen.rrect(fx - 22, cy - 30, fx + 22, cy - 4, 12, TEAL)
    for dx in (-18, 0, 18):
        pen.rrect(fx + dx - 4, cy - 88, fx + dx + 4, cy - 20, 4, TEAL)
    kx = cx + 112  # knife
    pen.rrect(kx - 7, cy - 6, kx + 7, cy + 92, 7, TEAL)
    blade = catmull([(kx - 8, cy - 2), (kx - 8, cy - 60), (kx + 2, cy - 90),
                     (kx + 14, cy - 60), (kx + 10, cy - 2)])
    pen.poly(blade, TEAL)

    # Sleep: a crescent moon and stars over a bed.
    cx, cy = centres[1]
    pen.circle(cx, cy, 128, NIGHT)
    mx, my = cx + 30, cy - 46
    pen.circle(mx, my, 44, WARM_PALE)
    pen.circle(mx + 24, my - 18, 40, NIGHT)
    for sx, sy, r in ((cx - 62, cy - 72, 6), (cx - 24, cy - 96, 4), (cx - 76, cy - 24, 4),
                      (cx + 84, cy + 2, 4)):
        pen.circle(sx, sy, r, BLUE_PALE)
    bx, by = cx - 84, cy + 24  # bed: headboard, pillow, blanket, legs
    pen.rrect(bx, by - 18, bx + 16, by + 72, 8, BLUE_SOFT)
    pen.rrect(bx + 22, by + 6, bx + 62, by + 30, 12, WHITE)
    pen.rrect(bx + 52, by + 10, bx + 168, by + 50, 14, BLUE)
    pen.rrect(bx + 8, by + 44, bx + 168, by + 62, 8, BLUE_SOFT)
    pen.rrect(bx + 154, by + 44, bx + 168, by + 72, 6, BLUE_SOFT)

    # Coordination: a figure walking a balance beam, arms out.
    cx, cy = centres[2]
    pen.circle(cx, cy, 128, TEAL_PALE)
    pen.rrect(cx - 100, cy + 84, cx + 100, cy + 100, 8, TEAL_SOFT)  # beam
    pen.rrect(cx - 9, cy + 98, cx + 9, cy + 124, 4, TEAL_SOFT)
    fig = TEAL
    lw = 24
    hip = (cx - 4, cy + 6)
    neck = (cx + 4, cy - 48)
    pen.stroke([neck, hip], 32, fig)  # body
    pen.circle(cx + 8, cy - 100, 25, fig)  # head
    pen.stroke([(cx - 96, cy - 18), (cx - 50, cy - 36), (cx - 4, cy - 42)], lw, fig)  # arms
    pen.stroke([(cx + 12, cy - 42), (cx + 56, cy - 56), (cx + 98, cy - 82)], lw, fig)
    pen.stroke([hip, (cx - 24, cy + 40), (cx - 44, cy + 72)], lw, fig)  # legs
    pen.stroke([hip, (cx + 22, cy + 38), (cx + 34, cy + 72)], lw, fig)
    save(img, path)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.normpath(
        os.path.join(here, "..", "assets", "content", "images"))
    os.makedirs(out, exist_ok=True)
    draw_overview(os.path.join(out, "ketamine-overview.png"))
    draw_synapse(os.path.join(out, "brain-glutamate.png"))
    draw_signs(os.path.join(out, "physical-signs.png"))


if __name__ == "__main__":
    main()
