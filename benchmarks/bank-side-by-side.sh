#!/bin/bash
# The bank load test side by side: BEFORE_JAR and AFTER_JAR (two builds of bank.jar), both stores,
# 1/8/32 clients, REPS times, alternating; prints each run's line with the load average beside it.
# Usage: BEFORE_JAR=/tmp/old/bank.jar benchmarks/bank-side-by-side.sh [REPS] [SECONDS] [WARMUP]
# Needs benchmarks/target/benchmarks.jar (mvn -pl benchmarks -am package -DskipTests) and psql.
set -u
REPS=${1:-2}; SECONDS_PER_POINT=${2:-5}; WARMUP=${3:-8}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CP=$ROOT/benchmarks/target/benchmarks.jar
PG=${EVENTSOURCING4J_PG_URL:-jdbc:postgresql://localhost:5432/test?user=postgres}
declare -A JARS=([before]=${BEFORE_JAR:?set BEFORE_JAR} [after]=${AFTER_JAR:-$ROOT/examples/bank/target/bank.jar})
n=0
for rep in $(seq 1 "$REPS"); do
  for clients in 1 8 32; do
    for store in SQLite PostgreSQL; do
      for side in before after; do
        n=$((n+1))
        load=$(cut -d' ' -f1 /proc/loadavg)
        extra=()
        if [ $store = PostgreSQL ]; then
          schema=bank_bench_${side}_$$_$n
          psql -q -h localhost -U postgres -d test -c "create schema $schema" >/dev/null
          extra=(--postgres "${PG}&currentSchema=$schema")
        fi
        line=$(cd "$ROOT" && java -cp "$CP" org.eventsourcing4j.benchmarks.bank.BankLoadTest --clients $clients \
            --seconds "$SECONDS_PER_POINT" --warmup "$WARMUP" --jar "${JARS[$side]}" "${extra[@]}" 2>&1 | grep '^| ')
        echo "| $side | rep $rep | load $load-$(cut -d' ' -f1 /proc/loadavg) $line"
        if [ $store = PostgreSQL ]; then
          psql -q -h localhost -U postgres -d test -c "drop schema $schema cascade" >/dev/null 2>&1
        fi
      done
    done
  done
done
