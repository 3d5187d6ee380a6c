// @ts-check
// The "Funil comercial" section: the cohort's steps and the period's flow (kept apart, so nobody
// reads a flow ratio as a conversion), the two median cards, the charts by origin and by loss
// reason, and the broker table a director can sort by any column.
import { funnelChart, funnelOriginChart, lostReasonsChart } from './charts.js';
import { el, fillTable, int, pct } from './format.js';

/**
 * @typedef {import('../page/dashboard-contract.ts').Funnel} Funnel
 * @typedef {Funnel['corretores']['corretores'][number]} BrokerRow
 * @typedef {keyof BrokerRow} BrokerKey
 */

/** @type {Record<string, string>} */
const STEP_NAME = { leads: 'Leads', visitas: 'Visitas', reservas: 'Reservas', vendas: 'Vendas' };
const DECIMAL = new Intl.NumberFormat('pt-BR', { minimumFractionDigits: 0, maximumFractionDigits: 2 });

/** @param {number | null} v @param {string} unit */
const amount = (v, unit) => (v === null ? '—' : `${DECIMAL.format(v)} ${unit}`);

/** An element the page is known to have (dashboard-page.ts writes each one). @param {string} id */
function byId(id) {
  return /** @type {HTMLElement} */ (document.getElementById(id));
}

/** @param {string} name @param {string} value @param {string} rate */
function step(name, value, rate) {
  return el('li', {}, el('span', { className: 'funnel-step-name' }, name), el('span', { className: 'funnel-step-value' }, value),
    el('span', { className: 'funnel-step-rate' }, rate));
}

/** The help texts that say how old the cohort is, in the same words as the heading. @param {string} note */
function fillHelp(note) {
  for (const node of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-funnel-help]'))) {
    const template = node.dataset.template ?? node.textContent ?? '';
    const text = node.dataset.slot ? template.replace(node.dataset.slot, note) : template;
    node.textContent = text;
    node.closest('details')?.querySelector('summary')?.setAttribute('title', text);
  }
}

/** The base of the median of days to sale: the sold leads it is over, and the sold ones left out. @param {number} measured @param {number} sold */
function saleDaysBase(measured, sold) {
  const leads = `${int(measured)} ${measured === 1 ? 'lead vendido' : 'leads vendidos'}`;
  return measured === sold ? `sobre ${leads} da safra` : `sobre ${int(measured)} de ${int(sold)} leads vendidos da safra (os demais sem tempo válido)`;
}

/** @param {'dias_ate_venda' | 'horas_primeiro_atendimento'} key @param {string} value @param {string} note */
function card(key, value, note) {
  const node = /** @type {HTMLElement} */ (document.querySelector(`[data-funnel-card="${key}"]`));
  /** @type {HTMLElement} */ (node.querySelector('[data-value]')).textContent = value;
  /** @type {HTMLElement} */ (node.querySelector('[data-note]')).textContent = note;
}

// The broker table's order survives refreshes: a director who sorted by conversion keeps it.
/** @type {{ key: BrokerKey, dir: 'ascending' | 'descending' }} */
let brokerOrder = { key: 'leads', dir: 'descending' };
/** @type {readonly BrokerRow[]} */
let brokerRows = [];

/** Nulls last whichever the direction; names in pt-BR order. @param {BrokerRow} a @param {BrokerRow} b */
function compareBrokers(a, b) {
  const { key, dir } = brokerOrder;
  const x = a[key];
  const y = b[key];
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
  const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'pt-BR');
  return dir === 'ascending' ? order : -order;
}

function drawBrokers() {
  const table = /** @type {HTMLTableElement} */ (document.getElementById('table-funil-corretores'));
  for (const th of table.tHead?.rows[0]?.cells ?? []) {
    const key = th.querySelector('button')?.dataset.sort;
    th.setAttribute('aria-sort', key === brokerOrder.key ? brokerOrder.dir : 'none');
  }
  const sorted = [...brokerRows].sort(compareBrokers);
  fillTable(table, sorted, (r) => [
    [r.corretor], [r.imobiliaria ?? '—'], [int(r.leads), 'num'], [int(r.visitas), 'num'], [int(r.reservas), 'num'], [int(r.vendas), 'num'],
    [pct(r.conversao_venda_pct), 'num'], [amount(r.horas_primeiro_atendimento_mediana, 'h'), 'num'],
  ], 'Nenhum lead cadastrado no período.');
}

/** Clicking a header sorts by it; a second click reverses. Called once. */
export function wireFunnel() {
  const table = /** @type {HTMLTableElement} */ (document.getElementById('table-funil-corretores'));
  for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (table.querySelectorAll('button[data-sort]'))) {
    button.addEventListener('click', () => {
      const key = /** @type {BrokerKey} */ (button.dataset.sort);
      const text = key === 'corretor' || key === 'imobiliaria';
      brokerOrder = brokerOrder.key === key
        ? { key, dir: brokerOrder.dir === 'ascending' ? 'descending' : 'ascending' }
        : { key, dir: text ? 'ascending' : 'descending' };
      drawBrokers();
    });
  }
}

/** @param {Funnel} funil */
export function renderFunnel(funil) {
  const { resumo, origens, corretores, motivos } = funil;
  const leads = resumo.etapas[0]?.quantidade ?? 0;
  byId('funil-vazio').hidden = leads > 0;
  byId('funil-safra').textContent = `Safra: ${resumo.safra.descricao}. ${resumo.safra.observacao}`;
  fillHelp(resumo.safra.observacao);

  funnelChart('chart-funil', resumo.etapas, 'Leads da safra');
  byId('funil-etapas').replaceChildren(...resumo.etapas.map((e) => step(
    STEP_NAME[e.etapa] ?? e.etapa, int(e.quantidade),
    e.etapa === 'leads' ? `${pct(e.conversao_pct)} da safra` : `${pct(e.conversao_pct)} dos leads · ${pct(e.conversao_etapa_anterior_pct)} da etapa anterior`,
  )));
  const flow = /** @type {const} */ (['leads', 'visitas', 'reservas', 'vendas']).map((etapa) => ({ etapa, quantidade: resumo.fluxo[etapa] }));
  funnelChart('chart-funil-fluxo', flow, 'Eventos no período');
  byId('funil-fluxo').replaceChildren(...flow.map((f) => step(STEP_NAME[f.etapa] ?? f.etapa, int(f.quantidade), 'no período')));

  const sold = resumo.etapas[3]?.quantidade ?? 0;
  card('dias_ate_venda', amount(resumo.dias_ate_venda_mediana, resumo.dias_ate_venda_mediana === 1 ? 'dia' : 'dias'),
    saleDaysBase(resumo.leads_com_venda_medidos, sold));
  card('horas_primeiro_atendimento', amount(resumo.horas_primeiro_atendimento_mediana, 'h'), `sobre os leads da safra com interação do corretor`);

  funnelOriginChart(origens.origens);
  lostReasonsChart(motivos.motivos);
  brokerRows = corretores.corretores;
  drawBrokers();
}
