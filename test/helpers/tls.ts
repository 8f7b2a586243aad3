/**
 * A CA and a certificate for 127.0.0.1, for tests that run their own scripted HTTPS server: the local Azure's TLS
 * material, created in `dir`. Tests of core reach the emulator only through helpers like this one (test/helpers
 * wires the harness, as the CLI and the host wire the app); they never import src/emulator themselves.
 */

import { ensureTls, type TlsMaterial } from '../../src/emulator/tls';

export function testTlsMaterial(dir: string): Promise<TlsMaterial> {
  return ensureTls(dir);
}
