// The projects a user can filter by.
import type { Queryable } from '../db/database.ts';
import { selectProjects } from './queries/projects.ts';

export async function projectFigures(db: Queryable) {
  return { empreendimentos: await selectProjects(db) };
}
