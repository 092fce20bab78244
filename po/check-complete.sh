#!/bin/sh
# check-complete.sh: fails unless LANG.po translates every message of the sources, today's.
# Usage: check-complete.sh SOURCE_ROOT LANG. Extracts a fresh template from POTFILES.in the way
# meson's glib preset does, then: msgcmp (every msgid present), no fuzzy, none untranslated.
set -eu
root=$1
lang=$2
for tool in xgettext msgcmp msgfmt; do
  command -v "$tool" >/dev/null 2>&1 || { echo "1..0 # SKIP $tool not found"; exit 0; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
grep -v '^#' po/POTFILES.in | grep . > "$tmp/files"
xgettext --package-name=fragscope --from-code=UTF-8 --add-comments=TRANSLATORS \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dcgettext:2 \
  --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  -f "$tmp/files" -o "$tmp/fragscope.pot"
echo "1..3"
if msgcmp "po/$lang.po" "$tmp/fragscope.pot" 2> "$tmp/cmp"; then
  echo "ok 1 - $lang.po has every message of the sources"
else
  echo "not ok 1 - $lang.po lacks messages:"; sed 's/^/# /' "$tmp/cmp" | head -40; fail=1
fi
stats=$(msgfmt --check --statistics -o /dev/null "po/$lang.po" 2>&1) || {
  echo "not ok 2 - msgfmt --check: $stats"
  exit 1
}
echo "ok 2 - msgfmt --check passes ($stats)"
case "$stats" in
  *fuzzy*|*untranslated*) echo "not ok 3 - $stats"; fail=1 ;;
  *) echo "ok 3 - nothing fuzzy or untranslated" ;;
esac
exit ${fail:-0}
