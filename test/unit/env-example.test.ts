import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
const configSource = readFileSync(join(ROOT, 'src', 'config.ts'), 'utf8');

/** The variables of the contract's configuration table. */
const CONTRACT_VARIABLES = [
  'CVCRM_SUBDOMAIN', 'CVCRM_API_EMAIL', 'CVCRM_API_TOKEN', 'CVCRM_BASE_URL', 'CVCRM_REQUESTS_PER_MINUTE', 'CVCRM_PAGE_SIZE',
  'CVCRM_TIMEOUT_MS', 'CVCRM_MAX_RETRIES', 'CVCRM_RESOURCES', 'DATABASE_URL', 'DATABASE_POOL_SIZE', 'DATA_DIR', 'PORT', 'HOST',
  'SYNC_CRON', 'SYNC_TIMEZONE', 'ALERT_EMAIL_USER', 'ALERT_EMAIL_PASSWORD', 'ALERT_EMAIL_TO', 'ALERT_SMTP_HOST', 'ALERT_SMTP_PORT',
  'ALERT_WEBHOOK_URL', 'DASHBOARD_USER', 'DASHBOARD_PASSWORD', 'API_TOKENS', 'NODE_ENV', 'RAILWAY_ENVIRONMENT', 'LOG_LEVEL', 'LOG_FILE',
  'TRUST_PROXY', 'RECONCILE_DAYS',
];

/** `# NAME=value` lines: the documented variables with their defaults. */
const documented = new Map<string, string>();
for (const line of example.split('\n')) {
  const match = /^# ([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
  if (match) documented.set(match[1]!, match[2]!);
}

describe('.env.example', () => {
  it('documents every variable config.ts reads', () => {
    const read = [...configSource.matchAll(/read\('([A-Z][A-Z0-9_]*)'\)/g)].map((m) => m[1]!);
    expect(read.length).toBeGreaterThan(30);
    expect(read.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('documents every variable of the contract', () => {
    expect(CONTRACT_VARIABLES.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('documents each variable once, commented out, with a comment line above it', () => {
    const lines = example.split('\n');
    const names = lines.map((l) => /^# ([A-Z][A-Z0-9_]*)=/.exec(l)?.[1]).filter((n): n is string => n !== undefined);
    expect(new Set(names).size).toBe(names.length);
    // Nothing is set by copying the file as is.
    expect(parse(example)).toEqual({});
    expect(lines.filter((l) => /^\s*[A-Za-z_][A-Za-z0-9_]*\s*=/.test(l))).toEqual([]);
    lines.forEach((line, i) => {
      if (!/^# [A-Z][A-Z0-9_]*=/.test(line)) return;
      const above = lines[i - 1] ?? '';
      expect(above, `comment above ${line}`).toMatch(/^# \S/);
      expect(above, `comment above ${line}`).not.toMatch(/^# [A-Z][A-Z0-9_]*=/);
    });
  });

  it('shows the real defaults: uncommenting every line changes nothing', () => {
    const uncommented = example.split('\n').map((l) => l.replace(/^# ([A-Z][A-Z0-9_]*=)/, '$1')).join('\n');
    const env = parse(uncommented);
    expect(env.SYNC_CRON).toBe('0 6-22/4 * * *');
    expect(loadConfig(env)).toEqual(loadConfig({}));
  });

  it('holds no secret values', () => {
    for (const name of ['CVCRM_API_TOKEN', 'CVCRM_API_EMAIL', 'DASHBOARD_PASSWORD', 'API_TOKENS', 'PII_HMAC_SECRET', 'SESSION_SECRET', 'ALERT_EMAIL_PASSWORD', 'DATABASE_URL']) {
      expect(documented.get(name), name).toBe('');
    }
  });
});
