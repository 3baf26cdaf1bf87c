#include "core/document/wordml.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	const char *uri;
	WmlNs ns;
} NsUri;

/* Transitional and Strict OOXML name the same things differently. */
static const NsUri NAMESPACES[] = {
    {"http://schemas.openxmlformats.org/wordprocessingml/2006/main", WML_NS_W},
    {"http://purl.oclc.org/ooxml/wordprocessingml/main", WML_NS_W},
    {"http://schemas.openxmlformats.org/officeDocument/2006/relationships", WML_NS_R},
    {"http://purl.oclc.org/ooxml/officeDocument/relationships", WML_NS_R},
    {"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing", WML_NS_WP},
    {"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing", WML_NS_WP},
    {"http://schemas.openxmlformats.org/drawingml/2006/main", WML_NS_A},
    {"http://purl.oclc.org/ooxml/drawingml/main", WML_NS_A},
    {"urn:schemas-microsoft-com:vml", WML_NS_V},
    {"urn:schemas-microsoft-com:office:office", WML_NS_O},
    {"http://schemas.openxmlformats.org/markup-compatibility/2006", WML_NS_MC},
    {"http://schemas.openxmlformats.org/officeDocument/2006/math", WML_NS_M},
    {"http://purl.oclc.org/ooxml/officeDocument/math", WML_NS_M},
    {"http://schemas.openxmlformats.org/drawingml/2006/chart", WML_NS_C},
    {"http://purl.oclc.org/ooxml/drawingml/chart", WML_NS_C},
    {"http://schemas.microsoft.com/office/drawing/2014/chartex", WML_NS_C}, /* Word 2016's */
    {"http://schemas.openxmlformats.org/drawingml/2006/diagram", WML_NS_DGM},
    {"http://purl.oclc.org/ooxml/drawingml/diagram", WML_NS_DGM},
    {"http://purl.org/dc/elements/1.1/", WML_NS_DC},
};

WmlNs wml_ns(XmlName n)
{
	for (size_t i = 0; i < sizeof(NAMESPACES) / sizeof(NAMESPACES[0]); i++)
		if (xml_ns_is(n, NAMESPACES[i].uri))
			return NAMESPACES[i].ns;
	return WML_NS_OTHER;
}

typedef struct {
	const char *name;
	WmlTok tok;
} WmlName;

/* In byte order, as strcmp sorts (capitals before small letters: "vMerge"
 * before "vanish"), for bsearch. */
static const WmlName W_NAMES[] = {
    {"abstractNum", WML_ABSTRACTNUM},
    {"abstractNumId", WML_ABSTRACTNUMID},
    {"altChunk", WML_ALTCHUNK},
    {"b", WML_B},
    {"basedOn", WML_BASEDON},
    {"body", WML_BODY},
    {"br", WML_BR},
    {"caps", WML_CAPS},
    {"commentReference", WML_COMMENTREFERENCE},
    {"cr", WML_CR},
    {"del", WML_DEL},
    {"delInstrText", WML_DELINSTRTEXT},
    {"delText", WML_DELTEXT},
    {"docDefaults", WML_DOCDEFAULTS},
    {"docPartGallery", WML_DOCPARTGALLERY},
    {"drawing", WML_DRAWING},
    {"dstrike", WML_DSTRIKE},
    {"endnote", WML_ENDNOTE},
    {"endnoteRef", WML_ENDNOTEREF},
    {"endnoteReference", WML_ENDNOTEREFERENCE},
    {"fldChar", WML_FLDCHAR},
    {"fldSimple", WML_FLDSIMPLE},
    {"footnote", WML_FOOTNOTE},
    {"footnoteRef", WML_FOOTNOTEREF},
    {"footnoteReference", WML_FOOTNOTEREFERENCE},
    {"gridSpan", WML_GRIDSPAN},
    {"hyperlink", WML_HYPERLINK},
    {"i", WML_I},
    {"ilvl", WML_ILVL},
    {"instrText", WML_INSTRTEXT},
    {"lvl", WML_LVL},
    {"lvlOverride", WML_LVLOVERRIDE},
    {"lvlText", WML_LVLTEXT},
    {"moveFrom", WML_MOVEFROM},
    {"name", WML_NAME},
    {"noBreakHyphen", WML_NOBREAKHYPHEN},
    {"num", WML_NUM},
    {"numFmt", WML_NUMFMT},
    {"numId", WML_NUMID},
    {"numPr", WML_NUMPR},
    {"numStyleLink", WML_NUMSTYLELINK},
    {"object", WML_OBJECT},
    {"outlineLvl", WML_OUTLINELVL},
    {"p", WML_P},
    {"pPr", WML_PPR},
    {"pStyle", WML_PSTYLE},
    {"pict", WML_PICT},
    {"ptab", WML_PTAB},
    {"r", WML_R},
    {"rFonts", WML_RFONTS},
    {"rPr", WML_RPR},
    {"rPrDefault", WML_RPRDEFAULT},
    {"rStyle", WML_RSTYLE},
    {"sdt", WML_SDT},
    {"sdtContent", WML_SDTCONTENT},
    {"sdtPr", WML_SDTPR},
    {"sectPr", WML_SECTPR},
    {"showingPlcHdr", WML_SHOWINGPLCHDR},
    {"softHyphen", WML_SOFTHYPHEN},
    {"start", WML_START},
    {"startOverride", WML_STARTOVERRIDE},
    {"strike", WML_STRIKE},
    {"style", WML_STYLE},
    {"sym", WML_SYM},
    {"t", WML_T},
    {"tab", WML_TAB},
    {"tbl", WML_TBL},
    {"tblCaption", WML_TBLCAPTION},
    {"tblHeader", WML_TBLHEADER},
    {"tblLook", WML_TBLLOOK},
    {"tblPr", WML_TBLPR},
    {"tblStyle", WML_TBLSTYLE},
    {"tblStylePr", WML_TBLSTYLEPR},
    {"tc", WML_TC},
    {"tcPr", WML_TCPR},
    {"tr", WML_TR},
    {"trPr", WML_TRPR},
    {"txbxContent", WML_TXBXCONTENT},
    {"u", WML_U},
    {"vMerge", WML_VMERGE},
    {"vanish", WML_VANISH},
    {"vertAlign", WML_VERTALIGN},
};

static int wname_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const WmlName *)elem)->name);
}

/* Elements whose whole subtree is never shown: old formatting kept by
 * tracked changes ("...Change"), deleted and moved-away text, and the
 * places that hold comments, headers and other parts' anchors. */
bool wml_skipped(const char *local)
{
	size_t n = strlen(local);
	if (n > 6 && strcmp(local + n - 6, "Change") == 0)
		return true;
	static const char *const names[] = {
	    "del",           "moveFrom", "delText", "delInstrText", "commentReference",
	    "annotationRef", "sectPr",   "tblGrid", "cellDel",      "customXmlDelRangeStart"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(local, names[i]) == 0)
			return true;
	return false;
}

WmlTok wml_token(XmlName n, WmlNs ns)
{
	switch (ns) {
	case WML_NS_W: {
		const WmlName *w = bsearch(n.local, W_NAMES, sizeof(W_NAMES) / sizeof(W_NAMES[0]),
		                           sizeof(W_NAMES[0]), wname_cmp);
		return w ? w->tok : WML_OTHER;
	}
	case WML_NS_WP:
		return strcmp(n.local, "docPr") == 0 ? WML_WP_DOCPR : WML_OTHER;
	case WML_NS_A:
		if (strcmp(n.local, "blip") == 0)
			return WML_A_BLIP;
		return strcmp(n.local, "graphicData") == 0 ? WML_A_GRAPHICDATA : WML_OTHER;
	case WML_NS_V:
		return strcmp(n.local, "imagedata") == 0 ? WML_V_IMAGEDATA : WML_OTHER;
	case WML_NS_MC:
		if (strcmp(n.local, "AlternateContent") == 0)
			return WML_MC_ALTERNATE;
		if (strcmp(n.local, "Choice") == 0)
			return WML_MC_CHOICE;
		return strcmp(n.local, "Fallback") == 0 ? WML_MC_FALLBACK : WML_OTHER;
	case WML_NS_M:
		return strcmp(n.local, "t") == 0 ? WML_M_T : WML_OTHER;
	case WML_NS_C:
		return strcmp(n.local, "chart") == 0 ? WML_C_CHART : WML_OTHER;
	case WML_NS_DGM:
		return strcmp(n.local, "relIds") == 0 ? WML_DGM_RELIDS : WML_OTHER;
	case WML_NS_DC:
		return strcmp(n.local, "title") == 0 ? WML_DC_TITLE : WML_OTHER;
	default:
		return WML_OTHER;
	}
}

/* An attribute in the w: namespace (either flavour), or unqualified. */
const char *wml_attr(const XmlName *an, const char *const *av, size_t na, const char *local)
{
	for (size_t i = 0; i < na; i++) {
		if (strcmp(an[i].local, local) != 0)
			continue;
		WmlNs ns = an[i].nslen ? wml_ns(an[i]) : WML_NS_W;
		if (ns == WML_NS_W)
			return av[i];
	}
	return NULL;
}

const char *wml_rattr(const XmlName *an, const char *const *av, size_t na, const char *local)
{
	for (size_t i = 0; i < na; i++)
		if (strcmp(an[i].local, local) == 0 && wml_ns(an[i]) == WML_NS_R)
			return av[i];
	return NULL;
}

/* A w:val that is a small number, else dflt. */
int wml_int(const char *v, int dflt, int lo, int hi)
{
	if (!v)
		return dflt;
	char *end;
	long x = strtol(v, &end, 10);
	if (end == v || *end || x < lo || x > hi)
		return dflt;
	return (int)x;
}

/* On/off properties (w:b, w:i, ...): absent val is on. */
bool wml_on(const char *v)
{
	return !v || !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0 ||
	               strcmp(v, "none") == 0);
}
