#!/usr/bin/env python3
"""Leaves in the image's espeak-ng-data only the voices FIRMWARE_VOICES asks for.

    voices-keep.py ROOT REPORT LANGUAGE...   (or "all": every voice)

Runs in build-image.sh's customize step, after espeak-ng-data is installed
whole (11.6 MB: a pronunciation dictionary for each of about a hundred
languages, Russian's 2 MB and Mandarin's 1.6 MB the largest). A voice is a
small text file under lang/ that lists the languages it speaks and names
the dictionary it reads (its `dictionary` line, else its first language up
to the first "-", as espeak-ng itself decides). Every voice listing one of
the LANGUAGEs (by its first part: "pt" keeps pt and pt-BR, "zh" Mandarin
and Cantonese) is kept with its dictionary; English is always kept, since
the kiosk falls back to it and espeak-ng reads Latin letters in other
scripts' text with it. Every other voice and dictionary is deleted, and so
are the MBROLA voices (voices/mb, mbrola_ph), which need an MBROLA
synthesiser the image does not carry. What all voices share (phondata,
phontab, phonindex, intonations, the variants in voices/!v) stays. A
LANGUAGE no voice speaks stops the build. REPORT lists what each language
kept and its size.
"""

import glob
import os
import shutil
import sys


def read_voice(path):
    """(languages listed, dictionary read) of a voice file."""
    langs, dictionary = [], None
    with open(path, "rb") as f:
        for raw in f:
            words = raw.decode("latin-1").split("//")[0].split()
            if len(words) >= 2 and words[0] == "language":
                langs.append(words[1].lower())
            elif len(words) >= 2 and words[0] == "dictionary":
                dictionary = words[1]
    if dictionary is None and langs:
        dictionary = langs[0].split("-")[0]
    return langs, dictionary


def main():
    root, report, words = sys.argv[1], sys.argv[2], [w.lower() for w in sys.argv[3:]]
    found = glob.glob(os.path.join(root, "usr", "lib", "*", "espeak-ng-data"))
    if len(found) != 1:
        sys.stderr.write("build-image: espeak-ng-data not found once under /usr/lib (%d)\n" % len(found))
        return 1
    data = found[0]
    voices = {}
    for d, _, files in os.walk(os.path.join(data, "lang")):
        for f in files:
            path = os.path.join(d, f)
            voices[os.path.relpath(path, data)] = read_voice(path)
    if "all" in words:
        words = sorted({l.split("-")[0] for langs, _ in voices.values() for l in langs})
    words = ["en"] + [w for w in words if w != "en"]
    keep = {}
    for w in words:
        mine = sorted(v for v, (langs, _) in voices.items() if any(l.split("-")[0] == w for l in langs))
        if not mine:
            spoken = sorted({l.split("-")[0] for langs, _ in voices.values() for l in langs})
            sys.stderr.write("build-image: FIRMWARE_VOICES: espeak-ng has no voice for '%s'; it speaks: %s\n" %
                             (w, " ".join(spoken)))
            return 1
        keep[w] = mine
    kept_voices = set().union(*keep.values())
    kept_dicts = {voices[v][1] + "_dict" for v in kept_voices}
    for dic in sorted(kept_dicts):
        if not os.path.isfile(os.path.join(data, dic)):
            sys.stderr.write("build-image: espeak-ng-data has no %s, which a kept voice reads\n" % dic)
            return 1
    for v in voices:
        if v not in kept_voices:
            os.unlink(os.path.join(data, v))
    for dic in glob.glob(os.path.join(data, "*_dict")):
        if os.path.basename(dic) not in kept_dicts:
            os.unlink(dic)
    for mbrola in ("voices/mb", "mbrola_ph"):
        shutil.rmtree(os.path.join(data, mbrola), ignore_errors=True)
    for d, _, _ in sorted(os.walk(os.path.join(data, "lang")), key=lambda t: -len(t[0])):
        if not os.listdir(d):
            os.rmdir(d)

    def size(rel):
        return os.path.getsize(os.path.join(data, rel))

    counted = set()
    with open(report, "w") as out:
        for w in words:
            files = [voices[v][1] + "_dict" for v in keep[w]] + keep[w]
            files = sorted(set(files) - counted)
            counted.update(files)
            out.write("%-10s %10d bytes  %s\n" % (w, sum(size(f) for f in files),
                                                   " ".join(os.path.basename(v) for v in keep[w])))
        shared = [os.path.relpath(os.path.join(d, f), data) for d, _, fs in os.walk(data) for f in fs]
        shared = [f for f in shared if f not in counted]
        out.write("%-10s %10d bytes  %d files every voice reads (phondata, variants)\n" %
                  ("shared", sum(size(f) for f in shared), len(shared)))
        total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(data) for f in fs)
        out.write("%-10s %10d bytes  in %s\n" % ("total", total, "/" + os.path.relpath(data, root)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
