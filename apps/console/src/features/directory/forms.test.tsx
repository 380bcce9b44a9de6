import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { i18next } from '../../lib/i18n';
import '../../lib/messages';
import { CreateCouncilForm } from './CouncilForms';
import { RegisterUserForm } from './RegisterUserForm';

// Rendering Mantine in jsdom on a shared, loaded machine can take seconds.
vi.setConfig({ testTimeout: 30_000 });
afterEach(cleanup);
if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({ matches: false, media: query, onchange: null, addEventListener: () => {}, removeEventListener: () => {}, addListener: () => {}, removeListener: () => {}, dispatchEvent: () => false }),
  });
}

// Mantine's autosizing textarea listens to font loading; jsdom has no document.fonts.
if (!('fonts' in document)) Object.defineProperty(document, 'fonts', { value: { addEventListener: () => {}, removeEventListener: () => {} } });

function renderForm(ui: ReactElement) {
  void i18next.changeLanguage('en');
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <I18nextProvider i18n={i18next}>
      <MantineProvider>
        <QueryClientProvider client={client}>
          <MemoryRouter>{ui}</MemoryRouter>
        </QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>,
  );
}

/** A fetch stub answering every request with `answer`; records the requests. */
function stubFetch(answer: (method: string, path: string) => Response) {
  const calls: { method: string; path: string; headers: Record<string, string>; body: unknown }[] = [];
  globalThis.fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const method = init.method ?? 'GET';
    calls.push({ method, path: url.pathname, headers: (init.headers ?? {}) as Record<string, string>, body: init.body ? JSON.parse(String(init.body)) : undefined });
    return answer(method, url.pathname);
  }) as typeof fetch;
  return calls;
}

const json = (status: number, body: unknown, type = 'application/json') => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });

describe('register a user (browser form)', () => {
  it('names the fields to fix and sends nothing while the form is invalid', async () => {
    const calls = stubFetch(() => json(201, { id: 'x', version: 1, position: '0'.repeat(32) }));
    renderForm(<RegisterUserForm />);
    await userEvent.type(screen.getByLabelText(/^E-mail/), 'nobody');
    await userEvent.click(screen.getByRole('button', { name: 'Register the user' }));
    expect(await screen.findByText('Please correct the marked fields.')).toBeTruthy();
    expect(screen.getByText('Not a valid e-mail address')).toBeTruthy();
    expect(screen.getByText('Choose at least one role')).toBeTruthy();
    expect(screen.getAllByText('Required')).toHaveLength(2); // name, unit
    expect(calls).toHaveLength(0);
  });

  it('sends POST /users with an Idempotency-Key, says so, and empties the form', async () => {
    const calls = stubFetch(() => json(201, { id: 'officer-2', version: 1, position: 'a'.repeat(32) }));
    renderForm(<RegisterUserForm />);
    await userEvent.type(screen.getByLabelText(/^Name/), 'Trần Thị B');
    await userEvent.type(screen.getByLabelText(/^E-mail/), 'tran.b@example.vn');
    await userEvent.type(screen.getByLabelText(/^Unit id/), 'hanoi');
    await userEvent.click(screen.getByLabelText('Unit officer'));
    await userEvent.click(screen.getByRole('button', { name: 'Register the user' }));
    expect(await screen.findByText('User officer-2 registered')).toBeTruthy();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/api/v1/users', body: { name: 'Trần Thị B', email: 'tran.b@example.vn', roles: ['unit_officer'], unitId: 'hanoi' } });
    expect(calls[0].headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/);
    expect((screen.getByLabelText(/^Name/) as HTMLInputElement).value).toBe('');
  });

  it("shows the API's refusal in words with its code", async () => {
    stubFetch(() => json(400, { type: 'about:blank', title: 'Bad Request', status: 400, code: 'VALIDATION_FAILED', detail: 'Unknown references: unitId: no registered unit "nowhere"' }, 'application/problem+json'));
    renderForm(<RegisterUserForm />);
    await userEvent.type(screen.getByLabelText(/^Name/), 'B');
    await userEvent.type(screen.getByLabelText(/^E-mail/), 'b@example.vn');
    await userEvent.type(screen.getByLabelText(/^Unit id/), 'nowhere');
    await userEvent.click(screen.getByLabelText('Auditor'));
    await userEvent.click(screen.getByRole('button', { name: 'Register the user' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('no registered unit "nowhere"');
    expect(alert.textContent).toContain('VALIDATION_FAILED');
  });
});

describe('create a council (browser form)', () => {
  it('refuses two chairs before sending, then sends POST /councils with the members and rules', async () => {
    const calls = stubFetch(() => json(201, { id: 'council-hn', version: 1, position: 'b'.repeat(32) }));
    renderForm(<CreateCouncilForm />);
    await userEvent.type(screen.getByLabelText(/^Council name/), 'Hội đồng Hà Nội');
    await userEvent.type(screen.getByLabelText(/^The council's unit id/), 'hanoi');
    await userEvent.type(screen.getByLabelText(/^The council's level/), 'province');
    await userEvent.type(screen.getByLabelText('User id of member 1'), 'chair-1');
    await userEvent.click(screen.getByRole('button', { name: 'Add a member' }));
    await userEvent.type(screen.getByLabelText('User id of member 2'), 'chair-2');
    await userEvent.selectOptions(screen.getByLabelText('Role of member 2'), 'chair');
    await userEvent.click(screen.getByRole('button', { name: 'Create the council' }));
    expect(await screen.findByText('A council has at most one chair')).toBeTruthy();
    expect(calls).toHaveLength(0);

    await userEvent.selectOptions(screen.getByLabelText('Role of member 2'), 'secretary');
    await userEvent.click(screen.getByLabelText('Secret ballot'));
    await userEvent.click(screen.getByRole('button', { name: 'Create the council' }));
    await screen.findByText('Council created:');
    expect(screen.getByRole('link', { name: 'Hội đồng Hà Nội' }).getAttribute('href')).toBe('/directory/councils/council-hn');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/councils',
      body: { name: 'Hội đồng Hà Nội', unitId: 'hanoi', level: 'province', members: [{ userId: 'chair-1', role: 'chair' }, { userId: 'chair-2', role: 'secretary' }], rules: { secretBallot: true } },
    });
  });

  it("shows the API's 409 with its code", async () => {
    stubFetch(() => json(409, { title: 'Conflict', status: 409, code: 'ALREADY_EXISTS', detail: 'Council council-hn already exists' }, 'application/problem+json'));
    renderForm(<CreateCouncilForm />);
    await userEvent.type(screen.getByLabelText(/^Council id/), 'council-hn');
    await userEvent.type(screen.getByLabelText(/^Council name/), 'Hội đồng');
    await userEvent.type(screen.getByLabelText(/^The council's unit id/), 'hanoi');
    await userEvent.type(screen.getByLabelText(/^The council's level/), 'province');
    await userEvent.clear(screen.getByLabelText('User id of member 1'));
    await userEvent.click(screen.getByRole('button', { name: 'Create the council' }));
    const alert = await screen.findByRole('alert');
    await waitFor(() => expect(alert.textContent).toContain('ALREADY_EXISTS'));
    expect(alert.textContent).toContain('already exists');
  });
});
