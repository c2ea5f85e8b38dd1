/** Activity id -> the ids of the activities it depends on. */
export type DependencyGraph = ReadonlyMap<string, readonly string[]>;

/**
 * A path of dependencies that leads from `start` back to itself (`[start, ..., start]`), or undefined. Iterative
 * depth-first search: a plan's graph is small, but the stack depth must not depend on the input.
 */
export function cycleThrough(graph: DependencyGraph, start: string): string[] | undefined {
  const parent = new Map<string, string>();
  const stack = [...(graph.get(start) ?? [])].reverse().map((id) => ({ id, from: start }));
  while (stack.length > 0) {
    const next = stack.pop();
    if (!next || parent.has(next.id)) continue;
    parent.set(next.id, next.from);
    if (next.id === start) return pathTo(parent, start);
    for (const dep of [...(graph.get(next.id) ?? [])].reverse()) {
      if (!parent.has(dep)) stack.push({ id: dep, from: next.id });
    }
  }
  return undefined;
}

function pathTo(parent: ReadonlyMap<string, string>, start: string): string[] {
  const path = [start];
  let at = parent.get(start);
  while (at !== undefined && at !== start) {
    path.unshift(at);
    at = parent.get(at);
  }
  return [start, ...path];
}

/** Every distinct cycle of the graph, each reported once from its smallest id, in id order. */
export function dependencyCycles(graph: DependencyGraph): string[][] {
  const inCycle = new Set<string>();
  const cycles: string[][] = [];
  for (const id of [...graph.keys()].sort()) {
    if (inCycle.has(id)) continue;
    const path = cycleThrough(graph, id);
    if (!path) continue;
    for (const member of path) inCycle.add(member);
    cycles.push(path);
  }
  return cycles;
}
