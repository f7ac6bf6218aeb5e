// Types for totp.js (RFC 6238 helpers), for TypeScript tests.
export declare function base32Decode(input: string): Buffer;
export declare function base32Encode(buf: Buffer): string;
export declare function generateSecret(): string;
export declare function hotp(key: Buffer, counter: number, digits: number): string;
export declare function totp(secretBase32: string, opts?: { timeMs?: number; stepSeconds?: number; digits?: number }): string;
export declare function verifyTotp(
  secretBase32: string,
  code: string,
  opts?: { timeMs?: number; stepSeconds?: number; digits?: number; window?: number },
): boolean;
export declare function matchTotp(
  secretBase32: string,
  code: string,
  opts?: { timeMs?: number; stepSeconds?: number; digits?: number; window?: number },
): number | null;
