// Times as CV CRM writes them: naive Brazil local time, "YYYY-MM-DD HH:MM:SS". Internally a
// moment is whole seconds since 1970 read as if the naive time were UTC, so arithmetic and
// formatting never touch a time zone.

/** Sort keys of the two "no date" shapes; both sort before every real moment. */
export const NULL_TIME = -2;
export const ZERO_TIME = -1;
export const ZERO_DATE = '0000-00-00 00:00:00';
export const DAY = 86_400;

const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
const dayCache = new Map<number, string>();

/** `YYYY-MM-DD` of a day number (days since 1970-01-01), cached: pages format thousands of dates. */
function dayText(days: number): string {
  const cached = dayCache.get(days);
  if (cached !== undefined) return cached;
  const text = new Date(days * DAY * 1000).toISOString().slice(0, 10);
  if (dayCache.size >= 100_000) dayCache.clear();
  dayCache.set(days, text);
  return text;
}

export function formatDateTime(seconds: number): string {
  const days = Math.floor(seconds / DAY);
  const rest = seconds - days * DAY;
  const hour = Math.floor(rest / 3600);
  const minute = Math.floor((rest % 3600) / 60);
  return `${dayText(days)} ${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[rest % 60]}`;
}

export function formatDate(seconds: number): string {
  return dayText(Math.floor(seconds / DAY));
}

/** A sort key as the API shows it: null, the zero date, or a timestamp. */
export function formatSortKey(key: number): string | null {
  if (key === NULL_TIME) return null;
  if (key === ZERO_TIME) return ZERO_DATE;
  return formatDateTime(key);
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/;

/**
 * Parses `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`. Returns undefined for anything else, for the zero
 * date, and for impossible dates (2024-13-45) — the real API rejects those with a 400.
 */
export function parseNaive(text: string): { seconds: number; hasTime: boolean } | undefined {
  const match = DATE_TIME.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1).map((part) => Number(part ?? 0));
  if (year === undefined || month === undefined || day === undefined) return undefined;
  if (year < 1970 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(ms).getUTCDate() !== day) return undefined;
  return { seconds: ms / 1000, hasTime: match[4] !== undefined };
}

/** Today's date in Brazil (America/Sao_Paulo). */
export function brazilToday(nowMs: number = Date.now()): string {
  return formatDate(brazilNowSeconds(nowMs));
}

const BRAZIL = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Sao_Paulo',
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  hourCycle: 'h23',
});

/** The current naive Brazil wall-clock time, as seconds. */
export function brazilNowSeconds(nowMs: number = Date.now()): number {
  const parts: Record<string, string> = {};
  for (const part of BRAZIL.formatToParts(new Date(nowMs))) parts[part.type] = part.value;
  const text = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
  const parsed = parseNaive(text);
  if (parsed === undefined) throw new Error(`cannot read the Brazil clock: ${text}`);
  return parsed.seconds;
}
