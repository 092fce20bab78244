/* frag-program.c: the program a scenario (or a trace) hands to the engine.
 *
 * Names are interned once so that ops and events carry small ids; `random` ops stay one op that
 * covers `count` steps (the engine expands them lazily), so mapping a step to its op goes through
 * a prefix table of step counts, rebuilt when ops were added since it was last built. */
#include "frag-engine.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  uint32_t *slots;      /* string id + 1, 0 = empty */
  size_t    n_slots;    /* power of two */
  uint64_t *step_start; /* step index of each op's first step */
  size_t    n_indexed;  /* ops covered by step_start */
  uint64_t  n_steps;
} ProgramIndex;

static uint64_t
hash_string (const char *s)
{
  /* FNV-1a: short names, no adversary to fear (limits are enforced by the loader). */
  uint64_t h = 0xcbf29ce484222325ull;
  for (; *s; s++)
    h = (h ^ (unsigned char) *s) * 0x100000001b3ull;
  return h;
}

static bool
grow (void **array, size_t *cap, size_t need, size_t elem)
{
  if (need <= *cap)
    return true;
  size_t n = *cap ? *cap : 16;
  while (n < need)
    {
      if (n > SIZE_MAX / 2 / elem)
        return false;
      n *= 2;
    }
  void *p = realloc (*array, n * elem);
  if (p == NULL)
    return false;
  *array = p;
  *cap = n;
  return true;
}

FragProgram *
frag_program_new (void)
{
  FragProgram *prog = calloc (1, sizeof *prog);
  ProgramIndex *index = calloc (1, sizeof *index);
  if (prog == NULL || index == NULL)
    {
      free (prog);
      free (index);
      return NULL;
    }
  prog->string_index = index;
  prog->refcount = 1;
  return prog;
}

void
frag_program_free (FragProgram *prog)
{
  if (prog == NULL)
    return;
  ProgramIndex *index = prog->string_index;
  if (index != NULL)
    {
      free (index->slots);
      free (index->step_start);
      free (index);
    }
  for (size_t i = 0; i < prog->n_strings; i++)
    free (prog->strings[i]);
  free (prog->strings);
  free (prog->ops);
  free (prog->segments);
  free (prog->randoms);
  free (prog->pfns);
  free (prog->title);
  free (prog->description);
  free (prog);
}

FragProgram *
frag_program_ref (FragProgram *prog)
{
  if (prog != NULL)
    prog->refcount++;
  return prog;
}

void
frag_program_unref (FragProgram *prog)
{
  if (prog != NULL && --prog->refcount <= 0)
    frag_program_free (prog);
}

static bool
set_text (char **field, const char *text)
{
  char *copy = NULL;
  if (text != NULL && (copy = strdup (text)) == NULL)
    return false;
  free (*field);
  *field = copy;
  return true;
}

bool frag_program_set_title (FragProgram *prog, const char *t) { return set_text (&prog->title, t); }
bool frag_program_set_description (FragProgram *prog, const char *d) { return set_text (&prog->description, d); }

static bool
rehash (ProgramIndex *index, char **strings, size_t n_strings, size_t n_slots)
{
  uint32_t *slots = calloc (n_slots, sizeof *slots);
  if (slots == NULL)
    return false;
  for (size_t i = 0; i < n_strings; i++)
    {
      size_t s = hash_string (strings[i]) & (n_slots - 1);
      while (slots[s] != 0)
        s = (s + 1) & (n_slots - 1);
      slots[s] = (uint32_t) i + 1;
    }
  free (index->slots);
  index->slots = slots;
  index->n_slots = n_slots;
  return true;
}

uint32_t
frag_program_intern (FragProgram *prog, const char *s)
{
  ProgramIndex *index = prog->string_index;
  if (s == NULL)
    return FRAG_NONE;
  if (index->n_slots == 0 || (prog->n_strings + 1) * 2 > index->n_slots)
    if (!rehash (index, prog->strings, prog->n_strings, index->n_slots ? index->n_slots * 2 : 64))
      return FRAG_NONE;
  size_t slot = hash_string (s) & (index->n_slots - 1);
  for (; index->slots[slot] != 0; slot = (slot + 1) & (index->n_slots - 1))
    if (strcmp (prog->strings[index->slots[slot] - 1], s) == 0)
      return index->slots[slot] - 1;
  if (prog->n_strings >= FRAG_NONE - 1
      || !grow ((void **) &prog->strings, &prog->cap_strings, prog->n_strings + 1, sizeof (char *)))
    return FRAG_NONE;
  char *copy = strdup (s);
  if (copy == NULL)
    return FRAG_NONE;
  prog->strings[prog->n_strings] = copy;
  index->slots[slot] = (uint32_t) prog->n_strings + 1;
  return (uint32_t) prog->n_strings++;
}

const char *
frag_program_string (const FragProgram *prog, uint32_t id)
{
  if (prog == NULL || id == FRAG_NONE || id >= prog->n_strings)
    return NULL;
  return prog->strings[id];
}

FragOp *
frag_program_add_op (FragProgram *prog, FragOpKind kind)
{
  if (!grow ((void **) &prog->ops, &prog->cap_ops, prog->n_ops + 1, sizeof (FragOp)))
    return NULL;
  FragOp *op = &prog->ops[prog->n_ops++];
  memset (op, 0, sizeof *op);
  op->kind = kind;
  op->name = FRAG_NONE;
  op->segment = FRAG_NONE;
  op->random = FRAG_NONE;
  op->order = -1;
  op->mt = FRAG_MT_MOVABLE;
  return op;
}

uint32_t
frag_program_add_segment (FragProgram *prog, uint32_t name, uint64_t size)
{
  if (prog->n_segments >= FRAG_NONE - 1
      || !grow ((void **) &prog->segments, &prog->cap_segments, prog->n_segments + 1,
                sizeof (FragSegmentSpec)))
    return FRAG_NONE;
  prog->segments[prog->n_segments] = (FragSegmentSpec) { .name = name, .size = size };
  return (uint32_t) prog->n_segments++;
}

uint32_t
frag_program_add_random (FragProgram *prog, const FragRandomSpec *spec)
{
  if (prog->n_randoms >= FRAG_NONE - 1
      || !grow ((void **) &prog->randoms, &prog->cap_randoms, prog->n_randoms + 1,
                sizeof (FragRandomSpec)))
    return FRAG_NONE;
  prog->randoms[prog->n_randoms] = *spec;
  return (uint32_t) prog->n_randoms++;
}

uint32_t
frag_program_add_pfn (FragProgram *prog, uint64_t pfn)
{
  if (prog->n_pfns >= FRAG_NONE - 1
      || !grow ((void **) &prog->pfns, &prog->cap_pfns, prog->n_pfns + 1, sizeof (uint64_t)))
    return FRAG_NONE;
  prog->pfns[prog->n_pfns] = pfn;
  return (uint32_t) prog->n_pfns++;
}

static uint64_t
op_steps (const FragProgram *prog, const FragOp *op)
{
  if (op->kind == FRAG_OP_RANDOM)
    return op->random < prog->n_randoms ? prog->randoms[op->random].count : 0;
  return 1;
}

/* Brings the step table up to date. Random ops may have their spec attached after add_op, so the
 * table is rebuilt from scratch whenever the op count changed. */
static bool
index_steps (FragProgram *prog)
{
  ProgramIndex *index = prog->string_index;
  if (index->n_indexed == prog->n_ops && index->step_start != NULL)
    return true;
  uint64_t *starts = realloc (index->step_start, (prog->n_ops + 1) * sizeof (uint64_t));
  if (starts == NULL)
    return false;
  uint64_t total = 0;
  for (size_t i = 0; i < prog->n_ops; i++)
    {
      starts[i] = total;
      uint64_t n = op_steps (prog, &prog->ops[i]);
      total = (total > UINT64_MAX - n) ? UINT64_MAX : total + n;
    }
  starts[prog->n_ops] = total;
  index->step_start = starts;
  index->n_indexed = prog->n_ops;
  index->n_steps = total;
  prog->n_steps = total;
  return true;
}

uint64_t
frag_program_n_steps (FragProgram *prog)
{
  if (!index_steps (prog))
    return 0;
  return prog->n_steps;
}

bool
frag_program_locate_step (const FragProgram *cprog, uint64_t step, size_t *op_index,
                          uint64_t *sub_index)
{
  /* The table is a cache: building it does not change what the program means. */
  FragProgram *prog = (FragProgram *) cprog;
  if (!index_steps (prog) || step >= prog->n_steps)
    return false;
  const uint64_t *starts = ((ProgramIndex *) prog->string_index)->step_start;
  size_t lo = 0, hi = prog->n_ops; /* starts[lo] <= step < starts[hi] */
  while (hi - lo > 1)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (starts[mid] <= step)
        lo = mid;
      else
        hi = mid;
    }
  /* Ops of zero steps (random with count 0) share a start with their successor: skip them. */
  while (lo + 1 < prog->n_ops && starts[lo + 1] <= step)
    lo++;
  if (op_index)
    *op_index = lo;
  if (sub_index)
    *sub_index = step - starts[lo];
  return true;
}

void
frag_random_spec_init (FragRandomSpec *spec)
{
  memset (spec, 0, sizeof *spec);
  spec->seed = 1;
  spec->count = 0;
  spec->workload = FRAG_WORKLOAD_PROCESSES;
  spec->min_size = 1;
  spec->max_size = 0;     /* 0: the engine picks 1/64 of memory */
  spec->max_segments = 1;
  spec->min_order = 0;
  spec->max_order = 10;   /* clamped to the memory's max_order */
  spec->alloc_ratio = 0.6;
  spec->target_use = 1.0; /* never switch to high_ratio */
  spec->high_ratio = 0.4;
  spec->mt_weights[FRAG_MT_MOVABLE] = 1.0;
  spec->pinned_ratio = 0.0;
}
