#!/usr/bin/env bash
# Runs the quorum replication benchmarks and writes the REPLICATION block of bench/RESULTS.md.
#
#   bench/run-replication.sh                 throughput and failover (~6 min), rewrites the REPLICATION block
#   bench/run-replication.sh --quick         short rounds (~3 min; results in bench/target/results-replication only)
#   bench/run-replication.sh throughput      a subset (results in bench/target/results-replication only)
#   bench/run-replication.sh --jfr ...       also records a JFR file of the throughput JVM (target/results-replication/)
#
# throughput: six members (storage relay + ClusterRouter, replicas 5 / quorum 3) in one JVM, the same with
# replicas 0, and raw sqlite-jdbc, in alternating rounds; wrk drives one object on its owner.
# failover: six members as separate JVMs (-Xmx256m, SerialGC, C1), kill -9 of an object's owner, time to
# the first acknowledged write to that object through another member. Both use an embedded s3proxy (child
# JVM; jars from storage-relay/store/target/s3proxy-lib). Member logs of the failover benchmark are kept in
# target/results-replication/members/. Only the part of RESULTS.md between the REPLICATION markers is
# replaced; everything else is kept.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
OUT="$HERE/target/results-replication"
DATA="$HERE/target/bench-data-replication"
S3LIB="$ROOT/storage-relay/store/target/s3proxy-lib"

quick=0
jfr=0
benches=()
for a in "$@"; do
    case "$a" in
        --quick) quick=1 ;;
        --jfr) jfr=1 ;;
        throughput|failover) benches+=("$a") ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "run-replication.sh: unknown argument '$a' (use --quick, --jfr, throughput, failover)" >&2; exit 2 ;;
    esac
done
full=0
if [ ${#benches[@]} -eq 0 ]; then
    benches=(throughput failover)
    [ $quick -eq 0 ] && full=1
fi

# ---- JDK: 25 preferred, 21+ accepted (same rule as run.sh) ----
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
use_jdk run-replication.sh

# ---- build if needed (the bench module; the s3proxy jars come with the store module's build) ----
ensure_bench_jar run-replication.sh
if ! ls "$S3LIB"/s3proxy-*.jar >/dev/null 2>&1; then
    echo "run-replication.sh: $S3LIB has no s3proxy jar; building the store module fills it" >&2
    (cd "$ROOT" && JAVA_HOME="$JDK" mvn -B -q -o -pl storage-relay/store package -DskipTests) || {
        echo "run-replication.sh: could not fill $S3LIB (mvn -pl storage-relay/store package)" >&2
        exit 1
    }
fi
CP="$JAR:$HERE/target/lib/*"

# ---- wrk ----
if [[ " ${benches[*]} " == *" throughput "* ]] && ! command -v wrk >/dev/null 2>&1; then
    echo "run-replication.sh: installing wrk" >&2
    (apt-get update && apt-get install -y wrk) >&2 || true
    if ! command -v wrk >/dev/null 2>&1; then
        echo "run-replication.sh: wrk is not available (apt-get install wrk failed); cannot run the throughput benchmark" >&2
        exit 1
    fi
fi

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# ---- run ----
mkdir -p "$OUT" "$DATA"
rm -f "$OUT"/*.out "$OUT"/*.log
rm -rf "$OUT/members"
COMMON=(--enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
        -Dorg.slf4j.simpleLogger.log.com.hazelcast=error -Dhazelcast.logging.type=slf4j
        -Dhazelcast.phone.home.enabled=false -Dcairn.bench.dir="$DATA" -Dcairn.s3proxy.lib="$S3LIB")
jvm_for() { # the throughput JVM holds twelve members; the failover JVM only drives child processes
    case "$1" in
        throughput) echo "-Xms2g -Xmx2g -XX:+AlwaysPreTouch" ;;
        failover) echo "-Xmx512m" ;;
    esac
}
args_for() {
    if [ $quick -eq 1 ]; then
        case "$1" in
            throughput) echo "--duration-s 3 --warmup-s 2 --rounds 3 --latency-s 2" ;;
            failover) echo "--rounds 3 --write-before-kill-ms 2000 --settle-ms 1000 --logs $OUT/members" ;;
        esac
    else
        case "$1" in
            throughput) echo "--duration-s 8 --warmup-s 4 --rounds 4 --latency-s 4" ;;
            failover) echo "--rounds 5 --write-before-kill-ms 3000 --settle-ms 3000 --logs $OUT/members" ;;
        esac
    fi
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for b in "${benches[@]}"; do
    extra=()
    if [ $jfr -eq 1 ] && [ "$b" = throughput ]; then
        extra=(-XX:StartFlightRecording=filename="$OUT/$b.jfr",settings=profile)
    fi
    echo "run-replication.sh: running $b ($(args_for "$b"))" >&2
    # shellcheck disable=SC2046
    "$JAVA" "${COMMON[@]}" $(jvm_for "$b") "${extra[@]}" -cp "$CP" io.cairn.bench.replication.ReplicationBench "$b" $(args_for "$b") \
        >"$OUT/$b.out" 2> >(tee "$OUT/$b.log" >&2) || {
        echo "run-replication.sh: benchmark $b failed; see $OUT/$b.log" >&2
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
wrkv=$(wrk -v 2>&1 | head -1 | awk '{print $2}' || true)  # wrk -v exits 1


gen="$OUT/generated.md"
{
    echo "## Quorum replication: latest run"
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
    echo "| load generator | wrk ${wrkv:-?}, same machine (competes for the same 2 CPUs) |"
    echo "| load average before / after | $load_before / $load_after |"
    echo "| JVM flags | \`${COMMON[*]}\`; throughput JVM \`$(jvm_for throughput)\`, failover driver \`$(jvm_for failover)\` |"
    echo
    echo "### Targets"
    echo
    echo "| target | measured | verdict |"
    echo "|---|---|---|"
    r=$(awk '$1 == "RESULT" && $2 == "replication" && $3 ~ /^replicated_/ { print $3; exit }' "$OUT"/*.out)
    echo "| durable writes on one object, 6 members, replicas 5 / quorum 3, ≥ 0.5× raw sqlite-jdbc (NORMAL) | $(shown replication_writes_vs_raw '%.3f')× ($(field replication "$r" writes_per_s) vs $(field replication raw_sqlite_normal writes_per_s) writes/s) | $(verdict replication_writes_vs_raw) |"
    echo "| failover, kill -9 of the owner to the first acknowledged write through another member, ≤ 2 s (median) | $(shown failover_ms '%.0f') ms (rounds: $(field failover_summary median rounds | tr '/' ' ')) | $(verdict failover_ms) |"
    echo
    echo "Ratios are medians of per-round ratios; the verdict compares the unrounded median with the target."
    echo
    echo "### 1. Durable writes on one object: replicated vs unreplicated vs raw sqlite-jdbc (wrk, one JVM)"
    echo
    table replication
    echo
    echo "Acknowledged-write latency with one write in flight:"
    echo
    table replication_latency
    echo
    echo "### 2. Failover after kill -9 of the owner (members as separate processes)"
    echo
    table failover_summary
    echo
    echo "Per round:"
    echo
    table failover
} >"$gen"

if [ $full -eq 1 ]; then
    results="$HERE/RESULTS.md"
    begin='<!-- REPLICATION:BEGIN generated by bench/run-replication.sh: everything up to REPLICATION:END is rewritten on every full run -->'
    end='<!-- REPLICATION:END -->'
    if ! replace_block "$results" "$gen" "$begin" "$end"; then
        {
            [ -f "$results" ] && echo
            echo "# Quorum replication benchmark"
            echo
            echo "Produced by \`bench/run-replication.sh\` (package \`io.cairn.bench.replication\`). The replicated write rate has"
            echo "its baselines (replicas 0, raw sqlite-jdbc) measured in the same process and run; read the ratios, not the"
            echo "absolute rates."
            echo
            echo "$begin"
            cat "$gen"
            echo "$end"
            echo
            echo "## Quorum replication: analysis"
            echo
            echo "_(hand-written; kept across runs)_"
        } >>"$results"
    fi
    echo "run-replication.sh: wrote $results" >&2
else
    echo "run-replication.sh: partial or quick run: results in $gen (RESULTS.md unchanged)" >&2
fi
cat "$gen"
