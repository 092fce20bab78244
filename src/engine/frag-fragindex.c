/* frag-fragindex.c: Linux's fragmentation figures (mm/vmstat.c), with the kernel's integer maths.
 *
 * Both return the value x1000 exactly as the kernel computes it (debugfs prints it as %d.%03d):
 * the report divides by 1000, so 438 becomes 0.438 and not a rounded float of the true ratio. */
#include "frag-engine.h"

typedef struct {
  uint64_t free_pages;
  uint64_t free_blocks_total;
  uint64_t free_blocks_suitable;
} FreeInfo;

static void
fill_contig_page_info (const uint64_t *nr_free, unsigned n_orders, unsigned order, FreeInfo *info)
{
  info->free_pages = info->free_blocks_total = info->free_blocks_suitable = 0;
  for (unsigned o = 0; o < n_orders; o++)
    {
      info->free_blocks_total += nr_free[o];
      info->free_pages += nr_free[o] << o;
      if (o >= order)
        info->free_blocks_suitable += nr_free[o] << (o - order);
    }
}

int
frag_fragmentation_index (const uint64_t *nr_free, unsigned n_orders, unsigned order)
{
  FreeInfo info;
  fill_contig_page_info (nr_free, n_orders, order, &info);
  if (info.free_blocks_total == 0)
    return 0;
  /* A suitable block exists: the allocation would succeed, so the index is meaningless. */
  if (info.free_blocks_suitable)
    return -1000;
  uint64_t requested = 1ull << order;
  return (int) (1000 - (int64_t) ((1000 + (info.free_pages * 1000 / requested))
                                  / info.free_blocks_total));
}

int
frag_unusable_free_index (const uint64_t *nr_free, unsigned n_orders, unsigned order)
{
  FreeInfo info;
  fill_contig_page_info (nr_free, n_orders, order, &info);
  if (info.free_pages == 0)
    return 1000;
  return (int) ((info.free_pages - (info.free_blocks_suitable << order)) * 1000 / info.free_pages);
}
