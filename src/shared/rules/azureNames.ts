/**
 * Azure's naming rules for the values an operator types, as pure checks.
 *
 * Each check returns null when the value is valid, or the i18n key (namespace `app`, under `validation`)
 * of the one sentence that says what is wrong, with its parameters.
 */

import type { KeyAt, KeyUnder } from '../i18n/resources';

export interface RuleViolation {
  key: KeyAt<'app:validation'> | KeyAt<'staging:validation'> | KeyAt<'agent:validation'>;
  params: Record<string, string | number>;
}

const violation = (key: KeyUnder<'app:validation'>, params: Record<string, string | number> = {}): RuleViolation => ({
  key: `app:validation.${key}`,
  params,
});

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function checkSubscriptionId(value: string): RuleViolation | null {
  return guid.test(value.trim()) ? null : violation('subscriptionId', { value });
}

export function checkTenantId(value: string): RuleViolation | null {
  return guid.test(value.trim()) ? null : violation('tenantId', { value });
}

/** 3–24 lowercase letters and digits. */
export function checkStorageAccountName(value: string): RuleViolation | null {
  return /^[a-z0-9]{3,24}$/.test(value) ? null : violation('storageAccount', { value });
}

/** 3–63 lowercase letters, digits and single hyphens; starts and ends with a letter or digit. */
export function checkContainerName(value: string): RuleViolation | null {
  const ok = /^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/.test(value);
  return ok ? null : violation('container', { value });
}

/**
 * Lowercase letters, digits and hyphens, starting with a letter (the portal's rule); 2–64 characters, as
 * https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftimportexport
 * documents for Microsoft.ImportExport/jobs. A name of the wrong length is told the length rule, not the characters one.
 */
export function checkImportJobName(value: string): RuleViolation | null {
  if (value.length < 2 || value.length > 64) return violation('importJobNameLength', { count: value.length });
  return /^[a-z][a-z0-9-]{1,63}$/.test(value) ? null : violation('importJobName', { value });
}

/** 1–90 letters, digits, underscores, hyphens, periods and parentheses; not ending in a period. */
export function checkResourceGroupName(value: string): RuleViolation | null {
  return /^[\p{L}\p{N}_\-.()]{1,90}$/u.test(value) && !value.endsWith('.') ? null : violation('resourceGroup', { value });
}
