#!/usr/bin/env bash
# Floods `udpcat listen` on 127.0.0.1 and counts what it printed, text and --hex alternating in pairs.
# usage: samples/udpcat/bench/flood.sh JAR KIND COUNT RATE PAIRS     KIND: letters | controls | binary
# example: samples/udpcat/bench/flood.sh samples/target/udp-samples.jar controls 600000 150000 6
# Output goes to /dev/null; "printed" is the receiver's count that udpcat prints on exit (every datagram it
# received is printed). udpcat runs on CPU 0, the flooder (Flood.java, paced and bounded) on CPU 1.
set -u
jar=$1 kind=$2 count=$3 rate=$4 pairs=$5
here=$(cd "$(dirname "$0")" && pwd)
classes=$(mktemp -d)
javac -d "$classes" "$here/Flood.java"
run() { # MODE -> "MODE KIND sent=N printed=N drops=N"
  local hex="" err pidf port sent
  [ "$1" = hex ] && hex="--hex"
  err=$(mktemp) pidf=$(mktemp)
  ( echo $BASHPID > "$pidf"; exec taskset -c 0 java -jar "$jar" udpcat listen --port 0 $hex > /dev/null 2> "$err" ) &
  for _ in $(seq 1 400); do grep -q 'listening on' "$err" && break; sleep 0.05; done
  port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$err")
  sent=$(taskset -c 1 java -cp "$classes" Flood "$port" "$count" "$rate" "$kind" | sed -n 's/sent=\([0-9]*\).*/\1/p')
  sleep 1                      # let udpcat drain its socket buffer
  kill -TERM "$(cat "$pidf")"  # a background job ignores SIGINT; the JVM runs the same shutdown hook on SIGTERM
  wait
  echo "$1 $kind sent=$sent printed=$(sed -n 's/.*received \([0-9]*\),.*/\1/p' "$err")" \
       "drops=$(sed -n 's/.*kernel drops \(.*\)/\1/p' "$err")"
  rm -f "$err" "$pidf"
}
for p in $(seq 1 "$pairs"); do
  if [ $((p % 2)) -eq 1 ]; then order="text hex"; else order="hex text"; fi
  for mode in $order; do echo "pair=$p $(run "$mode")"; done
done
rm -rf "$classes"
