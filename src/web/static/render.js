// @ts-check
// Cards, growth figures and tables: numbers from the APIs, written as text.
import { brl, dateBr, dateTimeBr, el, fillTable, int, monthLabel, pct, pp, signedPct } from './format.js';

/**
 * @typedef {import('../page/dashboard-contract.ts').DashboardAnswer} DashboardAnswer
 * @typedef {DashboardAnswer['resumo']} Summary
 */
/** @typedef {DashboardAnswer['sincronizacao']} SyncState */

/** An element the page is known to have (dashboard-page.ts writes each one). @param {string} id */
function byId(id) {
  return /** @type {HTMLElement} */ (document.getElementById(id));
}
/** A table the page is known to have. @param {string} id */
function tableById(id) {
  return /** @type {HTMLTableElement} */ (document.getElementById(id));
}

/** @type {Record<keyof Summary & ('vendas' | 'vgv' | 'ticket_medio' | 'comissao' | 'vso' | 'pro_soluto' | 'distratos' | 'estoque_disponivel'), (v: number | null | undefined) => string>} */
const CARD_FORMAT = {
  vendas: int, vgv: brl, ticket_medio: brl, comissao: brl, vso: pct, pro_soluto: pct, distratos: int, estoque_disponivel: int,
};

/** @type {Record<string, string | undefined>} */
const SOURCE = { snapshot: 'foto diária', reconstruido: 'reconstruído', atual: 'situação atual' };

// The cards differ in their extra fields (VSO's supply, distratos' value…); each is read only
// under its own key.
/** @typedef {Summary['vendas'] & { [extra: string]: any }} Card */

/** @param {Card} card @returns {[string, string]} */
function deltaText(card) {
  if (card.variacao_pp !== undefined) {
    if (card.variacao_pp === null) return [card.anterior === null ? 'sem comparação' : `antes: ${pct(card.anterior)}`, 'flat'];
    const dir = card.variacao_pp > 0 ? 'up' : card.variacao_pp < 0 ? 'down' : 'flat';
    return [`${arrow(dir)} ${pp(card.variacao_pp)} vs período anterior (${pct(card.anterior)})`, dir];
  }
  if (card.variacao_pct === null || card.variacao_pct === undefined) {
    return [card.anterior === null || card.anterior === undefined ? 'sem comparação' : 'sem base de comparação (anterior = 0)', 'flat'];
  }
  const dir = card.variacao_pct > 0 ? 'up' : card.variacao_pct < 0 ? 'down' : 'flat';
  return [`${arrow(dir)} ${signedPct(card.variacao_pct)} vs período anterior`, dir];
}

/** @param {string} dir */
function arrow(dir) {
  return dir === 'up' ? '▲' : dir === 'down' ? '▼' : '■';
}

/** @param {string} key @param {Card} card */
function cardNote(key, card) {
  if (key === 'vso' && card.valor !== null) {
    return `${int(card.vendas_liquidas)} vendas líquidas ÷ oferta de ${int(card.oferta)} · estoque: ${SOURCE[card.fonte_estoque] ?? '—'}`;
  }
  if (key === 'pro_soluto') return `${brl(card.valor_reais)} no período`;
  if (key === 'distratos') {
    return `${brl(card.valor_reais)} em contratos${card.anterior_reais === null ? '' : ` · antes: ${brl(card.anterior_reais)}`}`;
  }
  if (key === 'estoque_disponivel') {
    return card.anterior === null ? 'situação atual' : `início do período: ${int(card.anterior)} (${SOURCE[card.anterior_fonte] ?? '—'})`;
  }
  if (key === 'vendas' || key === 'vgv' || key === 'ticket_medio' || key === 'comissao') {
    const format = CARD_FORMAT[key];
    return card.anterior === null ? '' : `período anterior: ${format(card.anterior)}`;
  }
  return '';
}

/** @param {Summary} summary */
export function renderCards(summary) {
  for (const [key, format] of Object.entries(CARD_FORMAT)) {
    const card = /** @type {Card | undefined} */ (summary[/** @type {keyof typeof CARD_FORMAT} */ (key)]);
    const node = document.querySelector(`[data-card="${key}"]`);
    if (!node || !card) continue;
    const value = /** @type {HTMLElement} */ (node.querySelector('[data-value]'));
    value.textContent = format(card.valor);
    value.dataset.raw = card.valor === null ? '' : String(card.valor);
    const [text, dir] = deltaText(card);
    const delta = /** @type {HTMLElement} */ (node.querySelector('[data-delta]'));
    delta.textContent = text;
    // Fewer distratos is good news; stock going either way is neither.
    delta.dataset.dir = key === 'estoque_disponivel' ? 'neutral' : key === 'distratos' ? (/** @type {Record<string, string>} */ ({ up: 'down', down: 'up' }))[dir] ?? dir : dir;
    /** @type {HTMLElement} */ (node.querySelector('[data-note]')).textContent = cardNote(key, card);
  }
}

/** @param {DashboardAnswer['crescimento']} growth */
export function renderGrowth(growth) {
  const box = byId('growth');
  /** @param {string} label @param {number | null} value @param {string} base */
  const line = (label, value, base) => {
    const dir = value === null ? 'flat' : value > 0 ? 'up' : value < 0 ? 'down' : 'flat';
    return el('div', { className: 'growth-item' },
      el('span', { className: 'growth-label' }, label),
      el('span', { className: 'growth-value', 'data-dir': dir }, value === null ? '—' : `${dir === 'up' ? '▲' : dir === 'down' ? '▼' : '■'} ${signedPct(value)}`),
      el('span', { className: 'growth-base' }, base));
  };
  const ref = monthLabel(growth.mes_referencia);
  box.replaceChildren(
    el('p', { className: 'growth-ref' }, `Referência: ${ref}${growth.parcial ? ' (mês em andamento)' : ''} · ${int(growth.atual.vendas)} vendas · ${brl(growth.atual.vgv)}`),
    el('div', { className: 'growth-grid' },
      line('Vendas MoM', growth.mom.vendas_pct, `vs ${monthLabel(growth.mes_anterior.mes)}: ${int(growth.mes_anterior.vendas)}`),
      line('VGV MoM', growth.mom.vgv_pct, `vs ${monthLabel(growth.mes_anterior.mes)}: ${brl(growth.mes_anterior.vgv)}`),
      line('Vendas YoY', growth.yoy.vendas_pct, `vs ${monthLabel(growth.ano_anterior.mes)}: ${int(growth.ano_anterior.vendas)}`),
      line('VGV YoY', growth.yoy.vgv_pct, `vs ${monthLabel(growth.ano_anterior.mes)}: ${brl(growth.ano_anterior.vgv)}`)),
  );
}

/** @param {DashboardAnswer['corretores']['corretores']} corretores */
export function renderBrokers(corretores) {
  fillTable(tableById('table-corretores'), corretores, (r) => [
    [String(r.posicao)], [r.corretor], [int(r.vendas), 'num'], [brl(r.vgv), 'num'], [brl(r.comissao), 'num'],
  ], 'Nenhuma venda no período.');
}

/** @param {DashboardAnswer['vso']['por_empreendimento']} porEmpreendimento */
export function renderVsoTable(porEmpreendimento) {
  const last = porEmpreendimento.at(-1)?.mes ?? null;
  const rows = porEmpreendimento.filter((r) => r.mes === last);
  fillTable(tableById('table-vso'), rows, (r) => [
    [r.empreendimento], [int(r.vendas_liquidas), 'num'], [int(r.oferta), 'num'], [pct(r.vso_pct), 'num'],
    [(r.fonte_estoque === null ? undefined : SOURCE[r.fonte_estoque]) ?? '—'],
  ], 'Sem unidades cadastradas.');
  const caption = document.querySelector('#panel-vso .table-caption') ?? el('p', { className: 'table-caption' });
  caption.textContent = last ? `Por empreendimento em ${monthLabel(last)}` : '';
  tableById('table-vso').parentElement?.before(caption);
}

/** @param {DashboardAnswer['vendas']} data */
export function renderSales(data) {
  fillTable(tableById('table-vendas'), data.vendas, (r) => [
    [dateBr(r.data_venda)], [r.cliente ?? '—'], [r.corretor ?? '—'], [r.empreendimento ?? '—'],
    [brl(r.valor), 'num'], [brl(r.comissao_valor), 'num'],
  ], 'Nenhuma venda no período.');
  byId('vendas-total').textContent =
    `${int(data.vendas.length)} de ${int(data.total)} vendas (${data.periodo})`;
}

/** @type {Record<string, string | undefined>} */
const SYNC_STATE = { ok: 'ok', em_execucao: 'em execução', falha: 'com falha', nunca: 'ainda não sincronizado' };
/** @type {Record<string, string | undefined>} */
const RUN_STATE = { succeeded: 'sucesso', failed: 'falhou', running: 'em execução', interrupted: 'interrompida' };

/**
 * A run whose row still says running but that no live process holds (it crashed or was killed).
 * @param {SyncState['recursos'][number]} r called only for a resource that has a run
 */
function runState(r) {
  const status = /** @type {NonNullable<typeof r.ultima_execucao>} */ (r.ultima_execucao).status;
  return status === 'running' && !r.em_execucao ? RUN_STATE.interrupted : RUN_STATE[status] ?? status;
}

/**
 * Text with `command` spans as <code> elements (never parsed as HTML).
 * @param {string} text
 */
function withCode(text) {
  return text.split('`').map((part, i) => (i % 2 === 1 ? el('code', {}, part) : part));
}

/**
 * The banner that says why the last sync failed and what to do; hidden when none failed.
 * @param {SyncState['ultima_falha']} failure
 */
export function renderSyncFailure(failure) {
  const box = byId('sync-failure');
  box.hidden = !failure;
  if (!failure) {
    box.replaceChildren();
    delete box.dataset.tipo;
    return;
  }
  box.dataset.tipo = failure.tipo;
  const where = [failure.recurso, failure.quando ? `em ${dateTimeBr(failure.quando)}` : null].filter(Boolean).join(' ');
  box.replaceChildren(
    el('p', { className: 'sync-failure-title' }, `A última sincronização falhou${where ? ` (${where})` : ''}.`),
    el('p', { className: 'sync-failure-text', 'data-message': '' }, failure.mensagem, ' ', ...withCode(failure.o_que_fazer)),
    // replaceChildren would write a null as the text "null": no detail, no paragraph.
    ...(failure.detalhe ? [el('p', { className: 'sync-failure-detail' }, `Detalhe: ${failure.detalhe}`)] : []),
  );
}

/**
 * Before any sync has succeeded (and none failed), zeros mean "nothing loaded yet": say so.
 * @param {SyncState} sync
 */
export function renderSyncNote(sync) {
  const box = byId('sync-note');
  const empty = !sync.ultima_falha && !sync.ultima_sincronizacao;
  box.hidden = !empty;
  if (!empty) {
    box.replaceChildren();
    return;
  }
  box.replaceChildren(...withCode(sync.estado === 'em_execucao'
    ? 'Ainda não há dados do CV CRM: a primeira sincronização está em andamento. Os números aparecem aqui quando ela terminar.'
    : 'Ainda não há dados do CV CRM: nenhuma sincronização terminou até agora. Rode `cvcrm-etl sync` ou aguarde o próximo horário agendado.'));
}

/** @param {SyncState} sync */
export function renderSync(sync) {
  const pill = byId('sync-summary');
  pill.dataset.state = sync.estado;
  pill.textContent = sync.ultima_sincronizacao
    ? `Última sincronização: ${dateTimeBr(sync.ultima_sincronizacao)} · ${SYNC_STATE[sync.estado] ?? sync.estado}`
    : `Sincronização: ${SYNC_STATE[sync.estado] ?? sync.estado}`;
  fillTable(tableById('table-sync'), sync.recursos, (r) => [
    [r.recurso],
    [dateTimeBr(r.ultimo_sucesso)],
    [r.ultima_execucao ? `${runState(r)} · ${dateTimeBr(r.ultima_execucao.inicio)}` : '—',
      r.falhas_consecutivas > 0 ? 'bad' : undefined],
    [r.ultima_execucao?.registros === null || r.ultima_execucao === null ? '—' : int(r.ultima_execucao.registros), 'num'],
  ], 'Nenhuma sincronização registrada.');
}
