/** Display names for the ids in the facts: resolved when rendering, never hashed (a rename keeps codes valid). */
export interface Names {
  unit(id: string): string;
  user(id: string): string;
  council(id: string): string;
}

/** Names that are the ids themselves: for tests and benchmarks. */
export const idNames: Names = { unit: (id) => id, user: (id) => id, council: (id) => id };

export const namesFrom = (maps: { units?: Record<string, string>; users?: Record<string, string>; councils?: Record<string, string> }): Names => ({
  unit: (id) => maps.units?.[id] ?? id,
  user: (id) => maps.users?.[id] ?? id,
  council: (id) => maps.councils?.[id] ?? id,
});
