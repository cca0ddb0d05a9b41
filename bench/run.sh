#!/usr/bin/env bash
# Runs the Cairn benchmarks and writes the results into bench/RESULTS.md.
#
#   bench/run.sh                 all three benchmarks (~12 min), rewrites the generated part of RESULTS.md
#   bench/run.sh --quick         short rounds, for trying the script (results go to bench/target/results only)
#   bench/run.sh write http      a subset (results go to bench/target/results only)
#   bench/run.sh --relay         also run bench/run-relay.sh afterwards (storage relay benchmarks, ~13 min more)
#
# It builds the bench module if needed, picks JDK 25 (or another JDK 21+), installs wrk with
# apt-get when it is missing, runs each benchmark in its own JVM, and turns their RESULT/NOTE
# lines into Markdown tables. Only the part of RESULTS.md between the GENERATED markers is
# replaced; the analysis below it is kept.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
OUT="$HERE/target/results"
DATA="$HERE/target/bench-data"

quick=0
relay=0
benches=()
for a in "$@"; do
    case "$a" in
        --quick) quick=1 ;;
        write|http|activation) benches+=("$a") ;;
        --relay) relay=1 ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument '$a' (use --quick, --relay, write, http, activation)" >&2; exit 2 ;;
    esac
done
full=0
if [ ${#benches[@]} -eq 0 ]; then
    benches=(write http activation)
    [ $quick -eq 0 ] && full=1
fi

# ---- JDK: 25 preferred, 21+ accepted ----
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
use_jdk run.sh

# ---- build if needed ----
ensure_bench_jar run.sh
CP="$JAR:$HERE/target/lib/*"

# ---- wrk ----
if [[ " ${benches[*]} " == *" http "* ]] && ! command -v wrk >/dev/null 2>&1; then
    echo "run.sh: installing wrk" >&2
    command -v wrk >/dev/null 2>&1 || (apt-get update && apt-get install -y wrk) >&2 || true
    if ! command -v wrk >/dev/null 2>&1; then
        echo "run.sh: wrk is not available (apt-get install wrk failed); cannot run the http benchmark" >&2
        exit 1
    fi
fi

# Each live object holds a few file descriptors: raise the soft limit as far as allowed.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# ---- run ----
mkdir -p "$OUT" "$DATA"
rm -f "$OUT"/*.out "$OUT"/*.log
JVM=(--enable-native-access=ALL-UNNAMED -Xms2g -Xmx2g -XX:+AlwaysPreTouch
     -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dcairn.bench.dir="$DATA")
args_for() {
    if [ $quick -eq 1 ]; then
        case "$1" in
            write) echo "--duration-ms 1000 --warmup-ms 500 --rounds 2" ;;
            http) echo "--duration-s 3 --warmup-s 1 --rounds 1" ;;
            activation) echo "--objects 500 --rounds 2 --warmup-objects 200 --memory-objects 1000" ;;
        esac
    else
        case "$1" in
            write) echo "--duration-ms 2000 --warmup-ms 2000 --rounds 7" ;;
            http) echo "--duration-s 6 --warmup-s 3 --rounds 5" ;;
            activation) echo "--objects 2000 --rounds 5 --warmup-objects 1000 --memory-objects 4000" ;;
        esac
    fi
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for b in "${benches[@]}"; do
    echo "run.sh: running $b ($(args_for "$b"))" >&2
    # shellcheck disable=SC2046
    "$JAVA" "${JVM[@]}" -cp "$CP" io.cairn.bench.Bench "$b" $(args_for "$b") \
        >"$OUT/$b.out" 2> >(tee "$OUT/$b.log" >&2) || {
        echo "run.sh: benchmark $b failed; see $OUT/$b.log" >&2
        exit 1
    }
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
rm -rf "$DATA"

# ---- Markdown ----
cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
fs=$(df -T "$HERE/target" 2>/dev/null | awk 'NR==2 {print $2 " on " $1}')
jdkv=$("$JAVA" -version 2>&1 | head -2 | tail -1)


gen="$OUT/generated.md"
{
    echo "## Latest run"
    echo
    echo "| fact | value |"
    echo "|---|---|"
    echo "| date (UTC) | $started |"
    echo "| CPUs (nproc) | $(nproc) |"
    echo "| CPU model | $cpu |"
    echo "| RAM | $mem |"
    echo "| JDK | $jdkv |"
    echo "| kernel | $(uname -r) |"
    echo "| data directory filesystem | $fs |"
    echo "| load average before / after | $load_before / $load_after |"
    echo "| JVM flags | \`${JVM[*]}\` (data dir: bench/target/bench-data) |"
    echo
    echo "### Targets"
    echo
    echo "| target | measured | verdict |"
    echo "|---|---|---|"
    echo "| write path, pipelined (256 in flight) ≥ 0.5× raw sqlite-jdbc (NORMAL) | $(shown write_pipelined_vs_raw_normal '%.4f')× ($(field write cairn_w256 events_per_s) vs $(field write raw_normal events_per_s) events/s) | $(verdict write_pipelined_vs_raw_normal) |"
    echo "| HTTP reads ≥ 0.6× bare Vert.x | $(shown http_reads_vs_bare '%.4f')× ($(field http cairn_read_get req_per_s) vs $(field http bare_vertx_get req_per_s) req/s) | $(verdict http_reads_vs_bare) |"
    echo "| new objects activated ≥ 5,000/s | $(shown new_objects_per_s '%.0f')/s | $(verdict new_objects_per_s) |"
    echo
    echo "Ratios are medians of per-round ratios; the verdict compares the unrounded median with the target."
    echo
    echo "### 1. Write path (in-process, one object, one single-row INSERT per event)"
    echo
    table write
    echo
    echo "### 2. HTTP on one node, 100 objects (wrk)"
    echo
    table http
    echo
    echo "### 3. Activation"
    echo
    table activation
    echo
    echo "Memory per live idle object:"
    echo
    table activation_memory
} >"$gen"

if [ $full -eq 1 ]; then
    results="$HERE/RESULTS.md"
    begin='<!-- BEGIN GENERATED by bench/run.sh: everything up to END GENERATED is rewritten on every full run -->'
    end='<!-- END GENERATED -->'
    if ! replace_block "$results" "$gen" "$begin" "$end"; then
        {
            echo "# Cairn benchmark results"
            echo
            echo "Produced by \`bench/run.sh\` (module \`bench\`). Every number is compared with a baseline measured"
            echo "in the same process and run; the machine is shared and noisy, so read the ratios, not the absolute rates."
            echo
            echo "$begin"
            cat "$gen"
            echo "$end"
            echo
            echo "## Analysis"
            echo
            echo "_(hand-written; kept across runs)_"
        } >"$results"
    fi
    echo "run.sh: wrote $results" >&2
else
    echo "run.sh: partial or quick run: results in $gen (RESULTS.md unchanged)" >&2
fi
cat "$gen"

if [ $relay -eq 1 ]; then
    if [ $quick -eq 1 ]; then "$HERE/run-relay.sh" --quick; else "$HERE/run-relay.sh"; fi
fi
