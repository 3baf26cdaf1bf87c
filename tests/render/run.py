#!/usr/bin/env python3
"""Render tests: drive the real kiosk headless through `kiosk render`, read
the targets from its JSON and tap their real centres, as a test robot or a
visitor would. A few screens are compared with committed reference images.

usage: run.py build/kiosk      (GOLDEN_UPDATE=1 rewrites the references)
"""
import difflib
import glob
import json
import re
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import traceback
import unicodedata
import zipfile
import zlib

from PIL import Image, ImageChops, ImageOps

KIOSK = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/kiosk")
HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "golden")
ARTIFACTS = os.path.abspath(os.environ.get("ARTIFACTS", "build/test-artifacts"))

TOPICS = [
    "Understanding Ketamine",
    "Medical Uses of Ketamine",
    "How Ketamine Works",
    "Potential for Misuse",
    "Research Findings",
    "Signs of Ketamine Misuse",
    "Safe Use of Ketamine",
    "Conclusion",
]
TITLE = "Is Ketamine Addictive?"


class Run:
    """One `kiosk render` run: its shots by name."""

    def __init__(self, script, size="1920x1080", rotation=None, extra=(), expect_rc=0, env=None):
        self.dir = tempfile.mkdtemp(prefix="kiosk-render-")
        args = [KIOSK, "render", "--out", self.dir, "--size", size]
        if rotation is not None:
            args += ["--rotation", str(rotation)]
        args += list(extra)
        if script is not None:
            path = os.path.join(self.dir, "script.txt")
            with open(path, "w") as f:
                f.write(script)
            args += ["--script", path]
        p = subprocess.run(args, capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, **env) if env else None)
        self.rc, self.stderr = p.returncode, p.stderr
        if p.returncode != expect_rc:
            raise AssertionError(f"kiosk render exited {p.returncode}, expected {expect_rc}: {p.stderr}")

    def json(self, name):
        with open(os.path.join(self.dir, name + ".json")) as f:
            return json.load(f)

    def png(self, name):
        return os.path.join(self.dir, name + ".png")


def target(shot, ident=None, label=None):
    for t in shot["targets"]:
        if (ident is None or t["id"] == ident) and (label is None or t["label"] == label):
            return t
    raise AssertionError(f"no target id={ident} label={label} in {[t['id'] for t in shot['targets']]}")


def centre(t):
    return t["x"] + t["w"] // 2, t["y"] + t["h"] // 2


def tap(t):
    x, y = centre(t)
    return f"tap {x} {y}\n"


# Home scrolled to its end, on a 1920x1080 panel.
TO_END = "drag 1500 900 1500 100 300\nwait 3000\n"


def eq(a, b, what=""):
    if a != b:
        raise AssertionError(f"{what}: {a!r} != {b!r}")


def ok(cond, what):
    if not cond:
        raise AssertionError(what)


# ---- tests -------------------------------------------------------------------

def test_home_lists_every_topic():
    home = Run(None).json("home")
    eq(home["screen"], "home", "screen")
    eq(home["title"], TITLE, "title")
    eq(home["article"], 0, "article")
    eq(home["topic"], None, "topic")
    labels = [t["label"] for t in home["targets"] if t["id"].startswith("topic-")]
    eq(labels, TOPICS, "topic tiles")
    eq([i["src"] for i in home["images"]], ["images/ketamine-overview.png"], "lead image")
    for t in home["targets"]:
        ok(t["h"] >= 80 and t["w"] >= 80, f"target {t['id']} smaller than 80 px: {t}")


def test_tapping_each_tile_opens_its_topic():
    home = Run(None).json("home")
    # The Home button stands in the same place on every topic.
    first = Run(tap(target(home, "topic-0")) + "shot t\n").json("t")
    back = tap(target(first, "home"))
    script = "".join(tap(target(home, f"topic-{i}")) + f"shot t{i}\n" + back for i in range(len(TOPICS)))
    r = Run(script)
    for i, name in enumerate(TOPICS):
        s = r.json(f"t{i}")
        eq(s["screen"], "topic", f"tile {i} screen")
        eq(s["topic"], i, f"tile {i} topic")
        eq(s["title"], name, f"tile {i} title")


def test_slow_press_opens_a_tile():
    """An unsteady or hesitant finger rests on a tile before it lifts: two
    seconds' press opens the topic as a quick tap does; a hand left on the
    glass for more than ten seconds opens nothing."""
    home = Run(None).json("home")
    x, y = centre(target(home, "topic-1"))
    r = Run("hold %d %d 2000\nshot slow\n" % (x, y))
    eq(r.json("slow")["screen"], "topic", "a two-second press on a tile")
    eq(r.json("slow")["topic"], 1, "the tile pressed")
    r = Run("hold %d %d 10500\nshot leaned\n" % (x, y))
    eq(r.json("leaned")["screen"], "home", "a hand left on a tile for ten seconds and more")


def test_next_previous_home_buttons():
    home = Run(None).json("home")
    r = Run(tap(target(home, "topic-0")) + "shot a\n")
    a = r.json("a")
    ok(not any(t["id"] == "prev" for t in a["targets"]), "the first topic has no Previous")
    eq(target(a, "next")["label"], TOPICS[1], "Next is labelled with the next topic")
    script = tap(target(home, "topic-0")) + tap(target(a, "next")) + "shot b\n"
    b = Run(script).json("b")
    eq(b["topic"], 1, "next opens topic 1")
    eq(target(b, "prev")["label"], TOPICS[0], "Previous label")
    eq(target(b, "next")["label"], TOPICS[2], "Next label")
    script += tap(target(b, "prev")) + "shot c\n" + tap(target(a, "home")) + "shot d\n"
    r = Run(script)
    eq(r.json("c")["topic"], 0, "previous goes back")
    eq(r.json("d")["screen"], "home", "home button")
    last = Run(tap(target(home, "topic-7")) + "shot z\n").json("z")
    ok(not any(t["id"] == "next" for t in last["targets"]), "the last topic has no Next")


def test_swipes_go_to_neighbours():
    home = Run(None).json("home")
    script = tap(target(home, "topic-3"))
    script += "drag 1500 500 300 520 250\nwait 50\nshot left\n"
    script += "drag 300 500 1500 480 250\nwait 50\nshot right\n"
    script += "drag 1500 500 1400 500 250\nshot short\n"
    r = Run(script)
    eq(r.json("left")["topic"], 4, "swipe left: next topic")
    eq(r.json("right")["topic"], 3, "swipe right: previous topic")
    eq(r.json("short")["topic"], 3, "a short sideways move is no swipe")


def test_long_topic_scrolls_with_momentum_and_indicator():
    home = Run(None).json("home")
    script = tap(target(home, "topic-2")) + "shot top\n"
    script += "drag 960 800 960 600 150\nshot released\nwait 1500\nshot coasted\n"
    r = Run(script)
    top, rel, co = r.json("top"), r.json("released"), r.json("coasted")
    ok(top["max_scroll"] > 400, "topic 2 is longer than the screen")
    eq(top["scroll"], 0, "a topic opens at its top")
    ok(rel["scroll"] >= 150, f"the drag scrolled the text: {rel['scroll']}")
    ok(co["scroll"] > rel["scroll"], f"momentum carried on: {rel['scroll']} -> {co['scroll']}")


def test_image_opens_full_screen_and_closes():
    home = Run(None).json("home")
    script = tap(target(home, "topic-2"))
    # Scroll until the picture is in view.
    script += "drag 960 900 960 300 400\nwait 2000\nshot topic\n"
    r = Run(script)
    s = r.json("topic")
    img = [t for t in s["targets"] if t["id"].startswith("image-")]
    ok(img, f"the picture of topic 2 is in view: {s['targets']}")
    eq(s["images"][0]["src"], "images/brain-glutamate.png", "topic 2 picture")
    script += tap(img[0]) + "shot image\n"
    r = Run(script)
    im = r.json("image")
    eq(im["screen"], "image", "image view")
    eq(im["images"][0]["src"], "images/brain-glutamate.png", "picture shown")
    ok(im["images"][0]["w"] > 1000, "shown large")
    script += tap(target(im, "close")) + "shot closed\n"
    script += tap(img[0]) + "tap 20 600\nshot closed2\n"
    r = Run(script)
    eq(r.json("closed")["screen"], "topic", "Close returns to the topic")
    eq(r.json("closed")["scroll"], s["scroll"], "at the same place")
    eq(r.json("closed2")["screen"], "topic", "a tap anywhere returns too")


def test_attract_starts_exactly_at_idle_timeout_and_rotates():
    script = "wait 89999\nshot before\nwait 1\nshot start\nwait 1000\nshot settled\n"
    script += "wait 11000\nshot next\nwait 12000\nshot third\n"
    r = Run(script)
    eq(r.json("before")["screen"], "home", "not yet idle")
    eq(r.json("start")["screen"], "attract", "idle at exactly 90 s")
    a, b, c = r.json("settled"), r.json("next"), r.json("third")
    eq(a["title"], TOPICS[0], "the rotation opens with the first topic")
    eq(b["title"], TOPICS[1], "then the next after 12 s")
    ok(c["slide"] == b["slide"] + 1, "every interval a new slide")
    ok(not a["targets"], "nothing is touchable in attract mode")


def test_attract_shows_images_full_screen():
    r = Run("wait 90000\n" + "".join(f"wait 12000\nshot s{i}\n" for i in range(12)))
    shots = [r.json(f"s{i}") for i in range(12)]
    pics = [s["images"][0]["src"] for s in shots if s["topic"] is None and s["images"]]
    eq(sorted(set(pics)), sorted(["images/ketamine-overview.png", "images/brain-glutamate.png",
                                  "images/physical-signs.png"]), "all three pictures rotate")


def test_first_touch_in_attract_only_wakes():
    home = Run(None).json("home")
    tile = target(home, "topic-4")
    r = Run("wait 95000\nshot attract\n" + tap(tile) + "shot woke\n" + tap(tile) + "shot opened\n")
    eq(r.json("attract")["screen"], "attract", "idle")
    eq(r.json("woke")["screen"], "home", "the first touch lands on Home")
    eq(r.json("opened")["topic"], 4, "the next touch works")


def test_touch_resets_idle():
    r = Run("wait 80000\ntap 5 5\nwait 80000\nshot a\nwait 10000\nshot b\n")
    eq(r.json("a")["screen"], "home", "a touch restarts the idle time")
    eq(r.json("b")["screen"], "attract", "idle again 90 s after the touch")


def test_drag_starting_on_tile_scrolls_not_opens():
    home = Run(None, size="800x480").json("home")
    t = target(home, "topic-5")
    x, y = centre(t)
    r = Run(f"drag {x} {y} {x} {y - 200} 300\nwait 1000\nshot a\n", size="800x480")
    a = r.json("a")
    eq(a["screen"], "home", "still Home")
    ok(a["max_scroll"] > 50 and a["scroll"] >= min(150, a["max_scroll"]), f"Home scrolled: {a['scroll']}")


def test_portrait_and_small_screens():
    for size in ("1080x1920", "800x480"):
        w, h = map(int, size.split("x"))
        home = Run(None, size=size).json("home")
        eq(home["screen"], "home", size)
        for t in home["targets"]:
            ok(0 <= t["x"] and t["x"] + t["w"] <= w and 0 <= t["y"] and t["y"] + t["h"] <= h,
               f"{size}: target {t['id']} off screen: {t}")
        # Scroll to the end and open the last topic.
        script = f"drag {w // 2} {h - 60} {w // 2} 40 400\nwait 3000\n" * 3 + "shot end\n"
        end = Run(script, size=size).json("end")
        last = target(end, "topic-7")
        ok(last["h"] >= (56 if h < 1000 else 80), f"{size}: tile tall enough: {last}")
        r = Run(script + tap(last) + "shot t\n", size=size)
        eq(r.json("t")["title"], TOPICS[7], f"{size}: last topic opens")


def test_rotation_maps_touch():
    for rot in (90, 180, 270):
        r = Run(None, size="1920x1080", rotation=rot)
        home = r.json("home")
        with Image.open(r.png("home")) as im:
            eq(im.size, (1920, 1080), f"rotation {rot}: panel-sized frame")
        t = target(home, "topic-5")
        if rot in (90, 270):
            ok(t["h"] > t["w"], f"rotation {rot}: tiles run across the portrait picture: {t}")
        s = Run(tap(t) + "shot t\n", size="1920x1080", rotation=rot).json("t")
        eq(s["title"], TOPICS[5], f"rotation {rot}: the tap opens the tile under it")


def test_bad_config_still_starts():
    d = tempfile.mkdtemp()
    conf = os.path.join(d, "kiosk.conf")
    with open(conf, "w") as f:
        f.write("# test\nidle_timeout_s = 10\nbogus = 1\nrotate_interval_s = fast\n")
    r = Run("wait 10000\nshot a\n", extra=["--config", conf])
    ok(":3:" in r.stderr and "bogus" in r.stderr, f"unknown key reported with its line: {r.stderr}")
    ok(":4:" in r.stderr, f"bad value reported with its line: {r.stderr}")
    eq(r.json("a")["screen"], "attract", "the valid key took effect")


def test_usage_errors():
    eq(subprocess.run([KIOSK, "render"], capture_output=True).returncode, 2, "render without --out")
    eq(subprocess.run([KIOSK, "--frobnicate"], capture_output=True).returncode, 2, "unknown option")
    d = tempfile.mkdtemp()
    Run(None, extra=["--content", d], expect_rc=1)
    script = os.path.join(d, "s.txt")
    with open(script, "w") as f:
        f.write("jump 1 2\n")
    p = subprocess.run([KIOSK, "render", "--out", d, "--script", script], capture_output=True, text=True)
    eq(p.returncode, 1, "bad script line")
    ok("s.txt:1" in p.stderr, "bad script line named")


def test_several_articles_listed_first():
    d = tempfile.mkdtemp()
    shutil.copytree(os.path.join(HERE, "../../assets/content"), os.path.join(d, "kiosk"))
    with open(os.path.join(d, "kiosk", "b-handwashing.md"), "w") as f:
        f.write("# Washing your hands\n\nIntro.\n\n## When\n\nBefore eating.\n\n## How\n\n1. Wet\n2. Soap\n")
    r = Run(None, extra=["--content", d])
    home = r.json("home")
    eq(home["article"], None, "the list of articles")
    eq([t["label"] for t in home["targets"] if t["id"].startswith("article-")], [TITLE, "Washing your hands"],
       "articles in file-name order")
    r = Run(tap(target(home, "article-1")) + "shot a\n", extra=["--content", d])
    a = r.json("a")
    eq([t["label"] for t in a["targets"] if t["id"].startswith("topic-")], ["When", "How"], "its topics")
    r = Run(tap(target(home, "article-1")) + tap(target(a, "home")) + "shot b\n", extra=["--content", d])
    eq(r.json("b")["article"], None, "back to the list")


def test_ocr_reads_the_title():
    if not shutil.which("tesseract"):
        raise AssertionError("tesseract is not installed")
    r = Run(None)
    p = subprocess.run(["tesseract", r.png("home"), "-"], capture_output=True, text=True)
    text = p.stdout
    for word in ("Ketamine", "Addictive", "Understanding", "Conclusion"):
        ok(word in text, f"OCR finds {word!r} on Home: {text[:300]!r}")


# ---- text size ------------------------------------------------------------------

PANELS = ("1920x1080", "1080x1920", "800x480")
SIZE_LABELS = ["A", "A+", "A++"]


def overlaps(a, b):
    return (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and
            a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])


def within(a, b):
    return (a["x"] >= b["x"] and a["y"] >= b["y"] and a["x"] + a["w"] <= b["x"] + b["w"] and
            a["y"] + a["h"] <= b["y"] + b["h"])


def check_fit(shot, size, what):
    """What a visitor must be able to read, from the shot's JSON: every
    line, control and picture on the screen, no two lines and no two
    controls overlapping, a line either inside a control or clear of it,
    and never over a picture."""
    w, h = map(int, size.split("x"))
    screen = {"x": 0, "y": 0, "w": w, "h": h}
    texts, targets, images = shot["texts"], shot["targets"], shot["images"]
    bad = []
    for kind, items in (("text", texts), ("control", targets), ("picture", images)):
        for t in items:
            if not within(t, screen):
                bad.append(f"{kind} {t.get('text', t.get('id', t.get('src')))!r} off the screen: {t}")
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if overlaps(a, b):
                bad.append(f"{a['text']!r} overlaps {b['text']!r}")
        for t in targets:
            if overlaps(a, t) and not within(a, t):
                bad.append(f"{a['text']!r} is cut by control {t['id']}")
        for p in images:
            if overlaps(a, p):
                bad.append(f"{a['text']!r} lies over picture {p['src']}")
    for i, a in enumerate(targets):
        for b in targets[i + 1:]:
            if overlaps(a, b):
                bad.append(f"controls {a['id']} and {b['id']} overlap")
    ok(not bad, f"{what}: " + "; ".join(bad[:6]))


def test_text_size_control_on_every_screen():
    """A, A+ and A++ on Home, a topic and a picture, the chosen one marked;
    each lays the screen out again at once at 1.0, 1.4 and 1.8 times."""
    home = Run(None).json("home")
    topic = Run(tap(target(home, "topic-2")) + "shot t\n").json("t")
    script = tap(target(home, "topic-2")) + "drag 960 900 960 300 400\nwait 2000\nshot pic\n"
    pic_target = [t for t in Run(script).json("pic")["targets"] if t["id"].startswith("image-")][0]
    script += tap(pic_target) + "shot image\n"
    image = Run(script).json("image")
    for name, shot in (("Home", home), ("a topic", topic), ("a picture", image)):
        eq([target(shot, f"text-size-{i}")["label"] for i in range(3)], SIZE_LABELS, f"{name}: the sizes")
        eq(shot["text_size"], 0, f"{name}: the kiosk's own size first")
    heights = []
    for i in range(3):
        r = Run(tap(target(home, "topic-0")) + tap(target(topic, f"text-size-{i}")) + "shot s\n")
        s = r.json("s")
        eq(s["text_size"], i, f"{SIZE_LABELS[i]} chosen")
        body = [t for t in s["texts"] if t["text"].startswith("Ketamine is classified")][0]
        heights.append(body["h"])
    ok(1.3 < heights[1] / heights[0] < 1.5 and 1.7 < heights[2] / heights[0] < 1.9,
       f"lines 1.4 and 1.8 times as tall: {heights}")
    r = Run(script + tap(target(image, "text-size-2")) + "shot big\n")
    eq(r.json("big")["screen"], "image", "the picture stays open")
    eq(r.json("big")["text_size"], 2, "A++ on the picture")


def paragraphs():
    with open(os.path.join(HERE, "../../assets/content/article.md")) as f:
        return [p.strip() for p in f.read().split("\n\n") if p.strip()]


def top_line(shot):
    """The line at the top edge of a topic's text (cut by it, or the first
    below it when the edge falls between paragraphs)."""
    bar = min(t["y"] for t in shot["targets"] if t["id"].startswith("text-size-"))
    lines = [t for t in shot["texts"] if t["y"] < bar]
    return min(lines, key=lambda t: (t["y"], t["x"]))


def paragraph_of(text):
    found = [p for p in paragraphs() if text in p]
    ok(found, f"{text!r} is in the article")
    return found[0]


def test_text_size_keeps_the_reading_position():
    """Scrolled into a topic, a change of text size keeps the paragraph at
    the top of the view at the top, larger and smaller, on every panel."""
    for size in PANELS:
        w, h = map(int, size.split("x"))
        home = Run(None, size=size).json("home")
        opened = tap(target(home, "topic-2"))
        for down in (h // 3, h):
            script = opened + f"drag {w // 2} {h - h // 4} {w // 2} {h - h // 4 - down} 800\nwait 3000\nshot a\n"
            a = Run(script, size=size).json("a")
            ok(a["scroll"] > 0, f"{size}: scrolled")
            before = paragraph_of(top_line(a)["text"])
            for i in (2, 1, 0):
                script += tap(target(a, f"text-size-{i}")) + f"shot s{i}\n"
            r = Run(script, size=size)
            for i in (2, 1, 0):
                s = r.json(f"s{i}")
                eq(s["text_size"], i, f"{size}: size {i}")
                if s["scroll"] == s["max_scroll"]:
                    continue
                eq(paragraph_of(top_line(s)["text"])[:40], before[:40],
                   f"{size}, scrolled {a['scroll']}, {SIZE_LABELS[i]}: the paragraph at the top")


def test_nothing_overlaps_at_any_text_size():
    """Every topic (its top and its end), Home and a picture, at each text
    size on each panel, with the real fonts: nothing off the screen, no two
    lines or controls over each other, nothing cut."""
    for size in PANELS:
        w, h = map(int, size.split("x"))
        home = Run(None, size=size).json("home")
        for i in range(3):
            pick = tap(target(home, f"text-size-{i}"))
            to_end = f"drag {w // 2} {h * 2 // 3} {w // 2} 10 200\nwait 3000\n" * 4
            r = Run(pick + "shot home\n" + to_end + "shot end\n", size=size)
            for name in ("home", "end"):
                check_fit(r.json(name), size, f"{size} {SIZE_LABELS[i]} Home {name}")
            # The first tile, wherever the larger text put it.
            home_i = r.json("home") if any(t["id"] == "topic-0" for t in r.json("home")["targets"]) else None
            if home_i is None:
                down = f"drag {w // 2} {h * 2 // 3} {w // 2} {h // 3} 600\nwait 3000\n"
                home_i = Run(pick + down + "shot h\n", size=size).json("h")
                pick += down
            first = tap(target(home_i, "topic-0"))
            t0 = Run(pick + first + "shot t0\n", size=size).json("t0")
            nxt = tap(target(t0, "next"))
            script = pick + first
            for k in range(len(TOPICS)):
                script += f"shot top{k}\n{to_end}shot end{k}\n" + (nxt if k + 1 < len(TOPICS) else "")
            r = Run(script, size=size)
            for k in range(len(TOPICS)):
                for name in (f"top{k}", f"end{k}"):
                    shot = r.json(name)
                    eq(shot["topic"], k, f"{size}: topic {k}")
                    check_fit(shot, size, f"{size} {SIZE_LABELS[i]} topic {k} ({name})")
            pic = [t for t in r.json("end2")["targets"] + r.json("top2")["targets"] if t["id"].startswith("image-")]
            if pic:
                script = pick + first + nxt + nxt + to_end + tap(pic[0]) + "shot image\n"
                shot = Run(script, size=size).json("image")
                eq(shot["screen"], "image", f"{size}: the picture opens")
                check_fit(shot, size, f"{size} {SIZE_LABELS[i]} picture")


def test_arabic_article_fits_at_every_text_size():
    """An Arabic article, mirrored, with the real fonts: Home and every
    topic (its top and its end) at each text size, with high contrast off
    and on, and "Still reading?" over a topic, on each panel: nothing off
    the screen, nothing over anything else, nothing cut; the visitor's
    controls at the left of the bar, in Arabic."""
    extra = ["--content", os.path.join(HERE, "languages", "arabic")]
    for size in PANELS:
        w, h = map(int, size.split("x"))
        home = Run(None, size=size, extra=extra).json("home")
        eq(home["dir"], "rtl", f"{size}: mirrored")
        eq([target(home, f"text-size-{i}")["label"] for i in range(3)], ["أ", "أ+", "أ++"],
           f"{size}: the sizes in Arabic")
        sizes = [target(home, f"text-size-{i}") for i in range(3)]
        ok(sizes[2]["x"] < sizes[1]["x"] < sizes[0]["x"] < target(home, "contrast")["x"],
           f"{size}: A++ leftmost, then A+, A and High contrast: {sizes}")
        to_end = f"drag {w // 2} {h * 2 // 3} {w // 2} 10 200\nwait 3000\n" * 3
        for contrast in (False, True):
            for i in range(3):
                pick = (tap(target(home, "contrast")) if contrast else "") + tap(target(home, f"text-size-{i}"))
                what = f"{size} {SIZE_LABELS[i]}{' high contrast' if contrast else ''}"
                r = Run(pick + "shot home\n", size=size, extra=extra)
                check_fit(r.json("home"), size, f"{what} Home")
                tiles = [t for t in r.json("home")["targets"] if t["id"].startswith("topic-")]
                script = pick + tap(tiles[0])
                for k in range(3):
                    script += f"shot top{k}\n{to_end}shot end{k}\n"
                    if k < 2:
                        script += "NEXT\n"
                # Next where it stands on each topic.
                parts = script.split("NEXT\n")
                script = parts[0]
                for k in range(1, len(parts)):
                    t = Run(script, size=size, extra=extra).json(f"end{k - 1}")
                    script += tap(target(t, "next")) + parts[k]
                r = Run(script + "wait 80000\nshot warn\n", size=size, extra=extra)
                for k in range(3):
                    for name in (f"top{k}", f"end{k}"):
                        shot = r.json(name)
                        eq((shot["topic"], shot["text_size"], shot["high_contrast"]), (k, i, contrast),
                           f"{what}: topic {k}")
                        check_fit(shot, size, f"{what} topic {k} ({name})")
                warn = r.json("warn")
                ok("overlay" in warn, f"{what}: the warning shows")
                eq([t["text"] for t in warn["overlay"]["texts"]][:2], ["هل ما زلت تقرأ؟", "المس للمتابعة"],
                   f"{what}: the warning in Arabic")
                check_fit({"texts": warn["overlay"]["texts"], "targets": [], "images": []}, size,
                          f"{what} the warning")


def test_still_reading_before_attract():
    """Ten seconds before attract mode would take a scrolled topic away,
    "Still reading?" counts down over it; a touch (on Next, even) keeps the
    visitor where they were and opens nothing; left alone, attract mode
    comes at the idle timeout and the next visitor starts at the kiosk's
    own text size and colours."""
    home = Run(None).json("home")
    opened = tap(target(home, "topic-2")) + "drag 960 800 960 500 600\nwait 2000\n"
    a = Run(opened + "shot a\n").json("a")
    script = opened + tap(target(a, "contrast")) + tap(target(a, "text-size-1")) + "shot sized\n"
    # The last touch was the tap on A+.
    script += "wait 79700\nshot quiet\nwait 400\nshot ten\nwait 3000\nshot seven\n"
    r = Run(script)
    quiet, ten, seven = r.json("quiet"), r.json("ten"), r.json("seven")
    a = r.json("sized")
    ok("countdown" not in quiet and "overlay" not in quiet, "no warning before 80 s")
    eq(ten["countdown"], 10, "the warning counts from 10")
    eq(ten["overlay"]["title"], "Still reading?", "the warning")
    words = [t["text"] for t in ten["overlay"]["texts"]]
    eq(words, ["Still reading?", "Touch to keep going", "10"], "what it says")
    eq(seven["countdown"], 7, "a second at a time")
    eq((seven["screen"], seven["topic"], seven["scroll"], seven["text_size"], seven["high_contrast"]),
       ("topic", 2, a["scroll"], 1, True), "the topic under it as it was")
    check_fit({"texts": seven["overlay"]["texts"], "targets": [], "images": []}, "1920x1080", "the warning")
    script += tap(target(a, "next")) + "shot kept\nwait 1000\nshot later\n"
    r = Run(script)
    kept = r.json("kept")
    ok("countdown" not in kept and "overlay" not in kept, "the touch took the warning away")
    eq((kept["screen"], kept["topic"], kept["scroll"], kept["text_size"]), ("topic", 2, a["scroll"], 1),
       "and kept the visitor where they were: Next did not act")
    # A whole idle spell again from the touch, then attract mode.
    script += "wait 79100\nshot before\nwait 10000\nshot attract\n"
    r = Run(script)
    eq(r.json("before")["screen"], "topic", "a whole idle spell after the touch")
    eq(r.json("before")["countdown"], 10, "with its own warning")
    at = r.json("attract")
    eq(at["screen"], "attract", "then attract mode")
    ok("overlay" not in at, "without the warning")
    eq((at["text_size"], at["high_contrast"]), (0, False),
       "the next visitor starts at the kiosk's own size and colours")
    r = Run(script + "tap 960 540\nshot woke\n")
    woke = r.json("woke")
    eq((woke["screen"], woke["text_size"], woke["high_contrast"]), ("home", 0, False),
       "and wakes to Home in them")


# ---- contrast, from the pixels --------------------------------------------------

def luminance(rgb):
    def ch(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = rgb[:3]
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def ink_on_ground(im, box):
    """The two colours of a line of text on screen: its ground (the most
    common colour in its box) and its ink (the colour farthest from the
    ground that covers a few pixels: the solid middle of the strokes, not
    their anti-aliased edges)."""
    crop = im.crop((box["x"], box["y"], box["x"] + box["w"], box["y"] + box["h"]))
    colours = crop.getcolors(1 << 20)
    ground = max(colours)[1]
    enough = max(4, crop.size[0] * crop.size[1] // 400)
    ink = max((contrast(c, ground), c) for n, c in colours if n >= enough)[1] if colours else ground
    return ink, ground


def check_text_contrast(png, texts, least, what):
    with Image.open(png) as im:
        im = im.convert("RGB")
        bad = []
        for t in texts:
            if t["w"] < 4 or t["h"] < 8 or not t["text"].strip(" ·"):
                continue  # a sliver cut by the view's edge, or a blank
            ink, ground = ink_on_ground(im, t)
            c = contrast(ink, ground)
            if c < least:
                bad.append(f"{t['text']!r} {ink} on {ground}: {c:.2f}:1")
    ok(not bad, f"{what}: text below {least}:1: " + "; ".join(bad[:5]))


def check_outlines(png, targets, least, what):
    """Every control's edge (the middle of each side, just inside it)
    against what lies just outside: a solid boundary (WCAG 1.4.11)."""
    with Image.open(png) as im:
        im = im.convert("RGB")
        W, H = im.size
        bad = []
        for t in targets:
            if t["id"].startswith("image-"):
                continue  # a picture's own edge is the picture's
            x0, y0, x1, y1 = t["x"], t["y"], t["x"] + t["w"] - 1, t["y"] + t["h"] - 1
            mx, my = (x0 + x1) // 2, (y0 + y1) // 2
            for (ix, iy), (ox, oy) in (((mx, y0), (mx, y0 - 2)), ((mx, y1), (mx, y1 + 2)),
                                       ((x0, my), (x0 - 2, my)), ((x1, my), (x1 + 2, my))):
                if not (0 <= ox < W and 0 <= oy < H):
                    continue
                c = contrast(im.getpixel((ix, iy)), im.getpixel((ox, oy)))
                if c < least:
                    bad.append(f"{t['id']} at {ix},{iy}: {c:.2f}:1")
    ok(not bad, f"{what}: control edges below {least}:1: " + "; ".join(bad[:5]))


def scrolled_to(script, size, ident, steps=8):
    """The script scrolled down until a target whose id starts with ident
    is in view, and that target."""
    w, h = map(int, size.split("x"))
    down = f"drag {w // 2} {h * 2 // 3} {w // 2} {h // 6} 600\nwait 3000\n"
    for k in range(steps):
        shot = Run(script + down * k + "shot s\n", size=size).json("s")
        found = [t for t in shot["targets"] if t["id"].startswith(ident)]
        if found:
            return script + down * k, found[0]
    raise AssertionError(f"{size}: {ident} never came into view")


def test_high_contrast_from_the_pixels():
    """With high contrast on, every line of text on Home, a topic (top and
    scrolled), a picture and the warning before attract mode measures at
    least 7:1 against what it is drawn on, and every control has a solid
    edge (3:1 against what surrounds it); with it off, text keeps 4.5:1.
    Measured in the screenshots, on every panel and at the largest size."""
    for size in PANELS:
        w, h = map(int, size.split("x"))
        home = Run(None, size=size).json("home")
        for on in (True, False):
            least = 7.0 if on else 4.5
            pick = (tap(target(home, "contrast")) if on else "") + tap(target(home, "text-size-2"))
            r0 = Run(pick + "shot home\n", size=size)
            h0 = r0.json("home")
            eq(h0["high_contrast"], on, f"{size}: the toggle")
            eq(target(h0, "contrast")["label"], "High contrast", "its label")
            at_tile, tile = scrolled_to(pick, size, "topic-")
            script = at_tile + tap(tile) + "shot top\n" + f"drag {w // 2} {h * 2 // 3} {w // 2} {h // 4} 600\nwait 3000\nshot down\n"
            script += "wait 80000\nshot warning\n"
            r = Run(script, size=size)
            for name in ("top", "down"):
                check_text_contrast(r.png(name), r.json(name)["texts"], least, f"{size} {name} {on}")
                if on:
                    check_outlines(r.png(name), r.json(name)["targets"], 3.0, f"{size} {name}")
            check_text_contrast(r.png("warning"), r.json("warning")["overlay"]["texts"], least,
                                f"{size} warning {on}")
            check_text_contrast(r0.png("home"), h0["texts"], least, f"{size} home {on}")
            if on:
                check_outlines(r0.png("home"), h0["targets"], 3.0, f"{size} home")
            # A picture, its caption on the dark ground.
            at_tile, tile = scrolled_to(pick, size, "topic-2")
            at_pic, pic = scrolled_to(at_tile + tap(tile), size, "image-")
            r = Run(at_pic + tap(pic) + "shot image\n", size=size)
            im = r.json("image")
            eq(im["screen"], "image", f"{size}: the picture opens")
            check_text_contrast(r.png("image"), im["texts"], least, f"{size} picture {on}")
            if on:
                check_outlines(r.png("image"), im["targets"], 3.0, f"{size} picture")


# ---- attract mode seen across the room --------------------------------------------

def cap_height(png, box, px):
    """The height in pixels of the ink of the first letter of a line (a
    capital: a title starts with one), measured in the screenshot."""
    with Image.open(png) as im:
        im = im.convert("RGB")
        crop = im.crop((box["x"], box["y"], box["x"] + int(px * 0.5), box["y"] + box["h"]))
        ground = max(crop.getcolors(1 << 20))[1]
        rows = [y for y in range(crop.size[1])
                if any(contrast(crop.getpixel((x, y)), ground) > 3 for x in range(crop.size[0]))]
        return rows[-1] - rows[0] + 1 if rows else 0


def test_attract_seen_across_the_room():
    """Every slide of a rotation on each panel: the topic's title with
    capitals at least 8 % of the panel's shorter side (its height in
    landscape), measured in the screenshot; a slide with a picture has it
    across the screen's width over at least 40 % of it, cropped to fill; one without, a bold field of the theme's colour; the prompt with
    its hand along the foot, the hand tapping now and then."""
    for size in PANELS:
        w, h = map(int, size.split("x"))
        script = "wait 90000\nwait 600\n" + "".join(f"shot s{i}\nwait 12000\n" for i in range(10))
        r = Run(script, size=size)
        kinds = set()
        for i in range(10):
            shot = r.json(f"s{i}")
            eq(shot["screen"], "attract", f"{size} slide {i}")
            px = shot["headline_px"]
            title_words = shot["title"].split()
            first = [t for t in shot["texts"] if t["text"].split()[:1] == title_words[:1] and t["h"] >= px]
            ok(first, f"{size} slide {i}: the title {shot['title']!r} at headline size in {shot['texts']}")
            cap = cap_height(r.png(f"s{i}"), first[0], px)
            ok(cap >= 0.08 * min(w, h), f"{size} slide {i}: capitals {cap} px, under 8 % of {min(w, h)}")
            ok([t for t in shot["texts"] if t["text"] == "Touch the screen to explore"], f"{size}: the prompt")
            ok("hand" in shot and shot["hand"]["w"] > 0, f"{size}: the hand")
            if shot["images"]:
                kinds.add("picture")
                im = shot["images"][0]
                eq(im.get("cover"), True, f"{size} slide {i}: cropped to fill")
                eq((im["x"], im["w"]), (0, w), f"{size} slide {i}: the screen's width")
                share = im["w"] * im["h"] / (w * h)
                ok(share >= 0.4, f"{size} slide {i}: the picture covers {share:.0%}")
                with Image.open(r.png(f"s{i}")).convert("RGB") as png:
                    # Really drawn: the picture's box is not one flat colour.
                    box = png.crop((im["x"], im["y"], im["x"] + im["w"], im["y"] + im["h"]))
                    ok(len(box.getcolors(1 << 20)) > 50, f"{size} slide {i}: the picture shows")
            else:
                kinds.add("field")
                with Image.open(r.png(f"s{i}")).convert("RGB") as png:
                    field = max(png.crop((0, 0, w, h // 3)).getcolors(1 << 20))[1]
                ok(field in ((0x0A, 0x66, 0x70), (0x06, 0x4A, 0x52)), f"{size} slide {i}: a bold field {field}")
        eq(kinds, {"picture", "field"}, f"{size}: slides of both kinds")
    # The hand taps: a step into its cycle it is drawn otherwise than at rest.
    r = Run("wait 96000\nshot rest\nwait 250\nshot press\nwait 1000\nshot again\n")
    hand = r.json("rest")["hand"]
    box = (hand["x"] - hand["w"], hand["y"] - hand["h"] // 2, hand["x"] + 2 * hand["w"], hand["y"] + hand["h"])
    with Image.open(r.png("rest")).convert("RGB") as a, Image.open(r.png("press")).convert("RGB") as b, \
            Image.open(r.png("again")).convert("RGB") as c:
        ok(ImageChops.difference(a.crop(box), b.crop(box)).getbbox() is not None, "the hand moves")
        eq(ImageChops.difference(a.crop(box), c.crop(box)).getbbox(), None, "and comes back to rest")


def test_attract_thumbnail_says_what_the_screen_is_about():
    """A 1920x1080 slide scaled down to 320x180, as a room sees it from
    afar, still reads (OCR, the thumbnail enlarged as an eye would) with
    its title and the prompt."""
    if not shutil.which("tesseract"):
        raise AssertionError("tesseract is not installed")
    r = Run("wait 90600\n" + "".join(f"shot s{i}\nwait 12000\n" for i in range(4)))
    for i in range(4):
        shot = r.json(f"s{i}")
        with Image.open(r.png(f"s{i}")) as im:
            thumb = im.convert("RGB").resize((320, 180), Image.LANCZOS)
        path = os.path.join(r.dir, f"thumb{i}.png")
        thumb.resize((960, 540), Image.LANCZOS).save(path)
        text = subprocess.run(["tesseract", path, "-"], capture_output=True, text=True).stdout
        ok(shot["title"].lower() in " ".join(text.split()).lower(),
           f"slide {i}: {shot['title']!r} read at 320x180: {text!r}")
        ok("Touch the screen" in text, f"slide {i}: the prompt read at 320x180: {text!r}")


def test_attract_slides_named_in_front_matter():
    """Staff name the slides in the article's front matter: topics by slug
    or title, a picture by its path, shown in that order and round again;
    a name that is neither is left out."""
    d = tempfile.mkdtemp(prefix="kiosk-named-")
    content = os.path.join(d, "kiosk")
    shutil.copytree(os.path.join(HERE, "../../assets/content"), content)
    path = os.path.join(content, "article.md")
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write("---\ntitle: Is Ketamine Addictive?\n"
                "attract: [how-ketamine-works, images/physical-signs.png, no-such-topic,"
                " Conclusion]\n---\n" + text)
    r = Run("wait 90600\n" + "".join(f"shot s{i}\nwait 12000\n" for i in range(4)),
            extra=["--content", content])
    shots = [r.json(f"s{i}") for i in range(4)]
    eq([s["screen"] for s in shots], ["attract"] * 4, "attract mode")
    eq(shots[0]["title"], TOPICS[2], "the first named topic, by its slug")
    eq(shots[1]["topic"], None, "then the named picture")
    eq([i["src"] for i in shots[1]["images"]], ["images/physical-signs.png"], "the named picture")
    eq(shots[2]["title"], TOPICS[7], "then a topic named by its title")
    eq(shots[3]["title"], TOPICS[2], "and round again")


def test_screen_reader_data():
    """Every control in the JSON says what it is (button, tile, picture or
    toggle) and its state: the toggles on or off (exactly one text size on,
    the one chosen), pressed while a finger is on one."""
    home = Run(None).json("home")
    opened = tap(target(home, "topic-2")) + "drag 960 900 960 300 400\nwait 2000\n"
    t = Run(opened + "shot t\n").json("t")
    pic = [x for x in t["targets"] if x["id"].startswith("image-")][0]
    script = opened + tap(target(t, "contrast")) + tap(target(t, "text-size-1")) + "shot on\n"
    script += tap(pic) + "shot image\n"
    r = Run(script)
    seen = set()
    for shot in (home, t, r.json("on"), r.json("image")):
        for x in shot["targets"]:
            ok(x["role"] in ("button", "tile", "picture", "toggle"), f"{x['id']}: role {x['role']!r}")
            ok(isinstance(x["state"], list), f"{x['id']}: a state")
            seen.add(x["role"])
            if x["role"] == "toggle":
                ok(x["state"] in (["on"], ["off"]), f"{x['id']}: on or off: {x['state']}")
        sizes = [x for x in shot["targets"] if x["id"].startswith("text-size-")]
        eq([x["group"] for x in sizes], ["Text size"] * 3, "the sizes are one group")
        eq([x["state"] for x in sizes].count(["on"]), 1, "one size chosen")
        chosen = [x["label"] for x in sizes if x["state"] == ["on"]][0]
        eq(chosen, SIZE_LABELS[shot["text_size"]], "the one on is the size in force")
        eq(target(shot, "contrast")["state"], ["on"] if shot["high_contrast"] else ["off"], "contrast")
    eq(seen, {"button", "tile", "picture", "toggle"}, "every role")
    eq(target(t, "home")["role"], "button", "Home is a button")
    eq(target(home, "topic-0")["role"], "tile", "a topic on Home is a tile")
    eq(pic["role"], "picture", "a picture in the text")


def voice(d):
    """SDL's disk audio driver: the voice written to a file in d."""
    return {"SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILE": os.path.join(d, "voice.raw"),
            "SDL_DISKAUDIODELAY": "1"}


def test_read_aloud_hidden_without_audio():
    """Without an audio device (`render` looks for none unless a driver is
    named) a topic offers nothing to listen to."""
    home = Run(None).json("home")
    t = Run(tap(target(home, "topic-2")) + "shot t\n").json("t")
    ok(not [x for x in t["targets"] if x["id"] in ("listen", "pause", "stop")], "no Listen")
    ok("reading" not in t, "nothing read")


def test_read_aloud_follows_the_voice():
    """With a voice, Listen on a topic reads it aloud: the sentence heard is
    underlined and moves on with the time, the text follows it down the
    topic; Pause holds it and Go on goes on; Stop, leaving the topic and
    attract mode end it. (Headless, on the virtual clock; the voice itself
    is written to a file.)"""
    d = tempfile.mkdtemp(prefix="kiosk-voice-")
    env = voice(d)
    home = Run(None, env=env).json("home")
    opened = tap(target(home, "topic-2"))
    t = Run(opened + "shot t\n", env=env).json("t")
    listen = target(t, "listen")
    eq((listen["label"], listen["role"]), ("Listen", "button"), "a Listen button")
    script = opened + tap(listen) + "shot r0\n" + "".join(f"wait 6000\nshot r{i}\n" for i in range(1, 16))
    r = Run(script, env=env)
    shots = [r.json(f"r{i}") for i in range(16)]
    ok(all("reading" in s for s in shots[:8]), "read aloud")
    eq(shots[0]["reading"]["sentence"], 0, "from the heading")
    eq(shots[0]["reading"]["y"], next(x for x in shots[0]["texts"] if x["text"] == TOPICS[2])["y"],
       "the heading underlined")
    heard = [s["reading"]["sentence"] for s in shots if "reading" in s]
    ok(heard == sorted(heard) and heard[-1] >= 8, f"the sentences go on: {heard}")
    ok(max(s["scroll"] for s in shots) > 300, "the text follows the voice down the topic")
    for s in shots:
        if "reading" in s and "y" in s["reading"]:
            ok(0 <= s["reading"]["y"] < target(s, "home")["y"], f"the sentence heard is in view: {s['reading']}")
    pause = target(shots[3], "pause")
    eq(pause["role"], "button", "Pause")
    stop = target(shots[3], "stop")
    script2 = opened + tap(listen) + "wait 12000\n" + tap(pause) + "shot p0\nwait 20000\nshot p1\n"
    r = Run(script2, env=env)
    p0, p1 = r.json("p0"), r.json("p1")
    eq(p0["reading"]["paused"], True, "paused")
    eq(p1["reading"]["sentence"], p0["reading"]["sentence"], "the sentence held while paused")
    go_on = target(p1, "listen")
    eq(go_on["label"], "Go on", "Go on")
    r = Run(script2 + tap(go_on) + "wait 8000\nshot g\n" + tap(stop) + "shot s\n", env=env)
    ok(r.json("g")["reading"]["sentence"] > p1["reading"]["sentence"], "it goes on")
    ok("reading" not in r.json("s"), "Stop ends it")
    nxt = target(t, "next")
    r = Run(opened + tap(listen) + "wait 3000\n" + tap(nxt) + "shot n\n", env=env)
    eq(r.json("n")["topic"], 3, "the next topic")
    ok("reading" not in r.json("n"), "leaving the topic ends it")
    r = Run(opened + tap(listen) + "wait 3000\n" + tap(pause) + "wait 91000\nshot a\n", env=env)
    eq(r.json("a")["screen"], "attract", "attract mode when paused and left")
    ok("reading" not in r.json("a"), "and nothing read")


def test_read_aloud_in_the_articles_language():
    """The voice speaks the article's language (its front matter's
    `language`, else its file name's) when speech_voice (here en-GB) is of
    another, Chinese included (espeak-ng's Mandarin voice is called cmn);
    speech_voice when it is of the article's language and when the
    language is not said. An article in a language the board has no voice
    for (Somali) offers no Listen: another language's voice would read it
    with the wrong sounds."""
    d = tempfile.mkdtemp(prefix="kiosk-lang-")
    env = voice(d)
    conf = os.path.join(d, "kiosk.conf")
    with open(conf, "w") as f:
        f.write("speech_voice = en-GB\n")
    said = {}
    for lang, text in (("de-AT", "Die Grippe ist eine Krankheit. Eine Impfung schützt."),
                       ("es", "La gripe es una enfermedad. La vacuna protege."),
                       ("zh", "流感是一种疾病。疫苗可以保护你。"),
                       ("file:pl", "Grypa to choroba. Szczepionka chroni."),
                       ("so", "Hargabku waa cudur. Tallaalku wuu ilaaliyaa."),
                       (None, "Flu is an illness. The vaccine protects you."),
                       ("en-US", "Flu is an illness. The vaccine protects you.")):
        content = os.path.join(d, f"kiosk-{lang}")
        os.makedirs(content)
        named = lang and lang.startswith("file:")
        front = f"---\nlanguage: {lang}\n---\n" if lang and not named else ""
        with open(os.path.join(content, f"flu.{lang[5:]}.md" if named else "flu.md"), "w") as f:
            f.write(f"{front}# Flu\n\n## One\n\n{text}\n\n## Two\n\n{text}\n")
        extra = ["--content", content, "--config", conf]
        t = Run(None, env=env, extra=extra).json("home")
        opened = tap(target(t, "topic-0"))
        t = Run(opened + "shot t\n", env=env, extra=extra).json("t")
        if lang == "so":
            ok(not [x for x in t["targets"] if x["id"] == "listen"], "so: no Listen without a voice")
            continue
        r = Run(opened + tap(target(t, "listen")) + "wait 2000\nshot r\n", env=env, extra=extra)
        ok("reading" in r.json("r"), f"{lang}: read aloud")
        said[lang] = [line for line in r.stderr.splitlines() if "reading aloud with" in line]
    ok(any("German" in x for x in said["de-AT"]), f"German for de-AT: {said['de-AT']}")
    ok(any("Spanish" in x for x in said["es"]), f"Spanish for es: {said['es']}")
    ok(any("Mandarin" in x for x in said["zh"]), f"Mandarin for zh: {said['zh']}")
    ok(any("Polish" in x for x in said["file:pl"]), f"Polish for flu.pl.md: {said['file:pl']}")
    ok(any("English (Great Britain)" in x for x in said[None]),
       f"speech_voice when not said: {said[None]}")
    ok(any("English (Great Britain)" in x for x in said["en-US"]),
       f"speech_voice when it is of the article's language: {said['en-US']}")


def test_read_aloud_only_in_the_voices_the_board_has():
    """A board keeps only some voices (the firmware's FIRMWARE_VOICES, made
    by firmware/voices-keep.py): an article in a language it kept offers
    Listen and is read; one in a language it dropped (Hindi here) offers
    none, rather than a voice reading Devanagari as near silence; an
    article whose language is not said is read in the settings' voice."""
    d = tempfile.mkdtemp(prefix="kiosk-voices-")
    root = os.path.join(d, "root")
    src = glob.glob("/usr/lib/*/espeak-ng-data")[0]
    dst = os.path.join(root, src.lstrip("/"))
    shutil.copytree(src, dst)
    subprocess.run([sys.executable, os.path.join(HERE, "..", "..", "firmware", "voices-keep.py"),
                    root, os.path.join(d, "kept.txt"), "es"], check=True, capture_output=True)
    env = dict(voice(d), ESPEAK_DATA_PATH=os.path.dirname(dst))
    content = os.path.join(d, "c")
    os.makedirs(content)
    for name, title, text in (("flu.es.md", "La gripe", "La gripe es una enfermedad. La vacuna protege."),
                              ("flu.hi.md", "फ्लू", "फ्लू एक बीमारी है। टीका आपकी रक्षा करता है।"),
                              ("flu.md", "Flu", "Flu is an illness. The vaccine protects you.")):
        with open(os.path.join(content, name), "w") as f:
            f.write(f"# {title}\n\n## One\n\n{text}\n\n## Two\n\n{text}\n")
    extra = ["--content", content]
    home = Run(None, env=env, extra=extra).json("home")
    listens = {}
    for lang in ("es", "hi", "en"):
        pick = tap(target(home, f"lang-{lang}")) if lang != "en" else ""
        h = Run(pick + "shot h\n", env=env, extra=extra).json("h")
        opened = pick + tap(target(h, "topic-0"))
        t = Run(opened + "shot t\n", env=env, extra=extra)
        listens[lang] = [x for x in t.json("t")["targets"] if x["id"] == "listen"]
        if listens[lang]:
            r = Run(opened + tap(listens[lang][0]) + "wait 2000\nshot r\n", env=env, extra=extra)
            ok("reading" in r.json("r"), f"{lang}: read aloud")
    ok(listens["es"], "Spanish, kept, offers Listen")
    ok(not listens["hi"], "Hindi, dropped, offers none")
    ok(listens["en"], "English, always kept, offers Listen")
    ok("voices for" in t.stderr, f"the kiosk says how many languages it has voices for: {t.stderr}")


# ---- languages ------------------------------------------------------------------

LANGUAGES = os.path.join(HERE, "languages")
# Sample articles in tests/render/languages/<folder>, each read back from
# the screen by tesseract in its own language.
# Chinese, Japanese and Thai put no spaces between words: they are compared
# letter by letter.
LANGUAGE_SAMPLES = [
    ("arabic", "ara", "words"),
    ("hebrew", "heb", "words"),
    ("chinese", "chi_sim", "letters"),
    ("japanese", "jpn", "letters"),
    ("hindi", "hin", "words"),
    ("thai", "tha", "letters"),
    ("vietnamese", "vie", "words"),
    ("german", "deu", "words"),
]


def strip_marks(text):
    """Text as OCR and the article can both be compared in: NFC, without
    Arabic and Hebrew vowel marks (tesseract keeps some and drops others)
    and without punctuation."""
    text = unicodedata.normalize("NFC", text)
    out = []
    for ch in text:
        cp = ord(ch)
        if 0x064B <= cp <= 0x065F or cp == 0x0670 or 0x0591 <= cp <= 0x05C7:
            continue
        cat = unicodedata.category(ch)
        out.append(" " if cat.startswith("P") or cat.startswith("S") else ch)
    return "".join(out)


def article_topic(folder, i):
    """The heading and first paragraph of topic i of the sample's article."""
    md = [f for f in os.listdir(os.path.join(LANGUAGES, folder)) if f.endswith(".md")][0]
    with open(os.path.join(LANGUAGES, folder, md), encoding="utf-8") as f:
        text = f.read()
    topics = text.split("\n## ")[1:]
    heading, _, body = topics[i].partition("\n")
    para = body.strip().split("\n\n")[0]
    return heading.strip(), para


def ocr_text(png, lang):
    p = subprocess.run(["tesseract", png, "-", "-l", lang], capture_output=True, text=True)
    ok(p.returncode == 0, f"tesseract -l {lang}: {p.stderr}")
    return p.stdout


def read_share(want, got, unit):
    """The share of want that OCR's got holds: whole words, or for scripts
    without spaces the letters of the longest matching stretches in
    order."""
    if unit == "words":
        seen = set(strip_marks(got).split())
        words = [w for w in strip_marks(want).split() if len(w) > 2 and not w.isdigit()]
        return sum(1 for w in words if w in seen) / len(words)
    a = "".join(strip_marks(want).split())
    b = "".join(strip_marks(got).split())
    matched = sum(m.size for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    return matched / len(a)


def read_back(folder, lang, unit, size):
    """Opens the sample's first topic at size and returns the share of its
    paragraph that OCR reads back, and what it read."""
    content = os.path.join(LANGUAGES, folder)
    home = Run(None, size=size, extra=["--content", content]).json("home")
    r = Run(tap(target(home, "topic-0")) + "shot t\n", size=size, extra=["--content", content])
    heading, para = article_topic(folder, 0)
    eq(r.json("t")["title"], heading, f"{folder}: the topic opened")
    text = ocr_text(r.png("t"), lang)
    return read_share(para, text, unit), text


def test_languages_read_back_by_ocr():
    bad = []
    for folder, lang, unit in LANGUAGE_SAMPLES:
        for size in ("1920x1080", "1080x1920", "800x480"):
            share, text = read_back(folder, lang, unit, size)
            if share < 0.8:
                bad.append(f"{folder} at {size}: OCR ({lang}) read {share:.0%} of the words: {text[:400]!r}")
    ok(not bad, "\n".join(bad))


def test_interface_speaks_the_articles_language():
    # An Arabic article: the kiosk's own words in Arabic.
    extra = ["--content", os.path.join(LANGUAGES, "arabic")]
    home = Run(None, extra=extra).json("home")
    t0 = Run(tap(target(home, "topic-0")) + "shot t\n", extra=extra).json("t")
    eq(target(t0, "home")["label"], "الرئيسية", "Home in Arabic")
    # No language of its own: the settings' language (Spanish here), and
    # the JSON says so.
    d = tempfile.mkdtemp()
    conf = os.path.join(d, "kiosk.conf")
    with open(conf, "w") as f:
        f.write("language = es\n")
    home = Run(None, extra=["--config", conf]).json("home")
    eq(home["lang"], "es", "the settings' language")
    t0 = Run(tap(target(home, "topic-0")) + "shot t\n", extra=["--config", conf])
    eq(target(t0.json("t"), "home")["label"], "Inicio", "Home in Spanish")
    # A Chinese article shows its words in Chinese whatever the settings say.
    extra = ["--content", os.path.join(LANGUAGES, "chinese"), "--config", conf]
    home = Run(None, extra=extra).json("home")
    t0 = Run(tap(target(home, "topic-0")) + "shot t\n", extra=extra)
    eq(target(t0.json("t"), "home")["label"], "首页", "Home in Chinese")
    # The button alone: in a bar full of controls tesseract takes the
    # whole bar for a picture.
    nxt = target(t0.json("t"), "next")
    button = os.path.join(tempfile.mkdtemp(), "next.png")
    with Image.open(t0.png("t")) as im:
        im.crop((nxt["x"], nxt["y"], nxt["x"] + nxt["w"], nxt["y"] + nxt["h"])).save(button)
    read = "".join(ocr_text(button, "chi_sim").split())
    ok("下一个" in read, f"OCR reads Next (下一个) on the Chinese topic: {read[:200]!r}")


def test_german_compounds_end_lines_with_a_hyphen():
    # At 800x480 "Halsschmerzen" does not fit where it falls: it is split
    # where Debian's German dictionary allows, and the hyphen shows.
    content = os.path.join(LANGUAGES, "german")
    home = Run(None, size="800x480", extra=["--content", content]).json("home")
    r = Run(tap(target(home, "topic-0")) + "shot t\n", size="800x480", extra=["--content", content])
    text = ocr_text(r.png("t"), "deu")
    ok(re.search(r"Hals-\s*\n\s*schmerzen", text), f"Hals- at a line's end, schmerzen next: {text!r}")


def test_one_article_in_three_languages():
    extra = ["--content", os.path.join(LANGUAGES, "three")]
    home = Run(None, extra=extra).json("home")
    eq(home["lang"], "en", "Home starts in the file that carries no language")
    langs = [t["label"] for t in home["targets"] if t["id"].startswith("lang-")]
    eq(langs, ["العربية", "Español", "English"], "the languages, each by its own name")
    ok(not any(t["id"] == "home" for t in home["targets"]), "one article: no list above it")
    es = tap(target(home, "lang-es"))
    r = Run(es + "shot es\n", extra=extra)
    es_home = r.json("es")
    eq((es_home["lang"], es_home["title"]), ("es", "La gripe estacional"), "Spanish chosen")
    script = es + tap(target(es_home, "topic-0")) + "shot t0\n"
    t0 = Run(script, extra=extra).json("t0")
    script += tap(target(t0, "next")) + "shot t1\n"
    t1 = Run(script, extra=extra).json("t1")
    script += tap(target(t1, "home")) + "shot back\n"
    # The visitor walks away: attract mode, its prompt in each language in
    # turn, and the next visitor finds Home in the first language again.
    script += "wait 91000\nshot a0\nwait 12500\nshot a1\nwait 12500\nshot a2\ntap 500 500\nshot woke\n"
    r = Run(script, extra=extra)
    eq((r.json("t0")["lang"], r.json("t0")["title"]), ("es", "Síntomas"), "the topic in Spanish")
    eq(target(r.json("t0"), "home")["label"], "Inicio", "the kiosk's words in Spanish")
    eq(r.json("t1")["title"], "Prevención", "Next stays in Spanish")
    eq(r.json("back")["lang"], "es", "Home again, still in Spanish")
    prompts = [r.json(f"a{i}")["prompt"] for i in range(3)]
    eq(sorted(prompts), sorted(["Touch the screen to explore", "Toque la pantalla para explorar",
                                "المس الشاشة للاستكشاف"]), "the prompt in every language in turn")
    eq(r.json("woke")["lang"], "en", "the choice lasted for one visitor")
    # Arabic: the same article, mirrored.
    ar = Run(tap(target(home, "lang-ar")) + "shot ar\n", extra=extra).json("ar")
    eq((ar["lang"], ar["dir"]), ("ar", "rtl"), "Arabic chosen reads right to left")


def test_right_to_left_article_is_mirrored():
    content = os.path.join(LANGUAGES, "arabic")
    extra = ["--content", content]
    for size in ("1920x1080", "1080x1920"):
        width = int(size.split("x")[0])
        home = Run(None, size=size, extra=extra).json("home")
        eq((home["lang"], home["dir"]), ("ar", "rtl"), "Home says its language and direction")
        tiles = [t for t in home["targets"] if t["id"].startswith("topic-")]
        if size == "1920x1080":
            ok(all(t["x"] + t["w"] < width // 2 + 100 for t in tiles), f"the topics on the left: {tiles}")
        open_t1 = tap(target(home, "topic-1")) + "shot t1\n"
        t1 = Run(open_t1, size=size, extra=extra).json("t1")
        eq(t1["dir"], "rtl", "a topic reads right to left")
        nxt, prev = target(t1, "next"), target(t1, "prev")
        ok(nxt["x"] + nxt["w"] <= prev["x"], f"Next on the left of Previous: {nxt} {prev}")
        ok(centre(nxt)[0] < width // 2 < centre(prev)[0], "Next left, Previous right")
        # Tapping the real rectangles, and swiping.
        script = open_t1 + tap(nxt) + "shot n\n" + tap(prev) + "shot p\n"
        script += f"drag {width // 5} 400 {width * 4 // 5} 420 200\nwait 50\nshot s\n"
        r = Run(script, size=size, extra=extra)
        eq(r.json("n")["topic"], 2, "Next, on the left, opens the next topic")
        eq(r.json("p")["topic"], 1, "Previous, on the right, goes back")
        eq(r.json("s")["topic"], 2, "a swipe to the right brings the next topic")
    # The scroll bar on the left, in a topic long enough to scroll.
    _, para = article_topic("arabic", 0)
    long_dir = tempfile.mkdtemp()
    with open(os.path.join(long_dir, "flu.ar.md"), "w", encoding="utf-8") as f:
        f.write("# الإنفلونزا\n\n## الأعراض\n\n" + "\n\n".join([para] * 12) + "\n")
    extra = ["--content", long_dir]
    r = Run(tap(target(Run(None, size="800x480", extra=extra).json("home"), "topic-0")) + "shot t\n",
            size="800x480", extra=extra)
    ok(r.json("t")["max_scroll"] > 0, "the topic scrolls at 800x480")
    with Image.open(r.png("t")).convert("RGB") as im:
        bg = im.getpixel((400, 300))
        def inked(x0, x1):
            return sum(1 for x in range(x0, x1) for y in range(60, 300, 4) if im.getpixel((x, y)) != bg)
        ok(inked(0, 14) > 10 and inked(786, 800) == 0, "the scroll bar runs down the left edge")


def tree_state(path):
    """Every file, folder and link under path with its bytes, for comparing
    a data folder before and after. DATA/cache holds pictures at their shown
    size, derived from what is installed: drawing may add to it. What the
    last stick came to (DATA/service/last-import, and the service folder
    made for it) is the kiosk's note of the stick itself, written for any
    stick: last_import() reads it; the rest of DATA/service (a PIN) is
    compared."""
    state = {}
    if not os.path.exists(path):
        return state
    for root, dirs, files in os.walk(path):
        if root == path and "cache" in dirs:
            dirs.remove("cache")
        for name in dirs + files:
            p = os.path.join(root, name)
            rel = os.path.relpath(p, path)
            if rel in ("service", os.path.join("service", "last-import")):
                continue
            if os.path.islink(p):
                state[rel] = ("link", os.readlink(p))
            elif os.path.isdir(p):
                state[rel] = ("dir",)
            else:
                with open(p, "rb") as f:
                    state[rel] = ("file", f.read())
    return state


def last_import(data):
    with open(os.path.join(data, "service", "last-import"), encoding="utf-8") as f:
        return f.read()


def same_tree(a, b, what):
    if a != b:
        diff = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
        raise AssertionError(f"{what}: differs at {diff[:10]}")


def make_stick(root, extra_topic=None, folder="kiosk"):
    os.makedirs(root, exist_ok=True)
    dst = os.path.join(root, folder)
    shutil.copytree(os.path.join(HERE, "../../assets/content"), dst)
    if extra_topic:
        with open(os.path.join(dst, "article.md"), "a") as f:
            f.write(f"\n## {extra_topic}\n\nA new topic from the stick.\n")
    return root


def test_usb_stick_updates_content():
    d = tempfile.mkdtemp()
    stick = make_stick(os.path.join(d, "stick"), "Where to get help", folder="KIOSK")
    data = os.path.join(d, "data")
    script = f"usb {stick}\nshot checking\nwait 5\nshot part\nwait 2000\nshot done\nwait 9000\n{TO_END}shot home\n"
    r = Run(script, extra=["--data", data])
    c, part, done, home = r.json("checking"), r.json("part"), r.json("done"), r.json("home")
    eq(c["screen"], "import", "a progress screen while checking")
    eq(c["title"], "Checking new content\u2026", "progress title")
    ok(0 < part["progress"] < 1000, f"a real progress bar part way: {part['progress']}")
    eq(done["screen"], "notice", "then a notice")
    eq(done["title"], "Content updated \u2014 topics: 9, pictures: 3", "the notice counts the new content")
    ok("remove the USB stick" in done["detail"], "with the remove-the-stick hint")
    eq(home["screen"], "home", "Home after the notice")
    labels = [t["label"] for t in home["targets"] if t["id"].startswith("topic-")]
    eq(labels[-1], "Where to get help", "the new content shows")
    # The next start shows the installed content too.
    again = Run(f"shot top\n{TO_END}shot end\n", extra=["--data", data])
    tiles = {t["id"] for name in ("top", "end") for t in again.json(name)["targets"] if t["id"].startswith("topic-")}
    eq(len(tiles), 9, "installed content on restart")
    before = tree_state(data)
    r = Run(f"usb {stick}\nwait 2000\nshot same\n", extra=["--data", data])
    eq(r.json("same")["title"], "This content is already showing", "same content again")
    same_tree(tree_state(data), before, "DATA unchanged by the same content")
    # Without a time: the script never made the clock known.
    eq(last_import(data), "This content is already showing\n", "what the stick came to is noted")


def test_usb_stick_settings_come_with_the_content():
    d = tempfile.mkdtemp()
    stick = make_stick(os.path.join(d, "stick"), "With settings")
    with open(os.path.join(stick, "kiosk", "kiosk.conf"), "w") as f:
        f.write("idle_timeout_s = 30\ntheme_accent = #8A2B0E\n")
    data = os.path.join(d, "data")
    r = Run(f"usb {stick}\nwait 10000\ntap 5 5\nwait 29999\nshot a\nwait 1\nshot b\nwait 1000\nshot c\n",
            extra=["--data", data])
    eq(r.json("a")["screen"], "home", "not idle before the stick's 30 s")
    eq(r.json("b")["screen"], "attract", "idle after the stick's 30 s")
    with Image.open(r.png("c")).convert("RGB") as im:
        eq(im.getpixel((960, 100)), (0x8A, 0x2B, 0x0E), "the stick's accent colour on the first slide's field")


def test_new_themes_one_after_another_show_their_colours():
    """Text is kept in the atlas once per colour (eight at most); content
    after content with new accent colours fills them up and starts the atlas
    afresh, and every one still shows in its own colour, with none of the
    previous one left."""
    d = tempfile.mkdtemp()
    data = os.path.join(d, "data")
    accents = [(0x8A, 0x2B, 0x0E), (0x1D, 0x4E, 0x89), (0x5B, 0x2C, 0x6F), (0x0B, 0x5D, 0x1E),
               (0x7A, 0x4A, 0x00), (0x3B, 0x3B, 0x8F), (0x8F, 0x1F, 0x4F), (0x00, 0x5F, 0x6B),
               (0x4F, 0x4F, 0x00)]
    script = ""
    for n, rgb in enumerate(accents):
        stick = make_stick(os.path.join(d, f"stick{n}"), f"Extra topic {n}")
        with open(os.path.join(stick, "kiosk", "kiosk.conf"), "w") as f:
            f.write("theme_accent = #%02X%02X%02X\n" % rgb)
        script += f"usb {stick}\nwait 12000\nshot home{n}\nunplug\nwait 100\n"
    r = Run(script, extra=["--data", data])
    for n, rgb in enumerate(accents):
        eq(r.json(f"home{n}")["screen"], "home", f"Home after stick {n}")
        with Image.open(r.png(f"home{n}")).convert("RGB") as im:
            colours = dict((c, k) for k, c in im.getcolors(1 << 20))
        ok(colours.get(rgb, 0) > 500, f"stick {n}: its accent {rgb} shows ({colours.get(rgb, 0)} pixels)")
        if n:
            eq(colours.get(accents[n - 1], 0), 0, f"stick {n}: nothing left in the previous accent")


def test_usb_bad_stick_refused_and_nothing_changes():
    d = tempfile.mkdtemp()
    data = os.path.join(d, "data")
    Run(f"usb {make_stick(os.path.join(d, 'good'))}\nwait 2000\n", extra=["--data", data])
    before = tree_state(data)
    bad = os.path.join(d, "bad", "kiosk")
    os.makedirs(os.path.join(bad, "images"))
    with open(os.path.join(bad, "article.md"), "w") as f:
        f.write("# Bad\n\n## Topic\n\n![lungs](images/lungs.png)\n")
    with open(os.path.join(bad, "images", "lungs.png"), "w") as f:
        f.write("this is not a picture\n")
    r = Run(f"usb {os.path.dirname(bad)}\nwait 2000\nshot bad\nwait 9000\nshot home\n", extra=["--data", data])
    b = r.json("bad")
    eq(b["screen"], "notice", "a notice")
    ok("could not be used" in b["title"], f"says it could not be used: {b['title']}")
    ok("images/lungs.png" in b["detail"], f"names the file: {b['detail']}")
    eq(r.json("home")["title"], TITLE, "the old content still shows")
    same_tree(tree_state(data), before, "DATA unchanged")
    eq(last_import(data), b["title"] + "\n", "the refusal noted")


def refused_in(lang, d):
    """A stick refused for a picture that is text, with the kiosk's settings
    in lang: the notice's shot."""
    data = os.path.join(d, "data")
    conf = os.path.join(d, "kiosk.conf")
    with open(conf, "w") as f:
        f.write(f"language = {lang}\n")
    bad = os.path.join(d, "bad", "kiosk")
    os.makedirs(os.path.join(bad, "images"))
    with open(os.path.join(bad, "article.md"), "w") as f:
        f.write("# Bad\n\n## Topic\n\n![lungs](images/lungs.png)\n")
    with open(os.path.join(bad, "images", "lungs.png"), "w") as f:
        f.write("this is not a picture\n")
    return Run(f"usb {os.path.dirname(bad)}\nwait 2000\nshot bad\n",
               extra=["--data", data, "--config", conf])


def test_usb_refusal_in_the_settings_language():
    # The checker's reason, in the words of the settings' language, naming
    # the file as it is on the stick.
    r = refused_in("es", tempfile.mkdtemp())
    b = r.json("bad")
    eq(b["screen"], "notice", "a notice")
    eq(b["title"], "No se pudo usar el contenido de esta memoria USB", "the title in Spanish")
    ok("images/lungs.png: no es una imagen que el quiosco pueda mostrar (el archivo es texto)"
       in b["detail"], f"the reason in Spanish, naming the file: {b['detail']!r}")
    ok("not a picture" not in b["detail"], f"no English left: {b['detail']!r}")
    r = refused_in("ar", tempfile.mkdtemp())
    b = r.json("bad")
    eq(b["title"], "تعذّر استخدام المحتوى الموجود على وحدة USB هذه", "the title in Arabic")
    ok("images/lungs.png: ليست صورة يستطيع الكشك عرضها (الملف نص)" in b["detail"],
       f"the reason in Arabic, naming the file: {b['detail']!r}")
    # Read back from the screen: Arabic words of the reason, and the name.
    text = ocr_text(r.png("bad"), "ara+eng")
    seen = set(strip_marks(text).split())
    words = ["ليست", "صورة", "يستطيع", "الكشك", "عرضها", "الملف"]
    got = [w for w in words if w in seen]
    ok(len(got) >= 5, f"OCR reads the Arabic reason ({got}): {text!r}")
    ok("lungs" in text, f"OCR reads the file's name: {text!r}")


def test_check_speaks_the_language_of_its_settings():
    d = tempfile.mkdtemp(prefix="kiosk-check-")
    stick = os.path.join(d, "kiosk")
    os.makedirs(os.path.join(stick, "images"))
    with open(os.path.join(stick, "article.md"), "w") as f:
        f.write("# Bad\n\n## Topic\n\n![lungs](images/lungs.png)\n")
    with open(os.path.join(stick, "images", "lungs.png"), "w") as f:
        f.write("this is not a picture\n")
    with open(os.path.join(stick, "leaflet.doc"), "wb") as f:
        f.write(b"\xd0\xcf\x11\xe0")
    # Reasons with numbers in them: a picture too wide (refused from its
    # header), an article with a byte that is no UTF-8 on line 3, a picture
    # from the internet.
    with open(os.path.join(stick, "wide.md"), "w") as f:
        f.write("---\ntags: [a, b\n---\n# Wide\n\n## Topic\n\nSome <span>words</span>.\n\n"
                "![wide](images/wide.png)\n\n![web](https://example.org/a.png)\n")
    ihdr = b"IHDR" + struct.pack(">IIBBBBB", 9000, 100, 8, 2, 0, 0, 0)
    with open(os.path.join(stick, "images", "wide.png"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + ihdr
                + struct.pack(">I", zlib.crc32(ihdr)) + b"\0" * 64)
    with open(os.path.join(stick, "broken.md"), "wb") as f:
        f.write(b"# Broken\n\nCaf\xe9\n")
    # The stick's settings: a value out of range, a key a stick may not set.
    with open(os.path.join(stick, "kiosk.conf"), "w") as f:
        f.write("rotation = 45\ndata_dir = /tmp\n")
    # Word documents the reader refuses: a phrase, and a limit with numbers.
    with open(os.path.join(stick, "notword.docx"), "wb") as f:
        f.write(b"hello, this is not a document\n")
    with zipfile.ZipFile(os.path.join(stick, "parts.docx"), "w") as z:
        for i in range(2001):
            z.writestr(f"p{i}.xml", "<a/>")
    pictures = os.path.join(HERE, "../../assets/content/images")
    spare = sorted(n for n in os.listdir(pictures) if n.endswith(".png"))[0]
    shutil.copy(os.path.join(pictures, spare), os.path.join(stick, "images", "spare.png"))
    conf = os.path.join(d, "kiosk.conf")
    with open(conf, "w") as f:
        f.write("language = es\n")
    p = subprocess.run([KIOSK, "check", d, "--config", conf], capture_output=True, text=True, timeout=60)
    eq(p.returncode, 1, f"refused: {p.stdout}{p.stderr}")
    for want in ("images/lungs.png: no es una imagen que el quiosco pueda mostrar (el archivo es texto)",
                 "leaflet.doc: es un documento antiguo de Word (.doc); ábralo en Word o LibreOffice "
                 "y guárdelo como .docx",
                 "aviso: images/spare.png: ningún artículo lo usa",
                 "images/wide.png: la imagen es demasiado grande (9000 x 100 píxeles; como máximo "
                 "8192 píxeles por lado)",
                 "broken.md: no es texto UTF-8 simple (la línea 3 tiene un carácter que el quiosco "
                 "no puede leer)",
                 "wide.md: imagen «https://example.org/a.png»: no se pueden mostrar imágenes de "
                 "internet; las imágenes deben estar dentro de la carpeta kiosk",
                 # What the reader shows differently, in words with and without numbers.
                 "aviso: wide.md:2: esta lista del bloque inicial no tiene «]» de cierre; se omite",
                 "notword.docx: no es un documento de Word (.docx) que el quiosco pueda leer; "
                 "ábralo en Word o LibreOffice y guárdelo como .docx",
                 "parts.docx: el documento tiene demasiadas partes (2001; como máximo 2000)",
                 "kiosk.conf:2: data_dir no se puede configurar desde una memoria USB",
                 "aviso: kiosk.conf:1: rotation debe ser 0, 90, 180 o 270 (se recibió «45»)",
                 "aviso: wide.md:8: se omite el HTML sin procesar (<span>); solo se muestra su texto"):
        ok(want in p.stdout, f"check says {want!r}:\n{p.stdout}")
    for english in ("pixels", "line 3", "internet cannot", "left out", "raw HTML", "the document",
                    "\x1f"):
        ok(english not in p.stdout, f"no English left ({english!r}):\n{p.stdout}")
    # Without a language: English, as before.
    p = subprocess.run([KIOSK, "check", d], capture_output=True, text=True, timeout=60)
    ok("images/lungs.png: not a picture the kiosk can show (the file is text)" in p.stdout, p.stdout)


def test_usb_without_kiosk_folder_and_pulled_stick():
    d = tempfile.mkdtemp()
    data = os.path.join(d, "data")
    plain = os.path.join(d, "holiday-photos")
    os.makedirs(plain)
    with open(os.path.join(plain, "IMG_0001.JPG"), "wb") as f:
        f.write(b"\xff\xd8\xff")
    r = Run(f"usb {plain}\nwait 100\nshot none\n", extra=["--data", data])
    eq(r.json("none")["title"], "This USB stick has no kiosk content", "plain stick")
    stick = make_stick(os.path.join(d, "stick"), "Pulled")
    r = Run(f"usb {stick}\nwait 2\nunplug\nshot pulled\nwait 9000\nshot home\n", extra=["--data", data])
    p = r.json("pulled")
    eq(p["title"], "The USB stick was removed before the update finished", "pulled stick")
    eq(p["detail"], "Nothing was changed.", "nothing changed")
    eq(len([t for t in r.json("home")["targets"] if t["id"].startswith("topic-")]), 8, "old content")
    same_tree(tree_state(data), {}, "DATA untouched")


def test_usb_progress_counts_the_stick_once_and_says_the_time_left():
    """A 208 MB package at the render's 40 MB a second: the bar and the
    megabytes count the stick's bytes once (not the copy and the check
    added up), the time left shows for an import this long, then the check
    of the copy; the package (zeros for pictures) is refused at its end,
    saying so once."""
    d = tempfile.mkdtemp()
    try:
        k = os.path.join(d, "stick", "kiosk")
        os.makedirs(os.path.join(k, "images"))
        lines = ["# Large", "", "Pictures too large to be real.", ""]
        for i in range(4):
            with open(os.path.join(k, "images", f"p{i}.png"), "wb") as f:
                f.truncate(52 * 1000 * 1000)
            lines += [f"## Topic {i}", "", f"![Picture {i}](images/p{i}.png)", ""]
        with open(os.path.join(k, "article.md"), "w") as f:
            f.write("\n".join(lines))
        data = os.path.join(d, "data")
        r = Run(f"usb {os.path.dirname(k)}\nwait 2000\nshot reading\nwait 1000\nshot later\n"
                "wait 5000\nshot checking\nwait 5000\nshot refused\n", extra=["--data", data])
        a, b, c, done = r.json("reading"), r.json("later"), r.json("checking"), r.json("refused")
        m = re.match(r"(\d+\.\d) MB of (\d+\.\d) MB\. Time left: 0:(\d\d)\. Please leave the USB "
                     r"stick in until this is done\.$", a["detail"])
        ok(m, f"megabytes of the stick and the time left: {a['detail']!r}")
        eq(m.group(2), "208.0", "the package's size, counted once")
        ok(79 <= float(m.group(1)) <= 81, f"80 MB read after 2 s at 40 MB/s: {m.group(1)}")
        # 128 MB to read and 208 to check at 40 MB/s.
        ok(8 <= int(m.group(3)) <= 9, f"about 8.4 s left: {m.group(3)}")
        ok(a["progress"] < b["progress"] < c["progress"] < 1000,
           f"the bar moves on: {a['progress']}, {b['progress']}, {c['progress']}")
        ok(185 <= a["progress"] <= 200, f"2 s of 10.4: {a['progress']}")
        ok(c["detail"].startswith("Checking the copy. Time left: 0:0"), f"then the check: {c['detail']!r}")
        eq(done["screen"], "notice", "the refusal")
        eq(done["detail"].count("Nothing was changed."), 1, f"said once: {done['detail']!r}")
        ok(done["title"] not in done["detail"], "the title is not repeated in the text")
    finally:
        shutil.rmtree(d, ignore_errors=True)


def test_usb_refusal_says_each_thing_once():
    import fcntl
    d = tempfile.mkdtemp()
    stick = make_stick(os.path.join(d, "stick"), "Busy")
    data = os.path.join(d, "data")
    os.makedirs(data)
    # Another import holds the data folder.
    fd = os.open(data, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        n = Run(f"usb {stick}\nwait 2000\nshot busy\n", extra=["--data", data]).json("busy")
    finally:
        os.close(fd)
    eq(n["title"], "The update could not be saved", "busy: the title")
    eq(n["detail"], "Another update is already running. Nothing was changed.", "busy: why, once")
    # A stick that does not fit in the room the data folder has: a tmpfs
    # of 128 KB, mounted for the kiosk alone.
    unshare = ["unshare", "--mount", "--propagation", "private"]
    if os.getuid() != 0:
        unshare.insert(1, "--map-root-user")
    small = os.path.join(d, "small")
    os.makedirs(small)
    out = os.path.join(d, "out")
    script = os.path.join(d, "script.txt")
    with open(script, "w") as f:
        f.write(f"usb {stick}\nwait 2000\nshot room\n")
    p = subprocess.run(unshare + ["sh", "-c", 'mount -t tmpfs -o size=128k tmpfs "$1" && shift && exec "$@"',
                                  "sh", small, KIOSK, "render", "--out", out, "--data",
                                  os.path.join(small, "data"), "--script", script],
                       capture_output=True, text=True, timeout=120)
    if p.returncode != 0 and "mount" in p.stderr:
        print(f"skipped the room refusal: no tmpfs of its own here ({p.stderr.strip()})")
        return
    eq(p.returncode, 0, f"kiosk render under unshare: {p.stderr}")
    with open(os.path.join(out, "room.json")) as f:
        n = json.load(f)
    eq(n["title"], "The update could not be saved", "no room: the title")
    ok(re.fullmatch(r"It needs \d+ KB, and the kiosk's storage has \d+ KB free\. Nothing was changed\.",
                    n["detail"]), f"no room: both amounts, once: {n['detail']!r}")


GOLDEN_SHOTS = [
    ("home-landscape", "1920x1080", None),
    ("home-portrait", "1080x1920", None),
    ("home-small", "800x480", None),
    ("topic-landscape", "1920x1080", "topic-5"),
    ("topic-portrait", "1080x1920", "topic-5"),
]


def picture_box(shot, png):
    """The first picture's rectangle in a shot, cut out of its PNG."""
    im = shot["images"][0]
    return Image.open(png).convert("RGB").crop((im["x"], im["y"], im["x"] + im["w"], im["y"] + im["h"]))


def test_pictures_come_back_from_the_cache():
    """A picture drawn once is kept at its shown size in DATA/cache and read
    back on the next start instead of being decoded; a damaged cache file is
    made again, a changed picture never shows stale, and what a power cut
    left half written is removed."""
    d = tempfile.mkdtemp()
    content = os.path.join(d, "content")
    shutil.copytree(os.path.join(HERE, "../../assets/content"), content)
    data = os.path.join(d, "data")
    os.mkdir(data)
    cache = os.path.join(data, "cache")
    extra = ["--data", data, "--content", content]
    first = Run(None, extra=extra)
    home = first.json("home")
    im = home["images"][0]
    w, h = im["w"], im["h"]
    files = [f for f in os.listdir(cache) if f.endswith(f"-{w}x{h}.kpx")]
    eq(len(files), 1, f"one cache file for the {w}x{h} picture in {os.listdir(cache)}")
    path = os.path.join(cache, files[0])
    eq(os.path.getsize(path), 16 + w * h * 4, "header and raw pixels")
    original = picture_box(home, first.png("home"))

    # Proof that the next start reads the cache: a valid file painted over
    # shows its paint.
    with open(path, "r+b") as f:
        f.seek(16)
        f.write(b"\xff\x00\xff\xff" * (w * h))
    painted = Run(None, extra=extra)
    box = picture_box(painted.json("home"), painted.png("home"))
    eq(box.getpixel((w // 2, h // 2)), (255, 0, 255), "the cached pixels are drawn")

    # A truncated file is not drawn: the picture is decoded again and the
    # file made whole.
    with open(path, "r+b") as f:
        f.truncate(16 + w * h * 4 - 1)
    with open(os.path.join(cache, "left-by-power-cut.kpx.tmp"), "wb") as f:
        f.write(b"half")
    healed = Run(None, extra=extra)
    box = picture_box(healed.json("home"), healed.png("home"))
    eq(ImageChops.difference(box, original).getbbox(), None, "the real picture after a damaged cache file")
    eq(os.path.getsize(path), 16 + w * h * 4, "the cache file made whole again")
    ok(not os.path.exists(os.path.join(cache, "left-by-power-cut.kpx.tmp")), "half-written file removed")

    # New pixels under the same name (new content) are never shown stale.
    src = os.path.join(content, im["src"])
    size = Image.open(src).size
    tmp = src + ".new"
    Image.new("RGB", size, (0, 160, 0)).save(tmp, "PNG")
    os.replace(tmp, src)
    fresh = Run(None, extra=extra)
    box = picture_box(fresh.json("home"), fresh.png("home"))
    eq(box.getpixel((w // 2, h // 2)), (0, 160, 0), "the changed picture shows")



def test_without_a_data_folder_pictures_are_cached_for_the_user():
    """Started by hand on a machine without the kiosk's data folder, the
    kiosk keeps its pictures in the user's cache folder (XDG_CACHE_HOME,
    else ~/.cache) and never creates the data folder."""
    d = tempfile.mkdtemp()
    missing = os.path.join(d, "no-data-here")
    conf = os.path.join(d, "kiosk.conf")
    with open(conf, "w") as f:
        f.write(f"data_dir = {missing}\n")
    out = tempfile.mkdtemp()
    env = {k: v for k, v in os.environ.items() if k != "XDG_CACHE_HOME"}
    env["HOME"] = os.path.join(d, "home")
    os.makedirs(env["HOME"])
    subprocess.run([KIOSK, "render", "--out", out, "--config", conf], env=env, check=True,
                   capture_output=True, timeout=120)
    cached = os.listdir(os.path.join(env["HOME"], ".cache", "kiosk"))
    with open(os.path.join(out, "home.json")) as f:
        pic = json.load(f)["images"][0]
    size = f"-{pic['w']}x{pic['h']}.kpx"
    ok(any(n.endswith(size) for n in cached), f"Home's picture ({size}) in ~/.cache/kiosk: {cached}")
    ok(not os.path.exists(missing), "the data folder was not created")
    env["XDG_CACHE_HOME"] = os.path.join(d, "xdg")
    subprocess.run([KIOSK, "render", "--out", out, "--config", conf], env=env, check=True,
                   capture_output=True, timeout=120)
    ok(os.listdir(os.path.join(d, "xdg", "kiosk")), "and in $XDG_CACHE_HOME/kiosk when that is set")


def test_fonts_found_through_fontconfig_elsewhere():
    """DejaVu is opened straight from Debian's folder; where it is not
    there, fontconfig finds it wherever it is configured, and Home looks the
    same. Debian's folder is hidden in a mount namespace of the test's own
    (root, as CI is)."""
    ok(os.geteuid() == 0 and shutil.which("unshare"), "needs root and unshare (as CI has)")
    dejavu = "/usr/share/fonts/truetype/dejavu"
    d = tempfile.mkdtemp()
    fonts, empty = os.path.join(d, "fonts"), os.path.join(d, "empty")
    os.makedirs(fonts)
    os.makedirs(empty)
    for name in os.listdir(dejavu):
        if name.startswith("DejaVuSans") and not name.startswith(("DejaVuSansMono", "DejaVuSansCondensed")):
            shutil.copy(os.path.join(dejavu, name), fonts)
    conf = os.path.join(d, "fonts.conf")
    with open(conf, "w") as f:
        f.write(f"<?xml version=\"1.0\"?>\n<fontconfig><dir>{fonts}</dir>"
                f"<cachedir>{d}/fc-cache</cachedir></fontconfig>\n")
    out = tempfile.mkdtemp()
    p = subprocess.run(["unshare", "-m", "sh", "-c",
                        f"mount --bind {empty} {dejavu} && ls {dejavu} | wc -l && "
                        f"exec {KIOSK} render --out {out}"],
                       env=dict(os.environ, FONTCONFIG_FILE=conf), capture_output=True, text=True,
                       timeout=120)
    eq(p.returncode, 0, f"kiosk render with Debian's folder hidden: {p.stderr}")
    eq(p.stdout.split()[0], "0", "Debian's DejaVu folder really was empty for it")
    plain = Run(None)
    with Image.open(os.path.join(out, "home.png")).convert("RGB") as a, \
            Image.open(plain.png("home")).convert("RGB") as b:
        eq(ImageChops.difference(a, b).getbbox(), None, "Home drawn with the same faces")


def same_png(a, b, what):
    with Image.open(a).convert("RGB") as x, Image.open(b).convert("RGB") as y:
        eq(x.size, y.size, what + ": size")
        eq(ImageChops.difference(x, y).getbbox(), None, what)


def test_display_reset_lost_and_resized():
    """The headless kiosk goes through what a display does over months (the
    same SDL events and session calls as the live loop): after a renderer
    reset and a panel unplugged and back, the open topic is drawn exactly as
    before; a new panel size is laid out as a kiosk started at that size."""
    home = Run(None).json("home")
    opened = tap(target(home, "topic-2")) + "wait 600\n"
    ref = Run(opened + "shot ref\n")
    script = opened + "event device-reset\nshot device\nevent targets-reset\nshot targets\n"
    script += "event display-lost\ntap 10 10\nevent display-back\nshot back\n"
    r = Run(script)
    for name in ("device", "targets", "back"):
        eq(r.json(name), ref.json("ref"), f"after {name}: the same screen")
        same_png(r.png(name), ref.png("ref"), f"after {name}: the same pixels")
    p = Run("event display-lost\nshot gone\n", expect_rc=1)
    ok("unplugged" in p.stderr, f"no shot while the display is away: {p.stderr}")
    resized = Run(opened + "resize 1080 1920\nshot home\n")
    fresh = Run(None, size="1080x1920")
    eq(resized.json("home"), fresh.json("home"), "resized: Home laid out for the new size")
    same_png(resized.png("home"), fresh.png("home"), "resized: drawn as at that size")


# ---- pictures as phones and designers make them ------------------------------

sys.path.insert(0, os.path.join(HERE, "..", "pictures"))
import generate as pictures  # noqa: E402

ORIENTED = [f"o{o}.jpg" for o in range(1, 9)] + ["o6-mm.jpg", "o8-mm.jpg"]
DESIGNED = ["cmyk.jpg", "ycck.jpg", "anim.gif", "anim.webp", "interlaced.gif", "progressive.jpg",
            "photo.webp", "small.png"]
_pictures = {}


def picture_content(names):
    """A content folder with one topic per picture (generated once per
    run by tests/pictures/generate.py), and the folder of originals."""
    key = tuple(names)
    if key not in _pictures:
        gen = _pictures.get("gen")
        if gen is None:
            gen = os.path.join(tempfile.mkdtemp(prefix="kiosk-pictures-"), "gen")
            ycck = os.path.join(os.path.dirname(KIOSK), "tests", "ycck")
            pictures.generate(gen, ycck)
            _pictures["gen"] = gen
        content = tempfile.mkdtemp(prefix="kiosk-picture-content-")
        os.makedirs(os.path.join(content, "images"))
        md = "# Pictures\n\nPhotos as phones take them.\n\n"
        for n in names:
            shutil.copy(os.path.join(gen, n), os.path.join(content, "images", n))
            md += f"## {n}\n\n![{n}](images/{n})\n\n"
        with open(os.path.join(content, "article.md"), "w") as f:
            f.write(md)
        _pictures[key] = content
    return _pictures[key], _pictures["gen"]


def compare(shot, png, ref, what, mean_max, far_share=0.005):
    """The shot's first picture against ref (a PIL picture) scaled to the
    shown size by area averaging, as the kiosk scales: the mean difference
    per channel, and the share of pixels off by more than 48, must stay
    small. On failure both are kept in ARTIFACTS for a human to look at."""
    im = shot["images"][0]
    got = picture_box(shot, png)
    ref = ref.convert("RGB")
    if im.get("cover"):
        # Cropped to fill its box (an attract slide's): the middle of the
        # picture at the box's proportions.
        rw, rh = ref.size
        if rw * im["h"] > rh * im["w"]:
            cw = rh * im["w"] // im["h"]
            ref = ref.crop(((rw - cw) // 2, 0, (rw - cw) // 2 + cw, rh))
        else:
            ch = rw * im["h"] // im["w"]
            ref = ref.crop((0, (rh - ch) // 2, rw, (rh - ch) // 2 + ch))
    want = ref.resize((im["w"], im["h"]), Image.Resampling.BOX)
    diff = ImageChops.difference(got, want)
    px = list(diff.getdata())
    mean = sum(sum(p) for p in px) / (3 * len(px))
    far = sum(1 for p in px if max(p) > 48) / len(px)
    if mean > mean_max or far > far_share:
        os.makedirs(ARTIFACTS, exist_ok=True)
        stem = os.path.join(ARTIFACTS, what.replace(" ", "-").replace("/", "-"))
        got.save(stem + "-actual.png")
        want.save(stem + "-expected.png")
        raise AssertionError(f"{what}: mean difference {mean:.1f} (at most {mean_max}), "
                             f"{far:.2%} of pixels far off (see {stem}-*.png)")


def topic_shots(content, names, size="1920x1080", full=False, extra=()):
    """Each topic in turn (Home, the first tile, then swipes), shot; with
    full, each picture also tapped open full screen and shot. Returns the
    two runs' shots as (json, png) by picture name."""
    home = Run(None, size=size, extra=["--content", content] + list(extra)).json("home")
    pw, ph = (int(v) for v in size.split("x"))
    swipe = f"drag {pw * 3 // 4} {ph // 2} {pw // 8} {ph // 2 + 10} 250\nwait 1500\n"
    script = tap(target(home, "topic-0")) + "wait 1000\n"
    script += "".join(f"shot t{i}\n" + swipe for i in range(len(names)))
    r = Run(script, size=size, extra=["--content", content] + list(extra))
    topics = {n: (r.json(f"t{i}"), r.png(f"t{i}")) for i, n in enumerate(names)}
    if not full:
        return topics, {}
    script = tap(target(home, "topic-0")) + "wait 1000\n"
    for i, n in enumerate(names):
        s = topics[n][0]
        pic = [t for t in s["targets"] if t["id"].startswith("image-")]
        ok(pic, f"{n}: the picture is in view in its topic")
        script += tap(pic[0]) + "wait 1000\n" + f"shot f{i}\n" + "wait 100\n"
        script += tap({"x": 0, "y": ph // 2, "w": 40, "h": 40}) + "wait 1000\n" + swipe
    r = Run(script, size=size, extra=["--content", content] + list(extra))
    return topics, {n: (r.json(f"f{i}"), r.png(f"f{i}")) for i, n in enumerate(names)}


def test_exif_orientation_everywhere():
    """A photo stored turned or mirrored with each of the eight EXIF
    orientations (in both byte orders) shows upright in its topic and full
    screen, pixel for pixel against the upright drawing, and the JSON gives
    the upright (portrait) size."""
    content, gen = picture_content(ORIENTED)
    upright = Image.open(os.path.join(gen, "upright.png"))
    topics, full = topic_shots(content, ORIENTED, full=True)
    for n in ORIENTED:
        for where, (shot, png) in (("topic", topics[n]), ("full screen", full[n])):
            eq(shot["images"][0]["src"], f"images/{n}", f"{n} {where}: the picture shown")
            im = shot["images"][0]
            # Portrait, 3:4, as the photo was taken.
            ok(abs(im["w"] * 4 - im["h"] * 3) <= 8, f"{n} {where}: shown {im['w']}x{im['h']}, not 3:4")
            compare(shot, png, upright, f"{n} {where}", 4.0)
        eq(full[n][0]["screen"], "image", f"{n}: opened full screen")
        ok(full[n][0]["images"][0]["h"] > 800, f"{n}: full screen is large")


def test_exif_orientation_in_attract_mode_and_the_cache():
    """Attract mode shows the turned photos upright too; the next start
    reads them from DATA/cache (named with their orientation) and they are
    still upright; a cache file from before orientations counted (".px")
    is removed rather than shown."""
    names = ["o3.jpg", "o6.jpg", "o8-mm.jpg"]
    content, gen = picture_content(names)
    upright = Image.open(os.path.join(gen, "upright.png"))
    data = tempfile.mkdtemp(prefix="kiosk-picture-data-")
    os.makedirs(os.path.join(data, "cache"))
    stale = os.path.join(data, "cache", "fe00-1-2-3.000000000-1200x900.px")
    with open(stale, "wb") as f:
        f.write(b"KPX1" + bytes(12))
    extra = ["--content", content, "--data", data]
    # Shots a second into each slide, once it has slid in.
    script = "wait 91000\n" + "".join(f"wait 12000\nshot a{i}\n" for i in range(8))
    for run in range(2):
        r = Run(script, extra=extra)
        seen = set()
        for i in range(8):
            s = r.json(f"a{i}")
            if s["screen"] == "attract" and s["images"] and s["topic"] is None:
                src = s["images"][0]["src"]
                seen.add(src)
                compare(s, r.png(f"a{i}"), upright, f"attract {src} run {run}", 4.0)
        eq(sorted(seen), sorted(f"images/{n}" for n in names), "every picture came round")
        ok(not os.path.exists(stale), "a cache file from before orientations counted is gone")
        cached = os.listdir(os.path.join(data, "cache"))
        ok(any("-o6-" in c and c.endswith(".kpx") for c in cached),
           f"the turned photo is cached with its orientation: {cached}")


def test_cmyk_and_animations_in_the_right_colours():
    """A CMYK JPEG (Adobe's inverted inks) and a YCCK one show the colours
    PIL decodes them to; animated GIF and WebP show their first frame; an
    interlaced GIF, a progressive JPEG, a WebP photo and a small PNG shown
    larger look like the drawing too."""
    content, gen = picture_content(DESIGNED)
    topics, full = topic_shots(content, DESIGNED, full=True)
    upright = Image.open(os.path.join(gen, "upright.png"))
    for n in DESIGNED:
        with Image.open(os.path.join(gen, n)) as f:
            f.seek(0)
            ref = f.convert("RGB")
        # The first frame is the drawing; the later ones are not.
        if n.startswith("anim"):
            with Image.open(os.path.join(gen, n)) as f:
                f.seek(1)
                second = f.convert("RGB")
            try:
                compare(*topics[n], second, f"{n} is not its second frame", 4.0)
            except AssertionError:
                pass
            else:
                raise AssertionError(f"{n}: the second frame shows")
        for where, (shot, png) in (("topic", topics[n]), ("full screen", full[n])):
            eq(shot["images"][0]["src"], f"images/{n}", f"{n} {where}")
            # Shown larger than it is: scaled smoothly, so looser.
            compare(shot, png, ref, f"{n} {where}", 6.0 if n == "small.png" else 3.0,
                    0.05 if n == "small.png" else 0.005)
        if n in ("cmyk.jpg", "ycck.jpg"):
            compare(*topics[n], upright, f"{n} against the drawing", 4.0)


def test_reference_images():
    os.makedirs(ARTIFACTS, exist_ok=True)
    update = os.environ.get("GOLDEN_UPDATE") == "1"
    bad = []
    for name, size, open_id in GOLDEN_SHOTS:
        home_run = Run(None, size=size)
        if open_id:
            r = Run(tap(target(home_run.json("home"), open_id)) + "shot home\n", size=size)
        else:
            r = home_run
        ref = os.path.join(GOLDEN, name + ".png")
        if update:
            shutil.copy(r.png("home"), ref)
            continue
        if not os.path.exists(ref):
            bad.append(f"{name}: no reference image (make golden-update)")
            continue
        with Image.open(r.png("home")).convert("RGB") as a, Image.open(ref).convert("RGB") as b:
            if a.size != b.size:
                bad.append(f"{name}: size {a.size} != {b.size}")
                continue
            diff = ImageChops.difference(a, b)
            # A pixel differs when any channel is off by more than 24.
            mask = diff.convert("L").point(lambda v: 255 if v > 24 else 0)
            n = sum(1 for v in mask.getdata() if v)
            share = n / (a.size[0] * a.size[1])
            if share > 0.002:
                a.save(os.path.join(ARTIFACTS, name + "-actual.png"))
                diff.point(lambda v: min(255, v * 4)).save(os.path.join(ARTIFACTS, name + "-diff.png"))
                bad.append(f"{name}: {share:.2%} of pixels differ (see {ARTIFACTS})")
    ok(not bad, "; ".join(bad))


# ---- Markdown as tools write it (tests/content/make_markdown.py) -------------

SIZES = ("1920x1080", "1080x1920", "800x480")
# What must never show: pandoc's markup, HTML, the front matter.
LITERAL = ("{#", "[]{", "<!--", "-->", "[^1]", "title:", "{width", "{.", "<div", "<script",
           "alert(", "~~", "^o^", ":::")
_generated = None


def pandoc_content():
    """The generated articles (pandoc exports of Word documents and one
    written by hand), made once per run; their module for the names."""
    global _generated
    if _generated is None:
        for tool in ("pandoc", "tesseract"):
            if not shutil.which(tool):
                raise AssertionError(f"{tool} is not installed (sh tools/deps.sh)")
        sys.path.insert(0, os.path.join(HERE, "..", "content"))
        import make_markdown
        d = tempfile.mkdtemp(prefix="kiosk-pandoc-")
        subprocess.run([sys.executable, os.path.join(HERE, "..", "content", "make_markdown.py"), d],
                       check=True)
        _generated = (os.path.join(d, "kiosk"), make_markdown)
    return _generated


def articles():
    content, mm = pandoc_content()
    return content, [(mm.WORD_TITLE, mm.WORD_TOPICS), (mm.NOTES_TITLE, mm.NOTES_TOPICS),
                     (mm.HAND_TITLE, mm.HAND_TOPICS)]


def no_literal(text, what):
    for bad in LITERAL:
        ok(bad not in text, f"{what}: {bad!r} shows: {text[:400]!r}")


def ocr(paths):
    """OCR of several shots at once: stacked into one picture, one run."""
    ims = [Image.open(p).convert("RGB") for p in paths]
    sheet = Image.new("RGB", (max(i.width for i in ims), sum(i.height for i in ims)), "white")
    y = 0
    for im in ims:
        sheet.paste(im, (0, y))
        y += im.height
    path = os.path.join(tempfile.mkdtemp(prefix="kiosk-ocr-"), "sheet.png")
    sheet.save(path)
    return subprocess.run(["tesseract", path, "-"], capture_output=True, text=True).stdout


def topic_tour(content, ai, size):
    """For each topic of article ai: its index, its label, and the shots
    (JSON, PNG) of a run that opens it and scrolls it to its end."""
    extra = ["--content", content]
    home = Run(None, size=size, extra=extra).json("home")
    open_art = tap(target(home, f"article-{ai}"))
    art = Run(open_art + "shot art\n", size=size, extra=extra).json("art")
    w, h = map(int, size.split("x"))
    step = (h - 200) // 2
    for t in [t for t in art["targets"] if t["id"].startswith("topic-")]:
        first = Run(open_art + tap(t) + "shot p\n", size=size, extra=extra).json("p")
        drags = -(-first["max_scroll"] // step)
        script = open_art + tap(t) + "shot s0\n"
        for k in range(drags):
            script += f"drag {w // 2} {h * 3 // 4} {w // 2} {h * 3 // 4 - step} 600\nwait 3000\n"
            script += f"shot s{k + 1}\n"
        r = Run(script, size=size, extra=extra)
        names = [f"s{k}" for k in range(drags + 1)]
        yield (int(t["id"].split("-")[1]), t["label"], [r.json(n) for n in names],
               [r.png(n) for n in names])


def test_pandoc_articles_named_and_no_header_topic():
    content, arts = articles()
    home = Run(None, extra=["--content", content]).json("home")
    eq([t["label"] for t in home["targets"] if t["id"].startswith("article-")],
       [a[0] for a in arts], "titles: the front matter's, then the file name made readable")
    for ai, (title, topics) in enumerate(arts):
        r = Run(tap(target(home, f"article-{ai}")) + "shot a\n", extra=["--content", content])
        a = r.json("a")
        eq(a["title"], title, f"article {ai} title")
        eq([t["label"] for t in a["targets"] if t["id"].startswith("topic-")], topics,
           f"{title}: topics (the YAML header and tables are none)")
        no_literal("\n".join(t["text"] for t in a["texts"]), f"{title}: Home")


def test_pandoc_topics_show_no_markup_at_any_size():
    content, arts = articles()
    for size in SIZES:
        pngs = []
        for ai, (title, topics) in enumerate(arts):
            for i, label, shots, paths in topic_tour(content, ai, size):
                eq(shots[0]["title"], topics[i], f"{size} {title}: topic {i}")
                last = shots[-1]
                eq(last["scroll"], last["max_scroll"], f"{size} {label}: scrolled to the end")
                text = "\n".join(t["text"] for s in shots for t in s["texts"])
                no_literal(text, f"{size} {label}")
                for s in shots:
                    for t in s["texts"]:
                        x, y = t["x"], t["y"]
                        ok(x >= 0 and x + t["w"] <= int(size.split("x")[0]),
                           f"{size} {label}: text off the screen: {t}")
                pngs.extend(paths)
        text = ocr(pngs)
        ok(len(text) > 500, f"{size}: OCR read the topics: {text[:200]!r}")
        no_literal(text, f"{size}: OCR")


def shots_of(content, ai, ti, size, scrolls=0):
    home = Run(None, size=size, extra=["--content", content]).json("home")
    open_art = tap(target(home, f"article-{ai}"))
    art = Run(open_art + "shot a\n", size=size, extra=["--content", content]).json("a")
    w, h = map(int, size.split("x"))
    script = open_art + tap(target(art, f"topic-{ti}")) + "shot s0\n"
    for k in range(scrolls):
        script += f"drag {w // 2} {h * 3 // 4} {w // 2} {h // 4} 600\nwait 3000\nshot s{k + 1}\n"
    r = Run(script, size=size, extra=["--content", content])
    return r, [r.json(f"s{k}") for k in range(scrolls + 1)]


def cells_in(shot, table):
    x0, y0, x1, y1 = table["x"], table["y"], table["x"] + table["w"], table["y"] + table["h"]
    return [t for t in shot["texts"] if x0 <= t["x"] and t["x"] + t["w"] <= x1 and
            y0 <= t["y"] and t["y"] + t["h"] <= y1 + 2]


def test_tables_drawn_as_tables():
    content, mm = pandoc_content()
    # The Word table (3 columns): a grid at every size, its columns lined up.
    for size in SIZES:
        r, (s,) = shots_of(content, 0, 1, size)
        eq(len(s["tables"]), 1, f"{size}: one table on 'When and where'")
        t = s["tables"][0]
        eq((t["rows"], t["cols"], t["stacked"]), (4, 3, False), f"{size}: a 4x3 grid")
        cells = cells_in(s, t)
        xs = {c["text"]: c["x"] for c in cells}
        for a, b in (("Group", "Adults over 65"), ("When", "September"), ("Where", "Antenatal clinic")):
            ok(a in xs and b in xs, f"{size}: {a!r} and {b!r} drawn in the table: {sorted(xs)}")
            eq(xs[a], xs[b], f"{size}: {a} and {b} in one column")
        ok(xs["Group"] < xs["When"] < xs["Where"], f"{size}: columns left to right")
    # The eight-column timetable: a grid in landscape, one card a row on
    # narrow screens, every heading and value readable.
    for size, stacked in (("1920x1080", False), ("1080x1920", True), ("800x480", True)):
        r, shots = shots_of(content, 2, 4, size, scrolls=1 if size == "800x480" else 0)
        t = shots[0]["tables"][0]
        eq((t["cols"], t["stacked"]), (8, stacked), f"{size}: the timetable")
        texts = [x["text"] for s in shots for x in s["texts"]]
        for word in ("Wednesday", "Sunday", "closed all day", "Travel"):
            ok(any(word in x for x in texts), f"{size}: {word!r} shows: {texts}")
        if stacked:
            # A card's line reads "Clinic: Flu": heading and value.
            ok(sum(x.startswith("Clinic:") for x in texts) >= 2,
               f"{size}: each card names its heading: {texts}")
    # A grid table with paragraphs and a list in its cells.
    r, (s,) = shots_of(content, 1, 1, "1920x1080")
    t = s["tables"][0]
    eq((t["rows"], t["cols"], t["stacked"]), (3, 2, False), "the grid table")
    inside = [c["text"] for c in cells_in(s, t)]
    for word in ("Porridge with fruit.", "A hot drink.", "soup"):
        ok(any(word in x for x in inside), f"{word!r} in the grid table: {inside}")


def test_pandoc_pictures_notes_and_lists():
    content, mm = pandoc_content()
    _, (s,) = shots_of(content, 2, 3, "1920x1080")
    srcs = [i["src"] for i in s["images"]]
    eq(srcs[:2], ["images/Waiting Room.jpg", "images/Waiting Room.jpg"],
       "pictures whose names have spaces")
    for i in s["images"]:
        ok(i["w"] > 100 and i["h"] > 100, f"drawn: {i}")
    _, shots = shots_of(content, 2, 3, "1920x1080", scrolls=2)
    srcs = {i["src"] for x in shots for i in x["images"]}
    ok("images/front door.png" in srcs, f"<img> with %20 in its name: {srcs}")
    # Notes at the end of their topic, lettered and nested lists.
    _, (s,) = shots_of(content, 1, 0, "1920x1080")
    texts = [t["text"] for t in s["texts"]]
    for want in ("a.", "b.", "i.", "ii.", "c.", "Notes", "2."):
        ok(want in texts, f"{want!r} on 'Staying warm': {texts}")
    # Word's Heading 2 is a sub-heading, struck text and H2O read right.
    _, (s,) = shots_of(content, 0, 2, "1920x1080")
    joined = " ".join(t["text"] for t in s["texts"])
    ok("avoid all exercise" in joined and "H" in joined, joined)


def test_check_warns_about_what_would_look_wrong():
    content, mm = pandoc_content()
    d = tempfile.mkdtemp(prefix="kiosk-check-")
    stick = os.path.join(d, "kiosk")
    shutil.copytree(content, stick)
    os.rename(os.path.join(stick, "images", "Waiting Room.jpg"),
              os.path.join(stick, "images", "waiting room.JPG"))
    with open(os.path.join(stick, "c-odd.md"), "w") as f:
        f.write("# Odd\n\n## One\n\nA [span]{.x and {#never-closed here.\n\n<font>old</font>\n")
    p = subprocess.run([KIOSK, "check", d], capture_output=True, text=True, timeout=60)
    out = p.stdout + p.stderr
    eq(p.returncode, 0, f"warnings are no refusal: {out}")
    for want in ('warning: flu-vaccination_2024.md:15: picture "./images/front%20door.png"',
                 "warning: flu-vaccination_2024.md:32: what stands in <script> is left out",
                 'warning: flu-vaccination_2024.md:70: picture "images/Waiting Room.jpg" is found only as "images/waiting room.JPG"',
                 "warning: c-odd.md:5: \"{.x and {#never-closed",
                 "warning: c-odd.md:7: raw HTML (<font>)"):
        ok(want in out, f"check says {want!r}:\n{out}")
    ok("OK: 4 articles" in out, out)


def run_tests(scope, label, after=""):
    """Runs every test_ function of scope (a module's globals), those
    whose name holds $ONLY when it is set; prints one line a test and a
    closing count (label, then after). 1 when any failed."""
    tests = [(n, f) for n, f in scope.items() if n.startswith("test_") and callable(f)]
    only = os.environ.get("ONLY")
    passed = failed = 0
    for name, fn in tests:
        if only and only not in name:
            continue
        try:
            fn()
            passed += 1
            print(f"ok   {name}")
        except Exception:
            failed += 1
            print(f"FAIL {name}")
            traceback.print_exc()
    print(f"{label}: {passed} passed, {failed} failed{after}")
    return 1 if failed else 0


def main():
    return run_tests(globals(), "render")


if __name__ == "__main__":
    sys.exit(main())
