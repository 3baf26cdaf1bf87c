/* docxpkg: a Word document's container: what a file is by its first
 * bytes, the parts the reader needs found through the relationships and
 * read under the container's limits (opc.h), and the names of pictures
 * inside documents. */
#include "core/document/word/docx.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/document/word/docxread.h"

const char DOCX_NOT_WORD[] = N_("this is not a Word document (.docx) the kiosk can read; "
                                "open it in Word or LibreOffice and save it as .docx");

static bool ends_with(const char *s, size_t n, const char *end)
{
	size_t k = strlen(end);
	return n >= k && strncasecmp(s + n - k, end, k) == 0;
}

size_t docx_picture_split(const char *src)
{
	const char *slash = src ? strchr(src, '/') : NULL;
	if (!slash || !slash[1])
		return 0;
	size_t n = (size_t)(slash - src);
	return ends_with(src, n, ".docx") && n > 5 ? n : 0;
}

/* Marks a msgid for xgettext (`make pot`): each is a problem the checker
 * lists, translated where the kiosk shows it. */
#ifndef N_
#define N_(s) s
#endif

const char *docx_other_format(const char *name)
{
	static const struct {
		const char *end;
		const char *msg;
	} kinds[] = {
	    {".doc", N_("this is an old Word document (.doc); open it in Word or LibreOffice and "
	                "save it as .docx")},
	    {".docm", N_("this is a Word document with macros (.docm); open it in Word and save it "
	                 "as .docx")},
	    {".dotx", N_("this is a Word template (.dotx); open it in Word and save it as a "
	                 "document (.docx)")},
	    {".odt", N_("this is a LibreOffice document (.odt); open it in LibreOffice and save it "
	                "as Word (.docx)")},
	    {".rtf", N_("this is a Rich Text document (.rtf); open it in Word or LibreOffice and "
	                "save it as .docx")},
	    {".pages", N_("this is a Pages document; export it from Pages as Word (.docx)")},
	};
	size_t n = name ? strlen(name) : 0;
	if (!n || name[0] == '.')
		return NULL;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (ends_with(name, n, kinds[i].end) && n > strlen(kinds[i].end))
			return kinds[i].msg;
	return NULL;
}

int docx_picture_read(OpcPackage *p, const char *part, char **out, size_t *len, char *err,
                      size_t errlen)
{
	int rc = opc_read(p, part, out, len, err, errlen);
	if (rc > 0)
		docx_set_err(err, errlen,
		             N_("the picture is missing from the document (it may be damaged)"));
	return rc;
}

typedef struct {
	char *xml;
	size_t len;
} Part;

/* Reads an optional part: 0 (absent is fine), or -1 with err. */
static int optional(OpcPackage *p, const char *name, Part *out, char *err, size_t errlen)
{
	*out = (Part){0};
	if (!name)
		return 0;
	int rc = opc_read(p, name, &out->xml, &out->len, err, errlen);
	return rc < 0 ? -1 : 0;
}

/* What to say of a file that is not a zip, by its first bytes; NULL for a
 * zip. */
static const char *refusal_of(OpcKind kind)
{
	switch (kind) {
	case OPC_KIND_ZIP:
		return NULL;
	case OPC_KIND_OLE_CRYPT:
		return N_("this Word document is protected by a password; open it in Word, remove "
		          "the password (File > Info > Protect Document) and save it again");
	case OPC_KIND_OLE_DOC:
		return N_(
		    "this is an old Word document (.doc) with a .docx name; open it in Word or "
		    "LibreOffice and save it as .docx");
	case OPC_KIND_EMPTY:
		return N_("the document is empty");
	default:
		return DOCX_NOT_WORD;
	}
}

int docx_read(const void *buf, size_t len, const char *source, Arena *arena, DocArticle *out,
              char *err, size_t errlen)
{
	char why[200];
	const char *refusal = refusal_of(opc_sniff(buf, len));
	if (refusal) {
		docx_set_err(err, errlen, refusal);
		return -1;
	}
	int rc = -1;
	OpcPackage pkg;
	OpcRels pkg_rels = {0}, doc_rels = {0};
	Part doc = {0}, styles = {0}, numbering = {0}, foot = {0}, end = {0}, core = {0},
	     custom = {0};
	if (opc_open_buffer(&pkg, buf, len, why, sizeof(why)) != 0) {
		docx_set_err(err, errlen, why);
		return -1;
	}
	if (opc_rels(&pkg, "", &pkg_rels, why, sizeof(why)) != 0)
		goto bad;
	/* The main part is wherever the package says (usually
	 * word/document.xml). */
	const OpcRel *main_rel = opc_rel_of_type(&pkg_rels, "officeDocument");
	const char *main_part =
	    main_rel && main_rel->target ? main_rel->target : "word/document.xml";
	int r = opc_read(&pkg, main_part, &doc.xml, &doc.len, why, sizeof(why));
	if (r != 0) {
		if (r > 0 && opc_has(&pkg, "content.xml") && opc_has(&pkg, "mimetype"))
			snprintf(
			    why, sizeof(why), "%s",
			    N_("this is a LibreOffice document (.odt) with a .docx name; open it "
			       "in LibreOffice and save it as Word (.docx)"));
		else if (r > 0)
			snprintf(why, sizeof(why), "%s", DOCX_NOT_WORD);
		goto bad;
	}
	if (opc_rels(&pkg, main_part, &doc_rels, why, sizeof(why)) != 0)
		goto bad;
	const OpcRel *rs = opc_rel_of_type(&doc_rels, "styles");
	const OpcRel *rn = opc_rel_of_type(&doc_rels, "numbering");
	const OpcRel *rf = opc_rel_of_type(&doc_rels, "footnotes");
	const OpcRel *re = opc_rel_of_type(&doc_rels, "endnotes");
	const OpcRel *rc_ = opc_rel_of_type(&pkg_rels, "core-properties");
	const OpcRel *ru = opc_rel_of_type(&pkg_rels, "custom-properties");
	if (optional(&pkg, rs ? rs->target : NULL, &styles, why, sizeof(why)) != 0 ||
	    optional(&pkg, rn ? rn->target : NULL, &numbering, why, sizeof(why)) != 0 ||
	    optional(&pkg, rf ? rf->target : NULL, &foot, why, sizeof(why)) != 0 ||
	    optional(&pkg, re ? re->target : NULL, &end, why, sizeof(why)) != 0 ||
	    optional(&pkg, rc_ ? rc_->target : "docProps/core.xml", &core, why, sizeof(why)) != 0 ||
	    optional(&pkg, ru ? ru->target : "docProps/custom.xml", &custom, why, sizeof(why)) != 0)
		goto bad;
	DocxParts parts = {doc.xml,       doc.len,  styles.xml, styles.len, numbering.xml,
	                   numbering.len, foot.xml, foot.len,   end.xml,    end.len,
	                   core.xml,      core.len, custom.xml, custom.len, &doc_rels};
	rc = docx_map(&parts, source, arena, out, why, sizeof(why));
	if (rc != 0)
		goto bad;
	goto done;
bad:
	snprintf(err, errlen, "%s", why);
	rc = -1;
done:
	free(doc.xml);
	free(styles.xml);
	free(numbering.xml);
	free(foot.xml);
	free(end.xml);
	free(core.xml);
	free(custom.xml);
	opc_rels_free(&pkg_rels);
	opc_rels_free(&doc_rels);
	opc_close(&pkg);
	return rc;
}
