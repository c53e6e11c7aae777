import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';

/**
 * The drawing of lots that resolves a tie at award (财政部令第87号 Art 65: tied bids are resolved by the
 * method the documents state; ours state a recorded drawing of lots, ADR 017). Pure: the same seed and
 * candidates always draw the same bid, so anyone can re-run a recorded draw.
 *
 * 1. The candidates are sorted by id (code-unit order), whatever order they came in, duplicates removed.
 * 2. The seed's SHA-256 digest (of its UTF-8 text), read as one 256-bit big-endian integer, modulo the
 *    number of candidates, is the index drawn (counted from 0). The bias of the modulo is below 2⁻²⁴⁰.
 *
 * By hand: `python3 -c "import hashlib,sys; print(int(hashlib.sha256(sys.argv[1].encode()).hexdigest(),16) % N)" SEED`.
 * The seed comes from a cryptographic random source in the use case and is recorded with the award
 * before anyone sees the result, so nobody chooses it.
 */
export interface Draw {
  seed: string;
  /** Sorted by id: the order the index counts in. */
  candidates: string[];
  index: number;
  drawn: string;
}

export function drawLots(candidateIds: readonly string[], seed: string): Draw {
  const candidates = [...new Set(candidateIds)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (!candidates.length) throw new RangeError('a drawing of lots needs at least one candidate');
  if (!seed) throw new RangeError('a drawing of lots needs a seed');
  const digest = encodeHexLowerCase(sha256(new TextEncoder().encode(seed)));
  const index = Number(BigInt(`0x${digest}`) % BigInt(candidates.length));
  return { seed, candidates, index, drawn: candidates[index]! };
}
