/* xml: expat, hardened for documents from a stick.
 *
 * Office documents never carry a document type declaration, so one is
 * refused outright: no DTD means no entity can be declared, so nothing can
 * expand (billion laughs) or point outside (external entities), and expat
 * is never asked to fetch anything. Element nesting is bounded (expat keeps
 * its own stack on the heap, but what reads the events should not have to
 * think about a million open tables). Names arrive split into a namespace
 * and a local name, so "w:p" is recognised whatever prefix a writer chose.
 *
 * Pure C over a buffer; no files. Nothing is allocated that outlives
 * xml_parse.
 */
#ifndef KIOSK_XML_H
#define KIOSK_XML_H

#include <stdbool.h>
#include <stddef.h>

/* Open elements at once; deeper is refused (ten thousand nested tables are
 * thirty thousand levels; real documents stay under fifty). */
#define XML_DEPTH_MAX 256

typedef enum {
	XML_OK,
	XML_ERR_SYNTAX,  /* not well-formed XML */
	XML_ERR_DOCTYPE, /* a <!DOCTYPE ...> (and so entity declarations) */
	XML_ERR_DEEP,    /* more than XML_DEPTH_MAX open elements */
	XML_ERR_NOMEM,
	XML_ERR_STOPPED, /* a handler asked to stop (xml_stop) */
} XmlError;

typedef struct XmlParser XmlParser;

/* An element's name: ns is its namespace URI ("" when none), local the
 * part after the prefix. Attribute names come the same way. */
typedef struct {
	const char *ns; /* nslen bytes, not terminated */
	size_t nslen;
	const char *local; /* terminated */
} XmlName;

typedef struct {
	/* attrs: natts names and values, NUL-terminated, valid during the
	 * call only. */
	void (*start)(void *user, XmlName name, const XmlName *anames, const char *const *avalues,
	              size_t natts);
	void (*end)(void *user, XmlName name);
	/* Character data, UTF-8, len bytes (not terminated), in pieces. */
	void (*text)(void *user, const char *s, size_t len);
	void *user;
	/* Filled by xml_parse: the parser, for xml_stop from a handler. */
	XmlParser *parser;
} XmlHandlers;

/* Parses len bytes. Returns XML_OK or the first problem. */
XmlError xml_parse(const char *buf, size_t len, XmlHandlers *h);
/* From a handler: stop parsing; xml_parse returns XML_ERR_STOPPED (or
 * err when it is not XML_OK). */
void xml_stop(XmlParser *p, XmlError err);
/* The open element depth at the current event (1 inside the root). */
unsigned xml_depth(const XmlParser *p);
/* Whether name is in namespace uri. */
bool xml_ns_is(XmlName name, const char *uri);
/* The value of attribute (ns, local) in a start event, or NULL. ns NULL
 * matches any namespace, "" no namespace. */
const char *xml_attr(const XmlName *anames, const char *const *avalues, size_t natts,
                     const char *ns, const char *local);

#endif
