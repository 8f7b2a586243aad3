/** Tokens the local Azure signs (RS256, key kept in DIR/token-signing-key.json) and checks on ARM and Graph. */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, errors as joseErrors, type JWK, type JWTPayload } from 'jose';
import { replaceFile } from './files';

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export interface AccessClaims extends JWTPayload {
  oid: string;
  tid: string;
  appid: string;
  idtyp: 'user' | 'app';
  upn?: string;
  scp?: string;
}

export type TokenCheck = { ok: true; claims: AccessClaims } | { ok: false; reason: 'missing' | 'invalid' | 'expired' | 'audience' };

export interface TokenService {
  kid: string;
  /** Public JWKS for the discovery document. */
  jwks: { keys: JWK[] };
  sign(claims: Record<string, unknown>, lifetimeSeconds: number): Promise<string>;
  verify(token: string): Promise<JWTPayload | null>;
  checkBearer(header: string | undefined, audience: string): Promise<TokenCheck>;
}

/** Loads or creates the signing key: the file that holds it is written with mode 0600. */
export async function loadSigningKey(stateDir: string): Promise<{ kid: string; privateJwk: JWK; publicJwk: JWK }> {
  const file = path.join(stateDir, 'token-signing-key.json');
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as { kid: string; privateJwk: JWK; publicJwk: JWK };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID().replace(/-/g, '');
  const stored = { kid, privateJwk: await exportJWK(privateKey), publicJwk: { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' } };
  await replaceFile(file, JSON.stringify(stored), 0o600);
  return stored;
}

export async function createTokenService(stateDir: string, issuer: () => string): Promise<TokenService> {
  const stored = await loadSigningKey(stateDir);
  const privateKey = (await importJWK(stored.privateJwk, 'RS256')) as SigningKey;
  const publicKey = await importJWK(stored.publicJwk, 'RS256');
  const verify = async (token: string): Promise<JWTPayload | null> => {
    try {
      return (await jwtVerify(token, publicKey, { algorithms: ['RS256'] })).payload;
    } catch {
      return null;
    }
  };
  return {
    kid: stored.kid,
    jwks: { keys: [stored.publicJwk] },
    async sign(claims, lifetimeSeconds) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: stored.kid })
        .setIssuer(issuer())
        .setIssuedAt(now)
        .setNotBefore(now - 300)
        .setExpirationTime(now + lifetimeSeconds)
        .setJti(randomUUID())
        .sign(privateKey);
    },
    verify,
    async checkBearer(header, audience) {
      const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
      if (!m) return { ok: false, reason: 'missing' };
      try {
        const { payload } = await jwtVerify(m[1]!, publicKey, { algorithms: ['RS256'] });
        if (payload.typ_use !== 'access') return { ok: false, reason: 'invalid' };
        if (payload.aud !== audience) return { ok: false, reason: 'audience' };
        return { ok: true, claims: payload as AccessClaims };
      } catch (e) {
        return { ok: false, reason: e instanceof joseErrors.JWTExpired ? 'expired' : 'invalid' };
      }
    },
  };
}
