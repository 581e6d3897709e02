import vm from 'node:vm';
import ts from 'typescript';

/** Apps Script's global services (built-in and advanced). Code.js must not touch any of them while loading. */
export const APPS_SCRIPT_GLOBALS = [
  'SpreadsheetApp', 'HtmlService', 'PropertiesService', 'Session', 'ScriptApp', 'LockService', 'Utilities',
  'UrlFetchApp', 'MailApp', 'GmailApp', 'CacheService', 'Logger', 'DriveApp', 'DocumentApp', 'FormApp',
  'SlidesApp', 'CalendarApp', 'ContactsApp', 'ContentService', 'CardService', 'Browser', 'Charts', 'XmlService',
  'Maps', 'LanguageApp', 'Jdbc', 'Gmail', 'Sheets', 'Drive',
] as const;

export type AppsScriptGlobal = (typeof APPS_SCRIPT_GLOBALS)[number];

/** One touch of an Apps Script global: its name, then the property path or call made on it. */
export type Access = string;

/** A loaded Code.js: its vm context (top-level declarations are properties of it) and every global touch. */
export interface LoadedBundle {
  context: vm.Context;
  accesses: Access[];
}

/**
 * A stand-in for a service nobody provided: records any use (property read, call, `new`, assignment) and
 * throws, so code that reaches it fails loudly and the test can say exactly what was touched.
 */
function forbidden(name: string, accesses: Access[]): unknown {
  const fail = (what: string): never => {
    accesses.push(what);
    throw new Error(`Code.js touched ${what}`);
  };
  return new Proxy(function service() {}, {
    get: (_t, key) => fail(`${name}.${String(key)}`),
    set: (_t, key) => fail(`${name}.${String(key)}=`),
    has: (_t, key) => fail(`${String(key)} in ${name}`),
    apply: () => fail(`${name}()`),
    construct: () => fail(`new ${name}()`),
    ownKeys: () => fail(`keys of ${name}`),
  });
}

/**
 * Evaluates Code.js as Apps Script would, in a fresh realm with no Node globals (no require, process, Buffer,
 * setTimeout, URL). Each Apps Script global is a getter that records the access; it yields the given fake if
 * there is one, otherwise a Proxy that throws on any use.
 */
export function loadBundle(code: string, fakes: Partial<Record<AppsScriptGlobal, unknown>> = {}): LoadedBundle {
  const loaded = appsScriptContext(fakes);
  vm.runInContext(code, loaded.context, { filename: 'Code.js' });
  return loaded;
}

/**
 * The fresh realm loadBundle evaluates Code.js in, before anything runs in it (for callers that compile and
 * run the bundle themselves, such as bench/addon-call timing each step).
 */
export function appsScriptContext(fakes: Partial<Record<AppsScriptGlobal, unknown>> = {}): LoadedBundle {
  const accesses: Access[] = [];
  const sandbox: Record<string, unknown> = {};
  for (const name of APPS_SCRIPT_GLOBALS) {
    Object.defineProperty(sandbox, name, {
      configurable: true,
      get() {
        accesses.push(name);
        return name in fakes ? fakes[name] : forbidden(name, accesses);
      },
    });
  }
  return { context: vm.createContext(sandbox), accesses };
}

/** Names of the top-level function declarations in Code.js (what Apps Script lists and menus can call). */
export function topLevelFunctions(code: string): string[] {
  const file = ts.createSourceFile('Code.js', code, ts.ScriptTarget.ES2020, false, ts.ScriptKind.JS);
  return file.statements.filter(ts.isFunctionDeclaration).flatMap((f) => (f.name ? [f.name.text] : []));
}

/** The top-level statements of Code.js other than function declarations and a "use strict" (variables by name). */
export function otherTopLevelStatements(code: string): string[] {
  const file = ts.createSourceFile('Code.js', code, ts.ScriptTarget.ES2020, false, ts.ScriptKind.JS);
  const directive = (s: ts.Statement): boolean => ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression);
  return file.statements
    .filter((s) => !ts.isFunctionDeclaration(s) && !directive(s))
    .map((s) => (ts.isVariableStatement(s) ? `var ${s.declarationList.declarations.map((d) => d.name.getText(file)).join(', ')}` : s.getText(file).slice(0, 60)));
}
