// fleet's dashboard: polls the JSON API, updates only what changed, draws its own charts.
// No library, nothing from another host: it must work offline and with 500 edges.
'use strict';

const POLL_MS = 1500;
const HISTORY_POINTS = 900;
const $ = (id) => document.getElementById(id);

// The token comes once in the URL fleet printed; it stays in this tab only and leaves the address bar.
const TOKEN = (() => {
  const params = new URLSearchParams(location.search);
  if (params.has('token')) {
    sessionStorage.setItem('fleet-token', params.get('token'));
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', location.pathname + (rest ? '?' + rest : ''));
  }
  return sessionStorage.getItem('fleet-token');
})();

const rows = new Map(); // edge name -> { tr, cells, edge }
const chart = { at: [], online: [], rate: [] };
let serverNow = Date.now();
let lastSampleAt = 0;
// How long the last updates of header, table and charts took (ms), newest last: for the scale benchmark.
window.fleetUpdateMs = [];
let receiverCounts = true;
const busy = new Map(); // edge name -> what is being done

// ---------- formatting ----------

function bytes(n) {
  if (n == null || n < 0) return '–';
  if (n >= 1 << 30) return (n / (1 << 30)).toFixed(2) + ' GiB';
  return (n / (1 << 20)).toFixed(0) + ' MiB';
}

function duration(seconds) {
  seconds = Math.max(0, Math.round(seconds));
  if (seconds < 60) return seconds + ' s';
  if (seconds < 3600) return Math.floor(seconds / 60) + ' min ' + (seconds % 60) + ' s';
  const h = Math.floor(seconds / 3600);
  if (h < 48) return h + ' h ' + Math.floor((seconds % 3600) / 60) + ' min';
  return Math.floor(h / 24) + ' d ' + (h % 24) + ' h';
}

function ago(iso) {
  if (!iso) return '–';
  return duration((serverNow - Date.parse(iso)) / 1000) + ' ago';
}

function clock(iso) {
  return iso ? new Date(iso).toLocaleTimeString() : '';
}

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

function watts(w) {
  return w == null ? '–' : Math.abs(w) >= 1000 ? (w / 1000).toFixed(1) + ' kW' : w + ' W';
}

function setTitle(el, text) {
  if (el.title !== text) el.title = text;
}

// ---------- header ----------

function showFleet(f) {
  serverNow = Date.parse(f.now);
  receiverCounts = f.backend.startsWith('built-in receiver');
  setText($('backend'), f.backend);
  showBackendProcesses(f.backendProcesses || []);
  setTitle($('backend'), 'edge application: ' + f.edgeApp + '\nwork dir: ' + f.workDir);
  setText($('t-running'), f.edges.running + ' / ' + f.edges.total);
  setText($('t-online'), String(f.edges.online));
  setText($('t-healthy'), String(f.edges.healthy));
  $('t-healthy').classList.toggle('bad', f.edges.healthy < f.edges.online);
  setText($('t-failed'), String(f.edges.failed));
  $('t-failed').classList.toggle('bad', f.edges.failed > 0);
  setText($('t-uptime'), duration(f.uptimeSeconds));
  setText($('t-rate'), receiverCounts ? f.messagesPerSecond.toFixed(1) : 'n/a');
  setTitle($('t-rate'), receiverCounts ? 'messages per second at the built-in receiver, last 5 s'
    : 'only the built-in receiver counts messages');
  const j = f.jvm;
  setText($('t-heap'), bytes(j.heapUsed) + ' / ' + bytes(j.heapMax));
  setText($('t-metaspace'), bytes(j.metaspaceUsed));
  setText($('t-rss'), bytes(j.rss));
  setText($('t-threads'), String(j.threads));
  setText($('t-cpu'), j.cpuPercent < 0 ? '–' : Math.round(j.cpuPercent) + ' %');
  setTitle($('t-cpu'), 'of one core; ' + j.cores + ' cores');
  setText($('rate-caption'), receiverCounts ? 'messages per second (built-in receiver)'
    : 'messages per second: counted only by the built-in receiver');
  if (serverNow > lastSampleAt) {
    lastSampleAt = serverNow;
    push(serverNow, f.edges.online, f.messagesPerSecond);
  }
}

function push(at, online, rate) {
  chart.at.push(at);
  chart.online.push(online);
  chart.rate.push(rate);
  if (chart.at.length > HISTORY_POINTS) {
    chart.at.shift();
    chart.online.shift();
    chart.rate.shift();
  }
}

// ---------- charts ----------

function draw(canvas, values, color) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const g = canvas.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  const left = 36, bottom = height - 16, top = 6, right = width - 4;
  const max = Math.max(1, ...values);
  const scale = niceMax(max);
  g.font = '10px system-ui, sans-serif';
  g.fillStyle = '#6b7485';
  g.strokeStyle = '#dde1e7';
  g.lineWidth = 1;
  for (const fraction of [0, 0.5, 1]) {
    const y = bottom - (bottom - top) * fraction;
    g.beginPath();
    g.moveTo(left, y);
    g.lineTo(right, y);
    g.stroke();
    g.fillText(formatAxis(scale * fraction), 2, y + 3);
  }
  const span = 15 * 60 * 1000;
  const end = chart.at.length ? chart.at[chart.at.length - 1] : Date.now();
  const x = (t) => right - (end - t) / span * (right - left);
  g.fillText('−15 min', left, height - 2);
  g.fillText('now', right - 18, height - 2);
  g.strokeStyle = color;
  g.lineWidth = 1.5;
  g.beginPath();
  let started = false;
  for (let i = 0; i < values.length; i++) {
    if (end - chart.at[i] > span) continue;
    const px = x(chart.at[i]);
    const py = bottom - (bottom - top) * values[i] / scale;
    if (!started) { g.moveTo(px, py); started = true; } else { g.lineTo(px, py); }
  }
  g.stroke();
}

function niceMax(max) {
  const power = Math.pow(10, Math.floor(Math.log10(max)));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= max) return step * power;
  }
  return max;
}

function formatAxis(v) {
  return v >= 1000 ? (v / 1000).toFixed(v % 1000 ? 1 : 0) + 'k' : String(Math.round(v * 10) / 10);
}

function drawCharts() {
  draw($('chart-online'), chart.online, '#1f8a4c');
  draw($('chart-rate'), chart.rate, '#2b6cb0');
}

// ---------- table ----------

const COLUMNS = ['name', 'state', 'bundles', 'components', 'says', 'backend', 'openems', 'cycle', 'power', 'household', 'last',
  'rest', 'ws', 'log', 'actions'];

function makeRow(edge) {
  const tr = document.createElement('tr');
  tr.dataset.edge = edge.name;
  const cells = {};
  for (const column of COLUMNS) {
    const td = document.createElement('td');
    td.className = 'c-' + column;
    tr.appendChild(td);
    cells[column] = td;
  }
  setText(cells.name, edge.name);
  for (const [kind, port] of [['rest', edge.ports.rest], ['ws', edge.ports.websocket]]) {
    if (port > 0) {
      const a = document.createElement('a');
      a.href = (kind === 'rest' ? 'http://' : 'ws://') + location.hostname + ':' + port + '/';
      a.textContent = String(port);
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      cells[kind].appendChild(a);
    } else {
      cells[kind].textContent = '–';
    }
  }
  const log = document.createElement('a');
  log.href = edge.log;
  log.textContent = 'tail';
  log.target = '_blank';
  log.rel = 'noopener noreferrer';
  cells.log.appendChild(log);
  for (const action of ['restart', 'stop', 'start', 'cut', 'credentials']) {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.action = action;
    button.textContent = action;
    button.disabled = !TOKEN;
    cells.actions.appendChild(button);
  }
  const stateText = document.createElement('span');
  const stateNote = document.createElement('small');
  cells.state.append(stateText, ' ', stateNote);
  const backendText = document.createElement('span');
  const cutText = document.createElement('span');
  cutText.className = 'cut';
  cells.backend.append(backendText, ' ', cutText);
  return { tr, cells, stateText, stateNote, backendText, cutText, edge };
}

/** --with-backend: each process of the OpenEMS Backend fleet runs, with a link to its log. */
function showBackendProcesses(processes) {
  const text = processes.map((p) => p.name + ' ' + p.state.toLowerCase() + (p.pid > 0 ? ' pid ' + p.pid : '')
    + ' :' + p.port + (p.uptimeSeconds != null ? ' up ' + p.uptimeSeconds + ' s' : '')).join(' · ');
  const box = $('backend-processes');
  if (box.dataset.text === text) return;
  box.dataset.text = text;
  box.replaceChildren();
  for (const p of processes) {
    const a = document.createElement('a');
    a.href = p.log;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    a.textContent = p.name + ' ' + p.state.toLowerCase() + (p.pid > 0 ? ' pid ' + p.pid : '') + ' :' + p.port
      + (p.uptimeSeconds != null ? ' up ' + p.uptimeSeconds + ' s' : '');
    a.title = 'its log';
    box.append(' · ', a);
  }
}

function kwh(wh) {
  return wh == null ? '–' : (wh / 1000).toFixed(1) + ' kWh';
}

function updateRow(row, edge) {
  row.edge = edge;
  const c = row.cells;
  const doing = busy.get(edge.name);
  setText(row.stateText, edge.state);
  setText(row.stateNote, doing ? doing + '…' : 'since ' + clock(edge.stateSince));
  setTitle(c.state, edge.failure || ('since ' + edge.stateSince));
  setText(c.bundles, edge.bundles.total ? edge.bundles.active + ' / ' + edge.bundles.total : '–');
  const k = edge.components;
  setText(c.components, edge.state === 'ACTIVE' ? k.active + ' / ' + k.unsatisfied + ' / ' + k.failed : '–');
  setText(c.says, edge.edgeConnection.toLowerCase());
  setText(row.backendText, edge.backend.state.toLowerCase());
  setText(row.cutText, edge.backend.cutUntil ? 'cut until ' + clock(edge.backend.cutUntil) : '');
  setTitle(c.backend, edge.backend.reason || (edge.onlineSince ? 'online since ' + edge.onlineSince : ''));
  const h = edge.health;
  const running = edge.state === 'ACTIVE';
  setText(c.openems, running && h.state ? h.state.toLowerCase() + (edge.healthy ? '' : ' ⚠') : '–');
  // healthy with State Info: the informative messages OpenEMS has (a problem already names them)
  setTitle(c.openems, [h.problem || (edge.healthy ? 'healthy' : ''), ...(edge.healthy ? h.messages || [] : []),
    h.healed].filter(Boolean).join('\n'));
  setText(c.cycle, running && h.cycleMillis != null ? h.cycleMillis + ' ms' : '–');
  setText(c.power, running && h.productionW != null ? watts(h.productionW) + ' / ' + watts(h.consumptionW) + ' / '
    + watts(h.gridW) + (h.socPercent != null ? ' · ' + h.socPercent + ' %' : '') : '–');
  setText(c.household, edge.household ? edge.household.summary : '–');
  const e = h.energy || {};
  setTitle(c.household, e.productionWh != null ? 'OpenEMS counted: produced ' + kwh(e.productionWh) + ', consumed '
    + kwh(e.consumptionWh) + ', grid buy ' + kwh(e.gridBuyWh) + ' / sell ' + kwh(e.gridSellWh) + ', battery charge '
    + kwh(e.essChargeWh) + ' / discharge ' + kwh(e.essDischargeWh) : '');
  setText(c.last, ago(edge.backend.lastMessage));
  setTitle(c.last, edge.lastCycle ? 'last cycle ' + edge.lastCycle : '');
  const health = edge.state === 'FAILED' ? 'bad'
    : edge.state === 'STOPPED' ? 'stopped' : edge.healthy ? 'ok' : 'warn';
  const className = health + (doing ? ' busy' : '');
  if (row.tr.className !== className) row.tr.className = className;
}

function matches(edge, filter, search) {
  if (search && !edge.name.includes(search)) return false;
  switch (filter) {
    case 'all': return true;
    case 'online': return edge.online;
    case 'offline': return !edge.online;
    case 'unhealthy': return !edge.healthy;
    case 'starting': return ['PENDING', 'STARTING', 'STOPPING'].includes(edge.state);
    case 'cut': return edge.backend.cutUntil != null;
    default: return edge.state === filter;
  }
}

function applyFilter() {
  const filter = $('filter').value;
  const search = $('search').value.trim();
  let shown = 0;
  for (const row of rows.values()) {
    const visible = matches(row.edge, filter, search);
    if (row.tr.hidden === visible) row.tr.hidden = !visible;
    if (visible) shown++;
  }
  setText($('shown'), shown + ' of ' + rows.size + ' shown');
}

function showEdges(list) {
  serverNow = Date.parse(list.now);
  const body = document.querySelector('#edges tbody');
  const seen = new Set();
  let added = false;
  for (const edge of list.edges) {
    seen.add(edge.name);
    let row = rows.get(edge.name);
    if (!row) {
      row = makeRow(edge);
      rows.set(edge.name, row);
      added = true;
    }
    updateRow(row, edge);
  }
  for (const [name, row] of rows) {
    if (!seen.has(name)) {
      row.tr.remove();
      rows.delete(name);
    }
  }
  if (added) {
    // new edges: put every row in index order once (appending moves a row that is already there)
    [...rows.values()].sort((a, b) => a.edge.index - b.edge.index).forEach((row) => body.appendChild(row.tr));
  }
  applyFilter();
}

// ---------- polling ----------

async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  if (!response.ok) throw new Error(path + ': HTTP ' + response.status);
  return response.json();
}

async function poll() {
  try {
    const [fleet, edges] = await Promise.all([getJson('/api/fleet'), getJson('/api/edges')]);
    const started = performance.now();
    showFleet(fleet);
    showEdges(edges);
    drawCharts();
    window.fleetUpdateMs.push(performance.now() - started);
    if (window.fleetUpdateMs.length > 20) window.fleetUpdateMs.shift();
    setText($('connection'), 'live');
    $('connection').className = 'pill live';
  } catch (e) {
    setText($('connection'), 'fleet not answering');
    $('connection').className = 'pill down';
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

async function loadHistory() {
  try {
    const h = await getJson('/api/history');
    for (let i = 0; i < h.at.length; i++) push(h.at[i], h.online[i], h.messagesPerSecond[i]);
    if (h.at.length) lastSampleAt = h.at[h.at.length - 1];
  } catch (e) {
    // the charts start empty then
  }
}

// ---------- actions ----------

function status(text, error) {
  setText($('status'), text);
  $('status').className = error ? 'error' : 'muted';
}

async function post(path) {
  const response = await fetch(path, { method: 'POST', headers: { 'X-Fleet-Token': TOKEN }, cache: 'no-store' });
  let body = {};
  try { body = await response.json(); } catch (e) { /* not JSON */ }
  if (!response.ok) throw new Error(body.error || ('HTTP ' + response.status));
  return body;
}

const DOING = { restart: 'restarting', stop: 'stopping', start: 'starting', cut: 'cutting' };

async function edgeAction(name, action) {
  const seconds = parseInt($('cut-seconds').value, 10);
  const path = '/api/edges/' + encodeURIComponent(name) + '/'
    + (action === 'cut' ? 'cut-backend?seconds=' + seconds : action);
  busy.set(name, DOING[action]);
  const row = rows.get(name);
  if (row) updateRow(row, row.edge);
  status(DOING[action] + ' ' + name + '…');
  try {
    const answer = await post(path);
    status(name + ': ' + action + (action === 'cut' ? ' for ' + seconds + ' s' : '') + ' done');
    busy.delete(name);
    if (answer.status && rows.get(name)) updateRow(rows.get(name), answer.status);
  } catch (e) {
    busy.delete(name);
    status(name + ': ' + action + ' failed: ' + e.message, true);
  }
  if (rows.get(name)) updateRow(rows.get(name), rows.get(name).edge);
}

// The passwords of the edge's OpenEMS users: asked with the token, shown in the status line only.
async function showCredentials(name) {
  try {
    const answer = await post('/api/edges/' + encodeURIComponent(name) + '/credentials');
    const users = Object.entries(answer.users || {}).map(([user, password]) => user + ' ' + password);
    status(name + ': ' + (users.length ? users.join(' · ') : answer.note));
  } catch (e) {
    status(name + ': credentials failed: ' + e.message, true);
  }
}

async function fleetAction(action) {
  const count = parseInt($('count').value, 10);
  status((action === 'add-edges' ? 'adding ' : 'removing ') + count + ' edges…');
  $('add').disabled = $('remove').disabled = true;
  try {
    const answer = await post('/api/fleet/' + action + '?count=' + count);
    status((action === 'add-edges' ? 'added ' : 'removed ') + answer.edges.join(', '));
  } catch (e) {
    status(action + ' failed: ' + e.message, true);
  } finally {
    $('add').disabled = $('remove').disabled = !TOKEN;
  }
}

function wire() {
  $('filter').addEventListener('change', applyFilter);
  $('search').addEventListener('input', applyFilter);
  document.querySelector('#edges tbody').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    const name = button.closest('tr').dataset.edge;
    if (button.dataset.action === 'credentials') showCredentials(name);
    else edgeAction(name, button.dataset.action);
  });
  $('add').addEventListener('click', () => fleetAction('add-edges'));
  $('remove').addEventListener('click', () => fleetAction('remove-edges'));
  $('add').disabled = $('remove').disabled = !TOKEN;
  $('actions-off').hidden = !!TOKEN;
  window.addEventListener('resize', drawCharts);
}

wire();
loadHistory().then(poll);
