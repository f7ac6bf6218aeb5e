// @ts-check
'use strict';

/**
 * The real server's SSRF guard for notification URLs, reduced to what needs no network:
 * `localhost` (and `*.localhost`) and literal IPv4/IPv6 addresses in loopback, private, link-local,
 * unspecified or unique-local ranges. Other host names are allowed (no DNS lookups here).
 * The WHATWG URL parser already normalises IPv4 shorthands (`0x7f.1`, `2130706433`) to dotted form.
 */

/**
 * @param {string} host dotted IPv4
 * @returns {number[] | null}
 */
function parseIpv4(host) {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((n) => n <= 255) ? parts : null;
}

/** @param {number[]} p */
function isPrivateIpv4(p) {
  const [a, b] = p;
  return (
    a === 127 || // loopback
    a === 10 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) || // link-local (cloud metadata)
    a === 0 // "this network", 0.0.0.0 reaches localhost
  );
}

/**
 * Expands an IPv6 literal into 8 groups, or null.
 * @param {string} host without brackets
 * @returns {number[] | null}
 */
function parseIpv6(host) {
  if (!host.includes(':')) return null;
  let text = host.toLowerCase();
  // Mixed notation (::ffff:1.2.3.4): rewrite the dotted tail as two hex groups.
  const v4 = /(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(text);
  if (v4) {
    const p = parseIpv4(v4[1]);
    if (!p) return null;
    const hex = `${((p[0] << 8) | p[1]).toString(16)}:${((p[2] << 8) | p[3]).toString(16)}`;
    text = text.slice(0, -v4[1].length) + hex;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  /** @param {string} s */
  const groups = (s) => (s === '' ? [] : s.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  if (halves.length === 2) {
    const fill = 8 - head.length - rest.length;
    if (fill < 0) return null;
    const all = [...head, ...new Array(fill).fill(0), ...rest];
    return all.some(Number.isNaN) ? null : all;
  }
  const all = head;
  return all.length === 8 && !all.some(Number.isNaN) ? all : null;
}

/** @param {number[]} g */
function isPrivateIpv6(g) {
  const allZeroUntil = (/** @type {number} */ n) => g.slice(0, n).every((x) => x === 0);
  if (allZeroUntil(7) && (g[7] === 1 || g[7] === 0)) return true; // ::1, ::
  if ((g[0] & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((g[0] & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if (allZeroUntil(5) && g[5] === 0xffff) {
    // IPv4-mapped ::ffff:a.b.c.d
    return isPrivateIpv4([g[6] >> 8, g[6] & 0xff, g[7] >> 8, g[7] & 0xff]);
  }
  return false;
}

/**
 * @param {string} hostname as in `new URL(u).hostname` (IPv6 in brackets)
 */
function isPrivateHost(hostname) {
  const host = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const v4 = parseIpv4(host);
  if (v4) return isPrivateIpv4(v4);
  const v6 = parseIpv6(host);
  if (v6) return isPrivateIpv6(v6);
  return false;
}

/**
 * @param {string} url
 * @returns {boolean} true when the URL's host is local/private (refuse it)
 */
function isPrivateUrl(url) {
  try {
    return isPrivateHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

module.exports = { isPrivateHost, isPrivateUrl };
