/* frag-frame.h: the 32-bit word the engine keeps for every page frame.
 *
 * Public because dense renderers read the words straight (frag_sim_zone_words) to paint millions
 * of frames through a lookup table, the way /proc/kpageflags is read: one word per pfn.
 * The whole per-frame state is this word (4 bytes) plus, in `address` list order, about 1.5 bytes
 * of free-block bitmaps, or in `lifo` order a 4-byte list link: at most 8 bytes per frame.
 *
 *   bit 31 set: FREE HEAD, the first frame of a free buddy block.
 *        bits 27..30  order of the block (0..15)
 *        bits 24..26  migrate type of the free list that holds it
 *        bits  0..23  private to the free lists (a LIFO link)
 *   bit 31 clear, bit 30 set: USED frame.
 *        bits  0..23  owner id (the allocation it belongs to; frag_sim_owner explains it)
 *        bit  29      first frame of its allocation
 *        bits 24..26  migrate type of the allocation
 *        bit  27      pinned: compaction never moves it
 *        bit  28      reserved (0)
 *   bits 31 and 30 clear: a free frame inside a free block, not its head; other bits undefined.
 *
 * So a frame is free iff bit 31 is set or bit 30 is clear (frag_fw_is_free); the order of the free block holding a free frame is the
 * order of the nearest FREE HEAD at or below it in address order (blocks are aligned: a renderer
 * walking a zone from its start, or from any max_order-aligned pfn, always meets the head first).
 */
#pragma once

#include <stdint.h>
#include <stdbool.h>

#define FRAG_FW_FREE_HEAD   0x80000000u
#define FRAG_FW_USED        0x40000000u
#define FRAG_FW_ALLOC_HEAD  0x20000000u
#define FRAG_FW_PINNED      0x08000000u
#define FRAG_FW_LOW_MASK    0x00ffffffu
#define FRAG_FW_MAX_OWNER   0x00fffffeu  /* 0x00ffffff is "none" */

static inline bool     frag_fw_is_free (uint32_t w)      { return (w & FRAG_FW_USED) == 0 || (w & FRAG_FW_FREE_HEAD) != 0; }
static inline bool     frag_fw_is_free_head (uint32_t w) { return (w & FRAG_FW_FREE_HEAD) != 0; }
static inline bool     frag_fw_is_used (uint32_t w)      { return (w & (FRAG_FW_FREE_HEAD | FRAG_FW_USED)) == FRAG_FW_USED; }
static inline unsigned frag_fw_order (uint32_t w)        { return (w >> 27) & 0xfu; }  /* free heads */
static inline unsigned frag_fw_free_mt (uint32_t w)      { return (w >> 24) & 0x7u; }  /* free heads */
static inline uint32_t frag_fw_owner (uint32_t w)        { return w & FRAG_FW_LOW_MASK; } /* used */
static inline unsigned frag_fw_used_mt (uint32_t w)      { return (w >> 24) & 0x7u; }  /* used */
static inline bool     frag_fw_is_pinned (uint32_t w)    { return frag_fw_is_used (w) && (w & FRAG_FW_PINNED); }

static inline uint32_t
frag_fw_make_free_head (unsigned order, unsigned mt, uint32_t low)
{
  return FRAG_FW_FREE_HEAD | ((uint32_t) order << 27) | ((uint32_t) mt << 24) | (low & FRAG_FW_LOW_MASK);
}

static inline uint32_t
frag_fw_make_used (uint32_t owner, unsigned mt, bool head, bool pinned)
{
  return FRAG_FW_USED | (head ? FRAG_FW_ALLOC_HEAD : 0) | (pinned ? FRAG_FW_PINNED : 0)
         | ((uint32_t) mt << 24) | (owner & FRAG_FW_LOW_MASK);
}
