// What the simulator was asked, so tests can assert request counts ("the client made exactly
// 3 requests", "no request after the 429").

export interface RequestLogEntry {
  readonly at: number;
  readonly method: string;
  /** URL path without the query string. */
  readonly path: string;
  readonly query: string;
  /** HTTP status sent; 0 when no response was sent (hang, reset). */
  readonly status: number;
  readonly fault?: string;
}

export interface RequestStats {
  /** The most recent requests (up to 50,000), oldest first. */
  readonly log: readonly RequestLogEntry[];
  /** Requests seen, optionally only for one path (URL path or resource name) and/or status. */
  count(filter?: { readonly path?: string; readonly status?: number }): number;
  reset(): void;
}

const MAX_LOG = 50_000;

export class RequestLog implements RequestStats {
  private entries: RequestLogEntry[] = [];
  /** path → status → count; kept beyond the log's cap. */
  private readonly counters = new Map<string, Map<number, number>>();

  constructor(private readonly resourceOf: (path: string) => string) {}

  get log(): readonly RequestLogEntry[] {
    return this.entries;
  }

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_LOG) this.entries = this.entries.slice(-MAX_LOG / 2);
    const byStatus = this.counters.get(entry.path) ?? new Map<number, number>();
    byStatus.set(entry.status, (byStatus.get(entry.status) ?? 0) + 1);
    this.counters.set(entry.path, byStatus);
  }

  count(filter: { readonly path?: string; readonly status?: number } = {}): number {
    let total = 0;
    const wanted = filter.path === undefined ? undefined : this.resourceOf(filter.path);
    for (const [path, byStatus] of this.counters) {
      if (wanted !== undefined && path !== filter.path && this.resourceOf(path) !== wanted) continue;
      for (const [status, count] of byStatus) if (filter.status === undefined || filter.status === status) total += count;
    }
    return total;
  }

  reset(): void {
    this.entries = [];
    this.counters.clear();
  }
}
