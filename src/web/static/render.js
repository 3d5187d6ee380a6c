// Cards, growth figures and tables: numbers from the APIs, written as text.
import { brl, dateBr, dateTimeBr, el, fillTable, int, monthLabel, pct, pp, signedPct } from './format.js';

const CARD_FORMAT = {
  vendas: int, vgv: brl, ticket_medio: brl, comissao: brl, vso: pct, pro_soluto: pct, distratos: int, estoque_disponivel: int,
};

const SOURCE = { snapshot: 'foto diária', reconstruido: 'reconstruído', atual: 'situação atual' };

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

function arrow(dir) {
  return dir === 'up' ? '▲' : dir === 'down' ? '▼' : '■';
}

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

export function renderCards(summary) {
  for (const [key, format] of Object.entries(CARD_FORMAT)) {
    const card = summary[key];
    const node = document.querySelector(`[data-card="${key}"]`);
    if (!node || !card) continue;
    const value = node.querySelector('[data-value]');
    value.textContent = format(card.valor);
    value.dataset.raw = card.valor === null ? '' : String(card.valor);
    const [text, dir] = deltaText(card);
    const delta = node.querySelector('[data-delta]');
    delta.textContent = text;
    // Fewer distratos is good news; stock going either way is neither.
    delta.dataset.dir = key === 'estoque_disponivel' ? 'neutral' : key === 'distratos' ? ({ up: 'down', down: 'up' })[dir] ?? dir : dir;
    node.querySelector('[data-note]').textContent = cardNote(key, card);
  }
}

export function renderGrowth(growth) {
  const box = document.getElementById('growth');
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

export function renderBrokers(corretores) {
  fillTable(document.getElementById('table-corretores'), corretores, (r) => [
    [String(r.posicao)], [r.corretor], [int(r.vendas), 'num'], [brl(r.vgv), 'num'], [brl(r.comissao), 'num'],
  ], 'Nenhuma venda no período.');
}

export function renderVsoTable(porEmpreendimento) {
  const last = porEmpreendimento.length === 0 ? null : porEmpreendimento[porEmpreendimento.length - 1].mes;
  const rows = porEmpreendimento.filter((r) => r.mes === last);
  fillTable(document.getElementById('table-vso'), rows, (r) => [
    [r.empreendimento], [int(r.vendas_liquidas), 'num'], [int(r.oferta), 'num'], [pct(r.vso_pct), 'num'],
    [SOURCE[r.fonte_estoque] ?? '—'],
  ], 'Sem unidades cadastradas.');
  const caption = document.querySelector('#panel-vso .table-caption') ?? el('p', { className: 'table-caption' });
  caption.textContent = last ? `Por empreendimento em ${monthLabel(last)}` : '';
  document.getElementById('table-vso').parentElement.before(caption);
}

export function renderSales(data) {
  fillTable(document.getElementById('table-vendas'), data.vendas, (r) => [
    [dateBr(r.data_venda)], [r.cliente ?? '—'], [r.corretor ?? '—'], [r.empreendimento ?? '—'],
    [brl(r.valor), 'num'], [brl(r.comissao_valor), 'num'],
  ], 'Nenhuma venda no período.');
  document.getElementById('vendas-total').textContent =
    `${int(data.vendas.length)} de ${int(data.total)} vendas (${data.periodo})`;
}

const SYNC_STATE = { ok: 'ok', em_execucao: 'em execução', falha: 'com falha', nunca: 'ainda não sincronizado' };
const RUN_STATE = { succeeded: 'sucesso', failed: 'falhou', running: 'em execução', interrupted: 'interrompida' };

/** A run whose row still says running but that no live process holds (it crashed or was killed). */
function runState(r) {
  const status = r.ultima_execucao.status;
  return status === 'running' && !r.em_execucao ? RUN_STATE.interrupted : RUN_STATE[status] ?? status;
}

/** Text with `command` spans as <code> elements (never parsed as HTML). */
function withCode(text) {
  return text.split('`').map((part, i) => (i % 2 === 1 ? el('code', {}, part) : part));
}

/** The banner that says why the last sync failed and what to do; hidden when none failed. */
export function renderSyncFailure(failure) {
  const box = document.getElementById('sync-failure');
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
    failure.detalhe ? el('p', { className: 'sync-failure-detail' }, `Detalhe: ${failure.detalhe}`) : null,
  );
}

/** Before any sync has succeeded (and none failed), zeros mean "nothing loaded yet": say so. */
export function renderSyncNote(sync) {
  const box = document.getElementById('sync-note');
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

export function renderSync(sync) {
  const pill = document.getElementById('sync-summary');
  pill.dataset.state = sync.estado;
  pill.textContent = sync.ultima_sincronizacao
    ? `Última sincronização: ${dateTimeBr(sync.ultima_sincronizacao)} · ${SYNC_STATE[sync.estado] ?? sync.estado}`
    : `Sincronização: ${SYNC_STATE[sync.estado] ?? sync.estado}`;
  fillTable(document.getElementById('table-sync'), sync.recursos, (r) => [
    [r.recurso],
    [dateTimeBr(r.ultimo_sucesso)],
    [r.ultima_execucao ? `${runState(r)} · ${dateTimeBr(r.ultima_execucao.inicio)}` : '—',
      r.falhas_consecutivas > 0 ? 'bad' : undefined],
    [r.ultima_execucao?.registros === null || r.ultima_execucao === null ? '—' : int(r.ultima_execucao.registros), 'num'],
  ], 'Nenhuma sincronização registrada.');
}
