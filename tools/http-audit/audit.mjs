// Audits a running API against the GraphQL-over-HTTP specification (graphql-http's audits).
// Usage: node audit.mjs URL. Exits 1 on any failure or any warning not listed as deliberate.
import { auditServer } from 'graphql-http';

// Warnings the README explains as deliberate choices, by audit id (none today).
const DELIBERATE = new Set([]);

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs URL');
  process.exit(2);
}
const results = await auditServer({ url });
let bad = 0;
for (const result of results) {
  if (result.status === 'ok' || (result.status === 'warn' && DELIBERATE.has(result.id))) continue;
  bad += 1;
  console.log(`${result.status.toUpperCase()} ${result.id} ${result.name}: ${result.reason}`);
}
console.log(`http audit: ${results.length} audits, ${bad} failures or warnings`);
process.exit(bad ? 1 : 0);
