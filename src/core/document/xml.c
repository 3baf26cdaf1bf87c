#include "core/document/xml.h"

#include <expat.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Between a namespace URI and a local name in expat's names. A control
 * character cannot occur in either (XML 1.0 forbids it even as &#1;). */
#define NS_SEP '\x01'
/* expat takes an int length: the buffer goes in in slices. */
#define SLICE (1 << 20)

struct XmlParser {
	XML_Parser xp;
	XmlHandlers *h;
	XmlError err;
	unsigned depth;
	XmlName *names;
	size_t cap;
};

static XmlName split(const char *s)
{
	const char *sep = strchr(s, NS_SEP);
	if (!sep)
		return (XmlName){"", 0, s};
	return (XmlName){s, (size_t)(sep - s), sep + 1};
}

void xml_stop(XmlParser *p, XmlError err)
{
	if (p->err == XML_OK)
		p->err = err == XML_OK ? XML_ERR_STOPPED : err;
	XML_StopParser(p->xp, XML_FALSE);
}

unsigned xml_depth(const XmlParser *p)
{
	return p->depth;
}

bool xml_ns_is(XmlName name, const char *uri)
{
	size_t n = strlen(uri);
	return name.nslen == n && memcmp(name.ns, uri, n) == 0;
}

const char *xml_attr(const XmlName *anames, const char *const *avalues, size_t natts,
                     const char *ns, const char *local)
{
	for (size_t i = 0; i < natts; i++) {
		if (strcmp(anames[i].local, local) != 0)
			continue;
		if (ns && !xml_ns_is(anames[i], ns))
			continue;
		return avalues[i];
	}
	return NULL;
}

static void XMLCALL on_start(void *user, const XML_Char *name, const XML_Char **atts)
{
	XmlParser *p = user;
	if (p->err != XML_OK)
		return;
	if (++p->depth > XML_DEPTH_MAX) {
		xml_stop(p, XML_ERR_DEEP);
		return;
	}
	size_t n = 0;
	while (atts[2 * n])
		n++;
	if (n > p->cap) {
		/* Attributes are few; their names are split into one array kept
		 * for the whole parse. */
		size_t cap = n < 16 ? 16 : n;
		XmlName *v = realloc(p->names, cap * sizeof(*v));
		if (!v) {
			xml_stop(p, XML_ERR_NOMEM);
			return;
		}
		p->names = v;
		p->cap = cap;
	}
	const char *values[64];
	const char **vals = n <= 64 ? values : malloc(n * sizeof(*vals));
	if (!vals) {
		xml_stop(p, XML_ERR_NOMEM);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		p->names[i] = split(atts[2 * i]);
		vals[i] = atts[2 * i + 1];
	}
	if (p->h->start)
		p->h->start(p->h->user, split(name), p->names, vals, n);
	if (vals != values)
		free(vals);
}

static void XMLCALL on_end(void *user, const XML_Char *name)
{
	XmlParser *p = user;
	if (p->err == XML_OK && p->h->end)
		p->h->end(p->h->user, split(name));
	if (p->depth)
		p->depth--;
}

static void XMLCALL on_text(void *user, const XML_Char *s, int len)
{
	XmlParser *p = user;
	if (p->err == XML_OK && p->h->text && len > 0)
		p->h->text(p->h->user, s, (size_t)len);
}

static void XMLCALL on_doctype(void *user, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
	xml_stop(user, XML_ERR_DOCTYPE);
}

/* Unreachable without a DOCTYPE; kept so that no future change to the
 * doctype rule can let an entity be declared. */
static void XMLCALL on_entity(void *user, const XML_Char *name, int is_param, const XML_Char *value,
                              int value_len, const XML_Char *base, const XML_Char *sysid,
                              const XML_Char *pubid, const XML_Char *notation)
{
	xml_stop(user, XML_ERR_DOCTYPE);
}

XmlError xml_parse(const char *buf, size_t len, XmlHandlers *h)
{
	XmlParser p = {.h = h};
	p.xp = XML_ParserCreateNS(NULL, NS_SEP);
	if (!p.xp)
		return XML_ERR_NOMEM;
	h->parser = &p;
	XML_SetUserData(p.xp, &p);
	XML_SetElementHandler(p.xp, on_start, on_end);
	XML_SetCharacterDataHandler(p.xp, on_text);
	XML_SetStartDoctypeDeclHandler(p.xp, on_doctype);
	XML_SetEntityDeclHandler(p.xp, on_entity);
	XML_SetParamEntityParsing(p.xp, XML_PARAM_ENTITY_PARSING_NEVER);
	size_t off = 0;
	do {
		size_t n = len - off < SLICE ? len - off : SLICE;
		int final = off + n == len;
		if (XML_Parse(p.xp, buf ? buf + off : "", (int)n, final) != XML_STATUS_OK) {
			if (p.err == XML_OK)
				p.err = XML_GetErrorCode(p.xp) == XML_ERROR_NO_MEMORY
				            ? XML_ERR_NOMEM
				            : XML_ERR_SYNTAX;
			break;
		}
		off += n;
	} while (off < len);
	XmlError err = p.err;
	XML_ParserFree(p.xp);
	free(p.names);
	h->parser = NULL;
	return err;
}
