/* frag-render-bench.c: what one frame of the app costs while a large scenario plays: the steps
 * taken between two frames at 1000 steps/s, then every view repainted at the size it has in
 * the window. Measured on image surfaces, so it is the renderer's part alone (the app adds
 * GTK's own composition and the copy to the screen). See frag-render.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "frag-render.h"

#ifdef CLOCK_MONOTONIC_RAW
#define BENCH_CLOCK CLOCK_MONOTONIC_RAW
#else
#define BENCH_CLOCK CLOCK_MONOTONIC
#endif

static double
now_ms (void)
{
  struct timespec t;
  clock_gettime (BENCH_CLOCK, &t);
  return (double) t.tv_sec * 1e3 + (double) t.tv_nsec * 1e-6;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *v, unsigned n)
{
  qsort (v, n, sizeof *v, cmp_double);
  return n ? v[n / 2] : 0;
}

/* The sizes the views have in a 1920x1080 window: the frame map large, the side views beside
 * it, the metrics plot under it. */
static const struct {
  FragView view;
  int      width, height;
} window_views[] = {
  { FRAG_VIEW_FRAMES,     1120, 640 },
  { FRAG_VIEW_BUDDY,       720, 320 },
  { FRAG_VIEW_PAGEBLOCKS,  720, 320 },
  { FRAG_VIEW_PROCESSES,   720, 320 },
  { FRAG_VIEW_METRICS,    1120, 260 },
};
#define N_WINDOW_VIEWS (sizeof window_views / sizeof window_views[0])

static FragSim *
large_workload (uint64_t frames, uint64_t steps, char *err, size_t errlen)
{
  FragConfig cfg;
  frag_config_init (&cfg);
  cfg.frame_size = 4096;
  cfg.n_zones = 1;
  cfg.zones[0].start_pfn = 0;
  cfg.zones[0].frames = frames;
  cfg.mode = FRAG_MODE_SEGMENTATION;
  cfg.fit = FRAG_FIT_FIRST;
  FragProgram *prog = frag_program_new ();
  if (prog == NULL)
    return NULL;
  /* scenarios/large-workload.fragscope.json, at any size: the lecture's largest file. */
  FragRandomSpec spec;
  frag_random_spec_init (&spec);
  spec.seed = 2024;
  spec.count = steps;
  spec.workload = FRAG_WORKLOAD_PROCESSES;
  spec.min_size = 4096;
  spec.max_size = 32u << 20;
  spec.max_segments = 4;
  spec.alloc_ratio = 0.6;
  spec.target_use = 0.97;
  spec.high_ratio = 0.45;
  FragOp *op = frag_program_add_op (prog, FRAG_OP_RANDOM);
  if (op == NULL)
    {
      frag_program_unref (prog);
      return NULL;
    }
  op->random = frag_program_add_random (prog, &spec);
  FragSim *sim = frag_sim_new (&cfg, prog, err, errlen);   /* takes its own reference */
  frag_program_unref (prog);
  return sim;
}

bool
frag_render_bench_window (uint64_t frames, uint64_t steps, unsigned n_frames,
                          unsigned steps_per_frame, FragRenderBenchWindow *out)
{
  memset (out, 0, sizeof *out);
  if (frames == 0)
    frames = 1u << 22;
  if (steps == 0)
    steps = 200000;
  if (n_frames == 0)
    n_frames = 60;
  if (steps_per_frame == 0)
    steps_per_frame = 17;   /* 1000 steps/s at 60 frames/s */
  char err[256];
  FragSim *sim = large_workload (frames, steps, err, sizeof err);
  if (sim == NULL)
    return false;
  bool ok = false;
  cairo_surface_t *surf[N_WINDOW_VIEWS] = { NULL };
  cairo_t *cr[N_WINDOW_VIEWS] = { NULL };
  FragRenderCache *cache[N_WINDOW_VIEWS] = { NULL };
  double *times = calloc ((size_t) n_frames * (N_WINDOW_VIEWS + 2), sizeof *times);
  if (times == NULL)
    goto out;
  double *t_step = times, *t_frame = times + n_frames;
  double *t_view = times + 2 * (size_t) n_frames;

  double t0 = now_ms ();
  if (!frag_sim_prepare (sim, NULL, NULL))
    goto out;
  out->prepare_ms = now_ms () - t0;
  /* Half way: memory has filled and churns near 97 % in use. */
  frag_sim_seek (sim, steps / 2);

  for (size_t v = 0; v < N_WINDOW_VIEWS; v++)
    {
      surf[v] = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, window_views[v].width,
                                            window_views[v].height);
      cr[v] = cairo_create (surf[v]);
      cache[v] = frag_render_cache_new ();
      if (cairo_status (cr[v]) != CAIRO_STATUS_SUCCESS || cache[v] == NULL)
        goto out;
      frag_render_cache_set_raster (cache[v], 1);   /* as the app's widgets do */
    }
  /* One frame unmeasured, as the window has drawn before playing. */
  for (unsigned f = 0; f <= n_frames; f++)
    {
      double a = now_ms ();
      for (unsigned s = 0; s < steps_per_frame; s++)
        frag_sim_step (sim);
      double b = now_ms ();
      for (size_t v = 0; v < N_WINDOW_VIEWS; v++)
        {
          FragRenderContext ctx;
          frag_render_context_init (&ctx, sim);
          ctx.cache = cache[v];
          double c = now_ms ();
          frag_render_view (cr[v], &ctx, window_views[v].view, window_views[v].width,
                            window_views[v].height);
          cairo_surface_flush (surf[v]);
          if (f > 0)
            t_view[v * n_frames + f - 1] = now_ms () - c;
        }
      if (f > 0)
        {
          t_step[f - 1] = b - a;
          t_frame[f - 1] = now_ms () - a;
        }
    }
  out->frames = frames;
  out->n_frames = n_frames;
  out->steps_per_frame = steps_per_frame;
  out->step_ms = median (t_step, n_frames);
  out->frame_ms = median (t_frame, n_frames);
  for (size_t v = 0; v < N_WINDOW_VIEWS; v++)
    out->view_ms[window_views[v].view] = median (t_view + v * n_frames, n_frames);
  ok = true;
out:
  for (size_t v = 0; v < N_WINDOW_VIEWS; v++)
    {
      if (cr[v])
        cairo_destroy (cr[v]);
      if (surf[v])
        cairo_surface_destroy (surf[v]);
      frag_render_cache_free (cache[v]);
    }
  free (times);
  frag_sim_free (sim);
  return ok;
}
