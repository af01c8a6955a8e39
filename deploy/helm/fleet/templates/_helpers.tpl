{{/* The chart's name. */}}
{{- define "fleet.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release's full name; the StatefulSet's pods are <fullname>-<ordinal>. */}}
{{- define "fleet.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "fleet.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "fleet.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fleet.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The shards' pods (not the registration Job's). */}}
{{- define "fleet.shardSelectorLabels" -}}
{{ include "fleet.selectorLabels" . }}
app.kubernetes.io/component: shard
{{- end -}}

{{- define "fleet.labels" -}}
helm.sh/chart: {{ include "fleet.chart" . }}
{{ include "fleet.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Every edge of the fleet: shards x edgesPerShard. */}}
{{- define "fleet.totalEdges" -}}
{{- mul (int .Values.shards) (int .Values.edgesPerShard) -}}
{{- end -}}

{{/* --db and --db-user (both commands). */}}
{{- define "fleet.dbArgs" -}}
- --db
- {{ required "db.url (a jdbc:postgresql:// URL of Odoo's database) is required" .Values.db.url | quote }}
{{- with .Values.db.user }}
- --db-user
- {{ . | quote }}
{{- end }}
{{- end -}}

{{/* FLEET_DB_PASSWORD from the existing secret (only with db.existingSecret). */}}
{{- define "fleet.dbPasswordEnv" -}}
- name: FLEET_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.db.existingSecret | quote }}
      key: {{ required "db.passwordKey is required with db.existingSecret" .Values.db.passwordKey | quote }}
{{- end -}}

{{/*
Requests = limits = base + edgesPerShard x perEdge (deploy/README.md, sizing), unless .Values.resources
is set.
*/}}
{{/*
Seconds the kubelet waits after SIGTERM: the value, or base + edgesPerShard x perEdgeStopMilli / 1000
(stopping many edges takes longer than one edge's --stop-grace).
*/}}
{{- define "fleet.terminationGrace" -}}
{{- if .Values.terminationGracePeriodSeconds -}}
{{- int .Values.terminationGracePeriodSeconds -}}
{{- else -}}
{{- $s := .Values.sizing -}}
{{- add (int $s.baseStopSeconds) (div (mul (int .Values.edgesPerShard) (int $s.perEdgeStopMilli)) 1000) -}}
{{- end -}}
{{- end -}}

{{- define "fleet.resources" -}}
{{- if .Values.resources -}}
{{- toYaml .Values.resources -}}
{{- else -}}
{{- $n := int .Values.edgesPerShard -}}
{{- $s := .Values.sizing -}}
{{- $memory := add (int $s.baseMemoryMiB) (mul $n (int $s.perEdgeMemoryMiB)) -}}
{{- $cpu := add (int $s.baseCpuMilli) (mul $n (int $s.perEdgeCpuMilli)) -}}
requests:
  cpu: {{ printf "%dm" $cpu | quote }}
  memory: {{ printf "%dMi" $memory | quote }}
limits:
  cpu: {{ printf "%dm" $cpu | quote }}
  memory: {{ printf "%dMi" $memory | quote }}
{{- end -}}
{{- end -}}

{{/*
The shard's wrapper: the ordinal of the pod (<fullname>-<ordinal>, also its HOSTNAME) picks the
range. "$@" is the fleet command line from args; the values never pass through the shell.
*/}}
{{- define "fleet.shardScript" -}}
ordinal="${HOSTNAME##*-}"; case "$ordinal" in ''|*[!0-9]*) echo "fleet shard: no pod ordinal in HOSTNAME=$HOSTNAME" >&2; exit 2;; esac; exec "$@" --first-index "$((ordinal * {{ int .Values.edgesPerShard }}))"
{{- end -}}
