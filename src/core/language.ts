/**
 * The language of what xinwen tells its user: errors, hints, warnings, the
 * progress line and summary, the dev server's terminal and overlay, the
 * reports of `new` and `import`. Our editors are Chinese: simplified Chinese
 * unless the environment or `--lang en` asks for English. Error codes are the
 * same in every language, so either can be searched.
 *
 * Messages are written in both languages where they are made (`say`); a site
 * published in traditional script reads them converted, when they are shown
 * (format-error.ts), not here.
 */
export type Language = 'zh' | 'en';

let current: Language = languageOfEnvironment(process.env);

/**
 * The language the environment asks for: `LC_ALL`, then `LC_MESSAGES`, then
 * `LANG` (the POSIX order); Chinese when none is set or it is C/POSIX,
 * English for any other non-Chinese locale.
 */
export function languageOfEnvironment(env: NodeJS.ProcessEnv): Language {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  if (locale === '' || /^(C|POSIX)(\.|$)/i.test(locale) || /^zh/i.test(locale)) return 'zh';
  return 'en';
}

/** Set once by the CLI (`--lang`), and in every build worker from its setup. */
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
