#!/bin/sh
# xvfb-session.sh: runs a command as the display tests need it: a private X server (xvfb-run
# OUTSIDE, so daemons started on the bus see DISPLAY) and a private session bus.
#
# xvfb-run -a starts looking for a free display at :99; several test runs starting at once on
# one machine race for it (one then connects to another's server and is refused). Starting the
# search at a number drawn from our PID keeps parallel runs apart; -a still skips taken ones.
# -noreset: by default Xvfb resets when its last client leaves; the accessibility bus launcher
# connects and leaves early, and a client connecting during that reset is refused.
# Missing tools give a TAP skip (exit 0 with a "1..0 # SKIP" plan), never a failure.
for tool in xvfb-run dbus-run-session; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "1..0 # SKIP $tool not found"
    exit 0
  fi
done
first=$((100 + $$ % 800))
# The test's own stdout (its TAP stream) goes through fd 3; what the bus and the services it starts
# print (the accessibility registry announces itself on stdout) goes to stderr, out of the TAP.
exec 3>&1
exec xvfb-run -a -n "$first" -s "-screen 0 1280x800x24 -noreset" \
  dbus-run-session -- sh -c 'exec "$@" >&3 3>&-' sh "$@" >&2
