/**
 * Word lists written as one text block per list. Keeping the synthetic register's name and place
 * catalogues as blocks of text (rather than arrays of string literals, which the formatter lays
 * out one per line) keeps those files short and easy to read.
 */

/** The words of a text block, split on whitespace. */
export function words(block: string): readonly string[] {
  return block.split(/\s+/).filter((word) => word !== '');
}

/** The lines of a text block, trimmed, without empty ones. */
export function lines(block: string): readonly string[] {
  return block
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
