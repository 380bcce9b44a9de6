/** Stream names: `<category>-<id>`; the category is what projections and subscriptions filter on. */
export const streams = {
  unit: (id: string) => `unit-${id}`,
  user: (id: string) => `user-${id}`,
  council: (id: string) => `council-${id}`,
  movement: (id: string) => `movement-${id}`,
  workflow: (id: string) => `workflow-${id}`,
  initiative: (id: string) => `initiative-${id}`,
} as const;

export type Category = keyof typeof streams;
