/* frag-builtin.c: the built-in first scenario, built straight into engine structures.
 *
 * The app must show something meaningful before any file is opened and even when the scenario
 * loader is missing, so the introduction is written here in C rather than read from disk. It is
 * the classic lecture example: under segmentation the third copy of the program finds 250 bytes
 * free but no hole of 150; under paging it starts in frames scattered over memory.
 */
#include "config.h"

#include <glib.h>
#include <glib/gi18n.h>

#include "frag-builtin.h"

static gboolean
add_spawn (FragProgram *prog,
           const char  *name,
           guint64      size,
           gboolean     has_at,
           guint64      at)
{
  FragOp *op = frag_program_add_op (prog, FRAG_OP_SPAWN);
  uint32_t seg;

  if (op == NULL)
    return FALSE;
  op->name = frag_program_intern (prog, name);
  op->has_at = has_at;
  op->address = at;
  op->mt = FRAG_MT_MOVABLE;
  seg = frag_program_add_segment (prog, FRAG_NONE, size);
  if (op->name == FRAG_NONE || seg == FRAG_NONE)
    return FALSE;
  /* add_segment may move the ops array: fetch the op again before writing to it */
  op = &prog->ops[prog->n_ops - 1];
  op->first_segment = seg;
  op->n_segments = 1;
  return TRUE;
}

static gboolean
add_note (FragProgram *prog,
          const char  *text)
{
  FragOp *op = frag_program_add_op (prog, FRAG_OP_NOTE);

  if (op == NULL)
    return FALSE;
  op->name = frag_program_intern (prog, text);
  return op->name != FRAG_NONE;
}

FragProgram *
frag_builtin_paging_intro (FragConfig *cfg)
{
  FragProgram *prog;
  gboolean ok;

  frag_config_init (cfg);
  cfg->frame_size = 50;
  cfg->n_zones = 1;
  g_strlcpy (cfg->zones[0].name, "Normal", sizeof cfg->zones[0].name);
  cfg->zones[0].start_pfn = 0;
  cfg->zones[0].frames = 11;
  cfg->max_order = 10;
  cfg->pageblock_order = 9;
  cfg->mode = FRAG_MODE_PAGING;
  cfg->fit = FRAG_FIT_FIRST;

  prog = frag_program_new ();
  if (prog == NULL)
    return NULL;

  ok = frag_program_set_title (prog, _("Paging introduction: why the third instance cannot start"))
       && frag_program_set_description (prog, _("Three copies of a 150-byte program in 550 bytes "
                                                "of memory, with 50-byte page frames."))
       && add_note (prog, _("Memory holds 11 frames of 50 bytes. Two copies of a 150-byte "
                            "program are placed at 100 and 300."))
       && add_spawn (prog, "A", 150, TRUE, 100)
       && add_spawn (prog, "B", 150, TRUE, 300)
       && add_note (prog, _("250 bytes are free, but the largest hole is only 100 bytes."))
       && add_spawn (prog, "C", 150, FALSE, 0)
       && add_note (prog, _("Segmentation needs one contiguous hole and fails. Paging places "
                            "each page in any free frame, so the third copy runs."));
  if (!ok)
    {
      frag_program_unref (prog);
      return NULL;
    }
  return prog;
}
