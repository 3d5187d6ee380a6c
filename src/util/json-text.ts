// The JSON text of an object, remembered for as long as the object lives: a record serialised
// once to check its size is not serialised again to be written. Whoever remembers a text must
// not change the object afterwards.
const texts = new WeakMap<object, string>();

export function rememberJsonText(value: object, text: string): void {
  texts.set(value, text);
}

/** JSON.stringify, from memory when the object's text was remembered. */
export function jsonText(value: unknown): string {
  if (value !== null && typeof value === 'object') {
    const known = texts.get(value);
    if (known !== undefined) return known;
  }
  return JSON.stringify(value);
}
