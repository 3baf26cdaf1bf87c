/* opc: the zip container of an Office document (Open Packaging
 * Conventions: parts, and relationships between them), read with libzip.
 *
 * Everything about the container is judged from its central directory
 * before a single byte is inflated: the number of entries, each entry's
 * declared size and inflation ratio, their total, the compression method,
 * encryption. Reading a part then never yields more than its declared size
 * (a lying directory cannot make inflation run on), and the CRC is checked.
 * A document saved in an older or protected form (an OLE2 compound file:
 * Word 97-2003, or a password-protected .docx) is recognised by its first
 * bytes and named in the message.
 *
 * Pure C: libzip works on a caller's buffer (opc_open_buffer) or on a
 * zip_t the platform opened (opc_attach); nothing here opens files. An
 * OpcPackage owns its zip_t; opc_close releases it. Relationships are
 * malloc'd and freed with opc_rels_free.
 */
#ifndef KIOSK_OPC_H
#define KIOSK_OPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/document/xml.h"

/* The document file itself, as it lies on the stick. */
#define OPC_FILE_MAX (16u * 1024 * 1024)
/* One part, inflated. */
#define OPC_PART_MAX (16u * 1024 * 1024)
/* All parts together, inflated, as the directory declares them. */
#define OPC_INFLATED_MAX (64u * 1024 * 1024)
/* Declared size over compressed size, per entry. */
#define OPC_RATIO_MAX 100
/* Entries smaller than this are not held to the ratio: a bomb needs size
 * to do harm, and a short XML part of repeated markup (an empty table
 * style, a numbering definition) can compress further than 100:1. */
#define OPC_RATIO_FLOOR (256u * 1024)
#define OPC_ENTRIES_MAX 2000

typedef enum {
	OPC_KIND_ZIP,       /* a zip container: worth opening */
	OPC_KIND_OLE_DOC,   /* an OLE2 compound file: Word 97-2003 and the like */
	OPC_KIND_OLE_CRYPT, /* an OLE2 file holding an EncryptedPackage */
	OPC_KIND_EMPTY,
	OPC_KIND_OTHER, /* neither: text, a picture, a damaged file */
} OpcKind;

/* What the first bytes of a file say it is (len bytes of the whole file). */
OpcKind opc_sniff(const unsigned char *buf, size_t len);

typedef struct zip zip_t;

typedef struct {
	zip_t *zip;
	uint64_t inflated; /* bytes handed out by opc_read so far */
} OpcPackage;

/* Opens a zip held in buf (len bytes, which must outlive the package) and
 * applies the container limits. 0, or -1 with a plain phrase in err ("the
 * document is damaged", "the document holds too much (70 MB unpacked; at
 * most 64 MB)", ...). */
int opc_open_buffer(OpcPackage *p, const void *buf, size_t len, char *err, size_t errlen);
/* The same on a zip_t opened elsewhere (ownership passes; it is discarded
 * on failure too). */
int opc_attach(OpcPackage *p, zip_t *zip, char *err, size_t errlen);
void opc_close(OpcPackage *p);

/* Whether the package has a part of that name (case-insensitive, as part
 * names are). */
bool opc_has(const OpcPackage *p, const char *part);
/* Reads a whole part into a malloc'd buffer with a NUL after it (caller
 * frees). 0; 1 when there is no such part; -1 with a phrase in err when it
 * cannot be read (damaged, encrypted, over the limits). */
int opc_read(OpcPackage *p, const char *part, char **out, size_t *len, char *err, size_t errlen);

typedef struct {
	char *id;
	char *type;    /* the Type URI's last segment: "image", "styles", ... */
	char *target;  /* the part it points to, resolved ("word/media/a.png");
	                * NULL when it points outside the package */
	bool external; /* TargetMode="External" (a web address, a linked file) */
} OpcRel;

typedef struct {
	OpcRel *v;
	size_t n;
} OpcRels;

/* The relationships of part ("" for the package's own, _rels/.rels).
 * A missing relationships part is no relationships. 0, or -1 with err
 * (damaged XML, a DOCTYPE, out of memory). */
int opc_rels(OpcPackage *p, const char *part, OpcRels *out, char *err, size_t errlen);
void opc_rels_free(OpcRels *r);
/* The relationship with that id, or NULL. */
const OpcRel *opc_rel_find(const OpcRels *r, const char *id);
/* The first relationship of that type, or NULL. */
const OpcRel *opc_rel_of_type(const OpcRels *r, const char *type);

/* A phrase for an XML problem in a part ("the document is damaged ..."). */
const char *opc_xml_words(XmlError e);

/* Resolves a relationship target against the part it belongs to
 * ("word/document.xml" + "media/a.png" -> "word/media/a.png"; a leading
 * '/' is from the package root). Returns a malloc'd part name, or NULL
 * when it leaves the package ("../../x"), is a web address, or is not a
 * plain part name. */
char *opc_resolve(const char *source_part, const char *target);

#endif
