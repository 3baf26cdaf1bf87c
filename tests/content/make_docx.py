#!/usr/bin/env python3
"""Writes the Word documents the tests read: ones made with python-docx (as
a program that writes .docx would), ones made of hand-written XML covering
every construct the reader maps (localized style ids, basedOn chains,
numbering formats, tables, floating pictures, notes, tracked changes,
comments, headers, fields, a table of contents), and hostile ones (zip
bombs, lying sizes, a DOCTYPE with entities, 10,000 nested tables,
relationships out of the package, a picture that is not one, old and
encrypted OLE2 files).

usage: make_docx.py OUTDIR        writes every document into OUTDIR
       make_docx.py --corpus DIR  writes the small fuzz seeds into DIR

Nothing here is random: the same run writes the same bytes (zip times are
fixed), so the fuzz seeds can be compared with the committed corpus.
"""
import io
import os
import random
import struct
import sys
import zipfile
import zlib

from PIL import Image, ImageDraw

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
V = "urn:schemas-microsoft-com:vml"
O = "urn:schemas-microsoft-com:office:office"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DATE = (2024, 1, 1, 0, 0, 0)

NSDECL = (f'xmlns:w="{W}" xmlns:r="{R}" xmlns:wp="{WP}" xmlns:a="{A}" '
          f'xmlns:pic="{PIC}" xmlns:mc="{MC}" xmlns:v="{V}" xmlns:o="{O}"')


# ---- pictures -------------------------------------------------------------------


def picture(w, h, color, label=None, fmt="PNG"):
    """A flat picture with a large dark block, so a screenshot shows where
    it landed."""
    im = Image.new("RGB", (w, h), color)
    d = ImageDraw.Draw(im)
    d.rectangle([w // 4, h // 4, 3 * w // 4, 3 * h // 4], fill=(20, 20, 20))
    buf = io.BytesIO()
    im.save(buf, fmt)
    return buf.getvalue()


# ---- packages --------------------------------------------------------------------


def content_types(extra=""):
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        '<Default Extension="jpeg" ContentType="image/jpeg"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        + extra + "</Types>")


def rels(items):
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{RELS}">']
    for rid, kind, target, *mode in items:
        m = f' TargetMode="{mode[0]}"' if mode else ""
        out.append(f'<Relationship Id="{rid}" Type="{RT}/{kind}" Target="{target}"{m}/>')
    out.append("</Relationships>")
    return "".join(out)


PKG_RELS = rels([("rId1", "officeDocument", "word/document.xml"),
                 ("rId2", "metadata/core-properties", "docProps/core.xml")])


def core_xml(title=None):
    t = f"<dc:title>{title}</dc:title>" if title is not None else ""
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">' + t + "<dc:creator>Clinic</dc:creator>"
            "</cp:coreProperties>")


def document(body):
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NSDECL}>'
            f"<w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr>"
            "</w:body></w:document>")


def zip_bytes(parts, method=zipfile.ZIP_DEFLATED, stored=()):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = zipfile.ZIP_STORED if name in stored else method
            z.writestr(info, data.encode() if isinstance(data, str) else data)
    return buf.getvalue()


def docx(body, styles=None, numbering=None, footnotes=None, endnotes=None, doc_rels=(),
         media=None, core=core_xml(), extra=None, stored=()):
    """A whole .docx from its parts; doc_rels are the document's own
    relationships beyond styles, numbering and notes."""
    parts = {"[Content_Types].xml": content_types(), "_rels/.rels": PKG_RELS,
             "word/document.xml": document(body)}
    r = list(doc_rels)
    if core is not None:
        parts["docProps/core.xml"] = core
    if styles is not None:
        parts["word/styles.xml"] = styles
        r.append(("rIdS", "styles", "styles.xml"))
    if numbering is not None:
        parts["word/numbering.xml"] = numbering
        r.append(("rIdN", "numbering", "numbering.xml"))
    if footnotes is not None:
        parts["word/footnotes.xml"] = footnotes
        r.append(("rIdF", "footnotes", "footnotes.xml"))
    if endnotes is not None:
        parts["word/endnotes.xml"] = endnotes
        r.append(("rIdE", "endnotes", "endnotes.xml"))
    parts["word/_rels/document.xml.rels"] = rels(r)
    for name, data in (media or {}).items():
        parts[name] = data
    for name, data in (extra or {}).items():
        parts[name] = data
    return zip_bytes(parts, stored=stored)


# ---- WordprocessingML by hand ------------------------------------------------------


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run(text, b=False, i=False, u=False, rstyle=None):
    props = ""
    if rstyle:
        props += f'<w:rStyle w:val="{rstyle}"/>'
    if b:
        props += "<w:b/>"
    if i:
        props += "<w:i/>"
    if u:
        props += '<w:u w:val="single"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>'


def para(content, style=None, num=None, extra_ppr=""):
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    ppr += extra_ppr
    if not content.startswith("<"):
        content = run(content)
    return f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{content}</w:p>"


def style(sid, name, based=None, kind="paragraph", outline=None, rpr="", default=False,
          num=None):
    dflt = ' w:default="1"' if default else ""
    s = f'<w:style w:type="{kind}" w:styleId="{sid}"{dflt}>'
    s += f'<w:name w:val="{name}"/>'
    if based:
        s += f'<w:basedOn w:val="{based}"/>'
    ppr = ""
    if num is not None:
        ppr += f'<w:numPr><w:numId w:val="{num}"/></w:numPr>'
    if outline is not None:
        ppr += f'<w:outlineLvl w:val="{outline}"/>'
    if ppr:
        s += f"<w:pPr>{ppr}</w:pPr>"
    if rpr:
        s += f"<w:rPr>{rpr}</w:rPr>"
    return s + "</w:style>"


def styles_xml(*items):
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {NSDECL}>'
            '<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22"/></w:rPr></w:rPrDefault>'
            "</w:docDefaults>" + "".join(items) + "</w:styles>")


# Styles as a German Word writes them: ids translated, names not.
GERMAN_STYLES = styles_xml(
    style("Standard", "Normal", default=True),
    style("Titel", "Title", based="Standard"),
    style("berschrift1", "heading 1", based="Standard", outline=0),
    style("berschrift2", "heading 2", based="Standard", outline=1),
    style("berschrift3", "heading 3", based="Standard", outline=2),
    # A house style built on a heading: a topic too, through basedOn.
    style("KlinikThema", "Klinik Thema", based="berschrift1"),
    # A style known only by its outline level (as LibreOffice writes them).
    style("Zwischentitel", "Zwischentitel", based="Standard", outline=1),
    style("Hinweis", "Hinweis", based="Standard", rpr="<w:b/>"),
    style("Betont", "Betont", kind="character", rpr="<w:i/>"),
    style("Inhaltsverzeichnis1", "toc 1", based="Standard"),
    style("Inhaltsverzeichnisberschrift", "TOC Heading", based="berschrift1"),
    style("Listenabsatz", "List Paragraph", based="Standard"),
    style("Beschriftung", "caption", based="Standard"),
)


def lvl(ilvl, fmt, text, start=1):
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/></w:lvl>')


NUMBERING = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {NSDECL}>'
    # 1: bullets, three levels
    '<w:abstractNum w:abstractNumId="0">'
    + lvl(0, "bullet", "\uf0b7") + lvl(1, "bullet", "o") + lvl(2, "bullet", "\uf0a7")
    + "</w:abstractNum>"
    # 2: 1. a. i.
    + '<w:abstractNum w:abstractNumId="1">'
    + lvl(0, "decimal", "%1.") + lvl(1, "lowerLetter", "%2.") + lvl(2, "lowerRoman", "%3.")
    + "</w:abstractNum>"
    # 3: A) and I.
    + '<w:abstractNum w:abstractNumId="2">'
    + lvl(0, "upperLetter", "%1)") + lvl(1, "upperRoman", "%2.")
    + "</w:abstractNum>"
    # 4: legal numbering 1.1.
    + '<w:abstractNum w:abstractNumId="3">'
    + lvl(0, "decimal", "%1.") + lvl(1, "decimal", "%1.%2.")
    + "</w:abstractNum>"
    + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    + '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    + '<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>'
    + '<w:num w:numId="4"><w:abstractNumId w:val="3"/></w:num>'
    # 5: the 1. a. i. list again, restarted at 1
    + '<w:num w:numId="5"><w:abstractNumId w:val="1"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    + "</w:numbering>")


def notes_xml(kind, notes):
    tag = kind  # footnote / endnote
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{tag}s {NSDECL}>',
           f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>',
           f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
           f"</w:r></w:p></w:{tag}>"]
    for nid, text in notes:
        ref = "footnoteRef" if kind == "footnote" else "endnoteRef"
        out.append(f'<w:{tag} w:id="{nid}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
                   f"</w:rPr><w:{ref}/></w:r>{run(' ' + text)}</w:p></w:{tag}>")
    out.append(f"</w:{tag}s>")
    return "".join(out)


def drawing(rid, descr=None, title=None, anchor=False, name="Picture 1", pid=1):
    attrs = f'id="{pid}" name="{name}"'
    if descr is not None:
        attrs += f' descr="{esc(descr)}"'
    if title is not None:
        attrs += f' title="{esc(title)}"'
    graphic = (f'<a:graphic><a:graphicData uri="{PIC}"><pic:pic><pic:nvPicPr>'
               f'<pic:cNvPr id="0" name="x.png"/><pic:cNvPicPr/></pic:nvPicPr>'
               f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch>'
               f'</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="3000000" cy="2000000"/>'
               f"</a:xfrm></pic:spPr></pic:pic></a:graphicData></a:graphic>")
    if anchor:
        body = (f'<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
                f'relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
                f'<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0'
                f'</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0'
                f'</wp:posOffset></wp:positionV><wp:extent cx="3000000" cy="2000000"/>'
                f'<wp:wrapSquare wrapText="bothSides"/><wp:docPr {attrs}/>{graphic}</wp:anchor>')
    else:
        body = (f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="3000000" '
                f'cy="2000000"/><wp:docPr {attrs}/>{graphic}</wp:inline>')
    return f"<w:r><w:drawing>{body}</w:drawing></w:r>"


def table(rows, header=False, nested=None):
    out = ['<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
           "</w:tblPr><w:tblGrid><w:gridCol w:w=\"3000\"/><w:gridCol w:w=\"3000\"/></w:tblGrid>"]
    for k, row in enumerate(rows):
        trpr = "<w:trPr><w:tblHeader/></w:trPr>" if header and k == 0 else ""
        out.append(f"<w:tr>{trpr}")
        for cell in row:
            # Word ends every cell with a paragraph, one after a table too.
            inner = nested + para("") if (nested and cell == "NESTED") else para(cell)
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>{inner}</w:tc>')
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def field_complex(instr, result):
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            + run(result) + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def constructs_docx():
    """Every construct the reader maps, in German-styled hand-made XML."""
    img1 = picture(640, 400, (40, 140, 200))
    img2 = picture(400, 400, (220, 120, 40))
    img3 = picture(500, 300, (60, 170, 90))
    toc = ('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
           "<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>"
           + para("Inhalt", style="Inhaltsverzeichnisberschrift")
           + para('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                  '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>'
                  '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                  + run("Wer sollte sich impfen lassen ........ 2"), style="Inhaltsverzeichnis1")
           + para(run("Nebenwirkungen ........ 3") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
                  style="Inhaltsverzeichnis1")
           + "</w:sdtContent></w:sdt>")
    body = "".join([
        para("Grippeimpfung 2024", style="Titel"),
        para(drawing("rIdImg1", descr="The clinic's vaccination room")),
        para(run("Dieses Blatt erklärt die ") + run("Grippeimpfung", b=True) + run(", ")
             + run("wer", i=True) + run(" sie bekommt und ") + run("wo", u=True) + run(".")
             + run(" Hidden words", b=True).replace("<w:b/>", "<w:b/><w:vanish/>")),
        toc,
        # A TOC as a bare field too, outside any sdt.
        para('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \\o </w:instrText>'
             '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run("Field TOC entry 4")
             + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'),
        para("Wer sollte sich impfen lassen", style="berschrift1"),
        para(run("Menschen über 65") + '<w:commentRangeStart w:id="0"/>'
             + '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>',
             num=(1, 0)),
        para("Schwangere", num=(1, 0)),
        para("Im zweiten Drittel", num=(1, 1)),
        para("Kinder ab 2", num=(1, 0)),
        para("Schritte", style="berschrift2"),
        para("Termin buchen", num=(2, 0)),
        para("Formular ausfüllen", num=(2, 0)),
        para("Name", num=(2, 1)),
        para("Geburtsdatum", num=(2, 1)),
        para("Tag", num=(2, 2)),
        para("Monat", num=(2, 2)),
        para("Impfen lassen", num=(2, 0)),
        para("Optionen", style="Zwischentitel"),
        para("Erste Option", num=(3, 0)),
        para("Unterpunkt", num=(3, 1)),
        para("Zweite Option", num=(3, 0)),
        para("Neu nummeriert", num=(5, 0)),
        para("Kapitel", num=(4, 0)),
        para("Abschnitt", num=(4, 1)),
        para(run("Wichtig: nüchtern kommen. ")
             + run("Die Impfung schützt ") + run("deutlich", rstyle="Betont") + run(".")
             .replace("<w:r>", "<w:r>", 1), style="Hinweis"),
        para("Nebenwirkungen", style="KlinikThema"),
        para(run("Meist mild") + '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
             '<w:footnoteReference w:id="1"/></w:r>' + run(" und kurz")
             + '<w:r><w:endnoteReference w:id="1"/></w:r>' + run(".")),
        table([["Alter", "Dosis"], ["über 65", "Hochdosis"], ["unter 65", "NESTED"]],
              header=True,
              nested=table([["innen eins", "innen zwei"]])),
        para(drawing("rIdImg2", title="A floating picture", anchor=True, name="Anchor", pid=2)
             + run("Text beside a floating picture.")),
        para('<w:r><w:pict><v:shape id="s1" style="width:200pt;height:120pt">'
             '<v:imagedata r:id="rIdImg3" o:title="An old VML picture"/></v:shape></w:pict></w:r>'),
        para('<w:ins w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z">' + run("Eingesetzt ")
             + "</w:ins>"
             + '<w:del w:id="2" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>'
             "Entfernt </w:delText></w:r></w:del>"
             + '<w:moveFrom w:id="3" w:author="A" w:date="2024-01-01T00:00:00Z">'
             + run("Weggeschoben ") + "</w:moveFrom>"
             + '<w:moveTo w:id="4" w:author="A" w:date="2024-01-01T00:00:00Z">'
             + run("Hergeschoben ") + "</w:moveTo>"
             + run("Ende.")),
        para(run("Seite ") + '<w:fldSimple w:instr=" PAGE "><w:r><w:t>7</w:t></w:r></w:fldSimple>'
             + run(" von ") + field_complex("NUMPAGES", "9") + run(".")),
        para('<w:hyperlink r:id="rIdLink"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
             "<w:t>Mehr beim Gesundheitsamt</w:t></w:r></w:hyperlink>"),
        para("Wo", style="berschrift1"),
        para("An der Anmeldung fragen."),
        para('<w:r><w:t>Text box follows.</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps">'
             '<w:drawing><wp:anchor><wp:docPr id="9" name="TB"/><a:graphic><a:graphicData '
             'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
             '<wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
             "<wps:txbx><w:txbxContent>" + para("Im Kasten: 0800 123") + "</w:txbxContent></wps:txbx>"
             "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
             '<mc:Fallback><w:pict><v:rect><v:textbox><w:txbxContent>' + para("Im Kasten: 0800 123")
             + "</w:txbxContent></v:textbox></v:rect></w:pict></mc:Fallback></mc:AlternateContent></w:r>"),
    ])
    header = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {NSDECL}>'
              + para("KOPFZEILE VERTRAULICH") + "</w:hdr>")
    comments = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments {NSDECL}>'
                '<w:comment w:id="0" w:author="A">' + para("KOMMENTAR NICHT ZEIGEN")
                + "</w:comment></w:comments>")
    return docx(
        body, styles=GERMAN_STYLES, numbering=NUMBERING,
        footnotes=notes_xml("footnote", [(1, "Laut Studie 2023.")]),
        endnotes=notes_xml("endnote", [(1, "Stand Januar 2024.")]),
        doc_rels=[("rIdImg1", "image", "media/image1.png"),
                  ("rIdImg2", "image", "media/image2.png"),
                  ("rIdImg3", "image", "media/image3.png"),
                  ("rIdLink", "hyperlink", "https://example.org/", "External"),
                  ("rIdH", "header", "header1.xml"),
                  ("rIdC", "comments", "comments.xml")],
        media={"word/media/image1.png": img1, "word/media/image2.png": img2,
               "word/media/image3.png": img3},
        extra={"word/header1.xml": header, "word/comments.xml": comments})


def python_docx(path):
    """The same kind of leaflet, written the way programs write Word files."""
    from docx import Document
    from docx.shared import Inches

    d = Document()
    d.add_heading("Flu Vaccination 2024", 0)
    p = d.add_paragraph("This leaflet explains the ")
    p.add_run("flu vaccine").bold = True
    p.add_run(", ")
    p.add_run("who").italic = True
    p.add_run(" should have it and ")
    p.add_run("where").underline = True
    p.add_run(".")
    img = io.BytesIO(picture(800, 500, (40, 140, 200)))
    d.add_picture(img, width=Inches(4))
    # python-docx writes no alt text: set it the way Word does.
    d.inline_shapes[0]._inline.docPr.set("descr", "Our waiting room")
    d.add_heading("Who should have it", 1)
    d.add_paragraph("People over 65", style="List Bullet")
    d.add_paragraph("Pregnant women", style="List Bullet")
    d.add_paragraph("In the second trimester", style="List Bullet 2")
    d.add_heading("Steps", 2)
    d.add_paragraph("Book an appointment", style="List Number")
    d.add_paragraph("Fill in the form", style="List Number")
    d.add_paragraph("Come in", style="List Number")
    d.add_heading("Doses", 1)
    t = d.add_table(rows=3, cols=2)
    t.style = "Table Grid"
    for r, (a, b) in enumerate([("Age", "Dose"), ("Over 65", "High dose"),
                                ("Under 65", "Standard")]):
        t.cell(r, 0).text = a
        t.cell(r, 1).text = b
    d.add_paragraph("Ask at the front desk if you are unsure.")
    d.core_properties.title = "Not this one: the Title style wins"
    d.save(path)


def with_custom_properties(data, props):
    """A .docx with custom properties added as Word writes them (File >
    Info > Properties > Advanced > Custom): docProps/custom.xml, its
    relationship and its content type. props: (name, vt type, value)."""
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
    vt = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
    body = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i + 2}" '
        f'name="{esc(name)}"><vt:{kind}>{esc(value)}</vt:{kind}></property>'
        for i, (name, kind, value) in enumerate(props))
    custom = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              f'<Properties xmlns="{ns}" xmlns:vt="{vt}">{body}</Properties>')
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            part = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                part = part.replace(
                    b"</Types>",
                    b'<Override PartName="/docProps/custom.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>')
            elif info.filename == "_rels/.rels":
                part = part.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/custom-properties" '
                    b'Target="docProps/custom.xml"/></Relationships>')
            z.writestr(info, part)
        z.writestr(zipfile.ZipInfo("docProps/custom.xml", DATE), custom)
    return out.getvalue()


def pandoc_docx(path):
    """A leaflet as pandoc writes Word documents from Markdown: its own
    styles (Title, Heading 1, Image Caption, Compact, ...), numbering,
    notes and tables."""
    import shutil
    import subprocess
    import tempfile

    if not shutil.which("pandoc"):
        return False
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "waiting.png"), "wb") as f:
            f.write(picture(600, 400, (200, 50, 50)))
        md = os.path.join(tmp, "leaflet.md")
        with open(md, "w") as f:
            f.write("---\ntitle: Flu Vaccination 2024/25\n---\n\n"
                    "This leaflet explains the **flu vaccine**.[^1]\n\n"
                    "![Our waiting room](waiting.png)\n\n"
                    "# Who should have it\n\n- People over 65\n- Pregnant women\n"
                    "    - in the second trimester\n\n1. Book\n2. Come in\n"
                    "    a. with your card\n    b. on time\n\n"
                    "# Doses\n\n| Age | Dose |\n|-----|------|\n| 65+ | High |\n"
                    "| Under 65 | Standard |\n\nAsk at the front desk.\n\n"
                    "[^1]: NHS guidance 2024.\n")
        subprocess.run(["pandoc", "leaflet.md", "-o", os.path.abspath(path)], cwd=tmp,
                       check=True)
    return True


# ---- documents for the title rules ------------------------------------------------------


def core_title_docx():
    return docx(para("Intro text.") + para("Only Topic", style="Heading1")
                + para("Body."),
                styles=styles_xml(style("Normal", "Normal", default=True),
                                  style("Heading1", "heading 1", based="Normal")),
                core=core_xml("Title From Properties"))


def no_title_docx():
    return docx(para("Intro text.") + para("Only Topic", style="Heading1") + para("Body."),
                styles=styles_xml(style("Normal", "Normal", default=True),
                                  style("Heading1", "heading 1", based="Normal")),
                core=core_xml(None))


def heading2_only_docx():
    """No Heading 1 at all: the Heading 2s are the topics."""
    return docx(para("Leaflet", style="Title") + para("Intro.")
                + para("First", style="Heading2") + para("One.")
                + para("Second", style="Heading2") + para("Two.")
                + para("Detail", style="Heading3") + para("Three."),
                styles=styles_xml(style("Normal", "Normal", default=True),
                                  style("Title", "Title", based="Normal"),
                                  style("Heading2", "heading 2", based="Normal"),
                                  style("Heading3", "heading 3", based="Normal")))


# Letters of Garay (Unicode 16, 2024), which no font of Debian 12 has: the
# kiosk shows an empty box for each, and `kiosk check` warns of them.
NO_FONT = "\U00010D40\U00010D41"


def no_font_docx():
    """Characters no installed font can draw: in a topic's text, again
    later (named once), and in a table cell."""
    pic = picture(320, 200, (40, 140, 200))
    return docx(para("Hand Care", style="Title") + para("Intro.")
                + para("Germs", style="Heading1")
                + para(f"Wash your hands {NO_FONT[0]} often.")
                + para(f"Again {NO_FONT[0]}.")
                + para(drawing("rIdImg1", descr="The sink"))
                + table([["Where", "When"], ["Sink", f"After {NO_FONT[1]}"]], header=True),
                styles=SIMPLE_STYLES, doc_rels=[("rIdImg1", "image", "media/image1.png")],
                media={"word/media/image1.png": pic})


def not_shown_docx():
    """What Word shows and the kiosk cannot, each a warning of `kiosk
    check`: a Wingdings tick as a symbol and typed in the font, a chart, a
    SmartArt diagram, an embedded spreadsheet, a pasted-in web page."""
    chart_ns = "http://schemas.openxmlformats.org/drawingml/2006/chart"
    dgm_ns = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
    graphic = ('<w:r><w:drawing><wp:inline><wp:docPr id="5" name="G"/><a:graphic>'
               '<a:graphicData uri="{uri}">{inner}</a:graphicData></a:graphic></wp:inline>'
               "</w:drawing></w:r>")
    body = (para("Checklist", style="Title") + para("Intro.")
            + para("Before You Come", style="Heading1")
            + para(run("Bring your card ")
                   + '<w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>')
            + para('<w:r><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr>'
                   '<w:t>\u00fc</w:t></w:r>' + run(" Done."))
            + para(graphic.format(uri=chart_ns,
                                  inner=f'<c:chart xmlns:c="{chart_ns}" r:id="rIdChart"/>'))
            + para(graphic.format(uri=dgm_ns,
                                  inner=f'<dgm:relIds xmlns:dgm="{dgm_ns}" r:dm="rIdD"/>'))
            + para('<w:r><w:object><v:shape id="o1"/></w:object></w:r>')
            + '<w:altChunk r:id="rIdAlt"/>')
    return docx(body, styles=SIMPLE_STYLES,
                doc_rels=[("rIdChart", "chart", "charts/chart1.xml"),
                          ("rIdAlt", "aFChunk", "page.htm")],
                extra={"word/charts/chart1.xml": "<c:chartSpace/>",
                       "word/page.htm": "<html><body>x</body></html>"})


def part_names_docx():
    """A picture whose relationship names it in other capitals and with a
    percent code: OPC names parts without regard to case and as URIs, so
    Word finds it, and so does the kiosk (no warning: it shows as in
    Word)."""
    pic = picture(400, 300, (200, 60, 140))
    return docx(para("Names", style="Title") + para(drawing("rIdImg1", descr="Found"))
                + para("Topic", style="Heading1") + para("Text."),
                styles=SIMPLE_STYLES, doc_rels=[("rIdImg1", "image", "Media/My%20Photo.PNG")],
                media={"word/media/my photo.png": pic})


# ---- hostile documents ---------------------------------------------------------------------

SIMPLE_STYLES = styles_xml(style("Normal", "Normal", default=True),
                           style("Title", "Title", based="Normal"),
                           style("Heading1", "heading 1", based="Normal"))


def simple_docx(extra_body="", **kw):
    return docx(para("A Leaflet", style="Title") + para("Intro.")
                + para("Topic", style="Heading1") + para("Text.") + extra_body,
                styles=SIMPLE_STYLES, **kw)


def bomb_ratio_docx():
    """A part of 8 MiB of zeros: about 1000 to 1."""
    return simple_docx(extra={"word/media/zeros.bin": bytes(8 * 1024 * 1024)})


def patch_sizes(data, name, size):
    """Rewrites an entry's uncompressed size in its local header and in the
    central directory (both, so the two agree and only the size lies)."""
    b = bytearray(data)
    enc = name.encode()
    i = 0
    while True:
        i = b.find(b"PK\x03\x04", i)
        if i < 0:
            break
        nlen = struct.unpack_from("<H", b, i + 26)[0]
        if b[i + 30:i + 30 + nlen] == enc:
            struct.pack_into("<I", b, i + 22, size)
        i += 4
    i = 0
    while True:
        i = b.find(b"PK\x01\x02", i)
        if i < 0:
            break
        nlen = struct.unpack_from("<H", b, i + 28)[0]
        if b[i + 46:i + 46 + nlen] == enc:
            struct.pack_into("<I", b, i + 24, size)
        i += 4
    return bytes(b)


def bomb_declared_docx():
    """An entry declaring 3 GiB unpacked."""
    data = simple_docx(extra={"word/media/big.bin": b"x" * 4000})
    return patch_sizes(data, "word/media/big.bin", 3 * 1024 * 1024 * 1024)


def bomb_total_docx():
    """Five parts of 15 MiB each as declared (each under the part limit and
    the ratio): 75 MiB in all."""
    # Noise does not compress: 200 KB packed each, 75 to 1 as declared.
    extra = {f"word/media/part{k}.bin": random.Random(k).randbytes(200 * 1024) for k in range(5)}
    data = simple_docx(extra=extra)
    for k in range(5):
        data = patch_sizes(data, f"word/media/part{k}.bin", 15 * 1024 * 1024)
    return data


def lying_size_docx():
    """document.xml declares 300 bytes but inflates to much more."""
    body = para("A Leaflet", style="Title") + "".join(para("Padding text.") for _ in range(2000))
    data = docx(body, styles=SIMPLE_STYLES)
    return patch_sizes(data, "word/document.xml", 300)


def many_entries_docx():
    return simple_docx(extra={f"customXml/item{k}.xml": "<a/>" for k in range(2001)})


def entities_docx():
    """Billion laughs behind a DOCTYPE."""
    lol = '<!DOCTYPE w:document [<!ENTITY lol "lol">'
    prev = "lol"
    for k in range(1, 10):
        lol += f'<!ENTITY lol{k} "' + f"&{prev};" * 10 + '">'
        prev = f"lol{k}"
    lol += "]>"
    doc = ('<?xml version="1.0" encoding="UTF-8"?>' + lol + f"<w:document {NSDECL}><w:body>"
           + para(f"&{prev};") + "</w:body></w:document>")
    parts = {"[Content_Types].xml": content_types(), "_rels/.rels": PKG_RELS,
             "word/document.xml": doc, "word/_rels/document.xml.rels": rels([])}
    return zip_bytes(parts)


def external_entity_docx():
    doc = ('<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [<!ENTITY x SYSTEM '
           f'"file:///etc/passwd">]><w:document {NSDECL}><w:body>' + para("&x;")
           + "</w:body></w:document>")
    parts = {"[Content_Types].xml": content_types(), "_rels/.rels": PKG_RELS,
             "word/document.xml": doc, "word/_rels/document.xml.rels": rels([])}
    return zip_bytes(parts)


def nested_tables_docx(depth=10000):
    inner = para("deep")
    body = "<w:tbl><w:tr><w:tc>" * depth + inner + "</w:tc></w:tr></w:tbl>" * depth
    # Stored, not deflated: deflated it would be refused for its ratio
    # before the nesting is ever seen.
    return docx(para("Nested", style="Title") + body, styles=SIMPLE_STYLES,
                stored=("word/document.xml",))


def outside_rels_docx():
    """Pictures whose relationships point out of the package: up the
    folders, to a web address, to an absolute file."""
    body = (para(drawing("rIdUp", descr="up")) + para(drawing("rIdWeb", descr="web"))
            + para(drawing("rIdAbs", descr="abs")))
    return simple_docx(extra_body=body, doc_rels=[
        ("rIdUp", "image", "../../../../etc/passwd"),
        ("rIdWeb", "image", "https://example.org/a.png", "External"),
        ("rIdAbs", "image", "file:///etc/passwd"),
    ])


def not_picture_docx():
    return simple_docx(extra_body=para(drawing("rIdImg", descr="Not really a picture")),
                       doc_rels=[("rIdImg", "image", "media/image1.png")],
                       media={"word/media/image1.png": b"this is text, not a PNG\n" * 10})


def emf_picture_docx():
    """A chart pasted from Excel as Word keeps it: an EMF, without alt text."""
    emf = bytearray(256)
    struct.pack_into("<II", emf, 0, 1, 108)
    emf[40:44] = b" EMF"
    return simple_docx(extra_body=para(drawing("rIdImg")),
                       doc_rels=[("rIdImg", "image", "media/image1.emf")],
                       media={"word/media/image1.emf": bytes(emf)})


def missing_picture_docx():
    return simple_docx(extra_body=para(drawing("rIdImg", descr="Gone")),
                       doc_rels=[("rIdImg", "image", "media/gone.png")])


def ole2(stream_names):
    """A minimal OLE2 compound file: the magic, a header and a directory
    sector naming the streams (UTF-16LE), enough to be recognised."""
    head = bytearray(512)
    head[0:8] = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
    struct.pack_into("<HHH", head, 24, 0x3E, 3, 0xFFFE)
    struct.pack_into("<H", head, 30, 9)
    directory = bytearray(512)
    for k, name in enumerate(stream_names[:4]):
        enc = name.encode("utf-16-le")
        directory[k * 128:k * 128 + len(enc)] = enc
        struct.pack_into("<H", directory, k * 128 + 64, len(enc) + 2)
    return bytes(head + directory)


def damaged_docx():
    return simple_docx()[:-200]


# ---- writing them -----------------------------------------------------------------------------

GOOD = {
    "constructs.docx": constructs_docx,
    "core-title.docx": core_title_docx,
    "flu-vaccination_2024.docx": no_title_docx,
    "heading2-only.docx": heading2_only_docx,
    "no-font.docx": no_font_docx,
    "not-shown.docx": not_shown_docx,
    "part-names.docx": part_names_docx,
    "review-dates.docx": lambda: with_custom_properties(simple_docx(), [
        ("Reviewed", "filetime", "2026-09-30T22:00:00Z"), ("Review due", "lpwstr", "2027-10"),
        ("Owner", "lpwstr", "Front desk")]),
}

HOSTILE = {
    "bomb-ratio.docx": bomb_ratio_docx,
    "bomb-declared.docx": bomb_declared_docx,
    "bomb-total.docx": bomb_total_docx,
    "lying-size.docx": lying_size_docx,
    "many-entries.docx": many_entries_docx,
    "entities.docx": entities_docx,
    "external-entity.docx": external_entity_docx,
    "nested-tables.docx": nested_tables_docx,
    "outside-rels.docx": outside_rels_docx,
    "not-picture.docx": not_picture_docx,
    "emf-picture.docx": emf_picture_docx,
    "missing-picture.docx": missing_picture_docx,
    "old.doc": lambda: ole2(["Root Entry", "WordDocument", "1Table"]),
    "old-renamed.docx": lambda: ole2(["Root Entry", "WordDocument", "1Table"]),
    "encrypted.docx": lambda: ole2(["Root Entry", "EncryptionInfo", "EncryptedPackage"]),
    "damaged.docx": damaged_docx,
    "text.docx": lambda: b"just some text\n",
    "empty.docx": lambda: b"",
}


def write_all(out):
    os.makedirs(os.path.join(out, "good"), exist_ok=True)
    os.makedirs(os.path.join(out, "hostile"), exist_ok=True)
    for name, fn in GOOD.items():
        with open(os.path.join(out, "good", name), "wb") as f:
            f.write(fn())
    python_docx(os.path.join(out, "good", "python-docx.docx"))
    pandoc_docx(os.path.join(out, "good", "pandoc.docx"))
    for name, fn in HOSTILE.items():
        with open(os.path.join(out, "hostile", name), "wb") as f:
            f.write(fn())


# Small seeds for the fuzz target: the good documents' kinds, and the
# hostile ones that stay small.
CORPUS = ["constructs.docx", "core-title.docx", "heading2-only.docx", "entities.docx",
          "outside-rels.docx", "old-renamed.docx", "encrypted.docx", "damaged.docx",
          "lying-size.docx", "bomb-declared.docx", "no-font.docx", "not-shown.docx",
          "part-names.docx", "review-dates.docx"]


def write_corpus(out):
    os.makedirs(out, exist_ok=True)
    every = dict(GOOD, **HOSTILE)
    for name in CORPUS:
        with open(os.path.join(out, name), "wb") as f:
            f.write(every[name]())
    with open(os.path.join(out, "nested-tables-300.docx"), "wb") as f:
        f.write(nested_tables_docx(300))
    # Bare XML, which the target reads as every part at once.
    with zipfile.ZipFile(io.BytesIO(constructs_docx())) as z:
        for part in ("word/document.xml", "word/styles.xml", "word/numbering.xml",
                     "word/footnotes.xml"):
            with open(os.path.join(out, part.replace("/", "-")), "wb") as f:
                f.write(z.read(part))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--corpus":
        write_corpus(sys.argv[2])
    elif len(sys.argv) == 2:
        write_all(sys.argv[1])
    else:
        sys.exit(__doc__)
