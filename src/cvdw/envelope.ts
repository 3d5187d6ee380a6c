// The shapes CVDW answers with, checked at the edge so the rest of the code can trust them.
import { z } from 'zod';

const looseNumber = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);

export const envelopeSchema = z.object({
  pagina: looseNumber,
  registros: looseNumber,
  total_de_registros: looseNumber,
  total_de_paginas: looseNumber,
  dados: z.array(z.unknown()),
});

export interface Envelope {
  readonly pagina: number;
  readonly registros: number;
  readonly total_de_registros: number;
  readonly total_de_paginas: number;
  readonly dados: readonly unknown[];
}

export const EMPTY_ENVELOPE: Envelope = { pagina: 1, registros: 0, total_de_registros: 0, total_de_paginas: 0, dados: [] };
