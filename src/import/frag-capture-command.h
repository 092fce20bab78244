/* frag-capture-command.h: `fragscope-cli capture DIR [--seconds N]`, recording this machine's
 * memory into a capture directory that every Fragscope view can open later
 * (see docs/real-machines.md).
 */
#pragma once

#include <stdio.h>

/* As root: writes DIR/zoneinfo, buddyinfo.pre (just before kpageflags), kpageflags.bin.xz,
 * buddyinfo, pagetypeinfo and, when seconds > 0, trace.txt.xz: the kmem page events recorded for
 * that long (tracefs mounted at /sys/kernel/tracing on demand, events enabled, the buffer
 * cleared, then everything it changed put back). Messages go to err. Returns 0 on success, 1 when
 * it cannot (not root, no tracefs, a write failed), 2 on a bad argument. */
int frag_import_capture_command (const char *dir, double seconds, FILE *err);
