#!/usr/bin/env bash
# The layering check (scripts/check-layers) passes on this tree and fails, naming the file and the
# include, for each kind of wrong-way include it exists to catch. Each case edits a copy of the
# sources in a temporary folder.
set -uo pipefail
src=${1:?usage: check_layers_test.sh SOURCE_DIR}
check=$src/scripts/check-layers
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

fresh_copy() {
  rm -rf "$work/tree"
  mkdir -p "$work/tree"
  cp -r "$src/base" "$src/indexer" "$src/toolkits" "$src/server" "$work/tree/"
}

# expect_violation NAME FILE LINE-TO-ADD TEXT-EXPECTED-IN-REPORT
expect_violation() {
  local name=$1 file=$2 line=$3 expected=$4 out rc
  fresh_copy
  printf '%s\n' "$line" >>"$work/tree/$file"
  out=$("$check" "$work/tree" 2>&1)
  rc=$?
  if [[ $rc -ne 1 ]]; then
    echo "FAIL $name: check-layers exited $rc, expected 1; output: $out"
    failed=$((failed + 1))
  elif [[ $out != *"$file"*"$expected"* ]]; then
    echo "FAIL $name: the report does not name $file and '$expected': $out"
    failed=$((failed + 1))
  else
    echo "ok   $name"
  fi
}

out=$("$check" "$src" 2>&1) || { echo "FAIL the repository itself breaks the layering: $out"; failed=$((failed + 1)); }

expect_violation "toolkits may not include a service" toolkits/toolkit.h \
  '#include "server/services/search_types.h"' 'server/services/search_types.h'
expect_violation "a service may not include the HTTP layer" server/services/audit_log.cc \
  '#include "server/http/response_json.h"' 'server/http/response_json.h'
expect_violation "base may not include the indexer" base/status.cc \
  '#include "indexer/resource.h"' 'indexer/resource.h'
expect_violation "the indexer may not include toolkits" indexer/schema.cc \
  '#include "toolkits/toolkit.h"' 'toolkits/toolkit.h'
expect_violation "the HTTP layer may not include Xapian" server/http/metrics.h \
  '#include <xapian.h>' 'xapian.h'
expect_violation "a service may not include httplib" server/services/search_service.h \
  '#include <httplib.h>' 'httplib.h'
expect_violation "no relative include escapes a layer" toolkits/toolkit.cc \
  '#include "../server/services/search_types.h"' '..'

if ((failed)); then
  echo "$failed failed, 8 cases"
  exit 1
fi
echo "0 failed, 8 cases"
