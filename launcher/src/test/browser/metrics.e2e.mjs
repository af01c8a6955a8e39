// /metrics of a running 3-edge fleet, read by a Prometheus text-format parser (npm
// parse-prometheus-text-format), not by a regex. Run by fleet.web.DashboardE2E:
//   node metrics.e2e.mjs <dashboard URL>
import assert from 'node:assert/strict';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

const base = process.argv[2];
if (!base) {
  console.error('usage: node metrics.e2e.mjs <dashboard URL>');
  process.exit(2);
}

try {
  const response = await fetch(new URL('/metrics', base));
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  const families = parsePrometheusTextFormat(await response.text());
  const family = (name, type) => {
    const found = families.find((f) => f.name === name);
    assert.ok(found, 'family ' + name + ' is there');
    assert.equal(found.type, type, name + ' is a ' + type);
    assert.ok(found.help.length > 10, name + ' has a help text');
    return found;
  };
  const value = (name, type) => Number(family(name, type).metrics[0].value);

  const byState = Object.fromEntries(family('fleet_edges', 'GAUGE').metrics.map((m) => [m.labels.state, Number(m.value)]));
  assert.deepEqual(byState, { pending: 0, starting: 0, active: 3, stopping: 0, stopped: 0, failed: 0 });
  assert.equal(value('fleet_edges_online', 'GAUGE'), 3);
  assert.ok(value('fleet_backend_messages_per_second', 'GAUGE') > 0, 'messages are flowing');
  assert.ok(value('fleet_backend_messages_received_total', 'COUNTER') > 0);
  assert.ok(value('fleet_uptime_seconds', 'GAUGE') > 0);
  const memory = Object.fromEntries(family('fleet_jvm_memory_used_bytes', 'GAUGE').metrics
    .map((m) => [m.labels.area, Number(m.value)]));
  assert.ok(memory.heap > 1e6 && memory.metaspace > 1e6, JSON.stringify(memory));
  assert.ok(value('fleet_jvm_heap_max_bytes', 'GAUGE') >= memory.heap);
  assert.ok(value('fleet_jvm_threads', 'GAUGE') > 10);
  assert.ok(value('fleet_process_resident_memory_bytes', 'GAUGE') > memory.heap / 4);
  assert.ok(value('fleet_process_cpu_seconds_total', 'COUNTER') > 0);

  const states = family('fleet_edge_state', 'GAUGE').metrics;
  assert.deepEqual(states.map((m) => [m.labels.edge, m.labels.state, m.value]),
    [['edge0', 'active', '1'], ['edge1', 'active', '1'], ['edge2', 'active', '1']]);
  const online = family('fleet_edge_online', 'GAUGE').metrics;
  assert.deepEqual(online.map((m) => [m.labels.edge, m.value]), [['edge0', '1'], ['edge1', '1'], ['edge2', '1']]);
  assert.equal(value('fleet_edges_healthy', 'GAUGE'), 3);
  const healthy = family('fleet_edge_healthy', 'GAUGE').metrics;
  assert.deepEqual(healthy.map((m) => [m.labels.edge, m.value]), [['edge0', '1'], ['edge1', '1'], ['edge2', '1']]);
  const cycle = family('fleet_edge_cycle_milliseconds', 'GAUGE').metrics;
  assert.ok(cycle.length === 3 && cycle.every((m) => Number(m.value) > 0), JSON.stringify(cycle));
  // OpenEMS's energy counters as Prometheus counters (the test app's Sum has production and consumption)
  const produced = family('fleet_edge_production_watthours_total', 'COUNTER').metrics;
  assert.deepEqual(produced.map((m) => m.labels.edge), ['edge0', 'edge1', 'edge2']);
  assert.ok(produced.every((m) => Number(m.value) >= 0), JSON.stringify(produced));
  // per edge these series, and the _sum figures where the edge has them (the test app has no power values)
  const perEdge = families.filter((f) => f.metrics.some((m) => m.labels && m.labels.edge)).map((f) => f.name);
  assert.deepEqual(perEdge.sort(), ['fleet_edge_consumption_watthours_total', 'fleet_edge_cycle_milliseconds',
    'fleet_edge_healthy', 'fleet_edge_online', 'fleet_edge_production_watthours_total', 'fleet_edge_state']);

  console.log('metrics: ' + families.length + ' families parsed: ' + families.map((f) => f.name).join(', '));
  console.log('metrics e2e: ok');
} catch (e) {
  console.error('metrics e2e failed: ' + (e.stack || e));
  process.exitCode = 1;
}
