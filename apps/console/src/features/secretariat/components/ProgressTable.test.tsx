import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ReviewProgressView } from '../api';
import { ProgressTable } from './ProgressTable';
import { TallyView } from './TallyView';
import { renderWithApp } from './test-utils';

const secretProgress = (): ReviewProgressView => ({
  initiativeId: 'i-1',
  reviewId: 'r-1',
  cycle: 1,
  status: 'open',
  councilId: 'c-1',
  secretBallot: true,
  rubric: false,
  openedAt: '2026-01-01T00:00:00Z',
  deadline: '2026-01-10T00:00:00Z',
  members: [
    { memberId: 'm1', councilRole: 'chair', recused: false, recusalReason: null, conflictStatement: null, scored: false, voted: true, owing: false },
    { memberId: 'm2', councilRole: 'member', recused: false, recusalReason: null, conflictStatement: null, scored: false, voted: false, owing: true },
    { memberId: 'm3', councilRole: 'member', recused: true, recusalReason: 'declared_conflict', conflictStatement: 'My cousin leads it', scored: false, voted: false, owing: false },
  ],
  eligible: 2,
  scored: 0,
  voted: 1,
  lastRemindedAt: null,
  outcome: null,
  tally: null,
  rule: null,
  closedAt: null,
});

describe('the review progress table', () => {
  it('shows who voted in a secret review and never a choice, even when the answer carries one', () => {
    const progress = secretProgress();
    // A hostile or future answer with choices in it: the table must still render participation only.
    (progress.members[0] as unknown as Record<string, unknown>).choice = 'approve';
    (progress as unknown as Record<string, unknown>).ballots = [{ memberId: 'm1', choice: 'reject' }];
    renderWithApp(<ProgressTable progress={progress} />);
    const table = screen.getByRole('table', { name: 'Who has scored and voted (never what)' });
    const m1 = within(table).getByRole('row', { name: /m1/ });
    expect(within(m1).getByText('Yes')).toBeInTheDocument();
    expect(within(within(table).getByRole('row', { name: /m2/ })).getByText('Not yet')).toBeInTheDocument();
    expect(screen.getByRole('note')).toHaveTextContent('never what they chose');
    expect(document.body.textContent).not.toMatch(/approve|reject|abstain/i);
  });

  it('shows recused members with why', () => {
    renderWithApp(<ProgressTable progress={secretProgress()} />);
    const m3 = screen.getByRole('row', { name: /m3/ });
    expect(m3).toHaveTextContent('Recused');
    expect(m3).toHaveTextContent('Declared a conflict of interest');
    expect(m3).toHaveTextContent('My cousin leads it');
  });

  it('has a scored column only where the track scores against a rubric', () => {
    renderWithApp(<ProgressTable progress={{ ...secretProgress(), rubric: true, secretBallot: false }} />);
    expect(screen.getByRole('columnheader', { name: 'Scored' })).toBeInTheDocument();
    expect(screen.queryByRole('note')).toBeNull();
  });
});

describe('the tally of a closed review', () => {
  it('shows the counts, the outcome and the rule applied', () => {
    renderWithApp(
      <TallyView
        outcome="recommended"
        tally={{ panel: 5, recused: 1, eligible: 4, voted: 4, approve: 3, reject: 1, abstain: 0, quorumMet: true, approvalBase: 4, approved: true }}
        rule={{ definitionId: 'annual-emulation-title', definitionVersion: 2, quorum: { fraction: '2/3', base: 'all_members' }, approval: { fraction: '90%', base: 'all_members', comparison: 'at_least' }, secretBallot: true }}
      />,
    );
    expect(screen.getByRole('status')).toHaveTextContent('Outcome: Recommended');
    expect(screen.getByRole('row', { name: /Approve/ })).toHaveTextContent('3');
    expect(screen.getByRole('row', { name: /Reject/ })).toHaveTextContent('1');
    expect(screen.getByText(/Track annual-emulation-title version 2 · quorum 2\/3 of all members · approval at least 90% of all members · secret ballot/)).toBeInTheDocument();
  });
});
