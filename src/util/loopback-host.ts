// Whether a host (a name, an address or a Unix socket directory) is this machine: the database
// connection, the SMTP relay and the web listener each relax or refuse something for it.
import { isIPv4 } from 'node:net';

export function isLoopbackHost(host: string): boolean {
  // 127.* only as an IPv4 address: a name like 127.example.com resolves anywhere.
  return host === 'localhost' || host === '' || (isIPv4(host) && host.startsWith('127.')) || host === '[::1]' || host === '::1' || host.startsWith('/');
}
