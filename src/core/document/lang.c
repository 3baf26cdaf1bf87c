#include "core/document/lang.h"

#include <string.h>
#include <strings.h>

typedef struct {
	const char *code; /* ISO 639 primary subtag */
	const char *name; /* what the language calls itself */
	bool rtl;
} LangInfo;

/* The languages a clinic's visitors are likely to read, by the name each
 * gives itself (CLDR's autonyms). Sorted by code. */
static const LangInfo LANGS[] = {
    {"af", "Afrikaans", false},
    {"am", "አማርኛ", false},
    {"ar", "العربية", true},
    {"az", "Azərbaycan", false},
    {"be", "Беларуская", false},
    {"bg", "Български", false},
    {"bn", "বাংলা", false},
    {"bs", "Bosanski", false},
    {"ca", "Català", false},
    {"ckb", "کوردی", true},
    {"cs", "Čeština", false},
    {"cy", "Cymraeg", false},
    {"da", "Dansk", false},
    {"de", "Deutsch", false},
    {"dv", "ދިވެހި", true},
    {"el", "Ελληνικά", false},
    {"en", "English", false},
    {"es", "Español", false},
    {"et", "Eesti", false},
    {"eu", "Euskara", false},
    {"fa", "فارسی", true},
    {"fi", "Suomi", false},
    {"fil", "Filipino", false},
    {"fr", "Français", false},
    {"ga", "Gaeilge", false},
    {"gl", "Galego", false},
    {"gu", "ગુજરાતી", false},
    {"ha", "Hausa", false},
    {"he", "עברית", true},
    {"hi", "हिन्दी", false},
    {"hr", "Hrvatski", false},
    {"ht", "Kreyòl ayisyen", false},
    {"hu", "Magyar", false},
    {"hy", "Հայերեն", false},
    {"id", "Bahasa Indonesia", false},
    {"ig", "Igbo", false},
    {"is", "Íslenska", false},
    {"it", "Italiano", false},
    {"ja", "日本語", false},
    {"ka", "ქართული", false},
    {"kk", "Қазақ", false},
    {"km", "ខ្មែរ", false},
    {"ko", "한국어", false},
    {"ku", "Kurdî", false},
    {"ky", "Кыргызча", false},
    {"lo", "ລາວ", false},
    {"lt", "Lietuvių", false},
    {"lv", "Latviešu", false},
    {"mk", "Македонски", false},
    {"ml", "മലയാളം", false},
    {"mn", "Монгол", false},
    {"mr", "मराठी", false},
    {"ms", "Bahasa Melayu", false},
    {"my", "မြန်မာ", false},
    {"nb", "Norsk bokmål", false},
    {"ne", "नेपाली", false},
    {"nl", "Nederlands", false},
    {"nn", "Norsk nynorsk", false},
    {"no", "Norsk", false},
    {"pa", "ਪੰਜਾਬੀ", false},
    {"pl", "Polski", false},
    {"prs", "دری", true},
    {"ps", "پښتو", true},
    {"pt", "Português", false},
    {"ro", "Română", false},
    {"ru", "Русский", false},
    {"rw", "Kinyarwanda", false},
    {"sd", "سنڌي", true},
    {"si", "සිංහල", false},
    {"sk", "Slovenčina", false},
    {"sl", "Slovenščina", false},
    {"so", "Soomaali", false},
    {"sq", "Shqip", false},
    {"sr", "Српски", false},
    {"sv", "Svenska", false},
    {"sw", "Kiswahili", false},
    {"ta", "தமிழ்", false},
    {"te", "తెలుగు", false},
    {"tg", "Тоҷикӣ", false},
    {"th", "ไทย", false},
    {"ti", "ትግርኛ", false},
    {"tl", "Tagalog", false},
    {"tr", "Türkçe", false},
    {"ug", "ئۇيغۇرچە", true},
    {"uk", "Українська", false},
    {"ur", "اردو", true},
    {"uz", "Oʻzbek", false},
    {"vi", "Tiếng Việt", false},
    {"yi", "ייִדיש", true},
    {"yo", "Yorùbá", false},
    {"zh", "中文", false},
    {"zu", "isiZulu", false},
};

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

bool lang_valid(const char *s, size_t n)
{
	if (!s || n == 0 || n > 35)
		return false;
	size_t i = 0, sub = 0;
	while (i < n) {
		size_t start = i;
		while (i < n && is_alnum(s[i]))
			i++;
		size_t len = i - start;
		if (sub == 0) {
			for (size_t k = start; k < i; k++)
				if (!is_alpha(s[k]))
					return false;
			if (len < 2 || len > 3)
				return false;
		} else if (len < 2 || len > 8 || sub > 3) {
			return false;
		}
		sub++;
		if (i == n)
			return true;
		if (s[i] != '-' && s[i] != '_')
			return false;
		i++;
		if (i == n)
			return false;
	}
	return false;
}

size_t lang_primary_len(const char *tag)
{
	size_t n = 0;
	while (tag && is_alpha(tag[n]))
		n++;
	return n;
}

bool lang_same(const char *a, const char *b)
{
	size_t na = lang_primary_len(a), nb = lang_primary_len(b);
	return na && na == nb && strncasecmp(a, b, na) == 0;
}

static const LangInfo *lang_find(const char *tag)
{
	size_t n = lang_primary_len(tag);
	if (n < 2 || n > 3)
		return NULL;
	for (size_t i = 0; i < sizeof(LANGS) / sizeof(LANGS[0]); i++)
		if (strlen(LANGS[i].code) == n && strncasecmp(LANGS[i].code, tag, n) == 0)
			return &LANGS[i];
	return NULL;
}

const char *lang_autonym(const char *tag)
{
	const LangInfo *l = lang_find(tag);
	return l ? l->name : NULL;
}

/* The script subtag ("Arab" of "az-Arab-IR"), or NULL. */
static const char *script_of(const char *tag)
{
	const char *p = tag + lang_primary_len(tag);
	while (*p == '-' || *p == '_') {
		p++;
		size_t n = 0;
		while (is_alnum(p[n]))
			n++;
		if (n == 4 && is_alpha(p[0]))
			return p;
		p += n;
	}
	return NULL;
}

int lang_dir(const char *tag)
{
	if (!tag || !*tag)
		return -1;
	static const char *const rtl_scripts[] = {"Arab", "Hebr", "Syrc", "Thaa", "Nkoo",
	                                          "Adlm", "Rohg", "Mand", "Samr"};
	const char *script = script_of(tag);
	if (script) {
		for (size_t i = 0; i < sizeof(rtl_scripts) / sizeof(rtl_scripts[0]); i++)
			if (strncasecmp(script, rtl_scripts[i], 4) == 0)
				return 1;
		return 0;
	}
	const LangInfo *l = lang_find(tag);
	return l ? l->rtl : -1;
}

size_t lang_from_name(const char *name, char *out, size_t outlen)
{
	if (!name)
		return 0;
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	const char *end = strrchr(base, '.');
	if (!end || end == base)
		return 0;
	const char *dot = end;
	while (dot > base && dot[-1] != '.')
		dot--;
	if (dot == base)
		return 0; /* "flu.md": no second ending */
	size_t n = (size_t)(end - dot);
	if (!lang_valid(dot, n) || n + 1 > outlen)
		return 0;
	memcpy(out, dot, n);
	out[n] = '\0';
	if (!lang_find(out))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (out[i] == '_')
			out[i] = '-';
	return n;
}
