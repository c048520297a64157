#!/usr/bin/env bash
# The incident-bot benchmark: ./bench/run.sh [--full] [--no-full-sync] [--no-per-event] [--ingest-only] [--smoke]
#   default : wrk 10 s (after 15 s warm-up) per server, 1,000 ev/s for 20 s (after 5 s), 100,000-entry draft
#   --full  : wrk 30 s (after 30 s), 1,000 ev/s for 60 s (after 10 s)
#   --no-full-sync : skip the bot run with SQLITE_SYNCHRONOUS=FULL
#   --no-per-event : skip the bot runs with SQLITE_GROUP_COMMIT=off (each event committed alone)
#   --smoke : a few seconds of everything, to check the benchmark still runs (numbers mean nothing)
#   --ingest-only : only the wrk throughput runs (no latency, heap or draft): a quick A/B of the ingest path
#   --warmup-secs=N --throughput-secs=N : override the wrk warm-up and measured durations
# Needs Java 17, Maven, taskset, jcmd and wrk (Debian: apt-get install -y wrk). See docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in java mvn taskset jcmd wrk; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh: $tool is not installed (wrk: apt-get install -y wrk)" >&2; exit 2; }
done
if [ "$(nproc)" -lt 2 ]; then
  echo "bench/run.sh: needs 2 cores (server on CPU 0, load generator on CPU 1)" >&2; exit 2
fi
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  echo "[bench] building the bot (mvn -B -q package -DskipTests) and the benchmark (bench/pom.xml)" >&2
  mvn -B -q package -DskipTests
  # clean: the benchmark compiles against the fat jar, which Maven does not see change
  mvn -B -q -f bench/pom.xml clean compile
fi
# The driver (wrk, the constant-rate generator, the fake Slack Web API) runs on CPU 1; servers on CPU 0.
exec taskset -c 1 java -Xmx1g -cp target/incident-bot.jar:bench/target/classes io.incidentbot.bench.Bench --root=. "$@"
