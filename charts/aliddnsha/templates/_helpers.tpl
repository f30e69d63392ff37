{{/* Names, labels and the pieces the templates share. */}}

{{- define "aliddnsha.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "aliddnsha.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "aliddnsha.selectorLabels" -}}
app.kubernetes.io/name: {{ include "aliddnsha.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "aliddnsha.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "aliddnsha.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "aliddnsha.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "aliddnsha.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "aliddnsha.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{- define "aliddnsha.configMapName" -}}
{{- default (include "aliddnsha.fullname" .) .Values.existingConfigMap }}
{{- end }}

{{/* Whether the chart creates the Secret: any value under secrets.alibabaCloud or secrets.tsig. */}}
{{- define "aliddnsha.createSecret" -}}
{{- if or .Values.secrets.alibabaCloud.accessKeyId .Values.secrets.alibabaCloud.accessKeySecret .Values.secrets.tsig }}true{{ end }}
{{- end }}

{{- define "aliddnsha.secretName" -}}
{{- if .Values.secrets.existingSecret.name }}
{{- .Values.secrets.existingSecret.name }}
{{- else }}
{{- include "aliddnsha.fullname" . }}
{{- end }}
{{- end }}

{{/* Whether a Secret (the chart's or existingSecret) is mounted at /run/secrets/aliddnsha. */}}
{{- define "aliddnsha.hasSecret" -}}
{{- if or .Values.secrets.existingSecret.name (include "aliddnsha.createSecret" .) }}true{{ end }}
{{- end }}

{{- define "aliddnsha.alibabaCloudSecret" -}}
{{- if .Values.secrets.existingSecret.name }}
{{- if .Values.secrets.existingSecret.alibabaCloud }}true{{ end }}
{{- else if or .Values.secrets.alibabaCloud.accessKeyId .Values.secrets.alibabaCloud.accessKeySecret }}true{{ end }}
{{- end }}

{{- define "aliddnsha.tsigProviders" -}}
{{- if .Values.secrets.existingSecret.name }}
{{- toJson .Values.secrets.existingSecret.tsigProviders }}
{{- else }}
{{- toJson (keys .Values.secrets.tsig | sortAlpha) }}
{{- end }}
{{- end }}

{{- define "aliddnsha.webConfigSecretName" -}}
{{- default (printf "%s-web" (include "aliddnsha.fullname" .)) .Values.webConfig.existingSecret }}
{{- end }}

{{- define "aliddnsha.scheme" -}}
{{- if and .Values.webConfig.enabled .Values.webConfig.tls }}HTTPS{{ else }}HTTP{{ end }}
{{- end }}

{{/* Every Port under config.Targets (the target's and its sources'): the ports the controller probes. */}}
{{- define "aliddnsha.probePorts" -}}
{{- $ports := list }}
{{- range $target := (.Values.config.Targets | default list) }}
{{- if $target.Port }}{{ $ports = append $ports (int $target.Port) }}{{ end }}
{{- range $source := ($target.Sources | default list) }}
{{- if $source.Port }}{{ $ports = append $ports (int $source.Port) }}{{ end }}
{{- end }}
{{- end }}
{{- toJson ($ports | uniq) }}
{{- end }}

{{/* A kubelet probe from values, with the scheme the web configuration asks for. */}}
{{- define "aliddnsha.probe" -}}
{{- $probe := deepCopy .probe }}
{{- if $probe.httpGet }}
{{- $_ := set $probe.httpGet "scheme" (include "aliddnsha.scheme" .root) }}
{{- end }}
{{- toYaml $probe }}
{{- end }}
