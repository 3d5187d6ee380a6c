// The oddities of real CVDW data that the generated data reproduces on purpose, so that the
// client and the sync meet them in tests (rates are per record and deterministic for a seed):
//  - null referencia_data (0.3% of reservations, at least one; their children follow) and the
//    zero date 0000-00-00 00:00:00 (0.7%, at least two): both sort first;
//  - the zero date in data_cad (half of the zero-dated reservations, 0.5% of the others, one
//    project in seven in the cadastros API, and data_reserva on their sales);
//  - runs of records sharing one referencia_data (see timeline.ts), including a 600-record run
//    when a sequence has 2,000 records or more;
//  - referencia as a JSON number (1 record in 37 for reservas, vendas, distratos and unidades,
//    1 in 41 for comissões); child keys like "10193_4" on /reservas/condicoes;
//  - HTML entities in text: every fifth agency ("Souza &amp; Lima Im&oacute;veis Ltda"), one
//    broker in nine, 4% of client names ("Jos&eacute;");
//  - nested arrays: campos_adicionais and campos_adicionais_contrato (reservas), associados
//    (vendas), plantas (unidades);
//  - fields beyond the spec: origem_registro and idproposta_portal (reservas),
//    percentual_quitado (vendas), idregra_comissao (comissões), metragem_terraco (unidades);
//  - numbers where the spec says string: valor_contrato and other money, idunidade,
//    vagas_garagem and valor on units; idlead as a comma-separated list in a string;
//  - the funnel (leads and their visits, losses, win-backs, history, pré-cadastros): the same
//    null and zero referencia_data prefixes and runs, referencia now and then a number,
//    HTML-escaped lead names (4%), the zero date in data_cad of some legacy leads, origem null
//    or '' (3%), idempreendimento a string that may list two projects ("101, 105"), idlead a
//    string on pré-cadastros, reservas.idlead listing an id with no lead behind it (2%).
// Deliberately bad records (for the sync's reject path) exist only when asked for, through the
// badRecordRate option or data.injectBad().
import type { ResourceSpec } from '../cvdw/catalog/index.ts';
import type { Rec } from './generators/format.ts';

export const BAD_KINDS = ['bad-number', 'bad-date', 'missing-key'] as const;
export type BadKind = (typeof BAD_KINDS)[number];

function firstField(record: Rec, spec: ResourceSpec, preferred: string, type: 'numeric' | 'timestamp'): string {
  if (preferred in record) return preferred;
  const field = spec.fields.find((f) => f.type === type && f.name !== 'referencia_data' && f.name in record);
  return field?.name ?? preferred;
}

/** A copy of the record spoilt in one of three ways a mapper must reject. */
export function makeBad(record: Rec, kind: BadKind, spec: ResourceSpec): Rec {
  const bad: Rec = { ...record };
  if (kind === 'bad-number') bad[firstField(record, spec, 'valor_contrato', 'numeric')] = 'abc';
  else if (kind === 'bad-date') bad[firstField(record, spec, 'data_venda', 'timestamp')] = '2024-13-45';
  else delete bad.referencia;
  return bad;
}
