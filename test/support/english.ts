import { setLanguage } from '../../src/core/language.ts';

/**
 * Tests read xinwen's messages in English unless they ask for Chinese
 * (`--lang zh`, or `setLanguage('zh')` in a test file of its own), whatever
 * the locale of the machine they run on: this thread, the commands they run
 * in it (`main` reads the environment) and the processes they start.
 * Imported first by site.ts; a test file that does not use site.ts imports it.
 */
process.env.XINWEN_LANG = 'en';
setLanguage('en');
