/* frag-config.c: defaults and sanity checks of a memory configuration. */
#include "frag-engine.h"

#include <stdio.h>
#include <string.h>

void
frag_config_init (FragConfig *cfg)
{
  memset (cfg, 0, sizeof *cfg);
  cfg->frame_size = 4096;
  cfg->n_zones = 1;
  strcpy (cfg->zones[0].name, "Normal");
  cfg->max_order = 10;
  cfg->pageblock_order = 9;
  cfg->mode = FRAG_MODE_SEGMENTATION;
  cfg->fit = FRAG_FIT_FIRST;
  cfg->free_list = FRAG_FREE_LIST_ADDRESS;
  cfg->trigger = FRAG_TRIGGER_ON_FAILURE;
  cfg->threshold = 0.5;
  cfg->pt_levels = 1;
  cfg->pt_bits_per_level = 9;
  cfg->initial_pageblock_type = FRAG_MT_MOVABLE;
}

uint64_t
frag_config_total_frames (const FragConfig *cfg)
{
  uint64_t total = 0;
  for (unsigned i = 0; i < cfg->n_zones && i < FRAG_MAX_ZONES; i++)
    total += cfg->zones[i].frames;
  return total;
}

bool
frag_config_check (const FragConfig *cfg, char *err, size_t errlen)
{
#define FAIL(...) do { if (err && errlen) snprintf (err, errlen, __VA_ARGS__); return false; } while (0)
  if (cfg->frame_size < 1 || cfg->frame_size > FRAG_MAX_FRAME_SIZE)
    FAIL ("frame_size must be between 1 and %llu bytes", (unsigned long long) FRAG_MAX_FRAME_SIZE);
  if (cfg->n_zones < 1 || cfg->n_zones > FRAG_MAX_ZONES)
    FAIL ("a memory has 1 to %u zones, not %u", FRAG_MAX_ZONES, cfg->n_zones);
  if (cfg->max_order > FRAG_MAX_ORDER_LIMIT)
    FAIL ("max_order must be at most %u", FRAG_MAX_ORDER_LIMIT);
  if (cfg->pageblock_order > cfg->max_order)
    FAIL ("pageblock_order (%u) must not exceed max_order (%u)", cfg->pageblock_order, cfg->max_order);
  if ((unsigned) cfg->mode >= FRAG_MODE_COUNT || (unsigned) cfg->fit >= FRAG_FIT_COUNT
      || (unsigned) cfg->free_list >= FRAG_FREE_LIST_COUNT
      || (unsigned) cfg->trigger >= FRAG_TRIGGER_COUNT
      || (unsigned) cfg->initial_pageblock_type >= FRAG_MT_COUNT)
    FAIL ("unknown mode, fit, free list order, trigger or migrate type");
  if (!(cfg->threshold >= 0.0 && cfg->threshold <= 1.0))
    FAIL ("the compaction threshold must be between 0 and 1");
  if (cfg->mode == FRAG_MODE_PAGING
      && (cfg->pt_levels < 1 || cfg->pt_levels > FRAG_MAX_PT_LEVELS))
    FAIL ("page_table.levels must be between 1 and %u", FRAG_MAX_PT_LEVELS);
  if (cfg->pt_levels > FRAG_MAX_PT_LEVELS || cfg->pt_bits_per_level < 1
      || cfg->pt_bits_per_level > 16 || cfg->pt_bits_per_level * cfg->pt_levels > 64)
    FAIL ("page_table.bits_per_level must be between 1 and 16 (and levels x bits at most 64)");

  uint64_t total = 0;
  for (unsigned i = 0; i < cfg->n_zones; i++)
    {
      const FragZoneSpec *z = &cfg->zones[i];
      if (memchr (z->name, '\0', sizeof z->name) == NULL || z->name[0] == '\0')
        FAIL ("zone %u needs a name of 1 to %u bytes", i, FRAG_ZONE_NAME_LEN - 1);
      if (z->frames < 1)
        FAIL ("zone %s has no frames", z->name);
      if (z->frames > FRAG_MAX_FRAMES || z->start_pfn > UINT64_MAX / 2)
        FAIL ("zone %s is too large (at most %u frames)", z->name, FRAG_MAX_FRAMES);
      if (i > 0)
        {
          const FragZoneSpec *p = &cfg->zones[i - 1];
          if (z->start_pfn < p->start_pfn + p->frames)
            FAIL ("zone %s (pfn %llu) overlaps or comes before zone %s (pfn %llu..%llu)", z->name,
                  (unsigned long long) z->start_pfn, p->name, (unsigned long long) p->start_pfn,
                  (unsigned long long) (p->start_pfn + p->frames - 1));
        }
      total += z->frames;
      if (total > FRAG_MAX_FRAMES)
        FAIL ("the memory has more than %u frames in all", FRAG_MAX_FRAMES);
    }
  return true;
#undef FAIL
}
