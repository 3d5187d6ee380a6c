// The HTML shell shared by the pages. Every interpolated value goes through hono/html, which
// escapes it; the only scripts are files served by this server (the CSP forbids inline ones).
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export function layout(options: { title: string; body: Html; scripts?: readonly { src: string; module?: boolean }[]; bodyClass?: string; data?: Record<string, string> }): Html {
  const dataAttributes = Object.entries(options.data ?? {}).map(
    ([name, value]) => html` data-${name}="${value}"`,
  );
  return html`<!doctype html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${options.title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/app.css">
${(options.scripts ?? []).map((s) => s.module
    ? html`<script type="module" src="${s.src}"></script>`
    : html`<script src="${s.src}" defer></script>`)}
</head>
<body class="${options.bodyClass ?? ''}"${dataAttributes}>
${options.body}
</body>
</html>`;
}

export function demoBadge(demo: boolean): Html | string {
  return demo
    ? html`<span class="badge-demo" title="Modo demonstração: os dados vêm do simulador CVDW embutido, não de um CV CRM real.">DEMO</span>`
    : '';
}
