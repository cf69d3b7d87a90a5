#!/bin/bash
# The bank load test with crypto-shredding on and off: both stores, REPS times, the two sides
# alternating (on first in odd repetitions, off first in even ones); a mix of deposits, account
# openings (OPENS percent) and audit-trail reads (READS percent). Prints each run's lines with
# the load average (1 minute) before and after beside them.
# Usage: [STORES="SQLite PostgreSQL"] benchmarks/bank-shredding.sh [REPS] [SECONDS] [WARMUP] [CLIENTS] [OPENS] [READS]
# Needs benchmarks/target/benchmarks.jar and examples/bank/target/bank.jar
# (mvn -pl benchmarks -am package -DskipTests) and psql.
set -u
REPS=${1:-3}; SECONDS_PER_RUN=${2:-10}; WARMUP=${3:-5}; CLIENTS=${4:-8}; OPENS=${5:-10}; READS=${6:-10}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CP=$ROOT/benchmarks/target/benchmarks.jar
PG=${EVENTSOURCING4J_PG_URL:-jdbc:postgresql://localhost:5432/test?user=postgres}
n=0
for rep in $(seq 1 "$REPS"); do
  if [ $((rep % 2)) = 1 ]; then sides="on off"; else sides="off on"; fi
  for store in ${STORES:-SQLite PostgreSQL}; do
    for side in $sides; do
      n=$((n+1))
      load=$(cut -d' ' -f1 /proc/loadavg)
      extra=()
      if [ $store = PostgreSQL ]; then
        schema=bank_shred_${side}_$$_$n
        psql -q -h localhost -U postgres -d test -c "create schema $schema" >/dev/null
        extra=(--postgres "${PG}&currentSchema=$schema")
      fi
      out=$(cd "$ROOT" && java -cp "$CP" org.eventsourcing4j.benchmarks.bank.BankLoadTest --clients "$CLIENTS" \
          --seconds "$SECONDS_PER_RUN" --warmup "$WARMUP" --opens "$OPENS" --reads "$READS" --shredding $side \
          "${extra[@]}" 2>&1)
      line=$(echo "$out" | grep '^mix ')
      echo "rep $rep | $store | shredding $side | load $load-$(cut -d' ' -f1 /proc/loadavg) ${line:-FAILED: $(echo "$out" | tail -3)}"
      if [ $store = PostgreSQL ]; then
        psql -q -h localhost -U postgres -d test -c "drop schema $schema cascade" >/dev/null 2>&1
      fi
    done
  done
done
