-- Event ids, random vs time-ordered, on the server (docs/benchmarks-postgres.md,
-- "Event ids: random vs time-ordered"). Makes schema uuid7bench with three tables of
-- 1,000,000 rows each: random ids, time-ordered ids, and random ids without an index on them.
--   psql -h 127.0.0.1 -U postgres -d test -f benchmarks/sql/event-ids.sql
-- then per table: pgbench -n -M prepared -c 1 -j 1 -T 15 -f benchmarks/sql/event-ids-insert-random.sql test
-- and at the end: drop schema uuid7bench cascade;
drop schema if exists uuid7bench cascade;
create schema uuid7bench;
set search_path = uuid7bench;
-- a version-7 UUID (RFC 9562): 48-bit Unix ms, version 7, then 12 bits of the microseconds within the
-- millisecond (the RFC's method 3, so that one session's ids increase), the rest of a random v4 UUID
create or replace function uuid7() returns uuid language plpgsql volatile as $$
declare
  b bytea := uuid_send(gen_random_uuid());
  us bigint := (extract(epoch from clock_timestamp()) * 1000000)::bigint;
  frac int := ((us % 1000) * 4096 / 1000)::int;
begin
  b := overlay(b placing substring(int8send(us / 1000) from 3) from 1 for 6);
  b := set_byte(b, 6, 112 | (frac >> 8));
  b := set_byte(b, 7, frac & 255);
  return encode(b, 'hex')::uuid;
end $$;
-- the same columns and indexes for the three: random ids, time-ordered ids, no index on the id
create table ev_random (position bigserial primary key, stream_id text not null, version bigint not null,
  event_id uuid not null unique, payload jsonb not null, unique (stream_id, version));
create table ev_time   (position bigserial primary key, stream_id text not null, version bigint not null,
  event_id uuid not null unique, payload jsonb not null, unique (stream_id, version));
create table ev_noidx  (position bigserial primary key, stream_id text not null, version bigint not null,
  event_id uuid not null, payload jsonb not null, unique (stream_id, version));
insert into ev_random (stream_id, version, event_id, payload)
  select 'fill-' || (i / 1000), i % 1000, gen_random_uuid(), '{"account":"a-1","amount":42,"note":"a deposit of about a hundred bytes of json"}'
  from generate_series(0, 999999) i;
insert into ev_time (stream_id, version, event_id, payload)
  select 'fill-' || (i / 1000), i % 1000, uuid7(), '{"account":"a-1","amount":42,"note":"a deposit of about a hundred bytes of json"}'
  from generate_series(0, 999999) i;
insert into ev_noidx (stream_id, version, event_id, payload)
  select 'fill-' || (i / 1000), i % 1000, gen_random_uuid(), '{"account":"a-1","amount":42,"note":"a deposit of about a hundred bytes of json"}'
  from generate_series(0, 999999) i;
vacuum analyze ev_random; vacuum analyze ev_time; vacuum analyze ev_noidx;
select count(*) filter (where event_id <= prev) as not_increasing
  from (select event_id, lag(event_id) over (order by position) prev from ev_time) x;
select relname, pg_size_pretty(pg_relation_size(oid)) from pg_class where relnamespace = 'uuid7bench'::regnamespace and relkind = 'i' order by 1;
