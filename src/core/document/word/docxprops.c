/* docxprops: a Word document's review dates, from its custom properties
 * (docProps/custom.xml). A Word document has no front matter; what staff
 * can give it instead is a property: Word's File > Info > Properties >
 * Advanced > Custom adds one by name, as a date or as text, and
 * LibreOffice's File > Properties > Custom Properties does the same. The
 * names read are "Reviewed" and "Review due" (any case; spaces, "_" and
 * "-" alike, so "review_due" as in front matter too); they become the
 * article's `reviewed` and `review_due` keys, read by core/review as a
 * Markdown article's are.
 *
 *     <Properties xmlns="...custom-properties" xmlns:vt="...docPropsVTypes">
 *       <property fmtid="{...}" pid="2" name="Review due">
 *         <vt:filetime>2027-09-30T22:00:00Z</vt:filetime>
 *       </property>
 *     </Properties>
 *
 * Other properties are not read. Values are bounded: a name or a value
 * longer than a review date can be is not one.
 */
#include <stdio.h>
#include <string.h>

#include "core/document/word/docxread.h"
#include "core/review/date.h"

#define PROPS_NS "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
#define VT_NS "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"

/* Longer than any name this reads, or any date with its time. */
#define PROP_TEXT_MAX 64

typedef struct {
	Builder *b;
	XmlHandlers *h;
	char name[PROP_TEXT_MAX + 1]; /* the property's, as written */
	const char *key;              /* "reviewed", "review_due", or NULL */
	bool timed;                   /* a vt:filetime or vt:date: UTC date and time */
	bool in_value;
	char value[PROP_TEXT_MAX + 1];
	size_t len;
	bool too_long;
} Props;

/* "Review due", "review_due", "REVIEW-DUE" -> "review_due"; NULL for any
 * other name. */
static const char *prop_key(const char *name)
{
	char flat[PROP_TEXT_MAX + 1];
	size_t n = 0;
	for (const char *p = name; *p && n < PROP_TEXT_MAX; p++) {
		char c = *p;
		if (c == ' ' || c == '_' || c == '-')
			continue;
		flat[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	flat[n] = '\0';
	if (strcmp(flat, "reviewed") == 0)
		return "reviewed";
	if (strcmp(flat, "reviewdue") == 0)
		return "review_due";
	return NULL;
}

static void props_start(void *user, XmlName name, const XmlName *an, const char *const *av,
                        size_t na)
{
	Props *p = user;
	unsigned depth = xml_depth(p->h->parser);
	if (depth == 2 && xml_ns_is(name, PROPS_NS) && strcmp(name.local, "property") == 0) {
		const char *n = xml_attr(an, av, na, "", "name");
		size_t len = n ? strlen(n) : 0;
		p->key = n && len <= PROP_TEXT_MAX ? prop_key(n) : NULL;
		if (p->key)
			memcpy(p->name, n, len + 1);
		p->len = 0;
		p->too_long = false;
		p->timed = false;
	} else if (depth == 3 && p->key && xml_ns_is(name, VT_NS)) {
		p->in_value = true;
		p->timed = strcmp(name.local, "filetime") == 0 || strcmp(name.local, "date") == 0;
	}
}

static void props_text(void *user, const char *s, size_t n)
{
	Props *p = user;
	if (!p->in_value)
		return;
	if (n > PROP_TEXT_MAX - p->len) {
		p->too_long = true;
		n = PROP_TEXT_MAX - p->len;
	}
	memcpy(p->value + p->len, s, n);
	p->len += n;
}

/* The day a value names: "2027-10-01", "2027-10", or for a date property
 * Word's UTC date and time, "2027-09-30T22:00:00Z". Word stores a date
 * typed in as local midnight in UTC, so east of Greenwich it reads as the
 * evening before: a time from noon on is the next day's date. */
static bool prop_day(const Props *p, const char *v, size_t len, int *day)
{
	if (!p->timed || len < 13 || v[10] != 'T')
		return date_parse(v, len, day, NULL);
	if (!date_parse(v, 10, day, NULL) || v[11] < '0' || v[11] > '9' || v[12] < '0' ||
	    v[12] > '9')
		return false;
	if ((v[11] - '0') * 10 + (v[12] - '0') >= 12)
		(*day)++;
	return true;
}

/* A property read whole: kept as the article's key when its value is a
 * date, else said, and left out. */
static void props_end_property(Props *p)
{
	Builder *b = p->b;
	const char *v = p->value;
	size_t len = p->len;
	while (len && docx_blank(*v))
		v++, len--;
	while (len && docx_blank(v[len - 1]))
		len--;
	int day;
	if (!p->too_long && prop_day(p, v, len, &day)) {
		int y, m, d;
		date_to_ymd(day, &y, &m, &d);
		char iso[16];
		snprintf(iso, sizeof(iso), "%04d-%02d-%02d", y, m, d);
		char *value = arena_strdup(b->arena, iso); /* the article's, not the reader's */
		if (!value)
			docx_fail_oom(b);
		size_t i = 0;
		while (i < b->nprops && strcmp(b->props[i].key, p->key) != 0)
			i++;
		if (value && i < sizeof(b->props) / sizeof(b->props[0])) {
			b->props[i] = (DocMeta){.key = p->key, .value = value};
			b->nprops += i == b->nprops;
		}
		return;
	}
	/* Quoted as far as 40 bytes, cut at a character's edge (the words are
	 * the front matter's, so they read the same in every language). */
	char quoted[41];
	size_t q = len < sizeof(quoted) - 1 ? len : sizeof(quoted) - 1;
	while (q < len && q > 0 && ((unsigned char)v[q] & 0xC0) == 0x80)
		q--;
	memcpy(quoted, v, q);
	quoted[q] = '\0';
	PkgWhy why;
	pkg_why_say(&why,
	            "%s: \"%s\" is not a date the kiosk can read (write it as 2026-10-14 or "
	            "2026-10); it is left out",
	            p->name, quoted);
	docx_warn_once_why(b, strcmp(p->key, "reviewed") == 0 ? WARN_REVIEWED : WARN_REVIEW_DUE,
	                   &why);
}

static void props_end(void *user, XmlName name)
{
	(void)name;
	Props *p = user;
	unsigned depth = xml_depth(p->h->parser);
	if (depth == 3)
		p->in_value = false;
	else if (depth == 2 && p->key) {
		props_end_property(p);
		p->key = NULL;
	}
}

void docx_props_read(Builder *b, const char *xml, size_t len)
{
	if (!xml)
		return;
	XmlHandlers h = {props_start, props_end, props_text, NULL, NULL};
	Props p = {.b = b, .h = &h};
	h.user = &p;
	XmlError e = xml_parse(xml, len, &h);
	if (e == XML_ERR_NOMEM || b->oom) {
		docx_fail_oom(b);
		return;
	}
	if (e != XML_OK) {
		/* What was read before the damage stands; the rest is said. */
		docx_warn_once(b, WARN_PROPS_DAMAGED,
		               N_("the document's custom properties (docProps/custom.xml) are "
		                  "damaged; review dates after the damage are left out"));
	}
}
