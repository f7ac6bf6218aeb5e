/**
 * Whether Reconbanker could deliver notifications to a webhook URL: a pure mirror of its SSRF
 * guard (no DNS lookups, no n8n imports), so registration can refuse a private n8n URL before
 * changing any account, with the same message the server's refusal gets.
 */
function parseIpv4(host: string): number[] | null {
	const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
	if (!match) return null;
	const parts = match.slice(1).map(Number);
	return parts.every((n) => n <= 255) ? parts : null;
}

function isNonPublicIpv4([a, b]: number[]): boolean {
	return (
		a === 0 || // "this network"
		a === 10 ||
		a === 127 || // loopback
		(a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
		(a === 169 && b === 254) || // link-local
		(a === 172 && b >= 16 && b <= 31) ||
		(a === 192 && b === 168)
	);
}

function parseIpv6(host: string): number[] | null {
	if (!host.includes(':')) return null;
	let text = host.toLowerCase();
	const dotted = /(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(text);
	if (dotted) {
		const v4 = parseIpv4(dotted[1]);
		if (!v4) return null;
		text = `${text.slice(0, -dotted[1].length)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
	}
	const halves = text.split('::');
	if (halves.length > 2) return null;
	const groups = (part: string) =>
		part === '' ? [] : part.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN));
	const head = groups(halves[0]);
	const tail = halves.length === 2 ? groups(halves[1]) : [];
	const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
	if (fill < 0) return null;
	const all = [...head, ...new Array<number>(fill).fill(0), ...tail];
	return all.length === 8 && !all.some(Number.isNaN) ? all : null;
}

function isNonPublicIpv6(g: number[]): boolean {
	const zeroUntil = (n: number) => g.slice(0, n).every((x) => x === 0);
	if (zeroUntil(7) && (g[7] === 0 || g[7] === 1)) return true; // ::, ::1
	if ((g[0] & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
	if ((g[0] & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
	if (zeroUntil(5) && g[5] === 0xffff) {
		return isNonPublicIpv4([g[6] >> 8, g[6] & 0xff, g[7] >> 8, g[7] & 0xff]); // ::ffff:a.b.c.d
	}
	return false;
}

/**
 * Why Reconbanker could not (or would refuse to) deliver notifications to `webhookUrl`, or null
 * when it looks public. Refused: not http(s); `localhost` / `*.localhost`; host names without a
 * dot (container or LAN names) and `.local` / `.internal` / `.lan` / `.home.arpa` names; literal
 * loopback, private, link-local, carrier-grade-NAT, unspecified and unique-local addresses.
 * Pure; no DNS lookups.
 */
export function webhookUrlProblem(webhookUrl: string): string | null {
	if (!URL.canParse(webhookUrl)) return 'it is not a valid URL';
	const url = new URL(webhookUrl);
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'it is not an http(s) URL';
	const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
	if (host === 'localhost' || host.endsWith('.localhost')) return `its host "${host}" is this machine (loopback)`;
	const v4 = parseIpv4(host);
	if (v4) return isNonPublicIpv4(v4) ? `its host ${host} is a loopback, private or link-local address` : null;
	const v6 = parseIpv6(host);
	if (v6) return isNonPublicIpv6(v6) ? `its host ${host} is a loopback, private or link-local address` : null;
	if (!host.includes('.')) return `its host "${host}" is a local name, not a public domain`;
	if (/\.(local|internal|lan|home\.arpa)$/.test(host)) return `its host "${host}" is a local name, not a public domain`;
	return null;
}

/** The message for a webhook URL Reconbanker cannot reach; shared by our pre-check and the server's 400. */
export function notPublicWebhookUrlText(webhookUrl: string, reason?: string): { message: string; description: string } {
	return {
		message: `n8n's webhook URL is not publicly reachable, so Reconbanker cannot send notifications to it: ${webhookUrl}${reason ? ` (${reason})` : ''}`,
		description:
			"Reconbanker refuses notification URLs on loopback or private addresses. Set n8n's WEBHOOK_URL environment variable to the public https address of this n8n (for example https://n8n.example.com/), restart n8n and activate the workflow again — or choose Manual registration and point the account at a public URL yourself.",
	};
}
