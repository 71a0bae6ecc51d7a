import type { DictionaryEntry } from './dictionary.ts';
import type { Locale } from './opencc.ts';
import { createTextConverter, type TextConverter } from './text-converter.ts';

/**
 * The converters one thread uses, built on first use: building one loads
 * OpenCC's dictionaries (tens of milliseconds), so each pair is built once.
 */
export class ConverterSet {
  private readonly built = new Map<string, TextConverter>();

  constructor(private readonly dictionary: readonly DictionaryEntry[]) {}

  get(from: Locale, to: Locale): TextConverter {
    const key = `${from}>${to}`;
    let converter = this.built.get(key);
    if (!converter) {
      converter = createTextConverter(from, to, this.dictionary);
      this.built.set(key, converter);
    }
    return converter;
  }
}
