import type { Locale } from './opencc.ts';

/**
 * Scripts an article or a site can be written in, as BCP 47 tags, and the
 * OpenCC locale each is read with. `zh-Hant` means Taiwan's standard forms,
 * which is what most traditional-script editors type.
 */
export const SOURCE_SCRIPTS = {
  'zh-Hans': 'cn',
  'zh-Hant': 'tw',
  'zh-Hant-TW': 'tw',
  'zh-Hant-HK': 'hk',
} as const satisfies Record<string, Locale>;

export type SourceScript = keyof typeof SOURCE_SCRIPTS;
export const SOURCE_SCRIPT_NAMES = Object.keys(SOURCE_SCRIPTS) as SourceScript[];

/** One published tree of the site: every page, in one script, under one URL prefix. */
export interface Variant {
  /** BCP 47 tag for `<html lang>` and hreflang, e.g. `zh-Hant`. */
  readonly lang: string;
  /** OpenCC locale the text is converted to: cn, tw, twp, hk or t. */
  readonly locale: Locale;
  /** URL prefix, `/` or e.g. `/zh-hant/`. */
  readonly path: string;
  /** Text of the switch link that leads to this variant, e.g. 繁體. */
  readonly label: string;
  /** How its quotations are marked: as written (“” ‘’), or in corner brackets (「」 『』, corner-quotes.ts). */
  readonly quotes: QuoteStyle;
}

/** `curly`: “” ‘’ as written; `corner`: 「」 『』, as Taiwan and Hong Kong print them. */
export type QuoteStyle = 'curly' | 'corner';
export const QUOTE_STYLES: readonly QuoteStyle[] = ['curly', 'corner'];

/** Each locale's BCP 47 tag, and the label a reader of that script recognises, in that script. */
const LOCALE_DEFAULTS: Record<Locale, { lang: string; label: string }> = {
  cn: { lang: 'zh-Hans', label: '简体' },
  tw: { lang: 'zh-Hant', label: '繁體' },
  twp: { lang: 'zh-Hant', label: '繁體' },
  t: { lang: 'zh-Hant', label: '繁體' },
  hk: { lang: 'zh-Hant-HK', label: '繁體（香港）' },
};

export function defaultLabel(locale: Locale): string {
  return LOCALE_DEFAULTS[locale].label;
}

export function defaultLang(locale: Locale): string {
  return LOCALE_DEFAULTS[locale].lang;
}
