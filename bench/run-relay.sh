#!/usr/bin/env bash
# Runs the storage relay benchmarks and writes the RELAY block of bench/RESULTS.md.
#
#   bench/run-relay.sh                 write, restore and cost (~15 min), rewrites the RELAY GENERATED block
#   bench/run-relay.sh --quick         short rounds, small database, 100 objects writing every 20 s (~4 min;
#                                      results in bench/target/results-relay only)
#   bench/run-relay.sh write cost      a subset (results in bench/target/results-relay only)
#   bench/run-relay.sh --jfr ...       also records a JFR file per benchmark (target/results-relay/<bench>.jfr)
#
# Each benchmark runs in its own JVM with an embedded s3proxy (child JVM, loopback, filesystem
# backend; jars from storage-relay/store/target/s3proxy-lib). Only the part of RESULTS.md between
# the RELAY GENERATED markers is replaced; everything else (the runtime block of run.sh, the
# hand-written analyses) is kept.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
OUT="$HERE/target/results-relay"
DATA="$HERE/target/bench-data-relay"
S3LIB="$ROOT/storage-relay/store/target/s3proxy-lib"

quick=0
jfr=0
benches=()
for a in "$@"; do
    case "$a" in
        --quick) quick=1 ;;
        --jfr) jfr=1 ;;
        write|restore|cost) benches+=("$a") ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "run-relay.sh: unknown argument '$a' (use --quick, --jfr, write, restore, cost)" >&2; exit 2 ;;
    esac
done
full=0
if [ ${#benches[@]} -eq 0 ]; then
    benches=(write restore cost)
    [ $quick -eq 0 ] && full=1
fi

# ---- JDK: 25 preferred, 21+ accepted (same rule as run.sh) ----
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
use_jdk run-relay.sh

# ---- build if needed (the bench module; the s3proxy jars come with the store module's build) ----
ensure_bench_jar run-relay.sh
if ! ls "$S3LIB"/s3proxy-*.jar >/dev/null 2>&1; then
    echo "run-relay.sh: $S3LIB has no s3proxy jar; building the store module fills it" >&2
    (cd "$ROOT" && JAVA_HOME="$JDK" mvn -B -q -o -pl storage-relay/store package -DskipTests) || {
        echo "run-relay.sh: could not fill $S3LIB (mvn -pl storage-relay/store package)" >&2
        exit 1
    }
fi
CP="$JAR:$HERE/target/lib/*"

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# ---- run ----
mkdir -p "$OUT" "$DATA"
rm -f "$OUT"/*.out "$OUT"/*.log
JVM=(--enable-native-access=ALL-UNNAMED -Xms2g -Xmx2g -XX:+AlwaysPreTouch
     -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dcairn.bench.dir="$DATA" -Dcairn.s3proxy.lib="$S3LIB")
args_for() {
    if [ $quick -eq 1 ]; then
        case "$1" in
            write) echo "--duration-ms 1000 --many-duration-ms 2000 --warmup-ms 500 --rounds 2" ;;
            restore) echo "--db-mib 24 --rounds 2" ;;
            cost) echo "--objects 100 --period-s 20 --measure-s 40" ;;
        esac
    else
        case "$1" in
            write) echo "--duration-ms 2000 --many-duration-ms 10000 --warmup-ms 2000 --rounds 5" ;;
            restore) echo "--db-mib 96 --rounds 5" ;;
            cost) echo "--objects 1000 --period-s 60 --measure-s 180" ;;
        esac
    fi
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for b in "${benches[@]}"; do
    extra=()
    if [ $jfr -eq 1 ]; then
        extra=(-XX:StartFlightRecording=filename="$OUT/$b.jfr",settings=profile)
    fi
    echo "run-relay.sh: running $b ($(args_for "$b"))" >&2
    # shellcheck disable=SC2046
    "$JAVA" "${JVM[@]}" "${extra[@]}" -cp "$CP" io.cairn.bench.relay.RelayBench "$b" $(args_for "$b") \
        >"$OUT/$b.out" 2> >(tee "$OUT/$b.log" >&2) || {
        echo "run-relay.sh: benchmark $b failed; see $OUT/$b.log" >&2
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
s3v=$(ls "$S3LIB" | sed -n 's/^s3proxy-\([0-9.]*\)\.jar$/\1/p' | head -1)


gen="$OUT/generated.md"
{
    echo "## Storage relay: latest run"
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
    echo "| object store | s3proxy ${s3v:-?} (filesystem-nio2 backend) in a child JVM on 127.0.0.1, same machine |"
    echo "| load average before / after | $load_before / $load_after |"
    echo "| JVM flags | \`${JVM[*]}\` |"
    echo
    echo "### Targets"
    echo
    echo "| target | measured | verdict |"
    echo "|---|---|---|"
    for c in $(awk '$1 == "TARGET" && $2 ~ /^relay_write_/ {print $2}' "$OUT"/*.out 2>/dev/null); do
        k=${c#relay_write_}; k=${k%_vs_off}; o="off_${k#*_}"
        echo "| writes with capture + shipping ≥ 0.8× without (\`$k\`) | $(shown "$c" '%.2f')× ($(field relay_write "$k" events_per_s) vs $(field relay_write "$o" events_per_s) events/s) | $(verdict "$c") |"
    done
    for c in $(awk '$1 == "TARGET" && $2 ~ /^relay_restore_/ {print $2}' "$OUT"/*.out 2>/dev/null); do
        k=${c#relay_restore_}; k=${k%_vs_raw_get}
        echo "| restore ≥ 0.5× raw GET of the same stored objects (\`$k\`) | $(shown "$c" '%.2f')× ($(field relay_restore "$k" restore_db_mb_per_s) MB/s of database; $(field relay_restore "$k" restore_s) s vs $(field relay_restore "$k" raw_get_s) s) | $(verdict "$c") |"
    done
    t=$(field relay_cost TOTAL per_hour)
    echo "| requests per hour, 1,000 objects writing once a minute (measured; no target) | ${t:-–} | – |"
    echo
    echo "Ratios are medians of per-round ratios; the verdict compares the unrounded median with the target."
    echo
    echo "### 1. Writes with capture and shipping on vs off (in-process, 256 in flight)"
    echo
    table relay_write
    echo
    echo "Where the CPU goes (µs per event, timed window):"
    echo
    table relay_write_cpu
    echo
    echo "Diagnostic: the relay's capture work alone, on a raw sqlite-jdbc connection (one thread):"
    echo
    table relay_write_raw
    echo
    echo "### 2. Restore vs raw GET of the same stored objects"
    echo
    table relay_restore
    echo
    echo "### 3. Object-storage requests, objects writing once a minute (counted on the wire)"
    echo
    table relay_cost
} >"$gen"

if [ $full -eq 1 ]; then
    results="$HERE/RESULTS.md"
    begin='<!-- BEGIN RELAY GENERATED by bench/run-relay.sh: everything up to END RELAY GENERATED is rewritten on every full run -->'
    end='<!-- END RELAY GENERATED -->'
    if ! replace_block "$results" "$gen" "$begin" "$end"; then
        {
            [ -f "$results" ] && echo
            echo "# Storage relay benchmarks"
            echo
            echo "Produced by \`bench/run-relay.sh\` (package \`io.cairn.bench.relay\`). Each relay number has its baseline"
            echo "measured in the same process and run (relay off, raw GET); read the ratios, not the absolute rates."
            echo
            echo "$begin"
            cat "$gen"
            echo "$end"
            echo
            echo "## Storage relay: analysis"
            echo
            echo "_(hand-written; kept across runs)_"
        } >>"$results"
    fi
    echo "run-relay.sh: wrote $results" >&2
else
    echo "run-relay.sh: partial or quick run: results in $gen (RESULTS.md unchanged)" >&2
fi
cat "$gen"
