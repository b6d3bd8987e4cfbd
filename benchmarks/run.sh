#!/usr/bin/env bash
# Builds the benchmarks and runs them all: JMH (-prof gc) for the in-process costs, then the two-process loopback
# harness, which writes the markdown report and the SVG chart.
#
#   benchmarks/run.sh           full run (about 26 minutes on 2 cores before the native and C contenders; 64
#                               with them on JDK 25): updates benchmarks/README.md and chart.svg
#   benchmarks/run.sh --quick   quick run (about 10 minutes with every contender): fewer sizes, one repetition,
#                               short windows; writes benchmarks/target/quick/report.md and leaves the README alone
#
# Needs a JDK 17+ and Maven 3.8+; uses taskset (util-linux) to pin the two processes when it is installed.
# The native-engine contenders (udpkit-native*) and NativePathBenchmark need the build and the JMH run on a JDK 22+
# (only such a build puts udp-api's native engine into the jar): put one first on PATH and in JAVA_HOME, e.g.
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH="/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH" benchmarks/run.sh
# On an older JDK they are skipped, with the reason printed; the C reference contenders (c-*) need gcc.
# Run it on a quiet machine: other work on the same cores shows up in every figure.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
if [ "${1:-}" = "--quick" ]; then
  quick=true
elif [ $# -gt 0 ]; then
  echo "usage: benchmarks/run.sh [--quick]" >&2
  exit 2
fi

echo "== build"
mvn -q -B -pl benchmarks -am -DskipTests package
jar=benchmarks/target/udp-benchmarks.jar
feature=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
if [ "${feature%%.*}" -ge 22 ] 2>/dev/null; then
  native_quick='|NativePathBenchmark'
  native_exclude=()
else
  echo "== NativePathBenchmark skipped: it needs JDK 22+, this java is ${feature:-unknown}"
  native_quick=''
  native_exclude=(-e NativePathBenchmark)
fi

if $quick; then
  out=benchmarks/target/quick
  rm -rf "$out" && mkdir -p "$out"
  echo "== JMH, quick: allocation per datagram and per send (-prof gc)"
  java -jar "$jar" jmh -f 1 -wi 1 -i 2 -w 500ms -r 500ms -prof gc -rf csv -rff "$out/jmh.csv" \
    "ReceivePathBenchmark|SendBenchmark$native_quick" > "$out/jmh.log"
  echo "== harness, quick"
  java -jar "$jar" harness --quick --out "$out" --jmh-csv "$out/jmh.csv" --command "benchmarks/run.sh --quick"
else
  out=benchmarks/target/full
  rm -rf "$out" && mkdir -p "$out"
  echo "== JMH: every benchmark with -prof gc (see $out/jmh.log)"
  java -jar "$jar" jmh -prof gc -rf csv -rff "$out/jmh.csv" ${native_exclude[@]+"${native_exclude[@]}"} \
    'io.github.udpkit.benchmarks.jmh' > "$out/jmh.log"
  echo "== harness"
  java -jar "$jar" harness --out "$out" --jmh-csv "$out/jmh.csv" --readme benchmarks/README.md \
    --command "benchmarks/run.sh"
fi
