// A CvdwClient that reads pages straight from a simulator's dataset, with no HTTP and no request
// budget: the loading benchmark feeds the real per-page load path (mapping, mirror upsert,
// business refresh, checkpoint) as fast as the database takes it. Time spent producing records
// is measured apart, so it can be left out of the load rate.
import type { CvdwClient, PageQuery } from '../../src/cvdw/client.ts';
import type { Envelope } from '../../src/cvdw/envelope.ts';
import type { Dataset } from '../../src/simulator/dataset.ts';
import { isParamError, parsePageQuery } from '../../src/simulator/paging.ts';

export interface DirectSource extends CvdwClient {
  /** Milliseconds spent generating records (the simulator's share of the work). */
  readonly generationMs: number;
  readonly requests: number;
}

export function directSource(dataset: Dataset): DirectSource {
  let generationMs = 0;
  let requests = 0;
  return {
    get generationMs() {
      return generationMs;
    },
    get requests() {
      return requests;
    },
    async fetchPage(resource: string, _urlPath: string, query: PageQuery): Promise<Envelope> {
      requests++;
      const started = performance.now();
      const params = new URLSearchParams({ pagina: String(query.pagina), registros_por_pagina: String(query.registrosPorPagina) });
      if (query.aPartir !== undefined) params.set('a_partir_data_referencia', query.aPartir);
      if (query.ate !== undefined) params.set('ate_data_referencia', query.ate);
      const parsed = parsePageQuery(params, true);
      if (isParamError(parsed)) throw new Error(`bad page query: ${parsed.invalid}`);
      const selection = dataset.resource(resource).select(parsed.filter);
      const dados = selection.rows((parsed.page - 1) * parsed.size, parsed.size);
      generationMs += performance.now() - started;
      return {
        pagina: parsed.page,
        registros: parsed.size,
        total_de_registros: selection.total,
        total_de_paginas: Math.ceil(selection.total / parsed.size),
        dados,
      };
    },
    async fetchList(): Promise<unknown[]> {
      requests++;
      const started = performance.now();
      const list = dataset.empreendimentos();
      generationMs += performance.now() - started;
      return list;
    },
  };
}
