/* frag-trace.h: ftrace kmem traces (mm_page_alloc / mm_page_free), parsed and replayed pfn by pfn.
 *
 * Lines look like
 *   `<task>-<pid> [cpu] flags timestamp: mm_page_alloc: page=... pfn=0x108c72 order=1 ...`
 * where the task name may contain spaces. Header lines start with '#'. Malformed lines are counted
 * and the first few kept with their line numbers, never fatal; a file cut mid-line keeps all its
 * whole lines. The 6.18 kernel emits mm_page_free_batched for a page it has just reported with
 * mm_page_free: such a repeat is dropped here (counted in `duplicates`): no frame is freed twice.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frag-capture.h"
#include "frag-engine.h"

#define FRAG_TRACE_MAX_ERRORS   8u
#define FRAG_TRACE_MAX_EVENTS   50000000u  /* events kept; more is refused */
#define FRAG_TRACE_MAX_SPAN     (1ull << 28) /* pfns a replay state covers (1 TiB of 4 KiB) */

typedef enum {
  FRAG_TRACE_ALLOC = 0,
  FRAG_TRACE_FREE,
  FRAG_TRACE_FREE_BATCHED,
} FragTraceKind;

typedef struct {
  uint64_t pfn;
  uint32_t line;       /* 1-based line of the trace (saturates at UINT32_MAX) */
  uint8_t  kind;       /* FragTraceKind */
  uint8_t  order;
  int8_t   mt;         /* alloc: migratetype as printed (0..FRAG_MT_COUNT-1), else -1 */
  bool     duplicate;  /* a batched free repeating the free just before it on the same pfn */
} FragTraceEvent;

typedef struct {
  uint64_t line;
  char     message[192];
} FragTraceError;

typedef struct {
  char           *file;
  FragTraceEvent *events;
  size_t          n_events, cap_events;
  uint64_t        n_lines;
  uint64_t        n_comments;       /* '#' header lines and blank lines */
  uint64_t        n_alloc, n_free, n_free_batched; /* lines of each kind, duplicates included */
  uint64_t        n_extfrag;        /* mm_page_alloc_extfrag lines: counted, not replayed */
  uint64_t        n_failed_allocs;  /* mm_page_alloc of no page (pfn=-1) */
  uint64_t        n_other_events;   /* other tracepoints: ignored */
  uint64_t        n_duplicates;     /* batched frees dropped as repeats */
  uint64_t        n_malformed;
  FragTraceError  errors[FRAG_TRACE_MAX_ERRORS]; /* the first malformed lines */
  bool            truncated;        /* the last line had no end (cut mid-line) */
  bool            read_error;       /* the file could not be read to its end (message below) */
  char            read_message[256];
  uint64_t        entries_in_buffer, entries_written; /* ftrace's header line, 0 when absent:
                                       written > in buffer means the ring buffer overflowed and
                                       the oldest events were lost */
  uint64_t        min_pfn, end_pfn; /* pfns the events touch: [min_pfn, end_pfn) */
  double          first_ts, last_ts;
} FragTrace;

/* Parses text of len bytes. Never fails on content; NULL only when memory runs out. */
FragTrace *frag_trace_parse (const char *text, size_t len, const char *file);
/* Reads a trace file (plain or .xz) in chunks. NULL with a message when it cannot be opened or
 * read at all; a damaged .xz tail keeps what was decoded (read_error set). */
FragTrace *frag_trace_load (const char *path, char *err, size_t errlen);
void       frag_trace_free (FragTrace *trace);
/* A summary line for messages: "N malformed lines (first at LINE: ...)", "" when clean. */
void       frag_trace_describe_errors (const FragTrace *trace, char *buf, size_t len);

/* States of the replay, one byte per pfn. */
typedef enum {
  FRAG_TRACE_PFN_OUTSIDE = 0, /* in no zone: events touching it are skipped */
  FRAG_TRACE_PFN_FREE,
  FRAG_TRACE_PFN_USED,
} FragTracePfnState;

typedef struct {
  uint64_t trace_allocs;   /* alloc events applied */
  uint64_t trace_frees;    /* free events applied */
  uint64_t trace_skipped;  /* events that contradicted the state (alloc of a used frame, free of
                              a free one) or touched pfns outside the zones */
  uint64_t duplicates;     /* batched repeats dropped before the replay */
  uint64_t base_pfn, n_pfns; /* the state covers [base_pfn, base_pfn + n_pfns) */
  uint64_t used_at_start, free_at_start;
  uint64_t used_at_end, free_at_end;
} FragTraceReplay;

/* The state a replay starts from, one FragTracePfnState byte per pfn of [*base, *base + *n).
 * With a capture: its zones, free pages FREE, everything else USED. Without: one range covering
 * the trace's pfns (aligned to 2^10), each frame as the trace implies it was before its first
 * event (first allocated: FREE; first freed: USED), frames never seen USED (of unknown use).
 * NULL with a message when the range is too large. The caller frees the array. */
uint8_t   *frag_trace_initial_state (const FragTrace *trace, const FragCapture *cap,
                                     uint64_t *base, uint64_t *n, char *err, size_t errlen);
/* The pure replay, with the engine's rules (frag_sim_op_trace) so that both count alike: an
 * event whose block is not aligned on 2^order or not inside one zone is skipped; an alloc applies
 * when all its frames are FREE; a free applies when it is exactly a block the trace allocated, or
 * when all its frames were USED before the trace; anything else is skipped and changes nothing. */
bool       frag_trace_replay (const FragTrace *trace, const FragCapture *cap,
                              FragTraceReplay *out, char *err, size_t errlen);

/* The trace as a program of FRAG_OP_TRACE_ALLOC / FRAG_OP_TRACE_FREE ops (pfn, order, mt; line
 * of the trace in op.line), duplicates left out. NULL when memory runs out. */
FragProgram *frag_trace_program (const FragTrace *trace);
/* A FragSim that replays the trace: on top of a capture (cap non-NULL: its zones and state) or on
 * its own (a zone "Trace" over the pfn range, frames imported as frag_trace_initial_state says,
 * used ones FRAG_CLASS_UNKNOWN). NULL with a message. */
FragSim     *frag_trace_sim_new (const FragTrace *trace, const FragCapture *cap, char *err,
                                 size_t errlen);

/* `fragscope-cli bench`: a generated trace of n_events kmem events (text with the kernel's line
 * format) parsed and replayed through a FragSim, `reps` times (1..9); returns the median seconds of
 * parse + replay, or -1 with a message. events_replayed (may be NULL) gets the steps replayed. */
double       frag_trace_bench (uint64_t n_events, unsigned reps, uint64_t *events_replayed,
                               char *err, size_t errlen);
