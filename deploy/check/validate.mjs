// Validates manifests rendered by `helm template` (scripts/check-chart):
//   node validate.mjs [--shards N --edges-per-shard M] rendered.yaml
//
// 1. Every object against the Kubernetes schemas of kubernetes-models (the official OpenAPI
//    definitions compiled to ajv validators: types, required fields, enums, formats), and the
//    ServiceMonitor against prometheus-operator's CRD schema (@kubernetes-models/prometheus-operator).
//    Those validators do not reject unknown fields, so every object is handed to them behind a Proxy
//    that records which keys the validator reads: a compiled validator reads each property its
//    schema defines (and every key of a map), so a key that is never read is not in the schema.
// 2. The ServiceMonitor's apiVersion, kind and required fields, checked here as well (no built-in schema).
// 3. With --shards/--edges-per-shard: the StatefulSet's wrapper, run with sh for each pod name
//    (HOSTNAME=<name>-<ordinal>), must start fleet with --first-index ordinal x edgesPerShard and
//    --edges edgesPerShard; the registration Job must register shards x edgesPerShard from 0.
// Prints one line per object; exits 1 on any failure.
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { parseAllDocuments } from "yaml";
import * as core from "kubernetes-models/v1";
import * as apps from "kubernetes-models/apps/v1";
import * as batch from "kubernetes-models/batch/v1";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";

const MODELS = {
  "v1/Service": core.Service,
  "v1/Secret": core.Secret,
  "v1/ConfigMap": core.ConfigMap,
  "v1/ServiceAccount": core.ServiceAccount,
  "apps/v1/StatefulSet": apps.StatefulSet,
  "batch/v1/Job": batch.Job,
  "monitoring.coreos.com/v1/ServiceMonitor": ServiceMonitor,
};

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args.splice(i, 2)[1];
  return Number.parseInt(v, 10);
};
const shards = opt("--shards");
const edgesPerShard = opt("--edges-per-shard");
if (args.length !== 1) {
  console.error("usage: node validate.mjs [--shards N --edges-per-shard M] rendered.yaml");
  process.exit(2);
}

const failures = [];
const fail = (what, msg) => failures.push(`${what}: ${msg}`);

/** A deep copy of data whose objects record the keys read from them. */
function tracked(data, path, objects) {
  if (data === null || typeof data !== "object") return data;
  if (Array.isArray(data)) return data.map((v, i) => tracked(v, `${path}/${i}`, objects));
  const copy = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, tracked(v, `${path}/${k}`, objects)]));
  const read = new Set();
  objects.push({ path, keys: Object.keys(data), read });
  return new Proxy(copy, {
    get(target, key, receiver) {
      if (typeof key === "string") read.add(key);
      return Reflect.get(target, key, receiver);
    },
  });
}

function validate(obj, what) {
  const model = MODELS[`${obj.apiVersion}/${obj.kind}`];
  if (!model) return fail(what, `no schema for ${obj.apiVersion} ${obj.kind} (add it to validate.mjs)`);
  const objects = [];
  try {
    model.prototype.validate.call(tracked(obj, "", objects));
  } catch (e) {
    fail(what, `schema: ${String(e.message).split("\n").slice(0, 6).join("; ")}`);
  }
  const unknown = objects.flatMap((o) => o.keys.filter((k) => !o.read.has(k)).map((k) => `${o.path}/${k}`));
  // Report an unknown field once, not the fields under it.
  const top = unknown.filter((p) => !unknown.some((q) => q !== p && p.startsWith(q + "/")));
  if (top.length) fail(what, `unknown field(s): ${top.join(", ")}`);
}

function checkServiceMonitor(sm, what) {
  if (sm.apiVersion !== "monitoring.coreos.com/v1") fail(what, `apiVersion ${sm.apiVersion}`);
  if (!sm.metadata?.name) fail(what, "metadata.name missing");
  const spec = sm.spec ?? {};
  if (!spec.selector || typeof spec.selector !== "object") fail(what, "spec.selector missing");
  if (!Array.isArray(spec.endpoints) || spec.endpoints.length === 0) fail(what, "spec.endpoints missing or empty");
  for (const [i, ep] of (spec.endpoints ?? []).entries()) {
    if (!ep.port && !ep.targetPort) fail(what, `spec.endpoints[${i}] names no port`);
    if (ep.path !== undefined && ep.path !== "/metrics") fail(what, `spec.endpoints[${i}].path ${ep.path}`);
  }
}

/** The values after flag in a container's argument list. */
const flag = (list, name) => {
  const i = list.lastIndexOf(name);
  return i < 0 ? undefined : list[i + 1];
};

function checkShards(sts, job) {
  const what = `StatefulSet/${sts.metadata.name}`;
  if (sts.spec.replicas !== shards) fail(what, `replicas ${JSON.stringify(sts.spec.replicas)}, expected ${shards}`);
  const c = sts.spec.template.spec.containers[0];
  const [sh, dashC, script, name, ...rest] = c.command;
  if (sh !== "sh" || dashC !== "-c" || rest.length) return fail(what, `command is not sh -c SCRIPT NAME: ${c.command}`);
  const lines = [];
  const before = failures.length;
  for (let ordinal = 0; ordinal < shards; ordinal++) {
    const hostname = `${sts.metadata.name}-${ordinal}`;
    // The real wrapper and arguments, with echo in front of the program, so it prints what it would exec.
    const out = execFileSync("sh", ["-c", script, name, "echo", ...c.args], {
      env: { PATH: process.env.PATH, HOSTNAME: hostname },
      encoding: "utf8",
    }).trim().split(" ");
    const first = flag(out, "--first-index");
    const edges = flag(out, "--edges");
    if (first !== String(ordinal * edgesPerShard)) fail(what, `${hostname}: --first-index ${first}, expected ${ordinal * edgesPerShard}`);
    if (edges !== String(edgesPerShard)) fail(what, `${hostname}: --edges ${edges}, expected ${edgesPerShard}`);
    if (!out.includes("run")) fail(what, `${hostname}: no run command`);
    lines.push(`${hostname} → edge${first}..edge${Number(first) + Number(edges) - 1}`);
  }
  try {
    execFileSync("sh", ["-c", script, name, "echo"], { env: { PATH: process.env.PATH, HOSTNAME: "fleet" }, stdio: "pipe" });
    fail(what, "the wrapper started fleet although HOSTNAME has no ordinal");
  } catch (e) {
    if (e.status !== 2) fail(what, `HOSTNAME without ordinal: exit ${e.status}, expected 2`);
  }
  console.log(`${failures.length === before ? "ok  " : "FAIL"} shard ranges: ${lines.join(", ")}`);

  if (!job) return fail("Job register", "missing");
  const jwhat = `Job/${job.metadata.name}`;
  const jbefore = failures.length;
  const hooks = job.metadata.annotations ?? {};
  if (hooks["helm.sh/hook"] !== "pre-install,pre-upgrade") fail(jwhat, `helm.sh/hook ${hooks["helm.sh/hook"]}`);
  if (hooks["helm.sh/hook-delete-policy"] !== "before-hook-creation") fail(jwhat, "hook-delete-policy");
  const jc = job.spec.template.spec.containers[0];
  const jargs = [...jc.command, ...jc.args];
  if (!jargs.includes("register")) fail(jwhat, "does not run fleet register");
  if (flag(jargs, "--edges") !== String(shards * edgesPerShard)) fail(jwhat, `--edges ${flag(jargs, "--edges")}, expected ${shards * edgesPerShard}`);
  if (flag(jargs, "--first-index") !== "0") fail(jwhat, "--first-index is not 0");
  const db = flag(c.args, "--db");
  if (flag(jargs, "--db") !== db) fail(jwhat, `--db ${flag(jargs, "--db")} is not the shards' ${db}`);
  console.log(`${failures.length === jbefore ? "ok  " : "FAIL"} register Job: edge0..edge${shards * edgesPerShard - 1} (${hooks["helm.sh/hook"]})`);
}

function checkShardPod(sts) {
  const what = `StatefulSet/${sts.metadata.name}`;
  const pod = sts.spec.template.spec;
  const c = pod.containers[0];
  if (c.livenessProbe?.httpGet?.path !== "/healthz") fail(what, "liveness probe is not GET /healthz");
  if (c.readinessProbe?.httpGet?.path !== "/readyz") fail(what, "readiness probe is not GET /readyz");
  if (!(c.ports ?? []).some((p) => p.name === "http" && p.containerPort === 8090)) fail(what, "no port http 8090");
  if (pod.securityContext?.runAsNonRoot !== true) fail(what, "not runAsNonRoot");
  for (const [f, v] of [["--dashboard-bind", "0.0.0.0"], ["--dashboard-port", "8090"], ["--work-dir", "/data/fleet-work"]]) {
    if (flag(c.args, f) !== v) fail(what, `${f} ${flag(c.args, f)}, expected ${v}`);
  }
  if (!(sts.spec.volumeClaimTemplates ?? []).some((t) => t.metadata.name === "data")) fail(what, "no volumeClaimTemplate data");
  if (!(c.volumeMounts ?? []).some((m) => m.name === "data" && m.mountPath === "/data")) fail(what, "data is not mounted at /data");
  const limits = c.resources?.limits ?? {};
  if (!limits.memory || !c.resources?.requests?.memory) fail(what, "no memory request/limit");
}

const text = readFileSync(args[0], "utf8");
const docs = parseAllDocuments(text);
const objects = [];
for (const doc of docs) {
  if (doc.errors.length) {
    fail(args[0], `YAML: ${doc.errors[0].message}`);
    continue;
  }
  const obj = doc.toJS();
  if (obj !== null && obj !== undefined) objects.push(obj);
}
for (const obj of objects) {
  const what = `${obj.kind}/${obj.metadata?.name}`;
  const before = failures.length;
  validate(obj, what);
  if (obj.kind === "ServiceMonitor") checkServiceMonitor(obj, what);
  if (obj.kind === "StatefulSet") checkShardPod(obj);
  console.log(`${failures.length === before ? "ok  " : "FAIL"} ${obj.apiVersion} ${what}`);
}
const sts = objects.filter((o) => o.kind === "StatefulSet");
if (sts.length !== 1) fail(args[0], `${sts.length} StatefulSets, expected 1`);
if (shards !== undefined && sts.length === 1) {
  checkShards(sts[0], objects.find((o) => o.kind === "Job" && o.metadata.name.endsWith("-register")));
}
for (const f of failures) console.log(`FAIL ${f}`);
console.log(`${objects.length} objects, ${failures.length} failure(s)`);
process.exit(failures.length ? 1 : 0);
