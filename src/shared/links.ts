/** External links Offline Seed may open in the system browser: Azure portals, sign-in pages and Microsoft documentation only. */

const allowedHosts = [
  'portal.azure.com',
  'portal.azure.us',
  'portal.azure.cn',
  'learn.microsoft.com',
  'docs.microsoft.com',
  'aka.ms',
  'go.microsoft.com',
  'entra.microsoft.com',
  // Operator sign-in in the browser (interactive flow) for the three public clouds.
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
];

export function isAllowedExternalLink(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username || u.password || u.port) return false;
  return allowedHosts.includes(u.hostname.toLowerCase());
}
