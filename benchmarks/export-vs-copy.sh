#!/usr/bin/env bash
# How fast `es4j export` writes a PostgreSQL store's events, next to `psql \copy` of the same
# rows in the same order, in the same run (see docs/benchmarks.md, "Export and import").
# Usage: benchmarks/export-vs-copy.sh [EVENTS (default 1000000)] [ROUNDS (default 3)]
# Needs cli/target/es4j.jar (mvn -q -pl cli -am package -DskipTests), psql, and the server of
# EVENTSOURCING4J_PG_URL (default jdbc:postgresql://localhost:5432/test?user=postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS="${1:-1000000}"
ROUNDS="${2:-3}"
URL="${EVENTSOURCING4J_PG_URL:-jdbc:postgresql://localhost:5432/test?user=postgres}"
SCHEMA=es4j_bench_export
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres -d test)
OUT="${TMPDIR:-/tmp}/es4j-export-bench"
mkdir -p "$OUT"
ES4J=(java -jar cli/target/es4j.jar)

"${PSQL[@]}" -c "drop schema if exists $SCHEMA cascade"
: > "$OUT/empty.ndjson"
"${ES4J[@]}" import --postgres "$URL" --schema "$SCHEMA" "$OUT/empty.ndjson" > /dev/null   # creates the store
# Streams of 1,000 events, ~130-byte payloads, written in one statement (the store's own
# tables and defaults: tx_id, position).
"${PSQL[@]}" -c "insert into $SCHEMA.es_events (stream_id, version, event_id, event_type, revision, data, metadata, recorded_at)
  select 'account-' || lpad((i / 1000)::text, 6, '0'), i % 1000 + 1, gen_random_uuid(), 'MoneyDeposited', 2,
         jsonb_build_object('amount', ((i % 997) + 1) || '.25', 'currency', 'EUR', 'reference', md5(i::text)),
         case when i % 10 = 0 then jsonb_build_object('correlationId', 'c-' || i) end,
         timestamptz '2026-01-01' + i * interval '1 millisecond'
  from generate_series(0, $EVENTS - 1) as i" -c "analyze $SCHEMA.es_events"

COPY_SQL="\\copy (select position, tx_id, stream_id, version, event_id, event_type, revision, data, metadata, recorded_at from $SCHEMA.es_events order by stream_id, version) to '$OUT/copy.tsv'"
now() { date +%s.%N; }
for round in $(seq 1 "$ROUNDS"); do
  start=$(now); "${PSQL[@]}" -c "$COPY_SQL"; copy=$(echo "$(now) - $start" | bc)
  start=$(now); "${ES4J[@]}" export --postgres "$URL" --schema "$SCHEMA" "$OUT/export.ndjson" > /dev/null
  export=$(echo "$(now) - $start" | bc)
  printf 'round %d: psql \\copy %.2f s, es4j export %.2f s, ratio %.2f (export time / copy time)\n' \
    "$round" "$copy" "$export" "$(echo "$export / $copy" | bc -l)"
done
printf 'files: copy %s bytes, export %s bytes, %s lines\n' "$(stat -c %s "$OUT/copy.tsv")" \
  "$(stat -c %s "$OUT/export.ndjson")" "$(wc -l < "$OUT/export.ndjson")"
"${PSQL[@]}" -c "drop schema $SCHEMA cascade"
