// Validates every Kubernetes object in a multi-document YAML stream (helm template's output, on stdin) against the
// Kubernetes and Prometheus Operator schemas of kubernetes-models. Prints one line per object, "ok" or "FAIL" with
// every schema error, and exits 1 when any object fails or has a kind no schema covers.
// The schema packages check types, enums, patterns and required fields; like the API server's non-strict mode they do
// not flag unknown fields, so the chart tests also assert the fields that matter by path.
import { parseAllDocuments } from 'yaml';

const input = await new Promise((resolve) => {
  let text = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => { text += chunk; });
  process.stdin.on('end', () => resolve(text));
});

let failed = 0;
for (const document of parseAllDocuments(input)) {
  if (document.errors.length > 0) {
    failed++;
    console.log(`FAIL yaml: ${document.errors.map((e) => e.message).join('; ')}`);
    continue;
  }
  const object = document.toJS();
  if (object === null || object === undefined) continue;
  const name = `${object.apiVersion} ${object.kind} ${object.metadata?.name}`;
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : [null, object.apiVersion];
  const module = group === 'monitoring.coreos.com'
    ? `@kubernetes-models/prometheus-operator/${group}/${version}/${object.kind}`
    : `kubernetes-models/${group ? `${group}/` : ''}${version}/${object.kind}`;
  let model;
  try {
    model = (await import(module))[object.kind];
  } catch {
    failed++;
    console.log(`FAIL ${name}: no schema for this kind (${module})`);
    continue;
  }
  try {
    new model(object).validate();
    console.log(`ok ${name}`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}: ${error.message}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
