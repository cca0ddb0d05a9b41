#!/usr/bin/env bash
# Runs the cluster router benchmark and writes the CLUSTER block of bench/RESULTS.md.
#
#   bench/run-cluster.sh           2 members in one JVM, reads and writes owner-local vs forwarded (~5 min),
#                                  rewrites the CLUSTER generated block
#   bench/run-cluster.sh --quick   short rounds (~1.5 min; results in bench/target/results-cluster only)
#   bench/run-cluster.sh --jfr     also records a JFR file (target/results-cluster/cluster.jfr)
#
# Members are real nodes (storage relay + ClusterRouter) joined over Hazelcast TCP on 127.0.0.1, with
# an embedded s3proxy (child JVM; jars from storage-relay/store/target/s3proxy-lib). wrk sends the same
# load to the owner and to the other member, which forwards it. Only the part of RESULTS.md between the
# CLUSTER markers is replaced; everything else (the other generated blocks, the analyses) is kept.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
OUT="$HERE/target/results-cluster"
DATA="$HERE/target/bench-data-cluster"
S3LIB="$ROOT/storage-relay/store/target/s3proxy-lib"

quick=0
jfr=0
for a in "$@"; do
    case "$a" in
        --quick) quick=1 ;;
        --jfr) jfr=1 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "run-cluster.sh: unknown argument '$a' (use --quick, --jfr)" >&2; exit 2 ;;
    esac
done

# ---- JDK: 25 preferred, 21+ accepted (same rule as run.sh) ----
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
use_jdk run-cluster.sh

# ---- build if needed (the bench module; the s3proxy jars come with the store module's build) ----
ensure_bench_jar run-cluster.sh
if ! ls "$S3LIB"/s3proxy-*.jar >/dev/null 2>&1; then
    echo "run-cluster.sh: $S3LIB has no s3proxy jar; building the store module fills it" >&2
    (cd "$ROOT" && JAVA_HOME="$JDK" mvn -B -q -o -pl storage-relay/store package -DskipTests) || {
        echo "run-cluster.sh: could not fill $S3LIB (mvn -pl storage-relay/store package)" >&2
        exit 1
    }
fi
CP="$JAR:$HERE/target/lib/*"

# ---- wrk ----
if ! command -v wrk >/dev/null 2>&1; then
    echo "run-cluster.sh: installing wrk" >&2
    (apt-get update && apt-get install -y wrk) >&2 || true
    if ! command -v wrk >/dev/null 2>&1; then
        echo "run-cluster.sh: wrk is not available (apt-get install wrk failed); cannot run the benchmark" >&2
        exit 1
    fi
fi

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# ---- run ----
mkdir -p "$OUT" "$DATA"
rm -f "$OUT"/*.out "$OUT"/*.log
JVM=(--enable-native-access=ALL-UNNAMED -Xms2g -Xmx2g -XX:+AlwaysPreTouch
     -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dhazelcast.logging.type=slf4j -Dhazelcast.phone.home.enabled=false
     -Dcairn.bench.dir="$DATA" -Dcairn.s3proxy.lib="$S3LIB")
if [ $quick -eq 1 ]; then
    args="--duration-s 3 --warmup-s 1 --rounds 2 --ws-messages 300 --ws-rounds 2"
else
    args="--duration-s 8 --warmup-s 3 --rounds 6 --ws-messages 2000 --ws-rounds 4"
fi
extra=()
if [ $jfr -eq 1 ]; then
    extra=(-XX:StartFlightRecording=filename="$OUT/cluster.jfr",settings=profile)
fi
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
echo "run-cluster.sh: running the cluster benchmark ($args)" >&2
# shellcheck disable=SC2086
"$JAVA" "${JVM[@]}" "${extra[@]}" -cp "$CP" io.cairn.bench.cluster.ClusterBench $args \
    >"$OUT/cluster.out" 2> >(tee "$OUT/cluster.log" >&2) || {
    echo "run-cluster.sh: the benchmark failed; see $OUT/cluster.log" >&2
    exit 1
}
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
rm -rf "$DATA"

# ---- Markdown ----
cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
jdkv=$("$JAVA" -version 2>&1 | head -2 | tail -1)
wrkv=$(wrk -v 2>&1 | head -1 | awk '{print $2}' || true)  # wrk -v exits 1


gen="$OUT/generated.md"
{
    echo "## Cluster router: latest run"
    echo
    echo "| fact | value |"
    echo "|---|---|"
    echo "| date (UTC) | $started |"
    echo "| CPUs (nproc) | $(nproc) |"
    echo "| CPU model | $cpu |"
    echo "| RAM | $mem |"
    echo "| JDK | $jdkv |"
    echo "| kernel | $(uname -r) |"
    echo "| load generator | wrk ${wrkv:-?}, same machine (competes for the same 2 CPUs) |"
    echo "| load average before / after | $load_before / $load_after |"
    echo "| JVM flags | \`${JVM[*]}\` |"
    echo
    echo "### Targets"
    echo
    echo "| target | measured | verdict |"
    echo "|---|---|---|"
    for k in read write; do
        t="cluster_${k}s_forwarded_vs_local"
        if [ $k = read ]; then c=read_get; else c=write_post; fi
        echo "| ${k}s forwarded through a non-owner ≥ 0.5× sent to the owner (throughput) | $(shown "$t" '%.3f')× ($(field cluster "${c}_forwarded" req_per_s) vs $(field cluster "${c}_owner_local" req_per_s) req/s) | $(verdict "$t") |"
    done
    echo
    echo "Ratios are medians of per-round ratios; the verdict compares the unrounded median with the target."
    echo
    echo "### 1. HTTP: owner-local vs forwarded (wrk)"
    echo
    table cluster
    echo
    echo "Where the CPU goes (µs per request, this JVM):"
    echo
    table cluster_cpu
    echo
    echo "### 2. WebSocket round trip: owner-local vs forwarded"
    echo
    table cluster_ws
} >"$gen"

if [ $quick -eq 0 ]; then
    results="$HERE/RESULTS.md"
    begin='<!-- CLUSTER:BEGIN generated by bench/run-cluster.sh: everything up to CLUSTER:END is rewritten on every full run -->'
    end='<!-- CLUSTER:END -->'
    if ! replace_block "$results" "$gen" "$begin" "$end"; then
        {
            [ -f "$results" ] && echo
            echo "# Cluster router benchmark"
            echo
            echo "Produced by \`bench/run-cluster.sh\` (package \`io.cairn.bench.cluster\`). Every forwarded number has its"
            echo "owner-local baseline measured in the same process and round; read the ratios, not the absolute rates."
            echo
            echo "$begin"
            cat "$gen"
            echo "$end"
            echo
            echo "## Cluster router: analysis"
            echo
            echo "_(hand-written; kept across runs)_"
        } >>"$results"
    fi
    echo "run-cluster.sh: wrote $results" >&2
else
    echo "run-cluster.sh: quick run: results in $gen (RESULTS.md unchanged)" >&2
fi
cat "$gen"
