/* test-errors.c: what the scenario loader says about bad input, to the line, column and path.
 *
 * Each case gives a text and the exact message expected; the structured fields are checked to
 * say the same thing. Also: bad files (missing, directory, empty, too big), invalid UTF-8, deep
 * nesting, long values quoted in part, warnings with suggestions, and the documented limits. */
#include <glib.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "frag-scenario.h"

typedef struct {
  const char *name;
  const char *text;
  const char *expected;
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "truncated",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [",
    "t.json:1:53: unexpected end of file: expected a value (the JSON text is truncated)" },
  { "truncated-object",
    "{\"fragscope\": 1,\n \"memory\": {\"frames\": 4",
    "t.json:2:24: unexpected end of file: the object opened at 2:12 is not closed (the JSON"
    " text is truncated)" },
  { "truncated-string",
    "{\"fragscope\": 1, \"title\": \"abc",
    "t.json:1:31: unexpected end of file inside the string that starts at 1:27" },
  { "trailing-garbage",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": []} x",
    "t.json:1:56: unexpected 'x' after the end of the JSON value (trailing characters)" },
  { "trailing-second-value",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": []}\n{}",
    "t.json:2:1: unexpected '{' after the end of the JSON value (trailing characters)" },
  { "trailing-comma",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4,}, \"steps\": []}",
    "t.json:1:40: a comma before '}': JSON allows no trailing comma" },
  { "not-object-array",
    "[1, 2]",
    "t.json:1:1: the top level must be an object {\"fragscope\": 1, ...}, got an array" },
  { "not-object-string",
    "  \"fragscope\"",
    "t.json:1:3: the top level must be an object {\"fragscope\": 1, ...}, got a string \"fr"
    "agscope\"" },
  { "not-object-number",
    "0",
    "t.json:1:1: the top level must be an object {\"fragscope\": 1, ...}, got 0" },
  { "not-object-null",
    " null ",
    "t.json:1:2: the top level must be an object {\"fragscope\": 1, ...}, got null" },
  { "nan",
    "{\"fragscope\": 1,\n \"memory\": {\"frames\": NaN}, \"steps\": []}",
    "t.json:2:23: NaN is not valid JSON: numbers must be finite" },
  { "infinity",
    "{\"fragscope\": 1, \"memory\": {\"frames\": Infinity}, \"steps\": []}",
    "t.json:1:39: Infinity is not valid JSON: numbers must be finite" },
  { "minus-infinity",
    "{\"fragscope\": 1, \"memory\": {\"frames\": -Infinity}, \"steps\": []}",
    "t.json:1:39: -Infinity is not valid JSON: numbers must be finite" },
  { "single-quotes",
    "{'fragscope': 1}",
    "t.json:1:2: keys and strings need double quotes, not single quotes" },
  { "leading-zero",
    "{\"fragscope\": 01}",
    "t.json:1:15: a number must not start with 0 followed by more digits" },
  { "bad-escape",
    "{\"fragscope\": 1, \"title\": \"a\\qb\"}",
    "t.json:1:29: invalid escape: a backslash followed by 'q'" },
  { "lone-surrogate",
    "{\"fragscope\": 1, \"title\": \"\\ud800\"}",
    "t.json:1:28: \\uD800 is half of a UTF-16 surrogate pair without its second half" },
  { "json-c-misread-escape",
    "{\"fragscope\": 1, \"title\": \"\\ud83d\\ude00 \\ud836\\uDc00\"}",
    "t.json:1:41: the escape \\uD836\\uDC00 (U+1D800) is misread by the JSON library: write the "
    "character itself in UTF-8" },
  { "control-char",
    "{\"fragscope\": 1, \"title\": \"a\tb\"}",
    "t.json:1:29: control character U+0009 inside a string (write it as an escape such as "
    "\\n, or close the string that starts at 1:27)" },
  { "duplicate-key",
    "{\"fragscope\": 1,\n \"memory\": {\"frames\": 4, \"frames\": 5}, \"steps\": []}",
    "t.json:2:26: duplicate key \"frames\" (first at 2:13)" },
  { "missing-version",
    "{\"memory\": {\"frames\": 4}, \"steps\": []}",
    "t.json:1:1: missing required key \"fragscope\" (the format version, 1): is this a Frag"
    "scope scenario?" },
  { "version-2",
    "{\"fragscope\": 2, \"memory\": {\"frames\": 4}, \"steps\": []}",
    "t.json:1:15: fragscope: unsupported format version 2: this Fragscope reads version 1" },
  { "version-string",
    "{\"fragscope\": \"1\", \"memory\": {\"frames\": 4}, \"steps\": []}",
    "t.json:1:15: fragscope: expected the format version 1, got a string \"1\"" },
  { "missing-memory",
    "{\"fragscope\": 1, \"steps\": []}",
    "t.json:1:1: missing required key \"memory\"" },
  { "missing-frames",
    "{\"fragscope\": 1, \"memory\": {\"frame_size\": 4}, \"steps\": []}",
    "t.json:1:28: memory: missing required key \"frames\" (or \"zones\")" },
  { "missing-steps",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}}",
    "t.json:1:1: missing required key \"steps\"" },
  { "frames-and-zones",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4, \"zones\": []}, \"steps\": []}",
    "t.json:1:42: memory: give either \"frames\" or \"zones\", not both" },
  { "memory-not-object",
    "{\"fragscope\": 1, \"memory\": 4, \"steps\": []}",
    "t.json:1:28: memory: expected an object, got 4" },
  { "steps-not-array",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": {}}",
    "t.json:1:52: steps: expected an array, got an object" },
  { "frames-string",
    "{\"fragscope\": 1, \"memory\": {\"frames\": \"4\"}, \"steps\": []}",
    "t.json:1:39: memory.frames: expected a positive number of frames, got a string \"4\"" },
  { "frames-zero",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 0}, \"steps\": []}",
    "t.json:1:39: memory.frames: expected a positive number of frames, got 0" },
  { "frames-too-many",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 16777215}, \"steps\": []}",
    "t.json:1:39: memory.frames: expected a positive number of frames no larger than 167772"
    "14, got 16777215" },
  { "frame-size-negative",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4, \"frame_size\": -4096}, \"steps\": []}",
    "t.json:1:56: memory.frame_size: expected a positive integer (bytes per frame), got -4096" },
  { "frame-size-huge",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4, \"frame_size\": 1073741825}, \"steps\": []}",
    "t.json:1:56: memory.frame_size: expected a positive integer (bytes per frame) no large"
    "r than 1073741824, got 1073741825" },
  { "max-order-too-big",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4, \"max_order\": 16}, \"steps\": []}",
    "t.json:1:55: memory.max_order: expected an order (an integer >= 0) no larger than 15, "
    "got 16" },
  { "pageblock-order-too-big",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4, \"max_order\": 3, \"pageblock_order\": "
    "4}, \"steps\": []}",
    "t.json:1:77: memory.pageblock_order: expected an order from 0 to max_order (3), got 4" },
  { "zones-overlap",
    "{\"fragscope\": 1, \"memory\": {\"zones\": [\n  {\"name\": \"DMA\", \"start_pfn\": 1, "
    "\"frames\": 4095},\n  {\"name\": \"Normal\", \"start_pfn\": 4000, \"frames\": 100}]}, "
    "\"steps\": []}",
    "t.json:3:35: memory.zones[1].start_pfn: zone \"Normal\" starts at pfn 4000, inside or "
    "before zone \"DMA\" (pfn 1..4095): zones must be in pfn order without overlap" },
  { "zones-unordered",
    "{\"fragscope\": 1, \"memory\": {\"zones\": [\n  {\"name\": \"Normal\", \"start_pfn\": "
    "4096, \"frames\": 100},\n  {\"name\": \"DMA\", \"start_pfn\": 0, \"frames\": 16}]}, \""
    "steps\": []}",
    "t.json:3:32: memory.zones[1].start_pfn: zone \"DMA\" starts at pfn 0, inside or before"
    " zone \"Normal\" (pfn 4096..4195): zones must be in pfn order without overlap" },
  { "zones-empty",
    "{\"fragscope\": 1, \"memory\": {\"zones\": []}, \"steps\": []}",
    "t.json:1:38: memory.zones: expected 1 to 8 zones, got an empty array" },
  { "by-1e400",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": "
    "[{\"op\": \"grow\", \"process\": \"A\", \"by\": 1e400}]}",
    "t.json:1:90: steps[0].by: expected a positive integer no larger than 68719468544, got 1e400" },
  { "title-nul",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": "
    "[{\"op\": \"note\", \"text\": \"\\u0001\"}], \"title\": \"a\\u0000\"}",
    "t.json:1:97: title: a title (a string) must not contain \\u0000" },
  { "zones-too-many",
    "{\"fragscope\": 1, \"memory\": {\"zones\": [{\"name\": \"a\", \"frames\": 1}, {\"name"
    "\": \"b\", \"frames\": 1}, {\"name\": \"c\", \"frames\": 1}, {\"name\": \"d\", \"frame"
    "s\": 1}, {\"name\": \"e\", \"frames\": 1}, {\"name\": \"f\", \"frames\": 1}, {\"name\""
    ": \"g\", \"frames\": 1}, {\"name\": \"h\", \"frames\": 1}, {\"name\": \"i\", \"frames"
    "\": 1}]}, \"steps\": []}",
    "t.json:1:263: memory.zones[8]: more than 8 zones (the maximum)" },
  { "zone-name-long",
    "{\"fragscope\": 1, \"memory\": {\"zones\": [{\"name\": \"ABCDEFGHIJKLMNOPQ\", \"frames"
    "\": 1}]}, \"steps\": []}",
    "t.json:1:48: memory.zones[0].name: too long: 17 bytes, the maximum is 15 (a string \"A"
    "BCDEFGHIJKLMNOPQ\")" },
  { "zone-name-twice",
    "{\"fragscope\": 1, \"memory\": {\"zones\": [{\"name\": \"A\", \"frames\": 1}, {\"name"
    "\": \"A\", \"frames\": 1}]}, \"steps\": []}",
    "t.json:1:76: memory.zones[1].name: zone name \"A\" is used twice (zones[0])" },
  { "unknown-mode",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4},\n \"policy\": {\"mode\": \"pagin\"}, "
    "\"steps\": []}",
    "t.json:2:21: policy.mode: unknown mode \"pagin\": did you mean \"paging\"? (expected o"
    "ne of segmentation, paging, compaction, buddy)" },
  { "unknown-fit",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"policy\": {\"fit\": \"good\"}, \"ste"
    "ps\": []}",
    "t.json:1:61: policy.fit: unknown fit \"good\" (expected one of first, next, best, worst)" },
  { "unknown-free-list",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"policy\": {\"free_list\": \"fifo\"},"
    " \"steps\": []}",
    "t.json:1:67: policy.free_list: unknown free list order \"fifo\": did you mean \"lifo\""
    "? (expected one of address, lifo)" },
  { "unknown-trigger",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"policy\": {\"compaction\": {\"trigge"
    "r\": \"always\"}}, \"steps\": []}",
    "t.json:1:80: policy.compaction.trigger: unknown compaction trigger \"always\" (expecte"
    "d one of on-failure, manual, threshold)" },
  { "threshold-range",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"policy\": {\"compaction\": {\"thresh"
    "old\": 1.5}}, \"steps\": []}",
    "t.json:1:82: policy.compaction.threshold: expected a number from 0 to 1, got 1.5" },
  { "pt-levels",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"policy\": {\"page_table\": {\"levels"
    "\": 6}}, \"steps\": []}",
    "t.json:1:79: policy.page_table.levels: expected a number of levels (1 to 5), got 6" },
  { "step-not-object",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [42]}",
    "t.json:1:53: steps[0]: expected a step object such as {\"op\": \"note\", \"text\": \"."
    "..\"}, got 42" },
  { "missing-op",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"process\": \"A\"}]}",
    "t.json:1:53: steps[0]: missing required key \"op\"" },
  { "unknown-op",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [\n  {\"op\": \"spwan\", \""
    "process\": \"A\", \"size\": 5}]}",
    "t.json:2:10: steps[0].op: unknown op \"spwan\": did you mean \"spawn\"? (expected one "
    "of spawn, exit, grow, alloc, free, compact, access, note, random)" },
  { "trace-op",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"trace-alloc\"}]}",
    "t.json:1:60: steps[0].op: unknown op \"trace-alloc\" (expected one of spawn, exit, gro"
    "w, alloc, free, compact, access, note, random)" },
  { "size-negative",
    "{\"fragscope\": 1,\n \"memory\": {\"frames\": 11, \"frame_size\": 50},\n \"steps\": ["
    "\n  {\"op\": \"note\", \"text\": \"x\"},\n  {\"op\": \"note\", \"text\": \"y\"},\n  {"
    "\"op\": \"note\", \"text\": \"z\"},\n  {\"op\": \"spawn\", \"process\": \"C\", \"size"
    "\": -5}]}",
    "t.json:7:43: steps[3].size: expected a positive integer, got -5" },
  { "size-zero",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"spawn\", \"proc"
    "ess\": \"A\", \"size\": 0}]}",
    "t.json:1:93: steps[0].size: expected a positive integer, got 0" },
  { "size-fractional",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"spawn\", \"proc"
    "ess\": \"A\", \"size\": 2.5}]}",
    "t.json:1:93: steps[0].size: expected a positive integer, got 2.5" },
  { "size-huge",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"spawn\", \"proc"
    "ess\": \"A\", \"size\": 123456789012345678901234567890}]}",
    "t.json:1:93: steps[0].size: expected a positive integer no larger than 68719468544, go"
    "t 123456789012345678901234567890" },
  { "size-past-max",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4, \"frame_size\": 1}, \"steps\": [{\"op\""
    ": \"spawn\", \"process\": \"A\", \"size\": 16777215}]}",
    "t.json:1:110: steps[0].size: expected a positive integer no larger than 16777214, got "
    "16777215" },
  { "size-string",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"spawn\", \"proc"
    "ess\": \"A\", \"size\": \"big\"}]}",
    "t.json:1:93: steps[0].size: expected a positive integer, got a string \"big\"" },
  { "size-and-segments",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"spawn\", \"proc"
    "ess\": \"A\", \"size\": 1, \"segments\": []}]}",
    "t.json:1:96: steps[0]: give either \"size\" or \"segments\", not both" },
  { "segments-empty",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"spawn\", \"proc"
    "ess\": \"A\", \"segments\": []}]}",
    "t.json:1:97: steps[0].segments: expected 1 to 64 segments, got an empty array" },
  { "segment-name-twice",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"spawn\", \"proc"
    "ess\": \"A\", \"segments\": [{\"name\": \"code\", \"size\": 1}, {\"name\": \"code\", "
    "\"size\": 1}]}]}",
    "t.json:1:136: steps[0].segments[1].name: segment name \"code\" is used twice in this p"
    "rocess" },
  { "at-unaligned",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 11, \"frame_size\": 50}, \"steps\": [{\"op"
    "\": \"spawn\", \"process\": \"A\", \"size\": 150, \"at\": 120}]}",
    "t.json:1:123: steps[0].at: expected a frame-aligned byte address (a multiple of frame_"
    "size 50), got 120" },
  { "at-outside",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 11, \"frame_size\": 50}, \"steps\": [{\"op"
    "\": \"spawn\", \"process\": \"A\", \"size\": 150, \"at\": 550}]}",
    "t.json:1:123: steps[0].at: address 550 (pfn 11) is in no zone (Normal: pfn 0..10)" },
  { "frames-count",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 8, \"frame_size\": 16}, \"steps\": [{\"op"
    "\": \"spawn\", \"process\": \"P\", \"size\": 64, \"frames\": [3, 7]}]}",
    "t.json:1:125: steps[0].frames: expected 4 frames (one per virtual page), got 2" },
  { "frames-twice",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 8, \"frame_size\": 16}, \"steps\": [{\"op"
    "\": \"spawn\", \"process\": \"P\", \"size\": 48, \"frames\": [3, 7, 3]}]}",
    "t.json:1:132: steps[0].frames[2]: pfn 3 is given twice (also at frames[0])" },
  { "frames-outside",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 8, \"frame_size\": 16}, \"steps\": [{\"op"
    "\": \"spawn\", \"process\": \"P\", \"size\": 16, \"frames\": [8]}]}",
    "t.json:1:126: steps[0].frames[0]: pfn 8 is in no zone (Normal: pfn 0..7)" },
  { "at-and-frames",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 8, \"frame_size\": 16}, \"steps\": [{\"op"
    "\": \"spawn\", \"process\": \"P\", \"size\": 16, \"at\": 0, \"frames\": [1]}]}",
    "t.json:1:124: steps[0]: give either \"at\" or \"frames\", not both" },
  { "unknown-migratetype",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"alloc\", \"id\""
    ": \"x\", \"order\": 0, \"migratetype\": \"movabel\"}]}",
    "t.json:1:107: steps[0].migratetype: unknown migrate type \"movabel\": did you mean \"m"
    "ovable\"? (expected one of unmovable, movable, reclaimable, highatomic, cma, isolate)" },
  { "migratetype-number",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"alloc\", \"id\""
    ": \"x\", \"order\": 0, \"migratetype\": 1}]}",
    "t.json:1:107: steps[0].migratetype: expected a string, one of unmovable, movable, recl"
    "aimable, highatomic, cma, isolate, got 1" },
  { "pinned-string",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"spawn\", \"proc"
    "ess\": \"A\", \"size\": 1, \"pinned\": \"yes\"}]}",
    "t.json:1:106: steps[0].pinned: expected true or false, got a string \"yes\"" },
  { "process-empty",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"exit\", \"proce"
    "ss\": \"\"}]}",
    "t.json:1:79: steps[0].process: expected a name (a string), got an empty string" },
  { "process-long",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"exit\", \"proce"
    "ss\": \"0123456789012345678901234567890123456789012345678901234567890123\"}]}",
    "t.json:1:79: steps[0].process: too long: 64 bytes, the maximum is 63 (a string \"01234"
    "5678901234567890123456789012345678901234567890123456789...\")" },
  { "process-nul",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"exit\", \"proce"
    "ss\": \"a\\u0000b\"}]}",
    "t.json:1:79: steps[0].process: a name (a string) must not contain \\u0000" },
  { "order-too-big",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4, \"max_order\": 2}, \"steps\": [{\"op\":"
    " \"alloc\", \"id\": \"x\", \"order\": 3}]}",
    "t.json:1:105: steps[0].order: expected an order from 0 to max_order (2), got 3" },
  { "id-negative",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"free\", \"id\":"
    " -1}]}",
    "t.json:1:74: steps[0].id: expected an id (a string or an integer >= 0), got -1" },
  { "id-object",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"free\", \"id\":"
    " {}}]}",
    "t.json:1:74: steps[0].id: expected an id (a string), got an object" },
  { "grow-by-zero",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"grow\", \"proce"
    "ss\": \"A\", \"by\": 0}]}",
    "t.json:1:90: steps[0].by: expected a positive integer, got 0" },
  { "access-negative",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"access\", \"pro"
    "cess\": \"A\", \"address\": -1}]}",
    "t.json:1:97: steps[0].address: expected a virtual byte address (an integer >= 0), got -1" },
  { "note-missing-text",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"note\"}]}",
    "t.json:1:53: steps[0]: missing required key \"text\"" },
  { "random-count-zero",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"random\", \"cou"
    "nt\": 0}]}",
    "t.json:1:79: steps[0].count: expected a positive number of steps, got 0" },
  { "random-too-many-steps",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"random\", \"cou"
    "nt\": 60000000}, {\"op\": \"random\", \"count\": 50000000}]}",
    "t.json:1:90: steps[1]: the scenario would run 110000000 steps, more than the maximum o"
    "f 100000000" },
  { "random-max-below-min",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"random\", \"cou"
    "nt\": 5, \"min_size\": 100, \"max_size\": 10}]}",
    "t.json:1:111: steps[0].max_size: expected a size in bytes no smaller than min_size (10"
    "0), got 10" },
  { "random-bad-mt",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"random\", \"cou"
    "nt\": 5, \"migratetypes\": {\"movabl\": 1}}]}",
    "t.json:1:99: steps[0].migratetypes: unknown migrate type \"movabl\": did you mean \"mo"
    "vable\"?" },
  { "random-mt-twice",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": "
    "[{\"op\": \"random\", \"count\": 5, \"migratetypes\": {\"movable\": 1, \"Movable\": 2}}]}",
    "t.json:1:113: steps[0].migratetypes: migrate type \"movable\" is given twice" },
  { "random-zero-weights",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"random\", \"cou"
    "nt\": 5, \"migratetypes\": {\"movable\": 0}}]}",
    "t.json:1:98: steps[0].migratetypes: at least one migrate type needs a weight above 0" },
  { "random-workload",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"random\", \"cou"
    "nt\": 5, \"workload\": \"threads\"}]}",
    "t.json:1:94: steps[0].workload: unknown workload \"threads\" (expected one of processe"
    "s, raw)" },
  { "random-ratio",
    "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [{\"op\": \"random\", \"cou"
    "nt\": 5, \"alloc_ratio\": -0.1}]}",
    "t.json:1:97: steps[0].alloc_ratio: expected a number from 0 to 1, got -0.1" },
  { "title-number",
    "{\"fragscope\": 1, \"title\": 7, \"memory\": {\"frames\": 4}, \"steps\": []}",
    "t.json:1:27: title: expected a title (a string), got 7" },

};

/* Rebuilds the full line from the structured fields: the GUI uses those. */
static void
assert_fields_agree (const FragDiagnostic *d)
{
  GString *s = g_string_new (d->file);
  if (d->line > 0)
    g_string_append_printf (s, ":%u:%u", d->line, d->column);
  g_string_append (s, ": ");
  if (d->path[0] != '\0')
    g_string_append_printf (s, "%s: ", d->path);
  g_string_append (s, d->message);
  g_assert_cmpstr (s->str, ==, d->full);
  g_assert_cmpuint (strlen (d->full), <, 65536);
  g_string_free (s, TRUE);
}

/* Loads text and returns the error line (the caller frees it); fails the test if it loads. */
static char *
load_error (const char *text, size_t len)
{
  FragDiagnostics diag;
  frag_diagnostics_init (&diag);
  FragScenario *sc = frag_scenario_load_data ("t.json", text, len, &diag);
  g_assert_null (sc);
  g_assert_true (diag.has_error);
  g_assert_cmpint (diag.error.severity, ==, FRAG_DIAG_ERROR);
  assert_fields_agree (&diag.error);
  char *msg = g_strdup (diag.error.full);
  frag_diagnostics_clear (&diag);
  return msg;
}

static void
test_error_case (gconstpointer data)
{
  const ErrorCase *c = data;
  char *msg = load_error (c->text, strlen (c->text));
  g_assert_cmpstr (msg, ==, c->expected);
  g_free (msg);
}

static void
test_error_fields (void)
{
  const char *text = "{\"fragscope\": 1,\n \"memory\": {\"frames\": 11, \"frame_size\": 50},\n"
                     " \"steps\": [{\"op\": \"spawn\", \"process\": \"A\", \"size\": -5}]}";
  FragDiagnostics diag;
  frag_diagnostics_init (&diag);
  g_assert_null (frag_scenario_load_data ("lecture.json", text, strlen (text), &diag));
  g_assert_cmpstr (diag.error.file, ==, "lecture.json");
  g_assert_cmpuint (diag.error.line, ==, 3);
  g_assert_cmpuint (diag.error.column, ==, 52);
  g_assert_cmpstr (diag.error.path, ==, "steps[0].size");
  g_assert_cmpstr (diag.error.message, ==, "expected a positive integer, got -5");
  g_assert_cmpstr (frag_diagnostics_error (&diag), ==,
                   "lecture.json:3:52: steps[0].size: expected a positive integer, got -5");
  frag_diagnostics_clear (&diag);
  g_assert_null (frag_diagnostics_error (&diag));
}

static void
test_utf8 (void)
{
  /* Columns count characters: the "é" before the bad byte is one column. */
  static const char bad_byte[] = "{\"fragscope\": 1, \"title\": \"caf\xc3\xa9 \xff\"}";
  static const char overlong[] = "{\"fragscope\": 1,\n \"title\": \"\xc0\xaf\"}";
  static const char surrogate[] = "{\"fragscope\": 1, \"title\": \"\xed\xa0\x80\"}";
  static const char cut[] = "{\"fragscope\": 1, \"title\": \"\xe2\x82";
  static const char key[] = "{\"fragscope\": 1, \"\xfe\": 1}";
  static const char bom[] = "\xef\xbb\xbf{\"a\": \"\xff\"}";
  const struct { const char *text; const char *expected; } cases[] = {
    { bad_byte, "t.json:1:33: invalid UTF-8: byte 0xFF does not start a valid character (save the "
                "file as UTF-8)" },
    { overlong, "t.json:2:12: invalid UTF-8: byte 0xC0 does not start a valid character (save the "
                "file as UTF-8)" },
    { surrogate, "t.json:1:28: invalid UTF-8: byte 0xED does not start a valid character (save "
                 "the file as UTF-8)" },
    { cut, "t.json:1:28: invalid UTF-8: byte 0xE2 does not start a valid character (save the file "
           "as UTF-8)" },
    { key, "t.json:1:19: invalid UTF-8: byte 0xFE does not start a valid character (save the file "
           "as UTF-8)" },
    /* A byte order mark takes no column. */
    { bom, "t.json:1:8: invalid UTF-8: byte 0xFF does not start a valid character (save the file "
           "as UTF-8)" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char *msg = load_error (cases[i].text, strlen (cases[i].text));
      g_assert_cmpstr (msg, ==, cases[i].expected);
      g_free (msg);
    }
}

static void
test_nul_byte (void)
{
  static const char text[] = "{\"fragscope\": 1, \"title\": \"a\0b\"}";
  char *msg = load_error (text, sizeof text - 1);
  g_assert_cmpstr (msg, ==, "t.json:1:29: control character U+0000 inside a string (write it as "
                   "an escape such as \\n, or close the string that starts at 1:27)");
  g_free (msg);
  static const char outside[] = "{\"fragscope\": 1\0}";
  msg = load_error (outside, sizeof outside - 1);
  g_assert_cmpstr (msg, ==, "t.json:1:16: expected ',' or '}' after a member of the object "
                   "opened at 1:1, got U+0000");
  g_free (msg);
}

/* {"a": [[[...]]]}: `levels` objects and arrays in all. */
static char *
nested (unsigned levels)
{
  GString *s = g_string_new ("{\"a\": ");
  for (unsigned i = 1; i < levels; i++)
    g_string_append_c (s, '[');
  for (unsigned i = 1; i < levels; i++)
    g_string_append_c (s, ']');
  g_string_append_c (s, '}');
  return g_string_free (s, FALSE);
}

static void
test_nesting (void)
{
  char *ok = nested (FRAG_SCENARIO_MAX_DEPTH);
  char *msg = load_error (ok, strlen (ok));
  /* 64 levels are read; the file then fails for what it lacks, not for its depth. */
  g_assert_cmpstr (msg, ==, "t.json:1:1: missing required key \"fragscope\" (the format version, "
                   "1): is this a Fragscope scenario?");
  g_free (msg);
  g_free (ok);

  char *deep = nested (FRAG_SCENARIO_MAX_DEPTH + 1);
  msg = load_error (deep, strlen (deep));
  g_assert_cmpstr (msg, ==, "t.json:1:70: nesting deeper than 64 levels of objects and arrays");
  g_free (msg);
  g_free (deep);

  /* A hostile depth costs nothing: the scanner stops at the limit. */
  GString *huge = g_string_new (NULL);
  for (int i = 0; i < 1000000; i++)
    g_string_append_c (huge, '[');
  msg = load_error (huge->str, huge->len);
  g_assert_cmpstr (msg, ==, "t.json:1:65: nesting deeper than 64 levels of objects and arrays");
  g_free (msg);
  g_string_free (huge, TRUE);
}

static void
test_empty (void)
{
  char *msg = load_error ("", 0);
  g_assert_cmpstr (msg, ==, "t.json: the file is empty");
  g_free (msg);
  msg = load_error (" \n\t\r\n", 5);
  g_assert_cmpstr (msg, ==, "t.json: the file is empty (only white space)");
  g_free (msg);
}

static void
test_long_values (void)
{
  /* A long value is quoted in part; the message stays short. */
  GString *s = g_string_new ("{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": "
                             "[{\"op\": \"note\", \"text\": \"");
  for (unsigned i = 0; i < FRAG_MAX_TEXT_LEN + 1; i++)
    g_string_append_c (s, 'x');
  g_string_append (s, "\"}]}");
  char *msg = load_error (s->str, s->len);
  g_assert_true (g_str_has_prefix (msg, "t.json:1:76: steps[0].text: too long: 4097 bytes, the "
                                   "maximum is 4096 (a string \"xxxx"));
  g_assert_true (g_str_has_suffix (msg, "xxx...\")"));
  g_assert_cmpuint (strlen (msg), <, 200);
  g_free (msg);
  g_string_free (s, TRUE);

  /* Exactly the maximum is fine. */
  s = g_string_new ("{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": "
                    "[{\"op\": \"note\", \"text\": \"");
  for (unsigned i = 0; i < FRAG_MAX_TEXT_LEN; i++)
    g_string_append_c (s, 'x');
  g_string_append (s, "\"}]}");
  FragDiagnostics diag;
  frag_diagnostics_init (&diag);
  FragScenario *sc = frag_scenario_load_data ("t.json", s->str, s->len, &diag);
  g_assert_nonnull (sc);
  frag_scenario_free (sc);
  frag_diagnostics_clear (&diag);
  g_string_free (s, TRUE);

  /* A 100 KB key in an error message and a 100 KB number. */
  s = g_string_new ("{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [], \"");
  for (unsigned i = 0; i < 100000; i++)
    g_string_append_c (s, 'k');
  g_string_append (s, "\": 1, \"title\": 1");
  for (unsigned i = 0; i < 100000; i++)
    g_string_append_c (s, '0');
  g_string_append (s, "}");
  msg = load_error (s->str, s->len);
  g_assert_true (g_str_has_prefix (msg, "t.json:1:100072: title: expected a title (a string), "
                                   "got 10000000000"));
  g_assert_true (g_str_has_suffix (msg, "0..."));
  g_assert_cmpuint (strlen (msg), <, 200);
  g_free (msg);
  g_string_free (s, TRUE);
}

static char *
write_temp (const char *dir, const char *name, const char *text, gssize len)
{
  char *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, text, len, NULL));
  return path;
}

static void
test_files (void)
{
  char *dir = g_dir_make_tmp ("fragscope-test-XXXXXX", NULL);
  g_assert_nonnull (dir);
  FragDiagnostics diag;
  frag_diagnostics_init (&diag);

  char *missing = g_build_filename (dir, "missing.fragscope.json", NULL);
  g_assert_null (frag_scenario_load_file (missing, &diag));
  char *expected = g_strdup_printf ("%s: cannot open the file: No such file or directory", missing);
  g_assert_cmpstr (frag_diagnostics_error (&diag), ==, expected);
  g_assert_cmpuint (diag.error.line, ==, 0);
  g_free (expected);

  g_assert_null (frag_scenario_load_file (dir, &diag));
  expected = g_strdup_printf ("%s: is a directory, not a scenario file", dir);
  g_assert_cmpstr (frag_diagnostics_error (&diag), ==, expected);
  g_free (expected);

  g_assert_null (frag_scenario_load_file ("", &diag));
  g_assert_cmpstr (frag_diagnostics_error (&diag), ==, "(no file): no file name given");
  g_assert_null (frag_scenario_load_file (NULL, &diag));
  g_assert_true (diag.has_error);

  /* A file that opens but cannot be read: reading /proc/self/mem at offset 0 fails with EIO. */
  if (g_file_test ("/proc/self/mem", G_FILE_TEST_EXISTS))
    {
      g_assert_null (frag_scenario_load_file ("/proc/self/mem", &diag));
      g_assert_cmpstr (frag_diagnostics_error (&diag), ==,
                       "/proc/self/mem: cannot read the file: Input/output error");
    }

  char *empty = write_temp (dir, "empty.json", "", 0);
  g_assert_null (frag_scenario_load_file (empty, &diag));
  expected = g_strdup_printf ("%s: the file is empty", empty);
  g_assert_cmpstr (frag_diagnostics_error (&diag), ==, expected);
  g_free (expected);

  /* One byte past the limit, as a sparse file: refused before anything is parsed. */
  char *big = g_build_filename (dir, "big.json", NULL);
  int fd = open (big, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) FRAG_SCENARIO_MAX_FILE_SIZE + 1), ==, 0);
  close (fd);
  g_assert_null (frag_scenario_load_file (big, &diag));
  expected = g_strdup_printf ("%s: the file is larger than 64 MiB, the maximum for a scenario",
                              big);
  g_assert_cmpstr (frag_diagnostics_error (&diag), ==, expected);
  g_free (expected);

  /* A good file loads and remembers where it came from; errors name the path as given. */
  const char *good = "{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": []}";
  char *ok = write_temp (dir, "ok.fragscope.json", good, -1);
  FragScenario *sc = frag_scenario_load_file (ok, &diag);
  g_assert_nonnull (sc);
  g_assert_false (diag.has_error);
  g_assert_cmpstr (sc->path, ==, ok);
  g_assert_cmpstr (sc->name, ==, ok);
  frag_scenario_free (sc);
  char *bad = write_temp (dir, "bad.fragscope.json", "{\"fragscope\": 1,\n  \"memory\": 3}", -1);
  g_assert_null (frag_scenario_load_file (bad, &diag));
  expected = g_strdup_printf ("%s:2:13: memory: expected an object, got 3", bad);
  g_assert_cmpstr (frag_diagnostics_error (&diag), ==, expected);
  g_free (expected);

  frag_diagnostics_clear (&diag);
  for (char **p = (char *[]) { missing, empty, big, ok, bad, NULL }; *p; p++)
    {
      g_unlink (*p);
      g_free (*p);
    }
  g_rmdir (dir);
  g_free (dir);
}

static void
test_warnings (void)
{
  const char *text =
    "{\"fragscope\": 1, \"$schema\": \"x\", \"comment\": \"allowed anywhere\",\n"
    " \"titel\": \"Typo\",\n"
    " \"memory\": {\"frames\": 4, \"frame_sise\": 4096},\n"
    " \"steps\": [{\"op\": \"spawn\", \"process\": \"A\", \"size\": 1, \"sizee\": 5,\n"
    "            \"comment\": \"fine\", \"zzzzzz\": 1}]}";
  FragDiagnostics diag;
  frag_diagnostics_init (&diag);
  FragScenario *sc = frag_scenario_load_data ("w.json", text, strlen (text), &diag);
  g_assert_nonnull (sc);
  g_assert_false (diag.has_error);
  g_assert_cmpuint (diag.n_warnings, ==, 4);
  const char *expected[] = {
    "w.json:2:2: unknown key \"titel\": did you mean \"title\"?",
    "w.json:3:26: memory: unknown key \"frame_sise\": did you mean \"frame_size\"?",
    "w.json:4:55: steps[0]: unknown key \"sizee\": did you mean \"size\"?",
    "w.json:5:32: steps[0]: unknown key \"zzzzzz\" (ignored)",
  };
  for (size_t i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpint (diag.warnings[i].severity, ==, FRAG_DIAG_WARNING);
      g_assert_cmpstr (diag.warnings[i].full, ==, expected[i]);
      assert_fields_agree (&diag.warnings[i]);
    }
  g_assert_cmpstr (diag.warnings[2].path, ==, "steps[0]");
  frag_scenario_free (sc);

  /* Warnings are kept up to the maximum and counted past it. */
  GString *s = g_string_new ("{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": [");
  for (int i = 0; i < 40; i++)
    g_string_append_printf (s, "%s{\"op\": \"note\", \"text\": \"\", \"txet\": %d}", i ? "," : "",
                            i);
  g_string_append (s, "]}");
  sc = frag_scenario_load_data ("w.json", s->str, s->len, &diag);
  g_assert_nonnull (sc);
  g_assert_cmpuint (diag.n_warnings, ==, FRAG_DIAG_MAX_WARNINGS);
  g_assert_cmpuint (diag.n_warnings_dropped, ==, 40 - FRAG_DIAG_MAX_WARNINGS);
  g_assert_cmpstr (diag.warnings[31].path, ==, "steps[31]");
  g_assert_true (g_str_has_suffix (diag.warnings[31].message, "did you mean \"text\"?"));
  frag_scenario_free (sc);
  g_string_free (s, TRUE);

  /* 100,000 unknown keys in one object: counted past the maximum, and no quadratic work. */
  s = g_string_new ("{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": []");
  for (int i = 0; i < 100000; i++)
    g_string_append_printf (s, ", \"unknown_key_%d\": %d", i, i);
  g_string_append (s, "}");
  sc = frag_scenario_load_data ("w.json", s->str, s->len, &diag);
  g_assert_nonnull (sc);
  g_assert_cmpuint (diag.n_warnings, ==, FRAG_DIAG_MAX_WARNINGS);
  g_assert_cmpuint (diag.n_warnings_dropped, ==, 100000 - FRAG_DIAG_MAX_WARNINGS);
  g_assert_cmpstr (diag.warnings[0].full, ==,
                   "w.json:1:56: unknown key \"unknown_key_0\" (ignored)");
  frag_scenario_free (sc);
  g_string_free (s, TRUE);

  /* Warnings are told in the order of the text, not in the order the loader met them. */
  const char *order = "{\"fragscope\": 1, \"memory\": {\"frames\": 4, \"framez\": 1},\n"
                      " \"stepz\": 1, \"steps\": [{\"op\": \"compact\", \"ordre\": 1}]}";
  sc = frag_scenario_load_data ("w.json", order, strlen (order), &diag);
  g_assert_nonnull (sc);
  g_assert_cmpuint (diag.n_warnings, ==, 3);
  g_assert_cmpstr (diag.warnings[0].full, ==,
                   "w.json:1:42: memory: unknown key \"framez\": did you mean \"frames\"?");
  g_assert_cmpstr (diag.warnings[1].full, ==,
                   "w.json:2:2: unknown key \"stepz\": did you mean \"steps\"?");
  g_assert_cmpstr (diag.warnings[2].full, ==,
                   "w.json:2:42: steps[0]: unknown key \"ordre\": did you mean \"order\"?");
  frag_scenario_free (sc);

  /* Warnings come with an error too, and loading again starts afresh. */
  const char *both = "{\"fragscope\": 1, \"memroy\": {}, \"steps\": []}";
  g_assert_null (frag_scenario_load_data ("w.json", both, strlen (both), &diag));
  g_assert_cmpstr (frag_diagnostics_error (&diag), ==,
                   "w.json:1:1: missing required key \"memory\"");
  g_assert_cmpuint (diag.n_warnings, ==, 1);
  g_assert_cmpstr (diag.warnings[0].full, ==,
                   "w.json:1:18: unknown key \"memroy\": did you mean \"memory\"?");
  frag_diagnostics_clear (&diag);
}

static FragScenario *
load_ok (const char *text)
{
  FragDiagnostics diag;
  frag_diagnostics_init (&diag);
  FragScenario *sc = frag_scenario_load_data ("t.json", text, strlen (text), &diag);
  if (sc == NULL)
    g_error ("unexpected error: %s", frag_diagnostics_error (&diag));
  g_assert_cmpuint (diag.n_warnings, ==, 0);
  frag_diagnostics_clear (&diag);
  return sc;
}

static void
test_diagnostics_bounded (void)
{
  /* Even a caller passing huge parts gets a bounded line, cut between UTF-8 characters. */
  GString *big = g_string_new (NULL);
  for (int i = 0; i < 50000; i++)
    g_string_append (big, "\xc3\xa9");  /* é, two bytes */
  FragDiagnostics diag;
  frag_diagnostics_init (&diag);
  g_assert_true (frag_diagnostics_add (&diag, FRAG_DIAG_ERROR, big->str, 3, 4, big->str,
                                       big->str));
  g_assert_true (frag_diagnostics_add (&diag, FRAG_DIAG_ERROR, "second.json", 1, 1, NULL, "x"));
  g_assert_true (diag.has_error);
  g_assert_cmpuint (strlen (diag.error.full), <, 65536);
  g_assert_true (g_utf8_validate (diag.error.full, -1, NULL));
  g_assert_true (g_str_has_prefix (diag.error.full, "\xc3\xa9"));
  g_assert_cmpuint (diag.error.line, ==, 3);  /* the first error stays */
  g_assert_cmpuint (diag.n_warnings, ==, 0);
  g_assert_true (frag_diagnostics_add (&diag, FRAG_DIAG_WARNING, NULL, 0, 0, NULL, "w"));
  g_assert_cmpstr (diag.warnings[0].full, ==, "(scenario): w");
  frag_diagnostics_clear (&diag);
  g_assert_false (diag.has_error);
  g_string_free (big, TRUE);
}

static void
test_limits (void)
{
  /* Each limit holds exactly at its value. */
  char *text = g_strdup_printf ("{\"fragscope\": 1, \"memory\": {\"frames\": %u, \"max_order\": 15,"
                                " \"frame_size\": 1073741824}, \"steps\": []}", FRAG_MAX_FRAMES);
  FragScenario *sc = load_ok (text);
  g_assert_cmpuint (frag_config_total_frames (&sc->config), ==, FRAG_MAX_FRAMES);
  g_assert_cmpuint (sc->config.max_order, ==, FRAG_MAX_ORDER_LIMIT);
  g_assert_cmpuint (sc->config.frame_size, ==, FRAG_MAX_FRAME_SIZE);
  frag_scenario_free (sc);
  g_free (text);

  GString *z = g_string_new ("{\"fragscope\": 1, \"memory\": {\"zones\": [");
  for (unsigned i = 0; i < FRAG_MAX_ZONES; i++)
    g_string_append_printf (z, "%s{\"name\": \"Z%u\", \"frames\": %u}", i ? ", " : "", i,
                            i == 0 ? FRAG_MAX_FRAMES - 7 : 1);
  g_string_append (z, "]}, \"steps\": []}");
  sc = load_ok (z->str);
  g_assert_cmpuint (sc->config.n_zones, ==, FRAG_MAX_ZONES);
  g_assert_cmpuint (frag_config_total_frames (&sc->config), ==, FRAG_MAX_FRAMES);
  g_assert_cmpuint (sc->config.zones[7].start_pfn, ==, FRAG_MAX_FRAMES - 1);
  frag_scenario_free (sc);
  /* One frame more, anywhere, is too many. */
  char *over = g_strdup (z->str);
  char *one = strstr (over, "\"Z7\", \"frames\": 1}");
  g_assert_nonnull (one);
  one[strlen ("\"Z7\", \"frames\": ")] = '2';
  char *msg = load_error (over, strlen (over));
  g_assert_true (g_str_has_suffix (msg, "memory.zones[7].frames: the zones hold 16777215 frames "
                                   "in all, more than the maximum of 16777214"));
  g_free (msg);
  g_free (over);
  g_string_free (z, TRUE);

  text = g_strdup_printf ("{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": ["
                          "{\"op\": \"note\", \"text\": \"a\"}, "
                          "{\"op\": \"random\", \"count\": %llu}]}",
                          (unsigned long long) FRAG_MAX_STEPS - 1);
  sc = load_ok (text);
  g_assert_cmpuint (sc->program->n_steps, ==, FRAG_MAX_STEPS);
  frag_scenario_free (sc);
  g_free (text);

  GString *name = g_string_new (NULL);
  for (unsigned i = 0; i < FRAG_MAX_NAME_LEN; i++)
    g_string_append_c (name, 'n');
  text = g_strdup_printf ("{\"fragscope\": 1, \"memory\": {\"frames\": 4}, \"steps\": ["
                          "{\"op\": \"exit\", \"process\": \"%s\"}]}", name->str);
  sc = load_ok (text);
  g_assert_cmpstr (frag_program_string (sc->program, sc->program->ops[0].name), ==, name->str);
  frag_scenario_free (sc);
  g_free (text);
  g_string_free (name, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (size_t i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      char *path = g_strdup_printf ("/frag/scenario/error/%s", error_cases[i].name);
      g_test_add_data_func (path, &error_cases[i], test_error_case);
      g_free (path);
    }
  g_test_add_func ("/frag/scenario/error/fields", test_error_fields);
  g_test_add_func ("/frag/scenario/error/utf8", test_utf8);
  g_test_add_func ("/frag/scenario/error/nul-byte", test_nul_byte);
  g_test_add_func ("/frag/scenario/error/nesting", test_nesting);
  g_test_add_func ("/frag/scenario/error/empty", test_empty);
  g_test_add_func ("/frag/scenario/error/long-values", test_long_values);
  g_test_add_func ("/frag/scenario/error/files", test_files);
  g_test_add_func ("/frag/scenario/warnings", test_warnings);
  g_test_add_func ("/frag/scenario/limits", test_limits);
  g_test_add_func ("/frag/scenario/diagnostics/bounded", test_diagnostics_bounded);
  return g_test_run ();
}
