#!/usr/bin/env python3
"""`kiosk preview` end to end: the built-in content, a Word document made by
tests/content/make_docx.py, an article in three languages, and hostile and
refused packages are previewed; the index.html is read back (every link
resolves to a file written beside it, nothing from the stick became
markup, check's verdict and warnings stand at the top in check's words),
the screenshots are measured (landscape and portrait, the size asked) and
one topic is read back by OCR.

usage: run.py build/kiosk
"""
import html.parser
import os
import shutil
import subprocess
import sys
import tempfile
import traceback

from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "content"))
import make_docx  # noqa: E402

KIOSK = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/kiosk")
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
BUILTIN = os.path.join(ROOT, "assets", "content")
THREE = os.path.join(ROOT, "tests", "render", "languages", "three")
TEMPS = []
EMPTY_CONF = None


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


def env():
    return dict(os.environ, KIOSK_CONFIG=EMPTY_CONF)


def check(folder):
    p = subprocess.run([KIOSK, "check", folder], capture_output=True, text=True, timeout=120,
                       env=env())
    return p.returncode, [line for line in p.stdout.split("\n") if line]


class Preview:
    """One `kiosk preview` run: its exit status, its output lines, and
    the index.html read back."""

    def __init__(self, folder, size=None, out=None):
        self.out = out or os.path.join(tempdir("kiosk-preview-out-"), "preview")
        args = [KIOSK, "preview", folder, "--out", self.out]
        if size:
            args += ["--size", size]
        p = subprocess.run(args, capture_output=True, text=True, timeout=600, env=env())
        if "Sanitizer" in p.stderr:
            raise AssertionError(f"sanitizer report: {p.stderr}")
        self.rc, self.stderr = p.returncode, p.stderr
        self.lines = [line for line in p.stdout.split("\n") if line]
        path = os.path.join(self.out, "index.html")
        self.html = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        self.page = Page()
        if self.html:
            self.page.feed(self.html)
            self.page.close()

    def pngs(self):
        found = []
        for sub in ("landscape", "portrait"):
            d = os.path.join(self.out, sub)
            if os.path.isdir(d):
                found += [f"{sub}/{f}" for f in sorted(os.listdir(d))]
        return found


OWN_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "code",
            "section", "nav", "ul", "ol", "li", "a", "bdi", "div", "figure", "img", "figcaption"}
OWN_ATTRS = {"lang", "charset", "http-equiv", "content", "name", "class", "id", "href", "src",
             "width", "height", "loading", "alt"}


class Page(html.parser.HTMLParser):
    """What the tests read of index.html: links, pictures, ids, the text
    of each list item, every tag (for balance), and the whole text."""

    VOID = {"meta", "img", "br", "hr", "link", "input"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs, self.srcs, self.ids, self.items, self.tags = [], [], set(), [], []
        self.attrs = set()
        self.text, self.stack, self.errors, self.li = [], [], [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        self.attrs |= {name for name, _ in attrs}
        if "href" in a:
            self.hrefs.append(a["href"])
        if tag == "img":
            self.srcs.append(a.get("src"))
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "li":
            self.li = []
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()
        if tag == "li" and self.li is not None:
            self.items.append("".join(self.li).strip())
            self.li = None

    def handle_data(self, data):
        self.text.append(data)
        if self.li is not None:
            self.li.append(data)


def links_resolve(pv):
    """Every link and picture of the page is a file beside it (or an
    anchor on it), every screenshot written is shown, nothing leaves the
    folder, and the tags are balanced."""
    page = pv.page
    eq(page.errors, [], "tags close in order")
    eq(page.stack, [], "every tag closed")
    for link in page.hrefs + page.srcs:
        ok(link and ":" not in link and not link.startswith("/") and ".." not in link,
           f"relative link inside the folder: {link!r}")
        if link.startswith("#"):
            ok(link[1:] in page.ids, f"anchor {link} on the page")
        else:
            ok(os.path.isfile(os.path.join(pv.out, link)), f"{link} was written")
    eq(sorted(set(page.srcs)), pv.pngs(), "each screenshot shown once on the page")
    # Only the page's own tags and attributes: nothing from the stick
    # became one.
    eq(set(page.tags) - OWN_TAGS, set(), "tags")
    eq(page.attrs - OWN_ATTRS, set(), "attributes")


def sizes_right(pv, w, h):
    for rel in pv.pngs():
        with Image.open(os.path.join(pv.out, rel)) as im:
            want = (w, h) if rel.startswith("landscape/") else (h, w)
            eq(im.size, want, rel)
            eq(im.format, "PNG", rel)


def ocr(png):
    p = subprocess.run(["tesseract", png, "-", "--psm", "3"], capture_output=True, text=True)
    return " ".join(p.stdout.split())


def verdict_and_warnings_first(pv, folder):
    """check's lines (problems and warnings) and its verdict are on the
    page, in its words, before any screenshot."""
    rc, lines = check(folder)
    first_img = pv.html.find("<img")
    for line in lines:
        if line.startswith("OK: "):
            eq(pv.lines[-1 if pv.rc else len(lines) - 1], line, "the command says check's verdict")
        page_line = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
            .replace('"', "&quot;").replace("'", "&#39;")
        at = pv.html.find(page_line)
        ok(at >= 0, f"check's line on the page: {line!r}")
        ok(first_img < 0 or at < first_img, f"before the screenshots: {line!r}")
    return rc, lines


# ---- the tests ---------------------------------------------------------------------------


def test_the_built_in_content():
    pv = Preview(BUILTIN)
    eq(pv.rc, 0, f"exit status: {pv.lines} {pv.stderr}")
    ok(pv.lines[-1].startswith("Preview: ") and pv.lines[-1].endswith("/index.html"),
       pv.lines[-1])
    rc, lines = verdict_and_warnings_first(pv, BUILTIN)
    eq(rc, 0, "check takes it")
    links_resolve(pv)
    sizes_right(pv, 1920, 1080)
    pngs = pv.pngs()
    # Home, eight topics and three pictures full screen, both ways.
    for stem in ["home"] + [f"a0-t{t}" for t in range(8)] + [f"a0-p{k}" for k in (1, 2, 3)]:
        for sub in ("landscape", "portrait"):
            ok(f"{sub}/{stem}.png" in pngs, f"{sub}/{stem}.png in {pngs}")
    # Each topic under its own title, each picture under its caption.
    for title in ("Understanding Ketamine", "How Ketamine Works", "Conclusion"):
        ok(f"<bdi>{title}</bdi>" in pv.html, title)
    ok(any("Ketamine affects glutamate" in item and "images/brain-glutamate.png" in item
           for item in pv.page.items), "the picture listed with its caption and file")
    # A topic longer than a screen is shown screen by screen.
    ok(any("-2.png" in p for p in pngs), f"a second screen of a long topic: {pngs}")
    # What the screenshot shows, read back.
    text = ocr(os.path.join(pv.out, "landscape", "a0-t2.png"))
    ok("How Ketamine Works" in text and "glutamate" in text, f"OCR of the topic: {text}")


def test_another_size_and_a_second_run():
    out = os.path.join(tempdir("kiosk-preview-out-"), "p")
    first = Preview(BUILTIN, size="800x480", out=out)
    eq(first.rc, 0, first.stderr)
    sizes_right(first, 800, 480)
    # A stale screenshot of an earlier preview does not survive the next
    # one, and a file of the user's beside them is left alone.
    stale = os.path.join(out, "landscape", "a0-t99.png")
    shutil.copy(os.path.join(out, "landscape", "home.png"), stale)
    mine = os.path.join(out, "landscape", "holiday.png")
    shutil.copy(os.path.join(out, "landscape", "home.png"), mine)
    again = Preview(BUILTIN, size="800x480", out=out)
    eq(again.rc, 0, again.stderr)
    ok(not os.path.exists(stale), "the stale screenshot is gone")
    ok(os.path.exists(mine), "the user's file stays")


def word_stick():
    root = tempdir("kiosk-preview-docx-")
    pkg = os.path.join(root, "kiosk")
    os.makedirs(pkg)
    pic = make_docx.picture(640, 400, (40, 140, 200))
    title = "<script>alert('x')</script> Flu & \"Care\""
    # para() takes text starting with "<" for XML: the run is made here.
    body = (make_docx.para(make_docx.run(title), style="Title")
            + make_docx.para("An introduction.")
            + make_docx.para("Wash Your Hands", style="Heading1")
            + make_docx.para("Soap and warm water for twenty seconds.")
            + make_docx.para(make_docx.drawing("rIdImg1", descr="A <b>sink</b> & soap"))
            + make_docx.para("When To Stay Home", style="Heading1")
            + make_docx.para(f"With a fever {make_docx.NO_FONT[0]} stay home."))
    data = make_docx.docx(body, styles=make_docx.SIMPLE_STYLES,
                          doc_rels=[("rIdImg1", "image", "media/image1.png")],
                          media={"word/media/image1.png": pic})
    with open(os.path.join(pkg, "leaflet.docx"), "wb") as f:
        f.write(data)
    return root, title


def test_a_word_document():
    root, title = word_stick()
    pv = Preview(root)
    eq(pv.rc, 0, f"{pv.lines} {pv.stderr}")
    rc, lines = verdict_and_warnings_first(pv, root)
    ok(any("has no font on this kiosk" in line for line in lines), f"a warning: {lines}")
    links_resolve(pv)
    sizes_right(pv, 1920, 1080)
    # The title that holds <script> is text on the page, never a tag.
    ok("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Flu &amp; &quot;Care&quot;" in pv.html,
       "the title escaped")
    ok("<script" not in pv.html.lower(), "no script tag")
    ok(title in "".join(pv.page.text), "the title reads as written")
    ok(any(item.startswith("A <b>sink</b> & soap") and "leaflet.docx/word/media/image1.png"
           in item for item in pv.page.items), f"the picture with its caption: {pv.page.items}")
    for stem in ("home", "a0-t0", "a0-t1", "a0-p1"):
        ok(f"landscape/{stem}.png" in pv.pngs(), stem)
    text = ocr(os.path.join(pv.out, "landscape", "a0-t0.png"))
    ok("Wash Your Hands" in text and "twenty seconds" in text, f"OCR: {text}")


def test_an_article_in_three_languages():
    pv = Preview(THREE)
    eq(pv.rc, 0, pv.stderr)
    links_resolve(pv)
    # Files in name order: flu.ar.md (0), flu.es.md (1), flu.md (2); Home
    # is the English one's, the others are reached by their buttons.
    pngs = pv.pngs()
    for stem in ("home", "a0", "a0-t0", "a1", "a1-t0", "a2-t0"):
        ok(f"landscape/{stem}.png" in pngs, f"{stem} in {pngs}")
    ok('<bdi lang="ar">العربية</bdi>' in pv.html and '<bdi lang="es">Español</bdi>' in pv.html,
       "each language named in its own")
    ok(pv.html.find('id="a2"') < pv.html.find('id="a0"') < pv.html.find('id="a1"'),
       "the one that stands for the article first")


def test_a_refused_package_is_not_drawn():
    root = tempdir("kiosk-preview-bad-")
    pkg = os.path.join(root, "kiosk")
    os.makedirs(os.path.join(pkg, "images"))
    with open(os.path.join(pkg, "a.md"), "w") as f:
        f.write("# <script>x</script> T\n\n## One\n\n![x](images/bad.png)\n\n![y](images/gone.png)\n")
    with open(os.path.join(pkg, "images", "bad.png"), "w") as f:
        f.write("not a picture")
    os.symlink("/etc/passwd", os.path.join(pkg, "images", "link.png"))
    with open(os.path.join(pkg, "notes.txt"), "w") as f:
        f.write("x")
    pv = Preview(root)
    eq(pv.rc, 1, "refused")
    rc, lines = check(root)
    eq(rc, 1, "check refuses it too")
    eq(pv.lines[:-1], lines, "the same lines as check")
    ok(pv.lines[-1].startswith("Refused: "), pv.lines[-1])
    ok(pv.html is not None, "the index is written all the same")
    ok("The kiosk would refuse this content" in pv.html, "said plainly")
    for line in lines:
        ok(line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
           .replace('"', "&quot;").replace("'", "&#39;") in pv.html, f"on the page: {line}")
    eq(pv.pngs(), [], "nothing drawn")
    links_resolve(pv)


def test_a_hostile_package():
    """Names and captions made to break the page, a title of markup,
    leftovers of other systems: previewed, and the page stays a page."""
    root = tempdir("kiosk-preview-hostile-")
    pkg = os.path.join(root, "kiosk")
    os.makedirs(os.path.join(pkg, "images"))
    Image.new("RGB", (400, 300), (200, 60, 60)).save(
        os.path.join(pkg, "images", "a&b'\"<x>.png"))
    with open(os.path.join(pkg, "z\"><img src=x onerror=alert(1)>.md"), "w") as f:
        f.write("---\ntitle: \"&lt;script&gt;alert(1)&lt;/script&gt;\"\n---\n\n"
                "## Topic &lt;/h3&gt;&lt;script&gt;\n\n"
                "![Caption \" onload=\"alert(1)](<images/a&b'\"<x>.png>)\n\nText.\n")
    open(os.path.join(pkg, ".DS_Store"), "w").close()
    pv = Preview(root)
    eq(pv.rc, 0, f"{pv.lines} {pv.stderr}")
    links_resolve(pv)
    text = "".join(pv.page.text)
    ok('z"><img src=x onerror=alert(1)>.md' in text, f"the file name as text: {text}")
    ok("<script>alert(1)</script>" in text, "the title as text")
    ok("images/a&b'\"<x>.png" in text, "the picture's name as text")
    verdict_and_warnings_first(pv, root)


def test_the_preview_is_written_outside_the_content():
    root, _ = word_stick()
    inside = os.path.join(root, "kiosk", "preview")
    p = subprocess.run([KIOSK, "preview", root, "--out", inside], capture_output=True, text=True,
                       env=env())
    eq(p.returncode, 1, p.stderr)
    ok("write the preview outside" in p.stderr, p.stderr)
    ok(not os.path.exists(inside), "nothing written into the stick")
    p = subprocess.run([KIOSK, "preview", root], capture_output=True, text=True, env=env())
    eq(p.returncode, 2, "a usage error")
    ok("preview needs --out DIR" in p.stderr, p.stderr)


def main():
    global EMPTY_CONF
    work = tempdir("kiosk-preview-")
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
    print(f"preview: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
