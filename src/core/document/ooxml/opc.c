#include "core/document/ooxml/opc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/document/model/utf8.h"
#include "core/document/ooxml/xml.h"
#include "core/package/pkg.h"

#define MIB (1024u * 1024u)

static const char NS_RELS[] = "http://schemas.openxmlformats.org/package/2006/relationships";

static const char ERR_DAMAGED[] =
    N_("the document is damaged (it may have been copied only in part); open it in Word and "
       "save it again");
static const char ERR_NOMEM[] = "out of memory";
static const char ERR_PASSWORD[] = N_("the document is protected by a password");

static void set_err(char *err, size_t errlen, const char *msg)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", msg);
}

#define SAY(msg) set_err(err, errlen, msg)

OpcKind opc_sniff(const unsigned char *buf, size_t len)
{
	static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	if (len == 0)
		return OPC_KIND_EMPTY;
	if (len >= 4 && buf[0] == 'P' && buf[1] == 'K' && buf[2] == 3 && buf[3] == 4)
		return OPC_KIND_ZIP;
	if (len < sizeof(ole) || memcmp(buf, ole, sizeof(ole)) != 0)
		return OPC_KIND_OTHER;
	/* A password-protected .docx is an OLE2 file whose streams are named
	 * EncryptionInfo and EncryptedPackage; names in an OLE2 directory are
	 * UTF-16LE. Looking for the name is enough to choose the message,
	 * and needs no parser of the compound file format. */
	static const char name[] = "EncryptedPackage";
	size_t n = sizeof(name) - 1;
	for (size_t i = 0; i + 2 * n <= len; i++) {
		size_t k = 0;
		while (k < n && buf[i + 2 * k] == (unsigned char)name[k] && buf[i + 2 * k + 1] == 0)
			k++;
		if (k == n)
			return OPC_KIND_OLE_CRYPT;
	}
	return OPC_KIND_OLE_DOC;
}

static void format_mb(char *buf, size_t size, unsigned long long bytes)
{
	unsigned long long mb = (bytes + MIB - 1) / MIB;
	snprintf(buf, size, "%llu MB", mb);
}

/* The limits, from the central directory only. */
static int check_directory(zip_t *z, char *err, size_t errlen)
{
	zip_int64_t n = zip_get_num_entries(z, 0);
	if (n < 0) {
		SAY(ERR_DAMAGED);
		return -1;
	}
	if (n > OPC_ENTRIES_MAX) {
		pkg_err_say(err, errlen, "the document holds too many parts (%lld; at most %d)",
		            (long long)n, OPC_ENTRIES_MAX);
		return -1;
	}
	unsigned long long total = 0;
	for (zip_int64_t i = 0; i < n; i++) {
		zip_stat_t st;
		zip_stat_init(&st);
		if (zip_stat_index(z, (zip_uint64_t)i, 0, &st) != 0 ||
		    !(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE)) {
			SAY(ERR_DAMAGED);
			return -1;
		}
		if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
		    st.encryption_method != ZIP_EM_NONE) {
			SAY(ERR_PASSWORD);
			return -1;
		}
		/* Office writes deflate or stored; nothing else reaches a
		 * decompressor. */
		if ((st.valid & ZIP_STAT_COMP_METHOD) && st.comp_method != ZIP_CM_STORE &&
		    st.comp_method != ZIP_CM_DEFLATE) {
			SAY(N_("the document is packed in a way Word does not use; open it in Word "
			       "and save it again"));
			return -1;
		}
		char a[32], b[32];
		if (st.size > OPC_PART_MAX) {
			format_mb(a, sizeof(a), st.size);
			format_mb(b, sizeof(b), OPC_PART_MAX);
			pkg_err_say(
			    err, errlen,
			    "a part of the document is too large (%s unpacked; at most %s); "
			    "make its pictures smaller",
			    a, b);
			return -1;
		}
		if (st.size > OPC_RATIO_FLOOR &&
		    (st.comp_size == 0 || st.size / st.comp_size >= OPC_RATIO_MAX)) {
			SAY(N_("the document is packed suspiciously tightly (a part would grow "
			       "more than 100 times when unpacked)"));
			return -1;
		}
		if (st.comp_method == ZIP_CM_STORE && st.size != st.comp_size) {
			SAY(ERR_DAMAGED);
			return -1;
		}
		total += st.size;
		if (total > OPC_INFLATED_MAX) {
			format_mb(b, sizeof(b), OPC_INFLATED_MAX);
			pkg_err_say(err, errlen,
			            "the document holds too much (more than %s unpacked); make its "
			            "pictures smaller",
			            b);
			return -1;
		}
	}
	return 0;
}

int opc_attach(OpcPackage *p, zip_t *zip, char *err, size_t errlen)
{
	p->zip = NULL;
	p->inflated = 0;
	if (!zip) {
		SAY(ERR_DAMAGED);
		return -1;
	}
	if (check_directory(zip, err, errlen) != 0) {
		zip_discard(zip);
		return -1;
	}
	p->zip = zip;
	return 0;
}

int opc_open_buffer(OpcPackage *p, const void *buf, size_t len, char *err, size_t errlen)
{
	p->zip = NULL;
	p->inflated = 0;
	if (len > OPC_FILE_MAX) {
		SAY(N_("the document is too large"));
		return -1;
	}
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(len ? buf : "", len, 0, &ze);
	zip_t *z = NULL;
	if (src) {
		z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
		if (!z)
			zip_source_free(src);
	}
	int code = zip_error_code_zip(&ze);
	zip_error_fini(&ze);
	if (!z) {
		SAY(code == ZIP_ER_MEMORY ? ERR_NOMEM : ERR_DAMAGED);
		return -1;
	}
	return opc_attach(p, z, err, errlen);
}

void opc_close(OpcPackage *p)
{
	if (p->zip)
		zip_discard(p->zip);
	p->zip = NULL;
}

/* Part names are URIs: "my%20picture.png" is stored as "my picture.png"
 * by some writers and as written by others. */
static char *percent_decode(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(n + 1), *o = out;
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		int hi, lo;
		if (s[i] == '%' && i + 2 < n && (hi = utf8_hex_digit(s[i + 1])) >= 0 &&
		    (lo = utf8_hex_digit(s[i + 2])) >= 0 && (hi || lo)) {
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

static zip_int64_t locate(const OpcPackage *p, const char *part)
{
	if (!p->zip || !part)
		return -1;
	zip_int64_t i = zip_name_locate(p->zip, part, ZIP_FL_NOCASE);
	if (i >= 0 || !strchr(part, '%'))
		return i;
	char *d = percent_decode(part);
	if (d)
		i = zip_name_locate(p->zip, d, ZIP_FL_NOCASE);
	free(d);
	return i;
}

bool opc_has(const OpcPackage *p, const char *part)
{
	return locate(p, part) >= 0;
}

int opc_read(OpcPackage *p, const char *part, char **out, size_t *len, char *err, size_t errlen)
{
	*out = NULL;
	*len = 0;
	zip_int64_t i = locate(p, part);
	if (i < 0)
		return 1;
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(p->zip, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    st.size > OPC_PART_MAX || p->inflated + st.size > OPC_INFLATED_MAX) {
		/* The directory was judged when the package was opened; this is
		 * a second line should a caller read one part many times. */
		SAY(ERR_DAMAGED);
		return -1;
	}
	size_t size = (size_t)st.size;
	char *buf = malloc(size + 2);
	if (!buf) {
		SAY(ERR_NOMEM);
		return -1;
	}
	zip_file_t *f = zip_fopen_index(p->zip, (zip_uint64_t)i, 0);
	if (!f) {
		int code = zip_error_code_zip(zip_get_error(p->zip));
		free(buf);
		SAY(code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD ? ERR_PASSWORD
		    : code == ZIP_ER_MEMORY                               ? ERR_NOMEM
		                                                          : ERR_DAMAGED);
		return -1;
	}
	/* One byte more than declared is asked for: getting it means the
	 * directory lied, and inflation stops there. Reading to the end
	 * makes libzip check the CRC. */
	size_t got = 0;
	for (;;) {
		zip_int64_t r = zip_fread(f, buf + got, size + 1 - got);
		if (r < 0) {
			got = size + 1;
			break;
		}
		if (r == 0)
			break;
		got += (size_t)r;
		if (got > size)
			break;
	}
	zip_fclose(f);
	if (got != size) {
		free(buf);
		SAY(ERR_DAMAGED);
		return -1;
	}
	buf[size] = '\0';
	p->inflated += size;
	*out = buf;
	*len = size;
	return 0;
}

/* ---- relationships ------------------------------------------------------ */

char *opc_resolve(const char *source_part, const char *target)
{
	if (!target || !*target)
		return NULL;
	/* A scheme ("http:", "file:") or a network path is never a part. */
	for (const char *s = target; *s && *s != '/'; s++)
		if (*s == ':')
			return NULL;
	if (target[0] == '/' && target[1] == '/')
		return NULL;
	size_t tl = strcspn(target, "#?");
	size_t bl = 0;
	if (target[0] != '/' && source_part) {
		const char *slash = strrchr(source_part, '/');
		bl = slash ? (size_t)(slash - source_part) + 1 : 0;
	}
	char *joined = malloc(bl + tl + 1);
	char *out = malloc(bl + tl + 1);
	if (!joined || !out) {
		free(joined);
		free(out);
		return NULL;
	}
	memcpy(joined, source_part ? source_part : "", bl);
	memcpy(joined + bl, target, tl);
	joined[bl + tl] = '\0';
	/* Segment by segment: "." goes, ".." takes one back, and one more
	 * ".." than there are folders leaves the package. */
	size_t o = 0;
	bool bad = false;
	const char *s = joined;
	while (*s && !bad) {
		size_t n = strcspn(s, "/");
		if (n == 0 || (n == 1 && s[0] == '.')) {
			/* empty or "." */
		} else if (n == 2 && s[0] == '.' && s[1] == '.') {
			if (o == 0) {
				bad = true;
				break;
			}
			o--;
			while (o > 0 && out[o - 1] != '/')
				o--;
		} else {
			for (size_t k = 0; k < n; k++) {
				unsigned char c = (unsigned char)s[k];
				if (c < 0x20 || c == 0x7F || c == '\\')
					bad = true;
			}
			memcpy(out + o, s, n);
			o += n;
			out[o++] = '/';
		}
		s += n;
		if (*s == '/')
			s++;
	}
	free(joined);
	if (bad || o == 0) {
		free(out);
		return NULL;
	}
	out[o - 1] = '\0'; /* the last '/' */
	return out;
}

typedef struct {
	OpcRels *rels;
	size_t cap;
	const char *source;
	bool oom;
	XmlHandlers *h;
} RelsReader;

static char *dup(const char *s)
{
	size_t n = strlen(s);
	char *p = malloc(n + 1);
	if (p)
		memcpy(p, s, n + 1);
	return p;
}

static void rels_start(void *user, XmlName name, const XmlName *an, const char *const *av,
                       size_t na)
{
	RelsReader *rr = user;
	if (rr->oom || strcmp(name.local, "Relationship") != 0 || !xml_ns_is(name, NS_RELS))
		return;
	const char *id = xml_attr(an, av, na, "", "Id");
	const char *type = xml_attr(an, av, na, "", "Type");
	const char *target = xml_attr(an, av, na, "", "Target");
	const char *mode = xml_attr(an, av, na, "", "TargetMode");
	if (!id || !type || !target)
		return;
	OpcRels *r = rr->rels;
	if (r->n == rr->cap) {
		/* Bounded by the part's size, itself bounded. */
		size_t cap = rr->cap ? rr->cap * 2 : 16;
		OpcRel *v = realloc(r->v, cap * sizeof(*v));
		if (!v) {
			rr->oom = true;
			xml_stop(rr->h->parser, XML_ERR_NOMEM);
			return;
		}
		r->v = v;
		rr->cap = cap;
	}
	const char *last = strrchr(type, '/');
	OpcRel rel = {.id = dup(id), .type = dup(last ? last + 1 : type)};
	rel.external = mode && strcmp(mode, "External") == 0;
	if (!rel.external)
		rel.target = opc_resolve(rr->source, target);
	if (!rel.id || !rel.type) {
		free(rel.id);
		free(rel.type);
		free(rel.target);
		rr->oom = true;
		xml_stop(rr->h->parser, XML_ERR_NOMEM);
		return;
	}
	r->v[r->n++] = rel;
}

const char *opc_xml_words(XmlError e)
{
	switch (e) {
	case XML_ERR_DOCTYPE:
		return N_("the document contains a DOCTYPE declaration, which Word never writes "
		          "(it may be made to attack the kiosk)");
	case XML_ERR_DEEP:
		return N_("the document is nested too deeply to show (tables inside tables inside "
		          "tables)");
	case XML_ERR_NOMEM:
		return ERR_NOMEM;
	default:
		return ERR_DAMAGED;
	}
}

int opc_rels(OpcPackage *p, const char *part, OpcRels *out, char *err, size_t errlen)
{
	out->v = NULL;
	out->n = 0;
	/* "word/document.xml" -> "word/_rels/document.xml.rels". */
	const char *slash = strrchr(part, '/');
	size_t dl = slash ? (size_t)(slash - part) + 1 : 0;
	size_t pl = strlen(part);
	char *name = malloc(pl + 16);
	if (!name) {
		SAY(ERR_NOMEM);
		return -1;
	}
	memcpy(name, part, dl);
	memcpy(name + dl, "_rels/", 6);
	memcpy(name + dl + 6, part + dl, pl - dl);
	memcpy(name + 6 + pl, ".rels", 6);
	char *xml;
	size_t len;
	int rc = opc_read(p, name, &xml, &len, err, errlen);
	free(name);
	if (rc != 0)
		return rc > 0 ? 0 : -1;
	XmlHandlers h = {.start = rels_start};
	RelsReader rr = {.rels = out, .source = part, .h = &h};
	h.user = &rr;
	XmlError xe = xml_parse(xml, len, &h);
	free(xml);
	if (xe != XML_OK || rr.oom) {
		SAY(rr.oom ? ERR_NOMEM : opc_xml_words(xe));
		opc_rels_free(out);
		return -1;
	}
	return 0;
}

void opc_rels_free(OpcRels *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].id);
		free(r->v[i].type);
		free(r->v[i].target);
	}
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

const OpcRel *opc_rel_find(const OpcRels *r, const char *id)
{
	for (size_t i = 0; id && i < r->n; i++)
		if (strcmp(r->v[i].id, id) == 0)
			return &r->v[i];
	return NULL;
}

const OpcRel *opc_rel_of_type(const OpcRels *r, const char *type)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].type, type) == 0)
			return &r->v[i];
	return NULL;
}
