// Money as the API carries it: {"minor_units": 150000, "currency": "RUB"}. Parsing what a
// person types ("1 500,50", "1500.5") into minor units, and formatting for reading.
// Pure functions.

export interface Money {
  minor_units: number;
  currency: string;
}

// ISO 4217 currencies without minor units that a Russian bank may meet; others have 2.
const NO_MINOR_UNITS = new Set(['JPY', 'KRW', 'VND', 'ISK', 'CLP']);

export function minorDigits(currency: string): number {
  return NO_MINOR_UNITS.has(currency.toUpperCase()) ? 0 : 2;
}

export type AmountParse = { ok: true; minor_units: number } | { ok: false; reason: 'format' | 'precision' | 'range' };

// "1 500,50" / "1500.50" / "1 500" → minor units. Spaces (also no-break and thin spaces)
// group digits; one "," or "." separates the fraction. Negative amounts are malformed.
export function parseAmount(text: string, currency: string): AmountParse {
  const cleaned = text.trim().replace(/[\s\u00a0\u202f']/g, '');
  const m = /^(\d+)(?:[.,](\d*))?$/.exec(cleaned);
  if (!m) return { ok: false, reason: 'format' };
  const digits = minorDigits(currency);
  const whole = m[1] ?? '0';
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (fraction.length > digits) return { ok: false, reason: 'precision' };
  const minor = Number(whole + fraction.padEnd(digits, '0'));
  if (!Number.isSafeInteger(minor)) return { ok: false, reason: 'range' };
  return { ok: true, minor_units: minor };
}

export function formatMoney(minor: number, currency: string, lang: string): string {
  const digits = minorDigits(currency);
  const value = minor / 10 ** digits;
  if (!/^[A-Za-z]{3}$/.test(currency)) {
    return value.toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-GB');
  }
  return new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: minor % 10 ** digits === 0 ? 0 : digits,
    maximumFractionDigits: digits,
  }).format(value);
}

// An amount for an input field: 150000 RUB → "1500.00"; 0 → "".
export function amountInputValue(minor: number, currency: string): string {
  if (!minor) return '';
  const digits = minorDigits(currency);
  return digits === 0 ? String(minor) : (minor / 10 ** digits).toFixed(digits);
}

export function formatPercent(share: number | null | undefined, lang: string): string {
  if (share == null || !Number.isFinite(share)) return '—';
  return new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', {
    style: 'percent',
    maximumFractionDigits: 1,
  }).format(share);
}
