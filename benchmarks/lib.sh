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
