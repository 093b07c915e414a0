// Translation of the UI's labels: Russian and English. English is the complete set (the
// keys); Russian may lack a key, which then falls back to English, then to the key
// itself, so a missing translation shows as readable text rather than nothing.
// Language choice: the one the person picked (kept in localStorage), else Russian for a
// browser whose preferred languages start with Russian, else English. Pure functions;
// the current language lives in the app's state (app.tsx), not here.

import { en, ru, type MessageKey } from './messages';

export type Lang = 'ru' | 'en';
export const LANGS: readonly Lang[] = ['ru', 'en'];

const dictionaries: Record<Lang, Partial<Record<string, string>>> = { en, ru };

export type Params = Record<string, string | number>;

function interpolate(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

// The text of `key` in `lang`, falling back to English, then to the key.
export function translate(lang: Lang, key: MessageKey | string, params?: Params): string {
  const text = dictionaries[lang][key] ?? dictionaries.en[key] ?? key;
  return interpolate(text, params);
}

// The label of an enum value from the API (outcome "refused", role "auditor", ...): its
// translation under `group.value`, or the value itself when no label is known (a newer
// server may send values this UI does not know yet).
export function enumLabel(lang: Lang, group: string, value: string): string {
  const key = `${group}.${value}`;
  return dictionaries[lang][key] ?? dictionaries.en[key] ?? value;
}

// The language to start with: the stored choice, else from the browser's preferences.
export function detectLanguage(stored: string | null, preferred: readonly string[]): Lang {
  if (stored === 'ru' || stored === 'en') return stored;
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    if (primary === 'ru') return 'ru';
    if (primary === 'en') return 'en';
  }
  return 'en';
}

export type { MessageKey };
