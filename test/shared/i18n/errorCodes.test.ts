/**
 * Every error code the sources use has its English sentence, and every site gives the sentence its placeholders.
 *
 * Found statically with the TypeScript parser over src/: each `code: '<ns>:…'` (an OfflineSeedError, a wire
 * error, an ErrorRef), each error helper whose code is a template (`certificate:errors.${name}`) through the
 * calls that name it, and each `pageError('<key>')`. Where the params are written out as an object literal,
 * the sentence's placeholders (in every plural form, and inside nested `$t(…)`) must all be among them.
 */

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { catalogs, hasKey, namespaces, translate, type Key } from '../../../src/shared/i18n';
import { flattenMessages } from '../../../src/shared/i18n/catalog';
import { OfflineSeedError } from '../../../src/shared/errors';

const srcDir = path.resolve(__dirname, '../../../src');
const nsPattern = new RegExp(`^(${namespaces.join('|')}):[\\w.]+$`);

interface Site {
  where: string;
  code: string;
  /** Param names given at the site, or null when they are not written out (a variable, a spread). */
  params: string[] | null;
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The keys of an object literal, or null when it has a spread or computed key. */
function literalKeys(node: ts.Expression | undefined): string[] | null {
  if (!node) return [];
  if (!ts.isObjectLiteralExpression(node)) return null;
  const keys: string[] = [];
  for (const p of node.properties) {
    if ((ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) keys.push(p.name.text);
    else return null;
  }
  return keys;
}

const prop = (o: ts.ObjectLiteralExpression, name: string) =>
  o.properties.find((p): p is ts.PropertyAssignment | ts.ShorthandPropertyAssignment => (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && p.name.getText() === name);

const initOf = (p: ts.PropertyAssignment | ts.ShorthandPropertyAssignment | undefined) => (p && ts.isPropertyAssignment(p) ? p.initializer : undefined);

interface Helper {
  prefix: string;
  nameIndex: number;
  /** Where the helper's params come from: one of its own parameters, or a literal inside it. */
  params: { index: number } | { keys: string[] | null };
}

function scan(): { sites: Site[]; unresolved: string[] } {
  const sites: Site[] = [];
  const unresolved: string[] = [];
  const helpers = new Map<string, Helper>();
  const sources = files(srcDir).map((f) => ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true));
  const where = (n: ts.Node) => {
    const sf = n.getSourceFile();
    return `${path.relative(srcDir, sf.fileName)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  };

  // Pass 1: literal codes, and helpers whose code is a template over one of their parameters.
  for (const sf of sources) {
    const visit = (n: ts.Node) => {
      if (ts.isObjectLiteralExpression(n)) {
        const code = initOf(prop(n, 'code'));
        if (code && ts.isStringLiteralLike(code) && nsPattern.test(code.text)) {
          // A wire error that carries its rendered message has no params to check.
          const rendered = prop(n, 'message') !== undefined && prop(n, 'params') === undefined;
          sites.push({ where: where(code), code: code.text, params: rendered ? null : literalKeys(initOf(prop(n, 'params'))) });
        } else if (code && ts.isTemplateExpression(code) && nsPattern.test(`${code.head.text}x`) && code.templateSpans.length === 1 && code.templateSpans[0]!.literal.text === '') {
          const fn = enclosingFunction(n);
          const span = code.templateSpans[0]!.expression;
          const paramsInit = initOf(prop(n, 'params'));
          const shorthand = prop(n, 'params') && ts.isShorthandPropertyAssignment(prop(n, 'params')!) ? 'params' : undefined;
          if (fn && ts.isIdentifier(span)) {
            const names = fn.decl.parameters.map((p) => p.name.getText());
            const paramsName = shorthand ?? (paramsInit && ts.isIdentifier(paramsInit) ? paramsInit.text : undefined);
            helpers.set(`${sf.fileName}#${fn.name}`, {
              prefix: code.head.text,
              nameIndex: names.indexOf(span.text),
              params: paramsName && names.includes(paramsName) ? { index: names.indexOf(paramsName) } : { keys: literalKeys(paramsInit) },
            });
          } else {
            unresolved.push(where(code));
          }
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }

  // Pass 2: calls of those helpers, and of pageError.
  for (const sf of sources) {
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n)) {
        const callee = ts.isIdentifier(n.expression) ? n.expression.text : ts.isPropertyAccessExpression(n.expression) ? n.expression.name.text : '';
        // A helper of the same file, else the one helper of that name elsewhere (imported).
        const elsewhere = [...helpers.entries()].filter(([k]) => k.endsWith(`#${callee}`));
        const h = helpers.get(`${sf.fileName}#${callee}`) ?? (elsewhere.length === 1 ? elsewhere[0]![1] : undefined);
        const nameArg = h ? n.arguments[h.nameIndex] : undefined;
        if (h && nameArg) {
          if (ts.isStringLiteralLike(nameArg)) {
            const params = 'index' in h.params ? literalKeys(n.arguments[h.params.index]) : h.params.keys;
            sites.push({ where: where(n), code: h.prefix + nameArg.text, params });
          } else if (!isInsideHelper(n, callee)) {
            unresolved.push(where(n));
          }
        }
        if (callee === 'pageError' && n.arguments[0] && ts.isStringLiteralLike(n.arguments[0])) {
          sites.push({ where: where(n), code: n.arguments[0].text, params: literalKeys(n.arguments[1]) });
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return { sites, unresolved };
}

function enclosingFunction(n: ts.Node): { name: string; decl: ts.SignatureDeclaration } | null {
  for (let p: ts.Node | undefined = n.parent; p; p = p.parent) {
    if (ts.isFunctionDeclaration(p) && p.name) return { name: p.name.text, decl: p };
    if ((ts.isArrowFunction(p) || ts.isFunctionExpression(p)) && ts.isVariableDeclaration(p.parent) && ts.isIdentifier(p.parent.name)) return { name: p.parent.name.text, decl: p };
    if (ts.isMethodDeclaration(p) || ts.isConstructorDeclaration(p) || ts.isClassDeclaration(p)) return null;
  }
  return null;
}

function isInsideHelper(n: ts.Node, name: string): boolean {
  return enclosingFunction(n)?.name === name;
}

/** The English sentence(s) of a key: the plain string, or every plural form. */
function englishForms(code: string): string[] {
  const [ns, key] = code.split(':', 2) as [keyof typeof catalogs, string];
  const flat = flattenMessages(catalogs[ns].en);
  if (flat[key] !== undefined) return [flat[key]];
  return Object.entries(flat)
    .filter(([k]) => k.startsWith(`${key}_`) && /_(zero|one|two|few|many|other)$/.test(k))
    .map(([, v]) => v);
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]!);

const { sites, unresolved } = scan();

describe('error codes in src', () => {
  it('finds the sites (the scan works)', () => {
    expect(sites.length).toBeGreaterThan(100);
    expect(sites.some((s) => s.code === 'certificate:errors.badSubscriptionId')).toBe(true);
    expect(sites.some((s) => s.code === 'cli:errors.unknownOption')).toBe(true);
    expect(sites.some((s) => s.code === 'app:connection.lost')).toBe(true);
  });

  it('resolves every code built from a template', () => {
    expect(unresolved).toEqual([]);
  });

  it('has an English sentence for every code', () => {
    const missing = sites.filter((s) => !hasKey(s.code)).map((s) => `${s.where} ${s.code}`);
    expect(missing).toEqual([]);
  });

  it('gives every placeholder of the sentence where the params are written out', () => {
    const short: string[] = [];
    for (const s of sites) {
      if (s.params === null || !hasKey(s.code)) continue;
      const forms = englishForms(s.code);
      const needed = new Set(forms.flatMap(placeholders));
      if (forms.length > 1) needed.add('count');
      const lacking = [...needed].filter((p) => !s.params!.includes(p));
      if (lacking.length > 0) short.push(`${s.where} ${s.code} lacks ${lacking.join(', ')}`);
    }
    expect(short).toEqual([]);
  });
});

describe('error sentences render', () => {
  const errorKeys = namespaces.flatMap((ns) =>
    [...new Set(Object.keys(flattenMessages(catalogs[ns].en)).filter((k) => k.startsWith('errors.')).map((k) => k.replace(/_(zero|one|two|few|many|other)$/, '')))].map((k) => `${ns}:${k}` as Key),
  );

  it.each(['en', 'fr', 'de', 'es', 'it', 'nl'] as const)('in %s, with no placeholder or nesting left over', (lang) => {
    // Nested keys chosen by a param ($t(azure:operations.{{operation}})) get a real one.
    const params = { operation: 'createJob', reason: 'tooSmall', problem: 'staging:validation.packSizeFormat', value: '8 KB', count: 2, size: 1e9, needed: 2e9, max: 1e12 };
    for (const key of errorKeys) {
      const forms = englishForms(key);
      const all = Object.fromEntries(forms.flatMap(placeholders).map((p) => [p, p in params ? params[p as keyof typeof params] : `<${p}>`]));
      const text = translate(lang, key, { ...params, ...all });
      expect(text, `${lang} ${key}`).not.toMatch(/\{\{|\$t\(|^\w+:errors\./);
    }
  });

  it('gives OfflineSeedError the English sentence as its message', () => {
    const e = new OfflineSeedError({ code: 'drives:errors.needMoreDrives', params: { count: 3, bytes: 5 * 1024 ** 3 } });
    expect(e.message).toBe(
      'The drives are full and 3 files (5 GB) are left; run the same command again with another --drive: finished drives are checked, not copied again.',
    );
    expect(translate('fr', 'drives:errors.needMoreDrives', { count: 1, bytes: 1536 })).toMatch(/^Les disques sont pleins et il reste 1 fichier \(1,5\sko\) ;/);
  });
});
