/* vec: growth by doubling, so that n additions cost n copies in all. */
#include "core/document/model/vec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool vec_grow(void **items, size_t *cap, size_t want, size_t size)
{
	if (want <= *cap)
		return true;
	size_t n = *cap ? *cap : 16;
	while (n < want) {
		if (n > SIZE_MAX / 2 / size)
			return false;
		n *= 2;
	}
	void *p = realloc(*items, n * size);
	if (!p)
		return false;
	*items = p;
	*cap = n;
	return true;
}

bool vec_append(char **p, size_t *len, size_t *cap, const char *s, size_t n)
{
	void *v = *p;
	if (n > SIZE_MAX - *len - 1 || !vec_grow(&v, cap, *len + n + 1, 1))
		return false;
	*p = v;
	if (n)
		memcpy(*p + *len, s, n);
	*len += n;
	(*p)[*len] = '\0';
	return true;
}
