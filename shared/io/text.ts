/**
 * Decoding of text files as municipal exports come: UTF-8 (with or without BOM) or
 * ISO-8859-1/Windows-1252. Uses the standard TextDecoder (browser and Node alike).
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  } catch {
    // Not valid UTF-8: the only other encoding these exports use is Latin-1/Windows-1252.
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}
