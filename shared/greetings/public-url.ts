/** Host names that can only mean this machine: a public_url naming one points at a local workbench. */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** True when the address is http(s) on this machine (the local workbench), whatever its port. */
export function isLocalAddress(url: string): boolean {
  const m = /^https?:\/\/([^/:?#]+|\[[^\]]+\])(:\d+)?(\/|$)/i.exec(url.trim());
  return m !== null && LOOPBACK.test(m[1] ?? '');
}

/**
 * The public_url a starting local workbench writes: its own address when Settings has none, or when the one
 * there is another local address (a demo written for port 8080, a workbench moved to another port);
 * undefined to leave it as it is (a real public address, or the same one already).
 */
export function workbenchPublicUrl(current: string, own: string): string | undefined {
  const now = current.trim().replace(/\/+$/, '');
  if (now === own) return undefined;
  if (now === '' || isLocalAddress(now)) return own;
  return undefined;
}
