import type { DemoData } from '../modules/demo/index.ts';

/** The demo logins printed on first start: one per role, the most useful first. */
export function demoLoginTable(data: DemoData, apiToken: string, open311Key: string): string {
  const seen = new Set<string>();
  const lines = data.accounts
    .filter((a) => (seen.has(a.role) ? false : (seen.add(a.role), true)))
    .map((a) => `    ${a.username.padEnd(22)} ${a.password.padEnd(14)} ${a.role.padEnd(16)} ${a.displayName}`);
  return [
    '',
    '  Demo data loaded. Sign in with (all demo logins: docs/demo-data.md):',
    `    ${'username'.padEnd(22)} ${'password'.padEnd(14)} ${'role'.padEnd(16)} name`,
    ...lines,
    '',
    `  API token (county centre): ${apiToken}`,
    `  Open311 api_key:           ${open311Key}   (GeoReport v2 at /open311/v2/discovery.json)`,
    '',
  ].join('\n');
}
