#!/bin/sh
# Regenerates resources/common-passwords.txt from word lists that Debian packages ship:
#   1. the ranked `passwords` dictionary of libdata-password-zxcvbn-perl (zxcvbn's list, in rank
#      order, most common first), then
#   2. john-data's /usr/share/john/password.lst (Openwall, most common first).
# Entries are lower-cased (ASCII only, matching CommonPasswords::Contains), stripped of CR,
# comments (#!comment:) and blank lines, and de-duplicated keeping the first occurrence.
# Deterministic: the output depends only on the two installed package versions.
#
# Usage: scripts/build-common-passwords.sh [output]   (default: resources/common-passwords.txt)
# Needs: apt-get install libdata-password-zxcvbn-perl john-data
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-"$here/resources/common-passwords.txt"}
john=/usr/share/john/password.lst
export LC_ALL=C

[ -r "$john" ] || { echo "missing $john (apt-get install john-data)" >&2; exit 1; }

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

{
  # zxcvbn ranks are unique 1..30000; sort by rank, then by key so ties (none today) stay stable.
  perl -MData::Password::zxcvbn::RankedDictionaries::Common -e '
    my $d = $Data::Password::zxcvbn::RankedDictionaries::Common::ranked_dictionaries{passwords}
      or die "no passwords dictionary\n";
    print "$_\n" for sort { $d->{$a} <=> $d->{$b} || $a cmp $b } keys %$d;'
  grep -v '^#!comment:' "$john"
} | tr -d '\r' | tr 'A-Z' 'a-z' | grep -v '^[[:space:]]*$' | awk '!seen[$0]++' >"$tmp"

count=$(wc -l <"$tmp")
if [ "$count" -lt 10000 ]; then
  echo "only $count entries; expected at least 10000" >&2
  exit 1
fi
chmod 644 "$tmp"
mv "$tmp" "$out"
trap - EXIT
echo "wrote $count entries to $out" >&2
