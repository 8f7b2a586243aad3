/**
 * Electron's IPC channel names, without the contract's schemas: the sandboxed preload needs the names only, and
 * bundling zod into it for them would make it 800 KB. Main hands the preload the contract's request and event names
 * as process.argv (`webPreferences.additionalArguments`), written and read here.
 */

/** IPC channel used in Electron for a request name (one channel per request). */
export const ipcChannel = (name: string): string => `offline-seed:${name}`;
export const ipcEventChannel = 'offline-seed:event';

const prefix = { requests: '--offline-seed-requests=', events: '--offline-seed-events=' } as const;

/** The two arguments main gives the preload. */
export function namesArguments(requests: readonly string[], events: readonly string[]): string[] {
  return [prefix.requests + requests.join(','), prefix.events + events.join(',')];
}

/** The names the preload received, read back from its process.argv. */
export function namesFromArguments(argv: readonly string[], kind: keyof typeof prefix): Set<string> {
  const arg = argv.find((a) => a.startsWith(prefix[kind]));
  return new Set(arg ? arg.slice(prefix[kind].length).split(',').filter(Boolean) : []);
}
