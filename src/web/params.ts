// Query parameters: read strictly (unknown or repeated names, and oversized query strings, are a
// 400), validated with zod, and turned into the filters the query modules take.
import { z } from 'zod';
import { badRequest } from './errors.ts';
import { addDays, formatDateBr, isValidIsoDate } from '../figures/dates.ts';
import type { AccountScope } from './accounts.ts';

export const MAX_QUERY_STRING = 2048;
export const MAX_PERIOD_DAYS = 36_600;
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;
export const MAX_OFFSET = 10_000_000;

/** Parameters shared by the sales-based routes; each route lists the ones it accepts. */
export const PERIOD_KEYS = ['periodo', 'de', 'ate', 'conta'] as const;
/** Routes without a period still take the account. */
export const ACCOUNT_KEYS = ['conta', 'format'] as const;
export const PROJECT_KEYS = [...PERIOD_KEYS, 'empreendimento', 'format'] as const;
export const SALES_KEYS = [...PROJECT_KEYS, 'corretor'] as const;
export const PAGING_KEYS = ['limit', 'offset'] as const;

const hasControlChars = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 32 || code === 127) return true;
  }
  return false;
};

const wholeNumber = (name: string, min: number, max: number) =>
  z.string()
    .regex(/^\d{1,9}$/, `${name}: use um número inteiro de ${min} a ${max}.`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name}: use um número inteiro de ${min} a ${max}.`);

const isoDate = (name: string) =>
  z.string().refine(
    (s) => isValidIsoDate(s) && s >= '1900-01-01' && s <= '2999-12-31',
    `${name}: use uma data válida no formato AAAA-MM-DD.`,
  );

const label = (name: string) =>
  z.string()
    .trim()
    .min(1, `${name}: informe um valor.`)
    .max(200, `${name}: no máximo 200 caracteres.`)
    .refine((s) => !hasControlChars(s), `${name}: caracteres de controle não são aceitos.`);

const querySchema = z.object({
  periodo: wholeNumber('periodo', 1, MAX_PERIOD_DAYS).optional(),
  de: isoDate('de').optional(),
  ate: isoDate('ate').optional(),
  empreendimento: label('empreendimento').optional(),
  corretor: label('corretor').optional(),
  conta: label('conta').optional(),
  limit: wholeNumber('limit', 1, MAX_LIMIT).optional(),
  offset: wholeNumber('offset', 0, MAX_OFFSET).optional(),
  format: z.enum(['json', 'csv'], { error: 'format: use json ou csv.' }).optional(),
});

export type ParsedQuery = z.infer<typeof querySchema>;

/** Reads the query string of `url`, accepting only `allowed` names, each at most once. */
export function readQuery(url: string, allowed: readonly string[]): ParsedQuery {
  const parsedUrl = new URL(url);
  if (parsedUrl.search.length > MAX_QUERY_STRING) {
    throw badRequest(`A consulta excede ${MAX_QUERY_STRING} caracteres.`);
  }
  const values: Record<string, string> = {};
  for (const [name, value] of parsedUrl.searchParams) {
    if (!allowed.includes(name)) {
      throw badRequest(`Parâmetro desconhecido: ${printable(name)}. Aceitos: ${allowed.join(', ') || 'nenhum'}.`);
    }
    if (name in values) throw badRequest(`Parâmetro repetido: ${name}.`);
    values[name] = value;
  }
  const result = querySchema.safeParse(values);
  if (!result.success) {
    throw badRequest(result.error.issues[0]?.message ?? 'Parâmetros inválidos.');
  }
  return result.data;
}

function printable(name: string): string {
  const clean = name.replace(/[^\p{L}\p{N}_.-]/gu, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean || '(vazio)';
}

/** A project or broker filter: a number is an id, anything else a name (exact match). */
export interface NameOrId {
  readonly id: number | null;
  readonly name: string | null;
}

export interface Filters {
  /** First and last day of the period, inclusive; null when unbounded. */
  readonly de: string | null;
  readonly ate: string | null;
  /** How the period reads in pt-BR, e.g. "últimos 30 dias". */
  readonly label: string;
  readonly project: NameOrId;
  readonly broker: NameOrId;
  readonly contas: readonly string[] | null;
  readonly accountInRows: boolean;
}

const NONE: NameOrId = { id: null, name: null };

export function nameOrId(value: string | undefined): NameOrId {
  if (value === undefined) return NONE;
  if (/^\d{1,15}$/.test(value)) return { id: Number(value), name: null };
  return { id: null, name: value };
}

/**
 * The period: `periodo=N` is the last N days counting today (Brazil time); `de`/`ate` are inclusive
 * dates; nothing means all time.
 */
export function resolveFilters(query: ParsedQuery, today: string, accounts: AccountScope): Filters {
  const project = nameOrId(query.empreendimento);
  const broker = nameOrId(query.corretor);
  requireAccountForIds(project, broker, accounts);
  if (query.periodo !== undefined) {
    if (query.de !== undefined || query.ate !== undefined) {
      throw badRequest('Use periodo ou de/ate, não os dois.');
    }
    const de = addDays(today, -(query.periodo - 1));
    return { de, ate: today, label: query.periodo === 1 ? 'hoje' : `últimos ${query.periodo} dias`, project, broker, ...accounts };
  }
  const de = query.de ?? null;
  const ate = query.ate ?? null;
  if (de !== null && ate !== null && de > ate) throw badRequest('de: a data inicial deve ser anterior ou igual a ate.');
  return { de, ate, label: periodLabel(de, ate), project, broker, ...accounts };
}

/**
 * Ids are per account (project 5 of one account is not project 5 of another): with several
 * accounts in scope an id must come with one `conta`, or it would add up unrelated projects.
 * A name is the same name in each account, so it stays valid across accounts.
 */
function requireAccountForIds(project: NameOrId, broker: NameOrId, accounts: AccountScope): void {
  if (accounts.contas.length <= 1) return;
  for (const [name, value] of [['empreendimento', project], ['corretor', broker]] as const) {
    if (value.id !== null) {
      throw badRequest(`${name}: um id vale para uma só conta; informe também conta=<nome> (uma conta).`);
    }
  }
}

export function periodLabel(de: string | null, ate: string | null): string {
  if (de !== null && ate !== null) return `de ${formatDateBr(de)} a ${formatDateBr(ate)}`;
  if (de !== null) return `desde ${formatDateBr(de)}`;
  if (ate !== null) return `até ${formatDateBr(ate)}`;
  return 'todo o período';
}

export interface Paging {
  readonly limit: number;
  readonly offset: number;
}

export function resolvePaging(query: ParsedQuery, defaultLimit = DEFAULT_LIMIT): Paging {
  return { limit: query.limit ?? defaultLimit, offset: query.offset ?? 0 };
}
