/**
 * The engine's fixed vocabulary. Definitions combine these words; a new definition
 * needs no code, a new word does.
 */

/** Instants a command computes that timers may be set relative to. */
export const ANCHORS = ['reviewDeadline', 'consultationClosesAt'] as const;
export type AnchorName = (typeof ANCHORS)[number];

interface CommandWord {
  /** Outcomes the command can produce; transitions and choice branches route on them. */
  outcomes: readonly string[];
  anchors: readonly AnchorName[];
}

export const COMMANDS = {
  register: { outcomes: [], anchors: [] },
  reportProgress: { outcomes: [], anchors: [] },
  submitSelfAssessment: { outcomes: [], anchors: [] },
  nominate: { outcomes: [], anchors: [] },
  screen: { outcomes: ['accepted', 'returned'], anchors: [] },
  resubmit: { outcomes: [], anchors: [] },
  openReview: { outcomes: [], anchors: ['reviewDeadline'] },
  declareConflict: { outcomes: [], anchors: [] },
  submitScores: { outcomes: [], anchors: [] },
  castBallot: { outcomes: [], anchors: [] },
  closeReview: { outcomes: ['recommended', 'not_recommended', 'no_quorum'], anchors: [] },
  openConsultation: { outcomes: [], anchors: ['consultationClosesAt'] },
  fileObjection: { outcomes: [], anchors: [] },
  resolveObjection: { outcomes: ['upheld', 'dismissed'], anchors: [] },
  closeConsultation: { outcomes: [], anchors: [] },
  recordDecision: { outcomes: ['granted', 'declined'], anchors: [] },
  publish: { outcomes: [], anchors: [] },
  reportReplication: { outcomes: ['counted', 'threshold_reached'], anchors: [] },
  recordReplicationResult: { outcomes: [], anchors: [] },
  escalate: { outcomes: [], anchors: [] },
  revoke: { outcomes: [], anchors: [] },
  withdraw: { outcomes: [], anchors: [] },
} as const satisfies Record<string, CommandWord>;

export type CommandName = keyof typeof COMMANDS;
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];
export const isCommandName = (name: string): name is CommandName => Object.hasOwn(COMMANDS, name);
export const outcomesOf = (command: CommandName): readonly string[] => COMMANDS[command].outcomes;
export const anchorsOf = (command: CommandName): readonly AnchorName[] => COMMANDS[command].anchors;

/** Named preconditions a transition may require; implemented in initiative/guards.ts. */
export const GUARDS = {
  movementLaunched: 'the movement the initiative belongs to is launched',
  progressReported: 'at least one progress report exists',
  selfAssessmentSubmitted: 'a self-assessment has been submitted',
  dossierComplete: 'the dossier holds every required document',
  nomineeInGoodStanding: 'the nominee is not under discipline or investigation',
  noOpenObjection: 'no objection is left unresolved',
  consultationWindowOpen: 'the public consultation has not reached its closing time',
  consultationWindowEnded: 'the public consultation has reached its closing time',
  reviewWindowOpen: 'the review deadline has not passed',
  replicationThresholdMet: 'enough distinct units have replicated the initiative at this level',
  nextLevelCouncil: 'the council belongs to a higher level than the current recognition',
} as const;

export type GuardName = keyof typeof GUARDS;
export const GUARD_NAMES = Object.keys(GUARDS) as GuardName[];
export const isGuardName = (name: string): name is GuardName => Object.hasOwn(GUARDS, name);

/** What the background worker does when a timer falls due. */
export const TIMERS = {
  reviewReminder: { action: 'notify', recipients: 'members_owing_ballot' },
  reviewDeadline: { action: 'notify', recipients: 'secretary' },
  consultationClose: { action: 'command', command: 'closeConsultation' },
  decisionDeadline: { action: 'notify', recipients: 'decision_authority' },
  selfAssessmentDeadline: { action: 'notify', recipients: 'unit_officer' },
} as const;

export type TimerKind = keyof typeof TIMERS;
export const TIMER_KINDS = Object.keys(TIMERS) as TimerKind[];
export const isTimerKind = (name: string): name is TimerKind => Object.hasOwn(TIMERS, name);
