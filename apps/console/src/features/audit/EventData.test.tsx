import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { i18next } from '../../lib/i18n';
import { EventData, eventFields } from './EventData';

beforeAll(() => {
  window.matchMedia ??= ((query: string) => ({ matches: false, media: query, onchange: null, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false })) as typeof window.matchMedia;
  void i18next.changeLanguage('en');
});

describe("an event's data in the audit log", () => {
  it('shows the decisive fields first, identifiers after other values, lists by their length and objects folded, long text cut', () => {
    // In jsonb's order (shorter keys first), as the API returns an AwardGranted.
    const { fields, more } = eventFields({ level: 'province', basis: { rule: 'x' }, signers: ['a', 'b'], reviewId: 'r-1', granted: true, note: 'n'.repeat(100), decisionNo: 'QD-7/2026', withdrawnAt: null });
    expect(fields.map((f) => `${f.key}: ${f.value}`)).toEqual([
      'decisionNo: QD-7/2026',
      'level: province',
      'granted: true',
      `note: ${'n'.repeat(79)}…`,
      'withdrawnAt: —',
      'reviewId: r-1',
    ]);
    expect(more).toBe(2);
    expect(eventFields({ basis: { rule: 'x' }, signers: ['a', 'b'] }).fields.map((f) => f.value)).toEqual(['{…}', '[2]']);
  });

  it('names how many fields are left for the JSON, which opens behind a toggle', () => {
    const data = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`f${i}`, i]));
    render(
      <I18nextProvider i18n={i18next}>
        <MantineProvider>
          <EventData data={data} />
        </MantineProvider>
      </I18nextProvider>,
    );
    expect(screen.getByText('f0')).toBeTruthy();
    expect(screen.queryByText('f7')).toBeNull();
    expect(screen.getByText('+2 more fields')).toBeTruthy();
    const toggle = screen.getByText('All data (JSON)');
    fireEvent.click(toggle);
    expect(toggle.closest('details')?.querySelector('pre')?.textContent).toContain('"f7": 7');
  });
});
