/**
 * Node module hooks (module.register) for the Electron stand-in: `import 'electron'` from a main process the stand-in
 * launched (its URL carries `?standin=N`) resolves to test/electron/electron.mjs with the same query, so every launch
 * gets its own instance of the module, bound to its own stand-in. Every other import resolves as usual.
 */
const shim = new URL('./electron.mjs', import.meta.url);

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron' && context.parentURL) {
    const parent = new URL(context.parentURL);
    const id = parent.searchParams.get('standin');
    if (id) return { url: `${shim.href}?standin=${id}`, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
