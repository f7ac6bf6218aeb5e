// Types for ssrf.js (the notification URL guard), for TypeScript tests.
export declare function isPrivateHost(hostname: string): boolean;
export declare function isPrivateUrl(url: string): boolean;
