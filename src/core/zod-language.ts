import { z } from 'zod';
import { language } from './language.ts';

/**
 * zod's own messages (for the few checks whose message is not xinwen's, such
 * as a map where a list belongs) in the user's language: set before each
 * validation, since the language may change between a process's commands.
 */
export function useZodLanguage(): void {
  z.config(language() === 'zh' ? z.locales.zhCN() : z.locales.en());
}
