// How one source resource is described: data, not code. The mirror tables, the simulator and
// the record mapper are all derived from these descriptions.

/** Column types of the mirror; `json` holds nested arrays and objects as jsonb. */
export type FieldType = 'text' | 'integer' | 'numeric' | 'timestamp' | 'json';

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  /** Personal data under the LGPD: masked on the web, hashable in storage, never logged. */
  readonly pii: boolean;
}

export interface ResourceSpec {
  /** Catalog name: the CVDW path (`reservas/condicoes`), or `empreendimentos`. */
  readonly name: string;
  /** Mirror table in schema `cvdw`, named from the path. */
  readonly table: string;
  /** URL path on the CV CRM origin. */
  readonly urlPath: string;
  /** `cvdw`: paged envelope with referencia_data; `cadastro`: a plain JSON array, no paging. */
  readonly kind: 'cvdw' | 'cadastro';
  /** Source field whose value is the record's key (stored as `referencia`). */
  readonly keyField: string;
  readonly fields: readonly FieldSpec[];
  /** Whether an empty result is answered with HTTP 204 and no body instead of an empty envelope. */
  readonly emptyIs204: boolean;
}
