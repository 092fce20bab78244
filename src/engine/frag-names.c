/* frag-names.c: the names of the engine's enumerations, as the contract and Linux spell them. */
#include "frag-engine.h"

#include <ctype.h>
#include <string.h>

static bool
name_equal_ci (const char *a, const char *b)
{
  for (; *a && *b; a++, b++)
    if (tolower ((unsigned char) *a) != tolower ((unsigned char) *b))
      return false;
  return *a == *b;
}

/* Looks s up in names[0..n-1]; case-insensitive only where Linux's names are (migrate types). */
static bool
parse_name (const char *const *names, unsigned n, const char *s, bool ci, unsigned *out)
{
  if (s == NULL)
    return false;
  for (unsigned i = 0; i < n; i++)
    if (names[i] != NULL && (ci ? name_equal_ci (names[i], s) : strcmp (names[i], s) == 0))
      {
        *out = i;
        return true;
      }
  return false;
}

static const char *const mt_names[FRAG_MT_COUNT] = {
  "unmovable", "movable", "reclaimable", "highatomic", "cma", "isolate",
};
static const char *const mode_names[FRAG_MODE_COUNT] = {
  "segmentation", "paging", "compaction", "buddy",
};
static const char *const fit_names[FRAG_FIT_COUNT] = { "first", "next", "best", "worst" };
static const char *const free_list_names[FRAG_FREE_LIST_COUNT] = { "address", "lifo" };
static const char *const trigger_names[FRAG_TRIGGER_COUNT] = { "on-failure", "manual", "threshold" };
static const char *const op_names[FRAG_OP_COUNT] = {
  "spawn", "exit", "grow", "alloc", "free", "compact", "access", "note", "random",
  "trace-alloc", "trace-free",
};
static const char *const reason_names[FRAG_REASON_COUNT] = {
  NULL, "external-fragmentation", "out-of-memory", "no-such-process", "process-exists", "fault",
};
static const char *const class_names[FRAG_CLASS_COUNT] = {
  "none", "anon", "file", "slab", "page-table", "huge", "kernel", "reserved", "offline", "unknown",
};

#define NAME_OF(table, count, v) ((unsigned) (v) < (count) ? (table)[(unsigned) (v)] : NULL)

const char *frag_migrate_type_name (FragMigrateType mt) { return NAME_OF (mt_names, FRAG_MT_COUNT, mt); }
const char *frag_mode_name (FragMode m) { return NAME_OF (mode_names, FRAG_MODE_COUNT, m); }
const char *frag_fit_name (FragFit f) { return NAME_OF (fit_names, FRAG_FIT_COUNT, f); }
const char *frag_free_list_name (FragFreeListOrder o) { return NAME_OF (free_list_names, FRAG_FREE_LIST_COUNT, o); }
const char *frag_trigger_name (FragTrigger t) { return NAME_OF (trigger_names, FRAG_TRIGGER_COUNT, t); }
const char *frag_op_name (FragOpKind op) { return NAME_OF (op_names, FRAG_OP_COUNT, op); }
const char *frag_reason_name (FragReason r) { return NAME_OF (reason_names, FRAG_REASON_COUNT, r); }
const char *frag_frame_class_name (FragFrameClass c) { return NAME_OF (class_names, FRAG_CLASS_COUNT, c); }

bool
frag_migrate_type_parse (const char *s, FragMigrateType *out)
{
  unsigned v;
  /* Linux prints "Unmovable", "HighAtomic", "CMA": migrate types are case-insensitive. */
  if (!parse_name (mt_names, FRAG_MT_COUNT, s, true, &v))
    return false;
  *out = (FragMigrateType) v;
  return true;
}

#define DEFINE_PARSE(fn, type, table, count)              \
  bool fn (const char *s, type *out)                      \
  {                                                       \
    unsigned v;                                           \
    if (!parse_name (table, count, s, false, &v))         \
      return false;                                       \
    *out = (type) v;                                      \
    return true;                                          \
  }

DEFINE_PARSE (frag_mode_parse, FragMode, mode_names, FRAG_MODE_COUNT)
DEFINE_PARSE (frag_fit_parse, FragFit, fit_names, FRAG_FIT_COUNT)
DEFINE_PARSE (frag_free_list_parse, FragFreeListOrder, free_list_names, FRAG_FREE_LIST_COUNT)
DEFINE_PARSE (frag_trigger_parse, FragTrigger, trigger_names, FRAG_TRIGGER_COUNT)

bool
frag_op_parse (const char *s, FragOpKind *out)
{
  unsigned v;
  /* Only the ops a scenario may write: trace ops come from the importers. */
  if (!parse_name (op_names, FRAG_OP_RANDOM + 1, s, false, &v))
    return false;
  *out = (FragOpKind) v;
  return true;
}
