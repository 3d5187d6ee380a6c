// @ts-check
// The dashboard: filters kept in the page URL, every card and chart loaded from the JSON APIs,
// refreshed every 30 seconds with the same filters. "Today" is the server's: every answer brings
// it, so a page left open follows the server's date across midnight and new year.
import { dateBr } from './format.js';
import { BROKER_COLOR, PROJECT_COLOR, TEAM_COLOR, distratosChart, inventoryChart, leadSourceChart, monthlyChart, proSolutoChart, vgvBarChart, vsoChart } from './charts.js';
import { renderFunnel, wireFunnel } from './funnel.js';
import { renderBrokers, renderCards, renderGrowth, renderSales, renderSync, renderSyncFailure, renderSyncNote, renderVsoTable } from './render.js';

/**
 * @typedef {import('../page/dashboard-contract.ts').DashboardAnswer} DashboardAnswer
 * @typedef {{ empreendimento: string, conta: string, preset?: string, periodo?: string, de?: string, ate?: string }} Filters
 */
/** @typedef {{ periodo?: string, de?: string, ate?: string, empreendimento?: string, conta?: string }} ApiParams */

/** An element the page is known to have (dashboard-page.ts writes each one). @param {string} id */
function byId(id) {
  return /** @type {HTMLElement} */ (document.getElementById(id));
}
/** A form field the page is known to have. @param {string} id */
function fieldById(id) {
  return /** @type {HTMLInputElement} */ (document.getElementById(id));
}

const REFRESH_MS = 30_000;
let today = document.body.dataset.hoje ?? '';
let generation = 0;

/** The period buttons (Últimos 7 dias…, Ano atual). */
function presetButtons() {
  return /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('.preset'));
}

/**
 * The filters as the URL holds them: ?periodo=30 | ?preset=ano | ?de=…&ate=…, plus &empreendimento=… and &conta=…
 * @returns {Filters}
 */
function readFilters() {
  const params = new URLSearchParams(location.search);
  /** @type {Filters} */
  const filters = { empreendimento: params.get('empreendimento') ?? '', conta: params.get('conta') ?? '' };
  if (params.get('preset') === 'ano') filters.preset = 'ano';
  else if (params.get('de') || params.get('ate')) {
    filters.de = params.get('de') ?? '';
    filters.ate = params.get('ate') ?? '';
  } else {
    const periodo = params.get('periodo') ?? '';
    filters.periodo = /^\d{1,5}$/.test(periodo) ? periodo : '30';
  }
  return filters;
}

/** @param {Filters} filters */
function writeFilters(filters) {
  const params = new URLSearchParams();
  if (filters.preset) params.set('preset', filters.preset);
  else if (filters.periodo) params.set('periodo', filters.periodo);
  else {
    if (filters.de) params.set('de', filters.de);
    if (filters.ate) params.set('ate', filters.ate);
  }
  if (filters.empreendimento) params.set('empreendimento', filters.empreendimento);
  if (filters.conta) params.set('conta', filters.conta);
  window.history.replaceState(null, '', `${location.pathname}?${params}`);
}

/**
 * The API's period parameters for the filters ("ano atual" = 1 January to today).
 * @param {Filters} filters
 * @returns {ApiParams}
 */
function periodParams(filters) {
  if (filters.preset === 'ano') return { de: `${today.slice(0, 4)}-01-01`, ate: today };
  if (filters.periodo) return { periodo: filters.periodo };
  /** @type {ApiParams} */
  const out = {};
  if (filters.de) out.de = filters.de;
  if (filters.ate) out.ate = filters.ate;
  return out;
}

/** @param {string} path @param {ApiParams} params @returns {Promise<DashboardAnswer>} */
async function api(path, params) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '' && v !== undefined));
  let response;
  try {
    response = await fetch(`${path}${query.size ? `?${query}` : ''}`, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  } catch {
    // The browser's own message ("Failed to fetch") tells a director nothing.
    throw new Error(`O servidor do painel não respondeu. Confira se o cvcrm-etl está no ar; a página tenta de novo a cada ${REFRESH_MS / 1000} s.`);
  }
  if (response.status === 401) {
    location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
    throw new Error('Sessão expirada.');
  }
  const body = await response.json().catch(() => null);
  if (response.status >= 500) {
    throw new Error(`Não foi possível carregar os dados (erro ${response.status}): ${body?.error?.message ?? 'o servidor falhou.'} Os números podem estar desatualizados; a página tenta de novo a cada ${REFRESH_MS / 1000} s.`);
  }
  if (!response.ok) throw new Error(body?.error?.message ?? `Erro ${response.status} em ${path}`);
  return body;
}

/** @param {string | null} message */
function showError(message) {
  const banner = byId('error-banner');
  banner.hidden = !message;
  banner.textContent = message ?? '';
}

/** @param {Filters} filters */
function markFilters(filters) {
  for (const button of presetButtons()) {
    const active = filters.preset ? button.dataset.preset === filters.preset : button.dataset.preset === filters.periodo;
    button.setAttribute('aria-pressed', active ? 'true' : 'false');
  }
  const period = periodParams(filters);
  fieldById('f-de').value = period.de ?? '';
  fieldById('f-ate').value = period.ate ?? '';
  const select = /** @type {HTMLSelectElement} */ (document.getElementById('f-empreendimento'));
  // The same project id exists in several accounts: the option is the one of the chosen account.
  const chosen = [...select.options].find((o) => o.value === filters.empreendimento && (!o.dataset.conta || !filters.conta || o.dataset.conta === filters.conta));
  if (chosen) chosen.selected = true;
  const account = /** @type {HTMLSelectElement | null} */ (document.getElementById('f-conta'));
  if (account) {
    if ([...account.options].some((o) => o.value === filters.conta)) account.value = filters.conta;
    // One account's projects only: ids repeat across accounts.
    for (const option of select.options) option.hidden = filters.conta !== '' && option.value !== '' && option.dataset.conta !== filters.conta;
  }
}

async function load() {
  const mine = ++generation;
  const filters = readFilters();
  markFilters(filters);
  const period = periodParams(filters);
  /** @type {ApiParams} */
  const sales = filters.empreendimento ? { ...period, empreendimento: filters.empreendimento } : { ...period };
  if (filters.conta) sales.conta = filters.conta;
  document.body.classList.add('loading');
  try {
    const all = await api('/api/dashboard', sales);
    const { resumo: summary, mensal: monthly, crescimento: growth, empreendimentos: byProject, corretores: brokers, times: teams,
      origens: sources, estoque: inventory, vso, pro_soluto: proSoluto, distratos, vendas: recent, sincronizacao: sync } = all;
    if (mine !== generation) return;
    if (all.hoje && all.hoje !== today) {
      // The server's day changed since the period was computed: a period that depends on today
      // ("Ano atual") is asked again for the new day.
      const asked = JSON.stringify(period);
      today = all.hoje;
      if (JSON.stringify(periodParams(filters)) !== asked) {
        load();
        return;
      }
    }
    const p = summary.periodo;
    const range = p.de && p.ate ? ` (${dateBr(p.de)} a ${dateBr(p.ate)})` : '';
    const before = summary.anterior ? ` · comparado com ${dateBr(summary.anterior.de)} a ${dateBr(summary.anterior.ate)}` : '';
    byId('period-label').textContent = `Período: ${p.descricao}${range}${before}`;
    renderCards(summary);
    monthlyChart(monthly.meses);
    renderGrowth(growth);
    vgvBarChart('chart-empreendimentos', byProject.empreendimentos, (r) => r.empreendimento, PROJECT_COLOR);
    vgvBarChart('chart-corretores', brokers.corretores, (r) => r.corretor, BROKER_COLOR);
    renderBrokers(brokers.corretores);
    vgvBarChart('chart-times', teams.times, (r) => r.time, TEAM_COLOR);
    leadSourceChart(sources.origens);
    inventoryChart(inventory.empreendimentos);
    vsoChart(vso.meses);
    renderVsoTable(vso.por_empreendimento);
    proSolutoChart(proSoluto.meses);
    distratosChart(distratos.meses);
    renderSales(recent);
    renderSync(sync);
    renderSyncFailure(sync.ultima_falha);
    renderSyncNote(sync);
    renderFunnel(all.funil);
    showError(null);
    byId('updated-at').textContent =
      `Atualizado às ${new Date(all.agora ?? Date.now()).toLocaleTimeString('pt-BR', { timeZone: 'America/Sao_Paulo' })}`;
  } catch (error) {
    if (mine === generation) showError(error instanceof Error ? error.message : String(error));
  } finally {
    if (mine === generation) document.body.classList.remove('loading');
  }
}

/** @param {Partial<Filters>} change */
function apply(change) {
  const current = readFilters();
  const next = { empreendimento: current.empreendimento, conta: current.conta, ...change };
  writeFilters(next);
  load();
}

function wire() {
  for (const button of presetButtons()) {
    button.addEventListener('click', () => {
      const value = button.dataset.preset ?? '';
      apply(value === 'ano' ? { preset: 'ano' } : { periodo: value });
    });
  }
  byId('custom-period').addEventListener('submit', (event) => {
    event.preventDefault();
    const de = fieldById('f-de').value;
    const ate = fieldById('f-ate').value;
    if (de && ate && de > ate) {
      showError('A data inicial deve ser anterior ou igual à final.');
      return;
    }
    apply({ de, ate });
  });
  const select = /** @type {HTMLSelectElement} */ (document.getElementById('f-empreendimento'));
  select.addEventListener('change', () => {
    const current = readFilters();
    // A project is one account's: picking it under "Todas as contas" reads that account only.
    const conta = select.selectedOptions[0]?.dataset.conta;
    writeFilters({ ...current, empreendimento: select.value, ...(select.value && conta ? { conta } : {}) });
    load();
  });
  const account = /** @type {HTMLSelectElement | null} */ (document.getElementById('f-conta'));
  account?.addEventListener('change', () => {
    // A project belongs to one account: switching accounts starts from all its projects.
    writeFilters({ ...readFilters(), conta: account.value, empreendimento: '' });
    load();
  });
  window.addEventListener('popstate', load);
  wireFunnel();
}

wire();
// The default period goes into the URL too, so a shared or reloaded link shows the same view.
writeFilters(readFilters());
load();
setInterval(load, REFRESH_MS);
