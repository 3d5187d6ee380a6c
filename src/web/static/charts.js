// @ts-check
// Chart.js charts of the dashboard. Each chart is created once and then updated in place, so
// legend toggles (hidden series) survive the 30-second refresh.
import { brl, brlShort, int, monthLabel, pct } from './format.js';

/**
 * @typedef {import('../page/dashboard-contract.ts').DashboardAnswer} DashboardAnswer
 * @typedef {(number | null)[]} Series
 */
/** @typedef {import('chart.js').TooltipItem<any>} TooltipItem */
// Mixed bar and line charts are beyond what Chart.js's configuration types express.
/** @typedef {import('chart.js').ChartConfiguration<any, any, any>} ChartConfig */
// A chart's builder indexes its own series (s[0], s[1]…), which always exist.
/** @typedef {(labels: string[], series: any[]) => ChartConfig} BuildChart */

const COLORS = {
  blue: '#1f5fbf', blueLight: 'rgba(31, 95, 191, 0.28)', teal: '#0f9d8a', tealLight: 'rgba(15, 157, 138, 0.35)',
  orange: '#e8822a', red: '#c8414b', grey: '#8a94a6', purple: '#7a5cc7', gold: '#c9a227',
};
const PALETTE = ['#1f5fbf', '#0f9d8a', '#e8822a', '#7a5cc7', '#c8414b', '#c9a227', '#3aa0d8', '#6b8e23', '#8a94a6', '#d45d9a'];

/** @type {Map<string, import('chart.js').Chart>} */
const charts = new Map();
// The rows behind each chart as last drawn. A chart is built once, so its tooltip callbacks must
// look the rows up here at hover time: rows captured when it was built would be the first
// render's, stale after a filter change or a refresh.
/** @type {Map<string, readonly unknown[] | undefined>} */
const rowsOf = new Map();

/**
 * The row of the current data that a tooltip item points at.
 * @template R the type of the rows the chart was drawn with
 * @param {TooltipItem} context
 * @returns {R | undefined}
 */
function rowAt(context) {
  return /** @type {R | undefined} */ (rowsOf.get(context.chart.canvas.id)?.[context.dataIndex]);
}

// Legend entries in the order the series are declared (Chart.js would sort them by draw order).
/** @type {any} */
const LEGEND = { position: 'bottom', labels: { boxWidth: 12, usePointStyle: true, sort: (/** @type {{ datasetIndex: number }} */ a, /** @type {{ datasetIndex: number }} */ b) => a.datasetIndex - b.datasetIndex } };

// Visitors who ask their system for less motion get charts without animation.
const REDUCED_MOTION = window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/** @param {import('chart.js').ChartOptions<any>} extra */
function baseOptions(extra) {
  return {
    responsive: true,
    animation: REDUCED_MOTION ? false : { duration: 600 },
    maintainAspectRatio: false,
    interaction: { mode: 'index', intersect: false },
    plugins: { legend: LEGEND, tooltip: { padding: 10 } },
    ...extra,
  };
}

/** @param {TooltipItem} context */
function money(context) {
  return `${context.dataset.label}: ${brl(context.parsed.y ?? context.parsed.x ?? context.parsed)}`;
}

/**
 * Creates the chart the first time, then swaps labels and data keeping each series' visibility.
 * @param {string} id
 * @param {BuildChart} build
 * @param {string[]} labels
 * @param {Series[]} series
 * @param {readonly unknown[]} [rows]
 */
function upsert(id, build, labels, series, rows) {
  rowsOf.set(id, rows);
  const existing = charts.get(id);
  if (existing && existing.data.datasets.length === series.length) {
    existing.data.labels = labels;
    existing.data.datasets.forEach((dataset, i) => { dataset.data = /** @type {Series} */ (series[i]); });
    existing.update();
    return existing;
  }
  existing?.destroy();
  const canvas = /** @type {HTMLCanvasElement} */ (document.getElementById(id));
  const config = build(labels, series);
  const chart = new Chart(canvas, config);
  charts.set(id, chart);
  return chart;
}

/** @param {DashboardAnswer['mensal']['meses']} meses */
export function monthlyChart(meses) {
  const labels = meses.map((m) => monthLabel(m.mes));
  const series = [meses.map((m) => m.vendas), meses.map((m) => m.vendas_ano_anterior), meses.map((m) => m.vgv), meses.map((m) => m.vgv_ano_anterior)];
  upsert('chart-mensal', (l, s) => ({
    type: 'bar',
    data: {
      labels: l,
      datasets: [
        { label: 'Vendas', data: s[0], backgroundColor: COLORS.blue, yAxisID: 'y', order: 2 },
        { label: 'Vendas (ano anterior)', data: s[1], backgroundColor: COLORS.blueLight, yAxisID: 'y', order: 3 },
        { label: 'VGV', data: s[2], type: 'line', borderColor: COLORS.teal, backgroundColor: COLORS.teal, yAxisID: 'y1', tension: 0.3, cubicInterpolationMode: 'monotone', order: 1 },
        { label: 'VGV (ano anterior)', data: s[3], type: 'line', borderColor: COLORS.tealLight, backgroundColor: COLORS.tealLight, borderDash: [6, 4], yAxisID: 'y1', tension: 0.3, cubicInterpolationMode: 'monotone', order: 1 },
      ],
    },
    options: baseOptions({
      scales: {
        y: { beginAtZero: true, title: { display: true, text: 'Vendas' }, ticks: { precision: 0 } },
        y1: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false }, ticks: { callback: (/** @type {number} */ v) => brlShort(v) } },
      },
      plugins: {
        legend: LEGEND,
        tooltip: { callbacks: { label: (/** @type {TooltipItem} */ c) => (c.dataset.yAxisID === 'y1' ? money(c) : `${c.dataset.label}: ${int(c.parsed.y)}`) } },
      },
    }),
  }), labels, series);
}

/**
 * Horizontal bars of VGV per name, with the sale count in the tooltip.
 * @template {{ vgv: number, vendas: number }} R
 * @param {string} id
 * @param {readonly R[]} rows
 * @param {(row: R) => string} nameOf
 * @param {string} [color]
 */
export function vgvBarChart(id, rows, nameOf, color) {
  const labels = rows.map(nameOf);
  upsert(id, (l, s) => ({
    type: 'bar',
    data: { labels: l, datasets: [{ label: 'VGV', data: s[0], backgroundColor: color ?? COLORS.blue, borderRadius: 4 }] },
    options: baseOptions({
      indexAxis: 'y',
      scales: { x: { beginAtZero: true, ticks: { callback: (/** @type {number} */ v) => brlShort(v), maxRotation: 0, autoSkipPadding: 12 } } },
      plugins: {
        legend: { display: true, position: 'bottom' },
        tooltip: { callbacks: { label: (/** @type {TooltipItem} */ c) => `VGV: ${brl(c.parsed.x)}`, afterLabel: (/** @type {TooltipItem} */ c) => `Vendas: ${int(/** @type {R | undefined} */ (rowAt(c))?.vendas)}` } },
      },
    }),
  }), labels, [rows.map((r) => r.vgv)], rows);
}

/** @param {DashboardAnswer['origens']['origens']} origens */
export function leadSourceChart(origens) {
  upsert('chart-origem', (l, s) => ({
    type: 'doughnut',
    data: { labels: l, datasets: [{ label: 'Vendas', data: s[0], backgroundColor: PALETTE, borderWidth: 1 }] },
    options: baseOptions({
      interaction: { mode: 'nearest', intersect: true },
      plugins: {
        legend: LEGEND,
        tooltip: { callbacks: { label: (/** @type {TooltipItem} */ c) => `${c.label}: ${int(c.parsed)} vendas (${pct(/** @type {(typeof origens)[number] | undefined} */ (rowAt(c))?.participacao_pct)})` } },
      },
    }),
  }), origens.map((o) => o.origem), [origens.map((o) => o.vendas)], origens);
}

/** @type {['disponivel' | 'reservada' | 'em_reserva' | 'vendida' | 'bloqueada', string, string][]} */
const STATES = [
  ['disponivel', 'Disponível', COLORS.teal], ['reservada', 'Reservada', COLORS.gold], ['em_reserva', 'Em reserva', COLORS.orange],
  ['vendida', 'Vendida', COLORS.blue], ['bloqueada', 'Bloqueada', COLORS.grey],
];

/** @param {DashboardAnswer['estoque']['empreendimentos']} rows */
export function inventoryChart(rows) {
  upsert('chart-estoque', (l, s) => ({
    type: 'bar',
    data: { labels: l, datasets: STATES.map(([, label, color], i) => ({ label, data: s[i], backgroundColor: color })) },
    options: baseOptions({
      indexAxis: 'y',
      scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } },
      plugins: { legend: LEGEND, tooltip: { callbacks: { label: (/** @type {TooltipItem} */ c) => `${c.dataset.label}: ${int(c.parsed.x)} unidades` } } },
    }),
  }), rows.map((r) => r.empreendimento), STATES.map(([key]) => rows.map((r) => r[key])));
}

/** @param {DashboardAnswer['vso']['meses']} meses */
export function vsoChart(meses) {
  upsert('chart-vso', (l, s) => ({
    type: 'line',
    data: { labels: l, datasets: [{ label: 'VSO (%)', data: s[0], borderColor: COLORS.purple, backgroundColor: COLORS.purple, tension: 0.3, cubicInterpolationMode: 'monotone', spanGaps: true }] },
    options: baseOptions({
      scales: { y: { ticks: { callback: (/** @type {number} */ v) => pct(v) } } },
      plugins: {
        legend: LEGEND,
        tooltip: { callbacks: { label: (/** @type {TooltipItem} */ c) => `VSO: ${pct(c.parsed.y)}`, afterLabel: (/** @type {TooltipItem} */ c) => {
          const m = /** @type {(typeof meses)[number] | undefined} */ (rowAt(c));
          return m ? `Vendas líquidas ${int(m.vendas_liquidas)} ÷ oferta ${int(m.oferta)} (estoque ${m.fonte_estoque === 'snapshot' ? 'da foto diária' : 'reconstruído'})` : '';
        } } },
      },
    }),
  }), meses.map((m) => monthLabel(m.mes)), [meses.map((m) => m.vso_pct)], meses);
}

/** @param {DashboardAnswer['pro_soluto']['meses']} meses */
export function proSolutoChart(meses) {
  upsert('chart-pro-soluto', (l, s) => ({
    type: 'bar',
    data: {
      labels: l,
      datasets: [
        { label: 'Pró-soluto (R$)', data: s[0], backgroundColor: COLORS.gold, yAxisID: 'y', order: 2 },
        { label: '% do VGV', data: s[1], type: 'line', borderColor: COLORS.red, backgroundColor: COLORS.red, yAxisID: 'y1', tension: 0.3, cubicInterpolationMode: 'monotone', order: 1, spanGaps: true },
      ],
    },
    options: baseOptions({
      scales: {
        y: { beginAtZero: true, ticks: { callback: (/** @type {number} */ v) => brlShort(v) } },
        y1: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false }, ticks: { callback: (/** @type {number} */ v) => pct(v) } },
      },
      plugins: { legend: LEGEND, tooltip: { callbacks: { label: (/** @type {TooltipItem} */ c) => (c.dataset.yAxisID === 'y1' ? `% do VGV: ${pct(c.parsed.y)}` : money(c)) } } },
    }),
  }), meses.map((m) => monthLabel(m.mes)), [meses.map((m) => m.pro_soluto), meses.map((m) => m.participacao_pct)]);
}

/** @param {DashboardAnswer['distratos']['meses']} meses */
export function distratosChart(meses) {
  upsert('chart-distratos', (l, s) => ({
    type: 'bar',
    data: {
      labels: l,
      datasets: [
        { label: 'Distratos', data: s[0], backgroundColor: COLORS.red, yAxisID: 'y', order: 2 },
        { label: 'Valor', data: s[1], type: 'line', borderColor: COLORS.grey, backgroundColor: COLORS.grey, yAxisID: 'y1', tension: 0.3, cubicInterpolationMode: 'monotone', order: 1 },
      ],
    },
    options: baseOptions({
      scales: {
        y: { beginAtZero: true, ticks: { precision: 0 } },
        y1: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false }, ticks: { callback: (/** @type {number} */ v) => brlShort(v) } },
      },
      plugins: { legend: LEGEND, tooltip: { callbacks: { label: (/** @type {TooltipItem} */ c) => (c.dataset.yAxisID === 'y1' ? money(c) : `Distratos: ${int(c.parsed.y)}`) } } },
    }),
  }), meses.map((m) => monthLabel(m.mes)), [meses.map((m) => m.distratos), meses.map((m) => m.valor)]);
}

/** @type {Record<string, string>} */
const STEP_LABEL = { leads: 'Leads', visitas: 'Visitas', reservas: 'Reservas', vendas: 'Vendas' };
const STEP_COLORS = [COLORS.blue, COLORS.teal, COLORS.gold, COLORS.purple];

/**
 * The funnel's four steps as horizontal bars, widest first, with the rate in the tooltip.
 * @param {string} id
 * @param {readonly { etapa: string, quantidade: number, conversao_pct?: number | null }[]} rows
 * @param {string} label
 */
export function funnelChart(id, rows, label) {
  upsert(id, (l, s) => ({
    type: 'bar',
    data: { labels: l, datasets: [{ label, data: s[0], backgroundColor: STEP_COLORS, borderRadius: 4 }] },
    options: baseOptions({
      indexAxis: 'y',
      interaction: { mode: 'nearest', axis: 'y', intersect: false },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (/** @type {TooltipItem} */ c) => {
          const row = /** @type {(typeof rows)[number] | undefined} */ (rowAt(c));
          const rate = row?.conversao_pct === undefined ? '' : ` (${pct(row.conversao_pct)} dos leads)`;
          return `${int(c.parsed.x)}${rate}`;
        } } },
      },
    }),
  }), rows.map((r) => STEP_LABEL[r.etapa] ?? r.etapa), [rows.map((r) => r.quantidade)], rows);
}

/**
 * Sale conversion of the cohort per origin: what a director compares across channels. The
 * counts behind each rate are in the tooltip, so a high rate over few leads reads as such.
 * @param {DashboardAnswer['funil']['origens']['origens']} origens
 */
export function funnelOriginChart(origens) {
  upsert('chart-funil-origem', (l, s) => ({
    type: 'bar',
    data: {
      labels: l,
      datasets: [{ label: 'Conversão em venda', data: s[0], backgroundColor: COLORS.purple, borderRadius: 4 }],
    },
    options: baseOptions({
      indexAxis: 'y',
      scales: { x: { beginAtZero: true, ticks: { callback: (/** @type {number | string} */ v) => pct(Number(v)) } } },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: {
          label: (/** @type {TooltipItem} */ c) => `Conversão em venda: ${pct(c.parsed.x)}`,
          afterBody: (/** @type {TooltipItem[]} */ items) => {
            const row = /** @type {(typeof origens)[number] | undefined} */ (items[0] ? rowAt(items[0]) : undefined);
            return row ? `${int(row.leads)} leads · ${int(row.visitas)} visitas · ${int(row.reservas)} reservas · ${int(row.vendas)} vendas` : '';
          },
        } },
      },
    }),
  }), origens.map((o) => o.origem), [origens.map((o) => o.conversao_venda_pct ?? 0)], origens);
}

/** @param {DashboardAnswer['funil']['motivos']['motivos']} motivos */
export function lostReasonsChart(motivos) {
  upsert('chart-funil-motivos', (l, s) => ({
    type: 'bar',
    data: { labels: l, datasets: [{ label: 'Leads perdidos', data: s[0], backgroundColor: COLORS.red, borderRadius: 4 }] },
    options: baseOptions({
      indexAxis: 'y',
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (/** @type {TooltipItem} */ c) =>
          `${int(c.parsed.x)} leads (${pct(/** @type {(typeof motivos)[number] | undefined} */ (rowAt(c))?.participacao_pct)} das perdas)` } },
      },
    }),
  }), motivos.map((m) => m.motivo), [motivos.map((m) => m.leads)], motivos);
}

export const TEAM_COLOR = COLORS.teal;
export const PROJECT_COLOR = COLORS.blue;
export const BROKER_COLOR = COLORS.purple;
