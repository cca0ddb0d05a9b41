# Sourced by run.sh and run-relay.sh: pick_jdk prints a JDK home (25 preferred, newest 21+ otherwise)
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
