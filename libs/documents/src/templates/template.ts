/**
 * A document template: the words of every document in one language, and per award form and level
 * the certificate's and the decision's titles and wording. Data, not code: a deployment edits or
 * adds a file like vi.ts / en.ts; `{placeholders}` are filled from the facts.
 */
export interface AwardWording {
  /** The certificate's title, e.g. BẰNG KHEN. */
  certificateTitle: string;
  /** The award's name in running text, e.g. Bằng khen. */
  name: string;
  /** The signer's title above the signature, e.g. CHỦ TỊCH. */
  signerTitle: string;
  /** The certificate's line of merit: {title} is the initiative's title. */
  citation: string;
}

export interface Template {
  lang: 'vi' | 'en';
  motto: [string, string];
  /** "{place}, ngày {d} tháng {m} năm {y}". */
  placeDate: string;
  place: string;
  numberLabel: string;
  recipientsLabel: string;
  recipientsDefault: string[];
  verifyLabel: string;
  pageLabel: string;
  yes: string;
  no: string;
  /** Outcome codes of the log, in words. */
  outcomes: Record<string, string>;
  recusalReasons: Record<string, string>;
  bases: Record<string, string>;
  comparisons: Record<string, string>;
  levels: Record<string, string>;
  fields: Record<string, string>;
  minutes: {
    title: string;
    subject: string;
    symbol: string;
    labels: Record<'council' | 'level' | 'initiative' | 'unit' | 'opened' | 'closed' | 'cycle' | 'ballot' | 'secret' | 'open' | 'present' | 'recused' | 'absent' | 'criteria' | 'criterion' | 'sheets' | 'mean' | 'average' | 'rule' | 'quorum' | 'approval' | 'definition' | 'tally' | 'outcome' | 'none', string>;
    tallyRows: Record<'panel' | 'recused' | 'eligible' | 'voted' | 'approve' | 'reject' | 'abstain' | 'quorumMet' | 'approvalBase', string>;
    signers: [string, string];
  };
  ballotCount: {
    title: string;
    subject: string;
    symbol: string;
    intro: string;
    rows: Record<'issued' | 'returned' | 'valid' | 'invalid' | 'approve' | 'reject' | 'abstain' | 'base' | 'percentage' | 'threshold' | 'quorum' | 'outcome', string>;
    note: string;
    signers: [string, string];
  };
  submission: {
    title: string;
    subject: string;
    symbol: string;
    intro: string;
    columns: [string, string, string, string, string, string];
    consultation: Record<'none' | 'open' | 'closed', string>;
    closing: string;
    signer: string;
  };
  decision: {
    title: string;
    subject: string;
    articles: [string, string, string];
    listTitle: string;
    columns: [string, string, string, string];
    signer: string;
  };
  certificate: { presentedTo: string; authors: string; forInitiative: string; decisionRef: string };
  resultNotice: { title: string; subject: string; symbol: string; body: Record<string, string>; reason: string; legalBasis: string; signer: string };
  movementSummary: { title: Record<'preliminary' | 'final', string>; note: string; total: string; key: string; value: string; signer: string };
  /** Per award form, per level ('*' for every level not named). */
  awards: Record<string, Record<string, AwardWording>>;
}
