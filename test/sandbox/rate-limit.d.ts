// Types for rate-limit.js, for TypeScript tests.
export interface HitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetSeconds: number;
}
export declare class SlidingWindowLimiter {
  constructor(opts: { limit: number; windowMs: number; now: () => number });
  hit(key: string): HitResult;
  peek(key: string): HitResult;
  reset(key?: string): void;
  headers(result: HitResult): Record<string, string>;
}
