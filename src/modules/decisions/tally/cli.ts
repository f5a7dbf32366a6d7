import { readFile } from 'node:fs/promises';
import { locales, t, type Locale } from '../../../core/i18n.ts';
import { countTally } from './count.ts';
import { renderExplanation } from './explain.ts';
import { parseTallyFile, type FieldError } from './parse.ts';

interface Args {
  file: string;
  locale: Locale;
}

function parseArgs(argv: string[]): Args | { error: 'usage' } | { error: 'lang'; lang: string } {
  let file: string | undefined;
  let lang: string = 'zh-CN';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--lang') lang = argv[++i] ?? '';
    else if (a.startsWith('--lang=')) lang = a.slice('--lang='.length);
    else if (a.startsWith('-') || file !== undefined) return { error: 'usage' };
    else file = a;
  }
  if (file === undefined) return { error: 'usage' };
  if (!(locales as readonly string[]).includes(lang)) return { error: 'lang', lang };
  return { file, locale: lang as Locale };
}

function renderError(e: FieldError, locale: Locale): string {
  const params = { ...e.params };
  return t(locale, 'tally.cli.invalidField', { path: e.path, message: t(locale, `tally.error.${e.code}`, params) });
}

/**
 * `gongzhi tally <file.json> [--lang en]`: counts a vote from a tally file and prints the result as JSON,
 * with the explanation rendered beside its codes. Exit codes: 0 counted, 1 unreadable or invalid file,
 * 2 bad command line.
 */
export async function runTallyCli(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const args = parseArgs(argv);
  if ('error' in args) {
    if (args.error === 'lang') err.write(`${t('zh-CN', 'tally.cli.unknownLang', { lang: args.lang })}\n`);
    err.write(`${t('zh-CN', 'tally.cli.usage')}\n`);
    return 2;
  }
  const { file, locale } = args;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    err.write(`${t(locale, 'tally.cli.readError', { file, message: (e as Error).message })}\n`);
    return 1;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    err.write(`${t(locale, 'tally.cli.parseError', { file, message: (e as Error).message })}\n`);
    return 1;
  }
  const parsed = parseTallyFile(value);
  if (!parsed.ok) {
    for (const e of parsed.errors) err.write(`${renderError(e, locale)}\n`);
    err.write(`${t(locale, 'tally.cli.invalidFile', { file, count: parsed.errors.length })}\n`);
    return 1;
  }
  const result = countTally(parsed.request);
  const { method, outcome, explanation, ...rest } = result;
  const printed = { method, outcome, locale, ...rest, explanation: renderExplanation(explanation, locale) };
  out.write(`${JSON.stringify(printed, null, 2)}\n`);
  return 0;
}
