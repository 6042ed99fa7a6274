/**
 * A large file written straight into bytes, chunk by chunk: a report of ten thousand lines never
 * becomes one string to join and encode (encoding a 1.4 MB string made of many pieces costs more
 * than writing it). Callers encode each recurring text once and write its bytes again and again.
 */
const CHUNK = 256 * 1024;

export class ByteWriter {
  private readonly chunks: Buffer[] = [];
  private chunk: Buffer;
  private used = 0;

  /**
   * `expected`: the bytes the caller expects to write (a first chunk that size, none to join after
   * when it holds everything); past it the writer grows chunk by chunk and joins them at the end.
   */
  constructor(expected = CHUNK) {
    this.chunk = Buffer.allocUnsafe(Math.max(expected, 64));
  }

  /** Makes room for `size` more bytes. */
  private room(size: number): void {
    if (this.used + size <= this.chunk.length) return;
    this.chunks.push(this.chunk.subarray(0, this.used));
    this.chunk = Buffer.allocUnsafe(Math.max(CHUNK, size));
    this.used = 0;
  }

  /** Bytes encoded beforehand. */
  write(bytes: Uint8Array): void {
    const length = bytes.length;
    this.room(length);
    const chunk = this.chunk;
    let used = this.used;
    // Byte by byte for the shortest pieces (`,"sheets":`): cheaper than a copy call each; a line's
    // `{"department":"…","documents":` is copied (a loop up to 64 bytes made the ten-year JSON 1.4× slower).
    if (length <= 16) for (let i = 0; i < length; i += 1) chunk[used++] = bytes[i]!;
    else {
      chunk.set(bytes, used);
      used += length;
    }
    this.used = used;
  }

  /** One byte (an ASCII character code). */
  byte(code: number): void {
    this.room(1);
    this.chunk[this.used++] = code;
  }

  /** A text, encoded as UTF-8 now (for texts written once). */
  text(value: string): void {
    // Up to 3 bytes a UTF-16 unit; counted exactly only when that bound does not fit, so a buffer
    // allocated to the expected size is not left for a new chunk by a worst case that never comes.
    const worst = value.length * 3;
    this.room(this.used + worst <= this.chunk.length ? worst : Buffer.byteLength(value, 'utf8'));
    this.used += this.chunk.write(value, this.used, 'utf8');
  }

  /** A number as `String(value)` writes it; whole numbers digit by digit. */
  number(value: number): void {
    if (!(Number.isSafeInteger(value) && value >= 0)) {
      this.text(String(value));
      return;
    }
    let length = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) length += 1;
    this.room(length);
    let rest = value;
    const chunk = this.chunk;
    for (let i = this.used + length - 1; i >= this.used; i -= 1) {
      const next = Math.floor(rest / 10);
      chunk[i] = 0x30 + rest - next * 10;
      rest = next;
    }
    this.used += length;
  }

  /** Everything written (the writer is done with then: the bytes may share its memory). */
  bytes(): Buffer {
    const last = this.chunk.subarray(0, this.used);
    return this.chunks.length === 0 ? last : Buffer.concat([...this.chunks, last]);
  }
}
