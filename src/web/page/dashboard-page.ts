// GET /: the dashboard shell. Figures are filled in by /static/app.js from the JSON APIs; the
// server writes only the frame, the project list, the user and the help texts (all escaped).
import { html } from 'hono/html';
import type { ProjectOption } from '../../figures/queries/projects.ts';
import { BROKER_TABLE_SCOPE, CARD_HELP, CHART_HELP, COHORT_AGE_SLOT, COHORT_AGE_UNKNOWN, FUNNEL_HELP } from './help-text.ts';
import { demoBadge, layout } from './layout.ts';

const help = (text: string) =>
  html`<details class="help"><summary aria-label="Como é calculado" title="${text}">?</summary><p>${text}</p></details>`;

const CARDS: readonly { key: keyof typeof CARD_HELP; title: string }[] = [
  { key: 'vendas', title: 'Vendas' },
  { key: 'vgv', title: 'VGV vendido' },
  { key: 'ticket_medio', title: 'Ticket médio' },
  { key: 'comissao', title: 'Comissão' },
  { key: 'vso', title: 'VSO' },
  { key: 'pro_soluto', title: 'Pró-soluto' },
  { key: 'distratos', title: 'Distratos' },
  { key: 'estoque_disponivel', title: 'Estoque disponível' },
];

const card = (c: (typeof CARDS)[number]) => html`<article class="card" data-card="${c.key}">
  <header><h2>${c.title}</h2>${help(CARD_HELP[c.key])}</header>
  <p class="card-value" data-value>—</p>
  <p class="card-delta" data-delta>&nbsp;</p>
  <p class="card-note" data-note></p>
</article>`;

const panel = (id: keyof typeof CHART_HELP, title: string, inner: unknown, wide = false) => html`<article class="panel${wide ? ' panel-wide' : ''}" id="panel-${id}">
  <header><h2>${title}</h2>${help(CHART_HELP[id])}</header>
  ${inner}
</article>`;

const chart = (id: string, label: string) =>
  html`<div class="chart-box"><canvas id="${id}" role="img" aria-label="${label}"></canvas></div>`;

// The funnel's help may say how old the cohort is, known only once the figures arrive: the page
// writes the cohort's observation in from the template the server leaves on the paragraph.
const funnelHelp = (key: keyof typeof FUNNEL_HELP) => {
  const text = FUNNEL_HELP[key].replace(COHORT_AGE_SLOT, COHORT_AGE_UNKNOWN);
  return html`<details class="help"><summary aria-label="Como é calculado" title="${text}">?</summary><p data-funnel-help="${key}" data-template="${FUNNEL_HELP[key]}" data-slot="${COHORT_AGE_SLOT}">${text}</p></details>`;
};

const funnelPanel = (id: keyof typeof FUNNEL_HELP, title: string, inner: unknown, wide = false) => html`<article class="panel${wide ? ' panel-wide' : ''}" id="panel-funil-${id}">
  <header><h3>${title}</h3>${funnelHelp(id)}</header>
  ${inner}
</article>`;

const funnelCard = (id: 'dias_ate_venda' | 'horas_primeiro_atendimento', title: string) => html`<article class="card" data-funnel-card="${id}">
  <header><h3>${title}</h3>${funnelHelp(id)}</header>
  <p class="card-value" data-value>—</p>
  <p class="card-note" data-note></p>
</article>`;

const BROKER_COLUMNS: readonly { key: string; label: string; numeric: boolean }[] = [
  { key: 'corretor', label: 'Corretor', numeric: false },
  { key: 'imobiliaria', label: 'Imobiliária', numeric: false },
  { key: 'leads', label: 'Leads', numeric: true },
  { key: 'visitas', label: 'Visitas', numeric: true },
  { key: 'reservas', label: 'Reservas', numeric: true },
  { key: 'vendas', label: 'Vendas', numeric: true },
  { key: 'conversao_venda_pct', label: 'Conversão em venda', numeric: true },
  { key: 'horas_primeiro_atendimento_mediana', label: '1º atendimento (h, mediana)', numeric: true },
];

const brokerHeader = html`<tr>${BROKER_COLUMNS.map((c) => html`<th${c.numeric ? html` class="num"` : ''} aria-sort="${c.key === 'leads' ? 'descending' : 'none'}" scope="col"><button type="button" class="sort" data-sort="${c.key}">${c.label}</button></th>`)}</tr>`;

const funnelSection = html`<section class="funnel" id="funil" aria-labelledby="funil-titulo">
  <h2 id="funil-titulo" class="section-title">Funil comercial</h2>
  <p class="funnel-note" id="funil-safra"></p>
  <p class="funnel-empty" id="funil-vazio" role="status" hidden>Nenhum lead cadastrado no período: não há safra para acompanhar. Escolha um período maior ou outro empreendimento.</p>
  <div class="panels">
    ${funnelPanel('conversao', 'Conversão da safra (leads cadastrados no período)', html`<div class="chart-box"><canvas id="chart-funil" role="img" aria-label="Conversão da safra: leads, visitas, reservas e vendas"></canvas></div><ol class="funnel-steps" id="funil-etapas"></ol>`)}
    ${funnelPanel('fluxo', 'Fluxo do período (eventos pela própria data, não é conversão)', html`<div class="chart-box"><canvas id="chart-funil-fluxo" role="img" aria-label="Fluxo do período: eventos de cada etapa"></canvas></div><ol class="funnel-steps" id="funil-fluxo"></ol>`)}
  </div>
  <div class="cards funnel-cards">
    ${funnelCard('dias_ate_venda', 'Tempo até a venda (mediana)')}
    ${funnelCard('horas_primeiro_atendimento', 'Tempo de primeiro atendimento (mediana)')}
  </div>
  <div class="panels">
    ${funnelPanel('origem', 'Conversão por origem do lead', html`<div class="chart-box"><canvas id="chart-funil-origem" role="img" aria-label="Conversão em venda da safra por origem"></canvas></div>`)}
    ${funnelPanel('motivos', 'Motivos de perda (10 mais comuns)', html`<div class="chart-box"><canvas id="chart-funil-motivos" role="img" aria-label="Leads perdidos por motivo"></canvas></div>`)}
    ${funnelPanel('corretores', `Conversão por corretor (${BROKER_TABLE_SCOPE})`, html`<div class="table-wrap"><table class="data sortable" id="table-funil-corretores"><thead>${brokerHeader}</thead><tbody></tbody></table></div>
      <p class="funnel-note" id="funil-corretores-escopo">A ordenação vale para esses corretores. Todos os corretores da safra: /api/funnel/by-broker?limit=1000 (JSON) ou com &amp;format=csv (planilha), com os mesmos filtros.</p>`, true)}
  </div>
</section>`;

const PRESETS: readonly { value: string; label: string }[] = [
  { value: '7', label: '7 dias' },
  { value: '30', label: '30 dias' },
  { value: '90', label: '90 dias' },
  { value: '365', label: '12 meses' },
  { value: 'ano', label: 'Ano atual' },
];

export interface DashboardOptions {
  readonly demo: boolean;
  readonly today: string;
  readonly user: string | undefined;
  readonly canLogout: boolean;
  readonly projects: readonly ProjectOption[];
  /** The accounts the visitor may see; the selector shows only when there are several. */
  readonly accounts: readonly string[];
}

/** With several accounts a project is named with its account, whose selector hides the others'. */
function projectOption(p: ProjectOption, severalAccounts: boolean) {
  const value = p.id === null ? p.nome : String(p.id);
  return severalAccounts
    ? html`<option value="${value}" data-conta="${p.conta}">${p.nome} (${p.conta})</option>`
    : html`<option value="${value}">${p.nome}</option>`;
}

export function dashboardPage(o: DashboardOptions) {
  const body = html`<header class="topbar">
  <div class="brand"><h1>Painel de Vendas</h1>${demoBadge(o.demo)}</div>
  <div class="topbar-status"><span id="sync-summary" class="sync-pill" data-state="carregando">Sincronização: carregando…</span></div>
  ${o.canLogout ? html`<form method="post" action="/logout" class="logout"><span class="user">${o.user ?? ''}</span><button type="submit">Sair</button></form>` : ''}
</header>
<main>
<section class="filters" aria-label="Filtros">
  <div class="presets" role="group" aria-label="Período">
    ${PRESETS.map((p) => html`<button type="button" class="preset" data-preset="${p.value}">${p.label}</button>`)}
  </div>
  <form id="custom-period" class="custom-period">
    <label>De <input type="date" name="de" id="f-de"></label>
    <label>Até <input type="date" name="ate" id="f-ate"></label>
    <button type="submit">Aplicar</button>
  </form>
  ${o.accounts.length > 1 ? html`<label class="account-filter">Conta
    <select id="f-conta">
      <option value="">Todas as contas</option>
      ${o.accounts.map((name) => html`<option value="${name}">${name}</option>`)}
    </select>
  </label>` : ''}
  <label class="project-filter">Empreendimento
    <select id="f-empreendimento">
      <option value="">Todos</option>
      ${o.projects.map((p) => projectOption(p, o.accounts.length > 1))}
    </select>
  </label>
  <p class="period-label" id="period-label" aria-live="polite"></p>
</section>
<p class="error-banner" id="error-banner" role="alert" hidden></p>
<section class="sync-failure" id="sync-failure" role="alert" aria-label="Falha na sincronização" hidden></section>
<p class="sync-note" id="sync-note" role="status" hidden></p>
<section class="cards" aria-label="Indicadores">
  ${CARDS.map(card)}
</section>
<section class="panels">
  ${panel('mensal', 'Vendas e VGV por mês', chart('chart-mensal', 'Vendas e VGV por mês'), true)}
  ${panel('crescimento', 'Crescimento', html`<div class="growth" id="growth"></div>`)}
  ${panel('empreendimentos', 'Vendas por empreendimento', chart('chart-empreendimentos', 'Vendas por empreendimento'))}
  ${panel('corretores', 'Ranking de corretores', html`<div class="split">${chart('chart-corretores', 'Ranking de corretores')}<div class="table-wrap"><table class="data" id="table-corretores"><thead><tr><th>#</th><th>Corretor</th><th class="num">Vendas</th><th class="num">VGV</th><th class="num">Comissão</th></tr></thead><tbody></tbody></table></div></div>`, true)}
  ${panel('times', 'Vendas por time', chart('chart-times', 'Vendas por time'))}
  ${panel('origem', 'Origem dos leads', chart('chart-origem', 'Origem dos leads'))}
  ${panel('estoque', 'Estoque por empreendimento', chart('chart-estoque', 'Estoque por empreendimento e situação'))}
  ${panel('vso', 'VSO mensal', html`${chart('chart-vso', 'VSO mensal')}<div class="table-wrap"><table class="data" id="table-vso"><thead><tr><th>Empreendimento</th><th class="num">Vendas líq.</th><th class="num">Oferta</th><th class="num">VSO</th><th>Estoque</th></tr></thead><tbody></tbody></table></div>`)}
  ${panel('pro_soluto', 'Pró-soluto por mês', chart('chart-pro-soluto', 'Pró-soluto por mês'))}
  ${panel('distratos', 'Distratos por mês', chart('chart-distratos', 'Distratos por mês'))}
  ${panel('vendas', 'Vendas recentes', html`<div class="table-wrap"><table class="data" id="table-vendas"><thead><tr><th>Data</th><th>Cliente</th><th>Corretor</th><th>Empreendimento</th><th class="num">Valor</th><th class="num">Comissão</th></tr></thead><tbody></tbody></table></div><p class="table-foot" id="vendas-total"></p>`, true)}
  ${panel('sync', 'Sincronização', html`<div class="table-wrap"><table class="data" id="table-sync"><thead><tr><th>Recurso</th><th>Último sucesso</th><th>Última execução</th><th class="num">Registros</th></tr></thead><tbody></tbody></table></div>`, true)}
</section>
${funnelSection}
</main>
<footer class="footer"><span id="updated-at">Carregando…</span> · atualização automática a cada 30 s · valores em reais (R$)</footer>`;
  return layout({
    title: 'Painel de Vendas',
    body,
    scripts: [{ src: '/static/chart.umd.js' }, { src: '/static/app.js', module: true }],
    data: { hoje: o.today },
  });
}
