#!/usr/bin/env bash
# Draws the report's charts: every CSV in DATA_DIR (default docs/data) becomes PNGs in IMG_DIR
# (default docs/img), see io.kruise.agents.benchmarks.Plots. Builds benchmarks/target/benchmarks.jar
# first when it is missing (delete it, or run the Maven package command, after changing the code).
# Prints a markdown image line per chart on stdout.
#
# usage: benchmarks/plots.sh [DATA_DIR [IMG_DIR]]   (relative paths: from the current directory)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:-$root/docs/data}"
img="${2:-$root/docs/img}"
jar="$root/benchmarks/target/benchmarks.jar"

if [[ ! -f "$jar" ]]; then
  echo "building $jar" >&2
  (cd "$root" && mvn -q -B -pl benchmarks -am package -DskipTests)
fi
exec java -Djava.awt.headless=true -cp "$jar" io.kruise.agents.benchmarks.Plots "$data" "$img"
