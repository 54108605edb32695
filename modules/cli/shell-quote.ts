// Quoting for POSIX sh: a word in single quotes is taken literally (no `$`, backtick or `\`
// expansion); a single quote itself is written as `'\''` (close, escaped quote, reopen).

/** `s` as one sh word that means exactly `s`. */
export const shellQuote = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`
