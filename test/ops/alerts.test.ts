import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { channelsFromConfig, type AlertChannel, type AlertMessage } from '../../src/ops/alert-channels.ts';
import { formatDuration } from '../../src/ops/alert-messages.ts';
import { createAlertManager } from '../../src/ops/alerts.ts';
import { openIncidents } from '../../src/ops/queries/alert-incidents.ts';
import type { ResourceSummary } from '../../src/sync/observer.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { startSmtpReceiver, startWebhookReceiver } from './alert-receivers.ts';
import { memoryLogger } from './support.ts';

const PERSONAL = ['maria.silva@example.com', '123.456.789-09', 'Bearer abcdefgh12345678', 's3cretpw'];
const ERROR = `HTTP 500 for maria.silva@example.com (cpf 123.456.789-09), Bearer abcdefgh12345678 via postgres://etl:s3cretpw@db/x`;

const result = (resource: string, status: ResourceSummary['status'], error?: string): ResourceSummary => ({
  resource, status, mode: 'incremental', requests: 1, pages: 1, records: 10, upserted: 10, rejected: 0, deleted: 0, seconds: 2,
  ...(error === undefined ? {} : { error }),
});

describeEachDatabase('alerts', (get) => {
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let config: Config;
  let now = new Date('2025-05-01T12:00:00Z');

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    hook = await startWebhookReceiver();
    config = loadConfig({
      CVCRM_SUBDOMAIN: 'acme', CVCRM_API_EMAIL: 'api@acme.com', CVCRM_API_TOKEN: 'tok',
      CVCRM_RESOURCES: 'reservas,vendas',
      SYNC_CRON: '0 */4 * * *', SYNC_TIMEZONE: 'UTC',
      ALERT_SMTP_HOST: '127.0.0.1', ALERT_SMTP_PORT: String(smtp.port), ALERT_EMAIL_TO: 'ops@example.com',
      ALERT_EMAIL_USER: 'alerts@example.com', ALERT_EMAIL_PASSWORD: 'smtp-pass',
      ALERT_WEBHOOK_URL: hook.url, ALERT_FAILURE_THRESHOLD: '3',
    });
    await get().db.query(`insert into etl.resource_state (resource, last_success_at) values ('reservas', $1), ('vendas', $1)`, [now.toISOString()]);
  });
  afterAll(async () => {
    await smtp.close();
    await hook.close();
  });

  const manager = () => createAlertManager({ db: get().db, config, logger: memoryLogger().logger, now: () => now });
  const fail = async (alerts: ReturnType<typeof manager>, resource: string) => {
    await get().db.query('update etl.resource_state set consecutive_failures = consecutive_failures + 1 where resource = $1', [resource]);
    alerts.syncObserver.onResourceDone?.(result(resource, 'failed', ERROR));
    await alerts.idle();
  };
  const succeed = async (alerts: ReturnType<typeof manager>, resource: string) => {
    await get().db.query('update etl.resource_state set consecutive_failures = 0, last_success_at = $2 where resource = $1', [resource, now.toISOString()]);
    alerts.syncObserver.onResourceDone?.(result(resource, 'succeeded'));
    await alerts.idle();
  };
  const texts = () => hook.bodies.map((b) => (b as { text: string }).text);

  it('alerts once when failures reach the threshold, by e-mail and webhook', async () => {
    const alerts = manager();
    await fail(alerts, 'reservas');
    await fail(alerts, 'reservas');
    expect(smtp.mails).toHaveLength(0);
    await fail(alerts, 'reservas');
    expect(smtp.mails).toHaveLength(1);
    expect(hook.bodies).toHaveLength(1);
    await fail(alerts, 'reservas');
    expect(smtp.mails).toHaveLength(1);

    const mail = smtp.mails[0]!;
    expect(mail.to).toEqual(['ops@example.com']);
    expect(mail.user).toBe('alerts@example.com');
    // What the reader's mail program shows, once the MIME encodings are undone.
    expect(mail.contentType).toMatch(/^text\/plain; charset=utf-8$/i);
    expect(mail.subject).toBe('[cvcrm-etl] ALERTA reservas (conta principal): sincronização falhando');
    expect(mail.text).toMatch(/^reservas \(conta principal\): a sincronização falhou 3 vezes seguidas\. Último erro: HTTP 500 /);
    expect(mail.text.split('\n').slice(1)).toEqual(['Desde: 01/05/2025 12:00 (UTC)', 'Instalação: acme']);
    // The webhook keeps its Slack/Teams field, `text`, and says the same in pt-BR.
    expect(Object.keys(hook.bodies[0] as object)).toEqual(['text']);
    expect(texts()[0]).toBe(`*${mail.subject}*\n${mail.text}`);
  });

  it('does not repeat the alert after a restart', async () => {
    const restarted = manager();
    await fail(restarted, 'reservas');
    expect(smtp.mails).toHaveLength(1);
    expect(hook.bodies).toHaveLength(1);
  });

  it('announces the recovery once', async () => {
    now = new Date(now.getTime() + 90 * 60_000);
    const alerts = manager();
    await succeed(alerts, 'reservas');
    await succeed(alerts, 'reservas');
    expect(smtp.mails).toHaveLength(2);
    expect(texts()).toHaveLength(2);
    expect(texts()[1]).toBe([
      '*[cvcrm-etl] RESOLVIDO reservas (conta principal): sincronização falhando*',
      'reservas (conta principal) voltou ao normal depois de 1 h 30 min.',
      'Resolvido em: 01/05/2025 13:30 (UTC)',
      'Instalação: acme',
    ].join('\n'));
    expect(smtp.mails[1]!.subject).toBe('[cvcrm-etl] RESOLVIDO reservas (conta principal): sincronização falhando');
    expect(await openIncidents(get().db)).toEqual([]);
  });

  it('alerts when data becomes stale, once, and when it is fresh again', async () => {
    const alerts = manager();
    now = new Date(now.getTime() + 9 * 3600_000);
    await get().db.query(`update etl.resource_state set last_success_at = $1 where resource = 'reservas'`, [now.toISOString()]);
    await alerts.checkStaleness();
    await alerts.checkStaleness();
    expect(texts()).toHaveLength(3);
    expect(texts()[2]).toContain('*[cvcrm-etl] ALERTA vendas (conta principal): dados desatualizados*\n');
    expect(texts()[2]).toContain('vendas (conta principal): última sincronização concluída em 01/05/2025 12:00 (UTC); dados com mais de 8 h contam como desatualizados.');
    await succeed(alerts, 'vendas');
    expect(texts()).toHaveLength(4);
    expect(texts()[3]).toContain('RESOLVIDO vendas (conta principal): dados desatualizados');
    await alerts.checkStaleness();
    expect(texts()).toHaveLength(4);
  });

  it('never puts personal data or secrets in a message', () => {
    const everything = [...smtp.mails.flatMap((m) => [m.raw, m.subject, m.text]), ...texts()].join('\n');
    for (const value of PERSONAL) expect(everything).not.toContain(value);
    expect(everything).not.toContain('secretpart');
  });

  it('retries a notice no channel could deliver, without duplicates', async () => {
    const sent: AlertMessage[] = [];
    let up = false;
    const flaky: AlertChannel = {
      name: 'flaky',
      send: async (message) => {
        if (!up) throw new Error('connection refused');
        sent.push(message);
      },
    };
    const alerts = createAlertManager({ db: get().db, config, logger: memoryLogger().logger, now: () => now, channels: [flaky] });
    for (let i = 0; i < 3; i++) await fail(alerts, 'vendas');
    expect(sent).toHaveLength(0);
    up = true;
    expect(await alerts.deliver()).toBe(1);
    expect(await alerts.deliver()).toBe(0);
    expect(sent.map((m) => m.subject)).toEqual(['[cvcrm-etl] ALERTA vendas (conta principal): sincronização falhando']);
  });
});

describeEachDatabase('alerts per account', (get) => {
  it('keeps one incident per account and resource, and each message names its account', async () => {
    const { db } = get();
    const config = loadConfig({
      SYNC_CRON: '0 */4 * * *', SYNC_TIMEZONE: 'UTC', ALERT_FAILURE_THRESHOLD: '2', CVCRM_RESOURCES: 'vendas',
      CVCRM_ACCOUNTS: 'leste,oeste',
      CVCRM_LESTE_SUBDOMAIN: 'leste', CVCRM_LESTE_API_EMAIL: 'api@leste.example', CVCRM_LESTE_API_TOKEN: 'tok-leste',
      CVCRM_OESTE_SUBDOMAIN: 'oeste', CVCRM_OESTE_API_EMAIL: 'api@oeste.example', CVCRM_OESTE_API_TOKEN: 'tok-oeste',
    });
    const sent: AlertMessage[] = [];
    const channel: AlertChannel = { name: 'memory', send: async (m) => void sent.push(m) };
    const alerts = createAlertManager({ db, config, logger: memoryLogger().logger, channels: [channel] });
    await db.query(`insert into etl.resource_state (conta, resource, consecutive_failures) values ('leste', 'vendas', 2), ('oeste', 'vendas', 1)`);
    alerts.observerFor('leste').onResourceDone?.(result('vendas', 'failed', 'HTTP 401'));
    alerts.observerFor('oeste').onResourceDone?.(result('vendas', 'failed', 'HTTP 500'));
    await alerts.idle();
    // Only leste reached the threshold: oeste's single failure opens nothing.
    expect((await openIncidents(db)).map((i) => [i.conta, i.resource, i.kind])).toEqual([['leste', 'vendas', 'failing']]);
    expect(sent.map((m) => m.subject)).toEqual(['[cvcrm-etl] ALERTA vendas (conta leste): sincronização falhando']);

    await db.query(`update etl.resource_state set consecutive_failures = 2 where conta = 'oeste'`);
    alerts.observerFor('oeste').onResourceDone?.(result('vendas', 'failed', 'HTTP 500'));
    alerts.observerFor('leste').onResourceDone?.(result('vendas', 'succeeded'));
    await alerts.idle();
    expect((await openIncidents(db)).map((i) => i.conta)).toEqual(['oeste']);
    expect(sent.map((m) => m.subject).slice(1).sort()).toEqual([
      '[cvcrm-etl] ALERTA vendas (conta oeste): sincronização falhando',
      '[cvcrm-etl] RESOLVIDO vendas (conta leste): sincronização falhando',
    ]);
  });
});

describe('alert channels', () => {
  it('are off when nothing is configured', () => {
    expect(channelsFromConfig(loadConfig({}).alerts)).toEqual([]);
  });

  it('report a webhook that answers an error', async () => {
    const hook = await startWebhookReceiver();
    try {
      hook.status.code = 500;
      const [channel] = channelsFromConfig(loadConfig({ ALERT_WEBHOOK_URL: hook.url }).alerts);
      await expect(channel!.send({ subject: 's', text: 't' })).rejects.toThrow('HTTP 500');
    } finally {
      await hook.close();
    }
  });

  it('format durations for people', () => {
    expect(formatDuration(5 * 60_000)).toBe('5 min');
    expect(formatDuration(8 * 3600_000)).toBe('8 h');
    expect(formatDuration(90 * 60_000)).toBe('1 h 30 min');
    expect(formatDuration(3 * 86_400_000)).toBe('3 dias');
  });
});
