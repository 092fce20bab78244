#!/usr/bin/python3
"""test_cli.py: fragscope-cli against CONTRACT.md, through the real binary (TAP output).

The contract's own example (phil-opp under segmentation) is checked key by key, the same file under
paging and compaction, exit codes and streams for bad input and bad usage, --until, /proc text,
the real capture and the bench's trace figures. Figures the contract gives are written out here;
the rest of Linux's indices are recomputed with an independent copy of mm/vmstat.c's formulas.
"""
import json
import os
import subprocess
import sys
import tempfile

BUILD = os.environ.get("FRAGSCOPE_BUILD_DIR", "build")
SRC = os.environ.get("FRAGSCOPE_SOURCE_DIR", ".")
CLI = os.path.join(BUILD, "src", "cli", "fragscope-cli")
DATA = os.path.join(SRC, "tests", "cli", "data")
CAPTURE = os.environ.get("FRAGSCOPE_CAPTURE_DIR", "")
PHIL = os.path.join(DATA, "phil-opp.json")

results = []


def test(fn):
    results.append(fn)
    return fn


class Skip(Exception):
    pass


def cli(*args, check=None):
    p = subprocess.run([CLI, *args], capture_output=True, text=True, timeout=600)
    if check is not None:
        assert p.returncode == check, f"exit {p.returncode}, expected {check}: {p.stderr[:2000]}"
    return p


def report(*args):
    p = cli("run", *args, "--json", check=0)
    return json.loads(p.stdout)


def frag_index(nr_free, j):
    """mm/vmstat.c __fragmentation_index, x1000, integer maths."""
    total = sum(nr_free)
    pages = sum(n << o for o, n in enumerate(nr_free))
    suitable = sum(n << (o - j) for o, n in enumerate(nr_free) if o >= j)
    if total == 0:
        return 0
    if suitable:
        return -1000
    return 1000 - (1000 + pages * 1000 // (1 << j)) // total


def unusable_index(nr_free, j):
    pages = sum(n << o for o, n in enumerate(nr_free))
    suitable = sum(n << (o - j) for o, n in enumerate(nr_free) if o >= j)
    if pages == 0:
        return 1000
    return (pages - (suitable << j)) * 1000 // pages


@test
def phil_opp_segmentation_matches_contract_example():
    r = report(PHIL, "--mode", "segmentation")
    assert r["report"] == "fragscope" and r["version"] == 1
    assert r["title"] == "Why the third instance cannot start"
    assert r["mode"] == "segmentation" and r["fit"] == "first" and r["frame_size"] == 50
    assert r["steps_run"] == 4
    ev = r["events"]
    assert [e["step"] for e in ev] == [0, 1, 2, 3]
    assert [e["op"] for e in ev] == ["spawn", "spawn", "note", "spawn"]
    assert ev[0]["process"] == "A" and ev[0]["ok"] is True
    assert ev[0]["extents"] == [{"start": 2, "frames": 3}]
    assert ev[1]["extents"] == [{"start": 6, "frames": 3}]
    assert ev[3]["process"] == "C" and ev[3]["ok"] is False
    assert ev[3]["reason"] == "external-fragmentation"
    (z,) = r["zones"]
    assert z["name"] == "Normal" and z["start_pfn"] == 0 and z["frames"] == 11
    assert z["free_frames"] == 5 and z["largest_free_run"] == 2
    assert z["free_blocks_by_order"] == [3, 1] + [0] * 9
    assert z["free_blocks_by_type"] == {"movable": [3, 1] + [0] * 9}
    assert z["pageblocks_by_type"] == {"movable": 1}
    assert z["unusable_free_index"][:3] == [0.0, 0.6, 1.0]
    assert z["fragmentation_index"][:3] == [-1.0, -1.0, 0.438]
    nr = z["free_blocks_by_order"]
    for j in range(11):
        assert round(z["fragmentation_index"][j] * 1000) == frag_index(nr, j), j
        assert round(z["unusable_free_index"][j] * 1000) == unusable_index(nr, j), j
    assert r["holes"] == [{"start": 0, "frames": 2}, {"start": 5, "frames": 1},
                          {"start": 9, "frames": 2}]
    procs = {p["name"]: p for p in r["processes"]}
    assert set(procs) == {"A", "B"}
    assert procs["A"]["extents"] == [{"start": 2, "frames": 3}] and procs["A"]["frames"] == [2, 3, 4]
    assert procs["B"]["frames"] == [6, 7, 8]
    m = r["metrics"]
    assert m["free_frames"] == 5 and m["largest_free_run"] == 2
    assert abs(m["external_fragmentation"] - 0.6) < 1e-12
    assert m["internal_fragmentation_bytes"] == 0 and m["failed_allocations"] == 1
    assert m["compaction_frames_moved"] == 0 and m["compaction_bytes_moved"] == 0


@test
def phil_opp_paging_third_instance_gets_frames_5_9_10():
    r = report(PHIL, "--mode", "paging")
    assert r["mode"] == "paging"
    assert all(e["ok"] for e in r["events"]), r["events"]
    procs = {p["name"]: p for p in r["processes"]}
    assert procs["A"]["frames"] == [2, 3, 4]
    assert procs["B"]["frames"] == [6, 7, 8]
    assert procs["C"]["frames"] == [5, 9, 10]
    assert r["metrics"]["failed_allocations"] == 0
    assert r["metrics"]["free_frames"] == 2
    assert r["holes"] == [{"start": 0, "frames": 2}]


@test
def phil_opp_compaction_moves_300_bytes():
    r = report(PHIL, "--mode", "compaction")
    ev = r["events"]
    assert ev[3]["ok"] is True, ev[3]
    assert r["metrics"]["compaction_bytes_moved"] == 300
    assert r["metrics"]["compaction_frames_moved"] == 6
    procs = {p["name"]: p for p in r["processes"]}
    assert procs["A"]["frames"] == [0, 1, 2]
    assert procs["B"]["frames"] == [3, 4, 5]
    assert procs["C"]["frames"] == [6, 7, 8]
    assert r["holes"] == [{"start": 9, "frames": 2}]


@test
def until_stops_after_step_n_inclusive():
    r = report(PHIL, "--until", "1")
    assert r["steps_run"] == 2 and len(r["events"]) == 2
    assert r["zones"][0]["free_frames"] == 5
    assert r["metrics"]["failed_allocations"] == 0


@test
def text_report_names_the_failure():
    p = cli("run", PHIL, check=0)
    assert "external-fragmentation" in p.stdout or "external fragmentation" in p.stdout
    assert p.stderr == ""


@test
def fit_override_is_reported():
    r = report(PHIL, "--fit", "worst")
    assert r["fit"] == "worst"


def bad_file(content, name="bad.json", binary=False):
    d = tempfile.mkdtemp()
    path = os.path.join(d, name)
    with open(path, "wb" if binary else "w") as f:
        f.write(content)
    return path


@test
def bad_input_exits_1_with_position_and_empty_stdout():
    cases = {
        "truncated": '{"fragscope": 1, "memory": {"frames": 11}, "steps": [',
        "negative": '{"fragscope": 1, "memory": {"frames": 11},\n "steps": [{"op": "spawn", '
                    '"process": "A", "size": -5}]}',
        "version": '{"fragscope": 2, "memory": {"frames": 11}, "steps": []}',
        "garbage": '{"fragscope": 1, "memory": {"frames": 11}, "steps": []} x',
        "nan": '{"fragscope": 1, "memory": {"frames": NaN}, "steps": []}',
        "toplevel": '[1, 2, 3]',
        "empty": '',
    }
    for label, content in cases.items():
        path = bad_file(content)
        for cmd in ("validate", "run"):
            p = cli(cmd, path)
            assert p.returncode == 1, (label, cmd, p.returncode, p.stderr)
            assert p.stdout == "", (label, cmd, p.stdout)
            assert "bad.json" in p.stderr, (label, p.stderr)
            assert len(p.stderr) < 65536
    # The contract's example message, to the letter of its shape.
    p = cli("run", bad_file(cases["negative"]))
    line = p.stderr.strip().splitlines()[-1]
    assert ":2:" in line and "steps[0].size" in line, line


@test
def missing_file_and_directory_are_bad_input():
    for path in ("/nonexistent/x.json", tempfile.mkdtemp()):
        p = cli("validate", path)
        assert p.returncode == 1 and p.stdout == "" and path in p.stderr, p.stderr


@test
def bad_usage_exits_2():
    assert cli().returncode == 2
    assert cli("frobnicate").returncode == 2
    assert cli("run").returncode == 2
    assert cli("run", PHIL, "--mode", "magic").returncode == 2
    assert cli("run", PHIL, "--until", "x").returncode == 2
    assert cli("bench", "--trace", "C").returncode == 2


@test
def every_library_scenario_validates():
    sc = os.path.join(SRC, "scenarios")
    files = sorted(f for f in os.listdir(sc) if f.endswith(".fragscope.json"))
    if not files:
        raise Skip("no scenarios yet")
    p = cli("validate", *[os.path.join(sc, f) for f in files], check=0)
    assert p.stdout.count(": ok") == len(files), p.stdout


@test
def proc_pagetypeinfo_sums_type_rows():
    if not CAPTURE or not os.path.isdir(CAPTURE):
        raise Skip("no capture directory")
    r = report(os.path.join(CAPTURE, "pagetypeinfo"))
    zones = {z["name"]: z for z in r["zones"]}
    # Normal's rows in the capture: Unmovable + Movable + Reclaimable (+ zero rows).
    assert zones["Normal"]["free_blocks_by_order"] == [148, 88, 90, 1004, 460, 157, 109, 98, 50,
                                                       34, 68]
    assert zones["DMA32"]["free_blocks_by_type"]["movable"][10] == 752
    r = report(os.path.join(CAPTURE, "buddyinfo"))
    zones = {z["name"]: z for z in r["zones"]}
    assert zones["DMA"]["free_blocks_by_order"] == [0] * 8 + [1, 1, 3]


@test
def capture_directory_matches_buddyinfo_pre_in_dma_and_dma32():
    if not CAPTURE or not os.path.isdir(CAPTURE):
        raise Skip("no capture directory")
    r = report(CAPTURE)
    pre = {}
    with open(os.path.join(CAPTURE, "buddyinfo.pre")) as f:
        for line in f:
            parts = line.split()
            pre[parts[3]] = [int(x) for x in parts[4:]]
    zones = {z["name"]: z for z in r["zones"]}
    assert zones["DMA"]["free_blocks_by_order"] == pre["DMA"]
    assert zones["DMA32"]["free_blocks_by_order"] == pre["DMA32"]
    # Normal ran on between the two reads: exact from order 2 up; at orders 0-1 the capture can
    # only have lost free pages (2782 on the shared capture), never gained any.
    normal = zones["Normal"]["free_blocks_by_order"]
    assert normal[2:] == pre["Normal"][2:]
    kpf = normal[0] + 2 * normal[1]
    want = pre["Normal"][0] + 2 * pre["Normal"][1]
    assert kpf <= want and want - kpf <= 4096, (kpf, want)
    assert r["steps_run"] == 0 and r["events"] == []


@test
def capture_with_trace_replays_it_on_top():
    if not CAPTURE or not os.path.isdir(CAPTURE):
        raise Skip("no capture directory")
    r = report(CAPTURE, "--replay-trace")
    m = r["metrics"]
    assert r["steps_run"] == len(r["events"]) > 200000
    assert m["trace_allocs"] + m["trace_frees"] + m["trace_skipped"] == r["steps_run"]
    assert m["trace_allocs"] > 100000 and m["trace_frees"] > 100000


@test
def bench_trace_a_figures():
    p = cli("bench", "--trace", "A", "--json", "--repeats", "1", check=0)
    r = json.loads(p.stdout)
    assert r["trace"] == "A" and r["ops"] == 1000000
    assert (r["allocs"], r["frees"], r["fails"], r["live"]) == (600281, 399719, 0, 200562)
    assert r["checksum"] == "9fae27473a8957eb"
    assert r["seconds"] > 0 and r["mops"] > 0


def main():
    print("TAP version 13")
    print(f"1..{len(results)}")
    failed = 0
    for i, fn in enumerate(results, 1):
        name = fn.__name__
        try:
            fn()
            print(f"ok {i} /frag/cli/{name}")
        except Skip as e:
            print(f"ok {i} /frag/cli/{name} # SKIP {e}")
        except Exception as e:  # noqa: BLE001 - a test's failure of any kind is reported
            failed += 1
            print(f"not ok {i} /frag/cli/{name}")
            for line in repr(e).splitlines():
                print(f"# {line}")
    sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
