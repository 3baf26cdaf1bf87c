#!/usr/bin/env python3
"""The kiosk's own words, translated: po/kiosk.pot holds exactly the words
src/core/screen/look/words.c has and every problem the checker words (each
template handed to pkg_report_add, each phrase marked N_), and every catalogue in po/LINGUAS (at least the
ten languages the kiosk promises) translates every one of them, none left
out, none fuzzy, each with the same printf conversions as its English.

usage: run.py    (from the source folder)
"""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
PO = os.path.join(ROOT, "po")
PROMISED = {"en", "es", "fr", "de", "pt", "pl", "uk", "ar", "zh", "vi"}


def msgids(path):
    """The msgids of a .po or .pot file (the header's empty one left out)."""
    ids, cur = [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("msgid "):
                cur = line[len('msgid "'):-1]
            elif line.startswith('"') and cur is not None:
                cur += line[1:-1]
            else:
                if cur:
                    ids.append(cur)
                cur = None
    if cur:
        ids.append(cur)
    return ids


def main():
    problems = []
    with tempfile.TemporaryDirectory() as d:
        fresh = os.path.join(d, "kiosk.pot")
        # The Makefile's XGETTEXT: the table's words, every template handed
        # to pkg_report_add (its format argument) and every phrase marked
        # N_, in every source file.
        sources = sorted(os.path.join(d2, f) for d2, _, fs in os.walk(os.path.join(ROOT, "src"))
                         for f in fs if f.endswith(".c"))
        subprocess.run(["xgettext", "--keyword=N_", "--keyword=pkg_report_add:4",
                        "--keyword=pkg_report_add_phrased:5", "--keyword=pkg_why_say:2", "--keyword=pkg_report_whys:4", "--keyword=pkg_err_say:3", "--keyword=setting_warn:3", "--keyword=setting_refuse:3", "--keyword=SIG_FAIL:1", "--from-code=UTF-8",
                        "--no-location", "-o", fresh] + sources, check=True)
        want = msgids(fresh)
    if sorted(want) != sorted(msgids(os.path.join(PO, "kiosk.pot"))):
        problems.append("po/kiosk.pot is not the words of the sources (the table's, the "
                        "checker's templates and N_ phrases): run make pot")
    with open(os.path.join(PO, "LINGUAS")) as f:
        linguas = f.read().split()
    for lang in sorted(PROMISED - set(linguas)):
        problems.append(f"po/LINGUAS lacks {lang}")
    for lang in linguas:
        path = os.path.join(PO, lang + ".po")
        if not os.path.exists(path):
            problems.append(f"po/{lang}.po is missing")
            continue
        have = set(msgids(path))
        for m in want:
            if m not in have:
                problems.append(f"po/{lang}.po: no translation of {m!r} (make pot, then translate)")
        p = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, path],
                           capture_output=True, text=True)
        out = p.stderr.strip()
        if p.returncode != 0:
            problems.append(f"po/{lang}.po: msgfmt --check: {out}")
        elif re.search(r"untranslated|fuzzy", out):
            problems.append(f"po/{lang}.po: {out}")
    for p in problems:
        print("FAIL", p)
    print(f"po: {len(linguas)} catalogues, {len(want)} words, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
