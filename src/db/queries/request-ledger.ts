// The database as the CVDW client's ledger: its shared request budget and the record of its
// exchanges. Shaped to the client's interfaces without importing them (db/ depends on no client).
import type { Database } from '../database.ts';
import { recordApiExchange } from './api-exchanges.ts';
import { pauseRequests, tryTakeRequestSlot } from './request-budget.ts';

export function requestLedger(db: Database) {
  return {
    slots: {
      tryTake: (credential: string, limit: number, windowMs: number, maxPauseMs: number) =>
        tryTakeRequestSlot(db, credential, limit, windowMs, maxPauseMs),
      pause: (credential: string, pauseMs: number, maxPauseMs: number) => pauseRequests(db, credential, pauseMs, maxPauseMs),
    },
    exchanges: {
      record: (credential: string, resource: string, status: number, detail: string | null) =>
        recordApiExchange(db, credential, resource, status, detail),
    },
  };
}
