/* frag-palette.c: the three palettes (light, dark, high contrast) and colour helpers.
 *
 * The categorical colours are Okabe and Ito's set (distinguishable with every common colour
 * vision deficiency). Free memory gets a pale ramp so that it reads as "background" next to the
 * owners, yet larger buddy blocks are visibly deeper: the audience sees where big blocks remain.
 */
#include "frag-palette.h"

#include <pthread.h>
#include <string.h>
#include <strings.h>

#define OI_ORANGE     0xffe69f00u
#define OI_SKY        0xff56b4e9u
#define OI_GREEN      0xff009e73u
#define OI_YELLOW     0xfff0e442u
#define OI_BLUE       0xff0072b2u
#define OI_VERMILLION 0xffd55e00u
#define OI_PURPLE     0xffcc79a7u

uint32_t
frag_color_mix (uint32_t a, uint32_t b, double t)
{
  if (t <= 0)
    return a;
  if (t >= 1)
    return b;
  uint32_t out = 0xff000000u;
  for (int shift = 0; shift <= 16; shift += 8)
    {
      double ca = (a >> shift) & 0xff, cb = (b >> shift) & 0xff;
      uint32_t c = (uint32_t) (ca + (cb - ca) * t + 0.5);
      out |= (c & 0xff) << shift;
    }
  return out;
}

void
frag_color_set_source (cairo_t *cr, uint32_t color, double alpha)
{
  cairo_set_source_rgba (cr, ((color >> 16) & 0xff) / 255.0, ((color >> 8) & 0xff) / 255.0,
                         (color & 0xff) / 255.0, alpha);
}

static void
fill_ramp (FragPalette *p, uint32_t low, uint32_t high)
{
  /* Orders past 10 are rare; the ramp reaches its end at order 10 and stays there. */
  for (unsigned o = 0; o <= FRAG_MAX_ORDER_LIMIT; o++)
    p->free_ramp[o] = frag_color_mix (low, high, (o > 10 ? 10 : o) / 10.0);
}

static void
fill_common (FragPalette *p)
{
  static const uint32_t owners[FRAG_PALETTE_N_OWNERS] = {
    OI_ORANGE, OI_BLUE, OI_GREEN, OI_PURPLE, OI_SKY, OI_VERMILLION, OI_YELLOW,
  };
  memcpy (p->owners, owners, sizeof owners);
  p->migrate[FRAG_MT_UNMOVABLE] = OI_VERMILLION;
  p->migrate[FRAG_MT_MOVABLE] = OI_GREEN;
  p->migrate[FRAG_MT_RECLAIMABLE] = OI_SKY;
  p->migrate[FRAG_MT_HIGHATOMIC] = OI_PURPLE;
  p->migrate[FRAG_MT_CMA] = OI_YELLOW;
  p->migrate[FRAG_MT_ISOLATE] = 0xff8c8c8cu;
  p->migrate[6] = 0xff000000u;
  p->migrate[7] = 0xff000000u;
  p->klass[FRAG_CLASS_NONE] = 0xffbdbdbdu;
  p->klass[FRAG_CLASS_ANON] = OI_ORANGE;
  p->klass[FRAG_CLASS_FILE] = OI_SKY;
  p->klass[FRAG_CLASS_SLAB] = OI_PURPLE;
  p->klass[FRAG_CLASS_PAGE_TABLE] = OI_YELLOW;
  p->klass[FRAG_CLASS_HUGE] = OI_BLUE;
  p->klass[FRAG_CLASS_KERNEL] = OI_VERMILLION;
  p->klass[FRAG_CLASS_RESERVED] = 0xff4d4d4du;
  p->klass[FRAG_CLASS_OFFLINE] = 0xff8c8c8cu;
  p->klass[FRAG_CLASS_UNKNOWN] = 0xffaaa59du;  /* seen by a trace, never explained: neutral */
  p->raw = 0xff7f6a93u;
  p->line_scale = 1.0;
}

static FragPalette palettes[FRAG_PALETTE_COUNT];
static pthread_once_t palettes_once = PTHREAD_ONCE_INIT;

static void
palettes_init (void)
{
  FragPalette *p = &palettes[FRAG_PALETTE_LIGHT];
  fill_common (p);
  p->kind = FRAG_PALETTE_LIGHT;
  p->name = "light";
  p->background = 0xffffffffu;
  p->surface = 0xfff6f6f4u;
  p->foreground = 0xff1c1c1cu;
  p->muted = 0xff6b6b6bu;
  p->grid = 0xffffffffu;
  p->pageblock = 0xff3a3a3au;
  p->hole = 0xff5f5f5fu;
  p->changed = 0xff000000u;
  p->failure = 0xffc0392bu;
  p->success = 0xff1b7a4bu;
  fill_ramp (p, 0xffeeeeeau, 0xffc5d9e6u);

  p = &palettes[FRAG_PALETTE_DARK];
  fill_common (p);
  p->kind = FRAG_PALETTE_DARK;
  p->name = "dark";
  p->background = 0xff1d1f21u;
  p->surface = 0xff26292cu;
  p->foreground = 0xffeeeeeeu;
  p->muted = 0xffa0a0a0u;
  p->grid = 0xff1d1f21u;
  p->pageblock = 0xffd8d8d8u;
  p->hole = 0xffb0b0b0u;
  p->changed = 0xffffffffu;
  p->failure = 0xffff6b5au;
  p->success = 0xff5fd39au;
  fill_ramp (p, 0xff383b3eu, 0xff2f4d63u);

  p = &palettes[FRAG_PALETTE_HIGH_CONTRAST];
  fill_common (p);
  p->kind = FRAG_PALETTE_HIGH_CONTRAST;
  p->name = "high-contrast";
  p->background = 0xffffffffu;
  p->surface = 0xffffffffu;
  p->foreground = 0xff000000u;
  p->muted = 0xff000000u;
  p->grid = 0xff000000u;
  p->pageblock = 0xff000000u;
  p->hole = 0xff000000u;
  p->changed = 0xff000000u;
  p->failure = 0xffb00000u;
  p->success = 0xff006000u;
  p->line_scale = 2.0;
  fill_ramp (p, 0xffffffffu, 0xffb8d4f0u);
}

const FragPalette *
frag_palette_get (FragPaletteKind kind)
{
  /* Filled once on first use (the GUI's export worker may be first), constant afterwards. */
  pthread_once (&palettes_once, palettes_init);
  if ((unsigned) kind >= FRAG_PALETTE_COUNT)
    kind = FRAG_PALETTE_LIGHT;
  return &palettes[kind];
}

bool
frag_palette_parse (const char *s, FragPaletteKind *out)
{
  if (!s)
    return false;
  if (!strcasecmp (s, "light") || !strcasecmp (s, "default"))
    *out = FRAG_PALETTE_LIGHT;
  else if (!strcasecmp (s, "dark"))
    *out = FRAG_PALETTE_DARK;
  else if (!strcasecmp (s, "high-contrast") || !strcasecmp (s, "hc")
           || !strcasecmp (s, "contrast") || !strcasecmp (s, "high_contrast"))
    *out = FRAG_PALETTE_HIGH_CONTRAST;
  else
    return false;
  return true;
}

uint32_t
frag_palette_owner_color (const FragPalette *pal, uint32_t id)
{
  uint32_t base = pal->owners[id % FRAG_PALETTE_N_OWNERS];
  uint32_t round = (id / FRAG_PALETTE_N_OWNERS) % 4;
  switch (round)
    {
    case 1: return frag_color_mix (base, 0xffffffffu, 0.45);
    case 2: return frag_color_mix (base, 0xff000000u, 0.35);
    case 3: return frag_color_mix (base, 0xffffffffu, 0.7);
    default: return base;
    }
}

uint32_t
frag_palette_raw_color (const FragPalette *pal, unsigned mt)
{
  return frag_color_mix (pal->migrate[mt & 7], 0xff000000u, 0.4);
}

uint32_t
frag_palette_string_color (const FragPalette *pal, const char *s)
{
  /* FNV-1a: stable across runs and platforms. */
  uint32_t h = 2166136261u;
  for (const unsigned char *c = (const unsigned char *) (s ? s : ""); *c; c++)
    h = (h ^ *c) * 16777619u;
  return frag_palette_owner_color (pal, h % (FRAG_PALETTE_N_OWNERS * 3));
}

uint32_t
frag_palette_text_on (const FragPalette *pal, uint32_t bg)
{
  double r = ((bg >> 16) & 0xff) / 255.0, g = ((bg >> 8) & 0xff) / 255.0, b = (bg & 0xff) / 255.0;
  double lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  (void) pal;
  return lum > 0.45 ? 0xff000000u : 0xffffffffu;
}
