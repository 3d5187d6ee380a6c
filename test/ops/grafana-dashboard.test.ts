// The Grafana dashboard in docs/grafana queries metrics by name; a renamed metric or label would
// leave a panel silently empty. Every PromQL expression of the dashboard is checked against a real
// /metrics answer of the app after a sync against the simulator.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { credentialId } from '../../src/cvdw/request-budget.ts';
import { createMetrics } from '../../src/ops/metrics.ts';
import { DEMO_CREDENTIALS, startSimulator } from '../../src/simulator/index.ts';
import { runReconcileSlice } from '../../src/sync/run-reconcile.ts';
import { createApp } from '../../src/web/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { configFor, FAST_TUNING, sourceFor, syncOnce, withPrincipal } from '../helpers/sync-harness.ts';

const TOKEN = 'token-do-grafana-0123456789';
const DASHBOARD_FILE = new URL('../../docs/grafana/cvcrm-etl.json', import.meta.url);

interface Target { readonly expr: string; readonly legendFormat?: string }
interface Panel { readonly title: string; readonly type: string; readonly datasource?: { readonly type: string; readonly uid: string }; readonly targets?: readonly Target[]; readonly panels?: readonly Panel[] }
interface Variable { readonly name: string; readonly type: string; readonly query?: unknown; readonly definition?: string }
interface Dashboard { readonly schemaVersion: number; readonly panels: readonly Panel[]; readonly templating: { readonly list: readonly Variable[] } }

interface Selector { readonly metric: string; readonly labels: readonly string[] }
interface Uses { readonly selectors: readonly Selector[]; readonly grouping: readonly string[] }

const NOT_METRICS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan']);

/**
 * The metrics an expression reads, with the labels its selectors match on, and the labels it
 * groups by. Enough PromQL for dashboards: selectors, ranges, grouping clauses, functions, strings.
 */
function promqlUses(expr: string): Uses {
  // Grafana's variables: intervals become a duration, anything else a number (inside strings it does not matter).
  let rest = expr.replace(/\$\{?__\w+\}?/g, '5m').replace(/\$\{?\w+\}?/g, '1');
  const selectors: Selector[] = [];
  rest = rest.replace(/([a-zA-Z_:][\w:]*)?\s*\{([^}]*)\}/g, (_all, metric: string | undefined, body: string) => {
    const matchers = [...body.matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g)];
    const name = metric ?? matchers.find((m) => m[1] === '__name__')?.[2];
    if (name === undefined) throw new Error(`selector without a metric name in ${expr}`);
    selectors.push({ metric: name, labels: matchers.map((m) => m[1]!).filter((l) => l !== '__name__') });
    return ' ';
  });
  rest = rest.replace(/\[[^\]]*\]/g, ' ');
  const grouping: string[] = [];
  rest = rest.replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g, (_all, list: string) => {
    grouping.push(...list.split(',').map((l) => l.trim()).filter((l) => l !== ''));
    return ' ';
  });
  rest = rest.replace(/"(?:[^"\\]|\\.)*"/g, ' ');
  for (const m of rest.matchAll(/(?<![\w.:])[a-zA-Z_:][\w:]*/g)) {
    const after = rest.slice(m.index + m[0].length).trimStart();
    if (after.startsWith('(') || NOT_METRICS.has(m[0].toLowerCase())) continue;
    selectors.push({ metric: m[0], labels: [] });
  }
  return { selectors, grouping };
}

/** Sample name → the labels its lines carry, and the declared type of each metric family. */
function parseExposition(body: string): { labels: Map<string, Set<string>>; types: Map<string, string> } {
  const labels = new Map<string, Set<string>>();
  const types = new Map<string, string>();
  for (const line of body.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type !== null) types.set(type[1]!, type[2]!);
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? /.exec(line);
    if (sample === null) continue;
    const set = labels.get(sample[1]!) ?? new Set<string>();
    for (const m of (sample[2] ?? '').matchAll(/([a-zA-Z_]\w*)="/g)) set.add(m[1]!);
    labels.set(sample[1]!, set);
  }
  return { labels, types };
}

function allPanels(panels: readonly Panel[]): Panel[] {
  return panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);
}

function loadDashboard(): Dashboard {
  return JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as Dashboard;
}

/** Every expression of the dashboard: panel queries, and label_values(metric, label) of variables as a selector. */
function dashboardQueries(dashboard: Dashboard): { where: string; expr: string; legend: string; ofPanel: boolean }[] {
  const queries = allPanels(dashboard.panels).flatMap((p) => (p.targets ?? []).map((t) => ({ where: p.title, expr: t.expr, legend: t.legendFormat ?? '', ofPanel: true })));
  for (const v of dashboard.templating.list) {
    const found = /label_values\(\s*([^,]+?)\s*,\s*(\w+)\s*\)/.exec(v.definition ?? '');
    if (found !== null) queries.push({ where: `variável ${v.name}`, expr: `sum by (${found[2]}) (${found[1]})`, legend: '', ofPanel: false });
  }
  return queries;
}

describe('the PromQL reader of the dashboard test', () => {
  it('finds metrics, selector labels and grouping labels, not functions, keywords, strings or ranges', () => {
    const uses = promqlUses('histogram_quantile(0.95, sum by (le, route) (rate(a_bucket{route=~"$r", status!="5xx"}[$__rate_interval]))) / on (route) group_left b_total - time() + vector($x)');
    expect(uses.selectors).toEqual([{ metric: 'a_bucket', labels: ['route', 'status'] }, { metric: 'b_total', labels: [] }]);
    expect(uses.grouping).toEqual(['le', 'route', 'route']);
    expect(promqlUses('{__name__="c", conta="x"}').selectors).toEqual([{ metric: 'c', labels: ['conta'] }]);
  });
});

describe('the Grafana dashboard', () => {
  it('is a dashboard model with a prometheus datasource variable and a conta variable, used by every panel', () => {
    const dashboard = loadDashboard();
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    const variables = new Map(dashboard.templating.list.map((v) => [v.name, v]));
    expect(variables.get('datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
    expect(variables.get('conta')?.definition).toMatch(/^label_values\(\w+, conta\)$/);
    const queried = allPanels(dashboard.panels).filter((p) => p.type !== 'row');
    expect(queried.length).toBeGreaterThanOrEqual(10);
    for (const p of queried) {
      expect(p.datasource, p.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
    }
  });
});

describeEachDatabase('the Grafana dashboard against /metrics', (get) => {
  it('queries only metrics and labels that /metrics answers, and filters every account series by $conta', async () => {
    const { db } = get();
    const sim = await startSimulator({ scale: 40, seed: 7, today: '2026-11-20', rateLimit: false });
    try {
      expect((await syncOnce(db, sim, { resources: ['reservas', 'vendas'] })).ok).toBe(true);
      // A slice of the nightly reconciliation, eight days on when the pass of reservas is due.
      const night = new Date(Date.now() + 8 * 24 * 3600_000);
      const slice = await runReconcileSlice(
        { db, ...withPrincipal(configFor(sim, { CVCRM_RESOURCES: 'reservas', CVCRM_PAGE_SIZE: '5' })), source: sourceFor(sim), now: () => night, tuning: FAST_TUNING },
        { allowance: 1, deadline: new Date(night.getTime() + 3600_000) },
      );
      expect(slice.resources).toMatchObject([{ resource: 'reservas', result: 'paused' }]);
      const accounts = [{ conta: 'principal', credential: credentialId(DEMO_CREDENTIALS.email, sim.url) }];
      const metrics = createMetrics({ db, accounts });
      const app = createApp({
        db, config: loadConfig({ API_TOKENS: TOKEN }),
        metrics: () => metrics.render(),
        onRequestTimed: (route, method, status, seconds) => metrics.observeWebRequest(route, method, status, seconds),
      });
      const headers = { authorization: `Bearer ${TOKEN}` };
      // The first scrape is itself a web request: the second one shows it in the latency histogram.
      expect((await app.request('/metrics', { headers })).status).toBe(200);
      const { labels, types } = parseExposition(await (await app.request('/metrics', { headers })).text());

      const queries = dashboardQueries(loadDashboard());
      expect(queries.length).toBeGreaterThan(15);
      const problems: string[] = [];
      for (const { where, expr, legend, ofPanel } of queries) {
        const uses = promqlUses(expr);
        for (const { metric, labels: matched } of uses.selectors) {
          const family = metric.replace(/_(?:bucket|sum|count)$/, '');
          const declared = types.has(metric) || types.get(family) === 'histogram';
          const present = labels.get(metric);
          if (!declared || present === undefined) {
            problems.push(`${where}: ${metric} não está em /metrics`);
            continue;
          }
          for (const l of [...matched, ...uses.grouping]) if (!present.has(l)) problems.push(`${where}: ${metric} não tem o rótulo ${l}`);
          if (ofPanel && present.has('conta') && !/conta=~"\$conta"/.test(expr)) problems.push(`${where}: ${metric} não filtra por $conta`);
        }
        const known = new Set(uses.grouping.length > 0 ? uses.grouping : uses.selectors.flatMap((s) => [...(labels.get(s.metric) ?? [])]));
        for (const m of legend.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) if (!known.has(m[1]!)) problems.push(`${where}: a legenda usa ${m[1]}, ausente da consulta`);
      }
      expect(problems).toEqual([]);
    } finally {
      await sim.stop();
    }
  }, 60_000);
});
