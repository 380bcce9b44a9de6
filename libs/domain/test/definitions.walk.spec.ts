import { InitiativeEvent, SHIPPED_DEFINITIONS, Stage, StageChanged, findStage } from '../src';
import { Journey, asPublished } from './fixtures';
import { stepsFor } from './steps';

interface Edge {
  /** The transition, and for a choice also the branch; each must be covered by some walk. */
  keys: string[];
  key: string;
  from: string;
  command: Parameters<typeof stepsFor>[0];
  outcome?: string;
  to: string;
}

/** Every edge of a definition: each transition, and each branch of a choice it enters. */
const edgesOf = (stages: Stage[], from: string, t: { command: Edge['command']; outcome?: string; to: string }): Edge[] => {
  const target = stages.find((s) => s.id === t.to);
  if (target?.kind === 'choice') {
    return target.branches
      .filter((b) => t.outcome === undefined || b.outcome === t.outcome)
      .map((b) => ({
        keys: [`${from} --${t.command}--> ${t.to}`, `${t.to} [${b.outcome}] --> ${b.to}`],
        key: `${from} --${t.command}--> ${t.to} [${b.outcome}] --> ${b.to}`,
        from,
        command: t.command,
        outcome: b.outcome,
        to: b.to,
      }));
  }
  const key = `${from} --${t.command}${t.outcome ? `[${t.outcome}]` : ''}--> ${t.to}`;
  return [{ keys: [key], key, from, command: t.command, outcome: t.outcome, to: t.to }];
};

/** Histories worth exploring further: one self-loop of each kind is enough to vary what follows. */
const worthExploring = (j: Journey): boolean => {
  const s = j.state;
  if (s.kind === 'none') return true;
  if (s.replications.length > 2 * (j.definition.parameters.replicationsForEscalation ?? 0)) return false;
  const review = s.reviews[s.reviews.length - 1];
  if (review?.status !== 'open') return s.reviews.length <= 2;
  const votes = review.ballots.length + review.secretVoters.length;
  return votes <= 1 && review.recusals.length <= 1 && review.scores.length <= 1 && s.reviews.length <= 2;
};

/** What distinguishes two histories in the same stage for the purpose of what can happen next. */
const signature = (j: Journey): string => {
  const s = j.state;
  if (s.kind === 'none') return 'none';
  const review = s.reviews[s.reviews.length - 1];
  return JSON.stringify({
    stage: s.stage,
    openObjections: s.objections.some((o) => o.status === 'open'),
    votes: review ? review.ballots.length + review.secretVoters.length : 0,
    recused: review?.recusals.length ?? 0,
    scored: review?.scores.length ?? 0,
    replications: s.replications.length,
    level: s.level,
  });
};

describe.each(SHIPPED_DEFINITIONS.map((d) => [d.id, asPublished(d)] as const))('the %s definition', (_id, definition) => {
  const edges = [
    ...edgesOf(definition.stages, '(start)', definition.start),
    ...definition.stages.flatMap((s) => (s.kind === 'active' ? s.transitions.flatMap((t) => edgesOf(definition.stages, s.id, t)) : [])),
  ];

  it('every transition and choice branch can be taken by deciding real commands', () => {
    const covered = new Set<string>();
    const seen = new Set<string>();
    const queue: Journey[] = [new Journey(definition)];
    let explored = 0;
    for (let journey = queue.shift(); journey !== undefined; journey = queue.shift()) {
      explored += 1;
      if (explored > 2000) throw new Error('the walk does not converge');
      const from = journey.stage === '(none)' ? '(start)' : journey.stage;
      for (const edge of edges.filter((e) => e.from === from)) {
        const steps = stepsFor(edge.command, edge.outcome, journey);
        if (!steps) continue;
        let prepared = journey;
        for (const make of steps.slice(0, -1)) {
          const s = make(prepared);
          prepared = prepared.run(s.command, s.actor, s.overrides);
        }
        expect(prepared.stage === '(none)' ? '(start)' : prepared.stage).toBe(from);
        const last = steps[steps.length - 1];
        if (!last) continue;
        const s = last(prepared);
        const events: InitiativeEvent[] = prepared.decide(s.command, s.actor, s.overrides);
        const next = new Journey(definition, [...prepared.events, ...events]);
        expect({ edge: edge.key, stage: next.stage }).toEqual({ edge: edge.key, stage: edge.to });
        const changed = events.filter((e): e is StageChanged => e.type === 'StageChanged');
        expect(changed.length).toBe(edge.to === from ? 0 : 1);
        edge.keys.forEach((k) => covered.add(k));
        const sig = signature(next);
        if (!seen.has(sig) && worthExploring(next) && findStage(definition, next.stage)?.kind !== 'final') {
          seen.add(sig);
          queue.push(next);
        }
      }
    }
    const required = new Set(edges.flatMap((e) => e.keys));
    expect([...required].filter((k) => !covered.has(k))).toEqual([]);
    // Sanity: the walk really exercised the whole graph, not an empty set.
    expect(covered.size).toBe(required.size);
  });
});
