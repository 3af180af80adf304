import * as fs from 'fs';
import * as path from 'path';

/** The README at test time: snippets are read from it, never copied into a test. */
export const README_FILE = path.resolve(__dirname, '..', '..', 'README.md');

/** One fenced code block of the README. */
export interface Snippet {
  /** The fence's language (`ts`, `sh`, `yaml`, ... or '' for none). */
  readonly lang: string;
  readonly code: string;
  /** README line of the opening fence, named in failures. */
  readonly line: number;
  /** The reason given by an `<!-- snippet: not run — reason -->` comment on the line before the fence. */
  readonly optOut?: string;
}

/** The marker that opts a snippet out of the checks; a reason after the dash is required. */
const OPT_OUT = /^<!--\s*snippet:\s*not run\s*(?:[—-]+\s*(.*?))?\s*-->$/;

/** Every fenced block of the README, in order. */
export function readmeSnippets(text = fs.readFileSync(README_FILE, 'utf8')): Snippet[] {
  const lines = text.split('\n');
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
    if (end === -1) throw new Error(`README.md:${i + 1}: a code block is never closed`);
    const marker = OPT_OUT.exec(lines[i - 1]?.trim() ?? '');
    out.push({ lang: open[1], code: `${lines.slice(i + 1, end).join('\n')}\n`, line: i + 1, ...(marker ? { optOut: marker[1] ?? '' } : {}) });
    i = end;
  }
  return out;
}

/** The `ts`/`js` snippets that the package test type-checks (opted-out ones left out). */
export function typeScriptSnippets(snippets = readmeSnippets()): Snippet[] {
  return snippets.filter((s) => /^(ts|typescript|js|javascript)$/.test(s.lang) && s.optOut === undefined);
}

/**
 * The `dagstep …` command lines of the shell snippets, split into arguments as a shell would
 * (quotes, `#` comments; `npx` dropped), with the README line of each.
 */
export function dagstepCommands(snippets = readmeSnippets()): { line: number; text: string; args: string[] }[] {
  const out: { line: number; text: string; args: string[] }[] = [];
  for (const s of snippets.filter((x) => /^(sh|bash|shell|console)$/.test(x.lang) && x.optOut === undefined)) {
    s.code.split('\n').forEach((text, k) => {
      const args = shellWords(text);
      const at = args.indexOf('dagstep');
      if (at === -1 || (at > 0 && args[at - 1] !== 'npx')) return;
      out.push({ line: s.line + 1 + k, text: text.trim(), args: args.slice(at + 1) });
    });
  }
  return out;
}

/** Splits one shell line into words: single and double quotes, backslash escapes, `#` comments; stops at `&&`, `|`, `;`. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c; word ??= '';
    } else if (c === '\\' && i + 1 < line.length) {
      word = (word ?? '') + line[++i];
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '#' && word === undefined) {
      break;
    } else if ((c === '&' || c === '|' || c === ';') && word === undefined) {
      break;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}
