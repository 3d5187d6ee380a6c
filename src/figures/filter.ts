// What a figure is computed for: the filter the web side parses from a query string (the same
// shape as its Filters), described here so figures do not depend on how requests are read.

/** A project or broker asked for by id or by name; both null when not asked for. */
export interface NameOrId {
  readonly id: number | null;
  readonly name: string | null;
}

export interface FigureFilter {
  /** First and last day of the period, inclusive; null when unbounded. */
  readonly de: string | null;
  readonly ate: string | null;
  /** How the period reads in pt-BR, e.g. "últimos 30 dias". */
  readonly label: string;
  readonly project: NameOrId;
  readonly broker: NameOrId;
  /** The accounts whose rows count; null: every account. */
  readonly contas: readonly string[] | null;
  /**
   * Rows of breakdowns name their account (`conta`): set when more than one account is configured,
   * so one installation's answers keep their shape.
   */
  readonly accountInRows?: boolean;
}

/** What a figure over projects needs: which projects, of which accounts. */
export type ProjectScope = Pick<FigureFilter, 'project' | 'contas' | 'accountInRows'>;

