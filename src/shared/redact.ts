/** Removes secrets from text before it reaches a log, an error message or "copy diagnostics". */

const patterns: Array<[RegExp, string]> = [
  // PEM blocks: private keys, certificates (publish-settings management certificates included)
  [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?-----END [A-Z0-9 ]+-----/g, '[redacted PEM]'],
  // JSON Web Tokens (access, refresh and id tokens, client assertions)
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '[redacted token]'],
  // BitLocker recovery passwords: eight groups of six digits
  [/\b\d{6}(?:-\d{6}){7}\b/g, '[redacted BitLocker key]'],
  // Bearer headers (a credential after "Bearer", not a word of a sentence such as "Bearer authentication is not
  // permitted": a token is not a plain word of letters) and storage account keys / SAS signatures
  [/\b[Bb][Ee][Aa][Rr][Ee][Rr]\s+(?![A-Za-z][a-z]*(?![A-Za-z0-9._~+/=-]))[A-Za-z0-9._~+/=-]+/g, 'Bearer [redacted]'],
  [/\b(AccountKey|sig|client_secret|refresh_token|access_token|ManagementCertificate)=("?)[^;&"\s]+\2/gi, '$1=[redacted]'],
  [/\bManagementCertificate="[^"]*"/g, 'ManagementCertificate="[redacted]"'],
];

export function redact(text: string): string {
  let out = text;
  for (const [re, replacement] of patterns) out = out.replace(re, replacement);
  return out;
}
