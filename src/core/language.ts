/**
 * The language of what xinwen tells its user: errors, hints, warnings, the
 * progress line and summary, the dev server's terminal and overlay, the
 * reports of `new` and `import`. Our editors are Chinese: simplified Chinese
 * unless the environment or `--lang en` asks for English. Error codes are the
 * same in every language, so either can be searched.
 *
 * Messages are written in both languages where they are made (`say`); a site
 * published in traditional script reads them converted, when they are shown
 * (format-error.ts, message-script.ts), not here.
 *
 * The one setting of the process (like its locale): set once by the CLI from
 * `--lang` or the environment, and in every build worker from its setup.
 */
export type Language = 'zh' | 'en';

let current: Language = languageOfEnvironment(process.env);

/**
 * The language the environment asks for: `XINWEN_LANG` (zh or en) when set,
 * else the locale: `LC_ALL`, then `LC_MESSAGES`, then `LANG` (the POSIX
 * order). Chinese when none is set or it is C/POSIX, English for any other
 * non-Chinese locale.
 */
export function languageOfEnvironment(env: NodeJS.ProcessEnv): Language {
  const chosen = env.XINWEN_LANG && parseLanguage(env.XINWEN_LANG);
  if (chosen) return chosen;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  if (locale === '' || /^(C|POSIX)(\.|$)/i.test(locale) || /^zh/i.test(locale)) return 'zh';
  return 'en';
}

/** `zh`, `zh-Hans`, `zh_CN.UTF-8`… → zh; `en`, `en-US`… → en; anything else undefined. */
export function parseLanguage(text: string): Language | undefined {
  if (/^zh([-_.]|$)/i.test(text)) return 'zh';
  if (/^en([-_.]|$)/i.test(text)) return 'en';
  return undefined;
}

export function setLanguage(language: Language): void {
  current = language;
}

export function language(): Language {
  return current;
}

/** A message in the user's language: `say('模板不存在', 'template missing')`. */
export function say(zh: string, en: string): string {
  return current === 'en' ? en : zh;
}
