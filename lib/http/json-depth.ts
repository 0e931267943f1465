/**
 * How deeply a parsed JSON value nests (objects and arrays), measured without recursion so that a
 * hostile body nested a hundred thousand levels deep cannot overflow the stack. The value itself counts
 * as level 1 when it is an object or array: `{"a": {"b": 1}}` is 2 levels deep.
 */
export function nestedDeeperThan(value: unknown, maxDepth: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > maxDepth) return true;
    for (const child of Object.values(current)) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1 });
    }
  }
  return false;
}

/** The first top-level member (or array index) whose value nests deeper than allowed, for a 422 that names it. */
export function firstTooDeepMember(value: unknown, maxDepth: number): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const [name, child] of Object.entries(value)) {
    if (nestedDeeperThan(child, maxDepth - 1)) return name;
  }
  return undefined;
}
