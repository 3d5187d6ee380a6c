// A failed CVDW request told in one Portuguese sentence, for what operators read (/health, the
// stored detail of a failed exchange): shorter than the error classes' own messages, and one
// sentence for the root cause when the retries ran out.
// Pure; the caller scrubs the result (an HTTP error quotes the body CVDW sent).
import {
  CvdwAuthError, CvdwHttpError, CvdwInvalidResponseError, CvdwNetworkError, CvdwRetriesExhaustedError, CvdwTimeoutError,
} from './errors.ts';

export function cvdwFailureSentence(error: unknown): string {
  if (error instanceof CvdwRetriesExhaustedError && error.cause instanceof Error) return cvdwFailureSentence(error.cause);
  if (error instanceof CvdwAuthError) return `CVDW recusou as credenciais (HTTP ${error.status})`;
  if (error instanceof CvdwHttpError) {
    return `CVDW respondeu HTTP ${error.status} para ${error.context.target}${error.body ? `: ${error.body}` : ''}`;
  }
  if (error instanceof CvdwTimeoutError) return `CVDW não respondeu a ${error.context.target} em ${error.timeoutMs} ms`;
  if (error instanceof CvdwNetworkError) {
    const code = networkCode(error.cause);
    return `falha de conexão com o CVDW em ${error.context.target}${code === undefined ? '' : ` (${code})`}`;
  }
  if (error instanceof CvdwInvalidResponseError) return `resposta inválida do CVDW para ${error.context.target}`;
  return error instanceof Error ? error.message : String(error);
}

function networkCode(cause: unknown): string | undefined {
  if (!(cause instanceof Error)) return undefined;
  const own = (cause as NodeJS.ErrnoException).code;
  return own ?? (cause.cause as NodeJS.ErrnoException | undefined)?.code;
}
