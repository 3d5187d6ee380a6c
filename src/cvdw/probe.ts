// The cheapest authenticated CVDW request: one record of one resource. Used by `check`, `verify`
// and the health report.
import type { Config } from '../config.ts';
import { getResource } from './catalog/index.ts';
import type { CvdwClient } from './client.ts';
import { connectCvdw, type CvdwSource, type RequestLedger } from './connect.ts';
import { CvdwAuthError, RequestBudgetBusyError } from './errors.ts';
import { cvdwFailureSentence } from './failure-sentence.ts';
import { credentialId } from './request-budget.ts';

export interface ProbeResult {
  readonly ok: boolean;
  readonly detail: string;
  /** Nothing was asked: the request budget had no slot free (client built with waitForBudget: false). */
  readonly busy?: boolean;
}

/** `variables`: the e-mail and token variables to name when the credential is refused. */
export async function probeApi(client: CvdwClient, signal?: AbortSignal, variables: readonly [string, string] = ['CVCRM_API_EMAIL', 'CVCRM_API_TOKEN']): Promise<ProbeResult> {
  const spec = getResource('reservas');
  try {
    const page = await client.fetchPage(spec.name, spec.urlPath, { pagina: 1, registrosPorPagina: 1 }, signal);
    return { ok: true, detail: `CVDW respondeu (${page.total_de_registros} reservas)` };
  } catch (error) {
    if (error instanceof RequestBudgetBusyError) {
      return { ok: true, busy: true, detail: `CVDW não consultado: orçamento de requisições ocupado (próxima vaga em ${Math.ceil(error.waitMs / 1000)} s)` };
    }
    if (error instanceof CvdwAuthError) return { ok: false, detail: `CVDW recusou as credenciais (HTTP 401): confira ${variables[0]} e ${variables[1]}` };
    return { ok: false, detail: `CVDW inacessível: ${cvdwFailureSentence(error)}` };
  }
}

/**
 * What /health needs from CVDW: the credential whose recorded exchanges speak for the API, and a
 * probe that takes a budget slot only if one is free now and is never retried (a sync using the
 * budget must not make health wait).
 */
export function healthProbe(ledger: RequestLedger, config: Config, source: CvdwSource): { credential: string; probe: () => Promise<ProbeResult> } {
  const client = connectCvdw({ ledger, config, source, maxRetries: 0, waitForBudget: false });
  return { credential: credentialId(source.email, source.baseUrl), probe: () => probeApi(client) };
}

/** total_de_registros per resource (one request each; the list length for cadastros). */
export async function remoteTotal(client: CvdwClient, resource: string, signal?: AbortSignal): Promise<number> {
  const spec = getResource(resource);
  if (spec.kind === 'cadastro') return (await client.fetchList(spec.name, spec.urlPath, signal)).length;
  return (await client.fetchPage(spec.name, spec.urlPath, { pagina: 1, registrosPorPagina: 1 }, signal)).total_de_registros;
}
