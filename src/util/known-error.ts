/**
 * A failure the user can fix (a setting, an address, a server that is down), as opposed to a bug.
 * Its message is one sentence for the person reading stderr: it names the variable or the address
 * involved and never a secret. The CLI prints it as is, without "unexpected error" or a stack
 * trace, and exits non-zero. Any layer may throw it; it imports nothing.
 */
export class KnownError extends Error {
  override readonly name: string = 'KnownError';
}
