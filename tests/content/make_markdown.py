#!/usr/bin/env python3
"""Writes a kiosk folder of Markdown articles the way clinic staff end up
with them: Word documents turned into Markdown by pandoc
(`pandoc -s -t markdown --extract-media=images x.docx`), and an article
written by hand in pandoc's Markdown with everything tools leave in it.

The Word documents are made here with python-docx (and one by pandoc
itself, for footnotes python-docx cannot write), so nothing binary is kept
in the repository.

usage: make_markdown.py OUTDIR      (OUTDIR/kiosk is written)

Needs Debian's pandoc, python3-docx and python3-pil (tools/deps.sh).
"""
import os
import shutil
import subprocess
import sys

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches
from PIL import Image, ImageDraw

# What the render tests look for: titles and topics as they must show.
WORD_TITLE = "Flu Vaccination 2024/25"
WORD_TOPICS = ["Who should get it", "When and where", "After your vaccine"]
NOTES_TITLE = "Keeping Well in Winter"
NOTES_TOPICS = ["Staying warm", "Eating well", "Where to get help"]
HAND_TITLE = "Flu vaccination 2024"  # from the file name flu-vaccination_2024.md
HAND_TOPICS = [
    "Who can have it",
    "Clinic times",
    "Side effects",
    "Our waiting room",
    "Every clinic",
    "Questions",
]


def picture(path, size, colour, label):
    img = Image.new("RGB", size, colour)
    d = ImageDraw.Draw(img)
    w, h = size
    d.rectangle([w // 10, h // 10, w - w // 10, h - h // 10], outline=(255, 255, 255), width=max(2, w // 100))
    d.text((w // 8, h // 2), label, fill=(255, 255, 255))
    img.save(path)


def bookmark(paragraph, name, ident):
    """A Word bookmark around the paragraph's text, as Word puts on headings
    listed in a table of contents."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(ident))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(ident))
    paragraph._p.insert(1, start)
    paragraph._p.append(end)


def anchor_link(paragraph, text, name):
    """A hyperlink to a bookmark, as a Word table of contents has."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), name)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def word_document(path, photo):
    """A leaflet as staff write it in Word: a Title, Heading 1 sections
    listed in a table of contents (bookmarks), lists, a table, a photo."""
    d = docx.Document()
    d.core_properties.title = WORD_TITLE
    d.add_paragraph(WORD_TITLE, style="Title")
    d.add_paragraph("Every autumn the clinic offers the flu vaccine to the people most at risk.")
    toc = d.add_paragraph("Contents: ")
    marks = []
    for i, name in enumerate(WORD_TOPICS):
        marks.append(f"_Toc15283460{i + 1}")
        anchor_link(toc, name + "  ", marks[-1])
    # A bookmark in a plain paragraph that the contents link to, as Word
    # leaves behind: pandoc writes it as an empty anchor "[]{#... .anchor}".
    lone = d.add_paragraph("")
    bookmark(lone, "_Toc152834600", 90)
    lone.add_run("The vaccine is free for everyone on the list below.")
    anchor_link(toc, "Free", "_Toc152834600")

    h = d.add_heading(WORD_TOPICS[0], level=1)
    bookmark(h, marks[0], 0)
    d.add_paragraph("The vaccine is offered to:")
    d.add_paragraph("Adults aged 65 and over", style="List Bullet")
    d.add_paragraph("People with a long-term condition", style="List Bullet")
    d.add_paragraph("Asthma or COPD", style="List Bullet 2")
    d.add_paragraph("Diabetes", style="List Bullet 2")
    d.add_paragraph("Pregnant women", style="List Bullet")
    d.add_paragraph("Book at the front desk", style="List Number")
    d.add_paragraph("Bring your appointment card", style="List Number")
    d.add_picture(photo, width=Inches(5.8))
    p = d.add_paragraph("Our waiting room, where the vaccine clinic runs.")
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    h = d.add_heading(WORD_TOPICS[1], level=1)
    bookmark(h, marks[1], 1)
    d.add_paragraph("Clinics run on these days:")
    t = d.add_table(rows=4, cols=3)
    t.style = "Table Grid"
    rows = [
        ("Group", "When", "Where"),
        ("Adults over 65", "October, weekday mornings", "Main clinic, room 2, first floor near the lifts"),
        ("Children aged 2 to 17", "September", "At school, or the children's clinic"),
        ("Pregnant women", "Any time in pregnancy", "Antenatal clinic"),
    ]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    d.add_heading("Bring with you", level=2)
    p = d.add_paragraph("Your ")
    p.add_run("appointment card").bold = True
    p.add_run(" and a list of your ")
    p.add_run("medicines").italic = True
    p.add_run(". Wear a top with ")
    p.add_run("loose sleeves").underline = True
    p.add_run(".")

    h = d.add_heading(WORD_TOPICS[2], level=1)
    bookmark(h, marks[2], 2)
    p = d.add_paragraph("A sore arm is common. The old advice to ")
    p.add_run("avoid all exercise").font.strike = True
    p.add_run(" no longer applies. Drink water (H")
    r = p.add_run("2")
    r.font.subscript = True
    p.add_run("O); a temperature over 38")
    r = p.add_run("o")
    r.font.superscript = True
    p.add_run("C should pass in a day.")
    d.save(path)


NOTES_SOURCE = """---
title: %s
---

Simple things help you stay well when it is cold.[^1]

# Staying warm

Heat your home to at least 18 degrees.[^2]

a.  Wear several thin layers
b.  Keep your bedroom window closed at night
    i.  in the coldest weeks
    ii. when you have a cold
c.  Have hot drinks

# Eating well

+--------------------+-------------------------------------------+
| Meal               | Ideas                                     |
+====================+===========================================+
| Breakfast          | Porridge with fruit.                      |
|                    |                                           |
|                    | A hot drink.                              |
+--------------------+-------------------------------------------+
| Lunch              | - soup                                    |
|                    | - a sandwich                              |
+--------------------+-------------------------------------------+

![A bowl of soup](soup.png){width="2in"}

# Where to get help

Ask at the front desk, or call the clinic.[^3]

[^1]: Advice from the winter leaflet, page 2.

[^2]: Older people may need it warmer: 21 degrees in the living room.

[^3]: The line is open from 8 am to 6 pm.
""" % NOTES_TITLE


HAND = """---
language: en-GB
reviewed: 2024-09-01
review_due: 2025-09-01
attract: [who-can-have-it, clinic-times]
tags:
  - vaccines
  - winter
---

<!-- Written by the practice nurse; check with Dr Shah before printing. -->

This page tells you about the flu vaccine at our clinic.[^free]

![The clinic front door](./images/front%20door.png)

Who can have it {#who-can-have-it .unnumbered}
===============

[]{#_Toc152834601 .anchor}Most adults can have the vaccine. Ask us if you
are not sure. Children have a ~~nasal spray~~ nose spray instead.

a.  Adults aged 65 and over
b.  People with a long-term condition:
    i.  asthma
    ii. diabetes
c.  Carers

Clinic times {#clinic-times}
============

<div class="notice">
Clinics run <b>every weekday</b> in October.
<script>alert("never shown")</script>
<style>.notice { color: red }</style>
</div>

| Day       | Morning      | Afternoon |
|-----------|--------------|-----------|
| Monday    | 9:00-12:00   | closed    |
| Wednesday | 9:00-12:00   | 14:00-17:00 |

Table: Vaccine clinic times

Rooms {#rooms}
-----

  Room    Floor   Lift
  ------- ------- ------
  1       Ground  no
  2       First   yes

# Side effects

Most side effects are mild. A temperature of 38^o^C is common, and water
(H~2~O) helps.[^temp]

+----------------+----------------------------+
| Side effect    | What to do                 |
+================+============================+
| Sore arm       | Move your arm normally.    |
+----------------+----------------------------+
| Mild fever     | Rest and drink water.      |
|                |                            |
|                | Take paracetamol if needed.|
+----------------+----------------------------+

# Our waiting room

![Our waiting room](images/Waiting Room.jpg)

![The play corner](<images/Waiting Room.jpg> "Play corner"){width="5.8in" height="3in"}

<img src="images/front%20door.png" alt="The way in from the car park">

# Every clinic

  ------------------------------------------------------------------------------------------------------
  Clinic        Monday      Tuesday     Wednesday   Thursday    Friday      Saturday    Sunday
  ------------- ----------- ----------- ----------- ----------- ----------- ----------- ----------------
  Flu           9-12        9-12        9-12        9-12        9-12        10-12       closed all day

  Travel        14-17       closed      14-17       closed      14-17       closed      closed all day
  ------------------------------------------------------------------------------------------------------

# Questions

Ask at the desk[^desk] or read the [NHS page](https://www.nhs.uk/flu){.external}.

[^free]: The vaccine is free for everyone in the groups below.

[^temp]: Call us if it lasts more than two days.

[^desk]: The desk is open from 8 am.
"""


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    out = os.path.join(os.path.abspath(sys.argv[1]), "kiosk")
    if os.path.exists(out):
        shutil.rmtree(out)
    work = os.path.join(os.path.abspath(sys.argv[1]), "work")
    os.makedirs(os.path.join(out, "images"), exist_ok=True)
    os.makedirs(work, exist_ok=True)

    picture(os.path.join(out, "images", "Waiting Room.jpg"), (900, 600), (60, 110, 140), "waiting room")
    picture(os.path.join(out, "images", "front door.png"), (600, 400), (120, 80, 60), "front door")
    photo = os.path.join(work, "Waiting Room.jpg")
    shutil.copy(os.path.join(out, "images", "Waiting Room.jpg"), photo)
    picture(os.path.join(work, "soup.png"), (400, 300), (180, 120, 40), "soup")

    # A Word document as staff write it, exported as the issue describes.
    word_document(os.path.join(work, "leaflet.docx"), photo)
    subprocess.run(["pandoc", "-s", "-t", "markdown", "--extract-media=images",
                    os.path.join(work, "leaflet.docx"), "-o", "a-leaflet.md"], cwd=out, check=True)

    # Footnotes, lettered lists and a grid table: a Word document made by
    # pandoc (python-docx writes no footnotes), exported back the same way.
    with open(os.path.join(work, "notes.md"), "w") as f:
        f.write(NOTES_SOURCE)
    subprocess.run(["pandoc", "notes.md", "-o", "notes.docx"], cwd=work, check=True)
    subprocess.run(["pandoc", "-s", "-t", "markdown", "--extract-media=images",
                    os.path.join(work, "notes.docx"), "-o", "b-winter.md"], cwd=out, check=True)

    with open(os.path.join(out, "flu-vaccination_2024.md"), "w") as f:
        f.write(HAND)
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
