/* sandbox: runs one function in a forked child under resource limits, for
 * work on untrusted bytes (decoding a stick's pictures, parsing its
 * Markdown) where a bug in a library must cost at most that child.
 *
 * The child gets an address-space limit above what it inherits, a CPU
 * limit, no file writing (RLIMIT_FSIZE 0), few descriptors, no core dump,
 * and dies with the parent; the parent kills it at a wall-clock deadline.
 * The child's only way out is its result, written as bytes to a pipe; the
 * parent reads at most max_out of them. Linux only (pidfd, close_range).
 *
 * The parent must not reap children it did not start itself (a SIGCHLD
 * handler calling waitpid(-1)) while sandbox_run waits.
 */
#ifndef KIOSK_SANDBOX_H
#define KIOSK_SANDBOX_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	/* Address space the child may add to what it inherits from the
	 * parent, in bytes; 0: no memory limit. Not applied in ASan builds
	 * (see sandbox.c). */
	uint64_t mem;
	unsigned cpu_s;   /* CPU seconds (RLIMIT_CPU); 0: none */
	unsigned wall_ms; /* wall-clock deadline, then SIGKILL; 0: none */
	size_t max_out;   /* result bytes accepted; more kills the child */
} SandboxLimits;

typedef enum {
	SANDBOX_OK,      /* the function returned 0; its result is in *out */
	SANDBOX_TIMEOUT, /* killed at the deadline or the CPU limit */
	SANDBOX_CRASHED, /* died of a signal, failed, or said too much */
	SANDBOX_NOSTART, /* no child could be started (fork, pipe) */
} SandboxStatus;

/* Runs in the child: in_fd is the descriptor given to sandbox_run (-1 if
 * none), out_fd the result pipe (write with sandbox_write). Returns 0 on
 * success; anything else counts as SANDBOX_CRASHED. */
typedef int (*SandboxFn)(void *arg, int in_fd, int out_fd);

/* Runs fn(arg) in a child. in_fd (or -1) stays open in the child; every
 * other descriptor except 0-2 is closed there. On SANDBOX_OK *out is the
 * malloc'd result (caller frees; NULL when empty) and *outlen its length;
 * otherwise *out is NULL. */
SandboxStatus sandbox_run(SandboxFn fn, void *arg, int in_fd, const SandboxLimits *lim,
                          unsigned char **out, size_t *outlen);
/* Writes all n bytes (child side). 0, or -1. */
int sandbox_write(int fd, const void *buf, size_t n);
/* Why a child did not finish, for "the kiosk could not check this picture
 * (WORDS)": "it took too long", "the checker stopped unexpectedly", ... */
const char *sandbox_words(SandboxStatus st);

#endif
