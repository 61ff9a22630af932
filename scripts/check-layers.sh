#!/usr/bin/env bash
# Enforces the layering rule of docs ARCHITECTURE.md §6: every project #include in src/<module>/ must
# name a folder that module may depend on; auth/ stays free of Asio/Beast; only src/config/ reads
# getenv. Prints file:line and the broken rule for each violation and exits 1; exits 0 with a
# one-line summary otherwise. Usage: scripts/check-layers.sh [src-dir]   (default: <repo>/src)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="${1:-$repo_root/src}"
src="$(cd "$src" && pwd)"

# Allowed dependencies per module key. "store" means the interface headers src/store/*.hpp only;
# "store/<impl>" (sqlite, postgres, ...) is an implementation folder, which only itself, app/ and
# cli/ may include. A module may always include its own folder. ALL = composition roots.
declare -A ALLOWED=(
  [core]=""
  [config]="core"
  [crypto]="core"
  [store]="core"
  [store/*]="core store"
  [mail]="core config store"
  [ratelimit]="core config"
  [google]="core config crypto"
  [auth]="core config crypto store mail ratelimit google"
  [http]="core"
  [api]="core config crypto auth http store mail ratelimit google"
  [app]="ALL"
  [cli]="ALL"
)
# Modules that must stay synchronous and transport-free (ARCHITECTURE.md §6 rule 2).
NO_ASIO_MODULES=" auth "
INCLUDE_RE='^[[:space:]]*#[[:space:]]*include[[:space:]]*(["<])([^">]+)[">]'
ASIO_RE='^boost/(asio|beast)([/.]|$)'
GETENV_RE='(^|[^A-Za-z0-9_])(secure_)?getenv[[:space:]]*\('

violations=0
files_checked=0
includes_checked=0

report() {  # file line message
  echo "${1#"$repo_root"/}:$2: $3"
  violations=$((violations + 1))
}

# module_key <path relative to src/> -> prints the module key of that file or folder
module_key() {
  local rel="$1" top rest
  top="${rel%%/*}"
  rest="${rel#*/}"
  if [[ "$top" == "store" && "$rest" == */* ]]; then
    echo "store/${rest%%/*}"
  else
    echo "$top"
  fi
}

rule_of() {  # module key -> allowed list (or UNKNOWN)
  local key="$1"
  if [[ -v "ALLOWED[$key]" ]]; then
    echo "${ALLOWED[$key]}"
  elif [[ "$key" == store/* ]]; then
    echo "${ALLOWED[store/*]}"
  else
    echo "UNKNOWN"
  fi
}

# is_allowed <from key> <to key>
is_allowed() {
  local from="$1" to="$2" allowed
  [[ "$from" == "$to" ]] && return 0
  allowed="$(rule_of "$from")"
  [[ "$allowed" == "ALL" ]] && return 0
  [[ " $allowed " == *" $to "* ]]
}

# normalize a path (collapse . and ..) without requiring it to exist
normalize() {
  local IFS=/ part out=()
  for part in $1; do
    case "$part" in
      '' | .) ;;
      ..) ((${#out[@]})) && unset 'out[${#out[@]}-1]' || out+=(..) ;;
      *) out+=("$part") ;;
    esac
  done
  (IFS=/; echo "/${out[*]}")
}

while IFS= read -r -d '' file; do
  files_checked=$((files_checked + 1))
  rel_file="${file#"$src"/}"
  from="$(module_key "$rel_file")"
  if [[ "$rel_file" != */* ]]; then
    from="(top level)"
  fi
  allowed="$(rule_of "$from")"
  if [[ "$allowed" == "UNKNOWN" && "$from" != "(top level)" ]]; then
    report "$file" 1 "module '$from' has no layering rule; add it to scripts/check-layers.sh"
    continue
  fi
  lineno=0
  while IFS= read -r line || [[ -n "$line" ]]; do
    lineno=$((lineno + 1))
    # getenv: only src/config/ reads the environment (ARCHITECTURE.md §6 rule 6).
    code="${line%%//*}"
    if [[ "$from" != "config" && "$code" =~ $GETENV_RE ]]; then
      report "$file" "$lineno" "getenv( outside src/config/: only config/ reads the environment"
    fi
    if [[ "$line" =~ $INCLUDE_RE ]]; then
      delim="${BASH_REMATCH[1]}"
      inc="${BASH_REMATCH[2]}"
      if [[ "$delim" == "<" ]]; then
        if [[ " $NO_ASIO_MODULES " == *" $from "* && "$inc" =~ $ASIO_RE ]]; then
          report "$file" "$lineno" "$from may not include <$inc>: domain code never uses Asio or Beast"
        fi
        # A project header spelled with <...> is still a project header.
        [[ -e "$src/$inc" ]] || continue
      fi
      includes_checked=$((includes_checked + 1))
      # Resolve like the compiler: next to the including file first, then the include root src/.
      dir="$(dirname "$file")"
      if [[ "$delim" == "\"" && -e "$dir/$inc" ]]; then
        target="$(normalize "$dir/$inc")"
      elif [[ "$inc" != */* ]]; then
        target="$dir/$inc"  # a generated or not yet written header of the own folder
      else
        target="$(normalize "$src/$inc")"
      fi
      if [[ "$target" != "$src"/* ]]; then
        report "$file" "$lineno" "$from may not include \"$inc\": src/ never includes from outside src/ (tests/, build/)"
        continue
      fi
      rel_target="${target#"$src"/}"
      if [[ "$rel_target" != */* ]]; then
        to="(top level)"
      else
        to="$(module_key "$rel_target")"
      fi
      if ! is_allowed "$from" "$to"; then
        report "$file" "$lineno" "$from may not include \"$inc\" ($to); $from may include: ${allowed:-nothing from the project}"
      fi
    fi
  done <"$file"
done < <(find "$src" -type f \( -name '*.hpp' -o -name '*.cpp' -o -name '*.h' -o -name '*.cc' \
           -o -name '*.ipp' -o -name '*.inc' \) -print0 | sort -z)

if ((violations > 0)); then
  echo "check-layers: FAILED: $violations violation(s) in $files_checked files (rules: ARCHITECTURE.md §6)" >&2
  exit 1
fi
echo "check-layers: OK: $files_checked files, $includes_checked project includes, no layering violations"
