#!/usr/bin/env bash
# Builds the benchmarks and runs them all: JMH (-prof gc) for the in-process costs, then the two-process loopback
# harness, which writes the markdown report and the SVG chart.
#
#   benchmarks/run.sh           full run (about 26 minutes on 2 cores): updates benchmarks/README.md and chart.svg
#   benchmarks/run.sh --quick   quick run (under 5 minutes): fewer sizes, one repetition, short windows;
#                               writes benchmarks/target/quick/report.md and leaves the README alone
#
# Needs a JDK 17+ and Maven 3.8+; uses taskset (util-linux) to pin the two processes when it is installed.
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

if $quick; then
  out=benchmarks/target/quick
  rm -rf "$out" && mkdir -p "$out"
  echo "== JMH, quick: allocation per datagram and per send (-prof gc)"
  java -jar "$jar" jmh -f 1 -wi 1 -i 2 -w 500ms -r 500ms -prof gc -rf csv -rff "$out/jmh.csv" \
    'ReceivePathBenchmark|SendBenchmark' > "$out/jmh.log"
  echo "== harness, quick"
  java -jar "$jar" harness --quick --out "$out" --jmh-csv "$out/jmh.csv" --command "benchmarks/run.sh --quick"
else
  out=benchmarks/target/full
  rm -rf "$out" && mkdir -p "$out"
  echo "== JMH: every benchmark with -prof gc (see $out/jmh.log)"
  java -jar "$jar" jmh -prof gc -rf csv -rff "$out/jmh.csv" 'io.github.udpkit.benchmarks.jmh' > "$out/jmh.log"
  echo "== harness"
  java -jar "$jar" harness --out "$out" --jmh-csv "$out/jmh.csv" --readme benchmarks/README.md \
    --command "benchmarks/run.sh"
fi
