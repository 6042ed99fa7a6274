/**
 * Tokens of a PDF content stream, as much as deciding "is this page one image?" needs: numbers
 * and names keep their value; strings, arrays and dictionaries are skipped whole.
 */
export type ContentToken =
  | { type: 'number'; value: number }
  | { type: 'name'; value: string }
  | { type: 'operand' } // a string, array or dictionary
  | { type: 'operator'; value: string };

const Ch = {
  Percent: 0x25,
  LParen: 0x28,
  RParen: 0x29,
  Slash: 0x2f,
  Less: 0x3c,
  Greater: 0x3e,
  LBracket: 0x5b,
  RBracket: 0x5d,
  LBrace: 0x7b,
  RBrace: 0x7d,
  Backslash: 0x5c,
} as const;

const latin1 = new TextDecoder('latin1');
const textOf = (bytes: Uint8Array): string => (bytes.length <= 64 ? String.fromCharCode(...bytes) : latin1.decode(bytes));

const isWhite = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
const isDelimiter = (c: number): boolean =>
  c === Ch.LParen || c === Ch.RParen || c === Ch.Less || c === Ch.Greater || c === Ch.LBracket || c === Ch.RBracket ||
  c === Ch.LBrace || c === Ch.RBrace || c === Ch.Slash || c === Ch.Percent;

export class ContentLexer {
  private pos = 0;

  constructor(private readonly data: Uint8Array) {}

  next(): ContentToken | undefined {
    this.skipWhiteAndComments();
    const d = this.data;
    if (this.pos >= d.length) return undefined;
    const c = d[this.pos]!;
    if (c === Ch.Slash) {
      const start = ++this.pos;
      return { type: 'name', value: decodeName(textOf(d.subarray(start, this.regularEnd()))) };
    }
    if (c === Ch.LParen) return this.skipLiteralString();
    if (c === Ch.LBracket) return this.skipNested(Ch.LBracket, Ch.RBracket);
    if (c === Ch.Less) return d[this.pos + 1] === Ch.Less ? this.skipDictionary() : this.skipHexString();
    if (c === Ch.RParen || c === Ch.RBracket || c === Ch.Greater || c === Ch.LBrace || c === Ch.RBrace) {
      this.pos++;
      return { type: 'operand' }; // stray delimiter: ignored, as viewers do
    }
    const start = this.pos;
    const word = textOf(d.subarray(start, this.regularEnd()));
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) return { type: 'number', value: Number(word) };
    return { type: 'operator', value: word };
  }

  /** Moves past the end of a regular token and returns that position. */
  private regularEnd(): number {
    const d = this.data;
    while (this.pos < d.length && !isWhite(d[this.pos]!) && !isDelimiter(d[this.pos]!)) this.pos++;
    return this.pos;
  }

  private skipWhiteAndComments(): void {
    const d = this.data;
    while (this.pos < d.length) {
      const c = d[this.pos]!;
      if (isWhite(c)) this.pos++;
      else if (c === Ch.Percent) while (this.pos < d.length && d[this.pos] !== 0x0a && d[this.pos] !== 0x0d) this.pos++;
      else return;
    }
  }

  private skipLiteralString(): ContentToken {
    const d = this.data;
    let depth = 0;
    while (this.pos < d.length) {
      const c = d[this.pos++]!;
      if (c === Ch.Backslash) this.pos++;
      else if (c === Ch.LParen) depth++;
      else if (c === Ch.RParen && --depth === 0) break;
    }
    return { type: 'operand' };
  }

  private skipHexString(): ContentToken {
    const end = this.data.indexOf(Ch.Greater, this.pos);
    this.pos = end < 0 ? this.data.length : end + 1;
    return { type: 'operand' };
  }

  /** Arrays may hold strings with brackets inside, so nested tokens are skipped one by one. */
  private skipNested(open: number, close: number): ContentToken {
    this.pos++;
    for (;;) {
      this.skipWhiteAndComments();
      if (this.pos >= this.data.length) break;
      if (this.data[this.pos] === close) {
        this.pos++;
        break;
      }
      if (this.data[this.pos] === open) this.skipNested(open, close);
      else this.next();
    }
    return { type: 'operand' };
  }

  private skipDictionary(): ContentToken {
    this.pos += 2;
    for (;;) {
      this.skipWhiteAndComments();
      if (this.pos >= this.data.length) break;
      if (this.data[this.pos] === Ch.Greater && this.data[this.pos + 1] === Ch.Greater) {
        this.pos += 2;
        break;
      }
      this.next();
    }
    return { type: 'operand' };
  }
}

/** Resolves #xx escapes in a name. */
function decodeName(raw: string): string {
  return raw.includes('#') ? raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : raw;
}
