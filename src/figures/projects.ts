// The projects a user can filter by.
import type { Queryable } from '../db/database.ts';
import { selectProjects } from './queries/projects.ts';
import type { FigureFilter } from './filter.ts';
import { accountInRows } from './accounts.ts';

export async function projectFigures(db: Queryable, scope: Pick<FigureFilter, 'contas' | 'accountInRows'>) {
  return { empreendimentos: accountInRows(await selectProjects(db, scope.contas), scope.accountInRows) };
}
