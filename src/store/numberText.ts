/**
 * Whether a text is a number as a person types one: optional sign, digits with an optional point
 * (or a leading point), an optional exponent. `Number()` alone also takes '', '0x10', 'Infinity'
 * and '1_000' in some engines — none of which a user typing into a field, a table cell, a pasted
 * range or a sweep list meant as a number. The one rule for every typed number in the app.
 */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function isNumberText(text: string): boolean {
  return NUMBER.test(text);
}
