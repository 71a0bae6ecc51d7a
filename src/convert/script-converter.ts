import type { TableSource } from './table-store.ts';
import type { Variant } from './scripts.ts';
import type { DictionaryEntry } from './dictionary.ts';
import { cornerQuotesHtml, cornerQuotesText } from './corner-quotes.ts';
import { convertHtml, type LinkRewrite } from './html.ts';
import type { Guess } from './lattice.ts';
import type { Locale } from './opencc.ts';
import { convertTemplate } from './template.ts';
import { createTextConverter, type TextConverter } from './text-converter.ts';

/**
 * What a site is made of, as far as conversion is concerned:
 * - `text`: plain text (a title, a tag, the site's name);
 * - `html`: an article body, whose tags, code and URLs stay as written and
 *   whose links to the site's pages are pointed into the variant's tree;
 * - `template`: a Nunjucks template, whose own words are converted and whose
 *   tags are not.
 */
export type TextKind = 'text' | 'html' | 'template';

/**
 * The conversion stage's one interface: every text of every kind reaches a
 * variant's script through `convert`, so a converter better than OpenCC
 * plugs in here and nowhere else. Converters for each pair of scripts are
 * built on first use (loading OpenCC's dictionaries takes tens of
 * milliseconds) and kept.
 */
export class ScriptConverter {
  private readonly built = new Map<string, TextConverter>();
  private readonly links: (LinkRewrite | undefined)[];

  constructor(
    private readonly variants: readonly Variant[],
    private readonly dictionary: readonly DictionaryEntry[],
    /** Rewrites a link in a body into a variant's tree (undefined: leave it), given the variant. */
    linkInto: (href: string, variant: Variant) => string | undefined = () => undefined,
    /** Where converters' tables come from (table-store.ts); by default each converter builds its own. */
    private readonly tables?: TableSource,
  ) {
    this.links = variants.map((variant) => (variant.path === '/' ? undefined : (href: string) => linkInto(href, variant)));
  }

  /** `input`, written in the script `from` reads as, in the script (and quotation marks) of variant number `variant`. */
  convert(kind: TextKind, input: string, from: Locale, variant: number): string {
    const converter = this.pair(from, this.variants[variant]!.locale);
    const corner = this.variants[variant]!.quotes === 'corner';
    switch (kind) {
      case 'text':
        return corner ? cornerQuotesText(converter.text(input)) : converter.text(input);
      case 'html': {
        const html = convertHtml(input, converter, this.links[variant]);
        return corner ? cornerQuotesHtml(html) : html;
      }
      case 'template':
        return convertTemplate(input, converter, corner ? cornerQuotesHtml : undefined);
    }
  }

  /**
   * The characters of plain text in the script `from` reads as that the
   * conversion to the first variant of the other script converts by guess.
   */
  guesses(input: string, from: Locale): Guess[] {
    return this.guessedPair(from)?.guesses(input) ?? [];
  }

  /** Plain text in the script of the variant `guesses` looks at. */
  guessTarget(input: string, from: Locale): string {
    return this.guessedPair(from)?.text(input) ?? input;
  }

  /** One of a guess's candidate forms as the variant `guesses` looks at writes it. */
  guessForm(form: string, from: Locale): string {
    return this.guessedPair(from)?.regional(form) ?? form;
  }

  /** The conversion `guesses` looks at: to the first variant in the other script, if any. */
  private guessedPair(from: Locale): TextConverter | undefined {
    const variant = this.variants.find((each) => (each.locale === 'cn') !== (from === 'cn'));
    return variant && this.pair(from, variant.locale);
  }

  /** `input` in every variant's script, in the variants' order. */
  convertAll(kind: TextKind, input: string, from: Locale): string[] {
    return this.variants.map((_, variant) => this.convert(kind, input, from, variant));
  }

  private pair(from: Locale, to: Locale): TextConverter {
    const key = `${from}>${to}`;
    let converter = this.built.get(key);
    if (!converter) {
      converter = createTextConverter(from, to, this.dictionary, this.tables);
      this.built.set(key, converter);
    }
    return converter;
  }
}
