/** Ready-to-paste API calls for a model, with a placeholder token the user swaps in. */

export const TOKEN_PLACEHOLDER = 'YOUR_API_TOKEN';

export function predictUrl(origin: string, modelId: string, version?: number): string {
  const base = `${origin.replace(/\/$/, '')}/api/v1/models/${encodeURIComponent(modelId)}`;
  return version === undefined ? `${base}/predict` : `${base}/versions/${version}/predict`;
}

/** A curl call; the JSON body is single-quoted, so single quotes inside it are escaped. */
export function curlSnippet(url: string, row: Record<string, unknown>): string {
  const body = JSON.stringify({ rows: [row] }, null, 2).replace(/'/g, `'\\''`);
  return [
    `curl -X POST '${url}' \\`,
    `  -H 'Authorization: Bearer ${TOKEN_PLACEHOLDER}' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '${body}'`,
  ].join('\n');
}

function pythonLiteral(value: unknown, indent: string): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'None';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => pythonLiteral(v, indent)).join(', ')}]`;
  if (typeof value === 'object') {
    const inner = `${indent}    `;
    const items = Object.entries(value as Record<string, unknown>).map(
      ([k, v]) => `${inner}${JSON.stringify(k)}: ${pythonLiteral(v, inner)},`,
    );
    return items.length ? `{\n${items.join('\n')}\n${indent}}` : '{}';
  }
  return JSON.stringify(String(value));
}

/** A Python `requests` call printing predictions (and probabilities for classifiers). */
export function pythonSnippet(url: string, row: Record<string, unknown>): string {
  return [
    'import requests',
    '',
    `TOKEN = "${TOKEN_PLACEHOLDER}"  # create one under API tokens`,
    `row = ${pythonLiteral(row, '')}`,
    '',
    'response = requests.post(',
    `    "${url}",`,
    '    headers={"Authorization": f"Bearer {TOKEN}"},',
    '    json={"rows": [row]},',
    '    timeout=30,',
    ')',
    'response.raise_for_status()',
    'result = response.json()',
    'print(result["predictions"], result.get("probabilities"))',
  ].join('\n');
}
