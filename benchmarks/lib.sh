# benchmarks/lib.sh: shell functions shared by the benchmark drivers (sourced, not run).
# Expects: bin (folder of the built binaries), work (corpora, indexes and reports), seed, build_dir.

# bench_generate LABEL DOCS: makes $work/corpus-LABEL with ch-generate-corpus unless a complete one
# is there, and validates a new one (a corpus with errors stops the benchmark).
bench_generate() {
  local label=$1 docs=$2 dir="$work/corpus-$1"
  if [[ -f "$dir/generated.txt" ]]; then
    echo "bench: reusing $dir" >&2
    return
  fi
  rm -rf "$dir"
  "$bin/ch-generate-corpus" --docs "$docs" --out "$dir" --seed "$seed" >&2
  if ! "$bin/clearinghouse-index" validate "$dir" >"$work/validate-$label.log"; then
    echo "bench: the generated corpus $dir has errors, see $work/validate-$label.log" >&2
    exit 1
  fi
  tail -1 "$work/validate-$label.log" >&2
}

# bench_wdk: makes $work/corpus-wdk, a real corpus, unless a complete one is there (its
# mapped.txt); returns non-zero when the archive is missing, the mapping fails or the mapped
# corpus has validation errors (warnings are only reported).
#
# Corpora: the archive is ${WDK_ARCHIVE:-../shared/corpora/wdk-ddi-docs.tar.gz} (relative to the
# repository root, where the drivers run; described in ../shared/corpora/README.md): 24,357
# Windows driver API reference pages (Markdown with YAML front matter, CC BY 4.0) from
# MicrosoftDocs/windows-driver-docs-ddi. It is unpacked into a temporary folder under $work,
# mapped onto resource files by ch-map-wdk (the field mapping is documented in
# benchmarks/wdk_mapper.cc; $work/corpus-wdk/mapped.txt holds its statistics) and the unpacked
# source is deleted. Neither the archive nor the mapped files belong in the repository.
bench_wdk() {
  local archive=${WDK_ARCHIVE:-../shared/corpora/wdk-ddi-docs.tar.gz} dir="$work/corpus-wdk"
  local src status=0 log="$work/validate-wdk.log"
  if [[ -f "$dir/mapped.txt" ]]; then
    echo "bench: reusing $dir" >&2
    return 0
  fi
  if [[ ! -f "$archive" ]]; then
    echo "bench: the WDK archive $archive is missing; set WDK_ARCHIVE to wdk-ddi-docs.tar.gz" >&2
    return 2
  fi
  mkdir -p "$work"
  rm -rf "$dir"
  src=$(mktemp -d "$work/wdk-src.XXXXXX")
  if tar xzf "$archive" -C "$src"; then
    "$bin/ch-map-wdk" --source "$src" --out "$dir" >&2 || status=$?
  else
    status=$?
    echo "bench: cannot unpack $archive" >&2
  fi
  rm -rf "$src"
  if ((status)); then
    rm -f "$dir/mapped.txt"
    return "$status"
  fi
  if ! "$bin/clearinghouse-index" validate "$dir" >"$log"; then
    rm -f "$dir/mapped.txt"  # not reused: the next run maps again
    echo "bench: the mapped WDK corpus $dir has errors, see $log" >&2
    return 1
  fi
  tail -1 "$log" >&2
  if grep -q ': warning: ' "$log"; then
    echo "bench: warnings by field (see $log):" >&2
    grep ': warning: ' "$log" | sed 's/.*: warning: \([^:]*\):.*/\1/' | sort | uniq -c | sort -rn >&2
  fi
}

# bench_machine: Markdown list items naming the machine, the software and the load.
bench_machine() {
  local memory cpu xapian build_type commit
  memory=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
  cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
  xapian=$(xapian-config --version 2>/dev/null | awk '{print $NF}')
  build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build_dir/CMakeCache.txt")
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  echo "- machine: $(nproc) cores (${cpu:-unknown CPU}), $memory memory, $(uname -sr)"
  echo "- software: Xapian $xapian, $(c++ --version | head -1), CMake build type $build_type, commit $commit"
  echo "- load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# bench_install_missing PACKAGE...: installs the Debian packages a benchmark needs (never tests).
bench_install_missing() {
  local missing=() p
  for p in "$@"; do
    [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" == "install ok installed" ]] ||
      missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  echo "bench: installing ${missing[*]}" >&2
  local sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >&2
}

# bench_free_port: a TCP port nothing listens on.
bench_free_port() {
  local port
  for port in $(shuf -i 20000-60000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "bench: no free port found" >&2
  exit 1
}
