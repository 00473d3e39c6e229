/** Names as they are now are frozen into a message; an entry deleted since shows as its id. */
export function nameOf(family: { get(id: string): Promise<{ name: string }> }, id: string): Promise<string> {
  return family.get(id).then((entry) => entry.name, () => id);
}
