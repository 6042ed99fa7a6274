/**
 * One configured eSCL scanner: its address, and for an https scanner with a certificate of its own
 * making (most office scanners) the SHA-256 fingerprint of that certificate, which the station then
 * accepts and no other. Shared by the configuration schema and the driver (no network here).
 */

/** As written in `escl.scanners`: the address alone, or the address with its certificate's fingerprint. */
export type EsclScannerEntry = string | { url: string; certificateSha256?: string | null };

/** `http://host/eSCL/` and `http://host/eSCL` are the same scanner. */
export function esclRoot(address: string): string {
  return address.trim().replace(/\/+$/, '');
}

/** Whether the address is an https one (a URL's scheme is case-insensitive: `HTTPS://` is https). */
export function isHttpsAddress(address: string): boolean {
  try {
    return new URL(address.trim()).protocol === 'https:';
  } catch {
    return false;
  }
}

export function entryUrl(entry: EsclScannerEntry): string {
  return typeof entry === 'string' ? entry : entry.url;
}

/**
 * A SHA-256 fingerprint as Node and openssl print it (`3D:55:…`, 32 bytes in upper-case hex,
 * colon-separated), from any of the usual spellings (colons, spaces or none, either case, a leading
 * `sha256` / `SHA256 Fingerprint=`); null when it is not one.
 */
export function normaliseSha256(text: string): string | null {
  const hex = text.trim().replace(/^sha-?256( fingerprint)?\s*[=:]?\s*/i, '').replace(/[\s:]/g, '');
  if (!/^[0-9a-f]{64}$/i.test(hex)) return null;
  return hex.toUpperCase().match(/../g)!.join(':');
}

/**
 * The same scanner however its address is spelt (scheme and host case, default port, trailing
 * slash): its root as URL spells it. Scanners are compared, and their connections kept, by it.
 */
export function scannerKey(address: string): string {
  try {
    return esclRoot(new URL(address.trim()).href);
  } catch {
    return esclRoot(address);
  }
}

/**
 * The first entry naming a scanner an earlier entry already named (`index`, and the earlier one's
 * `first`), or null. A scanner listed twice is refused rather than one entry silently winning: with
 * two pins (or a pin and none) nobody could tell which certificate the station trusts.
 */
export function repeatedScanner(entries: readonly EsclScannerEntry[]): { index: number; first: number } | null {
  const seen = new Map<string, number>();
  for (const [index, entry] of entries.entries()) {
    const key = scannerKey(entryUrl(entry));
    const first = seen.get(key);
    if (first !== undefined) return { index, first };
    seen.set(key, index);
  }
  return null;
}
