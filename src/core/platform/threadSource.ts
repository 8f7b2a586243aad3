/**
 * The JavaScript of a worker thread that runs a function from its source text, so the thread runs the same under tsx,
 * Vitest and a bundle: the read-back's MD5 thread runs it as `new Worker(source, { eval: true })`, staging's and
 * restore's pool threads as the first message they get (`threadBoot` in src/core/staging/slotWorkers.ts).
 */

/**
 * Source that calls `body(require, ...args)`; `args` are JavaScript expressions, such as the source text of other
 * self-contained functions the body needs. `body` must reach everything else through `require`.
 */
export function threadSource(body: (req: NodeJS.Require, ...rest: never[]) => void, args: string[] = []): string {
  return [
    // tsx and esbuild's keepNames wrap named functions in `__name(fn, "name")`; a no-op here.
    'const __name = (fn) => fn;',
    `(${body.toString()})(${['require', ...args].join(', ')});`,
  ].join('\n');
}
