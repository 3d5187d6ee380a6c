// @ts-check
// pt-BR formatting and safe DOM building (text only: data never goes through innerHTML).

const BRL = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });
const BRL_SHORT = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL', notation: 'compact', maximumFractionDigits: 1 });
const INT = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 0 });
const DEC = new Intl.NumberFormat('pt-BR', { minimumFractionDigits: 1, maximumFractionDigits: 2 });
const MONTHS = ['jan', 'fev', 'mar', 'abr', 'mai', 'jun', 'jul', 'ago', 'set', 'out', 'nov', 'dez'];

/** @typedef {number | null | undefined} MaybeNumber */

/** @param {MaybeNumber} v @returns {v is null | undefined} */
const missing = (v) => v === null || v === undefined || Number.isNaN(v);

/** @type {(v: MaybeNumber) => string} */
export const brl = (v) => (missing(v) ? '—' : BRL.format(v));
/** @type {(v: MaybeNumber) => string} */
export const brlShort = (v) => (missing(v) ? '—' : BRL_SHORT.format(v));
/** @type {(v: MaybeNumber) => string} */
export const int = (v) => (missing(v) ? '—' : INT.format(v));
/** @type {(v: MaybeNumber) => string} */
export const pct = (v) => (missing(v) ? '—' : `${DEC.format(v)}%`);
/** @type {(v: MaybeNumber) => string} */
export const pp = (v) => (missing(v) ? '—' : `${DEC.format(Math.abs(v))} p.p.`);
/** @type {(v: MaybeNumber) => string} */
export const signedPct = (v) => (missing(v) ? '—' : `${v > 0 ? '+' : ''}${DEC.format(v)}%`);

/** 'AAAA-MM-DD' → 'dd/mm/aaaa'. @param {string | null | undefined} iso */
export function dateBr(iso) {
  if (!iso) return '—';
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** An instant (ISO string) in Brazil time, 'dd/mm/aaaa hh:mm'. @param {string | Date | null | undefined} value */
export function dateTimeBr(value) {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleString('pt-BR', {
    timeZone: 'America/Sao_Paulo', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit',
  });
}

/** 'AAAA-MM' → 'mar/25'. @param {string} ym */
export function monthLabel(ym) {
  const month = Number(ym.slice(5, 7));
  return `${MONTHS[month - 1] ?? '?'}/${ym.slice(2, 4)}`;
}

/**
 * Builds an element; children are nodes or text (set as text, never parsed as HTML).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string | number | boolean | null | undefined> | null} [attributes]
 * @param {...(Node | string | number | null | undefined)} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') node.className = String(value);
    else node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
  return node;
}

/**
 * Replaces a table body's rows; `cells` returns [text, className?] pairs per row.
 * @template R
 * @param {HTMLTableElement} table
 * @param {readonly R[]} rows
 * @param {(row: R) => [string, (string | undefined)?][]} cells
 * @param {string} emptyText
 */
export function fillTable(table, rows, cells, emptyText) {
  // Every table of the page is written with a <tbody> (and its header row, when it has one).
  const body = /** @type {HTMLTableSectionElement} */ (table.tBodies[0]);
  const columns = table.tHead?.rows[0]?.cells.length ?? 1;
  const fresh = rows.length === 0
    ? [el('tr', {}, el('td', { colspan: columns, className: 'empty' }, emptyText))]
    : rows.map((row) => el('tr', {}, ...cells(row).map(([text, className]) => el('td', { className }, text))));
  body.replaceChildren(...fresh);
}
