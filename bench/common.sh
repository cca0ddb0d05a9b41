# Sourced by run.sh and run-relay.sh.
# pick_jdk prints a JDK home (25 preferred, newest 21+ otherwise)
# from $CAIRN_BENCH_JAVA_HOME, the Temurin 25 path, $JAVA_HOME, the java on PATH and /usr/lib/jvm/*.
java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
        | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}
pick_jdk() {
    local c best="" best_major=0 m
    local candidates=("${CAIRN_BENCH_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 "${JAVA_HOME:-}")
    if command -v java >/dev/null 2>&1; then
        candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
    fi
    for c in /usr/lib/jvm/*; do candidates+=("$c"); done
    for c in "${candidates[@]}"; do
        [ -n "$c" ] && [ -x "$c/bin/java" ] || continue
        m=$(java_major "$c" || echo 0)
        [[ "$m" =~ ^[0-9]+$ ]] || continue
        if [ "$m" -eq 25 ]; then echo "$c"; return 0; fi
        if [ "$m" -ge 21 ] && [ "$m" -gt "$best_major" ]; then best="$c"; best_major=$m; fi
    done
    [ -n "$best" ] && { echo "$best"; return 0; }
    return 1
}

# ensure_bench_jar SCRIPT: builds the bench module when its jar is missing or older than its sources,
# then sets JAR. Needs HERE (bench/), ROOT (the repository) and JDK.
ensure_bench_jar() {
    local who=$1 needs_build=0
    JAR=$(ls "$HERE"/target/cairn-bench-*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -1 || true)
    if [ -z "$JAR" ] || [ ! -d "$HERE/target/lib" ]; then
        needs_build=1
    elif [ -n "$(find "$HERE/src" "$HERE/pom.xml" -newer "$JAR" -type f 2>/dev/null | head -1)" ]; then
        needs_build=1
    fi
    [ $needs_build -eq 1 ] || return 0
    echo "$who: building the bench module" >&2
    if ! (cd "$ROOT" && JAVA_HOME="$JDK" mvn -B -q -o -pl bench package); then
        echo "$who: building bench alone failed; building it with the modules it needs (-am, tests skipped)" >&2
        (cd "$ROOT" && JAVA_HOME="$JDK" mvn -B -q -pl bench -am package -DskipTests) || {
            echo "$who: the build failed; fix it, or install the modules first: mvn -B install -DskipTests" >&2
            exit 1
        }
    fi
    JAR=$(ls "$HERE"/target/cairn-bench-*.jar | grep -v -- '-tests.jar' | head -1)
}

# ---- RESULTS.md rendering, shared by the run scripts. Each reads the harness's output lines
# (RESULT / NOTE / TARGET) from "$OUT"/*.out; the caller sets OUT.

table() { # $1 = bench name; its RESULT lines as a table, then its NOTE lines
    awk -v bench="$1" '
        $1 == "RESULT" && $2 == bench {
            if (!header) {
                h = "| case |"; s = "|---|"
                for (i = 4; i <= NF; i++) { split($i, kv, "="); h = h " " kv[1] " |"; s = s "---:|" }
                print h; print s; header = 1
            }
            row = "| `" $3 "` |"
            for (i = 4; i <= NF; i++) { v = substr($i, index($i, "=") + 1); gsub(/,/, ", ", v); row = row " " v " |" }
            print row
        }
        $1 == "NOTE" && $2 == bench { $1 = ""; $2 = ""; sub(/^  /, ""); notes = notes "\n_" $0 "_\n" }
        END { printf "%s", notes }
    ' "$OUT"/*.out
}
field() { # $1 bench, $2 case, $3 key
    awk -v b="$1" -v c="$2" -v k="$3" '$1 == "RESULT" && $2 == b && $3 == c {
        for (i = 4; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) print kv[2] } }' "$OUT"/*.out
}
target() { # $1 = TARGET name; prints "value threshold better" (unrounded, as the harness printed them)
    awk -v n="$1" '$1 == "TARGET" && $2 == n {
        v = ""; t = ""; d = "higher"
        for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "value") v = kv[2]; if (kv[1] == "threshold") t = kv[2]; if (kv[1] == "better") d = kv[2] }
        print v, t, d }' "$OUT"/*.out
}
verdict() { # $1 = TARGET name: met / missed, on the unrounded value; better=lower means value <= threshold
    target "$1" | awk 'END {
        if (NR == 0 || $1 == "" || $1 == "NaN") print "not run (no value)";
        else if (($3 == "lower" && $1 + 0 <= $2 + 0) || ($3 != "lower" && $1 + 0 >= $2 + 0)) print "**met**";
        else print "**missed**" }'
}
shown() { # $1 = TARGET name, $2 = printf format for the value
    target "$1" | awk -v f="$2" '{ if ($1 == "NaN" || $1 == "") print "none"; else printf f, $1 }'
}

# ---- start of every run script: the JDK ----------------------------------------------------

use_jdk() { # $1 = script name; sets JDK and JAVA or exits with a message saying what to install
    if ! JDK=$(pick_jdk); then
        echo "$1: no JDK 21 or newer found (looked at \$CAIRN_BENCH_JAVA_HOME, /usr/lib/jvm/temurin-25-jdk-amd64," \
             "\$JAVA_HOME, the java on PATH and /usr/lib/jvm/*). Install JDK 25, or set CAIRN_BENCH_JAVA_HOME." >&2
        exit 1
    fi
    JAVA="$JDK/bin/java"
    echo "$1: using $JDK ($("$JAVA" -version 2>&1 | head -1))" >&2
}

# ---- end of every full run: its block of RESULTS.md ---------------------------------------

replace_block() { # $1 results file, $2 generated file, $3 begin marker line, $4 end marker line
    # Replaces what lies between the two marker lines with the generated file, keeping everything else;
    # returns 1 when the file has no such block yet (the caller then appends one).
    [ -f "$1" ] && grep -qxF "$3" "$1" && grep -qxF "$4" "$1" || return 1
    awk -v gen="$2" -v b="$3" -v e="$4" '
        $0 == b { print b; while ((getline l < gen) > 0) print l; skip = 1; next }
        skip && $0 == e { skip = 0; print e; next }
        !skip { print }
    ' "$1" >"$1.tmp"
    mv "$1.tmp" "$1"
}
