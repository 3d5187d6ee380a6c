// The CVDW query string and envelope: pagina (1-based), registros_por_pagina (default 30, at most
// 500), a_partir_data_referencia / ate_data_referencia, and
// {"pagina","registros","total_de_registros","total_de_paginas","dados"}, where registros echoes
// the page size asked for (after the cap), not the number of rows sent.
import { DAY, parseNaive } from './naive-time.ts';
import type { Rec } from './generators/format.ts';
import type { DateFilter } from './resource-data.ts';

export const DEFAULT_PAGE_SIZE = 30;
export const MAX_PAGE_SIZE = 500;

export interface PageQuery {
  readonly page: number;
  readonly size: number;
  readonly filter: DateFilter;
}

export interface ParamError {
  /** The query parameter that was rejected. */
  readonly invalid: string;
}

function positiveInt(value: string | null, fallback: number): number | undefined {
  if (value === null || value === '') return fallback;
  if (!/^\d{1,9}$/.test(value)) return undefined;
  const number = Number(value);
  return number >= 1 ? number : undefined;
}

/**
 * A date bound. The zero date and impossible dates are rejected. When `acceptsTime` is false a
 * value with a time part is rejected too (whether the real API accepts one is uncertain). A
 * bare date as the upper bound means the whole day.
 */
function bound(value: string | null, upper: boolean, acceptsTime: boolean): number | null | undefined {
  if (value === null || value === '') return null;
  const parsed = parseNaive(value.trim());
  if (parsed === undefined || (parsed.hasTime && !acceptsTime)) return undefined;
  return upper && !parsed.hasTime ? parsed.seconds + DAY - 1 : parsed.seconds;
}

export function parsePageQuery(params: URLSearchParams, acceptsTime: boolean): PageQuery | ParamError {
  const page = positiveInt(params.get('pagina'), 1);
  if (page === undefined) return { invalid: 'pagina' };
  const asked = positiveInt(params.get('registros_por_pagina'), DEFAULT_PAGE_SIZE);
  if (asked === undefined) return { invalid: 'registros_por_pagina' };
  const from = bound(params.get('a_partir_data_referencia'), false, acceptsTime);
  if (from === undefined) return { invalid: 'a_partir_data_referencia' };
  const to = bound(params.get('ate_data_referencia'), true, acceptsTime);
  if (to === undefined) return { invalid: 'ate_data_referencia' };
  return {
    page,
    size: Math.min(asked, MAX_PAGE_SIZE),
    filter: { ...(from === null ? {} : { from }), ...(to === null ? {} : { to }) },
  };
}

export function isParamError(value: PageQuery | ParamError): value is ParamError {
  return 'invalid' in value;
}

export function paramErrorBody(error: ParamError): string {
  return JSON.stringify({ error: `O campo ${error.invalid} não é válido`, code: 400 });
}

/** The envelope as JSON text; only this page's rows are ever serialised. */
export function envelopeBody(query: PageQuery, total: number, rows: readonly Rec[]): string {
  const pages = Math.ceil(total / query.size);
  return `{"pagina":${query.page},"registros":${query.size},"total_de_registros":${total},"total_de_paginas":${pages},"dados":${JSON.stringify(rows)}}`;
}
