// Whole-array helpers that are safe for large arrays. Spreading an array into a call
// (`push(...xs)`, `Math.max(...xs)`) puts every element on the stack as an argument, and V8 throws
// "RangeError: Maximum call stack size exceeded" from roughly 100,000 elements (fewer on a deep
// stack); a service's obligations number in the millions. These loop instead.

/** Appends every item to `target` (as `target.push(...items)` would); returns `target`. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** The largest of `values`, or `floor` when there is none larger (`Math.max(floor, ...values)`). */
export function maxOf(values: Iterable<number>, floor = -Infinity): number {
  let max = floor;
  for (const v of values) if (v > max) max = v;
  return max;
}

/** The smallest of `values`, or `ceiling` when there is none smaller (`Math.min(ceiling, ...values)`). */
export function minOf(values: Iterable<number>, ceiling = Infinity): number {
  let min = ceiling;
  for (const v of values) if (v < min) min = v;
  return min;
}
