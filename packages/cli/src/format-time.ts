const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** `2026-11-24 13:11:05 (3 minutes ago)`: local time to the second, and how long ago (or until). */
export function formatTime(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  const local = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const delta = ms - now;
  const [unit, size] = UNITS.find(([, size]) => Math.abs(delta) >= size) ?? ['second', 1000];
  return `${local} (${relative.format(Math.trunc(delta / size), unit)})`;
}
