#!/usr/bin/env bash
# Reruns every figure of docs/benchmarks.md on the current code, one after another (run it on a
# quiet machine: nothing else building or testing), then draws the charts. Each figure writes its
# raw samples to docs/data/<figure>*.csv, its markdown table to docs/data/<figure>.md and its
# progress to docs/data/logs/<figure>.log. About 45 minutes on the 2-core machine of the report.
#
# usage: benchmarks/run-all.sh [FIGURE...]   (default: p1 p2 p3 p4 p5 p6 p7)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
data=docs/data
mkdir -p "$data/logs"
jar=benchmarks/target/benchmarks.jar
echo "building $jar" >&2
mvn -q -B -pl benchmarks -am package -DskipTests
git rev-parse HEAD > "$data/commit.txt"
git status --short >> "$data/commit.txt"

run() {
  local figure="$1"; shift
  local started
  started=$(date +%s)
  echo "== $figure: java -cp $jar $*" >&2
  java -cp "$jar" "$@" > "$data/$figure.md" 2> "$data/logs/$figure.log"
  echo "== $figure: $(( $(date +%s) - started )) s" | tee -a "$data/logs/$figure.log" >&2
}

figures=("$@")
if [[ ${#figures[@]} -eq 0 ]]; then
  figures=(p1 p2 p3 p4 p5 p6 p7)
fi
for f in "${figures[@]}"; do
  case "$f" in
    p1) run p1-heap io.kruise.agents.benchmarks.P1HeapPerSandbox --objects 20000 \
          --repetitions 5 --churn-rounds 10 --child-heap 4g --csv-dir "$data" ;;
    p2) run p2-sync io.kruise.agents.benchmarks.P2InitialSync --objects 20000 --runs 5 \
          --server both --csv-dir "$data" ;;
    p3) run p3-lookups io.kruise.agents.benchmarks.P3Lookups --objects 20000,100000 \
          --threads 1,2 --forks 3 --warmup 2 --iterations 10 --iteration-ms 250 \
          --churn-rate 1000 --csv-dir "$data" ;;
    p4) run p4-waits io.kruise.agents.benchmarks.P4WaitWakeup --waits 1000 \
          --concurrent-waits 10000 --concurrent-objects 1000 --concurrent-rounds 5 \
          --csv-dir "$data" ;;
    p5) run p5-fanout io.kruise.agents.benchmarks.P5ListenerFanOut --objects 20000 \
          --listeners 10 --runs 5 --rates 25000,50000,100000,0 --events 10000 \
          --slow-micros 30 --csv-dir "$data" ;;
    p6) run p6-claims io.kruise.agents.benchmarks.P6Claims --pool 10000 --threads 1,8,32 \
          --claims 300,1000,1500 --runs 5 --warm-up 300 --csv-dir "$data" ;;
    p7) run p7-pool-controller io.kruise.agents.benchmarks.P7PoolController --replicas 1000 \
          --claims 100 --rounds 5 ;;
    *) echo "unknown figure $f (p1..p7)" >&2; exit 2 ;;
  esac
done
benchmarks/plots.sh "$data" docs/img > "$data/plots.md"
echo "charts: docs/img (markdown lines in $data/plots.md)" >&2
