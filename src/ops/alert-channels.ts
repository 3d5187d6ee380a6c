// Where alerts go: e-mail over SMTP and a webhook taking Slack/Teams-style JSON ({"text": …}; the
// field name is what those services read, the text inside is the pt-BR message).
// Each channel only delivers; what to say and when is the alert manager's business.
import type { Transporter } from 'nodemailer';
import type { Config } from '../config.ts';
import { isLoopbackHost } from '../util/loopback-host.ts';

export interface AlertMessage {
  readonly subject: string;
  readonly text: string;
}

export interface AlertChannel {
  /** For logs: "email" or "webhook", never the address or URL (a webhook URL is a secret). */
  readonly name: string;
  send(message: AlertMessage): Promise<void>;
}

const TIMEOUT_MS = 15_000;

export function emailChannel(alerts: Config['alerts']): AlertChannel | undefined {
  const { smtpHost, smtpPort, emailTo, emailUser, emailPassword } = alerts;
  if (smtpHost === undefined || emailTo === undefined) return undefined;
  const auth = emailUser !== undefined && emailPassword !== undefined ? { user: emailUser, pass: emailPassword } : undefined;
  // nodemailer (a few MiB of code) is loaded on the first alert sent, not in every process that
  // merely has SMTP configured.
  let transport: Promise<Transporter> | undefined;
  const open = async (): Promise<Transporter> => (await import('nodemailer')).default.createTransport({
    host: smtpHost,
    port: smtpPort,
    // 465 is TLS from the first byte; other ports upgrade with STARTTLS when offered.
    secure: smtpPort === 465,
    // Never send a password in clear text to a remote server.
    requireTLS: auth !== undefined && smtpPort !== 465 && !isLoopbackHost(smtpHost),
    ...(auth ? { auth } : {}),
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  const from = emailUser?.includes('@') ? emailUser : `cvcrm-etl@${smtpHost.includes('.') ? smtpHost : 'localhost'}`;
  return {
    name: 'email',
    async send(message) {
      transport ??= open().catch((error: unknown) => {
        transport = undefined;
        throw error;
      });
      await (await transport).sendMail({ from: `"cvcrm-etl" <${from}>`, to: emailTo, subject: message.subject, text: message.text });
    },
  };
}

export function webhookChannel(url: string): AlertChannel {
  return {
    name: 'webhook',
    async send(message) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: `*${message.subject}*\n${message.text}` }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      // Drain the body so the connection is released.
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) throw new Error(`o webhook respondeu HTTP ${response.status}`);
    },
  };
}

/** The channels ALERT_* configures; empty when alerts are off. */
export function channelsFromConfig(alerts: Config['alerts']): AlertChannel[] {
  const channels: AlertChannel[] = [];
  const email = emailChannel(alerts);
  if (email) channels.push(email);
  if (alerts.webhookUrl !== undefined) channels.push(webhookChannel(alerts.webhookUrl));
  return channels;
}
