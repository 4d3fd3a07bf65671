/** Events carry Dates; JSON carries strings. A reviver for `JSON.parse` that turns ISO instants back. */
export const revive = (_key: string, value: unknown) =>
  typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value) ? new Date(value) : value
