// What a reconciliation slice says in the logs, in pt-BR: one line per resource and one for the
// slice. Pure.
import type { ReconcileResourceReport, ReconcileSliceSummary } from './run-reconcile.ts';

export function resourceLine(r: ReconcileResourceReport): string {
  switch (r.result) {
    case 'completed':
      return `reconciliação de ${r.resource}: leitura completa concluída; ${plural(r.deleted, 'registro marcado', 'registros marcados')} como excluído${r.deleted === 1 ? '' : 's'} na origem`;
    case 'paused':
      return `reconciliação de ${r.resource}: ${plural(r.pages, 'página lida', 'páginas lidas')} nesta noite; a leitura continua na próxima`;
    case 'busy':
      return `reconciliação de ${r.resource}: uma sincronização estava em andamento; fica para a próxima noite`;
    case 'interrupted':
      return `reconciliação de ${r.resource}: interrompida; continua do último ponto salvo`;
    case 'failed':
      return `reconciliação de ${r.resource} falhou (${r.error ?? 'erro desconhecido'}); continua do último ponto salvo`;
  }
}

export function sliceLine(s: ReconcileSliceSummary): string {
  if (s.planned.length === 0) return 'reconciliação noturna: nenhum recurso a reler hoje';
  const completed = s.resources.filter((r) => r.result === 'completed').length;
  const deleted = s.resources.reduce((sum, r) => sum + r.deleted, 0);
  return `reconciliação noturna: ${plural(s.requests, 'requisição', 'requisições')} de ${s.allowance} permitidas; `
    + `${completed} de ${s.planned.length} recurso${s.planned.length === 1 ? '' : 's'} relido${s.planned.length === 1 ? '' : 's'} por completo; `
    + `${plural(deleted, 'registro marcado', 'registros marcados')} como excluído${deleted === 1 ? '' : 's'}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
