// Types for jwt.js (HS256), for TypeScript tests.
export declare function signJwt(payload: Record<string, unknown>, secret: Buffer | string): string;
export declare function verifyJwt(token: string, secret: Buffer | string, nowSeconds: number): Record<string, unknown> | null;
