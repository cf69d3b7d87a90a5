// The eventsourcing4j console: a page per hash route, built with DOM calls only: event data is
// shown as text, never parsed as markup. It talks to the console's JSON API.
'use strict';

const state = { info: null, live: null, timer: null };

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function svg(tag, attrs) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs || {})) el.setAttribute(key, value);
  return el;
}

async function api(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== '') query.set(key, value);
  }
  const response = await fetch('api/' + path + (query.toString() ? '?' + query : ''), { headers: { Accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

async function admin(path, body) {
  const response = await fetch('api/' + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Es4j-Token': sessionStorage.getItem('es4j-token') || '' },
    body: JSON.stringify(body),
  });
  const result = await response.json();
  if (!response.ok && response.status !== 202) throw new Error(result.error || response.statusText);
  return result;
}

function say(text, bad) {
  const box = document.getElementById('message');
  box.textContent = text;
  box.className = 'message' + (bad ? ' bad' : '');
  clearTimeout(say.timer);
  say.timer = setTimeout(() => box.classList.add('hidden'), 8000);
}

function pretty(json) {
  try { return JSON.stringify(typeof json === 'string' ? JSON.parse(json) : json, null, 2); } catch (e) { return String(json); }
}

function time(iso) { return iso ? iso.replace('T', ' ').replace('Z', ' UTC') : ''; }

function duration(millis) {
  if (!millis) return '0 s';
  if (millis < 1000) return millis + ' ms';
  const s = Math.round(millis / 1000);
  return s < 120 ? s + ' s' : Math.round(s / 60) + ' min';
}

function show(...nodes) {
  const view = document.getElementById('view');
  view.replaceChildren(...nodes);
}

function failed(error) { show(h('p', { class: 'error', id: 'error' }, error.message)); }

// ---- streams ----

async function streamsPage(params) {
  const prefix = params.get('prefix') || '';
  const input = h('input', { type: 'text', id: 'prefix', value: prefix, placeholder: 'stream id prefix, e.g. account-' });
  const go = () => { location.hash = '#/streams?prefix=' + encodeURIComponent(input.value); };
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter') go(); });
  const body = h('tbody');
  const more = h('button', { class: 'secondary hidden', id: 'more' }, 'More');
  let after = null;
  async function load() {
    const page = await api('streams', { prefix, after, limit: 50 });
    for (const s of page.streams) {
      body.append(h('tr', { 'data-stream': s.stream },
        h('td', {}, h('a', { href: '#/stream/' + encodeURIComponent(s.stream), class: 'stream-link' }, s.stream)),
        h('td', { class: 'num' }, s.version), h('td', { class: 'num' }, s.events),
        h('td', {}, time(s.firstRecordedAt)), h('td', {}, time(s.lastRecordedAt))));
    }
    after = page.next;
    more.classList.toggle('hidden', !after);
    if (!body.children.length) body.append(h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'no streams' + (prefix ? " start with '" + prefix + "'" : ''))));
  }
  more.addEventListener('click', () => load().catch(failed));
  show(h('h1', {}, 'Streams'),
    h('div', { class: 'toolbar' }, input, h('button', { id: 'search', onclick: go }, 'Search')),
    h('table', { id: 'streams' }, h('thead', {}, h('tr', {}, h('th', {}, 'Stream'), h('th', { class: 'num' }, 'Version'),
      h('th', { class: 'num' }, 'Events'), h('th', {}, 'First recorded'), h('th', {}, 'Last recorded'))), body),
    h('p', {}, more));
  await load();
}

// ---- one stream, with time travel ----

function eventRows(e) {
  const detail = h('tr', { class: 'detail hidden' }, h('td', { colspan: 5 },
    h('div', { class: 'grid' },
      h('div', {}, h('strong', {}, 'data'), h('pre', { class: 'data' }, e.dataText)),
      h('div', {}, h('strong', {}, 'envelope'), h('dl', {},
        h('dt', {}, 'event id'), h('dd', {}, h('a', { href: '#/event/' + e.eventId }, e.eventId)),
        h('dt', {}, 'position'), h('dd', {}, e.position + ' (' + e.logPosition + ')'),
        h('dt', {}, 'revision'), h('dd', {}, e.revision),
        h('dt', {}, 'recorded at'), h('dd', {}, time(e.recordedAt)),
        h('dt', {}, 'metadata'), h('dd', {}, h('pre', {}, pretty(e.metadata))))))));
  const row = h('tr', { class: 'expandable event', 'data-version': e.version, onclick: () => detail.classList.toggle('hidden') },
    h('td', { class: 'num' }, e.version), h('td', {}, e.type), h('td', {}, time(e.recordedAt)),
    h('td', { class: 'num' }, e.position), h('td', {}, h('code', {}, e.eventId)));
  return [row, detail];
}

async function streamPage(id) {
  const stream = await api('stream', { id });
  const rows = stream.events.map(eventRows);
  const slider = h('input', { type: 'range', id: 'slider', min: 0, max: stream.version, value: stream.version, step: 1 });
  const label = h('span', { id: 'slider-version' }, 'version ' + stream.version + ' of ' + stream.version);
  const stateBox = h('pre', { id: 'state' }, stream.aggregate ? '…' : 'no aggregate type is registered for this category');
  async function travel() {
    const version = Number(slider.value);
    label.textContent = 'version ' + version + ' of ' + stream.version;
    for (const [row, detail] of rows) {
      const later = Number(row.dataset.version) > version;
      row.classList.toggle('later', later);
      row.classList.toggle('hidden', later);
      if (later) detail.classList.add('hidden');
    }
    if (!stream.aggregate) return;
    try {
      const folded = await api('stream/state', { id, version });
      if (Number(slider.value) === version) stateBox.textContent = folded.state === null ? 'no events yet' : folded.stateText;
    } catch (e) { stateBox.textContent = e.message; }
  }
  slider.addEventListener('input', travel);
  show(h('h1', {}, 'Stream ', h('code', { id: 'stream-id' }, stream.stream)),
    h('p', { class: 'muted' }, stream.version + ' events' + (stream.nextVersion ? ' (first 1000 shown)' : '')),
    h('div', { class: 'panel' }, h('strong', {}, 'Time travel'),
      h('div', { class: 'slider' }, h('span', {}, '0'), slider, h('span', {}, stream.version), label),
      h('div', { class: 'grid' },
        h('div', {}, h('table', { id: 'events' }, h('thead', {}, h('tr', {}, h('th', { class: 'num' }, 'Version'), h('th', {}, 'Type'),
          h('th', {}, 'Recorded'), h('th', { class: 'num' }, 'Position'), h('th', {}, 'Event id'))), h('tbody', {}, rows.flat()))),
        h('div', {}, h('strong', {}, stream.aggregate ? 'State of the ' + stream.aggregate + ' at this version' : 'State'), stateBox))));
  await travel();
}

async function eventPage(id) {
  const response = await fetch('api/event?id=' + encodeURIComponent(id));
  const e = await response.json();
  if (!response.ok) throw new Error(e.error);
  show(h('h1', {}, 'Event ', h('code', {}, e.eventId)),
    h('div', { class: 'grid' },
      h('div', { class: 'panel' }, h('dl', { id: 'envelope' },
        h('dt', {}, 'stream'), h('dd', {}, h('a', { href: '#/stream/' + encodeURIComponent(e.stream) }, e.stream)),
        h('dt', {}, 'version'), h('dd', {}, e.version), h('dt', {}, 'type'), h('dd', {}, e.type),
        h('dt', {}, 'revision'), h('dd', {}, e.revision), h('dt', {}, 'position'), h('dd', {}, e.position + ' (' + e.logPosition + ')'),
        h('dt', {}, 'recorded at'), h('dd', {}, time(e.recordedAt)),
        h('dt', {}, 'metadata'), h('dd', {}, h('pre', {}, pretty(e.metadata))))),
      h('div', { class: 'panel' }, h('strong', {}, 'data'), h('pre', { id: 'event-data' }, e.dataText))));
}

// ---- the live global log ----

function logPage(params) {
  const body = h('tbody');
  const status = h('span', { id: 'live-status', class: 'muted' }, 'connecting…');
  const query = new URLSearchParams();
  for (const key of ['after', 'prefix', 'type']) if (params.get(key)) query.set(key, params.get(key));
  const source = new EventSource('api/log/live' + (query.toString() ? '?' + query : ''));
  state.live = source;
  source.onopen = () => { status.textContent = 'following the global log'; };
  source.onerror = () => { status.textContent = 'reconnecting…'; };
  source.addEventListener('append', (message) => {
    const e = JSON.parse(message.data);
    body.prepend(h('tr', { class: 'live-event' }, h('td', { class: 'num' }, e.logPosition),
      h('td', {}, h('a', { href: '#/stream/' + encodeURIComponent(e.stream) }, e.stream)), h('td', { class: 'num' }, e.version),
      h('td', {}, e.type), h('td', {}, time(e.recordedAt)), h('td', {}, h('a', { href: '#/event/' + e.eventId }, h('code', {}, e.eventId)))));
    while (body.children.length > 500) body.lastChild.remove();
  });
  show(h('h1', {}, 'Live global log'), h('p', {}, status, ' — newest first; from a position: #/log?after=POSITION'),
    h('table', { id: 'live' }, h('thead', {}, h('tr', {}, h('th', { class: 'num' }, 'Position'), h('th', {}, 'Stream'),
      h('th', { class: 'num' }, 'Version'), h('th', {}, 'Type'), h('th', {}, 'Recorded'), h('th', {}, 'Event id'))), body));
}

// ---- projections ----

function chart(history) {
  const width = 600, height = 130, chartSvg = svg('svg', { class: 'chart', viewBox: '0 0 ' + width + ' ' + height });
  if (!history.length) {
    const text = svg('text', { x: 8, y: 20 }); text.textContent = 'no samples yet'; chartSvg.append(text); return chartSvg;
  }
  const start = history[0][0], end = Math.max(history[history.length - 1][0], start + 1);
  const max = Math.max(1, ...history.map((p) => p[1]));
  const points = history.map((p) => ((p[0] - start) / (end - start) * (width - 10) + 5).toFixed(1) + ','
    + (height - 15 - p[1] / max * (height - 30)).toFixed(1)).join(' ');
  chartSvg.append(svg('line', { x1: 5, y1: height - 15, x2: width - 5, y2: height - 15 }));
  chartSvg.append(svg('polyline', { points }));
  const top = svg('text', { x: 6, y: 13 }); top.textContent = 'lag ' + max + ' events';
  const bottom = svg('text', { x: 6, y: height - 3 }); bottom.textContent = 'last ' + duration(end - start);
  chartSvg.append(top, bottom);
  return chartSvg;
}

function actionButton(name, action, label, cls) {
  return h('button', { class: cls || 'secondary', 'data-action': action, disabled: !state.info.admin || null,
    onclick: async (event) => {
      event.target.disabled = true;
      try {
        const result = await admin('projection', { projection: name, action });
        say(result.outcome ? action + ': ' + result.outcome : action + ' filed as request ' + result.id + ' (no running instance carried it out yet)');
      } catch (e) { say(e.message, true); }
      event.target.disabled = false;
      render();
    } }, label);
}

async function projectionsPage() {
  const projections = await api('projections');
  const rows = projections.map((p) => h('tr', { 'data-name': p.name },
    h('td', {}, h('strong', {}, p.name)),
    h('td', { class: 'state' }, h('span', { class: 'badge ' + (p.paused ? 'PAUSED' : p.state) }, p.paused ? 'PAUSED' : p.state)),
    h('td', { class: 'num checkpoint' }, p.checkpoint), h('td', { class: 'num lag' }, p.lagEvents),
    h('td', { class: 'num' }, duration(p.lagMillis)), h('td', { class: 'holder' }, p.holder || '—'),
    h('td', { class: 'num parked' }, p.parked > 0 ? h('a', { href: '#/parked/' + encodeURIComponent(p.name) }, p.parked) : '0'),
    h('td', { class: 'num' }, p.retried), h('td', { class: 'error last-error' }, p.lastError || ''),
    h('td', { class: 'actions' }, actionButton(p.name, 'rebuild', 'Rebuild'), actionButton(p.name, 'reset', 'Reset', 'danger'),
      p.paused || p.state === 'FAILED' ? actionButton(p.name, 'resume', 'Resume') : actionButton(p.name, 'pause', 'Pause'))));
  const charts = projections.map((p) => h('div', { class: 'panel' }, h('strong', {}, p.name), chart(p.history)));
  const partitioned = projections.filter((p) => p.partitioned).map((p) => h('div', { class: 'panel segments', 'data-name': p.name },
    h('strong', {}, p.name + ': generation ' + p.generation + ', ' + p.segments.length + ' segments'),
    h('table', {}, h('thead', {}, h('tr', {}, h('th', { class: 'num' }, 'Segment'), h('th', {}, 'Owner'),
      h('th', { class: 'num' }, 'Epoch'), h('th', { class: 'num' }, 'Checkpoint'), h('th', { class: 'num' }, 'Lag'))),
      h('tbody', {}, p.segments.map((s) => h('tr', {}, h('td', { class: 'num' }, s.segment), h('td', { class: 'owner' }, s.owner || 'unclaimed'),
        h('td', { class: 'num' }, s.epoch), h('td', { class: 'num' }, s.checkpoint), h('td', { class: 'num' }, s.lagEvents)))))));
  show(h('h1', {}, 'Projections'),
    h('table', { id: 'projections' }, h('thead', {}, h('tr', {}, h('th', {}, 'Projection'), h('th', {}, 'State'),
      h('th', { class: 'num' }, 'Checkpoint'), h('th', { class: 'num' }, 'Lag'), h('th', { class: 'num' }, 'Lag time'),
      h('th', {}, 'Lease holder'), h('th', { class: 'num' }, 'Parked'), h('th', { class: 'num' }, 'Retries'),
      h('th', {}, 'Last error'), h('th', {}, state.info.admin ? 'Actions' : 'Actions (read-only)'))),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 10, class: 'muted' }, 'no projections have run on this store')))),
    partitioned.length ? h('h2', {}, 'Segments of partitioned projections') : '', h('div', { class: 'grid', id: 'segments' }, partitioned),
    h('h2', {}, 'Lag over the last minutes'), h('div', { class: 'grid', id: 'charts' }, charts));
  state.timer = setTimeout(render, 2000);
}

async function parkedPage(name) {
  const parked = await api('parked', { projection: name });
  const replay = h('button', { id: 'replay', disabled: !state.info.admin || !parked.length || null, onclick: async () => {
    replay.disabled = true;
    try {
      const result = await admin('projection', { projection: name, action: 'replay' });
      say(result.outcome ? 'replay: ' + result.outcome : 'replay filed as request ' + result.id);
    } catch (e) { say(e.message, true); }
    render();
  } }, 'Replay all');
  const rows = parked.map((p) => h('tr', { 'data-event': p.event.eventId },
    h('td', { class: 'num' }, p.event.logPosition),
    h('td', {}, h('a', { href: '#/stream/' + encodeURIComponent(p.event.stream) }, p.event.stream)),
    h('td', { class: 'num' }, p.event.version), h('td', {}, p.event.type),
    h('td', {}, h('a', { href: '#/event/' + p.event.eventId }, h('code', {}, p.event.eventId))),
    h('td', { class: 'num' }, p.attempts), h('td', {}, time(p.parkedAt)), h('td', { class: 'error' }, p.error),
    h('td', {}, h('button', { class: 'danger skip', disabled: !state.info.admin || null, onclick: async () => {
      if (!confirm('Skip ' + p.event.eventId + '? It will never be applied.')) return;
      try { await admin('parked/skip', { projection: name, eventId: p.event.eventId }); say('skipped ' + p.event.eventId); } catch (e) { say(e.message, true); }
      render();
    } }, 'Skip'))));
  show(h('h1', {}, 'Parked events of ', h('code', {}, name)),
    h('div', { class: 'toolbar' }, replay, h('span', { class: 'muted' }, 'replay applies them again in log order once the cause is fixed; skip drops one for good')),
    h('table', { id: 'parked' }, h('thead', {}, h('tr', {}, h('th', { class: 'num' }, 'Position'), h('th', {}, 'Stream'),
      h('th', { class: 'num' }, 'Version'), h('th', {}, 'Type'), h('th', {}, 'Event id'), h('th', { class: 'num' }, 'Attempts'),
      h('th', {}, 'Parked at'), h('th', {}, 'Error'), h('th', {}, ''))),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 9, class: 'muted', id: 'none-parked' }, 'nothing is parked')))));
}

// ---- the held-back horizon ----

async function horizonPage() {
  const status = await api('horizon');
  if (!status.applies) {
    show(h('h1', {}, 'Horizon'), h('div', { class: 'panel free', id: 'horizon' }, 'This store allocates log positions in commit order: its readers are never held back.'));
    state.timer = setTimeout(render, 5000);
    return;
  }
  const t = status.oldestTransaction;
  show(h('h1', {}, 'Horizon'),
    h('div', { class: 'panel ' + (status.heldBack ? 'held' : 'free'), id: 'horizon' },
      h('h2', { id: 'horizon-verdict' }, status.heldBack ? 'Held back: readers of the global log wait for a transaction' : 'Not held back: readers see every committed event'),
      h('p', { class: 'muted' }, 'horizon at transaction ' + status.horizonTxId),
      t ? h('dl', { id: 'blocker' },
        h('dt', {}, 'backend pid'), h('dd', { id: 'blocker-pid' }, t.pid), h('dt', {}, 'transaction'), h('dd', {}, t.xid),
        h('dt', {}, 'open for'), h('dd', {}, duration(t.ageMillis)), h('dt', {}, 'state'), h('dd', { id: 'blocker-state' }, t.state),
        h('dt', {}, 'application'), h('dd', { id: 'blocker-application' }, t.applicationName),
        h('dt', {}, 'database / user'), h('dd', {}, t.database + ' / ' + t.user),
        h('dt', {}, 'query'), h('dd', {}, h('pre', { id: 'blocker-query' }, t.query)),
        h('dt', {}, 'to end it'), h('dd', {}, h('code', {}, 'select pg_terminate_backend(' + t.pid + ');')))
        : h('p', {}, 'no open transaction holds a transaction id')));
  state.timer = setTimeout(render, 3000);
}

// ---- routing ----

async function render() {
  clearTimeout(state.timer);
  if (state.live) { state.live.close(); state.live = null; }
  const hash = location.hash || '#/streams';
  const [path, query] = hash.slice(1).split('?');
  const params = new URLSearchParams(query || '');
  const parts = path.split('/').filter(Boolean);
  for (const link of document.querySelectorAll('header nav a')) link.classList.toggle('active', link.getAttribute('href') === '#/' + parts[0]);
  try {
    switch (parts[0]) {
      case 'stream': return await streamPage(decodeURIComponent(parts.slice(1).join('/')));
      case 'event': return await eventPage(parts[1]);
      case 'log': return logPage(params);
      case 'projections': return await projectionsPage();
      case 'parked': return await parkedPage(decodeURIComponent(parts.slice(1).join('/')));
      case 'horizon': return await horizonPage();
      default: return await streamsPage(params);
    }
  } catch (e) { failed(e); }
}

async function start() {
  state.info = await api('info');
  document.getElementById('store').textContent = state.info.store;
  if (state.info.admin) {
    const token = document.getElementById('token');
    token.value = sessionStorage.getItem('es4j-token') || '';
    token.addEventListener('change', () => sessionStorage.setItem('es4j-token', token.value));
    token.addEventListener('input', () => sessionStorage.setItem('es4j-token', token.value));
    document.getElementById('admin').classList.remove('hidden');
  } else {
    document.getElementById('readonly').classList.remove('hidden');
  }
  window.addEventListener('hashchange', render);
  await render();
}

start().catch(failed);
