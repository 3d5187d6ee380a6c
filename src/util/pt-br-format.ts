// Numbers, durations and moments as a Brazilian reader writes them: "1.234", "12,3 s",
// "01/05/2025 09:00". Only for text a person reads; machine-readable outputs keep plain values.

const integer = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 0 });
const upToThree = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 3 });
const oneDecimal = new Intl.NumberFormat('pt-BR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** '1.234': whole numbers with the thousands dot. */
export function formatInteger(n: number): string {
  return integer.format(n);
}

/** '1,5': a configured amount as it was set, with a decimal comma. */
export function formatNumber(n: number): string {
  return upToThree.format(n);
}

/**
 * A measured duration: '12,3 s' under a minute, '4 min 05 s' under an hour, '2 h 05 min' beyond
 * (a first load takes hours, and '9.000,0 s' says little at a glance).
 */
export function formatElapsed(seconds: number): string {
  const s = Math.max(0, seconds);
  if (s < 59.95) return `${oneDecimal.format(s)} s`;
  const whole = Math.round(s);
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  const minutes = Math.round(whole / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** '01/05/2025 09:00' in the time zone given (the schedule's), or the process's own. */
export function formatDateTime(at: Date, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('pt-BR', {
    day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}/${part('month')}/${part('year')} ${part('hour')}:${part('minute')}`;
}
