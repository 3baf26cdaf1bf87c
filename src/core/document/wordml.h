/* wordml: the WordprocessingML vocabulary as the Word reader sees it.
 *
 * Which namespace a name is in (Transitional and Strict OOXML spell them
 * differently), the elements the reader acts on as tokens, the subtrees it
 * never shows, and how attributes are read: w: (or unqualified) and r:
 * attributes, on/off values and small numbers. Tables and pure functions
 * only; nothing is allocated.
 */
#ifndef KIOSK_WORDML_H
#define KIOSK_WORDML_H

#include <stdbool.h>
#include <stddef.h>

#include "core/document/xml.h"

typedef enum {
	WML_NS_OTHER,
	WML_NS_W,
	WML_NS_R,
	WML_NS_WP,
	WML_NS_A,
	WML_NS_V,
	WML_NS_O,
	WML_NS_MC,
	WML_NS_M,
	WML_NS_C,
	WML_NS_DGM,
	WML_NS_DC,
} WmlNs;

/* Element tokens: the elements the reader acts on; WML_OTHER for the rest. */
typedef enum {
	WML_OTHER,
	/* w: */
	WML_ABSTRACTNUM,
	WML_ABSTRACTNUMID,
	WML_ALTCHUNK,
	WML_B,
	WML_BASEDON,
	WML_BODY,
	WML_BR,
	WML_CAPS,
	WML_COMMENTREFERENCE,
	WML_CR,
	WML_DEL,
	WML_DELINSTRTEXT,
	WML_DELTEXT,
	WML_DOCDEFAULTS,
	WML_DOCPARTGALLERY,
	WML_DRAWING,
	WML_DSTRIKE,
	WML_ENDNOTE,
	WML_ENDNOTEREF,
	WML_ENDNOTEREFERENCE,
	WML_FLDCHAR,
	WML_FLDSIMPLE,
	WML_FOOTNOTE,
	WML_FOOTNOTEREF,
	WML_FOOTNOTEREFERENCE,
	WML_GRIDSPAN,
	WML_HYPERLINK,
	WML_I,
	WML_ILVL,
	WML_INSTRTEXT,
	WML_LVL,
	WML_LVLOVERRIDE,
	WML_LVLTEXT,
	WML_MOVEFROM,
	WML_NAME,
	WML_NOBREAKHYPHEN,
	WML_NUM,
	WML_NUMFMT,
	WML_NUMID,
	WML_NUMPR,
	WML_NUMSTYLELINK,
	WML_OBJECT,
	WML_OUTLINELVL,
	WML_P,
	WML_PICT,
	WML_PPR,
	WML_PSTYLE,
	WML_PTAB,
	WML_R,
	WML_RFONTS,
	WML_RPR,
	WML_RPRDEFAULT,
	WML_RSTYLE,
	WML_SDT,
	WML_SDTCONTENT,
	WML_SDTPR,
	WML_SECTPR,
	WML_SHOWINGPLCHDR,
	WML_SOFTHYPHEN,
	WML_START,
	WML_STARTOVERRIDE,
	WML_STRIKE,
	WML_STYLE,
	WML_SYM,
	WML_T,
	WML_TAB,
	WML_TBL,
	WML_TBLCAPTION,
	WML_TBLHEADER,
	WML_TBLLOOK,
	WML_TBLPR,
	WML_TBLSTYLE,
	WML_TBLSTYLEPR,
	WML_TCPR,
	WML_TC,
	WML_TR,
	WML_TRPR,
	WML_TXBXCONTENT,
	WML_U,
	WML_VANISH,
	WML_VERTALIGN,
	WML_VMERGE,
	WML_W_LAST,
	/* other vocabularies */
	WML_WP_DOCPR,
	WML_A_BLIP,
	WML_A_GRAPHICDATA,
	WML_V_IMAGEDATA,
	WML_MC_ALTERNATE,
	WML_MC_CHOICE,
	WML_MC_FALLBACK,
	WML_M_T,
	WML_C_CHART,
	WML_DGM_RELIDS,
	WML_DC_TITLE,
} WmlTok;

WmlNs wml_ns(XmlName n);
/* The token of an element named n in namespace ns (from wml_ns). */
WmlTok wml_token(XmlName n, WmlNs ns);
/* A w: element whose whole subtree is never shown: old formatting kept by
 * tracked changes ("...Change"), deleted and moved-away text, section and
 * table properties, comment anchors. */
bool wml_skipped(const char *local);
/* An attribute in the w: namespace (either flavour), or unqualified. */
const char *wml_attr(const XmlName *an, const char *const *av, size_t na, const char *local);
/* An attribute in the r: (relationships) namespace. */
const char *wml_rattr(const XmlName *an, const char *const *av, size_t na, const char *local);
/* A value that is a number from lo to hi, else dflt (also when absent). */
int wml_int(const char *v, int dflt, int lo, int hi);
/* An on/off value (w:b, w:i, ...): absent is on; "0", "false", "off" and
 * "none" are off. */
bool wml_on(const char *v);

#endif
