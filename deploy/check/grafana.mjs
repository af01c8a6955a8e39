// Checks deploy/grafana/fleet.json (scripts/check-chart): valid JSON, a ${DS_PROMETHEUS} input used
// by every panel, and every fleet_* metric it queries is one that README's "Prometheus metrics" lists.
//   node grafana.mjs fleet.json README.md
import { readFileSync } from "node:fs";

const [file, readme] = process.argv.slice(2);
const dash = JSON.parse(readFileSync(file, "utf8"));
const text = readFileSync(readme, "utf8");
const section = text.slice(text.indexOf("### Prometheus metrics"), text.indexOf("### `fleet status`"));
const known = new Set(section.match(/fleet_[a-z_]+/g) ?? []);
const failures = [];
if (!dash.__inputs?.some((i) => i.name === "DS_PROMETHEUS" && i.pluginId === "prometheus")) failures.push("no DS_PROMETHEUS input");
if (!(dash.schemaVersion >= 36)) failures.push(`schemaVersion ${dash.schemaVersion}`);
const used = new Set();
for (const p of dash.panels ?? []) {
  if (p.datasource?.uid !== "${DS_PROMETHEUS}") failures.push(`panel ${p.title}: datasource is not \${DS_PROMETHEUS}`);
  if (!p.targets?.length) failures.push(`panel ${p.title}: no query`);
  for (const t of p.targets ?? []) {
    for (const m of t.expr.match(/fleet_[a-z_]+/g) ?? []) {
      used.add(m);
      if (!known.has(m)) failures.push(`panel ${p.title}: ${m} is not a metric fleet exports (README, Prometheus metrics)`);
    }
  }
}
for (const f of failures) console.log(`FAIL ${f}`);
console.log(`${dash.panels.length} panels, metrics: ${[...used].sort().join(" ")}; ${failures.length} failure(s)`);
process.exit(failures.length ? 1 : 0);
