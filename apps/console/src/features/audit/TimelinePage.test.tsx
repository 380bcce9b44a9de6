import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { i18next } from '../../lib/i18n';
import '../../lib/messages';
import type { HistoryEntry, InitiativeHistory, InitiativeView } from './api';
import { TimelinePage } from './TimelinePage';

const entry = (version: number, type: string, recordedAt: string, data: Record<string, unknown> = {}): HistoryEntry => ({
  version, position: String(version).padStart(32, '0'), type, recordedAt, occurredAt: recordedAt,
  actor: { id: 'demo-authority', role: 'decision_authority', unitId: 'hanoi' }, command: null,
  definition: { id: 'initiative-recognition', version: 1 }, reason: null, data,
});
const events = [
  entry(1, 'InitiativeRegistered', '2026-03-01T08:00:00.000Z'),
  entry(2, 'StageChanged', '2026-03-01T08:00:00.000Z', { to: 'consultation', via: 'register' }),
  entry(3, 'ProgressReported', '2026-03-02T08:00:00.000Z'),
  entry(4, 'AwardGranted', '2026-05-20T09:30:00.000Z', { decisionNo: 'QD-7' }),
  entry(5, 'StageChanged', '2026-05-20T09:30:00.000Z', { to: 'awarded', via: 'decide', outcome: 'granted' }),
];
const state = (stage: string, version: number): InitiativeView => ({
  id: 'i-1', version, movementId: 'm', unitId: 'hanoi', title: 'Clean alleys', summary: '', field: 'economy', authors: [], stage, stageLabel: null, final: false,
  definition: { id: 'initiative-recognition', version: 1 }, level: 'province', councilId: 'c', awardForm: null, registeredAt: '2026-03-01T08:00:00.000Z',
  dossier: null, reviews: [], awards: [], publications: [], withdrawal: null,
});
const history = (version: number): InitiativeHistory => ({
  id: 'i-1', version, currentVersion: 5, asOf: null, state: state(version >= 5 ? 'awarded' : 'consultation', version), events: events.filter((e) => e.version <= version),
});

beforeAll(() => {
  // jsdom lacks these; Mantine's components ask for them.
  window.matchMedia ??= ((query: string) => ({ matches: false, media: query, onchange: null, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false })) as typeof window.matchMedia;
  globalThis.ResizeObserver ??= class { observe() {} unobserve() {} disconnect() {} } as unknown as typeof ResizeObserver;
  void i18next.changeLanguage('en');
});
afterEach(() => vi.unstubAllGlobals());

describe('the decision timeline', () => {
  it('shows the dossier as it was before and after the decision, and the compact view hides non-decisions', async () => {
    const asked: string[] = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string) => {
      asked.push(url);
      const version = new URL(url, 'http://x').searchParams.get('version');
      return new Response(JSON.stringify(history(version === null ? 5 : Number(version))), { status: 200, headers: { 'Content-Type': 'application/json' } });
    }));
    const router = createMemoryRouter([{ path: '/audit/initiatives/:id', element: <TimelinePage /> }], { initialEntries: ['/audit/initiatives/i-1'] });
    render(
      <I18nextProvider i18n={i18next}>
        <MantineProvider>
          <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </MantineProvider>
      </I18nextProvider>,
    );
    const stage = () => screen.queryByTestId('stage-then')?.textContent ?? '';
    const opts = { timeout: 10_000 };
    await waitFor(() => expect(stage()).toContain('awarded'), opts);
    // Compact by default: the progress report is not a decision.
    const timeline = screen.getByRole('table', { name: 'Timeline' });
    expect(within(timeline).queryByText('ProgressReported')).toBeNull();
    expect(within(timeline).getByText('AwardGranted')).toBeInTheDocument();

    // Before the decision: a moment in the viewer's zone (Hanoi, +07:00) between the report and the award.
    fireEvent.change(screen.getByLabelText('Moment'), { target: { value: '2026-05-20T16:29:59' } });
    const moment = screen.getByLabelText('Moment') as HTMLInputElement;
    expect(moment.value).toMatch(/^2026-05-20T16:29:59/);
    await act(async () => fireEvent.submit(moment.closest('form') as HTMLFormElement));
    await waitFor(() => expect(router.state.location.search).toBe('?version=3'), opts);
    await waitFor(() => expect(stage()).toContain('consultation'), opts);
    expect(router.state.location.search).toBe('?version=3');
    expect(asked.some((u) => u.includes('version=3'))).toBe(true);

    // After it: the slider's end is now.
    const slider = screen.getByRole('slider', { name: 'Version of the dossier' });
    fireEvent.keyDown(slider, { key: 'End' });
    await waitFor(() => expect(stage()).toContain('awarded'), opts);
    expect(router.state.location.search).toBe('');

    // Full: every event with its data.
    fireEvent.click(screen.getByText('Full (every event with its data)'));
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Timeline' })).getByText('ProgressReported')).toBeInTheDocument());
    expect(router.state.location.search).toBe('?view=full');
  }, 30_000);
});
