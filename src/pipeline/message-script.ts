import type { DictionaryEntry } from '../convert/dictionary.ts';
import type { ScriptConverter } from '../convert/script-converter.ts';
import type { MessageScript } from '../core/format-error.ts';
import { language } from '../core/language.ts';
import { siteFolders } from '../core/site-folders.ts';
import { loadDictionary } from '../load/dictionary-file.ts';
import { loadSettings } from '../load/settings-file.ts';
import type { Settings } from '../settings/settings.ts';
import { createScriptConverter } from './shard.ts';

/**
 * Messages are written in simplified Chinese (language.ts); the editors of a
 * site published first in traditional script read them in that script, with
 * the site's own converter and dictionary. What the editor typed and must
 * find again as typed stays: `code`, field names, file paths and URLs.
 * Undefined when nothing is to be converted (English, or a simplified site).
 */
export function messageScriptOf(settings: Settings, converter: ScriptConverter): MessageScript | undefined {
  if (language() !== 'zh' || settings.variants[0]!.locale === 'cn') return undefined;
  return (text) =>
    text
      .split(KEPT_AS_WRITTEN)
      .map((part, i) => (i % 2 === 1 || part === '' ? part : converter.convert('text', part, 'cn', 0)))
      .join('');
}

/** The same, made on the first message (most builds show none but their summary). */
export function lazyMessageScript(settings: Settings, dictionary: readonly DictionaryEntry[]): MessageScript | undefined {
  if (language() !== 'zh' || settings.variants[0]!.locale === 'cn') return undefined;
  let script: MessageScript | undefined;
  return (text) => (script ??= messageScriptOf(settings, createScriptConverter(settings, dictionary))!)(text);
}

/**
 * The message script of the site in `root`, for a command that shows
 * messages without having built (or after a build failed): its settings and
 * dictionary are read again. A site whose settings cannot be read gets its
 * messages in simplified script.
 */
export function siteMessageScript(root: string): MessageScript | undefined {
  if (language() !== 'zh') return undefined;
  try {
    const site = siteFolders(root);
    const settings = loadSettings(site);
    let dictionary: DictionaryEntry[] = [];
    try {
      dictionary = loadDictionary(site);
    } catch {
      // a broken dictionary is the error being shown: the messages are converted without it
    }
    return lazyMessageScript(settings, dictionary);
  } catch {
    return undefined;
  }
}

/** `code` spans and anything with a slash in it (paths, URLs): kept as written (captured, so split keeps them at odd indexes). */
const KEPT_AS_WRITTEN = /(`[^`\n]*`|[^\s`，。：；、（）“”「」]*[/\\][^\s`，。：；、（）“”「」]*)/;
