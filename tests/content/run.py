#!/usr/bin/env python3
"""Word documents end to end: the documents tests/content/make_docx.py
writes are put in a content folder and shown through `kiosk render` (the
JSON says what is on screen, OCR reads the screenshots, pixels show where
the pictures landed), taken in from a stick, and judged by `kiosk check`,
whose verdict on each hostile document is asserted line for line and in
time.

usage: run.py build/kiosk
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_docx  # noqa: E402

KIOSK = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/kiosk")
ARTIFACTS = os.path.abspath(os.environ.get("ARTIFACTS", "build/test-artifacts"))
SANITIZED = b"libasan" in subprocess.run(["ldd", KIOSK], capture_output=True).stdout
DOCS = None  # the generated documents (made in main)
EMPTY_CONF = None
TEMPS = []  # removed at the end


def tempdir(prefix):
    d = tempfile.mkdtemp(prefix=prefix)
    TEMPS.append(d)
    return d


def ok(cond, what):
    if not cond:
        raise AssertionError(what)


def eq(a, b, what=""):
    if a != b:
        raise AssertionError(f"{what}: {a!r} != {b!r}")


def folder_with(*names, kiosk=True):
    """A stick (or content folder) holding the named generated documents."""
    root = tempdir(prefix="kiosk-docx-")
    pkg = os.path.join(root, "kiosk") if kiosk else root
    os.makedirs(pkg, exist_ok=True)
    for name in names:
        kind = "good" if os.path.exists(os.path.join(DOCS, "good", name)) else "hostile"
        shutil.copy(os.path.join(DOCS, kind, name), os.path.join(pkg, name))
    return root, pkg


class Run:
    """One `kiosk render` run on a content folder: its shots by name."""

    def __init__(self, content, script=None, size="1920x1080", extra=()):
        self.dir = tempdir(prefix="kiosk-docx-render-")
        args = [KIOSK, "render", "--out", self.dir, "--size", size] + list(extra)
        if content:
            args += ["--content", content]
        if script is not None:
            path = os.path.join(self.dir, "script.txt")
            with open(path, "w") as f:
                f.write(script)
            args += ["--script", path]
        env = dict(os.environ, KIOSK_CONFIG=EMPTY_CONF)
        p = subprocess.run(args, capture_output=True, text=True, timeout=180, env=env)
        if p.returncode != 0:
            raise AssertionError(f"kiosk render exited {p.returncode}: {p.stderr}")

    def json(self, name):
        with open(os.path.join(self.dir, name + ".json")) as f:
            return json.load(f)

    def png(self, name):
        return os.path.join(self.dir, name + ".png")


def target(shot, ident):
    for t in shot["targets"]:
        if t["id"] == ident:
            return t
    raise AssertionError(f"no target {ident} in {[t['id'] for t in shot['targets']]}")


def tap(t):
    return f"tap {t['x'] + t['w'] // 2} {t['y'] + t['h'] // 2}\n"


def ocr(png):
    p = subprocess.run(["tesseract", png, "-", "--psm", "6"], capture_output=True, text=True)
    return p.stdout


class Topic:
    """A whole topic, shot down its length (scrolled by drags): the OCR
    text, the texts and tables the JSON lists, the first shot and the
    run."""

    def __init__(self, text, texts, tables, first, run):
        self.text, self.texts, self.tables, self.first, self.run = text, texts, tables, first, run


def topic_text(content, index, home, size="1920x1080"):
    w, h = (int(v) for v in size.split("x"))
    script = tap(target(home, f"topic-{index}")) + "wait 600\nshot s0\n"
    # A drag of most of the view, then rest: enough shots for long topics.
    for k in range(1, 8):
        script += f"drag {w // 2} {h * 3 // 4} {w // 2} {h // 4} 600\nwait 3000\nshot s{k}\n"
    r = Run(content, script, size=size)
    text, last, texts, tables = "", None, [], []
    for k in range(8):
        s = r.json(f"s{k}")
        if last is not None and s["scroll"] == last:
            break
        last = s["scroll"]
        text += ocr(r.png(f"s{k}")) + "\n"
        for t in s.get("texts", []):
            if t["text"] not in texts:
                texts.append(t["text"])
        # A table is listed by every shot it shows in, moved by the scroll.
        for t in s.get("tables", []):
            key = (t["rows"], t["cols"], t["y"] + s["scroll"])
            if key not in [(u["rows"], u["cols"], u["y"]) for u in tables]:
                tables.append(dict(t, y=key[2]))
    return Topic(text, texts, tables, r.json("s0"), r)


def picture_colour(run, shot, src):
    """The colour just inside the picture's top-left corner, on screen."""
    s = run.json(shot)
    for im in s["images"]:
        if im["src"] == src:
            with Image.open(run.png(shot)).convert("RGB") as png:
                return png.getpixel((im["x"] + 4, im["y"] + 4))
    raise AssertionError(f"{src} not on screen: {[i['src'] for i in s['images']]}")


def near(c, want, tol=24):
    return all(abs(a - b) <= tol for a, b in zip(c, want))


# ---- what the screen shows -------------------------------------------------------


def test_python_docx_home_and_topics():
    root, pkg = folder_with("python-docx.docx", kiosk=False)
    r = Run(pkg)
    home = r.json("home")
    eq(home["title"], "Flu Vaccination 2024", "the Title style is the title")
    eq([t["label"] for t in home["targets"] if t["id"].startswith("topic-")],
       ["Who should have it", "Doses"], "Heading 1s are the topics")
    eq([(i["src"], i["alt"]) for i in home["images"]],
       [("python-docx.docx/word/media/image1.png", "Our waiting room")], "the lead picture")
    ok(near(picture_colour(r, "home", "python-docx.docx/word/media/image1.png"), (40, 140, 200)),
       "the picture's own pixels are drawn")
    text = ocr(r.png("home"))
    for words in ("Flu Vaccination 2024", "This leaflet explains", "flu vaccine"):
        ok(words in text, f"OCR finds {words!r} on Home: {text[:400]!r}")

    t = topic_text(pkg, 0, home)
    eq(t.first["title"], "Who should have it", "topic title")
    for words in ("People over 65", "Pregnant women", "In the second trimester", "Steps",
                  "1. Book an appointment", "2. Fill in the form", "3. Come in"):
        ok(words in t.text, f"OCR finds {words!r} in the first topic: {t.text[:600]!r}")
    t = topic_text(pkg, 1, home)
    eq([(x["rows"], x["cols"]) for x in t.tables], [(3, 2)], "the table, as a table")
    for words in ("Age", "Dose", "Over 65", "High dose", "Standard"):
        ok(words in t.texts, f"{words!r} in a cell: {t.texts}")
        ok(words in t.text, f"OCR finds {words!r} in the table: {t.text[:600]!r}")
    ok("Ask at the front desk" in t.text, "the paragraph after the table")


def test_constructs_shown_and_left_out():
    root, pkg = folder_with("constructs.docx", kiosk=False)
    r = Run(pkg)
    home = r.json("home")
    eq(home["title"], "Grippeimpfung 2024", "Titel (German Title style)")
    eq([t["label"] for t in home["targets"] if t["id"].startswith("topic-")],
       ["Wer sollte sich impfen lassen", "Nebenwirkungen", "Wo"],
       "topics by heading name, and a house style based on a heading")
    eq([i["alt"] for i in home["images"]], ["The clinic's vaccination room"], "lead picture")
    ok(near(picture_colour(r, "home", "constructs.docx/word/media/image1.png"), (40, 140, 200)),
       "lead picture pixels")
    home_text = ocr(r.png("home"))
    ok("Dieses Blatt" in home_text, f"the introduction on Home: {home_text[:300]!r}")

    topics = [topic_text(pkg, i, home) for i in range(3)]
    every = home_text + "".join(t.text for t in topics)
    # Never shown: hidden text, deleted and moved-away text, field codes,
    # the table of contents, headers and comments.
    for gone in ("Hidden words", "Entfernt", "Weggeschoben", "NUMPAGES", "TOC", "Inhalt",
                 "KOPFZEILE", "KOMMENTAR", "Field TOC entry", "........"):
        ok(gone not in every, f"{gone!r} must not be shown")

    first = topics[0].text
    for words in ("Menschen", "Schwangere", "Termin buchen", "Impfen lassen", "Schritte",
                  "Optionen", "Erste Option", "Neu nummeriert", "Die Impfung"):
        ok(words in first, f"OCR finds {words!r} in topic 1: {first[:800]!r}")
    # Numbers count per list in their own formats (1. a. i., A. I.), and
    # restart where the document restarts them.
    for words in ("1. Termin buchen", "2. Formular", "a. Name", "b. Geburtsdatum", "Tag",
                  "3. Impfen lassen", "A. Erste Option", "B. Zweite Option",
                  "1. Neu nummeriert"):
        ok(words in first, f"list numbering {words!r}: {first[:800]!r}")
    markers = [x["text"] for x in topics[0].first["texts"]
               if x["text"].endswith(".") and 2 <= len(x["text"]) <= 4]
    eq(markers[:10], ["1.", "2.", "a.", "b.", "i.", "ii.", "3.", "A.", "I.", "B."],
       "the markers on screen, in order")

    second = topics[1].text
    for words in ("Meist mild", "Alter", "Dosis", "Hochdosis", "innen eins", "innen zwei",
                  "Eingesetzt", "Hergeschoben", "Seite 7 von 9", "Mehr beim Gesundheitsamt",
                  "Notes", "Laut Studie 2023", "Stand Januar 2024"):
        ok(words in second, f"OCR finds {words!r} in topic 2: {second[:900]!r}")
    eq([(x["rows"], x["cols"]) for x in topics[1].tables], [(3, 2)],
       "one table (the one in a cell read into it)")
    texts = topics[1].texts
    for cell in ("Alter", "Dosis", "Hochdosis", "innen eins", "innen zwei"):
        ok(cell in texts, f"{cell!r} in a cell: {texts}")
    # The notes' numbers, raised in the text, and the notes at the end.
    ok(texts.index("1") == texts.index("Meist mild") + 1, f"note 1 after its word: {texts}")
    ok("Laut Studie 2023." in texts and "Stand Januar 2024." in texts, f"the notes: {texts}")
    ok(texts.index("Laut Studie 2023.") > texts.index("Mehr beim Gesundheitsamt"),
       "notes at the end of the topic")
    third = topics[2].text
    ok("Im Kasten" in third and third.count("Im Kasten") == 1,
       f"a text box's text once: {third[:400]!r}")


def test_pictures_of_a_topic_open_full_screen():
    root, pkg = folder_with("constructs.docx", kiosk=False)
    home = Run(pkg).json("home")
    # Scroll the topic until the floating picture is in view, then tap it.
    script = tap(target(home, "topic-1")) + "wait 600\n"
    script += "drag 960 800 960 200 600\nwait 3000\nshot t\n"
    r = Run(pkg, script)
    t = r.json("t")
    alts = {i["alt"]: i for i in t["images"]}
    ok("A floating picture" in alts or "An old VML picture" in alts,
       f"the topic's pictures on screen: {list(alts)}")
    im = alts.get("A floating picture") or alts["An old VML picture"]
    pic = [x for x in t["targets"] if x["label"] == im["alt"]][0]
    r = Run(pkg, script + tap(pic) + "wait 600\nshot full\n")
    full = r.json("full")
    eq(full["screen"], "image", "a tap opens the picture")
    eq([i["src"] for i in full["images"]], [im["src"]], "the same picture")
    want = (220, 120, 40) if im["alt"] == "A floating picture" else (60, 170, 90)
    ok(near(picture_colour(r, "full", im["src"]), want), "its pixels, full screen")


def test_pandoc_document():
    """A Word document pandoc wrote: another program's styles, lists,
    table, picture caption and note."""
    ok(os.path.exists(os.path.join(DOCS, "good", "pandoc.docx")), "pandoc is installed")
    root, pkg = folder_with("pandoc.docx", kiosk=False)
    home = Run(pkg).json("home")
    eq(home["title"], "Flu Vaccination 2024/25", "pandoc's Title paragraph")
    eq([t["label"] for t in home["targets"] if t["id"].startswith("topic-")],
       ["Who should have it", "Doses"], "topics")
    eq([i["alt"] for i in home["images"]], ["Our waiting room"], "the picture, captioned once")
    t = topic_text(pkg, 0, home)
    markers = [x["text"] for x in t.first["texts"] if x["text"] in ("1.", "2.", "a.", "b.")]
    eq(markers, ["1.", "2.", "a.", "b."], "numbered and lettered")
    t = topic_text(pkg, 1, home)
    eq([(x["rows"], x["cols"]) for x in t.tables], [(3, 2)], "pandoc's table")
    ok("Standard" in t.texts and "Ask at the front desk." in t.texts, f"{t.texts}")
    got = expect_check(["pandoc.docx"], 0, [])
    ok(got[-1].startswith("OK: 1 article, 2 topics, 1 image, "), f"check: {got}")


def test_title_from_properties_and_file_name():
    root, pkg = folder_with("core-title.docx", kiosk=False)
    eq(Run(pkg).json("home")["title"], "Title From Properties", "docProps/core.xml title")
    root, pkg = folder_with("flu-vaccination_2024.docx", kiosk=False)
    eq(Run(pkg).json("home")["title"], "Flu vaccination 2024", "the file name made readable")
    root, pkg = folder_with("heading2-only.docx", kiosk=False)
    home = Run(pkg).json("home")
    eq([t["label"] for t in home["targets"] if t["id"].startswith("topic-")],
       ["First", "Second"], "Heading 2s are topics when there is no Heading 1")


def test_word_and_markdown_side_by_side():
    root, pkg = folder_with("python-docx.docx", "core-title.docx", kiosk=False)
    with open(os.path.join(pkg, "b-article.md"), "w") as f:
        f.write("# A Markdown Article\n\nIntro.\n\n## Its Topic\n\nText.\n")
    home = Run(pkg).json("home")
    labels = [t["label"] for t in home["targets"] if t["id"].startswith("article-")]
    eq(labels, ["A Markdown Article", "Title From Properties", "Flu Vaccination 2024"],
       "articles in file-name order, Word and Markdown alike")


def test_stick_with_a_word_document_is_taken_in():
    root, pkg = folder_with("python-docx.docx")
    data = tempdir(prefix="kiosk-docx-data-")
    r = Run(None, f"usb {root}\nwait 3000\nshot done\nwait 9000\nshot home\n",
            extra=["--data", data])
    done = r.json("done")
    eq(done["screen"], "notice", f"a notice after the import: {done}")
    ok("topics: 2, pictures: 1" in done["title"], f"the summary counts the document: {done['title']}")
    home = r.json("home")
    eq(home["title"], "Flu Vaccination 2024", "the installed document on Home")
    ok(near(picture_colour(r, "home", "python-docx.docx/word/media/image1.png"), (40, 140, 200)),
       "its picture, read from inside the installed document")
    # Shown again from DATA/cache on the next start: same pixels.
    again = Run(None, extra=["--data", data])
    ok(near(picture_colour(again, "home", "python-docx.docx/word/media/image1.png"),
            (40, 140, 200)), "the cached picture")
    # Its cache file is named by the part inside the document (an FNV-1a
    # hash of "word/media/image1.png"), since the document holds several.
    h = 0xcbf29ce484222325
    for ch in b"word/media/image1.png":
        h = ((h ^ ch) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    cache = os.path.join(data, "cache")
    ok(any(f"-{h:016x}-" in f for f in os.listdir(cache)),
       f"DATA/cache holds it by its part: {os.listdir(cache)}")


def test_bad_document_on_stick_keeps_old_content():
    root, pkg = folder_with("not-picture.docx")
    data = tempdir(prefix="kiosk-docx-data-")
    r = Run(None, f"usb {root}\nwait 3000\nshot bad\n", extra=["--data", data])
    bad = r.json("bad")
    eq(bad["screen"], "notice", "a notice")
    ok("not-picture.docx" in bad["detail"] and "not a picture" in bad["detail"],
       f"the problem named on screen: {bad}")
    ok(not os.path.exists(os.path.join(data, "current")), "nothing installed")


# ---- kiosk check ---------------------------------------------------------------------


def check(root, timeout=60):
    env = dict(os.environ, KIOSK_CONFIG=EMPTY_CONF)
    t0 = time.monotonic()
    p = subprocess.run([KIOSK, "check", root], capture_output=True, text=True, timeout=timeout,
                       env=env)
    lines = [l for l in p.stdout.split("\n") if l]
    if "Sanitizer" in p.stderr:
        raise AssertionError(f"sanitizer report: {p.stderr}")
    return p.returncode, lines, time.monotonic() - t0


def expect_check(names, rc, lines, under=20):
    root, _ = folder_with(*names)
    got_rc, got, took = check(root)
    if got_rc != rc or got[:len(lines)] != lines:
        raise AssertionError(f"{names}: expected exit {rc} and {lines}\ngot exit {got_rc}: {got}")
    ok(took < under, f"{names}: took {took:.1f}s")
    return got


def test_check_good_documents():
    for name, summary in [("constructs.docx", "OK: 1 article, 3 topics, 3 images, "),
                          ("python-docx.docx", "OK: 1 article, 2 topics, 1 image, "),
                          ("heading2-only.docx", "OK: 1 article, 2 topics, 0 images, ")]:
        got = expect_check([name], 0, [])
        eq(len(got), 1, f"{name}: one line")
        ok(got[0].startswith(summary), f"{name}: {got[0]!r} should start {summary!r}")


HOSTILE = [
    ("bomb-ratio.docx", "bomb-ratio.docx: the document is packed suspiciously tightly (a part "
     "would grow more than 100 times when unpacked)"),
    ("bomb-declared.docx", "bomb-declared.docx: a part of the document is too large (3072 MB "
     "unpacked; at most 16 MB); make its pictures smaller"),
    ("bomb-total.docx", "bomb-total.docx: the document holds too much (more than 64 MB "
     "unpacked); make its pictures smaller"),
    ("lying-size.docx", "lying-size.docx: the document is damaged (it may have been copied only "
     "in part); open it in Word and save it again"),
    ("many-entries.docx", "many-entries.docx: the document holds too many parts (2007; at most "
     "2000)"),
    ("entities.docx", "entities.docx: the document contains a DOCTYPE declaration, which Word "
     "never writes (it may be made to attack the kiosk)"),
    ("external-entity.docx", "external-entity.docx: the document contains a DOCTYPE "
     "declaration, which Word never writes (it may be made to attack the kiosk)"),
    ("nested-tables.docx", "nested-tables.docx: the document is nested too deeply to show "
     "(tables inside tables inside tables)"),
    ("not-picture.docx", "not-picture.docx: picture 1 (\"Not really a picture\"): not a picture "
     "the kiosk can show (the file is text); put a PNG or JPEG picture in its place"),
    ("emf-picture.docx", "emf-picture.docx: picture 1: not a picture the kiosk can show (a "
     "Windows drawing (EMF)); put a PNG or JPEG picture in its place"),
    ("missing-picture.docx", "missing-picture.docx: picture 1 (\"Gone\"): the picture is missing "
     "from the document (it may be damaged)"),
    ("old.doc", "old.doc: this is an old Word document (.doc); open it in Word or LibreOffice "
     "and save it as .docx"),
    ("old-renamed.docx", "old-renamed.docx: this is an old Word document (.doc) with a .docx "
     "name; open it in Word or LibreOffice and save it as .docx"),
    ("encrypted.docx", "encrypted.docx: this Word document is protected by a password; open it "
     "in Word, remove the password (File > Info > Protect Document) and save it again"),
    ("damaged.docx", "damaged.docx: the document is damaged (it may have been copied only in "
     "part); open it in Word and save it again"),
    ("text.docx", "text.docx: this is not a Word document (.docx) the kiosk can read; open it in "
     "Word or LibreOffice and save it as .docx"),
    ("empty.docx", "empty.docx: the document is empty"),
]


def test_check_hostile_documents():
    failures = []
    for name, line in HOSTILE:
        try:
            # Beside a good document, so the verdict is about this one.
            expect_check([name, "core-title.docx"], 1, [line], under=10)
        except AssertionError as e:
            failures.append(str(e))
    ok(not failures, "\n".join(failures))


def test_check_outside_relationships_are_warnings():
    got = expect_check(["outside-rels.docx"], 0, [
        "warning: outside-rels.docx: a picture points outside the document and is not shown",
        "warning: outside-rels.docx: a picture linked from outside the document is not shown "
        "(insert the picture itself instead of a link)",
    ])
    ok(got[-1].startswith("OK: 1 article, 1 topic, 0 images"), f"summary: {got}")


def test_check_other_formats_named():
    root, pkg = folder_with("core-title.docx")
    for name in ("notes.odt", "letter.rtf"):
        with open(os.path.join(pkg, name), "wb") as f:
            f.write(b"x")
    with open(os.path.join(pkg, "~$re-title.docx"), "wb") as f:
        f.write(b"\x05owner")  # Word's owner file: clutter, not an article
    rc, lines, _ = check(root)
    eq(rc, 1, f"refused: {lines}")
    eq(sorted(lines), sorted([
        "letter.rtf: this is a Rich Text document (.rtf); open it in Word or LibreOffice and "
        "save it as .docx",
        "notes.odt: this is a LibreOffice document (.odt); open it in LibreOffice and save it "
        "as Word (.docx)",
    ]), "each named with what to do, the owner file ignored")


def test_check_warns_of_what_a_word_document_shows_differently():
    """What Word shows and the kiosk cannot, each named with the file,
    and a stick's kiosk.conf beside a Word document warned of line by
    line: the content is still taken."""
    root, pkg = folder_with("not-shown.docx")
    with open(os.path.join(pkg, "kiosk.conf"), "w") as f:
        f.write("colour = blue\ntext_scale = 9\nidle_timeout_s = 60 ; staff room\n"
                "[display]\nbrightness = 3\n")
    rc, lines, _ = check(root)
    eq(rc, 0, f"warnings only: {lines}")
    eq(lines[:-1], [
        'warning: kiosk.conf:1: unknown setting "colour"',
        "warning: kiosk.conf:2: text_scale must be a number from 0.75 to 2.0, such as 1.25 "
        '(got "9")',
        "warning: kiosk.conf:4: unknown section [display]",
        'warning: not-shown.docx: a symbol from the "Wingdings" font is left out (insert the '
        "character itself from an ordinary font, such as \u2713 or \u2192)",
        'warning: not-shown.docx: text in the "Wingdings" font shows as the letters typed, not '
        "as the font's symbols (use the characters themselves from an ordinary font, such as "
        "\u2713 or \u2192)",
        "warning: not-shown.docx: a chart is not shown (paste it as a picture instead)",
        "warning: not-shown.docx: a SmartArt diagram is not shown (paste it as a picture "
        "instead)",
        "warning: not-shown.docx: an embedded object (a spreadsheet, an equation or another "
        "file) is not shown",
        "warning: not-shown.docx: a part pasted in from another file (an embedded web page or "
        "document) is not shown; paste its text instead",
    ], "check's warnings")
    ok(lines[-1].startswith("OK: 1 article, 1 topic, 0 images"), lines[-1])


def test_picture_named_in_other_capitals_and_codes():
    """A relationship that names its picture "Media/My%20Photo.PNG" for the
    part word/media/my photo.png: OPC names parts without regard to case
    and as URIs, so Word finds it, and the kiosk shows it too without a
    warning (unlike a Markdown article's picture, whose name on a stick
    another computer may read differently)."""
    root, pkg = folder_with("part-names.docx")
    rc, lines, _ = check(root)
    eq(rc, 0, lines)
    eq(len(lines), 1, f"no warning: {lines}")
    ok(lines[0].startswith("OK: 1 article, 1 topic, 1 image"), lines[0])
    r = Run(pkg)
    home = r.json("home")
    srcs = [im["src"] for im in home["images"]]
    eq(len(srcs), 1, f"the picture on Home: {home['images']}")
    ok(near(picture_colour(r, "home", srcs[0]), (200, 60, 140)), "its pixels")


def test_check_and_notice_name_characters_no_font_has():
    """A character no installed font has: `kiosk check` names it with its
    file, line and topic, once per run of such characters, for a Word
    document and a Markdown article alike; the screen after the stick is
    plugged in says the same words; the topic shows an empty box."""
    for cp in (0x10D40, 0x10D41):
        fonts = subprocess.run(["fc-list", f":charset={cp:x}", "family"], capture_output=True,
                               text=True).stdout.strip()
        eq(fonts, "", f"no font has U+{cp:04X} (else pick another character)")
    root, pkg = folder_with("no-font.docx")
    with open(os.path.join(pkg, "b-care.md"), "w") as f:
        f.write("# More Care\n\n## Soap\n\nUse soap.\nAnd \U00010D40 \U00010D41, then "
                "water.\n")
    rc, lines, _ = check(root)
    eq(rc, 0, f"warnings are no refusal: {lines}")
    want = [
        "warning: b-care.md:6: U+10D40 \U00010D40, U+10D41 \U00010D41 in \"Soap\" have no font "
        "on this kiosk (they would show as boxes)",
        "warning: no-font.docx: U+10D40 \U00010D40 in \"Germs\" has no font on this kiosk (it "
        "would show as a box)",
        "warning: no-font.docx: U+10D41 \U00010D41 in \"Germs\" has no font on this kiosk (it "
        "would show as a box)",
    ]
    eq(lines[:-1], want, "check's warnings")
    ok(lines[-1].startswith("OK: 2 articles"), lines[-1])
    # The same stick plugged into the kiosk: the notice after the import
    # lists check's warnings in check's words.
    data = tempdir(prefix="kiosk-docx-data-")
    r = Run(None, f"usb {root}\nwait 3000\nshot done\n", extra=["--data", data])
    done = r.json("done")
    eq(done["screen"], "notice", f"a notice after the import: {done}")
    shown = done["detail"].split("\n")
    for line in want:
        ok(line in shown, f"the notice says {line!r}: {shown}")
    # And the topic shows the character where the check said (drawn as
    # the box tests/text proves it is: the check and the screen use the
    # same fonts).
    home = Run(pkg).json("home")
    art = [t for t in home["targets"] if t["label"] == "Hand Care"]
    eq(len(art), 1, f"the document on Home: {home['targets']}")
    a = Run(pkg, tap(art[0]) + "wait 600\nshot a\n").json("a")
    t = Run(pkg, tap(art[0]) + "wait 600\n" + tap(target(a, "topic-0")) + "wait 600\nshot t\n")
    texts = [x["text"] for x in t.json("t")["texts"]]
    ok(any("\U00010D40" in x for x in texts), f"the character on screen: {texts}")


def main():
    global DOCS, EMPTY_CONF
    work = tempdir("kiosk-docx-docs-")
    DOCS = os.path.join(work, "docs")
    make_docx.write_all(DOCS)
    EMPTY_CONF = os.path.join(work, "empty.conf")
    open(EMPTY_CONF, "w").close()
    tests = [(n, f) for n, f in globals().items() if n.startswith("test_") and callable(f)]
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
    for d in TEMPS:
        shutil.rmtree(d, ignore_errors=True)
    print(f"content: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
