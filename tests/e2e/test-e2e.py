#!/usr/bin/python3
# test-e2e.py: drives the real built `fragscope` over AT-SPI, as a screen reader or a lecturer's
# script would: open a scenario from the command line, step, play and pause, switch the Policy
# drop-down, export a PNG. Prints TAP; saves screenshots into the build dir as test artifacts.
#
# Run it under `xvfb-run -a dbus-run-session -- /usr/bin/python3 test-e2e.py --app PATH ...`
# (meson does). pyatspi only imports in Debian's /usr/bin/python3; without it, or without an
# X display, the test reports a TAP skip instead of failing.
import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time

results = []
# The test env makes warnings fatal for the app; the AT-SPI client itself warns harmlessly while
# the registry starts, so the driver must not inherit that. (GLib reads G_DEBUG when it loads.)
APP_G_DEBUG = os.environ.pop("G_DEBUG", None)


def tap_skip_all(reason):
    print("1..0 # SKIP %s" % reason)
    sys.exit(0)


try:
    import pyatspi
except ImportError:
    tap_skip_all("pyatspi is not available to this python")

if not os.environ.get("DISPLAY"):
    tap_skip_all("no X display (run under xvfb-run)")


# Every check of a complete run; fewer means the run stopped early, which is a failure.
EXPECTED_CHECKS = 30


class Failure(Exception):
    pass


def check(ok, what):
    results.append((bool(ok), what))
    print("%s %d - %s" % ("ok" if ok else "not ok", len(results), what), flush=True)
    if not ok:
        raise Failure(what)


def skip(what, reason):
    results.append((True, what))
    print("ok %d - %s # SKIP %s" % (len(results), what, reason), flush=True)


def wait_for(pred, timeout=10.0, step=0.05):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            value = pred()
        except Exception:  # the tree changes under us while the app works
            value = None
        if value:
            return value
        time.sleep(step)
    return None


def role(acc):
    try:
        return acc.getRoleName()
    except Exception:
        return ""


def find(root, pred):
    try:
        return pyatspi.findDescendant(root, pred)
    except Exception:
        return None


def find_all(root, pred):
    try:
        return pyatspi.findAllDescendants(root, pred)
    except Exception:
        return []


def showing(acc):
    # GTK 4.8 reports "visible" (the widget's property) but never "showing".
    try:
        return acc.getState().contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return False


def button(root, name):
    return find(root, lambda a: role(a) == "push button" and a.name == name)


def press(root, name):
    b = wait_for(lambda: button(root, name), 5)
    if b is None:
        check(False, "a push button named %r exists" % name)
    b.queryAction().doAction(0)
    return b


def step_to(app, n_steps, total):
    # One press at a time, each waited for: AT-SPI actions are asynchronous.
    for i in range(1, n_steps + 1):
        press(app, "Step forward")
        want = "Step %d of %d" % (i, total)
        if not wait_for(lambda: step_label(app) == want, 5):
            return False
    return True


def step_label(root):
    lab = find(root, lambda a: role(a) == "label" and a.name.startswith("Step ")
               and " of " in a.name and showing(a))
    return lab.name if lab is not None else None


def visible_labels(root, needle):
    return [a.name for a in find_all(root, lambda a: role(a) == "label" and needle in a.name
                                     and showing(a))]


def screenshot(outdir, name):
    path = os.path.join(outdir, name)
    subprocess.run(["import", "-window", "root", path], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=30)
    return path


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def choose_in_dropdown(app, name, target, choices):
    combo = find(app, lambda a: role(a) == "combo box" and a.name == name)
    check(combo is not None, "a drop-down named %r exists" % name)
    current = [a.name for a in find_all(combo, lambda a: role(a) == "label" and a.name in choices)]
    check(len(current) == 1, "the %r drop-down shows one choice (%s)" % (name, current))
    toggle = find(combo, lambda a: role(a) == "push button")
    toggle.queryAction().doAction(0)
    time.sleep(0.5)
    # The list in the popover has the keyboard focus: move from the shown choice to the target.
    delta = choices.index(target) - choices.index(current[0])
    key = 0xff54 if delta > 0 else 0xff52  # Down, Up
    for _ in range(abs(delta)):
        pyatspi.Registry.generateKeyboardEvent(key, None, pyatspi.KEY_SYM)
        time.sleep(0.1)
    pyatspi.Registry.generateKeyboardEvent(0xff0d, None, pyatspi.KEY_SYM)  # Return
    return wait_for(lambda: [a.name for a in find_all(combo, lambda a: role(a) == "label"
                                                       and a.name == target)], 5)


def xdotool(*argv):
    return subprocess.run(["xdotool"] + [str(a) for a in argv], capture_output=True, text=True,
                          timeout=20).stdout.strip()


def keyboard(app):
    """The transport keys, typed as X key events with the pointer over the frame map (no window
    manager here: the keyboard focus follows the pointer)."""
    keys = [("Right Right", "Step 2 of 7"), ("Left", "Step 1 of 7"), ("End", "Step 7 of 7"),
            ("Home", "Step 0 of 7")]
    if shutil.which("xdotool") is None:
        for k, want in keys:
            skip("key %s reads '%s'" % (k, want), "xdotool is missing")
        skip("Space plays and pauses", "xdotool is missing")
        return
    xdotool("mousemove", "--sync", 300, 300)
    for k, want in keys:
        for key in k.split():
            xdotool("key", key)
            time.sleep(0.15)
        check(wait_for(lambda: step_label(app) == want, 5),
              "key %s reads '%s' (%s)" % (k, want, step_label(app)))
    xdotool("key", "space")
    playing = wait_for(lambda: button(app, "Pause"), 5)
    xdotool("key", "space")
    paused = wait_for(lambda: button(app, "Play"), 5)
    check(playing and paused, "Space plays and pauses")
    press(app, "Go to start")
    wait_for(lambda: step_label(app) == "Step 0 of 7", 5)


def drag_and_drop(app, args, env):
    """Drags a scenario file from another window onto the app with real pointer events (XTest
    through xdotool; the X server's own drag-and-drop protocol between the two GTK programs)."""
    what = "a scenario dragged from another window onto the app opens"
    if not args.drop or not args.drag_source or shutil.which("xdotool") is None:
        for w in (what, "the dropped scenario's title is shown", "the drag source saw it end"):
            skip(w, "xdotool or the drag-source helper is missing")
        return
    source = subprocess.Popen([args.drag_source, args.drop], env=env, stdout=subprocess.PIPE,
                              text=True)
    try:
        wid = wait_for(lambda: xdotool("search", "--name", "^Fragscope drag source$"), 10)
        if not wid:
            raise Failure("the drag source window never appeared")
        wid = wid.split()[0]
        # No window manager here: both windows start at 0,0. Put the source in the bottom right
        # corner, over the app, and drop on the frame map, away from it.
        xdotool("windowmove", "--sync", wid, 1000, 600)
        xdotool("windowraise", wid)
        time.sleep(0.5)
        x, y = 1100, 680
        xdotool("mousemove", "--sync", x, y)
        time.sleep(0.2)
        xdotool("mousedown", 1)
        time.sleep(0.2)
        tx, ty = 420, 330
        for i in range(1, 41):  # past GTK's drag threshold, then across, as a hand would
            xdotool("mousemove", "--sync", x + (tx - x) * i // 40, y + (ty - y) * i // 40)
            time.sleep(0.025)
        time.sleep(0.5)
        xdotool("mouseup", 1)
        check(wait_for(lambda: step_label(app) == "Step 0 of 8", 15),
              "%s: 'Step 0 of 8' (%s)" % (what, step_label(app)))
        check(wait_for(lambda: visible_labels(app, "compaction makes room"), 5),
              "the dropped scenario's title is shown")
        try:
            out, _ = source.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            out = ""
        check("drag ended" in out, "the drag source saw it end")
        screenshot(args.artifacts, "07-dropped.png")
    finally:
        if source.poll() is None:
            source.kill()
            source.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", required=True)
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--artifacts", required=True)
    parser.add_argument("--drop", help="a scenario to drag onto the window from another one")
    parser.add_argument("--drag-source", help="the drag-source helper program")
    args = parser.parse_args()

    if shutil.which("import") is None:
        print("# imagemagick's import is missing: no screenshots")
    os.makedirs(args.artifacts, exist_ok=True)
    for old in os.listdir(args.artifacts):  # this run's screenshots only
        if old.endswith(".png"):
            os.unlink(os.path.join(args.artifacts, old))
    export_dir = tempfile.mkdtemp(prefix="fragscope-e2e-")
    env = dict(os.environ)
    env.update({"GSK_RENDERER": "cairo", "GDK_BACKEND": "x11", "GSETTINGS_BACKEND": "memory",
                "FRAGSCOPE_EXPORT_DIR": export_dir, "LANGUAGE": "C", "LC_ALL": "C.UTF-8"})
    env.pop("GTK_A11Y", None)  # "none" or "test" would hide the app from AT-SPI
    if APP_G_DEBUG:
        env["G_DEBUG"] = APP_G_DEBUG

    proc = subprocess.Popen([args.app, args.scenario], env=env)
    try:
        app = wait_for(lambda: next((a for a in pyatspi.Registry.getDesktop(0)
                                     if a is not None and a.name == "fragscope"), None), 20)
        check(app is not None, "the app shows up on the accessibility bus")

        label = wait_for(lambda: step_label(app) if step_label(app) == "Step 0 of 7" else None, 15)
        check(label == "Step 0 of 7", "the scenario opens at step 0 of 7 (%s)" % step_label(app))
        screenshot(args.artifacts, "01-opened.png")

        press(app, "Step forward")
        label = wait_for(lambda: step_label(app) == "Step 1 of 7", 5)
        check(label, "one Step forward reads 'Step 1 of 7' (%s)" % step_label(app))
        notes = visible_labels(app, "eleven frames")
        check(notes, "the note of step 1 is shown")

        press(app, "Step back")
        check(wait_for(lambda: step_label(app) == "Step 0 of 7", 5),
              "Step back returns to 'Step 0 of 7' (%s)" % step_label(app))

        keyboard(app)

        press(app, "Play")
        check(wait_for(lambda: button(app, "Pause"), 5), "Play turns into Pause")
        check(wait_for(lambda: step_label(app) not in (None, "Step 0 of 7"), 5),
              "playing moves on (%s)" % step_label(app))
        press(app, "Pause")
        check(wait_for(lambda: button(app, "Play"), 5), "Pause turns back into Play")
        paused_at = step_label(app)
        time.sleep(1.2)
        check(step_label(app) == paused_at, "nothing moves while paused (%s)" % paused_at)

        press(app, "Go to start")
        check(wait_for(lambda: step_label(app) == "Step 0 of 7", 5),
              "Go to start reads 'Step 0 of 7' (%s)" % step_label(app))
        check(step_to(app, 6, 7), "six steps forward read 'Step 6 of 7' (%s)" % step_label(app))
        failures = wait_for(lambda: visible_labels(app, "could not start"), 5)
        check(failures and "external fragmentation" in failures[0],
              "under segmentation the third instance fails: %s" % failures)
        screenshot(args.artifacts, "02-segmentation-fails.png")

        policies = ["Segmentation", "Paging", "Compaction", "Buddy allocator"]
        check(choose_in_dropdown(app, "Policy", "Paging", policies),
              "the Policy drop-down now shows Paging")
        check(wait_for(lambda: not visible_labels(app, "could not start"), 5),
              "under paging no failure is shown")
        started = wait_for(lambda: visible_labels(app, "Process C started"), 5)
        check(started, "under paging the third instance starts: %s" % started)
        check(step_label(app) == "Step 6 of 7", "the policy change kept the step (%s)"
              % step_label(app))
        screenshot(args.artifacts, "03-paging-runs.png")

        press(app, "Export")
        dialog = wait_for(lambda: next((w for w in app if w is not None and w.name == "Export"),
                                       None), 5)
        check(dialog is not None, "the Export dialog opens")
        screenshot(args.artifacts, "04-export-dialog.png")
        press(dialog, "Export")
        exported = wait_for(lambda: [f for f in os.listdir(export_dir) if f.endswith(".png")
                                     and os.path.getsize(os.path.join(export_dir, f)) > 0], 20)
        check(exported, "a PNG was exported (%s)" % exported)
        time.sleep(0.3)
        size = png_size(os.path.join(export_dir, exported[0]))
        check(size == (1600, 900), "the PNG is a real 1600x900 image (%s)" % (size,))
        if shutil.which("identify") is None:
            skip("the PNG shows a drawing, not a blank", "imagemagick's identify is missing")
        else:
            colours = subprocess.run(["identify", "-format", "%k",
                                      os.path.join(export_dir, exported[0])],
                                     capture_output=True, text=True).stdout.strip()
            check(colours.isdigit() and int(colours) >= 8,
                  "the PNG shows a drawing, not a blank (%s colours)" % colours)
        shutil.copy(os.path.join(export_dir, exported[0]),
                    os.path.join(args.artifacts, "05-exported.png"))
        screenshot(args.artifacts, "06-after-export.png")

        drag_and_drop(app, args, env)
    except Failure:
        screenshot(args.artifacts, "failure.png")
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(export_dir, ignore_errors=True)

    failed = [w for ok, w in results if not ok]
    print("1..%d" % len(results))
    if failed or len(results) < EXPECTED_CHECKS:
        print("# %d checks run of %d, %d failed" % (len(results), EXPECTED_CHECKS, len(failed)))
        sys.exit(1)


if __name__ == "__main__":
    main()
