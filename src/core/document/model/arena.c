#include "core/document/model/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Block {
	struct Block *next;
	size_t size;
	size_t used;
	_Alignas(16) unsigned char data[];
} Block;

struct Arena {
	Block *head;
	size_t chunk;
	size_t total;
};

static Block *block_new(size_t size)
{
	Block *b = malloc(sizeof(Block) + size);
	if (!b)
		return NULL;
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

Arena *arena_new(size_t chunk)
{
	Arena *a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->chunk = chunk < 1024 ? 1024 : chunk;
	return a;
}

void arena_free(Arena *a)
{
	if (!a)
		return;
	Block *b = a->head;
	while (b) {
		Block *next = b->next;
		free(b);
		b = next;
	}
	free(a);
}

void arena_reset(Arena *a)
{
	if (!a || !a->head)
		return;
	/* Keep the oldest (last in the list) block, the one sized by chunk. */
	Block *b = a->head;
	while (b->next) {
		Block *next = b->next;
		free(b);
		b = next;
	}
	b->used = 0;
	a->head = b;
	a->total = 0;
}

void *arena_alloc(Arena *a, size_t n)
{
	if (!a || n > SIZE_MAX / 2)
		return NULL;
	n = (n + 15) & ~(size_t)15;
	if (n == 0)
		n = 16;
	Block *b = a->head;
	if (!b || b->size - b->used < n) {
		size_t size = n > a->chunk ? n : a->chunk;
		Block *nb = block_new(size);
		if (!nb)
			return NULL;
		nb->next = a->head;
		a->head = nb;
		b = nb;
	}
	void *p = b->data + b->used;
	b->used += n;
	a->total += n;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(Arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(Arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *p = arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

size_t arena_used(const Arena *a)
{
	return a ? a->total : 0;
}
