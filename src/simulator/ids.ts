// ID and secret generation.
import { createHash, randomBytes } from 'node:crypto';

const ID_WIDTH = 13;

/**
 * Time-sortable IDs: prefix + 13 base36 chars of max(last + 1, ms * 1000).
 * Fixed width makes string order equal creation order, so newest sorts highest
 * even when seeded timestamps lie in the future of the wall clock.
 */
export class IdGenerator {
  private last = 0;

  next(prefix: string, atMs: number = Date.now()): string {
    const n = Math.max(this.last + 1, Math.floor(atMs) * 1000);
    this.last = n;
    return prefix + n.toString(36).padStart(ID_WIDTH, '0');
  }
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function randomString(length: number, alphabet: string = ALNUM): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export function sha256Hex(input: string): string {
  return createHash('sha256').update(input).digest('hex');
}

/** Deterministic pseudo-random string for seed data. */
export function seededString(seed: string, length: number, alphabet: string = ALNUM): string {
  let out = '';
  let block = sha256Hex(seed);
  while (out.length < length) {
    for (let i = 0; i + 1 < block.length && out.length < length; i += 2) {
      out += alphabet[parseInt(block.slice(i, i + 2), 16) % alphabet.length];
    }
    block = sha256Hex(block);
  }
  return out;
}

/** `first10***last4`; shorter secrets show less so the whole secret never leaks. */
export function redact(secret: string): string {
  if (secret.length >= 16) return `${secret.slice(0, 10)}***${secret.slice(-4)}`;
  const tail = Math.floor(secret.length / 4);
  return `***${tail > 0 ? secret.slice(-tail) : ''}`;
}
