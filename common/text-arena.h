/* SPDX-License-Identifier: GPL-2.0-or-later */
/* text-arena.h: a growing store of strings that are freed all at once, for
 * the hundreds of thousands of event messages of a replayed capture.
 *
 * Blocks double in size as the text grows (memory follows the input: no
 * block is larger than what came before it, plus the string at hand, or
 * than the size hint given); from 2 MiB on they are mapped on huge-page
 * boundaries and advised as transparent huge pages, because a page fault per 4 KiB of
 * text costs more than reading it (see README, "Replay speed").  Shared by reference:
 * every pass of one capture keeps its messages in one arena. */
#ifndef BOOTPERF_TEXT_ARENA_H
#define BOOTPERF_TEXT_ARENA_H

#include <stddef.h>
#include <glib.h>

typedef struct text_arena text_arena;

text_arena *text_arena_new (void);
/* For about expected_bytes of text (a hint, say the input's size): the first
 * block is made that large, so a large input is in huge pages from the start. */
text_arena *text_arena_new_sized (size_t expected_bytes);
text_arena *text_arena_ref (text_arena *a);
void text_arena_unref (text_arena *a); /* NULL is fine */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (text_arena, text_arena_unref)

/* Room for size bytes at the arena's end, to be written and then kept with
 * text_arena_commit; what is not committed is reused by the next call. */
char *text_arena_reserve (text_arena *a, size_t size);
/* Keeps the first used bytes of the last reservation, for the arena's life. */
void text_arena_commit (text_arena *a, size_t used);
/* A NUL-terminated copy of len bytes of text. */
char *text_arena_add (text_arena *a, const char *text, size_t len);
/* Bytes kept, and bytes of blocks obtained (for tests and benchmarks). */
size_t text_arena_used (const text_arena *a);
size_t text_arena_allocated (const text_arena *a);

#endif
