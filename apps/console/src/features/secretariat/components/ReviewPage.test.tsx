import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { InitiativeView, ReviewProgressView } from '../api';
import { ReviewPage } from './ReviewPage';
import { ScreeningForm } from './ScreeningForm';
import { renderWithApp, stubFetch } from './test-utils';

const initiative = (stage: string): InitiativeView => ({
  id: 'i-1',
  initiativeId: 'i-1',
  version: 9,
  movementId: 'mv',
  unitId: 'u',
  title: 'Clean water ledger',
  summary: 'Households report by phone',
  field: 'economy',
  authors: [{ name: 'Nguyễn Văn A' }],
  status: stage,
  stage,
  stageLabel: null,
  final: false,
  next: stage === 'in_review' ? [{ command: 'closeReview', outcome: null, to: 'review_closed', roles: ['secretary'] }] : [],
  definitionId: 'annual-emulation-title',
  definitionVersion: 1,
  level: 'province',
  councilId: 'c-1',
  awardForm: 'merit',
  registeredAt: '2026-01-01T00:00:00Z',
  dossier: { documents: [] },
  review: { reviewId: 'r-1', cycle: 1, status: stage === 'in_review' ? 'open' : 'closed', councilId: 'c-1', level: 'province', panel: ['m1', 'm2'], recusals: [], deadline: '2026-02-01T00:00:00Z', openedAt: '2026-01-02T00:00:00Z', secretBallot: true, voters: ['m1', 'm2'], youVoted: false, youAreRecused: false, owingBallot: [], scores: { others: [], othersHidden: false } },
  consultation: null,
  objections: [],
  publications: [],
  distinctAdopters: 0,
  definition: { id: 'annual-emulation-title', version: 1 },
  progressReports: [],
  selfAssessment: null,
  reviews: [],
  consultations: [],
  awards: [],
  replications: [],
  withdrawal: null,
  timers: [],
});

const progress = (closed: boolean): ReviewProgressView => ({
  initiativeId: 'i-1',
  reviewId: 'r-1',
  cycle: 1,
  status: closed ? 'closed' : 'open',
  councilId: 'c-1',
  secretBallot: true,
  rubric: false,
  openedAt: '2026-01-02T00:00:00Z',
  deadline: '2026-02-01T00:00:00Z',
  members: ['m1', 'm2'].map((memberId) => ({ memberId, councilRole: 'member', recused: false, recusalReason: null, conflictStatement: null, scored: false, voted: true, owing: false })),
  eligible: 2,
  scored: 0,
  voted: 2,
  lastRemindedAt: null,
  outcome: closed ? 'recommended' : null,
  tally: closed ? { panel: 2, recused: 0, eligible: 2, voted: 2, approve: 2, reject: 0, abstain: 0, quorumMet: true, approvalBase: 2, approved: true } : null,
  rule: closed ? { definitionId: 'annual-emulation-title', definitionVersion: 1, quorum: { fraction: '2/3', base: 'all_members' }, approval: { fraction: '90%', base: 'all_members', comparison: 'at_least' }, secretBallot: true } : null,
  closedAt: closed ? '2026-01-05T00:00:00Z' : null,
});

describe('the review page', () => {
  it('closing reads its own write: the refetch waits for the close’s position and shows only the tally', async () => {
    let closed = false;
    const calls = stubFetch((method, url) => {
      if (method === 'POST' && url.pathname.endsWith('/review/close')) {
        closed = true;
        return { id: 'i-1', version: 10, position: '4242' };
      }
      if (url.pathname.endsWith('/review')) return progress(closed);
      return initiative(closed ? 'recommended' : 'in_review');
    });
    renderWithApp(<ReviewPage />, { path: '/secretariat/reviews/i-1', route: '/secretariat/reviews/:initiativeId' });
    expect(await screen.findByRole('table', { name: 'Who has scored and voted (never what)' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Close the review and count' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Close the review and count' }));
    expect(await screen.findByRole('table', { name: 'The tally' })).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Who has scored and voted (never what)' })).toBeNull();
    const closeAt = calls.findIndex((c) => c.method === 'POST');
    expect(calls[closeAt]?.headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/);
    const after = calls.slice(closeAt + 1).filter((c) => c.method === 'GET');
    expect(after.length).toBeGreaterThan(0);
    for (const read of after) expect(read.url.searchParams.get('minPosition')).toBe('4242');
    expect(document.body.textContent).not.toMatch(/m1.*(approve|reject)/i);
  });

  it('sends a reminder to those who still owe and says whom', async () => {
    const owing = progress(false);
    owing.members = owing.members.map((m, i) => (i === 1 ? { ...m, voted: false, owing: true } : m));
    const calls = stubFetch((method, url) => {
      if (method === 'POST') return { id: 'i-1', version: 10, position: '77', reminded: ['m2'] };
      if (url.pathname.endsWith('/review')) return owing;
      return initiative('in_review');
    });
    renderWithApp(<ReviewPage />, { path: '/secretariat/reviews/i-1', route: '/secretariat/reviews/:initiativeId' });
    await userEvent.click(await screen.findByRole('button', { name: 'Remind members who still owe' }));
    expect(await screen.findByText('Reminded 1 members: m2.')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')?.url.pathname).toBe('/api/v1/initiatives/i-1/review/reminders');
  });
});

describe('the screening form', () => {
  it('does not return a dossier without a reason', async () => {
    const calls = stubFetch(() => ({ id: 'i-1', version: 3, position: '5' }));
    renderWithApp(<ScreeningForm initiativeId="i-1" />);
    await userEvent.click(screen.getByRole('radio', { name: 'Return' }));
    await userEvent.click(screen.getByRole('button', { name: 'Record the screening' }));
    expect(calls).toHaveLength(0);
    await userEvent.type(screen.getByRole('textbox', { name: /Reason for returning/ }), 'The report is unsigned');
    await userEvent.click(screen.getByRole('button', { name: 'Record the screening' }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]?.body).toEqual({ outcome: 'returned', reason: 'The report is unsigned' });
    expect(await screen.findByText('The dossier was returned to the unit.')).toBeInTheDocument();
  });

  it('a retried submission keeps its Idempotency-Key; the next submission gets a new one', async () => {
    let fail = true;
    const calls = stubFetch(() => {
      if (fail) {
        fail = false;
        return new Response(JSON.stringify({ code: 'DATABASE_UNAVAILABLE', title: 'Service Unavailable' }), { status: 503 });
      }
      return { id: 'i-1', version: 3, position: '5' };
    });
    renderWithApp(<ScreeningForm initiativeId="i-1" />);
    const submit = screen.getByRole('button', { name: 'Record the screening' });
    await userEvent.click(submit);
    expect(await screen.findByText(/DATABASE_UNAVAILABLE/)).toBeInTheDocument();
    await userEvent.click(submit);
    await screen.findByText('The dossier was accepted.');
    await userEvent.click(submit);
    await waitFor(() => expect(calls).toHaveLength(3));
    const keys = calls.map((c) => c.headers['Idempotency-Key']);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[1]);
  });
});
