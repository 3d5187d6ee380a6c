// Why the last sync failed, in words a director can act on. The sync stores one sentence per
// failed run (etl.runs.error, etl.resource_state.last_error); this reads that sentence back into a
// kind, what happened and what to do. Pure: the text is all it has, so it matches the sentences
// the CVDW errors and the database drivers write (in English, or already in Portuguese).

export const FAILURE_KINDS = ['credenciais_recusadas', 'limite_de_requisicoes', 'api_inacessivel', 'banco_de_dados', 'outro'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface FailureExplanation {
  readonly tipo: FailureKind;
  /** What happened, one sentence. */
  readonly mensagem: string;
  /** What to do about it, one sentence. */
  readonly o_que_fazer: string;
}

/** The first HTTP status the sentence names ("HTTP 401", "answered 503"…). */
function httpStatus(text: string): number | undefined {
  const match = /\b(?:HTTP|answered|respondeu(?: com)?(?: erro)?)\s+\(?(\d{3})\b/i.exec(text);
  return match ? Number(match[1]) : undefined;
}

// Every CVDW error sentence names the API; a database error never does.
const FROM_API = /\bCVDW\b|CV ?CRM/i;
const CREDENTIALS = /refused the credentials|recusou as credenciais|credenciais (inválidas|recusadas)|unauthori[sz]ed|forbidden/i;
const RATE_LIMIT = /too many requests|limite de requisi|rate.?limit/i;
const TIMEOUT = /did not answer|não respondeu|timed? ?out|tempo esgotado/i;
const CONNECTION = /connection failed|conexão (com .* )?falhou|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ETIMEDOUT|socket hang up|fetch failed/i;
const INVALID = /invalid response|resposta inválida/i;
const DATABASE = new RegExp([
  'database', 'banco de dados', 'postgres', 'pglite', 'relation .* does not exist', 'column .* does not exist', 'violates',
  'duplicate key', 'deadlock', 'could not (serialize|extend|connect|write|read)', 'no space left', 'disk full', 'out of memory',
  'permission denied for', 'syntax error at', 'connection terminated', 'terminating connection', 'timeout exceeded when trying to connect',
  'too many clients', 'password authentication failed', 'ECONNREFUSED', 'SQLSTATE',
].join('|'), 'i');

export function classifyFailure(error: string): FailureKind {
  const status = httpStatus(error);
  if (FROM_API.test(error)) {
    if (status === 401 || status === 403 || CREDENTIALS.test(error)) return 'credenciais_recusadas';
    if (status === 429 || RATE_LIMIT.test(error)) return 'limite_de_requisicoes';
    if ((status !== undefined && status >= 500) || TIMEOUT.test(error) || CONNECTION.test(error) || INVALID.test(error)) return 'api_inacessivel';
  }
  if (DATABASE.test(error)) return 'banco_de_dados';
  return 'outro';
}

const CHECK = 'rode `cvcrm-etl check`';
const RESUMES = 'a próxima sincronização continua de onde parou';

function apiProblem(error: string, status: number | undefined): string {
  if (status !== undefined && status >= 500) return `A API do CV CRM respondeu com erro (${status}) em todas as tentativas.`;
  if (TIMEOUT.test(error)) return 'A API do CV CRM não respondeu a tempo em todas as tentativas.';
  if (INVALID.test(error)) return 'A API do CV CRM enviou respostas inválidas em todas as tentativas.';
  return 'Não foi possível conectar à API do CV CRM.';
}

export function explainFailure(error: string): FailureExplanation {
  const tipo = classifyFailure(error);
  const status = httpStatus(error);
  switch (tipo) {
    case 'credenciais_recusadas':
      return {
        tipo,
        mensagem: `O CV CRM recusou as credenciais (${status ?? 401}).`,
        o_que_fazer: `Confira CVCRM_API_EMAIL e CVCRM_API_TOKEN e ${CHECK}.`,
      };
    case 'limite_de_requisicoes':
      return {
        tipo,
        mensagem: 'O CV CRM bloqueou as requisições por excesso de chamadas (429) e a sincronização desistiu depois de esperar.',
        o_que_fazer: `Aguarde alguns minutos: ${RESUMES}. Se voltar a acontecer, reduza CVCRM_REQUESTS_PER_MINUTE ou confira se outro sistema usa as mesmas credenciais.`,
      };
    case 'api_inacessivel':
      return {
        tipo,
        mensagem: apiProblem(error, status),
        o_que_fazer: `Confira a conexão desta máquina com a internet e CVCRM_SUBDOMAIN (ou CVCRM_BASE_URL) e ${CHECK}; ${RESUMES}.`,
      };
    case 'banco_de_dados':
      return {
        tipo,
        mensagem: 'O banco de dados falhou durante a sincronização.',
        o_que_fazer: `Confira se o PostgreSQL de DATABASE_URL está no ar e com espaço em disco e ${CHECK}; ${RESUMES}.`,
      };
    default:
      return {
        tipo,
        mensagem: 'A última sincronização falhou.',
        o_que_fazer: 'Veja o detalhe do erro e os logs do processo; a próxima sincronização agendada tenta de novo.',
      };
  }
}
