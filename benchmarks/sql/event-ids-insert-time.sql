-- pgbench: one 10-row INSERT into uuid7bench.ev_time, to a new stream (benchmarks/sql/event-ids.sql)
\set s random(1, 1000000000)
insert into uuid7bench.ev_time (stream_id, version, event_id, payload)
  select 'b-' || :s, v, uuid7bench.uuid7(), '{"account":"a-1","amount":42,"note":"a deposit of about a hundred bytes of json"}'
  from generate_series(1, 10) v;
