export { humanBytes, humanDuration } from '../../../lib/format.js';

/** A list for one line: "a, b, c and 4 more". */
export function humanList(items: readonly string[], max = 5): string {
  if (items.length === 0) return '—';
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** The first line of a text, capped: channels limit field sizes and a stack trace helps nobody in a chat. */
export function oneLine(text: string, max = 300): string {
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Cuts text to a channel's limit, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
