/**
 * Interned strings without one string object per entry, for person keys with letters (`A-100234`):
 * the characters of all strings lie in 1 MiB byte chunks (each entry length-prefixed, UTF-16 code units
 * as 1–3 bytes), and an open-addressing hash table (linear probing) holds their positions in a
 * Uint32Array. The id of a string is its position, so id → string needs no second table.
 *
 * Why not a Map<string, number>: for 18 million keys it costs about 100 bytes per entry for the Map plus
 * the strings themselves (~40 bytes each), over 2 GB for the whole of NRW — and V8 refuses a Map of more
 * than 2^24 entries outright. Here an 11-character key costs 12 bytes plus 4–8 bytes of table.
 *
 * After reading, `dropLookup()` frees the hash table (ids stay readable with `name()`), so that the
 * table and the arrays built at the end of a run are never in memory together.
 */
const CHUNK_SHIFT = 20;
const CHUNK = 1 << CHUNK_SHIFT;
/** encoded length is written in 1 byte below 128, else in 2 bytes (15 bits) */
export const MAX_ENCODED_LENGTH = 0x7fff;
/** the table grows beyond this load */
const MAX_LOAD = 0.7;

export class StringIndex {
  private readonly chunks: Uint8Array[] = [];
  /** position of the next entry */
  private end = 0;
  /** slot → position + 1 (0 = empty); null after dropLookup() */
  private slots: Uint32Array | null;
  private mask: number;
  private count = 0;
  // set by measure(): the probe string's hash and encoded length
  private probeHash = 0;
  private probeLength = 0;

  /**
   * `mix` turns the FNV-1a hash of the encoded bytes into the slot hash; tests replace it with a
   * constant to force every string into one probe chain.
   */
  constructor(
    initialCapacity = 1024,
    private readonly mix: (h: number) => number = finalMix,
  ) {
    let cap = 16;
    while (cap * MAX_LOAD < initialCapacity) cap *= 2;
    this.slots = new Uint32Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held for the characters (for benchmarks and tests). */
  get byteLength(): number {
    return this.chunks.length * CHUNK;
  }

  /** The id of `s`, added on first sight. Throws RangeError for strings longer than the format allows. */
  id(s: string): number {
    const slots = this.slots;
    if (slots === null) throw new Error('StringIndex: dropLookup() wurde schon aufgerufen');
    this.measure(s);
    const len = this.probeLength;
    if (len > MAX_ENCODED_LENGTH) throw new RangeError(`Zeichenkette zu lang (${s.length} Zeichen)`);
    for (let i = this.mix(this.probeHash) & this.mask; ; i = (i + 1) & this.mask) {
      const at = slots[i]!;
      if (at === 0) break;
      if (this.equals(at - 1, s, len)) return at - 1;
    }
    const pos = this.append(s, len);
    this.count++;
    if (this.count > slots.length * MAX_LOAD) this.grow();
    this.place(this.slots!, this.probeHash, pos);
    return pos;
  }

  /** The id of `s` if present, else −1 (nothing is added). */
  find(s: string): number {
    const slots = this.slots;
    if (slots === null) throw new Error('StringIndex: dropLookup() wurde schon aufgerufen');
    this.measure(s);
    for (let i = this.mix(this.probeHash) & this.mask; ; i = (i + 1) & this.mask) {
      const at = slots[i]!;
      if (at === 0) return -1;
      if (this.equals(at - 1, s, this.probeLength)) return at - 1;
    }
  }

  /** The string of an id. */
  name(id: number): string {
    const chunk = this.chunks[id >>> CHUNK_SHIFT];
    let p = id & (CHUNK - 1);
    if (chunk === undefined || id >= this.end) throw new RangeError(`StringIndex: unbekannte Id ${id}`);
    let len = chunk[p++]!;
    if (len & 0x80) len = ((len & 0x7f) << 8) | chunk[p++]!;
    const stop = p + len;
    const units: number[] = [];
    while (p < stop) {
      const b = chunk[p++]!;
      if (b < 0x80) units.push(b);
      else if (b < 0xe0) units.push(((b & 0x1f) << 6) | (chunk[p++]! & 0x3f));
      else {
        const b1 = chunk[p++]!;
        units.push(((b & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (chunk[p++]! & 0x3f));
      }
    }
    let out = '';
    for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode(...units.slice(i, i + 4096));
    return out;
  }

  /** Frees the hash table; `name()` keeps working, `id()` and `find()` no longer do. */
  dropLookup(): void {
    this.slots = null;
  }

  /** FNV-1a over the encoded bytes of `s`, and their number. */
  private measure(s: string): void {
    let h = 0x811c9dc5;
    let len = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        h = Math.imul(h ^ c, 0x01000193);
        len += 1;
      } else if (c < 0x800) {
        h = Math.imul(h ^ (0xc0 | (c >> 6)), 0x01000193);
        h = Math.imul(h ^ (0x80 | (c & 0x3f)), 0x01000193);
        len += 2;
      } else {
        h = Math.imul(h ^ (0xe0 | (c >> 12)), 0x01000193);
        h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), 0x01000193);
        h = Math.imul(h ^ (0x80 | (c & 0x3f)), 0x01000193);
        len += 3;
      }
    }
    this.probeHash = h;
    this.probeLength = len;
  }

  /** FNV-1a over stored bytes (for rehashing on growth). */
  private hashAt(pos: number): number {
    const chunk = this.chunks[pos >>> CHUNK_SHIFT]!;
    let p = pos & (CHUNK - 1);
    let len = chunk[p++]!;
    if (len & 0x80) len = ((len & 0x7f) << 8) | chunk[p++]!;
    let h = 0x811c9dc5;
    for (const stop = p + len; p < stop; p++) h = Math.imul(h ^ chunk[p]!, 0x01000193);
    return h;
  }

  private equals(pos: number, s: string, len: number): boolean {
    const chunk = this.chunks[pos >>> CHUNK_SHIFT]!;
    let p = pos & (CHUNK - 1);
    let stored = chunk[p++]!;
    if (stored & 0x80) stored = ((stored & 0x7f) << 8) | chunk[p++]!;
    if (stored !== len) return false;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (chunk[p++] !== c) return false;
      } else if (c < 0x800) {
        if (chunk[p++] !== (0xc0 | (c >> 6)) || chunk[p++] !== (0x80 | (c & 0x3f))) return false;
      } else if (chunk[p++] !== (0xe0 | (c >> 12)) || chunk[p++] !== (0x80 | ((c >> 6) & 0x3f)) || chunk[p++] !== (0x80 | (c & 0x3f))) return false;
    }
    return true;
  }

  /** Writes `s` at the end (a new chunk when it does not fit the current one); returns its position. */
  private append(s: string, len: number): number {
    const need = len + (len < 0x80 ? 1 : 2);
    // offset in the last chunk (CHUNK when it is exactly full)
    let within = this.end - (this.chunks.length - 1) * CHUNK;
    if (this.chunks.length === 0 || within + need > CHUNK) {
      if (this.chunks.length >= 2 ** (32 - CHUNK_SHIFT) - 1) throw new RangeError('StringIndex: mehr als 4 GB Zeichen');
      this.end = this.chunks.length * CHUNK;
      this.chunks.push(new Uint8Array(CHUNK));
      within = 0;
    }
    const pos = this.end;
    const chunk = this.chunks[this.chunks.length - 1]!;
    let p = within;
    if (len < 0x80) chunk[p++] = len;
    else {
      chunk[p++] = 0x80 | (len >> 8);
      chunk[p++] = len & 0xff;
    }
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) chunk[p++] = c;
      else if (c < 0x800) {
        chunk[p++] = 0xc0 | (c >> 6);
        chunk[p++] = 0x80 | (c & 0x3f);
      } else {
        chunk[p++] = 0xe0 | (c >> 12);
        chunk[p++] = 0x80 | ((c >> 6) & 0x3f);
        chunk[p++] = 0x80 | (c & 0x3f);
      }
    }
    this.end = pos + need;
    return pos;
  }

  private place(slots: Uint32Array, hash: number, pos: number): void {
    let i = this.mix(hash) & this.mask;
    while (slots[i] !== 0) i = (i + 1) & this.mask;
    slots[i] = pos + 1;
  }

  private grow(): void {
    const old = this.slots!;
    const slots = new Uint32Array(old.length * 2);
    this.mask = slots.length - 1;
    for (let i = 0; i < old.length; i++) {
      const at = old[i]!;
      if (at !== 0) this.place(slots, this.hashAt(at - 1), at - 1);
    }
    this.slots = slots;
  }
}

/** Murmur3's finaliser: spreads FNV's weak low bits over the whole word. */
function finalMix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
